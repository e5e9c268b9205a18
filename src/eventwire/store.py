"""The event store: an embedded SQLite database of articles, mentions and merged events.

    Store.open(path)            open (and create or migrate) a store; WAL mode
    Store.add_document(doc)     one article, its places, quotes, times and mentions, in one
                                transaction; each mention merged into an event (merge.py)
    Store.add_failure(failure)  an article that failed, with stage and reason
    ingest(sources, db=...)     extraction over files, directories and JSONL into a store
    query_events(store, ...)    events filtered by actor, country, type, modality, dates,
                                place and text
    top_actors(store)           who appears most
    get_event(store, event_id)  an event with every mention, its sentence and article
    load_document(store, id)    an article back as a Document (for the JSONL export)

The default path is ``eventwire.db`` in the working directory (setting ``db``, variable
``EVENTWIRE_DB``, flag ``--db``). The schema is versioned with ``PRAGMA user_version``;
``MIGRATIONS`` lists every step from an empty file, applied in order on open. Article ids
are content hashes (or the ids given in JSONL), so re-ingesting an article adds nothing.
Each article is written in one transaction, so a killed process leaves no half-written
article, and a rerun of the batch completes it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .config import Settings, load_settings
from .errors import StoreError
from .merge import (
    MergeConfig,
    MergeView,
    Role,
    actor_key,
    combine,
    mention_view,
    precision_rank,
    score,
)
from .records import (
    Actor,
    Article,
    Document,
    EventDate,
    EventMention,
    Failure,
    Place,
    Quote,
    Removed,
    Span,
    TimeExpr,
)

#: Schema steps: (version, description, statements). Never edit a released step; add one.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "initial schema: articles, failures, actors, events, mentions, places, quotes, times",
        [
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                url TEXT, title TEXT, published TEXT, published_source TEXT, origin TEXT,
                text TEXT NOT NULL,
                removed TEXT NOT NULL DEFAULT '[]',
                ingested_at TEXT NOT NULL
            )""",
            """CREATE TABLE failures (
                id TEXT PRIMARY KEY,
                stage TEXT NOT NULL, reason TEXT NOT NULL, origin TEXT, at TEXT NOT NULL
            )""",
            """CREATE TABLE actors (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                actor_id TEXT, name TEXT NOT NULL, country TEXT, sector TEXT, wikidata TEXT
            )""",
            """CREATE TABLE events (
                id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL UNIQUE,
                type TEXT NOT NULL, mode TEXT, modality TEXT NOT NULL,
                source_actor INTEGER REFERENCES actors(id),
                target_actor INTEGER REFERENCES actors(id),
                source_key TEXT, source_country TEXT, source_sector TEXT,
                target_key TEXT, target_country TEXT, target_sector TEXT,
                date_start TEXT, date_end TEXT, date_precision TEXT, date_text TEXT,
                date_lo TEXT, date_hi TEXT, date_key TEXT,
                place_name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL,
                geonames_id INTEGER,
                n_mentions INTEGER NOT NULL DEFAULT 0
            )""",
            "CREATE INDEX events_source ON events(type, source_key, date_key, seq)",
            "CREATE INDEX events_target ON events(type, target_key, date_key, seq)",
            "CREATE INDEX events_source_group"
            " ON events(type, source_country, source_sector, date_key, seq)",
            "CREATE INDEX events_target_group"
            " ON events(type, target_country, target_sector, date_key, seq)",
            "CREATE INDEX events_source_actor ON events(source_actor)",
            "CREATE INDEX events_target_actor ON events(target_actor)",
            """CREATE TABLE mentions (
                id INTEGER PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                event_id TEXT NOT NULL REFERENCES events(id),
                type TEXT NOT NULL, mode TEXT, modality TEXT NOT NULL,
                source_actor INTEGER REFERENCES actors(id),
                source_text TEXT, source TEXT,
                target_actor INTEGER REFERENCES actors(id),
                target_text TEXT, target TEXT,
                date_start TEXT, date_end TEXT, date_precision TEXT, date_text TEXT,
                date_from TEXT,
                location TEXT,
                place_name TEXT, country TEXT,
                trigger_text TEXT NOT NULL, trigger_start INTEGER NOT NULL,
                trigger_end INTEGER NOT NULL,
                sentence_text TEXT NOT NULL, sentence_start INTEGER NOT NULL,
                sentence_end INTEGER NOT NULL,
                confidence REAL NOT NULL, pattern TEXT,
                UNIQUE (article_id, seq)
            )""",
            "CREATE INDEX mentions_event ON mentions(event_id)",
            "CREATE INDEX mentions_source ON mentions(source_actor)",
            "CREATE INDEX mentions_target ON mentions(target_actor)",
            """CREATE TABLE places (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                name TEXT NOT NULL, country TEXT, admin1 TEXT, lat REAL, lon REAL,
                feature TEXT, geonames_id INTEGER, demonym INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (article_id, seq)
            )""",
            """CREATE TABLE quotes (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                speaker_actor INTEGER REFERENCES actors(id),
                speaker TEXT,
                cue TEXT, kind TEXT NOT NULL,
                PRIMARY KEY (article_id, seq)
            )""",
            """CREATE TABLE times (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                value TEXT, type TEXT NOT NULL, kind TEXT,
                PRIMARY KEY (article_id, seq)
            )""",
            """CREATE TABLE migrations (
                version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL
            )""",
        ],
    ),
    (
        2,
        "drop the per-actor indexes of events and mentions: every article's write paid for"
        " them, and only the actor counts read them, which now count in one pass",
        [
            "DROP INDEX IF EXISTS events_source_actor",
            "DROP INDEX IF EXISTS events_target_actor",
            "DROP INDEX IF EXISTS mentions_source",
            "DROP INDEX IF EXISTS mentions_target",
        ],
    ),
    (
        3,
        "the merge-candidate indexes hold only events that have the actor or group they"
        " look up (an event with no target is in neither target index)",
        [
            "DROP INDEX IF EXISTS events_source",
            "DROP INDEX IF EXISTS events_target",
            "DROP INDEX IF EXISTS events_source_group",
            "DROP INDEX IF EXISTS events_target_group",
            "CREATE INDEX events_source ON events(type, source_key, date_key, seq)"
            " WHERE source_key IS NOT NULL",
            "CREATE INDEX events_target ON events(type, target_key, date_key, seq)"
            " WHERE target_key IS NOT NULL",
            "CREATE INDEX events_source_group"
            " ON events(type, source_country, source_sector, date_key, seq)"
            " WHERE source_country IS NOT NULL AND source_sector IS NOT NULL",
            "CREATE INDEX events_target_group"
            " ON events(type, target_country, target_sector, date_key, seq)"
            " WHERE target_country IS NOT NULL AND target_sector IS NOT NULL",
        ],
    ),
]

