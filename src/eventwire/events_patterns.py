"""Event trigger patterns: loaded from ``data/patterns/*.json`` (and the user's
``<data_dir>/patterns/*.json``) once per process. The format is documented in
``data/patterns/README.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config import load_settings, package_data_dir
from .errors import DataFileError
from .records import PLOVER_TYPES

POS_VALUES = ("verb", "noun")

#: prepositions whose object is taken as the target when a pattern names none.
DEFAULT_TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "verb": ("against", "on", "upon", "with", "to", "toward", "towards", "at", "into"),
    "noun": ("against", "on", "upon", "with", "to", "toward", "towards", "at", "into"),
}


@dataclass(frozen=True)
class Pattern:
    """One trigger pattern: lemmas of a verb or noun plus optional conditions on its children."""

    id: str
    type: str
    pos: str
    lemmas: frozenset[str]
    particle: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    modifier: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    object_kind: str | None = None
    subject: frozenset[str] = frozenset()
    negated_type: str | None = None
    agent_preps: tuple[str, ...] = ("by",)
    target_preps: tuple[str, ...] = ()
    absorb: bool = False
    command: bool = False
    mode: str | None = None
    confidence: float = 0.6
    origin: str = ""

    @property
    def specificity(self) -> int:
        return (
            bool(self.particle)
            + bool(self.object)
            + bool(self.modifier)
            + bool(self.prep)
            + bool(self.object_kind)
            + bool(self.subject)
        )


@dataclass
class PatternSet:
    """All patterns, indexed by part of speech and lemma, plus the closed word lists."""

    patterns: list[Pattern] = field(default_factory=list)
    light_verbs: frozenset[str] = frozenset()
    future_verbs: frozenset[str] = frozenset()
    threat_verbs: frozenset[str] = frozenset()
    threat_types: frozenset[str] = frozenset()
    negating_verbs: frozenset[str] = frozenset()
    hypothetical_aux: frozenset[str] = frozenset()
    future_aux: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset({"if", "unless"})
    hedges: frozenset[str] = frozenset()
    by_lemma: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)
    noun_lemmas: frozenset[str] = frozenset()  # nouns that name events, never actors

    def index(self) -> None:
        self.by_lemma = {}
        for p in self.patterns:
            for lemma in p.lemmas:
                self.by_lemma.setdefault((p.pos, lemma), []).append(p)
        for plist in self.by_lemma.values():
            # most specific first; among equals, file order (user files come first)
            plist.sort(key=lambda p: -p.specificity)
        self.noun_lemmas = frozenset(
            lemma
            for p in self.patterns
            if p.pos == "noun" and not p.specificity
            for lemma in p.lemmas
        )

    def lookup(self, pos: str, lemma: str) -> list[Pattern]:
        return self.by_lemma.get((pos, lemma), [])


def _words(value: Any, where: str, key: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{where}: '{key}' must be a word or a list of words", stage="events")
    return frozenset(v.strip().lower() for v in value)


def _pattern(raw: Any, where: str) -> Pattern:
    if not isinstance(raw, dict):
        raise DataFileError(f"{where}: a pattern must be a JSON object", stage="events")
    pid = raw.get("id")
    if not isinstance(pid, str) or not pid:
        raise DataFileError(f"{where}: pattern without an 'id'", stage="events")
    where = f"{where} pattern {pid!r}"
    etype = str(raw.get("type") or "").upper()
    if etype not in PLOVER_TYPES:
        raise DataFileError(f"{where}: unknown PLOVER type {raw.get('type')!r}", stage="events")
    pos = str(raw.get("pos") or "").lower()
    if pos not in POS_VALUES:
        raise DataFileError(
            f"{where}: 'pos' must be one of {', '.join(POS_VALUES)}", stage="events"
        )
    lemmas = _words(raw.get("lemmas"), where, "lemmas")
    if not lemmas:
        raise DataFileError(f"{where}: no 'lemmas'", stage="events")
    conf = raw.get("confidence", 0.6)
    if not isinstance(conf, (int, float)) or not 0.0 < float(conf) <= 1.0:
        raise DataFileError(f"{where}: 'confidence' must be a number in (0, 1]", stage="events")
    kind = raw.get("object_kind")
    if kind not in (None, "actor"):
        raise DataFileError(f"{where}: 'object_kind' can only be \"actor\"", stage="events")
    preps = raw.get("target_preps")
    target_preps = (
        tuple(w.lower() for w in preps) if isinstance(preps, list) else DEFAULT_TARGET_PREPS[pos]
    )
    mode = raw.get("mode")
    neg_type = raw.get("negated_type")
    if neg_type is not None and str(neg_type).upper() not in PLOVER_TYPES:
        raise DataFileError(f"{where}: unknown 'negated_type' {neg_type!r}", stage="events")
    return Pattern(
        id=pid,
        type=etype,
        pos=pos,
        lemmas=lemmas,
        particle=_words(raw.get("particle"), where, "particle"),
        object=_words(raw.get("object"), where, "object"),
        modifier=_words(raw.get("modifier"), where, "modifier"),
        prep=_words(raw.get("prep"), where, "prep"),
        object_kind=kind,
        subject=_words(raw.get("subject"), where, "subject"),
        negated_type=str(neg_type).upper() if neg_type is not None else None,
        agent_preps=tuple(w.lower() for w in raw.get("agent_preps") or ["by"]),
        target_preps=target_preps,
        absorb=bool(raw.get("absorb", False)),
        command=bool(raw.get("command", False)),
        mode=mode if isinstance(mode, str) else None,
        confidence=float(conf),
        origin=where,
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read pattern file: {exc}", stage="events") from None
    if not isinstance(data, dict) or not isinstance(data.get("patterns", []), list):
        raise DataFileError(f"{path}: expected an object with a 'patterns' list", stage="events")
    return data


def pattern_files(extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """User files first (they win ties), then the shipped ones, each folder in name order."""
    files: list[Path] = []
    for d in [*extra_dirs, package_data_dir() / "patterns"]:
        if d.is_dir():
            files.extend(sorted(d.glob("*.json")))
    return files


#: The word lists under a pattern file's ``intent_verbs`` object.
INTENT_KEYS: tuple[str, ...] = (
    "future",
    "threat",
    "threat_types",
    "negating",
    "hypothetical",
    "future_aux",
    "conditional_marks",
    "hedges",
)


def build(files: Sequence[Path]) -> PatternSet:
    ps = PatternSet()
    lists: dict[str, set[str]] = {k: set() for k in ("light_verbs", "speech_verbs", *INTENT_KEYS)}
    for path in files:
        data = _read(path)
        for n, raw in enumerate(data.get("patterns", [])):
            ps.patterns.append(_pattern(raw, f"{path.name}[{n}]"))
        lists["light_verbs"] |= _words(data.get("light_verbs"), path.name, "light_verbs")
        lists["speech_verbs"] |= _words(data.get("speech_verbs"), path.name, "speech_verbs")
        intent = data.get("intent_verbs") or {}
        if not isinstance(intent, dict):
            raise DataFileError(f"{path}: 'intent_verbs' must be an object", stage="events")
        for key in INTENT_KEYS:
            lists[key] |= _words(intent.get(key), path.name, f"intent_verbs.{key}")
    ps.light_verbs = frozenset(lists["light_verbs"])
    ps.future_verbs = frozenset(lists["future"])
    ps.threat_verbs = frozenset(lists["threat"])
    ps.threat_types = frozenset(t.upper() for t in lists["threat_types"])
    ps.negating_verbs = frozenset(lists["negating"])
    ps.hypothetical_aux = frozenset(lists["hypothetical"])
    ps.future_aux = frozenset(lists["future_aux"])
    ps.speech_verbs = frozenset(lists["speech_verbs"])
    ps.hedges = frozenset(lists["hedges"])
    if lists["conditional_marks"]:
        ps.conditional_marks = frozenset(lists["conditional_marks"])
    ps.index()
    return ps


@lru_cache(maxsize=8)
def load_patterns(extra_dirs: tuple[str, ...] = ()) -> PatternSet:
    """The shipped patterns plus those in ``extra_dirs``; loaded once per argument."""
    return build(pattern_files(Path(d) for d in extra_dirs))


def default_patterns() -> PatternSet:
    """The patterns for this process: shipped ones plus ``<data_dir>/patterns`` if set."""
    data_dir = load_settings().data_dir
    extra = (str(Path(data_dir) / "patterns"),) if data_dir else ()
    return load_patterns(extra)
