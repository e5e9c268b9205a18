"""Event mentions: PLOVER-typed events with source and target. STUB: to be written."""

from __future__ import annotations

from .records import Document, EventMention


def find_events(doc: Document) -> list[EventMention]:
    return []
