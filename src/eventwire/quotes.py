"""Quotes and their speakers. STUB: to be written."""

from __future__ import annotations

from .records import Document, Quote


def find_quotes(doc: Document) -> list[Quote]:
    return []
