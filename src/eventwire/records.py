"""Typed records that flow between the pipeline stages.

One record per stage, each adding to the one before and never losing what came before:

    Article   -> what a source gave us (id, url, title, publication date, raw text/HTML)
    Document  -> cleaned text, what cleaning removed, sentences, entities, times, places,
                 quotes and event mentions

Character offsets into ``Document.text`` (the cleaned body) are the only pointers into
text. ``to_contract`` functions turn records into the JSON output contract described in
``shared/eval/README.md`` (and the README of this project).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future")

PUBLISHED_SOURCES: tuple[str, ...] = ("given", "metadata", "url", "text")


@dataclass
class Article:
    """An input article as a source gave it, before any processing."""

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_source: str | None = None  # one of PUBLISHED_SOURCES
    origin: str | None = None  # file path or "<stdin>", for error messages


@dataclass
class Removed:
    """A piece of the raw text that cleaning dropped, and why."""

    text: str
    reason: str  # "url", "caption", "read-more", "comment-prompt", "share", "navigation", ...

    def to_contract(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}


@dataclass
class Span:
    """A stretch of the cleaned text."""

    start: int
    end: int


@dataclass
class Entity:
    text: str
    start: int
    end: int
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LOC, FAC, DATE, ...


@dataclass
class TimeExpr:
    """A time expression with its TIMEX3-style normalized value."""

    text: str
    start: int
    end: int
    value: str | None
    type: str  # DATE, TIME, DURATION, SET
    kind: str | None = None  # how it was normalized: "absolute", "partial", "relative", ...

    def to_contract(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "type": self.type,
        }


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # country, admin1, city, other
    geonames_id: int | None = None
    demonym: bool = False  # "Iraqi" rather than "Iraq"

    def to_contract(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "feature": self.feature,
            "geonames_id": self.geonames_id,
            "demonym": self.demonym,
        }


@dataclass
class Actor:
    """An actor mention resolved (where possible) to a dictionary entry."""

    text: str
    start: int
    end: int
    name: str
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    actor_id: str | None = None  # id of the dictionary entry, when resolved

    def to_contract(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "wikidata": self.wikidata,
        }


@dataclass
class Quote:
    text: str
    start: int
    end: int
    speaker: Actor | None = None
    cue: str | None = None
    kind: str = "direct"  # "direct", "partial", "indirect" (paraphrase), "scare" (no speaker)

    def to_contract(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker.to_contract() if self.speaker else None,
            "cue": self.cue,
            "kind": self.kind,
        }


@dataclass
class EventDate:
    start: str | None = None
    end: str | None = None
    precision: str | None = None  # day, month, year, vague
    text: str | None = None
    source: str | None = None  # "text" or "published" (written as "from")

    def to_contract(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "precision": self.precision,
            "text": self.text,
            "from": self.source,
        }


@dataclass
class EventMention:
    type: str  # one of PLOVER_TYPES
    trigger: Span
    trigger_text: str
    sentence: Span
    sentence_text: str
    mode: str | None = None
    modality: str = "asserted"
    source: Actor | None = None
    target: Actor | None = None
    date: EventDate = field(default_factory=EventDate)
    location: Place | None = None
    confidence: float = 0.5
    pattern: str | None = None  # id of the pattern that produced it

    def to_contract(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "modality": self.modality,
            "source": self.source.to_contract() if self.source else None,
            "target": self.target.to_contract() if self.target else None,
            "date": self.date.to_contract(),
            "location": self.location.to_contract() if self.location else None,
            "trigger": {
                "text": self.trigger_text,
                "start": self.trigger.start,
                "end": self.trigger.end,
            },
            "evidence": {
                "sentence": self.sentence_text,
                "start": self.sentence.start,
                "end": self.sentence.end,
            },
            "confidence": round(self.confidence, 3),
            "pattern": self.pattern,
        }


@dataclass
class Document:
    """An article after cleaning and analysis. All offsets index ``text``."""

    article: Article
    text: str
    removed: list[Removed] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    spacy_doc: Any = None  # the spaCy Doc of ``text``; not serialized

    def drop_scratch(self) -> None:
        """Forget what the stages cached on this document while they ran (attributes
        named ``_...``, such as the actor stage's mentions). Those caches point back at
        the document: until they go, only the cyclic garbage collector can free it."""
        for key in [k for k in vars(self) if k.startswith("_")]:
            del self.__dict__[key]

    def to_contract(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "article": {
                "title": a.title,
                "url": a.url,
                "published": a.published,
                "published_source": a.published_source,
            },
            "text": self.text,
            "events": [e.to_contract() for e in self.events],
            "quotes": [q.to_contract() for q in self.quotes],
            "places": [p.to_contract() for p in self.places],
            "times": [t.to_contract() for t in self.times],
            "removed": [r.to_contract() for r in self.removed],
        }


@dataclass
class Failure:
    """An article that could not be processed: which, at what stage, and why."""

    id: str
    stage: str
    reason: str
    origin: str | None = None  # file path (and line) the article came from

    def to_contract(self) -> dict[str, Any]:
        return {"id": self.id, "stage": self.stage, "error": self.reason, "origin": self.origin}
