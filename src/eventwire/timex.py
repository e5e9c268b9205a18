"""Time expressions: find them in raw text and normalize them to TIMEX3-style values.

A small rule-based normalizer in the spirit of HeidelTime, of our own:

1. **Find.** A fixed list of compiled regular expressions (built once per process from
   the tables in ``data/time/*.json``, see the README there) proposes candidate spans.
   Overlapping candidates are settled longest-first; a few modifiers on the left
   ("the end of", "early", "about", "fiscal") are then taken into the span.
2. **Normalize**, left to right, against the anchor (the publication date) and the
   reference date (the last date the text named, for anaphora such as "that day"):

   ============  ===========================================  =======================
   kind          examples                                     value
   ============  ===========================================  =======================
   absolute      5 January 2020, Jan. 5, 2020, 2020-01-05     2020-01-05
   partial       28 December, on 26 July (year from anchor)   2021-12-28 / XXXX-12-28
   relative      yesterday, on Monday, last week, 2 days ago  2021-12-27, 2021-W51
   anaphoric     that day, the following week, that year      from the reference
   period        the end of 2021, last summer, the 1990s, Q3  2021, 2020-SU, 199
   duration      for three years, the past two months         P3Y, P2M
   set           every Friday, daily                          XXXX-WXX-5, P1D
   time          10:35 a.m. Friday, Friday morning            2021-12-24T10:35
   vague         recently, now, soon                          PAST_REF, PRESENT_REF
   ============  ===========================================  =======================

   A date without a year takes the occurrence nearest the anchor, moved to the past
   or the future when the clause has a plain tense cue ("was", "will"). Weekdays go to
   the past (or the anchor day itself) unless the clause is future. Without an anchor
   nothing is invented: partial values stay partial ("XXXX-12-28", "XXXX-WXX").

``date_events`` then dates each event mention from the expression that governs its
clause in the dependency parse (see its docstring).
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config import load_settings, package_data_dir
from .records import Document, EventDate, EventMention, TimeExpr

# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class TimeTables:
    """The word tables the rules use (``data/time/*.json``, merged in file-name order)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    units: dict[str, str]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    decade_words: dict[str, int]
    sets: dict[str, str]
    refs: dict[str, str]
    holidays: dict[str, str]


def _data_dir() -> Path:
    return package_data_dir() / "time"


def _user_time_dir() -> str | None:
    """``<data_dir>/time`` of the user's settings (EVENTWIRE_DATA_DIR), when it exists."""
    extra = load_settings().data_dir
    if extra and (Path(extra) / "time").is_dir():
        return str(Path(extra) / "time")
    return None


@lru_cache(maxsize=4)
def load_time_tables(extra_dir: str | None = None) -> TimeTables:
    """Load (once per process) every ``*.json`` table in ``data/time/`` and ``extra_dir``.

    Later files add to or override the entries of earlier ones, section by section.
    """
    merged: dict[str, Any] = {}
    dirs = [_data_dir()] + ([Path(extra_dir)] if extra_dir else [])
    for folder in dirs:
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            for section, entries in data.items():
                if isinstance(entries, dict):
                    merged.setdefault(section, {}).update(
                        {k.lower(): v for k, v in entries.items()}
                    )
                elif isinstance(entries, list):
                    merged.setdefault(section, [])
                    merged[section] = list(dict.fromkeys([*merged[section], *entries]))
    return TimeTables(
        months={k: int(v) for k, v in merged.get("months", {}).items()},
        weekdays={k: int(v) for k, v in merged.get("weekdays", {}).items()},
        numbers={k: float(v) for k, v in merged.get("numbers", {}).items()},
        vague_numbers=tuple(merged.get("vague_numbers", [])),
        ordinals={k: int(v) for k, v in merged.get("ordinals", {}).items()},
        units=dict(merged.get("units", {})),
        seasons=dict(merged.get("seasons", {})),
        parts_of_day=dict(merged.get("parts_of_day", {})),
        decade_words={k: int(v) for k, v in merged.get("decade_words", {}).items()},
        sets=dict(merged.get("sets", {})),
        refs=dict(merged.get("refs", {})),
        holidays=dict(merged.get("holidays", {})),
    )


# --------------------------------------------------------------------------- dates


def _parse_anchor(anchor: str | None) -> date | None:
    if not anchor:
        return None
    try:
        return date.fromisoformat(anchor[:10])
    except ValueError:
        return None


def _ymd(d: date) -> str:
    return d.isoformat()


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (Anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _holiday(rule: str, year: int) -> date | None:
    """A holiday's date in ``year`` from its table rule (see data/time/README.md)."""
    if rule.startswith("E"):
        return _easter(year) + timedelta(days=int(rule[1:]))
    parts = rule.split("-")
    month = int(parts[0])
    if len(parts) == 2 and parts[1] == "E":  # US election day: Tuesday after 1st Monday
        first = date(year, month, 1)
        monday = first + timedelta(days=(0 - first.weekday()) % 7)
        return monday + timedelta(days=1)
    if len(parts) == 2:
        return _valid(year, month, int(parts[1]))
    nth, wd = parts[1], int(parts[2]) - 1
    if nth == "L":
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - wd) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (int(nth) - 1))


_SEASON_ORDER = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}


def _season_of(d: date) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(
        d.month, "FA"
    )


# --------------------------------------------------------------------------- tense

_TENSE_CUE_RE = (
    r"(?P<future>\b(?:will|shall|going\s+to|is\s+to|are\s+to|scheduled|upcoming|next|would|"
    r"could|might|plans?|planned|planning|until|as\s+(?:early|soon)\s+as|expected|due|intends?|"
    r"to\s+be\s+held|to\s+begin|to\s+start|to\s+take\s+effect|set\s+to)\b|'ll\b)"
    r"|(?P<past>\b(?:was|were|had|did|ago|last|earlier|previously)\b"
    r"|\b(?!(?:scheduled|expected|planned|proposed|needed|required|based|related|"
    r"united|armed|advanced|limited|interested|concerned)\b)[a-z]{3,}ed\b)"
)
_TENSE_CUE = re.compile(_TENSE_CUE_RE, re.IGNORECASE)
#: the same words (all in lower case), for the folded text: faster, same matches
#: (see ``_on_folded``)
_TENSE_CUE_FOLDED = re.compile(_TENSE_CUE_RE)
_CLAUSE_START = re.compile(r"[;!?:\n\"“”]|\.(?=\s+[A-Z\"“])")


def _tense(text: str, start: int) -> str | None:
    """'future', 'past' or None: the tense cue nearest before ``start`` in its clause."""
    lo = max(0, start - 90)
    window = text[lo:start]
    cuts = [m.end() for m in _CLAUSE_START.finditer(window)]
    if cuts:
        window = window[cuts[-1] :]
    folded = _folded(window)
    cues = _TENSE_CUE.finditer(window) if folded is None else _TENSE_CUE_FOLDED.finditer(folded)
    last = None
    for last in cues:  # noqa: B007 - the nearest cue is the last
        pass
    if last is None:
        return None
    return "future" if last.group("future") else "past"


# --------------------------------------------------------------------------- context


@dataclass
class _Ctx:
    text: str
    dct: date | None
    ref: str | None = None  # last date-like value the text named (anaphora)
    ref_quarter: str | None = None  # last quarter named (WSJ-style "the year-ago quarter")


class _NoAnchor(Exception):
    """Raised by a rule that needs the publication date when there is none."""

    def __init__(self, partial: str) -> None:
        super().__init__(partial)
        self.partial = partial


def _need(ctx: _Ctx, partial: str) -> date:
    if ctx.dct is None:
        raise _NoAnchor(partial)
    return ctx.dct


def _ref_date(ctx: _Ctx) -> tuple[date | None, str]:
    """The reference as a date and its granularity ('day', 'month', 'year', 'other')."""
    r = ctx.ref
    if r:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", r)
        if m:
            d = _valid(int(m[1]), int(m[2]), int(m[3]))
            if d:
                return d, "day"
        m = re.fullmatch(r"(\d{4})-(\d{2})", r)
        if m:
            return date(int(m[1]), int(m[2]), 1), "month"
        m = re.fullmatch(r"(\d{4})(?:-.*)?", r)
        if m:
            return date(int(m[1]), 1, 1), "year"
    if ctx.dct:
        return ctx.dct, "day"
    return None, "other"


# --------------------------------------------------------------------------- patterns

Value = tuple[str | None, str, str]  # value, TIMEX3 type, kind
Handler = Callable[[re.Match[str], _Ctx], Value | None]


def _alt(words: Any) -> str:
    """A regex alternation of ``words`` as a character trie (Python's ``re`` tries a flat
    alternation word by word at every position; a trie fails on the first letter).

    A space in a word matches any run of whitespace. Longer words win, as in a flat
    alternation sorted by length, because every branch is tried before the end mark.
    """
    trie: dict[str, Any] = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        if "" in node:  # a word ends here, but longer ones are tried first
            return "(?:" + "|".join(branches) + ")?"
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return build(trie)


def _cap_alt(words: Any) -> str:
    """Case-sensitive alternation of Title-case and UPPER-case forms of ``words``."""
    forms: list[str] = []
    for w in words:
        forms += [w.title(), w.upper()]
    return "(?-i:" + _alt(set(forms)) + ")"


#: a pattern that finds where another may match, and whether it runs on the folded
#: text (``_folded``) rather than on the text itself (see ``_scan``)
_Scanner = tuple[re.Pattern[str], bool]


@dataclass
class _Grammar:
    tables: TimeTables
    rules: list[tuple[re.Pattern[str], Handler, int]] = field(default_factory=list)
    #: per rule (handler name): a cheap regex for a word every match of the rule
    #: contains; such a rule only scans short windows around those words, so that rules
    #: with optional words in front do not cost a full scan of every document
    keys: dict[str, re.Pattern[str]] = field(default_factory=dict)
    #: per rule (handler name): lower-case strings one of which every match of the rule
    #: contains; a rule is not run on a text holding none of them (see ``_folded``)
    needles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: per rule or key pattern: scanners that find, fast, every position where it may
    #: match (see ``_scan``)
    scans: dict[re.Pattern[str], tuple[_Scanner, ...]] = field(default_factory=dict)


def _num(tok: str, t: TimeTables) -> float | None:
    """'3', '2.5', 'three', 'twenty-four', 'a couple of' -> number; vague words -> None."""
    s = re.sub(r"\s+", " ", tok.strip().lower())
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    m = re.fullmatch(r"(\d+)\s+1/2", s)
    if m:
        return float(m[1]) + 0.5
    if s in t.numbers:
        return t.numbers[s]
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in t.numbers and parts[1] in t.numbers:
        return t.numbers[parts[0]] + t.numbers[parts[1]]
    return None


_UNIT_ISO = {
    "Y": ("P", "Y"),
    "M": ("P", "M"),
    "W": ("P", "W"),
    "D": ("P", "D"),
    "Q": ("P", "Q"),
    "H": ("PT", "H"),
    "MIN": ("PT", "M"),
    "S": ("PT", "S"),
    "WE": ("P", "WE"),
}
_SMALLER = {
    "Y": ("M", 12),
    "M": ("D", 30),
    "W": ("D", 7),
    "D": ("H", 24),
    "H": ("MIN", 60),
    "MIN": ("S", 60),
    "Q": ("M", 3),
}


def _duration(n: float | None, unit: str) -> str:
    if unit == "DE":
        unit, n = "Y", (n * 10 if n is not None else None)
    elif unit == "CE":
        unit, n = "Y", (n * 100 if n is not None else None)
    elif unit == "ML":
        unit, n = "Y", (n * 1000 if n is not None else None)
    elif unit == "2W":
        unit, n = "W", (n * 2 if n is not None else None)
    pre, suf = _UNIT_ISO.get(unit, ("P", unit))
    if n is None:
        return f"{pre}X{suf}"
    if n != int(n) and unit in _SMALLER:
        whole = int(n)
        small, factor = _SMALLER[unit]
        rest = round((n - whole) * factor)
        spre, ssuf = _UNIT_ISO[small]
        if whole == 0:
            return f"{spre}{rest}{ssuf}"
        if pre == spre:
            return f"{pre}{whole}{suf}{rest}{ssuf}"
        return f"{pre}{whole}{suf}T{rest}{ssuf}"
    return f"{pre}{int(n)}{suf}"


def _unit_key(word: str, t: TimeTables) -> str | None:
    w = word.lower()
    if w in t.units:
        return t.units[w]
    for cand in (w[:-1], w[:-2], re.sub(r"ies$", "y", w), re.sub(r"a$", "um", w)):
        if cand in t.units:
            return t.units[cand]
    return None


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:  # noqa: C901 - one table of rules, read top to bottom
    t = load_time_tables(_user_time_dir())
    g = _Grammar(t)
    MON = _cap_alt(t.months)
    MONP = rf"(?:{MON})\.?"
    WD = _cap_alt(k for k in t.weekdays if len(k) > 4)
    WDL = "(?:" + _alt(k for k in t.weekdays if len(k) > 3) + ")"
    NUMW = _alt([k for k in t.numbers if k not in ("a", "an")])
    NUM = rf"(?:\d{{1,3}}(?:\.\d+)?(?:\s+1/2)?|(?:{_alt(['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'])})[- ](?:one|two|three|four|five|six|seven|eight|nine)|{NUMW}|an?)"
    VAGUE = _alt(t.vague_numbers)
    UNITS = r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|centuries|century|millenni(?:um|a))"
    SEAS = _alt(t.seasons)
    POD = _alt(t.parts_of_day)
    ORD = _alt(t.ordinals)
    YEAR = r"(?:1[5-9]\d\d|20\d\d)"
    DAY = r"(?:[12]\d|3[01]|0?[1-9])"
    TZ = r"(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|CEST))?"
    # for scanners (see ``_scan``): the words of MON and WD, as the folded text has them
    WD5 = [k for k in t.weekdays if len(k) > 4]
    MONL = _alt(t.months)
    WDL5 = _alt(WD5)

    def scanned(rx: re.Pattern[str], *scans: _Scanner | None) -> re.Pattern[str]:
        """``rx``, found by ``scans`` (see ``_scan``; by ``finditer`` where one of them
        cannot be built)."""
        if scans and None not in scans:
            g.scans[rx] = tuple(s for s in scans if s is not None)
        return rx

    def add(pattern: str, prio: int = 0, *scans: _Scanner | None) -> Callable[[Handler], Handler]:
        """Add a rule; ``scans`` find where it may match (by default ``_fold_scan``)."""

        def deco(fn: Handler) -> Handler:
            rx = re.compile(pattern, re.IGNORECASE)
            g.rules.append((rx, fn, prio))
            scanned(rx, *(scans or [_fold_scan(rx)]))
            return fn

        return deco

    # ---- absolute and partial calendar dates
    # (a rule's scanners, after its priority, are the ways a match of it can begin:
    # "a weekday name", "'the' and a digit", ..., see ``_scan``; "\d{4}" is spelled out
    # in them, as re searches fast only for a pattern that begins with a plain
    # character, a set of them, or an alternation of words)
    @add(r"\b(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?\b", 5, _on_text(r"\d\d\d\d-\d\d-\d\d"))
    def _iso(m: re.Match[str], c: _Ctx) -> Value | None:
        d = _valid(int(m[1]), int(m[2]), int(m[3]))
        if not d:
            return None
        if m[4]:
            return f"{_ymd(d)}T{m[4]}:{m[5]}", "TIME", "time"
        return _ymd(d), "DATE", "absolute"

    @add(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b", 4)
    def _slash(m: re.Match[str], c: _Ctx) -> Value | None:
        y = int(m[3]) + (
            1900 if len(m[3]) == 2 and int(m[3]) > 30 else 2000 if len(m[3]) == 2 else 0
        )
        d = _valid(y, int(m[1]), int(m[2])) or _valid(y, int(m[2]), int(m[1]))
        return (_ymd(d), "DATE", "absolute") if d else None

    def day_month(day: int, mon: int, year: str | None, c: _Ctx, start: int) -> Value | None:
        if year:
            d = _valid(int(year), mon, day)
            return (_ymd(d), "DATE", "absolute") if d else None
        if c.dct is None:
            if not _valid(2000, mon, day):
                return None
            return f"XXXX-{mon:02d}-{day:02d}", "DATE", "partial"
        cands = [
            x for x in (_valid(y, mon, day) for y in range(c.dct.year - 1, c.dct.year + 2)) if x
        ]
        if not cands:
            return None
        dct = c.dct
        tense = _tense(c.text, start)
        # news reports mostly look back: a past date up to twice as far as the future
        # one still wins when the clause gives no tense
        best = min(cands, key=lambda x: abs((x - dct).days) * (2 if x > dct else 1))
        past = [x for x in cands if x <= dct]
        future = [x for x in cands if x >= dct]
        if tense == "past" and best > dct and past:
            alt = max(past)
            best = alt if (dct - alt).days < 183 else best
        elif tense == "future" and best < dct and future:
            alt = min(future)
            best = alt if (alt - dct).days < 183 else best
        return _ymd(best), "DATE", "partial"

    @add(
        rf"\b(?:{WD},?\s+)?(?:the\s+)?({DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONP})(?:,?\s+({YEAR}))?\b",
        3,
        _on_text(WD),
        _on_folded(r"the\s+[0-9]"),
        _on_folded(rf"[0-9]\d?(?:st|nd|rd|th)?\s+(?:of\s+)?{MONL}"),
    )
    def _dmy(m: re.Match[str], c: _Ctx) -> Value | None:
        return day_month(int(m[1]), t.months[m[2].rstrip(".").lower()], m[3], c, m.start())

    @add(
        rf"\b(?:{WD},?\s+)?({MONP})\s+({DAY})(?:st|nd|rd|th)?(?!\d|:\d)(?:,?\s+({YEAR})\b)?",
        3,
        _on_text(_cap_alt([*WD5, *t.months])),
    )
    def _mdy(m: re.Match[str], c: _Ctx) -> Value | None:
        return day_month(int(m[2]), t.months[m[1].rstrip(".").lower()], m[3], c, m.start())

    @add(
        rf"\b(?:{WD},?\s+)?({MONP})\s+(?:the\s+)?({ORD})\b",
        2,
        _on_text(_cap_alt([*WD5, *t.months])),
    )
    def _m_ord(m: re.Match[str], c: _Ctx) -> Value | None:
        return day_month(
            t.ordinals[m[2].lower()], t.months[m[1].rstrip(".").lower()], None, c, m.start()
        )

    @add(rf"\b({MONP}),?\s+(?:of\s+)?({YEAR})\b", 2, _on_text(MON))
    def _my(m: re.Match[str], c: _Ctx) -> Value | None:
        return f"{m[2]}-{t.months[m[1].rstrip('.').lower()]:02d}", "DATE", "absolute"

    @add(rf"\b({MONP})\s+(this|last|next)\s+year\b", 2, _on_text(MON))
    def _m_rel_year(m: re.Match[str], c: _Ctx) -> Value | None:
        dct = _need(c, f"XXXX-{t.months[m[1].rstrip('.').lower()]:02d}")
        y = dct.year + {"this": 0, "last": -1, "next": 1}[m[2].lower()]
        return f"{y}-{t.months[m[1].rstrip('.').lower()]:02d}", "DATE", "relative"

    month_cue = r"(?:in|since|until|till|by|during|from|through|to|before|after|of|and|or|early|late|mid-?|last|next|this|past|coming|between|for|end)"

    @add(
        rf"\b(?:(last|next|this|this past|this coming)\s+)?({_cap_alt([k for k in t.months if len(k) > 3 or k == 'may'])})\b(?![-\d])",
        1,
        _on_text(MON),
        _on_folded(rf"(?:last|next|this)\s+(?:(?:past|coming)\s+)?{MONL}"),
    )
    def _month(m: re.Match[str], c: _Ctx) -> Value | None:
        word = m[2].lower()
        mon = t.months[word]
        if m[1] is None:
            before = c.text[max(0, m.start() - 12) : m.start()]
            if word in ("may", "march") and not re.search(
                rf"\b{month_cue}\s*$", before, re.IGNORECASE
            ):
                return None
        if c.dct is None:
            return f"XXXX-{mon:02d}", "DATE", "partial"
        dct = c.dct
        mod = (m[1] or "").lower()
        y = dct.year
        if mod == "last" or mod == "this past":
            y = (
                dct.year
                if mon < dct.month - 1 or (mod == "this past" and mon < dct.month)
                else dct.year - 1
            )
        elif mod == "next" or mod == "this coming":
            y = dct.year if mon > dct.month else dct.year + 1
        elif mod == "":
            tense = _tense(c.text, m.start())
            if tense == "future" and mon < dct.month:
                y += 1
            elif tense != "future" and mon > dct.month + (1 if tense == "past" else 2):
                y -= 1
        return f"{y}-{mon:02d}", "DATE", "relative" if mod else "partial"

    # ---- years, decades, centuries
    @add(
        rf"(?<!\d-)(?<![\d$£€#.,/])(?:(?:fiscal|calendar|the\s+year|FY)\s*)?({YEAR})(?![\d%/]|\.\d|,\d|-\d|\s*(?:percent|per\s+cent|million|billion|tons?|shares|people|troops|km|miles|meters|feet|dollars|yen|euros|points|votes|seats|cases|deaths|soldiers|members|workers|units|pages|words)\b)",
        0,
        _on_folded(r"fiscal|calendar|the\s+year|fy|1[5-9]\d\d|20\d\d"),
    )
    def _year(m: re.Match[str], c: _Ctx) -> Value | None:
        return m[1], "DATE", "absolute"

    @add(r"\b(?:the\s+)?(?:(early|late|mid)[- ])?(1[5-9]|20)(\d)0'?s\b", 2)
    def _decade(m: re.Match[str], c: _Ctx) -> Value | None:
        return f"{m[2]}{m[3]}", "DATE", "period"

    @add(r"(?:\bthe\s+|(?<!\w))(?:(early|late|mid)[- ])?(?:'|’)(\d)0s\b", 2)
    def _decade2(m: re.Match[str], c: _Ctx) -> Value | None:
        d = int(m[2])
        cent = "19" if c.dct is None or d * 10 > c.dct.year % 100 else str(c.dct.year // 100)
        return f"{cent}{d}", "DATE", "period"

    @add(rf"\bthe\s+(?:(early|late|mid)[- ])?(?:nineteen[- ])?({_alt(t.decade_words)})\b", 2)
    def _decade3(m: re.Match[str], c: _Ctx) -> Value | None:
        return f"19{t.decade_words[m[2].lower()]}", "DATE", "period"

    @add(rf"\b(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)[- ]century\b|\bthe\s+({ORD})[- ]century\b", 2)
    def _century(m: re.Match[str], c: _Ctx) -> Value | None:
        n = int(m[1]) if m[1] else t.ordinals[m[2].lower()]
        return f"{n - 1:02d}", "DATE", "period"

    @add(
        r"\bnineteen[- ](ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](one|two|three|four|five|six|seven|eight|nine))?\b|\btwo\s+thousand(?:\s+and)?(?:[- ](one|two|three|four|five|six|seven|eight|nine|ten))?\b",
        2,
        _on_folded(r"nineteen[- ]"),
        _on_folded(r"two\s+thousand"),
    )
    def _year_words(m: re.Match[str], c: _Ctx) -> Value | None:
        if m[1]:
            y = 1900 + int(t.numbers[m[1].lower()]) + (int(t.numbers[m[2].lower()]) if m[2] else 0)
        else:
            if not re.search(
                r"\b(?:in|year|since|until|by)\s+$",
                c.text[max(0, m.start() - 10) : m.start()],
                re.I,
            ):
                return None
            y = 2000 + (int(t.numbers[m[3].lower()]) if m[3] else 0)
        return str(y), "DATE", "absolute"

    # ---- quarters and halves
    def quarter_of(d: date) -> tuple[int, int]:
        return d.year, (d.month - 1) // 3 + 1

    @add(
        rf"\b(?:(?:the|its|a|an|this|last|next|that)\s+)?(?:({YEAR})\s+|(this|last|next)\s+year'?s\s+)?(?:(?:fiscal|calendar)[- ])?({ORD}|[1-4](?:st|nd|rd|th))[- ](?:fiscal[- ])?(quarter|half)(?:\s+(?:of\s+)?(?:fiscal\s+)?({YEAR}))?(?:\s+(?:of\s+)?(this|last|next)\s+year)?\b",
        3,
    )
    def _quarter(m: re.Match[str], c: _Ctx) -> Value | None:
        o = m[3].lower()
        n = t.ordinals.get(o) or int(o[0])
        unit = "Q" if m[4].lower() == "quarter" else "H"
        if (unit == "Q" and n > 4) or (unit == "H" and n > 2):
            return None
        year: int | None = None
        if m[1] or m[5]:
            year = int(m[1] or m[5])
        else:
            rel = (m[2] or m[6] or "").lower()
            if c.dct is None:
                return f"XXXX-{unit}{n}", "DATE", "partial"
            cy, cq = quarter_of(c.dct)
            if rel:
                year = cy + {"this": 0, "last": -1, "next": 1}[rel]
            else:
                cur = cq if unit == "Q" else (1 if cq <= 2 else 2)
                year = cy if n <= cur + 1 else cy - 1
        value = f"{year}-{unit}{n}"
        return value, "DATE", "period"

    @add(
        r"\b(?:the\s+)?(?:(?:same|comparable|corresponding|year-?(?:earlier|ago)|year-before|prior-year)\s+)+(?:year-?(?:earlier|ago)\s+)?(?:quarter|period|level|results?)\b|\byear-(?:earlier|ago)\b|\bthe\s+(?:quarter|period)\s+a\s+year\s+(?:earlier|ago)\b",
        2,
    )
    def _year_ago_q(m: re.Match[str], c: _Ctx) -> Value | None:
        if c.ref_quarter:
            return f"{int(c.ref_quarter[:4]) - 1}{c.ref_quarter[4:]}", "DATE", "anaphoric"
        dct = _need(c, "XXXX-QX")
        cy, cq = quarter_of(dct)
        y, q = (cy, cq - 1) if cq > 1 else (cy - 1, 4)
        return f"{y - 1}-Q{q}", "DATE", "anaphoric"

    @add(rf"\bthe\s+({YEAR})\s+(?:fiscal\s+)?(?:quarter|period)\b", 2)
    def _year_quarter(m: re.Match[str], c: _Ctx) -> Value | None:
        if c.ref_quarter:
            return f"{m[1]}-{c.ref_quarter.split('-')[1]}", "DATE", "anaphoric"
        return m[1], "DATE", "absolute"

    @add(
        r"\b(the|this|last|next|that|the\s+latest|the\s+current|the\s+previous|the\s+past|the\s+most\s+recent|the\s+latest\s+fiscal|the\s+current\s+fiscal|the\s+fiscal)\s+quarter\b",
        1,
    )
    def _the_quarter(m: re.Match[str], c: _Ctx) -> Value | None:
        det = re.sub(r"\s+", " ", m[1].lower())
        dct = _need(c, "XXXX-QX")
        cy, cq = quarter_of(dct)
        if det in ("this", "the current", "the current fiscal"):
            return f"{cy}-Q{cq}", "DATE", "relative"
        if det == "next":
            y, q = (cy, cq + 1) if cq < 4 else (cy + 1, 1)
            return f"{y}-Q{q}", "DATE", "relative"
        if det in ("the", "that", "the fiscal") and c.ref_quarter:
            return c.ref_quarter, "DATE", "anaphoric"
        y, q = (cy, cq - 1) if cq > 1 else (cy - 1, 4)
        return f"{y}-Q{q}", "DATE", "relative"

    # ---- weekdays, relative days, times of day
    def weekday_date(wd: int, c: _Ctx, start: int, mod: str = "") -> date:
        dct = _need(c, f"XXXX-WXX-{wd}")
        delta = wd - dct.isoweekday()
        mod = mod.lower()
        if mod in ("last", "this past", "the previous", "previous", "past"):
            back = (dct.isoweekday() - wd) % 7 or 7
            return dct - timedelta(days=back)
        if mod in ("next", "this coming", "the following", "following", "coming"):
            fwd = (wd - dct.isoweekday()) % 7 or 7
            return dct + timedelta(days=fwd)
        if mod == "this":
            return dct + timedelta(days=delta)
        if _tense(c.text, start) == "future":
            return dct + timedelta(days=(wd - dct.isoweekday()) % 7)
        return dct - timedelta(days=(dct.isoweekday() - wd) % 7)

    @add(
        rf"\b(?:(last|next|this|this past|this coming|the previous|the following|early|late)\s+)?({WD})(?:'s)?(?:\s+({POD}))?\b",
        1,
        _on_text(WD),
        _on_folded(
            rf"(?:last|next|this|the\s+previous|the\s+following|early|late)\s+(?:(?:past|coming)\s+)?{WDL5}"
        ),
    )
    def _weekday(m: re.Match[str], c: _Ctx) -> Value | None:
        word = m[2].lower()
        if len(word) <= 3 and not m[2][0].isupper():
            return None
        wd = t.weekdays[word]
        mod = (m[1] or "").lower()
        if mod in ("the previous", "the following") and c.ref:
            rd, _ = _ref_date(c)
            if rd is not None:
                sub = _Ctx(c.text, rd)
                d = weekday_date(wd, sub, m.start(), "last" if mod == "the previous" else "next")
                return _ymd(d), "DATE", "anaphoric"
        if mod in ("early", "late"):
            mod = ""
        d = weekday_date(wd, c, m.start(), mod)
        if m[3]:
            return f"{_ymd(d)}T{t.parts_of_day[m[3].lower()]}", "TIME", "time"
        return _ymd(d), "DATE", "relative"

    @add(
        rf"\b(?:every|each)\s+({WDL})\b|\b({WDL})s\b(?:\s+({POD})s?)?",
        1,
        _on_folded(r"every\s|each\s"),
        _on_folded(rf"{WDL}s"),
    )
    def _weekday_set(m: re.Match[str], c: _Ctx) -> Value | None:
        word = (m[1] or m[2]).lower()
        wd = t.weekdays[word]
        pod = f"T{t.parts_of_day[m[3].lower()]}" if m[3] else ""
        return f"XXXX-WXX-{wd}{pod}", "SET", "set"

    @add(
        rf"\b(?:(earlier|later|early|late)\s+)?(yesterday|today|tomorrow|tonight|last\s+night|this\s+({POD}))(?:\s+({POD}))?\b",
        1,
    )
    def _reldays(m: re.Match[str], c: _Ctx) -> Value | None:
        w = re.sub(r"\s+", " ", m[2].lower())
        pod = m[4] or m[3]
        if w == "tonight":
            pod = "night"
        if w == "last night":
            w, pod = "yesterday", "night"
        off = {"yesterday": -1, "tomorrow": 1}.get(w, 0)
        if c.dct is None:
            raise _NoAnchor("XXXX-XX-XX")
        d = c.dct + timedelta(days=off)
        if pod:
            return f"{_ymd(d)}T{t.parts_of_day[pod.lower()]}", "TIME", "time"
        return _ymd(d), "DATE", "relative"

    @add(
        rf"\b(\d{{1,2}})(?::(\d{{2}}))?\s*([ap])\.?\s?m\b\.?{TZ}(?:,?\s+(?:on\s+)?(?:({WD}|yesterday|today|tomorrow)\b|({MONP})\s+({DAY})\b))?",
        2,
        _on_folded(r"\d\d?(?::\d\d)?\s*[ap]\.?\s?m"),
    )
    def _clock(m: re.Match[str], c: _Ctx) -> Value | None:
        h = int(m[1])
        if h > 12:
            return None
        mi = int(m[2] or 0)
        if m[3].lower() == "p" and h != 12:
            h += 12
        if m[3].lower() == "a" and h == 12:
            h = 0
        day: str | None = None
        if m[4]:
            w = m[4].lower()
            if w in t.weekdays:
                if c.dct:
                    day = _ymd(weekday_date(t.weekdays[w], c, m.start()))
            elif c.dct:
                day = _ymd(c.dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(w, 0)))
        elif m[5]:
            res = day_month(int(m[6]), t.months[m[5].rstrip(".").lower()], None, c, m.start())
            day = res[0] if res else None
        if day is None:
            rd, gran = _ref_date(c)
            day = _ymd(rd) if rd and gran == "day" else "XXXX-XX-XX"
        return f"{day}T{h:02d}:{mi:02d}", "TIME", "time"

    @add(
        rf"\b(noon|midday|midnight)(?:,?\s+(?:on\s+)?({WD}|yesterday|today|tomorrow)\b)?",
        0,
        _on_folded(r"noon|midday|midnight"),
    )
    def _noon(m: re.Match[str], c: _Ctx) -> Value | None:
        rd, gran = _ref_date(c)
        day = _ymd(rd) if rd and gran == "day" else "XXXX-XX-XX"
        if m[2] and c.dct:
            w = m[2].lower()
            if w in t.weekdays:
                day = _ymd(weekday_date(t.weekdays[w], c, m.start()))
            else:
                day = _ymd(c.dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(w, 0)))
        return f"{day}T{'24:00' if m[1].lower() == 'midnight' else '12:00'}", "TIME", "time"

    # ---- "last week", "this year", "next month", "the past decade", seasons
    @add(
        rf"\b(last|this|next|the\s+past|the\s+previous|the\s+following|the\s+coming|this\s+past|this\s+coming|coming|past|previous|following|the\s+same|that|the\s+next|the\s+current|the\s+latest|the\s+last|the\s+end\s+of\s+the|the\s+end\s+of\s+this|the\s+rest\s+of\s+the|the\s+rest\s+of\s+this)\s+(day|week|weekend|month|year|decade|century|{SEAS})\b(?!-|\s+(?:old|high|low|period|term)\b)",
        1,
    )
    def _rel_unit(m: re.Match[str], c: _Ctx) -> Value | None:
        mod = re.sub(r"\s+", " ", m[1].lower())
        unit = m[2].lower()
        anaph = mod in ("the previous", "the following", "the same", "that", "the next")
        if mod.startswith("the end of") or mod.startswith("the rest of"):
            mod = "this"
        if mod in ("the current",):
            mod = "this"
        if mod in ("the latest", "the last", "the past", "past", "this past", "previous"):
            mod = "last"
        if mod in ("the coming", "coming", "this coming", "following"):
            mod = "next"
        if unit == "day" and not anaph:
            return None
        if anaph:
            base, _gran = _ref_date(c)
            if base is None:
                return None
            kind = "anaphoric"
            off = {"the previous": -1, "the following": 1, "the next": 1}.get(mod, 0)
            if mod == "the next" and c.ref is None:
                kind = "relative"
        else:
            base = _need(c, {"week": "XXXX-WXX", "month": "XXXX-XX"}.get(unit, "XXXX"))
            kind = "relative"
            off = {"last": -1, "this": 0, "next": 1}[mod]
        if unit == "day":
            return _ymd(base + timedelta(days=off)), "DATE", kind
        if unit in ("week", "weekend"):
            d = base + timedelta(weeks=off)
            if unit == "weekend" and mod in ("that", "the same", "this") and not anaph:
                pass
            return _week(d) + ("-WE" if unit == "weekend" else ""), "DATE", kind
        if unit == "month":
            y, mo = _add_months(base.year, base.month, off)
            return f"{y}-{mo:02d}", "DATE", kind
        if unit == "year":
            return str(base.year + off), "DATE", kind
        if unit == "decade":
            if off == -1 and not anaph:
                return "P10Y", "DURATION", "duration"
            return str(base.year // 10 + off)[:3], "DATE", "period"
        if unit == "century":
            if off == -1 and not anaph:
                return "P100Y", "DURATION", "duration"
            return f"{base.year // 100 + off:02d}", "DATE", "period"
        s = t.seasons[unit]
        y = base.year + off
        if mod == "last" and m[1].lower().startswith("this"):
            y = base.year
        return f"{y}-{s}", "DATE", kind

    @add(r"\b(?:the\s+)?weekend\b", 0)
    def _weekend(m: re.Match[str], c: _Ctx) -> Value | None:
        dct = _need(c, "XXXX-WXX-WE")
        if dct.isoweekday() <= 4 and _tense(c.text, m.start()) != "future":
            return _week(dct - timedelta(weeks=1)) + "-WE", "DATE", "relative"
        return _week(dct) + "-WE", "DATE", "relative"

    @add(
        rf"\b(?:the\s+|this\s+|in\s+)?(?:(early|late|mid)[- ]?)?({SEAS})(?:\s+(?:of\s+)?({YEAR}))?\b",
        0,
    )
    def _season(m: re.Match[str], c: _Ctx) -> Value | None:
        word = m[2].lower()
        s = t.seasons[word]
        if m[3]:
            return f"{m[3]}-{s}", "DATE", "absolute"
        before = c.text[max(0, m.start() - 8) : m.start()].lower()
        has_det = m[0].lower().startswith(("the", "this", "in")) or m[1]
        if word == "fall" and not has_det:
            return None
        if (
            word == "fall"
            and re.match(r"\s+(?:of|in|by)\b", c.text[m.end() : m.end() + 4]) is None
            and not has_det
        ):
            return None
        if not has_det and not re.search(r"(?:in|since|by|until|during)\s*$", before):
            return None
        if c.dct is None:
            return f"XXXX-{s}", "DATE", "partial"
        return f"{c.dct.year}-{s}", "DATE", "relative"

    # ---- "earlier that day", "later that year", "that day", "the next morning"
    @add(
        r"\b(?:(?:earlier|later)\s+)?(?:that|the\s+same|that\s+same|the\s+next|the\s+following|the\s+previous)\s+(day|morning|afternoon|evening|night)\b|\bthe\s+(day|night)\s+before\b|\bthe\s+day\s+after\b",
        2,
    )
    def _that_day(m: re.Match[str], c: _Ctx) -> Value | None:
        s = m[0].lower()
        base, gran = _ref_date(c)
        if base is None or (c.ref is None and c.dct is None):
            return None
        if c.ref is None and ("that" in s or "same" in s):
            base = c.dct
        off = 0
        if re.search(r"next|following|after", s):
            off = 1
        elif re.search(r"previous|before", s):
            off = -1
        if gran != "day":
            return (c.ref if off == 0 and c.ref else None), "DATE", "anaphoric"
        if base is None:
            return None
        d: date = base + timedelta(days=off)
        pod = m[1].lower() if m[1] else ("night" if m[2] and m[2].lower() == "night" else None)
        if pod and pod != "day":
            return f"{_ymd(d)}T{t.parts_of_day[pod]}", "TIME", "anaphoric"
        return _ymd(d), "DATE", "anaphoric"

    # ---- "two days ago", "a year earlier", "three weeks later"
    @add(
        rf"\b(?:(?:about|nearly|almost|some|roughly|approximately|more\s+than|less\s+than|over|just|only)\s+)?({NUM}|{VAGUE})\s+({UNITS})\s+(?:or\s+so\s+)?(ago|earlier|later|hence|from\s+now|back)\b",
        3,
    )
    def _ago(m: re.Match[str], c: _Ctx) -> Value | None:
        n = _num(m[1], t)
        unit = _unit_key(m[2], t)
        if unit is None:
            return None
        direction = re.sub(r"\s+", " ", m[3].lower())
        sign = 1 if direction in ("later", "after", "hence", "from now") else -1
        if n is None:
            return ("PAST_REF" if sign < 0 else "FUTURE_REF"), "DATE", "vague"
        from_dct = direction in ("ago", "hence", "from now", "back")
        if unit == "Y" and n == 1 and c.ref_quarter:
            # financial reports: "a year earlier" after a quarter, or "a year ago" while
            # the report is about a quarter of this year, is that quarter a year before
            qy, q = c.ref_quarter.split("-")
            if (not from_dct and c.ref == c.ref_quarter) or (
                from_dct and (c.dct is None or int(qy) == c.dct.year)
            ):
                return f"{int(qy) + sign}-{q}", "DATE", "anaphoric"
        if not from_dct and c.ref:
            base, gran = _ref_date(c)
            kind = "anaphoric"
        else:
            if c.dct is None:
                raise _NoAnchor(
                    {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX"}.get(unit, "XXXX-XX-XX")
                )
            base, gran = c.dct, "day"
            kind = "relative"
        if base is None:  # a partial reference ("XXXX-12-28"): the result stays partial
            raise _NoAnchor({"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX"}.get(unit, "XXXX-XX-XX"))
        k = int(round(n)) * sign
        if unit == "D":
            return _ymd(base + timedelta(days=k)), "DATE", kind
        if unit == "W":
            return (
                _ymd(base + timedelta(weeks=k))
                if gran == "day" and abs(k) <= 2
                else _week(base + timedelta(weeks=k)),
                "DATE",
                kind,
            )
        if unit == "M":
            y, mo = _add_months(base.year, base.month, k)
            return f"{y}-{mo:02d}", "DATE", kind
        if unit == "Q":
            y, mo = _add_months(base.year, base.month, 3 * k)
            return f"{y}-Q{(mo - 1) // 3 + 1}", "DATE", kind
        if unit == "Y":
            if kind == "anaphoric" and gran == "day":  # "a year earlier" than a named day
                shifted = _valid(base.year + k, base.month, base.day)
                return (_ymd(shifted) if shifted else str(base.year + k)), "DATE", kind
            return str(base.year + k), "DATE", kind
        if unit == "DE":
            return str(base.year + 10 * k), "DATE", kind
        if unit == "CE":
            return f"{(base.year + 100 * k) // 100:02d}", "DATE", kind
        if unit in ("H", "MIN", "S"):
            return None
        return None

    # ---- durations
    DUR_MOD = r"(?:(?:about|nearly|almost|some|roughly|approximately|more\s+than|less\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than|over|under|just|only|another|an\s+additional|a\s+full)\s+)?"
    DUR_DET = r"(?:(?:the|its|their|his|her|a)\s+)?(?:(?:past|last|next|first|coming|previous|following|final|latest|remaining|initial|same)\s+)?"

    @add(
        rf"\b{DUR_MOD}{DUR_DET}({NUM}|{VAGUE})(?:\s+(?:to|or|-)\s+{NUM})?\s+(?:(?:more|additional|full|consecutive|straight|trading|business|working|calendar|long|short|fiscal)\s+)?({UNITS})\b(?!-old|\s+old|\s+of\s+age)(?:\s+or\s+so)?",
        1,
    )
    def _dur(m: re.Match[str], c: _Ctx) -> Value | None:
        unit = _unit_key(m[2], t)
        if unit is None:
            return None
        n = _num(m[1], t)
        word = m[1].lower()
        if (
            n is None
            and word not in t.vague_numbers
            and not re.fullmatch(r"[\d.]+(?:\s+1/2)?", word)
        ):
            return None
        if word in ("a", "an"):
            before = c.text[max(0, m.start() - 24) : m.start()]
            if re.search(r"\b(?:once|twice|thrice|times)\s*$", before):  # "twice a week"
                return _duration(1, unit), "SET", "set"
            if re.search(r"(?:\d[\d,.]*%?|\bper)(?:\s+[a-z]+){0,2}\s*$", before):
                return None  # a rate ("$500 million a year", "700 seats a week")
        if n is None and "past" in m[0].lower() and unit in ("D", "W", "M", "Y"):
            return _duration(None, unit), "DURATION", "duration"
        return _duration(n, unit), "DURATION", "duration"

    @add(rf"\b({NUM})-({UNITS})(?:-long)?\b(?!-old|\s+old)", 1)
    def _dur_adj(m: re.Match[str], c: _Ctx) -> Value | None:
        unit = _unit_key(m[2], t)
        if unit == "Q" and m[2].lower().endswith("s"):  # "three-quarters": a fraction
            return None
        n = _num(m[1], t)
        if unit is None or n is None:
            return None
        return _duration(n, unit), "DURATION", "duration"

    bare = r"(?:for|in|within|over|after|take|took|takes|lasted|last)\s+((?:many\s+)?(?:days|weeks|months|years|decades|centuries|hours|minutes))\b"

    @add(rf"\b{bare}", 0, _on_folded(bare))
    def _bare_plural(m: re.Match[str], c: _Ctx) -> Value | None:
        unit = _unit_key(m[1].split()[-1], t)
        return (_duration(None, unit), "DURATION", "duration") if unit else None

    # ---- sets
    @add(rf"\b({_alt(t.sets)})\b", 0)
    def _set_word(m: re.Match[str], c: _Ctx) -> Value | None:
        return t.sets[m[1].lower()], "SET", "set"

    every = r"(?:every|each|per)\s+(?:(other|single)\s+)?(day|week|month|year|quarter|hour|minute|morning|night|evening|summer|winter|spring|fall|autumn)\b"

    @add(rf"\b{every}", 1, _on_folded(every))
    def _set_every(m: re.Match[str], c: _Ctx) -> Value | None:
        w = m[2].lower()
        if w in t.parts_of_day:
            return f"XXXX-XX-XXT{t.parts_of_day[w]}", "SET", "set"
        if w in t.seasons:
            return f"XXXX-{t.seasons[w]}", "SET", "set"
        unit = t.units[w]
        return _duration(2 if m[1] and m[1].lower() == "other" else 1, unit), "SET", "set"

    @add(rf"\b(?:every|each)\s+({MON})\b", 1, _on_folded(rf"(?:every|each)\s+{MONL}"))
    def _set_month(m: re.Match[str], c: _Ctx) -> Value | None:
        return f"XXXX-{t.months[m[1].lower()]:02d}", "SET", "set"

    # ---- holidays
    HOL = _cap_alt(t.holidays)

    @add(
        rf"\b(?:(last|next|this)\s+)?({HOL})(?:\s+({YEAR}))?\b",
        1,
        _on_text(HOL),
        _on_folded(rf"(?:last|next|this)\s+{_alt(t.holidays)}"),
    )
    def _holiday_rule(m: re.Match[str], c: _Ctx) -> Value | None:
        rule = t.holidays[re.sub(r"\s+", " ", m[2].lower())]
        if m[3]:
            d = _holiday(rule, int(m[3]))
            return (_ymd(d), "DATE", "absolute") if d else None
        if c.dct is None:
            return None
        cands = [x for x in (_holiday(rule, y) for y in range(c.dct.year - 1, c.dct.year + 2)) if x]
        mod = (m[1] or "").lower()
        if mod == "last":
            pick = max(x for x in cands if x < c.dct)
        elif mod == "next":
            pick = min(x for x in cands if x > c.dct)
        else:
            pick = min(cands, key=lambda x: abs((x - c.dct).days))  # type: ignore[operator]
        return _ymd(pick), "DATE", "relative"

    # ---- vague references
    @add(rf"\b(?:in\s+)?({_alt(t.refs)})\b", 0)
    def _ref(m: re.Match[str], c: _Ctx) -> Value | None:
        w = re.sub(r"\s+", " ", m[1].lower())
        if w == "the past" and re.match(
            r"\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|"
            r"twelve|twenty|thirty|forty|fifty|hundred|couple|dozen|summers?|winters?)",
            c.text[m.end() : m.end() + 9],
            re.I,
        ):
            return None
        if w == "future" and not re.search(
            r"\b(?:in|near|the|for)\s+$", c.text[max(0, m.start() - 6) : m.start()], re.I
        ):
            return None
        return t.refs[w], "DATE", "vague"

    @add(
        r"\b(?:the\s+)?(recent|current|present)\s+(days|weeks|months|years|decades|quarters|period|times)\b",
        1,
    )
    def _recent(m: re.Match[str], c: _Ctx) -> Value | None:
        if m[1].lower() == "recent":
            unit = _unit_key(m[2], t)
            if unit:  # "in recent weeks": an unspecified stretch of weeks up to now
                return _duration(None, unit), "DURATION", "duration"
            return "PAST_REF", "DATE", "vague"
        return "PRESENT_REF", "DATE", "vague"

    @add(
        r"\b(?:the\s+)?(?:coming|next\s+few|next\s+several)\s+(days|weeks|months|years|decades)\b"
        r"|\bthe\s+(days|weeks|months|years)\s+ahead\b",
        1,
    )
    def _coming(m: re.Match[str], c: _Ctx) -> Value | None:
        unit = _unit_key(m[1] or m[2], t)
        return (_duration(None, unit), "DURATION", "duration") if unit else None

    @add(r"\b(?:the\s+)?current\s+(?:fiscal\s+)?(year|month|week)\b", 2)
    def _current_unit(m: re.Match[str], c: _Ctx) -> Value | None:
        unit = m[1].lower()
        dct = _need(c, {"year": "XXXX", "month": "XXXX-XX"}.get(unit, "XXXX-WXX"))
        return (
            {"year": str(dct.year), "month": f"{dct.year}-{dct.month:02d}"}.get(unit, _week(dct)),
            "DATE",
            "relative",
        )

    # the keys' scanners: the key words wherever they are (a match checks the "\b")
    unit_words = (
        r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur|millenni)"
    )
    unit_key = scanned(re.compile(rf"\b{unit_words}", re.IGNORECASE), _on_folded(unit_words))
    quarter_words = r"(?:quarter|half|period|year-|level|results?)\b"
    quarter_key = scanned(
        re.compile(rf"\b{quarter_words}", re.IGNORECASE), _on_folded(quarter_words)
    )
    rel_key = scanned(
        re.compile(rf"\b(?:day|week|weekend|month|year|decade|century|{SEAS})\b", re.IGNORECASE),
        _on_folded(
            _alt(["day", "week", "weekend", "month", "year", "decade", "century", *t.seasons])
        ),
    )
    for name in ("_dur", "_ago", "_dur_adj", "_bare_plural", "_recent", "_coming"):
        g.keys[name] = unit_key
    for name in ("_quarter", "_the_quarter", "_year_ago_q", "_year_quarter"):
        g.keys[name] = quarter_key
    g.keys["_rel_unit"] = rel_key
    g.keys["_season"] = scanned(re.compile(rf"\b(?:{SEAS})\b", re.IGNORECASE), _on_folded(SEAS))
    g.keys["_weekday"] = scanned(re.compile(rf"\b(?:{WD})", re.IGNORECASE), _on_text(WD))
    day_words = r"(?:day|morning|afternoon|evening|night)\b"
    g.keys["_that_day"] = scanned(re.compile(rf"\b{day_words}", re.I), _on_folded(day_words))
    g.keys["_year"] = re.compile(r"\d\d\d\d")  # as \d{4}, but found faster
    # a month name, written as the rules take it
    month_key = scanned(re.compile(rf"\b(?:{MON})"), _on_text(MON))
    for name in ("_dmy", "_mdy", "_m_ord", "_my", "_m_rel_year", "_month"):
        g.keys[name] = month_key

    def pieces(words: Any, last: bool = False) -> tuple[str, ...] | None:
        """A piece every match of one of ``words`` (an ``_alt``) contains: its longest
        (or last) space-separated part; None when a word is not ASCII (Unicode case
        folding differs from ``str.lower`` there)."""
        out = []
        for w in words:
            if not w.isascii():
                return None
            parts = w.lower().split(" ")
            out.append(parts[-1] if last else max(parts, key=len))
        return tuple(out)

    fixed: dict[str, tuple[str, ...] | None] = {
        "_slash": ("/",),
        "_decade": ("0s", "0's"),
        "_decade2": ("0s",),
        "_decade3": pieces(t.decade_words),
        "_century": ("century",),
        "_year_words": ("nineteen", "thousand"),
        "_quarter": ("quarter", "half"),
        "_year_ago_q": ("quarter", "period", "level", "result", "year-"),
        "_year_quarter": ("quarter", "period"),
        "_the_quarter": ("quarter",),
        "_reldays": (
            ("yesterday", "today", "tomorrow", "tonight", "night", *pod)
            if (pod := pieces(t.parts_of_day)) is not None
            else None
        ),
        "_weekday_set": (
            ("every", "each", *(w + "s" for w in wdl))
            if (wdl := pieces([k for k in t.weekdays if len(k) > 3], last=True)) is not None
            else None
        ),
        "_noon": ("noon", "midday", "midnight"),
        "_weekend": ("weekend",),
        "_ago": ("ago", "earlier", "later", "hence", "now", "back"),
        "_set_word": pieces(t.sets),
        "_set_every": ("every", "each", "per"),
        "_set_month": ("every", "each"),
        "_holiday_rule": pieces(t.holidays),
        "_ref": pieces(t.refs),
        "_recent": ("recent", "current", "present"),
        "_coming": ("coming", "few", "several", "ahead"),
        "_current_unit": ("current",),
    }
    g.needles = {name: tuple(dict.fromkeys(w)) for name, w in fixed.items() if w is not None}
    return g


# --------------------------------------------------------------------------- finding

_LEFT_MODS_RE = (
    r"(?:\b(?:the\s+)?(?:very\s+)?(?:early|late|mid)(?:-|\s+)|"
    r"\b(?:the\s+)?(?:very\s+)?(?:middle|end|beginning|start|close|turn|"
    r"first\s+half|second\s+half|latter\s+part|first\s+part|rest|remainder|spring|summer|fall|autumn|winter)"
    r"\s+of\s+(?:the\s+)?|\b(?:earlier|later)\s+(?:in\s+)?|\b(?:fiscal|calendar)\s+"
    r"|\b(?:around|about|nearly|almost|roughly|approximately|sometime|some\s+time)\s+|\bpost-|\bpre-)$"
)
_LEFT_MODS = re.compile(_LEFT_MODS_RE, re.IGNORECASE)
_LEFT_MODS_FOLDED = re.compile(_LEFT_MODS_RE)  # for the folded text, as _TENSE_CUE_FOLDED
_SEASON_PREFIX = re.compile(r"\b(spring|summer|fall|autumn|winter)\s+(?:of\s+)?$", re.IGNORECASE)


@dataclass
class _Cand:
    start: int
    end: int
    prio: int
    order: int
    handler: Handler
    match: re.Match[str]


_BEFORE = 70  # characters scanned before a rule's key word
_AFTER = 40  # ... and after it


def _windows(text: str, key: re.Pattern[str], folded: str | None = None) -> list[tuple[int, int]]:
    """Merged stretches of ``text`` around the key words, widened to whitespace."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in _scan(key, text, folded, [(0, n)]):
        lo, hi = max(0, m.start() - _BEFORE), min(n, m.end() + _AFTER)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < n and not text[hi].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


#: characters that ``re.IGNORECASE`` matches to an ASCII letter but ``str.lower`` does
#: not turn into that letter alone ("İ".lower() is two characters)
_ODD_FOLDS = re.compile("[\u0130\u0131\u017f]")


def _folded(text: str) -> str | None:
    """``text`` in lower case, where every substring an IGNORECASE match of an ASCII
    word covers reads as that word in lower case; None when that does not hold."""
    if text.isascii():  # (much faster to tell than to search)
        return text.lower()
    return None if _ODD_FOLDS.search(text) else text.lower()


#: characters outside ASCII that a scanner over the folded text may hold: no other
#: character folds to them or matches them under IGNORECASE (tests/test_timex.py checks)
_FOLD_SAFE = frozenset("£€’")


def _on_text(pattern: str) -> _Scanner:
    """A scanner run on the text itself (for case-sensitive words, "May", "MAY")."""
    return re.compile(pattern), False


def _on_folded(pattern: str) -> _Scanner | None:
    """A scanner run on the folded text (``pattern`` in lower case, no IGNORECASE).

    A character of the text matches an ASCII character under IGNORECASE exactly when
    its lower case is that character in lower case, and lower case keeps every
    character a space, a digit or a word character (``\\b``) as it was; tests check
    both over all of Unicode, but for the three characters ``_folded`` refuses. So
    over the folded text ``pattern`` matches where its IGNORECASE form matches the
    text, at the same positions, and also wherever its words are written in capitals
    ("May" of a case-sensitive ``_cap_alt``). None for a pattern with a character
    outside ASCII (a letter there may fold in odd ways), but for ``_FOLD_SAFE``.
    """
    if any(ord(ch) > 127 and ch not in _FOLD_SAFE for ch in pattern):
        return None
    return re.compile(pattern), True


def _fold_scan(rx: re.Pattern[str]) -> _Scanner | None:
    """The default scanner of an IGNORECASE rule: the rule itself in lower case, over
    the folded text, where it matches just where the rule matches the text (see
    ``_on_folded``), without Python's slow case-insensitive matching. None for a rule
    with case-sensitive parts, with a named group, or with an escape such as ``\\B``
    or ``\\D`` (upper case ones would change meaning in lower case)."""
    p = rx.pattern
    if not rx.flags & re.IGNORECASE or "(?-i:" in p or "(?P" in p or re.search(r"\\[A-Z]", p):
        return None
    return _on_folded(p.lower())


def _scan(
    rx: re.Pattern[str], text: str, folded: str | None, spans: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """Exactly the matches of ``rx.finditer(text, lo, hi)`` for each span, found faster.

    The grammar's scanners for ``rx`` (``_Grammar.scans``) match, on the text or on the
    folded text, at least at every position where a match of ``rx`` within the span can
    begin (the words it can begin with, say). They are quick to search where ``rx`` is
    not: re searches fast only for a pattern that begins with a plain character, a set
    of them or an alternation of words, not for one that begins with ``\\b``, an
    optional part or IGNORECASE letters. ``rx`` is matched at each proposed position in
    turn, with the span's end as end bound (``\\b`` and lookbehinds see the text before
    the position, as in ``finditer``). As ``rx`` cannot match before the first proposal
    from ``pos`` on, a match there is the one ``finditer`` finds next, and the search
    goes on from its end; without one, from the next position. So the matches, their
    groups and their case are those of ``rx`` on ``text``.
    """
    scans = _grammar().scans.get(rx) if folded is not None else None
    if scans is None or folded is None:
        for lo, hi in spans:
            yield from rx.finditer(text, lo, hi)
        return
    finders = [(scan.search, folded if on_folded else text) for scan, on_folded in scans]
    match = rx.match
    for lo, hi in spans:
        ahead = [lo - 1] * len(finders)  # each scanner's next proposal (hi + 1: none)
        pos = lo
        while pos <= hi:
            for k, (search, string) in enumerate(finders):
                if ahead[k] < pos:
                    f = search(string, pos, hi)
                    ahead[k] = hi + 1 if f is None else f.start()
            i = min(ahead)
            m = match(text, i, hi) if i <= hi else None
            if m is None:
                pos = i + 1
            elif m.end() > i:
                yield m
                pos = m.end()
            else:  # finditer goes on differently after an empty match: let it do so
                yield from rx.finditer(text, i, hi)
                break


def _candidates(text: str) -> Iterator[_Cand]:
    g = _grammar()
    windows: dict[int, list[tuple[int, int]]] = {}
    folded = _folded(text)
    for order, (rx, fn, prio) in enumerate(g.rules):
        needles = g.needles.get(fn.__name__)
        if folded is not None and needles is not None:
            for needle in needles:  # (a plain loop: any() with a generator costs more here)
                if needle in folded:
                    break
            else:
                continue  # no match possible
        key = g.keys.get(fn.__name__)
        if key is None:
            spans = [(0, len(text))]
        else:
            if id(key) not in windows:
                windows[id(key)] = _windows(text, key, folded)
            spans = windows[id(key)]
            if not spans:
                continue  # no key word: no match possible
        for m in _scan(rx, text, folded, spans):
            if m.end() > m.start():
                yield _Cand(m.start(), m.end(), prio, order, fn, m)


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest first, then rule priority; drop every candidate overlapping a chosen one."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.prio, c.start, c.order))
    taken: list[_Cand] = []
    occupied: list[tuple[int, int]] = []
    for c in cands:
        for s, e in occupied:  # (a plain loop: any() with a generator costs more here)
            if c.start < e and s < c.end:
                break
        else:
            taken.append(c)
            occupied.append((c.start, c.end))
    taken.sort(key=lambda c: c.start)
    return taken


def _extend_left(text: str, start: int, floor: int) -> int:
    window = text[max(floor, start - 40) : start]
    folded = _folded(window)
    m = _LEFT_MODS.search(window) if folded is None else _LEFT_MODS_FOLDED.search(folded)
    if m and m.start() < len(window):
        return start - (len(window) - m.start())
    return start


def find_times(text: str, anchor: str | None) -> list[TimeExpr]:
    """All time expressions in ``text``, normalized against ``anchor`` (YYYY-MM-DD or None).

    Candidates are chosen longest first; a chosen candidate whose rule then declines
    (e.g. "May" read as a verb) frees its span, and the choice is made again without it.
    """
    cands = list(_candidates(text))
    rejected: set[int] = set()
    for _round in range(4):
        out, declined = _normalize(text, anchor, [c for c in cands if id(c) not in rejected])
        if not declined:
            break
        rejected |= declined
    return out


def _normalize(
    text: str, anchor: str | None, cands: list[_Cand]
) -> tuple[list[TimeExpr], set[int]]:
    ctx = _Ctx(text=text, dct=_parse_anchor(anchor))
    out: list[TimeExpr] = []
    declined: set[int] = set()
    prev_end = 0
    for cand in _select(cands):
        try:
            res = cand.handler(cand.match, ctx)
        except _NoAnchor as na:
            res = (na.partial, "DATE", "partial")
        except (ValueError, OverflowError):  # calendar arithmetic out of range ("9000 years ago")
            res = None
        if res is None or res[0] is None:
            declined.add(id(cand))
            continue
        value, typ, kind = res
        assert value is not None
        if value.startswith("XXXX-WXX-") and typ == "DATE":
            kind = "partial"
        start = _extend_left(text, cand.start, prev_end)
        if start != cand.start:
            sm = _SEASON_PREFIX.search(text[start : cand.start])
            if sm and re.fullmatch(r"\d{4}", value):
                seas = _grammar().tables.seasons[sm[1].lower()]
                value, kind = f"{value}-{seas}", "period"
        out.append(
            TimeExpr(
                text=text[start : cand.end],
                start=start,
                end=cand.end,
                value=value,
                type=typ,
                kind=kind,
            )
        )
        prev_end = cand.end
        if typ in ("DATE", "TIME") and value[:1].isdigit() or value.startswith("XXXX-"):
            ref = value.split("T")[0]
            if re.fullmatch(r"\d{4}-Q\d", ref) and kind != "anaphoric":
                ctx.ref_quarter = ref
            if kind != "vague" and not re.fullmatch(r"\d{2,3}", ref):
                ctx.ref = ref
    return out, declined


# --------------------------------------------------------------------------- event dates


def _bounds(value: str) -> tuple[str | None, str | None, str | None]:
    """(start, end, precision) of a TIMEX3 value as calendar bounds (None when unknown)."""
    v = value.split("T")[0]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return v, v, "day"
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return v, v, "month"
    if re.fullmatch(r"\d{4}", v):
        return v, v, "year"
    m = re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", v)
    if m:
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None, None, None
        return _ymd(monday), _ymd(monday + timedelta(days=6)), "vague"
    m = re.fullmatch(r"(\d{4})-([QH])(\d)", v)
    if m:
        span = 3 if m[2] == "Q" else 6
        first = (int(m[3]) - 1) * span + 1
        return f"{m[1]}-{first:02d}", f"{m[1]}-{first + span - 1:02d}", "month"
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v)
    if m:
        y = int(m[1])
        lo, hi = {"SP": ("03", "05"), "SU": ("06", "08"), "FA": ("09", "11"), "WI": ("12", "02")}[
            m[2]
        ]
        return f"{y}-{lo}", (f"{y + 1}-{hi}" if m[2] == "WI" else f"{y}-{hi}"), "vague"
    m = re.fullmatch(r"(\d{3})", v)
    if m:
        return f"{m[1]}0", f"{m[1]}9", "vague"
    return None, None, None


#: words that put the event they govern *before* the date of the clause they modify
#: ("following the assassination", "after the vote", "since the coup", "in the wake of")
_BEFORE_MARKERS = frozenset({"following", "after", "since", "wake", "aftermath"})
#: ... and *after* it ("before the vote", "ahead of the summit", "prior to", "until")
_AFTER_MARKERS = frozenset({"before", "ahead", "prior", "preceding", "until", "pending"})


def _ancestors_incl(tok: Any) -> list[Any]:
    return [tok, *tok.ancestors]


def _clause_head(tok: Any) -> Any:
    """The verb heading ``tok``'s clause (or the root)."""
    for a in _ancestors_incl(tok):
        if a.pos_ in ("VERB", "AUX") or a.dep_ == "ROOT":
            return a
    return tok


def _tree_distance(a: Any, b: Any) -> int:
    """Edges between two tokens of one dependency tree (99 when in different trees)."""
    pa = _ancestors_incl(a)
    pb = _ancestors_incl(b)
    ib = {t.i: k for k, t in enumerate(pb)}
    for k, t in enumerate(pa):
        if t.i in ib:
            return k + ib[t.i]
    return 99


def _order_marker(trigger: Any) -> tuple[str, Any] | None:
    """('before'|'after', marker token) when the trigger sits in a "following X" /
    "after X" / "before X" phrase, or its clause is introduced by such a conjunction."""
    for child in trigger.children:
        if child.dep_ == "mark":
            if child.lower_ in _BEFORE_MARKERS:
                return "before", child
            if child.lower_ in _AFTER_MARKERS:
                return "after", child
    tok = trigger
    while tok.head.i != tok.i:
        head = tok.head
        word = head.lower_
        if word in _BEFORE_MARKERS:
            return "before", head
        if word in _AFTER_MARKERS:
            return "after", head
        if head.pos_ in ("VERB", "AUX") and word not in _BEFORE_MARKERS:
            return None
        tok = head
    return None


def _subtree_ids(tok: Any) -> set[int]:
    return {t.i for t in tok.subtree}


#: a preposition right before the expression that makes it a bound, not the date:
#: "since 2003" / "from May" (the event runs from then), "by the end of 2021" /
#: "until Friday" / "before 5 January" (the event is at or before then)
_BOUND_PREP = re.compile(r"\b(?:(since|from|after)|(by|until|till|before))\s+$", re.IGNORECASE)


def _bound_relation(ev: EventMention, te: TimeExpr) -> str | None:
    off = te.start - ev.sentence.start
    m = _BOUND_PREP.search(ev.sentence_text[max(0, off - 8) : off])
    if not m:
        return None
    return "after" if m[1] else "before"


def _event_date_from(te: TimeExpr, relation: str | None = None) -> EventDate:
    start, end, prec = _bounds(te.value or "")
    if relation == "before":
        # at or before the end of the expression ("by the end of 2021")
        return EventDate(start=None, end=end, precision="vague", text=te.text, source="text")
    if relation == "preceding":  # strictly before the expression's date
        return EventDate(
            start=None, end=start or end, precision="vague", text=te.text, source="text"
        )
    if relation == "after":
        return EventDate(start=start, end=None, precision="vague", text=te.text, source="text")
    return EventDate(start=start, end=end, precision=prec, text=te.text, source="text")


def date_events(doc: Document) -> None:
    """Give each event mention of ``doc`` the date of the expression governing its clause.

    Candidates are the time expressions in the event's sentence with a calendar value.
    With a parse (``doc.spacy_doc``), the candidate nearest the trigger in the
    dependency tree wins (an expression attached to the trigger's own clause counts as
    adjacent; ties go to the nearer in characters); without one, the nearest in
    characters. An event inside a "following X" / "after X" phrase (or a clause opened
    by "after", "since") happened *before* the date of the clause it modifies: it gets
    only an end bound (start null, precision "vague"), unless the phrase carries its own
    date; "before X" / "ahead of X" / "until" likewise give only a start bound. An
    expression after "by", "until", "before" bounds the event from above ("withdraw by
    the end of 2021": end 2021, start null), one after "since", "from", "after" from
    below ("in power since 2003": start 2003, end null); both with precision "vague". A
    sentence with only "recently" gives an end bound at the publication date. Events
    with no candidate get ``EventDate()`` (all null): never silently the publication date.
    """
    if not doc.events:
        return
    sdoc = doc.spacy_doc
    dated = [
        t
        for t in doc.times
        if t.value and t.type in ("DATE", "TIME") and _bounds(t.value)[0] is not None
    ]
    past = [t for t in doc.times if t.value == "PAST_REF"]
    for ev in doc.events:
        ev.date = _date_one(ev, dated, sdoc)
        if ev.date.start is None and ev.date.end is None and doc.article.published:
            s0, s1 = ev.sentence.start, ev.sentence.end
            vague = [t for t in past if t.start >= s0 and t.end <= s1 and _same_clause(sdoc, ev, t)]
            if vague:
                ev.date = EventDate(
                    start=None,
                    end=doc.article.published,
                    precision="vague",
                    text=vague[0].text,
                    source="text",
                )


def _same_clause(sdoc: Any, ev: EventMention, te: TimeExpr) -> bool:
    """Whether ``te`` modifies the clause of ``ev``'s trigger (True without a parse)."""
    if sdoc is None:
        return True
    trig = sdoc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    sp = sdoc.char_span(te.start, te.end, alignment_mode="expand")
    if trig is None or sp is None or len(trig) == 0 or len(sp) == 0:
        return False
    return bool(_clause_head(sp.root.head).i == _clause_head(trig.root).i)


def _date_one(ev: EventMention, dated: list[TimeExpr], sdoc: Any) -> EventDate:
    s0, s1 = ev.sentence.start, ev.sentence.end
    cands = [t for t in dated if t.start >= s0 and t.end <= s1]
    if not cands:
        return EventDate()

    def char_gap(t: TimeExpr) -> int:
        return max(t.start - ev.trigger.end, ev.trigger.start - t.end, 0)

    trig_span = None
    if sdoc is not None:
        trig_span = sdoc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    if trig_span is None or len(trig_span) == 0:
        best = min(cands, key=char_gap)
        return _event_date_from(best, _bound_relation(ev, best))
    trig = trig_span.root
    trig_clause = _clause_head(trig)
    marker = _order_marker(trig)
    inside = _subtree_ids(marker[1]) if marker else set()
    scored: list[tuple[int, int, int, TimeExpr]] = []
    for te in cands:
        sp = sdoc.char_span(te.start, te.end, alignment_mode="expand")
        if sp is None or len(sp) == 0:
            continue
        th = sp.root
        if sp.start <= trig.i < sp.end:
            continue
        dist = _tree_distance(trig, th)
        gov = _clause_head(th.head)
        if gov.i == trig_clause.i or th.head.i == trig.i:
            dist = min(dist, 1)
        outside = 1 if marker and th.i not in inside else 0
        scored.append((outside, dist, char_gap(te), te))
    if not scored:
        return EventDate()
    scored.sort(key=lambda x: (x[0], x[1], x[2]))
    outside, _dist, _gap, te = scored[0]
    if outside and marker:
        return _event_date_from(te, "preceding" if marker[0] == "before" else "after")
    return _event_date_from(te, _bound_relation(ev, te))
