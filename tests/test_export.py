"""Exports: every format reads back equal, and PLOVER records fit the PLOVER schema."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from eventwire.errors import StoreError
from eventwire.export import (
    EVENT_COLUMNS,
    FORMATS,
    event_rows,
    export,
    plover_records,
    plover_schema,
    read_csv,
    read_jsonl,
    read_parquet,
    read_plover,
    validate_plover,
)
from eventwire.pipeline import Pipeline
from eventwire.records import Actor, Article, Document, EventDate, EventMention, Place, Span
from eventwire.store import Store, ingest_items

REPORTS = Path(__file__).parent / "data" / "store" / "reports"

IRQ = Actor("Iraqi", 0, 5, "Iraq", "IRQ", "GOV", "Q796", actor_id="IRQ")
NATO = Actor(
    "NATO", 0, 4, "North Atlantic Treaty Organization", "NATO", "IGO", "Q7184", actor_id="NATO"
)
PROTESTERS = Actor("protesters", 0, 10, "protesters", None, None)


def _doc(aid: str, sentence: str, *mentions: EventMention, **article: Any) -> Document:
    d = Document(article=Article(id=aid, **article), text=sentence)
    d.events = list(mentions)
    return d


def _m(
    type: str, source: Actor | None, target: Actor | None, sentence: str, **kw: Any
) -> EventMention:
    return EventMention(
        type=type,
        trigger=Span(0, 4),
        trigger_text=sentence.split()[0],
        sentence=Span(0, len(sentence)),
        sentence_text=sentence,
        source=source,
        target=target,
        **kw,
    )


@pytest.fixture()
def store() -> Store:
    """Events whose fields hold everything a CSV cell finds awkward."""
    s = Store.open(":memory:")
    tricky = 'Struck, "hard"\nnear Mosul — ünïcode; 100% sure'
    mosul = Place("Mosul", 0, 5, "Mosul", "IRQ", "Nineveh", 36.335, 43.118_9, "city", 99072)
    s.add_document(
        _doc(
            "a,1",
            tricky,
            _m(
                "ASSAULT",
                IRQ,
                PROTESTERS,
                tricky,
                location=mosul,
                mode="firearms",
                date=EventDate("2021-03", None, "month", "March 2021", "text"),
            ),
            _m("PROTEST", PROTESTERS, IRQ, tricky, modality="future"),
            url="https://example.org/?a=1,2",
            title='A "title"',
            published="2021-03-05",
        )
    )
    s.add_document(
        _doc(
            'b"2',
            "Struck again.",
            _m(
                "ASSAULT",
                IRQ,
                None,
                "Struck again.",
                date=EventDate("2021-03-03", None, "day", "3 March", "text"),
            ),
        )
    )
    s.add_document(
        _doc(
            "c3",
            "Sanctions imposed.",
            _m(
                "SANCTION",
                NATO,
                IRQ,
                "Sanctions imposed.",
                date=EventDate("2021-03-20", None, "vague", None, "published"),
            ),
        )
    )
    return s


def test_event_rows_have_the_documented_columns(store: Store) -> None:
    rows = event_rows(store)
    assert len(rows) == 3  # the two ASSAULT reports merged
    assert all(list(r) == [c for c, _ in EVENT_COLUMNS] for r in rows)
    assault = rows[0]
    assert assault["n_mentions"] == 2 and assault["article_ids"] == ["a,1", 'b"2']
    assert (assault["date_start"], assault["date_precision"]) == ("2021-03-03", "day")
    assert rows[2]["date_start"] is None  # the publication date is not an event date


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_table_exports_read_back_equal(store: Store, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"events.{fmt}"
    assert export(store, fmt, path) == 3
    back = read_csv(path) if fmt == "csv" else read_parquet(path)
    assert back == event_rows(store)


def test_filtered_export(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "assault.csv"
    assert export(store, "csv", path, type="ASSAULT") == 1
    assert [r["type"] for r in read_csv(path)] == ["ASSAULT"]


def test_jsonl_export_is_the_output_contract_with_event_ids(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    assert export(store, "jsonl", path) == 3
    docs = read_jsonl(path)
    assert [d["id"] for d in docs] == ["a,1", 'b"2', "c3"]
    ids = {r["event_id"] for r in event_rows(store)}
    assert {e["event_id"] for d in docs for e in d["events"]} == ids
    first = docs[0]
    assert set(first) >= {"id", "article", "text", "events", "quotes", "places", "times"}
    assert first["article"] == {
        "title": 'A "title"',
        "url": "https://example.org/?a=1,2",
        "published": "2021-03-05",
        "published_source": None,
    }
    assert first["events"][0]["date"] == {
        "start": "2021-03",
        "end": None,
        "precision": "month",
        "text": "March 2021",
        "from": "text",
    }
    with pytest.raises(StoreError, match="no filters"):
        export(store, "jsonl", path, type="ASSAULT")


def test_jsonl_export_matches_what_the_pipeline_produced(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    from eventwire.ingest import iter_sources

    produced = {
        d.article.id: d.to_contract()
        for d in pipeline.run(iter_sources([str(REPORTS)], pipeline.settings))
        if isinstance(d, Document)
    }
    with Store.open(tmp_path / "ew.db") as s:
        ingest_items(
            s, iter_sources([str(REPORTS)], pipeline.settings), pipeline=pipeline, progress=False
        )
        path = tmp_path / "docs.jsonl"
        export(s, "jsonl", path)
    back = read_jsonl(path)
    assert len(back) == len(produced) == 4
    for d in back:
        for e in d["events"]:
            assert e.pop("event_id").startswith("ev-")
        assert d == produced[d["id"]]


def test_plover_export_validates_and_reads_back_equal(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.plover.jsonl"
    assert export(store, "plover", path) == 3
    back = read_plover(path)
    assert back == plover_records(store)
    validate_plover(back)
    assault, protest, sanction = back
    assert (assault["date"], assault["enddate"], assault["event"]) == (
        "2021-03-03",
        None,
        ["ASSAULT"],
    )
    assert (
        assault["source"]
        == assault["actor"]
        == [
            {
                "code": "IRQ",
                "sector": "GOV",
                "actor_text": "Iraqi",
                "identifier_id": "Q796",
                "identifier_text": "Iraq",
            }
        ]
    )
    assert assault["event_loc"]["cc3"] == "IRQ" and assault["event_loc"]["feature class"] == "P"
    assert [r["article_id"] for r in assault["reports"]] == ["a,1", 'b"2']
    assert assault["quad_code"] == 4 and sanction["quad_code"] == 3
    assert protest["modality"] == "future" and protest["recipient"][0]["code"] == "IRQ"
    assert sanction["date"] is None  # unknown, not the publication date
    assert sanction["source"][0]["code"] is None and sanction["source"][0]["org_code"] == "NATO"


def test_the_plover_schema_is_a_valid_schema_with_teeth(store: Store) -> None:
    jsonschema.Draft202012Validator.check_schema(plover_schema())
    good = plover_records(store)[0]
    validate_plover([good])
    for field, value in [
        ("date", "03/03/2021"),
        ("event", ["ATTACK"]),
        ("event", []),
        ("source", [{"code": "iraq"}]),
        ("quad_code", 7),
        ("id", ""),
    ]:
        bad = copy.deepcopy(good)
        bad[field] = value
        with pytest.raises(StoreError, match=field):
            validate_plover([bad])
    missing = copy.deepcopy(good)
    del missing["source"]
    with pytest.raises(StoreError, match="source"):
        validate_plover([missing])


def test_export_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        export(store, "xml", tmp_path / "x.xml")
    with pytest.raises(StoreError, match="does not exist"):
        export(store, "csv", tmp_path / "nowhere" / "x.csv")
    assert set(FORMATS) == {"jsonl", "csv", "parquet", "plover"}
