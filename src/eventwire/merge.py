"""Merging reports: mentions of the same happening become one event.

A mention joins an existing event when, under the configured strictness,

- the PLOVER type is the same (and, except under ``loose``, the modality too);
- the actors are compatible: no role (source, target) holds two different known actors,
  and at least one role holds the same actor on both sides. The same actor is the same
  dictionary id, or the same name and country when the actor has no id; under
  ``normal`` also the same country and sector ("Iraqi troops" and "Iraqi forces", both
  IRQ MIL), under ``loose`` the same country. An actor with no id, no country and no
  Wikidata id ("militants", "the positions") is unresolved and counts as unknown;
- the dates are compatible: the intervals they stand for overlap (widened by the date
  window), or one of them is unknown; a date that is only the publication date
  (``from == "published"``) counts as unknown;
- the places are compatible: same country, or one of them unknown;
- the event holds no mention from the same article: an article that reports two events
  separately is never merged into one.

Strictness:

    strict   both roles the same actor by id or name and country (an unknown role only
             matches an unknown role), both dates known and overlapping, same modality
    normal   (default) one role may be unknown on one side, actors of the same country and
             sector match, and an unknown date is compatible with any date
    loose    like normal, actors of the same country match, modality ignored, dates
             within ``date_window_days`` (default 2)

The same rules are used by the store (``store.Store.add_document``) and by the in-memory
``group_mentions`` below, which needs no database. To keep its cost flat as it grows,
the store only compares a report with events dated within ``store.DATE_REACH`` days of
it and with the ``store.UNDATED_REACH`` most recent undated events of each actor.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import StoreError
from .records import Actor, EventDate, EventMention

STRICTNESS: tuple[str, ...] = ("strict", "normal", "loose")
_DEFAULT_WINDOW = {"strict": 0, "normal": 0, "loose": 2}
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class MergeConfig:
    """How strict merging is; see the module docstring."""

    strictness: str = "normal"
    #: days by which two date intervals may miss each other and still merge
    date_window_days: int | None = None

    def __post_init__(self) -> None:
        if self.strictness not in STRICTNESS:
            raise StoreError(
                f"unknown merge strictness {self.strictness!r} (choose from {', '.join(STRICTNESS)})"
            )
        if self.date_window_days is not None and self.date_window_days < 0:
            raise StoreError("date window must be zero or more days")

    @property
    def window(self) -> int:
        if self.date_window_days is not None:
            return self.date_window_days
        return _DEFAULT_WINDOW[self.strictness]


def actor_key(actor: Actor | None) -> str | None:
    """The identity of an actor for merging: its dictionary id, else name and country."""
    if actor is None:
        return None
    if actor.actor_id:
        return f"id:{actor.actor_id}"
    name = " ".join(actor.name.lower().split())
    if not name:
        return None
    return f"name:{name}|{actor.country or ''}"


@dataclass(frozen=True)
class Role:
    """Who fills a role, as merging sees it: identity key, country and sector."""

    key: str
    country: str | None = None
    sector: str | None = None


def actor_role(actor: Actor | None) -> Role | None:
    """The merge identity of an actor, or None when it is absent or unresolved."""
    if actor is None:
        return None
    if not (actor.actor_id or actor.country or actor.wikidata):
        return None
    key = actor_key(actor)
    if key is None:
        return None
    return Role(key, actor.country or None, actor.sector or None)


def role_match(a: Role, b: Role, strictness: str) -> int:
    """2: the same actor; 1: the same group (country and sector, or country); 0: different."""
    if a.key == b.key:
        return 2
    if strictness == "strict" or not a.country or a.country != b.country:
        return 0
    if strictness == "loose":
        return 1
    return 1 if a.sector and a.sector == b.sector else 0


def _parse_bound(value: str | None, upper: bool) -> date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as its first (or last) day; else None."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        if len(parts[0]) != 4:
            return None
        if len(parts) == 1:
            return date(year, 12, 31) if upper else date(year, 1, 1)
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last) if upper else date(year, month, 1)
        return date(year, month, int(parts[2][:2]))
    except (ValueError, IndexError):
        return None


def date_interval(d: EventDate | None) -> tuple[date | None, date | None]:
    """The days a mention's date stands for, as (first, last); None where open or unknown."""
    if d is None or d.source == "published":
        return (None, None)
    lo = _parse_bound(d.start, upper=False)
    hi = _parse_bound(d.end or d.start, upper=True)
    if lo is not None and hi is not None and hi < lo:
        lo, hi = hi, lo
    return (lo, hi)


