"""Exports of a store: JSONL (the output contract), CSV, Parquet and PLOVER JSON.

    export(store, fmt, path)       write one of FORMATS; returns the number of records
    event_rows(store)              one flat row per merged event (the CSV/Parquet records)
    plover_records(store)          one PLOVER record per merged event
    read_jsonl / read_csv / read_parquet / read_plover   read an export back

``jsonl``: one output-contract document per article (``shared/eval/README.md``), each
event carrying the ``event_id`` of the merged event it supports (an added field).
``csv`` and ``parquet``: one row per merged event, the columns of ``EVENT_COLUMNS``.
``plover``: JSON Lines, one record per merged event with the fields of the PLOVER
specification (openeventdata/PLOVER, "JSON Data Fields"); the JSON Schema written from it
is ``data/plover_schema.json`` (``plover_schema()``; its ``description`` fields document
it, with the deviations the export makes).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .config import package_data_dir
from .errors import StoreError
from .store import Store, StoredActor, article_ids, get_event, iter_documents, query_events

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "plover")

#: Columns of the CSV and Parquet exports, with their types.
EVENT_COLUMNS: tuple[tuple[str, type], ...] = (
    ("event_id", str),
    ("type", str),
    ("mode", str),
    ("modality", str),
    ("source_name", str),
    ("source_country", str),
    ("source_sector", str),
    ("source_wikidata", str),
    ("source_actor_id", str),
    ("target_name", str),
    ("target_country", str),
    ("target_sector", str),
    ("target_wikidata", str),
    ("target_actor_id", str),
    ("date_start", str),
    ("date_end", str),
    ("date_precision", str),
    ("date_text", str),
    ("place_name", str),
    ("country", str),
    ("admin1", str),
    ("lat", float),
    ("lon", float),
    ("geonames_id", int),
    ("n_mentions", int),
    ("article_ids", list),
    ("evidence", str),
)

#: PLOVER quad categories (manual, "PLOVER quad categories"), with REQUEST for DEMAND.
QUAD: dict[str, int] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}

_FEATURE = {"country": ("A", "PCLI"), "admin1": ("A", "ADM1"), "city": ("P", "PPL")}


def _empty_to_none(value: Any) -> Any:
    return None if value == "" else value


def _actor_cols(prefix: str, a: StoredActor | None) -> dict[str, Any]:
    return {
        f"{prefix}_name": _empty_to_none(a.name) if a else None,
        f"{prefix}_country": _empty_to_none(a.country) if a else None,
        f"{prefix}_sector": _empty_to_none(a.sector) if a else None,
        f"{prefix}_wikidata": _empty_to_none(a.wikidata) if a else None,
        f"{prefix}_actor_id": _empty_to_none(a.actor_id) if a else None,
    }


def event_rows(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """One flat record per merged event (``EVENT_COLUMNS``); filters as ``query_events``."""
    rows: list[dict[str, Any]] = []
    for ev in query_events(store, **filters):
        detail = get_event(store, ev.id)
        row: dict[str, Any] = {
            "event_id": ev.id,
            "type": ev.type,
            "mode": _empty_to_none(ev.mode),
            "modality": ev.modality,
            **_actor_cols("source", ev.source),
            **_actor_cols("target", ev.target),
            "date_start": _empty_to_none(ev.date_start),
            "date_end": _empty_to_none(ev.date_end),
            "date_precision": _empty_to_none(ev.date_precision),
            "date_text": _empty_to_none(ev.date_text),
            "place_name": _empty_to_none(ev.place_name),
            "country": _empty_to_none(ev.country),
            "admin1": _empty_to_none(ev.admin1),
            "lat": ev.lat,
            "lon": ev.lon,
            "geonames_id": ev.geonames_id,
            "n_mentions": ev.n_mentions,
            "article_ids": [m.article_id for m in detail.mentions],
            "evidence": detail.mentions[0].sentence_text if detail.mentions else None,
        }
        rows.append(row)
    return rows


# -- JSONL (the output contract) -----------------------------------------------------------


def contract_documents(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored article as an output-contract document, events with their event_id."""
    for doc, event_ids in iter_documents(store):
        out = doc.to_contract()
        for ev, eid in zip(out["events"], event_ids, strict=True):
            ev["event_id"] = eid
        yield out


