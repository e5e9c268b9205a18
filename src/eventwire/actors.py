"""Actors: the actor dictionary and resolution of mentions.

INTERFACE (stable; the implementation behind it is being written):

    ActorEntry                 one dictionary entry (country, sector, aliases, role dates)
    ActorDictionary.load(extra_dirs=())  the shipped data files plus user files
    default_dictionary()       the shipped dictionary, loaded once per process
    ActorDictionary.lookup(text, when=None) -> ActorEntry | None
    resolve_span(doc, start, end, dictionary=None) -> Actor | None
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .records import Actor, Document


@dataclass(frozen=True)
class ActorEntry:
    id: str
    name: str
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    kind: str | None = None  # state, igo, group, person, generic
    aliases: tuple[str, ...] = ()
    start: str | None = None  # role start date (YYYY-MM-DD) where roles change
    end: str | None = None


class ActorDictionary:
    def __init__(self, entries: Sequence[ActorEntry] = ()) -> None:
        self.entries = list(entries)
        self._by_alias: dict[str, list[ActorEntry]] = {}
        for e in self.entries:
            for alias in (e.name, *e.aliases):
                self._by_alias.setdefault(alias.lower(), []).append(e)

    @classmethod
    def load(cls, extra_dirs: Sequence[Path] = ()) -> ActorDictionary:
        return cls([])

    def lookup(self, text: str, when: str | None = None) -> ActorEntry | None:
        hits = self._by_alias.get(text.lower().strip())
        return hits[0] if hits else None


@lru_cache(maxsize=1)
def default_dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def resolve_span(
    doc: Document, start: int, end: int, dictionary: ActorDictionary | None = None
) -> Actor | None:
    """The actor named by ``doc.text[start:end]``, resolved where the dictionary knows it."""
    text = doc.text[start:end]
    if not text.strip():
        return None
    d = dictionary or default_dictionary()
    entry = d.lookup(text)
    if entry is None:
        return Actor(text=text, start=start, end=end, name=text)
    return Actor(
        text=text,
        start=start,
        end=end,
        name=entry.name,
        country=entry.country,
        sector=entry.sector,
        wikidata=entry.wikidata,
        actor_id=entry.id,
    )
