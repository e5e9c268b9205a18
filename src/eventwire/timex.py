"""Time expressions: find and normalize them (TIMEX3-style values). STUB: to be written."""

from __future__ import annotations

from .records import Document, TimeExpr


def find_times(text: str, anchor: str | None) -> list[TimeExpr]:
    """All time expressions in ``text``, normalized against ``anchor`` (YYYY-MM-DD or None)."""
    return []


def date_events(doc: Document) -> None:
    """Give each event mention of ``doc`` the date of the expression governing its clause."""
    return None
