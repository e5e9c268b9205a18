"""The SQLite event store: schema and migrations, atomic writes, ingest, queries, CLI."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire import store as store_mod
from eventwire.errors import StoreError
from eventwire.export import event_rows, read_csv, read_plover, validate_plover
from eventwire.pipeline import Pipeline
from eventwire.records import (
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
from eventwire.store import (
    SCHEMA_VERSION,
    Store,
    failures,
    get_event,
    ingest,
    load_document,
    query_events,
    top_actors,
)

DATA = Path(__file__).parent / "data" / "store"
BATCH = DATA / "batch.jsonl"
REPORTS = DATA / "reports"

IRQ = Actor("Iraqi", 0, 5, "Iraq", "IRQ", "GOV", "Q796", actor_id="IRQ")
USA = Actor("Washington", 20, 30, "United States", "USA", "GOV", "Q30", actor_id="USA")
ISIS = Actor("Islamic State", 0, 13, "Islamic State", None, "REB", "Q2429253", actor_id="ISIS")


def _mention(
    type: str,
    source: Actor | None,
    target: Actor | None,
    day: str | None,
    sentence: str,
    **kw: object,
) -> EventMention:
    return EventMention(
        type=type,
        trigger=Span(6, 14),
        trigger_text=sentence.split()[1],
        sentence=Span(0, len(sentence)),
        sentence_text=sentence,
        source=source,
        target=target,
        date=EventDate(day, None, "day" if day else None, day, "text" if day else None),
        **kw,  # type: ignore[arg-type]
    )


def rich_document() -> Document:
    """An article with something in every table, and text that needs escaping."""
    text = (
        'Iraqi forces attacked the "Islamic State" near Mosul on 3 March 2021 — 10 killed, ünïcode.'
    )
    d = Document(
        article=Article(
            id="rich-1",
            url="https://example.org/a?x=1",
            title="Mosul, again",
            published="2021-03-04",
            published_source="given",
            origin="x.jsonl:1",
        ),
        text=text,
        removed=[Removed("Read More", "read-more")],
    )
    mosul = Place("Mosul", 45, 50, "Mosul", "IRQ", "Nineveh", 36.34, 43.13, "city", 99072)
    d.places = [
        mosul,
        Place("Iraqi", 0, 5, "Iraq", "IRQ", None, 33.0, 44.0, "country", 99237, True),
    ]
    d.times = [TimeExpr("3 March 2021", 54, 66, "2021-03-03", "DATE", "absolute")]
    d.quotes = [Quote("Islamic State", 27, 40, IRQ, "said", "scare")]
    d.events = [
        _mention(
            "ASSAULT",
            IRQ,
            ISIS,
            "2021-03-03",
            text,
            location=mosul,
            mode="firearms",
            confidence=0.8125,
            pattern="attack-v",
        ),
        _mention("COERCE", IRQ, None, None, text, modality="hypothetical"),
    ]
    return d


def test_new_store_has_current_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "ew.db"
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert [r[0] for r in s.conn.execute("SELECT version FROM migrations")] == list(
            range(1, SCHEMA_VERSION + 1)
        )
        assert s.integrity_check() == "ok"


def test_migrations_apply_once_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ew.db"
    Store.open(path).close()
    step = (
        SCHEMA_VERSION + 1,
        "test: article language",
        ["ALTER TABLE articles ADD COLUMN lang TEXT"],
    )
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, step])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    for _ in range(2):  # the second open finds nothing to do
        with Store.open(path) as s:
            assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
            cols = [r[1] for r in s.conn.execute("PRAGMA table_info(articles)")]
            assert cols.count("lang") == 1
            assert (
                s.conn.execute("SELECT count(*) FROM migrations").fetchone()[0]
                == SCHEMA_VERSION + 1
            )


def test_a_version_1_store_migrates_keeping_its_data_and_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ew.db"
    with monkeypatch.context() as m:  # a store as the first release wrote it
        m.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:1])
        m.setattr(store_mod, "SCHEMA_VERSION", 1)
        with Store.open(path) as s:
            s.add_document(rich_document())
            d = Document(article=Article(id="self"), text="Iraq criticised Iraq.")
            d.events = [_mention("ACCUSE", IRQ, IRQ, "2021-03-04", d.text)]
            s.add_document(d)
            before = s.counts()
            old = s.conn.execute(  # the first release's count, through its indexes
                "SELECT a.name, (SELECT count(*) FROM events e WHERE a.id IN"
                " (e.source_actor, e.target_actor)), (SELECT count(*) FROM mentions m WHERE"
                " a.id IN (m.source_actor, m.target_actor)) FROM actors a ORDER BY a.name"
            ).fetchall()
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
        names = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert not names & {"events_source_actor", "mentions_source"}
        assert s.counts() == before and s.integrity_check() == "ok"
        new = sorted((c.actor.name, c.events, c.mentions) for c in top_actors(s, limit=None))
    assert new == sorted(tuple(r) for r in old if r[1] or r[2])
    assert ("Iraq", 3, 3) in new  # "Iraq criticised Iraq" counts once, not twice


def test_a_version_2_store_gets_partial_merge_indexes_and_merges_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ew.db"
    with monkeypatch.context() as m:
        m.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:2])
        m.setattr(store_mod, "SCHEMA_VERSION", 2)
        with Store.open(path) as s:
            s.add_document(rich_document())  # events with and without a target
            before = s.counts()
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
        sql = dict(s.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
        for name in ("events_source", "events_target", "events_source_group"):
            assert "WHERE" in sql[name]
        in_target_index = s.conn.execute(
            "SELECT count(*) FROM events INDEXED BY events_target"
            " WHERE type = 'ASSAULT' AND target_key = 'id:ISIS'"
        ).fetchone()[0]
        assert in_target_index == 1
        assert s.counts() == before and s.integrity_check() == "ok"
        # a second report of the stored attack still finds it
        d = Document(article=Article(id="later"), text="Iraq attacked IS on 3 March.")
        d.events = [_mention("ASSAULT", IRQ, ISIS, "2021-03-03", d.text)]
        assert s.add_document(d).merged_mentions == 1


def test_store_from_a_newer_eventwire_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ew.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_a_file_that_is_not_a_store_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite at all, just some bytes" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open(bad)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing" / "ew.db")
    with pytest.raises(StoreError, match="no store at"):
        Store.open(tmp_path / "ew.db", create=False)


def test_document_round_trips_and_re_adding_adds_nothing() -> None:
    d = rich_document()
    with Store.open(":memory:") as s:
        first = s.add_document(d)
        assert (first.added, first.new_events) == (True, 2)
        before = s.counts()
        assert s.add_document(rich_document()).added is False
        assert s.counts() == before
        assert before == {
            "articles": 1,
            "failures": 0,
            "events": 2,
            "mentions": 2,
            "actors": 2,
            "places": 2,
            "quotes": 1,
            "times": 1,
        }
        back, event_ids = load_document(s, "rich-1")
        assert back.to_contract() == d.to_contract()
        assert back.article.origin == "x.jsonl:1"
        assert event_ids == [e.id for e in query_events(s)]


def test_a_failed_write_leaves_no_half_written_article() -> None:
    d = rich_document()
    d.events[1].trigger_text = None  # type: ignore[assignment]  # NOT NULL: fails mid-article
    with Store.open(":memory:") as s:
        with pytest.raises(StoreError, match="rich-1"):
            s.add_document(d)
        assert set(s.counts().values()) == {0}
        s.add_document(rich_document())  # and the store is still usable
        assert s.counts()["mentions"] == 2


def test_failures_are_kept_and_cleared_when_the_article_succeeds() -> None:
    with Store.open(":memory:") as s:
        s.add_failure(Failure("rich-1", "nlp", "boom"))
        s.add_failure(Failure("rich-1", "nlp", "boom again"))
        assert [(f.id, f.reason) for f in failures(s)] == [("rich-1", "boom again")]
        s.add_document(rich_document())
        assert failures(s) == []


@pytest.fixture()
def small_store() -> Store:
    s = Store.open(":memory:")
    docs = [
        (
            "a1",
            _mention(
                "ASSAULT",
                IRQ,
                ISIS,
                "2021-03-03",
                "Iraq attacked Islamic State near Mosul.",
                location=Place("Mosul", 0, 5, "Mosul", "IRQ"),
            ),
        ),
        (
            "a2",
            _mention(
                "ASSAULT", IRQ, ISIS, "2021-03-03", "Iraqi troops struck Islamic State fighters."
            ),
        ),
        (
            "a3",
            _mention(
                "ACCUSE",
                USA,
                IRQ,
                "2022-05-10",
                "Washington accused Baghdad of delays.",
                modality="negated",
            ),
        ),
        ("a4", _mention("AGREE", USA, IRQ, None, "Washington agreed with Baghdad on troops.")),
    ]
    for aid, m in docs:
        d = Document(article=Article(id=aid), text=m.sentence_text)
        d.events = [m]
        s.add_document(d)
    return s


def _ids(events: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(e.type for e in events)


def test_queries_filter_by_every_field(small_store: Store) -> None:
    s = small_store
    assert _ids(query_events(s)) == ["ACCUSE", "AGREE", "ASSAULT"]
    assert _ids(query_events(s, actor="islamic")) == ["ASSAULT"]
    assert _ids(query_events(s, actor="USA")) == ["ACCUSE", "AGREE"]  # a country code
    assert _ids(query_events(s, actor="Q2429253")) == ["ASSAULT"]  # a Wikidata id
    assert _ids(query_events(s, country="irq")) == ["ASSAULT"]
    assert _ids(query_events(s, type="accuse")) == ["ACCUSE"]
    assert _ids(query_events(s, modality="negated")) == ["ACCUSE"]
    assert _ids(query_events(s, date_from="2022")) == ["ACCUSE"]
    assert _ids(query_events(s, date_to="2021-03")) == ["ASSAULT"]
    assert _ids(query_events(s, date_from="2021-03-04", date_to="2022-05-09")) == []
    assert _ids(query_events(s, place="mos")) == ["ASSAULT"]
    assert _ids(query_events(s, text="fighters")) == ["ASSAULT"]
    assert _ids(query_events(s, text="100%")) == []  # LIKE wildcards are literal
    assert len(query_events(s, limit=1)) == 1
    with pytest.raises(StoreError, match="bad date"):
        query_events(s, date_from="March 2021")


def test_top_actors_and_show(small_store: Store) -> None:
    top = top_actors(small_store)
    assert [(c.actor.name, c.events, c.mentions) for c in top] == [
        ("Iraq", 3, 4),
        ("United States", 2, 2),
        ("Islamic State", 1, 2),
    ]
    (assault,) = query_events(small_store, type="ASSAULT")
    detail = get_event(small_store, assault.id)
    assert [(m.article_id, m.sentence_text) for m in detail.mentions] == [
        ("a1", "Iraq attacked Islamic State near Mosul."),
        ("a2", "Iraqi troops struck Islamic State fighters."),
    ]
    with pytest.raises(StoreError, match="no event"):
        get_event(small_store, "ev-nope")


# -- ingest with the real pipeline ----------------------------------------------------------


def test_ingesting_a_batch_twice_gives_the_counts_of_once(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    db = tmp_path / "ew.db"
    first = ingest([str(BATCH)], db=db, pipeline=pipeline, progress=False)
    with Store.open(db) as s:
        once = s.counts()
    assert (first.seen, first.added, first.failed) == (123, 120, 2)
    assert first.skipped == 1  # the article given twice in the batch
    assert once["articles"] == 120 and once["failures"] == 2
    assert once["mentions"] >= once["events"]
    again = ingest([str(BATCH)], db=db, pipeline=pipeline, progress=False)
    assert (again.added, again.skipped, again.failed) == (0, 121, 2)
    with Store.open(db) as s:
        assert s.counts() == once
        assert {f.id for f in failures(s)} == {"batch-empty", f"{BATCH}:41"}
        assert s.integrity_check() == "ok"


def _events_by_file(db: Path) -> dict[str, set[str]]:
    """file name -> ids of the events its mentions support."""
    with Store.open(db) as s:
        rows = s.conn.execute(
            "SELECT a.origin, m.event_id FROM mentions m JOIN articles a ON a.id = m.article_id"
        ).fetchall()
    out: dict[str, set[str]] = {}
    for origin, eid in rows:
        out.setdefault(Path(origin).name, set()).add(eid)
    return out


def test_differently_worded_reports_merge_and_other_days_do_not(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    db = tmp_path / "ew.db"
    ingest([str(REPORTS)], db=db, pipeline=pipeline, progress=False)
    by_file = _events_by_file(db)
    shared = by_file["turkey_strike_a.txt"] & by_file["turkey_strike_b.txt"]
    assert len(shared) == 1
    with Store.open(db) as s:
        detail = get_event(s, shared.pop())
        assert detail.event.type == "ASSAULT" and len(detail.mentions) == 2
    march3, march9 = by_file["iraq_mosul_march3.txt"], by_file["iraq_mosul_march9.txt"]
    assert march3 and march9 and not (march3 & march9)


# -- the CLI ---------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_ingest_query_show_export(tmp_path: Path) -> None:
    db = str(tmp_path / "ew.db")
    r = _cli("ingest", str(REPORTS), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "4 added" in r.stderr and "\r" not in r.stderr  # no progress bar in a pipe
    r = _cli("events", "--db", db, "--format", "json", "--type", "ASSAULT", "--from", "2023")
    assert r.returncode == 0, r.stderr
    events = json.loads(r.stdout)
    assert [e["n_mentions"] for e in events if e["date_start"] == "2023-06-12"] == [2]
    (merged,) = [e for e in events if e["date_start"] == "2023-06-12"]
    r = _cli("show", merged["id"], "--db", db)
    assert r.returncode == 0, r.stderr
    assert merged["id"] in r.stdout and "2 report(s)" in r.stdout
    r = _cli("actors", "--db", db, "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)[0]["events"] >= 1
    r = _cli("events", "--db", db, "--format", "csv")
    assert r.returncode == 0 and r.stdout.startswith("event_id,type,")
    (tmp_path / "events.csv").write_text(r.stdout, encoding="utf-8")
    with Store.open(db) as s:
        assert read_csv(tmp_path / "events.csv") == event_rows(s)
    out = tmp_path / "events.plover.jsonl"
    r = _cli("export", "--db", db, "--format", "plover", "-o", str(out))
    assert r.returncode == 0 and out.read_text().count("\n") == len(
        json.loads(_cli("events", "--db", db, "--format", "json").stdout)
    )
    validate_plover(read_plover(out))  # real extraction output fits the PLOVER schema


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    r = _cli("events", "--db", str(tmp_path / "typo.db"))
    assert r.returncode == 1 and "no store at" in r.stderr and not (tmp_path / "typo.db").exists()
    Store.open(tmp_path / "ew.db").close()
    r = _cli("show", "ev-nope", "--db", str(tmp_path / "ew.db"))
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "no event 'ev-nope'" in r.stderr
    assert "Traceback" not in r.stderr


# -- quality gate: the store loses nothing the scorer measures --------------------------------


def _score(shared: Path, out: Path) -> str:
    r = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score.py"),
            str(shared / "examples" / "seed" / "gold.json"),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return r.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_quality_seed_scores_the_same_through_the_store(tmp_path: Path, shared_dir: Path) -> None:
    """The seed article through ``ingest`` + ``export --format jsonl`` scores exactly as
    through ``extract``: the store is lossless for everything the scorer reads. (The
    extraction figures themselves are gated by their owners' quality tests; measured
    2026-11-25 both ways: f1_strict between 0.444 and 0.556 as the extractors changed.)"""
    article = shared_dir / "examples" / "seed" / "article.txt"
    direct, db, exported = tmp_path / "direct.json", tmp_path / "ew.db", tmp_path / "store.jsonl"
    # the three commands run through cli.main in one process, so all see the same code
    script = (
        "import sys; from eventwire.cli import main; a, d, db, x = sys.argv[1:]; "
        "r = [main(['extract', a, '--format', 'json', '-o', d]), main(['ingest', a, '--db', db]), "
        "main(['export', '--db', db, '--format', 'jsonl', '-o', x])]; sys.exit(max(r))"
    )
    r = subprocess.run(
        [sys.executable, "-c", script, str(article), str(direct), str(db), str(exported)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    (line,) = exported.read_text(encoding="utf-8").splitlines()
    stored = tmp_path / "store.json"
    stored.write_text(line, encoding="utf-8")
    via_store, via_extract = _score(shared_dir, stored), _score(shared_dir, direct)
    assert via_store == via_extract
    figures = dict(part.split("=", 1) for part in via_store.removeprefix("score: ").split())
    assert figures["published_ok"] == "True"
    assert json.loads(line)["events"], "the stored seed article lost its events"


def test_progress_bar_only_when_asked_or_on_a_terminal(
    tmp_path: Path, pipeline: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    from eventwire.ingest import iter_sources
    from eventwire.store import ingest_items

    with Store.open(tmp_path / "ew.db") as s:
        ingest_items(s, iter_sources([str(REPORTS)], pipeline.settings), pipeline=pipeline)
        assert capsys.readouterr().err == ""  # stderr is not a terminal here
    with Store.open(tmp_path / "ew2.db") as s:
        report = ingest_items(
            s, iter_sources([str(REPORTS)], pipeline.settings), pipeline=pipeline, progress=True
        )
    err = capsys.readouterr().err
    assert "ingest" in err and "4art" in err and "failed=0" in err  # count, rate, failures
    assert report.added == 4


# -- property: a store round-trip returns what went in ---------------------------------------

_texts = st.text(min_size=1, max_size=30)
_opt = st.none() | _texts
_codes = st.none() | st.sampled_from(["IRQ", "USA", "IRN", "NATO"])
_actors = st.none() | st.builds(
    Actor,
    text=_texts,
    start=st.integers(0, 500),
    end=st.integers(0, 500),
    name=_texts,
    country=_codes,
    sector=st.none() | st.sampled_from(["GOV", "MIL", "REB"]),
    wikidata=st.none() | st.sampled_from(["Q30", "Q796"]),
    actor_id=_opt,
)
_places = st.builds(
    Place,
    text=_texts,
    start=st.integers(0, 500),
    end=st.integers(0, 500),
    name=_texts,
    country=_codes,
    admin1=_opt,
    lat=st.none() | st.floats(-90, 90, allow_nan=False),
    lon=st.none() | st.floats(-180, 180, allow_nan=False),
    feature=st.none() | st.sampled_from(["city", "country"]),
    geonames_id=st.none() | st.integers(1, 10**9),
    demonym=st.booleans(),
)
_mentions = st.builds(
    EventMention,
    type=st.sampled_from(["ASSAULT", "AGREE", "PROTEST"]),
    trigger=st.builds(Span, st.integers(0, 500), st.integers(0, 500)),
    trigger_text=_texts,
    sentence=st.builds(Span, st.integers(0, 500), st.integers(0, 500)),
    sentence_text=_texts,
    mode=_opt,
    modality=st.sampled_from(["asserted", "negated", "hypothetical", "future"]),
    source=_actors,
    target=_actors,
    date=st.builds(
        EventDate,
        st.none() | st.sampled_from(["2021", "2021-03", "2021-03-03", "2021-03-04"]),
        st.none() | st.sampled_from(["2021-12-31"]),
        st.none() | st.sampled_from(["day", "month", "vague"]),
        _opt,
        st.none() | st.sampled_from(["text", "published"]),
    ),
    location=st.none() | _places,
    confidence=st.floats(0, 1),
    pattern=_opt,
)
_documents = st.builds(
    lambda aid, text, title, places, quotes, events: Document(
        article=Article(id=aid, title=title), text=text, places=places, quotes=quotes, events=events
    ),
    st.text(min_size=1, max_size=12),
    st.text(max_size=200),
    _opt,
    st.lists(_places, max_size=3),
    st.lists(
        st.builds(Quote, _texts, st.integers(0, 9), st.integers(0, 9), _actors, _opt), max_size=2
    ),
    st.lists(_mentions, max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_documents, min_size=1, max_size=4, unique_by=lambda d: d.article.id))
def test_store_round_trip_returns_what_went_in(docs: list[Document]) -> None:
    with Store.open(":memory:") as s:
        for d in docs:
            assert s.add_document(d).added
        for d in docs:
            back, event_ids = load_document(s, d.article.id)
            assert back.to_contract() == d.to_contract()
            assert len(event_ids) == len(d.events)
        assert s.counts()["mentions"] == sum(len(d.events) for d in docs)
        assert sum(e.n_mentions for e in query_events(s)) == s.counts()["mentions"]


@settings(max_examples=100, deadline=None)
@given(
    st.builds(
        Actor,
        text=st.text(),
        start=st.integers(0, 10**6),
        end=st.integers(0, 10**6),
        name=st.text(),
        country=st.none() | st.text(max_size=3),
        sector=st.none() | st.text(max_size=3),
        wikidata=st.none() | st.text(max_size=9),
        actor_id=st.none() | st.text(max_size=12),
    )
)
def test_actor_json_is_json_dumps_of_every_field(actor: Actor) -> None:
    # written out by hand for speed: a field added to Actor must be added there too
    assert store_mod._actor_json(actor) == json.dumps(vars(actor), ensure_ascii=False)