def write_jsonl(records: Iterator[dict[str, Any]] | list[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# -- CSV ----------------------------------------------------------------------------------


def _cell(value: Any, kind: type) -> str:
    if value is None:
        return ""
    if kind is list:
        return json.dumps(value, ensure_ascii=False)
    if kind is float:
        return repr(float(value))
    return str(value)


def _uncell(text: str, kind: type) -> Any:
    if text == "":
        return None
    if kind is list:
        return json.loads(text)
    return kind(text)


def write_csv_to(rows: list[dict[str, Any]], out: TextIO) -> int:
    """Event rows as CSV on an open stream (a header line, then one line per event)."""
    w = csv.writer(out)
    w.writerow([name for name, _ in EVENT_COLUMNS])
    for row in rows:
        w.writerow([_cell(row[name], kind) for name, kind in EVENT_COLUMNS])
    return len(rows)


def write_csv(rows: list[dict[str, Any]], path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="") as fh:
        return write_csv_to(rows, fh)


def read_csv(path: str | Path) -> list[dict[str, Any]]:
    """A CSV export read back into typed rows (empty cells are None)."""
    kinds = dict(EVENT_COLUMNS)
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [{k: _uncell(v, kinds[k]) for k, v in rec.items()} for rec in reader]


# -- Parquet ------------------------------------------------------------------------------


def _arrow_schema() -> Any:
    import pyarrow as pa

    types = {str: pa.string(), float: pa.float64(), int: pa.int64(), list: pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in EVENT_COLUMNS])


def write_parquet(rows: list[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, str(path))
    return len(rows)


def read_parquet(path: str | Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(str(path)).to_pylist()
    return rows


# -- PLOVER -------------------------------------------------------------------------------


def _plover_actor(a: StoredActor, text: str | None) -> dict[str, Any]:
    code = a.country if a.country and len(a.country) == 3 and a.country.isupper() else None
    rec: dict[str, Any] = {
        "code": code,
        "sector": a.sector,
        "actor_text": text,
        "identifier_id": a.wikidata,
        "identifier_text": a.name,
    }
    if a.country and code is None:
        rec["org_code"] = a.country  # an IGO or other code that is not 3 letters
    return rec


def _plover_date(value: str | None, upper: bool) -> str | None:
    from .merge import _parse_bound

    d = _parse_bound(value, upper=upper)
    return d.isoformat() if d else None


def plover_records(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """One PLOVER record per merged event (``data/plover_schema.json``).

    ``date`` and ``enddate`` give the days the event's date stands for (a month-precise
    date spans the month); an event whose date is unknown has ``date`` null rather than
    a guessed one. Every supporting report is in ``reports`` (an added field, as the
    specification allows); ``text_info`` and ``cite_info`` describe the first report.
    """
    arts = {
        r[0]: r[1:]
        for r in store.conn.execute("SELECT id, url, title, published, origin FROM articles")
    }
    out: list[dict[str, Any]] = []
    for ev in query_events(store, **filters):
        detail = get_event(store, ev.id)
        first = detail.mentions[0]
        url, title, published, _origin = arts[first.article_id]
        start = _plover_date(ev.date_start, upper=False)
        end = _plover_date(ev.date_end or ev.date_start, upper=True)
        rec: dict[str, Any] = {
            "id": ev.id,
            "has_event": True,
            "date": start,
            "enddate": end if end != start else None,
            "source": [_plover_actor(ev.source, first.source_text)] if ev.source else [],
            "recipient": [_plover_actor(ev.target, first.target_text)] if ev.target else [],
            "event": [ev.type],
            "mode": [ev.mode] if ev.mode else [],
            "context": [],
            "event_loc": None,
            "event_text": sorted({m.trigger_text for m in detail.mentions}),
            "quad_code": QUAD.get(ev.type),
            "modality": ev.modality,
            "text_info": {
                "start": first.sentence_start,
                "end": first.sentence_end,
                "text_story": [first.sentence_text],
            },
            "cite_info": {
                "corpus": "eventwire store",
                "citation": first.article_id,
                "url": url,
                "title": title,
                "language": "en",
                "coder": f"eventwire {__version__}",
                "codebook": "plover",
            },
            "coder": f"eventwire {__version__}",
            "reports": [
                {
                    "article_id": m.article_id,
                    "published": m.article_published,
                    "url": m.article_url,
                    "sentence": m.sentence_text,
                    "start": m.sentence_start,
                    "end": m.sentence_end,
                    "event_text": m.trigger_text,
                }
                for m in detail.mentions
            ],
        }
        # the PLOVER 0.7 table calls the initiator "source"; later drafts call it "actor"
        rec["actor"] = rec["source"]
        if ev.place_name:
            fclass, fcode = _FEATURE.get(_feature_of(store, ev.id) or "", (None, None))
            rec["event_loc"] = {
                "geonameid": ev.geonames_id,
                "name": ev.place_name,
                "latitude": ev.lat,
                "longitude": ev.lon,
                "feature class": fclass,
                "feature code": fcode,
                "cc3": ev.country,
                "admin1": ev.admin1,
            }
        if published:
            rec["cite_info"]["published"] = published
        out.append(rec)
    return out


def _feature_of(store: Store, event_id: str) -> str | None:
    row = store.conn.execute(
        "SELECT location FROM mentions WHERE event_id = ? AND location IS NOT NULL ORDER BY id"
        " LIMIT 1",
        (event_id,),
    ).fetchone()
    if row is None:
        return None
    feature = json.loads(row[0]).get("feature")
    return str(feature) if feature else None


@lru_cache(maxsize=1)
def plover_schema() -> dict[str, Any]:
    """The JSON Schema of a PLOVER record (``data/plover_schema.json``), loaded once."""
    path = package_data_dir() / "plover_schema.json"
    try:
        schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read the PLOVER schema {path}: {exc}") from exc
    return schema


def validate_plover(records: list[dict[str, Any]]) -> None:
    """Raise StoreError naming the first record that does not fit the PLOVER schema."""
    try:
        import jsonschema
    except ImportError as exc:  # a dev dependency
        raise StoreError("validating PLOVER records needs the jsonschema package") from exc
    validator = jsonschema.Draft202012Validator(plover_schema())
    for rec in records:
        errors = sorted(validator.iter_errors(rec), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            where = "/".join(str(p) for p in e.path) or "(record)"
            raise StoreError(f"PLOVER record {rec.get('id')!r}: {where}: {e.message}")


def read_plover(path: str | Path) -> list[dict[str, Any]]:
    return read_jsonl(path)


# -- one entry point ----------------------------------------------------------------------


def export(store: Store, fmt: str, path: str | Path, **filters: Any) -> int:
    """Write the store (events matching ``filters`` for csv/parquet/plover) to ``path``.

    Returns the number of records written: documents for jsonl, events otherwise.
    """
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    out = Path(path)
    if not out.parent.is_dir():
        raise StoreError(f"cannot write {out}: directory {out.parent} does not exist")
    try:
        if fmt == "jsonl":
            if filters:
                raise StoreError("the jsonl export writes whole articles and takes no filters")
            return write_jsonl(contract_documents(store), out)
        if fmt == "csv":
            return write_csv(event_rows(store, **filters), out)
        if fmt == "parquet":
            return write_parquet(event_rows(store, **filters), out)
        return write_jsonl(plover_records(store, **filters), out)
    except OSError as exc:
        raise StoreError(f"cannot write {out}: {exc}") from exc


__all__ = [
    "EVENT_COLUMNS",
    "FORMATS",
    "article_ids",
    "contract_documents",
    "event_rows",
    "export",
    "plover_records",
    "plover_schema",
    "read_csv",
    "read_jsonl",
    "read_parquet",
    "read_plover",
    "validate_plover",
    "write_csv_to",
]