@dataclass
class MergeView:
    """What merging looks at, for a mention or for an event built from mentions."""

    type: str
    modality: str
    source: Role | None
    target: Role | None
    lo: date | None
    hi: date | None
    country: str | None

    @property
    def dated(self) -> bool:
        return self.lo is not None or self.hi is not None


def mention_view(m: EventMention) -> MergeView:
    lo, hi = date_interval(m.date)
    return MergeView(
        type=m.type,
        modality=m.modality,
        source=actor_role(m.source),
        target=actor_role(m.target),
        lo=lo,
        hi=hi,
        country=m.location.country if m.location else None,
    )


def _overlap(a: MergeView, b: MergeView, window: int) -> bool:
    w = timedelta(days=window)
    if a.lo is not None and b.hi is not None and a.lo > b.hi + w:
        return False
    if b.lo is not None and a.hi is not None and b.lo > a.hi + w:
        return False
    return True


def score(m: MergeView, e: MergeView, cfg: MergeConfig) -> int | None:
    """How well mention ``m`` fits event ``e``: None when they must not merge, else a score."""
    if m.type != e.type:
        return None
    if cfg.strictness != "loose" and m.modality != e.modality:
        return None
    shared = 0
    for mine, theirs in ((m.source, e.source), (m.target, e.target)):
        if mine is not None and theirs is not None:
            match = role_match(mine, theirs, cfg.strictness)
            if match == 0:
                return None
            shared += match
        elif cfg.strictness == "strict" and (mine is not None or theirs is not None):
            return None
    if shared == 0:
        return None
    if m.dated and e.dated:
        if not _overlap(m, e, cfg.window):
            return None
        dated = 1
    elif cfg.strictness == "strict":
        return None
    else:
        dated = 0
    if m.country and e.country:
        if m.country != e.country:
            return None
        same_place = 1
    else:
        same_place = 0
    return shared * 10 + dated * 5 + same_place * 2


def combine(e: MergeView, m: MergeView) -> MergeView:
    """The event after mention ``m`` joined it: unknowns filled, date narrowed."""
    lo, hi = e.lo, e.hi
    if m.dated:
        if not e.dated:
            lo, hi = m.lo, m.hi
        else:
            new_lo = max((x for x in (e.lo, m.lo) if x is not None), default=None)
            new_hi = min((x for x in (e.hi, m.hi) if x is not None), default=None)
            if new_lo is not None and new_hi is not None and new_lo > new_hi:
                # within the window but not overlapping: keep the hull of both
                new_lo = None if e.lo is None or m.lo is None else min(e.lo, m.lo)
                new_hi = None if e.hi is None or m.hi is None else max(e.hi, m.hi)
            lo, hi = new_lo, new_hi
    return MergeView(
        type=e.type,
        modality=e.modality,
        source=e.source or m.source,
        target=e.target or m.target,
        lo=lo,
        hi=hi,
        country=e.country or m.country,
    )


def precision_rank(precision: str | None) -> int:
    return _PRECISION_RANK.get(precision or "", 0)


def group_mentions(
    mentions: Sequence[tuple[str, EventMention]], config: MergeConfig | None = None
) -> list[list[int]]:
    """Merge ``(article_id, mention)`` pairs in order; return the groups as index lists.

    The same greedy rule as the store: each mention joins the best-scoring compatible
    event that holds no mention of its article (the earliest on a tie), else founds one.
    """
    cfg = config or MergeConfig()
    groups: list[list[int]] = []
    views: list[MergeView] = []
    articles: list[set[str]] = []
    for i, (article_id, mention) in enumerate(mentions):
        mv = mention_view(mention)
        best: tuple[int, int] | None = None
        for g, ev in enumerate(views):
            if article_id in articles[g]:
                continue
            s = score(mv, ev, cfg)
            if s is not None and (best is None or s > best[0]):
                best = (s, g)
        if best is None:
            groups.append([i])
            views.append(mv)
            articles.append({article_id})
        else:
            g = best[1]
            groups[g].append(i)
            views[g] = combine(views[g], mv)
            articles[g].add(article_id)
    return groups
