"""Places: toponyms found and resolved against the offline gazetteer. STUB: to be written."""

from __future__ import annotations

from .records import Document, Place


def find_places(doc: Document) -> list[Place]:
    """Toponyms in ``doc.text`` resolved to gazetteer entries."""
    return []


def locate_events(doc: Document) -> None:
    """Give each event mention of ``doc`` the place where it happened, or None."""
    return None