SCHEMA_VERSION: int = MIGRATIONS[-1][0]

#: Merging looks at events dated at most this many days (plus the date window) from a
#: report's date; wider intervals (a whole year) still fit, open-ended ones may not.
DATE_REACH = 366
#: Undated events (and, for an undated report, events of any date) a report is compared
#: with: the most recent this many of each actor and actor group.
UNDATED_REACH = 200


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _day(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _role_cols(role: Role | None) -> tuple[str | None, str | None, str | None]:
    return (role.key, role.country, role.sector) if role is not None else (None, None, None)


#: ``json.dumps(obj, ensure_ascii=False)`` without a new encoder on every call
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def _actor_json(actor: Actor | None) -> str | None:
    """``json.dumps(vars(actor), ensure_ascii=False)``, written out: one per role of every
    mention, and the encoder's set-up cost more than the encoding."""
    if (a := actor) is None:
        return None
    return (
        f'{{"text": {_json_str(a.text)}, "start": {int(a.start)}, "end": {int(a.end)},'
        f' "name": {_json_str(a.name)}, "country": {_json_opt(a.country)},'
        f' "sector": {_json_opt(a.sector)}, "wikidata": {_json_opt(a.wikidata)},'
        f' "actor_id": {_json_opt(a.actor_id)}}}'
    )


_json_str = json.encoder.encode_basestring


def _json_opt(value: str | None) -> str:
    return "null" if value is None else _json_str(value)


def event_id_for(article_id: str, seq: int) -> str:
    """The id of an event founded by mention ``seq`` of article ``article_id``: a hash
    of the article, then the mention's number. The events one article founds sort
    together, so that writing them touches one page of the id index, not one each."""
    return f"{_event_id_prefix(article_id)}{seq:04x}"


@lru_cache(maxsize=64)
def _event_id_prefix(article_id: str) -> str:
    return f"ev-{hashlib.sha1(article_id.encode()).hexdigest()[:16]}"


@dataclass
class AddResult:
    """What ``Store.add_document`` did."""

    added: bool  # False when the article was already stored
    new_events: int = 0
    merged_mentions: int = 0


_RANK_SQL = (
    "(CASE date_precision WHEN 'day' THEN 3 WHEN 'month' THEN 2 WHEN 'year' THEN 1 ELSE 0 END)"
)
#: The columns a merge may change that no index holds; ``_merge_update`` adds those
#: that an index holds only when their value changes (assigning an indexed column
#: rewrites the index's entry even when the value stays the same).
_MERGE_SET = (
    "n_mentions = n_mentions + 1, date_lo = :lo, date_hi = :hi,"
    " mode = coalesce(mode, :mode),"
    " source_actor = CASE WHEN :take_s THEN :src ELSE coalesce(source_actor, :src) END,"
    " target_actor = CASE WHEN :take_t THEN :tgt ELSE coalesce(target_actor, :tgt) END,"
    f" date_start = CASE WHEN :rank > {_RANK_SQL} THEN :ds ELSE date_start END,"
    f" date_end = CASE WHEN :rank > {_RANK_SQL} THEN :de ELSE date_end END,"
    f" date_text = CASE WHEN :rank > {_RANK_SQL} THEN :dt ELSE date_text END,"
    f" date_precision = CASE WHEN :rank > {_RANK_SQL} THEN :dp ELSE date_precision END,"
    " country = CASE WHEN place_name IS NULL THEN :pc ELSE country END,"
    " admin1 = CASE WHEN place_name IS NULL THEN :pa ELSE admin1 END,"
    " lat = CASE WHEN place_name IS NULL THEN :plat ELSE lat END,"
    " lon = CASE WHEN place_name IS NULL THEN :plon ELSE lon END,"
    " geonames_id = CASE WHEN place_name IS NULL THEN :pg ELSE geonames_id END,"
    " place_name = coalesce(place_name, :pn)"
)


@cache
def _merge_update(new_key: bool, take_s: bool, take_t: bool) -> str:
    """The UPDATE that merges a mention into an event: ``new_key`` when the event's
    date key moves, ``take_s``/``take_t`` when it takes the mention's source/target."""
    sets = _MERGE_SET
    if new_key:
        sets += ", date_key = coalesce(:lo, :hi)"
    for role, take in (("source", take_s), ("target", take_t)):
        if take:
            k = role[0]
            sets += f", {role}_key = :{k}k, {role}_country = :{k}c, {role}_sector = :{k}s"
    return f"UPDATE events SET {sets} WHERE id = :id"


class Store:
    """A SQLite event store. Use ``Store.open``; close it (or use ``with``) when done."""

    def __init__(self, conn: sqlite3.Connection, path: str, merge: MergeConfig) -> None:
        self.conn = conn
        self.path = path
        self.merge = merge
        # actor key -> row id; rows written in an open transaction wait in _pending_actors
        self._actor_ids: dict[str, int] = {}
        self._pending_actors: dict[str, int] = {}

    # -- opening --------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        merge: MergeConfig | None = None,
        create: bool = True,
    ) -> Store:
        """Open the store at ``path`` (default: the ``db`` setting), migrating it; a new
        one is created unless ``create`` is False (then a missing file is a StoreError)."""
        target = str(path) if path is not None else load_settings().db
        if target != ":memory:" and not create and not Path(target).expanduser().exists():
            raise StoreError(f"no store at {target} (eventwire ingest creates one)")
        if target != ":memory:":
            parent = Path(target).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot open store {target}: directory {parent} does not exist")
        try:
            conn = sqlite3.connect(target, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {target}: {exc}") from exc
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if target != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"cannot open store {target}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, target, merge or MergeConfig())

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- small reads ----------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def counts(self) -> dict[str, int]:
        """Rows per table: articles, failures, events, mentions, actors, places, quotes, times."""
        tables = (
            "articles",
            "failures",
            "events",
            "mentions",
            "actors",
            "places",
            "quotes",
            "times",
        )
        return {
            t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in tables
        }

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- writing --------------------------------------------------------------------
    def add_failure(self, failure: Failure) -> None:
        """Record (or update) a failed article with its stage and reason."""
        try:
            self.conn.execute(
                "INSERT OR REPLACE INTO failures (id, stage, reason, origin, at)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    failure.id,
                    failure.stage,
                    failure.reason,
                    getattr(failure, "origin", None),
                    _now(),
                ),
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot record failure: {exc}", where=failure.id) from exc

    def add_document(self, doc: Document) -> AddResult:
        """Write one article and everything found in it, in one transaction."""
        aid = doc.article.id
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if self.has_article(aid):
                    self.conn.execute("ROLLBACK")
                    return AddResult(added=False)
                result = self._write_document(doc)
                self.conn.execute("DELETE FROM failures WHERE id = ?", (aid,))
                self.conn.execute("COMMIT")
                self._actor_ids.update(self._pending_actors)
                return result
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            finally:
                self._pending_actors.clear()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store article: {exc}", where=aid) from exc

    def _actor_row(self, actor: Actor | None) -> int | None:
        key = actor_key(actor)
        if actor is None or key is None:
            return None
        known = self._actor_ids.get(key) or self._pending_actors.get(key)
        if known is not None:
            return known
        row = self.conn.execute("SELECT id FROM actors WHERE key = ?", (key,)).fetchone()
        if row is not None:
            self._pending_actors[key] = int(row[0])
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO actors (key, actor_id, name, country, sector, wikidata)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (key, actor.actor_id, actor.name, actor.country, actor.sector, actor.wikidata),
        )
        self._pending_actors[key] = int(cur.lastrowid or 0)
        return self._pending_actors[key]

    def _write_document(self, doc: Document) -> AddResult:
        a = doc.article
        c = self.conn
        c.execute(
            "INSERT INTO articles (id, url, title, published, published_source, origin, text,"
            " removed, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.id,
                a.url,
                a.title,
                a.published,
                a.published_source,
                a.origin,
                doc.text,
                _to_json([r.to_contract() for r in doc.removed]),
                _now(),
            ),
        )
        c.executemany(
            'INSERT INTO places (article_id, seq, text, start, "end", name, country, admin1,'
            " lat, lon, feature, geonames_id, demonym) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    a.id,
                    i,
                    p.text,
                    p.start,
                    p.end,
                    p.name,
                    p.country,
                    p.admin1,
                    p.lat,
                    p.lon,
                    p.feature,
                    p.geonames_id,
                    int(p.demonym),
                )
                for i, p in enumerate(doc.places)
            ],
        )
        c.executemany(
            'INSERT INTO times (article_id, seq, text, start, "end", value, type, kind)'
            " VALUES (?,?,?,?,?,?,?,?)",
            [
                (a.id, i, t.text, t.start, t.end, t.value, t.type, t.kind)
                for i, t in enumerate(doc.times)
            ],
        )
        for i, q in enumerate(doc.quotes):
            sp = q.speaker
            c.execute(
                'INSERT INTO quotes (article_id, seq, text, start, "end", speaker_actor,'
                " speaker, cue, kind) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    a.id,
                    i,
                    q.text,
                    q.start,
                    q.end,
                    self._actor_row(sp),
                    _actor_json(sp),
                    q.cue,
                    q.kind,
                ),
            )
        result = AddResult(added=True)
        # Events this article already supports: a second mention in the same article is
        # never merged into them (the article reports two happenings). The article is
        # new to the store (stored ones are skipped), so no earlier mention of it exists.
        used: set[str] = set()
        rows: list[tuple[Any, ...]] = []
        for i, m in enumerate(doc.events):
            event_id, merged = self._merge_mention(a.id, i, m, used)
            used.add(event_id)
            rows.append(self._mention_row(a.id, i, m, event_id))
            if merged:
                result.merged_mentions += 1
            else:
                result.new_events += 1
        c.executemany(
            "INSERT INTO mentions (article_id, seq, event_id, type, mode, modality,"
            " source_actor, source_text, source, target_actor, target_text, target,"
            " date_start, date_end, date_precision, date_text, date_from,"
            " location, place_name, country,"
            " trigger_text, trigger_start, trigger_end,"
            " sentence_text, sentence_start, sentence_end, confidence, pattern)"
            " VALUES (?,?,?,?,?,?, ?,?,?,?,?,?, ?,?,?,?,?, ?,?,?, ?,?,?, ?,?,?,?,?)",
            rows,
        )
        return result

    def _mention_row(
        self, article_id: str, seq: int, m: EventMention, event_id: str
    ) -> tuple[Any, ...]:
        s, t, loc, d = m.source, m.target, m.location, m.date
        return (
            article_id,
            seq,
            event_id,
            m.type,
            m.mode,
            m.modality,
            self._actor_row(s),
            s.text if s else None,
            _actor_json(s),
            self._actor_row(t),
            t.text if t else None,
            _actor_json(t),
            d.start,
            d.end,
            d.precision,
            d.text,
            d.source,
            _to_json(vars(loc)) if loc else None,
            loc.name if loc else None,
            loc.country if loc else None,
            m.trigger_text,
            m.trigger.start,
            m.trigger.end,
            m.sentence_text,
            m.sentence.start,
            m.sentence.end,
            m.confidence,
            m.pattern,
        )

    def _merge_mention(
        self, article_id: str, seq: int, m: EventMention, used: set[str]
    ) -> tuple[str, bool]:
        """Attach mention ``m`` to the best compatible event, or found a new one."""
        mv = mention_view(m)
        src = self._actor_row(m.source)
        tgt = self._actor_row(m.target)
        best: tuple[int, str, MergeView] | None = None
        if mv.source is not None or mv.target is not None:
            sql, args = self._candidates(mv)
            fsql, fargs = self._prefilter(mv)
            rows = self.conn.execute(
                "SELECT e.id, e.type, e.modality, e.source_key, e.source_country,"
                " e.source_sector, e.target_key, e.target_country, e.target_sector,"
                " e.date_lo, e.date_hi, e.country FROM events e"
                f" WHERE e.rowid IN ({sql}) AND {fsql}"
                " ORDER BY e.seq",
                (*args, *fargs),
            ).fetchall()
            for r in rows:
                if r[0] in used:
                    continue
                ev = MergeView(
                    r[1],
                    r[2],
                    Role(r[3], r[4], r[5]) if r[3] else None,
                    Role(r[6], r[7], r[8]) if r[6] else None,
                    _day(r[9]),
                    _day(r[10]),
                    r[11],
                )
                s = score(mv, ev, self.merge)
                if s is not None and (best is None or s > best[0]):
                    best = (s, r[0], ev)
        loc = m.location
        place = (
            (loc.name, loc.country, loc.admin1, loc.lat, loc.lon, loc.geonames_id)
            if loc is not None
            else (None,) * 6
        )
        if best is None:
            eid = event_id_for(article_id, seq)
            self.conn.execute(
                "INSERT INTO events (id, seq, type, mode, modality, source_actor, target_actor,"
                " source_key, source_country, source_sector,"
                " target_key, target_country, target_sector,"
                " date_start, date_end, date_precision, date_text, date_lo, date_hi, date_key,"
                " place_name, country, admin1, lat, lon, geonames_id, n_mentions)"
                " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM events), ?,?,?,?,?,"
                " ?,?,?, ?,?,?, ?,?,?,?,?,?,?, ?,?,?,?,?,?, 1)",
                (
                    eid,
                    m.type,
                    m.mode,
                    m.modality,
                    src,
                    tgt,
                    *_role_cols(mv.source),
                    *_role_cols(mv.target),
                    *self._display_date(m.date),
                    _iso(mv.lo),
                    _iso(mv.hi),
                    _iso(mv.lo or mv.hi),
                    *place,
                ),
            )
            return eid, False
        _, eid, ev = best
        merged = combine(ev, mv)
        # one statement: a role the event did not know (or held unresolved) is taken from
        # the mention, a more precise date replaces the shown one, a first place is kept
        ds, de, dp, dt = self._display_date(m.date)
        take_s = ev.source is None and mv.source is not None
        take_t = ev.target is None and mv.target is not None
        self.conn.execute(
            _merge_update((merged.lo or merged.hi) != (ev.lo or ev.hi), take_s, take_t),
            {
                "id": eid,
                "lo": _iso(merged.lo),
                "hi": _iso(merged.hi),
                "mode": m.mode,
                "take_s": take_s,
                "src": src,
                "sk": mv.source.key if mv.source else None,
                "sc": mv.source.country if mv.source else None,
                "ss": mv.source.sector if mv.source else None,
                "take_t": take_t,
                "tgt": tgt,
                "tk": mv.target.key if mv.target else None,
                "tc": mv.target.country if mv.target else None,
                "ts": mv.target.sector if mv.target else None,
                "rank": precision_rank(dp) if m.date.source != "published" else -1,
                "ds": ds,
                "de": de,
                "dp": dp,
                "dt": dt,
                "pn": place[0],
                "pc": place[1],
                "pa": place[2],
                "plat": place[3],
                "plon": place[4],
                "pg": place[5],
            },
        )
        return eid, True

    def _candidates(self, mv: MergeView) -> tuple[str, list[Any]]:
        """SQL for the rowids of events that may take mention ``mv``, and its arguments.

        A union of index lookups, so that the cost does not grow with the store: events
        sharing an actor with ``mv`` (below strict also an actor group: country and
        sector, or under loose the country), dated within ``DATE_REACH`` days (plus the
        window) of its date, and the ``UNDATED_REACH`` most recent undated ones; for an
        undated mention, the ``UNDATED_REACH`` most recent of the group. Rowids, not ids:
        the indexes hold them, so no candidate costs a table lookup before the filter.
        """
        parts: list[str] = []
        args: list[Any] = []
        groups: list[tuple[str, list[Any]]] = []
        for role, r in (("source", mv.source), ("target", mv.target)):
            if r is None:
                continue
            groups.append((f"type = ? AND {role}_key = ?", [mv.type, r.key]))
            if self.merge.strictness == "loose" and r.country:
                groups.append((f"type = ? AND {role}_country = ?", [mv.type, r.country]))
            elif self.merge.strictness == "normal" and r.country and r.sector:
                groups.append(
                    (
                        f"type = ? AND {role}_country = ? AND {role}_sector = ?",
                        [mv.type, r.country, r.sector],
                    )
                )
        key_lo, key_hi = mv.lo or mv.hi, mv.hi or mv.lo
        reach = timedelta(days=DATE_REACH + self.merge.window)
        for where, wargs in groups:
            if key_lo is not None and key_hi is not None:
                parts.append(f"SELECT rowid FROM events WHERE {where} AND date_key BETWEEN ? AND ?")
                args += [*wargs, _iso(key_lo - reach), _iso(key_hi + reach)]
                parts.append(
                    f"SELECT r FROM (SELECT rowid AS r FROM events WHERE {where} AND date_key IS NULL"
                    f" ORDER BY seq DESC LIMIT {UNDATED_REACH})"
                )
                args += wargs
            else:
                parts.append(
                    f"SELECT r FROM (SELECT rowid AS r FROM events WHERE {where}"
                    f" ORDER BY seq DESC LIMIT {UNDATED_REACH})"
                )
                args += wargs
        return " UNION ALL ".join(parts), args

    def _prefilter(self, mv: MergeView) -> tuple[str, list[Any]]:
        """SQL conditions that drop candidates ``merge.score`` would refuse anyway
        (conflicting actors, modality, dates, place); the score still decides."""
        conds: list[str] = []
        args: list[Any] = []
        strictness = self.merge.strictness
        if strictness != "loose":
            conds.append("e.modality = ?")
            args.append(mv.modality)
        for role, r in (("source", mv.source), ("target", mv.target)):
            if r is None:
                if strictness == "strict":
                    conds.append(f"e.{role}_key IS NULL")
                continue
            same = f"e.{role}_key = ?"
            rargs: list[Any] = [r.key]
            if strictness == "loose" and r.country:
                same += f" OR e.{role}_country = ?"
                rargs.append(r.country)
            elif strictness == "normal" and r.country and r.sector:
                same += f" OR (e.{role}_country = ? AND e.{role}_sector = ?)"
                rargs += [r.country, r.sector]
            if strictness == "strict":
                conds.append(f"({same})")
            else:
                conds.append(f"(e.{role}_key IS NULL OR {same})")
            args += rargs
        w = timedelta(days=self.merge.window)
        if mv.hi is not None:
            conds.append("(e.date_lo IS NULL OR e.date_lo <= ?)")
            args.append(_iso(mv.hi + w))
        if mv.lo is not None:
            conds.append("(e.date_hi IS NULL OR e.date_hi >= ?)")
            args.append(_iso(mv.lo - w))
        if mv.country:
            conds.append("(e.country IS NULL OR e.country = ?)")
            args.append(mv.country)
        return (" AND ".join(conds) or "1"), args

    @staticmethod
    def _display_date(d: EventDate) -> tuple[str | None, str | None, str | None, str | None]:
        if d.source == "published":
            return (None, None, None, None)
        return (d.start, d.end, d.precision, d.text)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema of ``conn`` up to ``SCHEMA_VERSION``; return the version found."""
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"store schema version {found} is newer than this eventwire supports ({SCHEMA_VERSION})"
        )
    for version, description, statements in MIGRATIONS:
        if version <= found:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while we waited for the lock
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= version:
                conn.execute("ROLLBACK")
                continue
            for stmt in statements:
                conn.execute(stmt)
            conn.execute(
                "INSERT INTO migrations (version, description, applied_at) VALUES (?, ?, ?)",
                (version, description, _now()),
            )
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return found


# -- ingest -----------------------------------------------------------------------------


@dataclass
class IngestReport:
    """Counts from one ``ingest`` run."""

    seen: int = 0
    added: int = 0
    skipped: int = 0  # already in the store
    failed: int = 0
    new_events: int = 0
    merged_mentions: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.added / self.seconds if self.seconds > 0 else 0.0
        return (
            f"{self.seen} articles: {self.added} added, {self.skipped} already stored, "
            f"{self.failed} failed; {self.new_events} new events, {self.merged_mentions} "
            f"mentions merged into existing events ({rate:.1f} articles/s)"
        )


def _progress(enabled: bool | None) -> Any:
    use = sys.stderr.isatty() if enabled is None else enabled
    if not use:
        return None
    from tqdm import tqdm

    return tqdm(unit="art", desc="ingest", file=sys.stderr, dynamic_ncols=True)


def ingest_items(
    store: Store,
    items: Iterable[Article | Failure],
    *,
    pipeline: Any = None,
    settings: Settings | None = None,
    progress: bool | None = None,
) -> IngestReport:
    """Run extraction over ``items`` and write each result to ``store``.

    Articles already stored are skipped before extraction. ``progress``: None shows a
    bar only when stderr is a terminal.
    """
    from .pipeline import Pipeline

    pipe = pipeline or Pipeline(settings)
    report = IngestReport()
    started = time.perf_counter()
    bar = _progress(progress)

    def fresh() -> Iterator[Article | Failure]:
        for item in items:
            report.seen += 1
            if isinstance(item, Article) and store.has_article(item.id):
                report.skipped += 1
                if bar is not None:
                    bar.update(1)
                continue
            yield item

    try:
        for result in pipe.run(fresh()):
            if isinstance(result, Failure):
                store.add_failure(result)
                report.failed += 1
            else:
                added = store.add_document(result)
                if added.added:
                    report.added += 1
                    report.new_events += added.new_events
                    report.merged_mentions += added.merged_mentions
                else:
                    report.skipped += 1
            if bar is not None:
                bar.update(1)
                bar.set_postfix(failed=report.failed, refresh=False)
    finally:
        if bar is not None:
            bar.close()
        report.seconds = time.perf_counter() - started
    return report


def ingest(
    sources: Sequence[str],
    *,
    db: str | Path | None = None,
    settings: Settings | None = None,
    merge: MergeConfig | None = None,
    progress: bool | None = None,
    pipeline: Any = None,
) -> IngestReport:
    """``eventwire ingest``: read ``sources`` (files, directories, JSONL, "-") into a store."""
    from .ingest import iter_sources

    cfg = settings or load_settings()
    with Store.open(db if db is not None else cfg.db, merge=merge) as store:
        return ingest_items(
            store,
            iter_sources(list(sources), cfg),
            pipeline=pipeline,
            settings=cfg,
            progress=progress,
        )


# -- queries ----------------------------------------------------------------------------


@dataclass
class StoredActor:
    id: int
    name: str
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    actor_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StoredEvent:
    """A merged event: the happening, with how many reports support it."""

    id: str
    type: str
    mode: str | None
    modality: str
    source: StoredActor | None
    target: StoredActor | None
    date_start: str | None
    date_end: str | None
    date_precision: str | None
    date_text: str | None
    place_name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    n_mentions: int

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return d


@dataclass
class StoredMention:
    """One report of an event: the sentence it was found in and the article."""

    article_id: str
    seq: int
    article_title: str | None
    article_url: str | None
    article_published: str | None
    trigger_text: str
    sentence_text: str
    sentence_start: int
    sentence_end: int
    source_text: str | None
    target_text: str | None
    date_start: str | None
    date_end: str | None
    date_precision: str | None
    date_from: str | None
    modality: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EventDetail:
    event: StoredEvent
    mentions: list[StoredMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = self.event.to_dict()
        d["mentions"] = [m.to_dict() for m in self.mentions]
        return d


_ACTOR_COLS = "id, name, country, sector, wikidata, actor_id"
_EVENT_SELECT = (
    "SELECT e.id, e.type, e.mode, e.modality,"
    " sa.id, sa.name, sa.country, sa.sector, sa.wikidata, sa.actor_id,"
    " ta.id, ta.name, ta.country, ta.sector, ta.wikidata, ta.actor_id,"
    " e.date_start, e.date_end, e.date_precision, e.date_text,"
    " e.place_name, e.country, e.admin1, e.lat, e.lon, e.geonames_id, e.n_mentions"
    " FROM events e LEFT JOIN actors sa ON sa.id = e.source_actor"
    " LEFT JOIN actors ta ON ta.id = e.target_actor"
)


def _actor_from(row: Sequence[Any]) -> StoredActor | None:
    if row[0] is None:
        return None
    return StoredActor(row[0], row[1], row[2], row[3], row[4], row[5])


def _event_from(row: Sequence[Any]) -> StoredEvent:
    return StoredEvent(
        id=row[0],
        type=row[1],
        mode=row[2],
        modality=row[3],
        source=_actor_from(row[4:10]),
        target=_actor_from(row[10:16]),
        date_start=row[16],
        date_end=row[17],
        date_precision=row[18],
        date_text=row[19],
        place_name=row[20],
        country=row[21],
        admin1=row[22],
        lat=row[23],
        lon=row[24],
        geonames_id=row[25],
        n_mentions=row[26],
    )


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def query_events(
    store: Store,
    *,
    actor: str | None = None,
    country: str | None = None,
    type: str | None = None,
    modality: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    place: str | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> list[StoredEvent]:
    """Merged events matching every filter given, in the order they were first stored.

    actor     a name (substring, any case) or code: dictionary id, Wikidata id or country
              code of the source or target
    country   the country (ISO3) where the event happened
    type      a PLOVER type; modality: asserted, negated, hypothetical, future
    date_from, date_to   YYYY[-MM[-DD]]: events whose known dates overlap the range
              (events without a date are left out when a range is given)
    place     substring of the place name of the event or of any of its mentions
    text      substring of any supporting sentence
    """
    where: list[str] = []
    args: list[Any] = []
    if actor:
        where.append(
            "EXISTS (SELECT 1 FROM actors a WHERE a.id IN (e.source_actor, e.target_actor)"
            " AND (a.name LIKE ? ESCAPE '\\' OR a.actor_id = ? OR a.wikidata = ?"
            " OR upper(a.country) = upper(?)))"
        )
        args += [_like(actor), actor, actor, actor]
    if country:
        where.append("upper(e.country) = upper(?)")
        args.append(country)
    if type:
        where.append("e.type = upper(?)")
        args.append(type)
    if modality:
        where.append("e.modality = lower(?)")
        args.append(modality)
    if date_from:
        lo = _bound(date_from, upper=False)
        where.append(
            "coalesce(e.date_hi, e.date_lo) IS NOT NULL AND coalesce(e.date_hi, '9999') >= ?"
        )
        args.append(lo)
    if date_to:
        hi = _bound(date_to, upper=True)
        where.append(
            "coalesce(e.date_hi, e.date_lo) IS NOT NULL AND coalesce(e.date_lo, '0000') <= ?"
        )
        args.append(hi)
    if place:
        where.append(
            "(e.place_name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM mentions x"
            " WHERE x.event_id = e.id AND x.place_name LIKE ? ESCAPE '\\'))"
        )
        args += [_like(place), _like(place)]
    if text:
        where.append(
            "EXISTS (SELECT 1 FROM mentions x WHERE x.event_id = e.id"
            " AND x.sentence_text LIKE ? ESCAPE '\\')"
        )
        args.append(_like(text))
    sql = _EVENT_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY e.seq"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    try:
        return [_event_from(r) for r in store.conn.execute(sql, args)]
    except sqlite3.Error as exc:
        raise StoreError(f"query failed: {exc}") from exc


def _bound(value: str, upper: bool) -> str:
    from .merge import _parse_bound

    d = _parse_bound(value, upper=upper)
    if d is None:
        raise StoreError(f"bad date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    return d.isoformat()


@dataclass
class ActorCount:
    actor: StoredActor
    events: int  # merged events with the actor as source or target
    mentions: int  # reports naming the actor as source or target

    def to_dict(self) -> dict[str, Any]:
        d = self.actor.to_dict()
        d["events"] = self.events
        d["mentions"] = self.mentions
        return d


def top_actors(store: Store, *, limit: int | None = 20) -> list[ActorCount]:
    """Actors that appear in the most events (as source or target), with counts."""

    # one pass over each table; a row with the same actor on both sides counts once
    def per_actor(table: str) -> str:
        return (
            f"SELECT actor, count(*) AS n FROM (SELECT source_actor AS actor FROM {table}"
            f" WHERE source_actor IS NOT NULL UNION ALL SELECT target_actor FROM {table}"
            " WHERE target_actor IS NOT NULL AND target_actor IS NOT source_actor)"
            " GROUP BY actor"
        )

    sql = (
        f"SELECT {', '.join('a.' + c.strip() for c in _ACTOR_COLS.split(','))},"
        " coalesce(ev.n, 0) AS ne, coalesce(mv.n, 0) AS nm FROM actors a"
        f" LEFT JOIN ({per_actor('events')}) ev ON ev.actor = a.id"
        f" LEFT JOIN ({per_actor('mentions')}) mv ON mv.actor = a.id"
        " WHERE ne > 0 OR nm > 0 ORDER BY ne DESC, nm DESC, a.name"
    )
    args: list[Any] = []
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    return [
        ActorCount(StoredActor(*r[:6]), int(r[6]), int(r[7])) for r in store.conn.execute(sql, args)
    ]


def get_event(store: Store, event_id: str) -> EventDetail:
    """The event ``event_id`` with every mention, its sentence and its article."""
    row = store.conn.execute(_EVENT_SELECT + " WHERE e.id = ?", (event_id,)).fetchone()
    if row is None:
        raise StoreError(f"no event {event_id!r} in {store.path}")
    detail = EventDetail(_event_from(row))
    for r in store.conn.execute(
        "SELECT m.article_id, m.seq, a.title, a.url, a.published, m.trigger_text,"
        " m.sentence_text, m.sentence_start, m.sentence_end, m.source_text, m.target_text,"
        " m.date_start, m.date_end, m.date_precision, m.date_from, m.modality, m.confidence"
        " FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE m.event_id = ? ORDER BY m.id",
        (event_id,),
    ):
        detail.mentions.append(StoredMention(*r))
    return detail


def event_articles(store: Store, event_id: str) -> list[str]:
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT article_id FROM mentions WHERE event_id = ? ORDER BY id", (event_id,)
        )
    ]


# -- documents back out -------------------------------------------------------------------


def _actor_back(blob: str | None) -> Actor | None:
    return Actor(**json.loads(blob)) if blob else None


def article_ids(store: Store) -> list[str]:
    """Ids of the stored articles, in the order they were ingested."""
    return [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY rowid")]


def load_document(store: Store, article_id: str) -> tuple[Document, list[str]]:
    """The stored article as a Document, and the merged event id of each of its mentions."""
    c = store.conn
    r = c.execute(
        "SELECT id, url, title, published, published_source, origin, text, removed"
        " FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if r is None:
        raise StoreError(f"no article {article_id!r} in {store.path}")
    article = Article(
        id=r[0], url=r[1], title=r[2], published=r[3], published_source=r[4], origin=r[5]
    )
    doc = Document(
        article=article,
        text=r[6],
        removed=[Removed(x["text"], x["reason"]) for x in json.loads(r[7])],
    )
    doc.places = [
        Place(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], bool(p[10]))
        for p in c.execute(
            'SELECT text, start, "end", name, country, admin1, lat, lon, feature, geonames_id,'
            " demonym FROM places WHERE article_id = ? ORDER BY seq",
            (article_id,),
        )
    ]
    doc.times = [
        TimeExpr(*t)
        for t in c.execute(
            'SELECT text, start, "end", value, type, kind FROM times WHERE article_id = ?'
            " ORDER BY seq",
            (article_id,),
        )
    ]
    doc.quotes = [
        Quote(q[0], q[1], q[2], _actor_back(q[3]), q[4], q[5])
        for q in c.execute(
            'SELECT text, start, "end", speaker, cue, kind FROM quotes WHERE article_id = ?'
            " ORDER BY seq",
            (article_id,),
        ).fetchall()
    ]
    event_ids: list[str] = []
    for m in c.execute(
        "SELECT type, trigger_start, trigger_end, trigger_text, sentence_start, sentence_end,"
        " sentence_text, mode, modality, source, target, date_start, date_end,"
        " date_precision, date_text, date_from, location, confidence, pattern, event_id"
        " FROM mentions WHERE article_id = ? ORDER BY seq",
        (article_id,),
    ).fetchall():
        loc = Place(**json.loads(m[16])) if m[16] else None
        doc.events.append(
            EventMention(
                type=m[0],
                trigger=Span(m[1], m[2]),
                trigger_text=m[3],
                sentence=Span(m[4], m[5]),
                sentence_text=m[6],
                mode=m[7],
                modality=m[8],
                source=_actor_back(m[9]),
                target=_actor_back(m[10]),
                date=EventDate(m[11], m[12], m[13], m[14], m[15]),
                location=loc,
                confidence=m[17],
                pattern=m[18],
            )
        )
        event_ids.append(m[19])
    return doc, event_ids


def iter_documents(store: Store) -> Iterator[tuple[Document, list[str]]]:
    for aid in article_ids(store):
        yield load_document(store, aid)


def failures(store: Store) -> list[Failure]:
    return [
        Failure(r[0], r[1], r[2], r[3])
        for r in store.conn.execute("SELECT id, stage, reason, origin FROM failures ORDER BY rowid")
    ]
