"""Store commands: ``ingest``, ``events``, ``actors``, ``show``, ``export``.

``cli.build_parser`` calls ``register(subparsers, common)``. Each command parses its
arguments and calls one library function of ``store`` or ``export``; library errors
(``StoreError`` and the rest of ``EventwireError``) propagate to ``cli.main``, which
prints them as one line and exits 1. ``python -m eventwire.store_cli`` runs the same
commands without the rest of the CLI.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from .config import Settings, load_settings
from .errors import EventwireError, StoreError
from .export import FORMATS, event_rows, export, write_csv_to
from .merge import STRICTNESS, MergeConfig
from .records import MODALITIES, PLOVER_TYPES
from .store import (
    Store,
    StoredActor,
    StoredEvent,
    get_event,
    ingest,
    query_events,
    top_actors,
)

_DB_HELP = "SQLite store (default: the db setting, eventwire.db; env EVENTWIRE_DB)"


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(
        model=getattr(args, "model", None),
        max_bytes=getattr(args, "max_bytes", None),
        batch_size=getattr(args, "batch_size", None),
        data_dir=getattr(args, "data_dir", None),
        db=getattr(args, "db", None),
    )


def _open(args: argparse.Namespace) -> Store:
    """The store a reading command works on: it must exist already."""
    return Store.open(_settings(args).db, create=False)


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", help=_DB_HELP)


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actor", help="actor name (substring) or code (id, Wikidata id, country)")
    p.add_argument("--country", help="country where the event happened (ISO3)")
    p.add_argument(
        "--type", type=str.upper, choices=PLOVER_TYPES, metavar="TYPE", help="PLOVER event type"
    )
    p.add_argument("--modality", type=str.lower, choices=MODALITIES)
    p.add_argument("--from", dest="date_from", metavar="DATE", help="on or after (YYYY[-MM[-DD]])")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="on or before (YYYY[-MM[-DD]])")
    p.add_argument("--place", help="place name (substring)")
    p.add_argument("--text", help="words in a supporting sentence")


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    keys = ("actor", "country", "type", "modality", "date_from", "date_to", "place", "text")
    return {k: getattr(args, k) for k in keys if getattr(args, k, None)}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the store commands to the CLI's subparsers."""
    p = subparsers.add_parser(
        "ingest",
        parents=[common],
        help="extract articles into the event store",
        description="Run extraction over files, directories, JSONL batches or - (stdin) and "
        "store articles, mentions, merged events, actors, places, quotes and failures. "
        "Articles already stored are skipped; each article is one transaction.",
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    _add_db(p)
    p.add_argument(
        "--merge",
        choices=STRICTNESS,
        default="normal",
        help="how strictly reports are merged into one event (default normal)",
    )
    p.add_argument(
        "--date-window",
        type=int,
        metavar="DAYS",
        help="days two report dates may differ and still merge",
    )
    bar = p.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="show a progress bar (default: only on a terminal)",
    )
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    p.set_defaults(func=cmd_ingest)

    p = subparsers.add_parser(
        "events",
        parents=[common],
        help="list stored events",
        description="Merged events matching every filter given.",
    )
    _add_db(p)
    _add_filters(p)
    p.add_argument("--limit", type=int, help="at most this many events")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_events)

    p = subparsers.add_parser("actors", parents=[common], help="who appears most, with counts")
    _add_db(p)
    p.add_argument("--limit", type=int, default=20, help="at most this many actors (default 20)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_actors)

    p = subparsers.add_parser(
        "show", parents=[common], help="an event with every mention, its sentence and article"
    )
    p.add_argument("event_id", metavar="EVENT_ID")
    _add_db(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_show)

    p = subparsers.add_parser(
        "export",
        parents=[common],
        help="export the store",
        description="jsonl: one output-contract document per article; csv and parquet: one "
        "row per merged event; plover: PLOVER JSON records, one per line.",
    )
    _add_db(p)
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", metavar="FILE", required=True)
    _add_filters(p)
    p.set_defaults(func=cmd_export)


# -- commands ---------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = _settings(args)
    report = ingest(
        args.sources,
        db=settings.db,
        settings=settings,
        merge=MergeConfig(args.merge, args.date_window),
        progress=args.progress,
    )
    print(f"eventwire: {report.summary()}", file=sys.stderr)
    return 1 if report.failed else 0


def _actor_label(a: StoredActor | None) -> str:
    if a is None:
        return "-"
    return f"{a.name} ({a.country})" if a.country else a.name


def _date_label(e: StoredEvent) -> str:
    if not e.date_start and not e.date_end:
        return "-"
    if e.date_end and e.date_end != e.date_start:
        return f"{e.date_start or '..'}/{e.date_end}"
    return e.date_start or "-"


def _table(rows: list[list[str]], header: list[str], out: TextIO) -> None:
    widths = [len(h) for h in header]
    for r in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, r, strict=True)]
    widths = [min(w, 40) for w in widths]

    def line(cells: list[str]) -> str:
        return "  ".join(
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
            for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    print(line(header), file=out)
    for r in rows:
        print(line(r), file=out)


def cmd_events(args: argparse.Namespace) -> int:
    with _open(args) as store:
        filters = _filters(args)
        out = sys.stdout
        if args.format == "csv":
            write_csv_to(event_rows(store, **filters, limit=args.limit), out)
            return 0
        events = query_events(store, **filters, limit=args.limit)
        if args.format == "json":
            json.dump([e.to_dict() for e in events], out, ensure_ascii=False, indent=1)
            out.write("\n")
            return 0
        _table(
            [
                [
                    e.id,
                    _date_label(e),
                    e.type,
                    e.modality,
                    _actor_label(e.source),
                    _actor_label(e.target),
                    e.place_name or "-",
                    str(e.n_mentions),
                ]
                for e in events
            ],
            ["EVENT", "DATE", "TYPE", "MODALITY", "SOURCE", "TARGET", "PLACE", "REPORTS"],
            out,
        )
        print(f"{len(events)} events", file=sys.stderr)
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    with _open(args) as store:
        counts = top_actors(store, limit=args.limit)
    if args.format == "json":
        json.dump([c.to_dict() for c in counts], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    _table(
        [
            [
                c.actor.name,
                c.actor.country or "-",
                c.actor.sector or "-",
                str(c.events),
                str(c.mentions),
            ]
            for c in counts
        ],
        ["ACTOR", "COUNTRY", "SECTOR", "EVENTS", "MENTIONS"],
        sys.stdout,
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args) as store:
        detail = get_event(store, args.event_id)
    if args.format == "json":
        json.dump(detail.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    e = detail.event
    out = sys.stdout
    print(f"{e.id}  {e.type}  {e.modality}", file=out)
    print(f"  source: {_actor_label(e.source)}", file=out)
    print(f"  target: {_actor_label(e.target)}", file=out)
    print(
        f"  date:   {_date_label(e)}" + (f" ({e.date_precision})" if e.date_precision else ""),
        file=out,
    )
    print(f"  place:  {e.place_name or '-'}" + (f" [{e.country}]" if e.country else ""), file=out)
    print(f"  {len(detail.mentions)} report(s):", file=out)
    for m in detail.mentions:
        title = f" {m.article_title!r}" if m.article_title else ""
        print(
            f"  - article {m.article_id}{title}"
            + (f" ({m.article_published})" if m.article_published else "")
            + (f" {m.article_url}" if m.article_url else ""),
            file=out,
        )
        print(f"    [{m.sentence_start}:{m.sentence_end}] {m.sentence_text}", file=out)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with _open(args) as store:
        n = export(store, args.format, args.output, **_filters(args))
    print(f"eventwire: wrote {n} records to {args.output}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Only the store commands (``python -m eventwire.store_cli``)."""
    parser = argparse.ArgumentParser(prog="eventwire-store")
    common = argparse.ArgumentParser(add_help=False)
    for flag in ("--model", "--data-dir"):
        common.add_argument(flag)
    for flag in ("--max-bytes", "--batch-size"):
        common.add_argument(flag, type=int)
    register(parser.add_subparsers(dest="command", required=True), common)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except EventwireError as exc:
        print(f"eventwire: error {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["StoreError", "main", "register"]
