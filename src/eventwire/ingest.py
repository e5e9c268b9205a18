"""Sources -> Articles: text and HTML files, JSON Lines batches, directories, stdin.

``iter_sources`` yields an ``Article`` for every readable record and a ``Failure`` (id,
stage "ingest", reason) for every one that is not, so that a batch goes on past a bad
record. Article ids are the input id where one is given, else a hash of the content, so
that the same article always gets the same id.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .config import Settings
from .errors import InputError
from .records import Article, Failure

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<article\b)", re.I)


def content_id(content: str) -> str:
    """A stable id for an article: the first 16 hex digits of the SHA-1 of its content."""
    return hashlib.sha1(content.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def decode(data: bytes, where: str) -> str:
    """Bytes -> text, refusing empty, binary and undecodable input with a clear message."""
    if not data.strip():
        raise InputError("empty input", where=where, stage="ingest")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("binary data, not text (NUL bytes)", where=where, stage="ingest")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})",
            where=where,
            stage="ingest",
        ) from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError("binary data, not text (control characters)", where=where, stage="ingest")
    return text


def check_date(value: Any, where: str) -> str | None:
    """A YYYY-MM-DD string (a longer ISO timestamp is cut to its date), or an InputError."""
    if value is None or value == "":
        return None
    m = ISO_DATE.match(str(value).strip())
    if not m:
        raise InputError(f"published must be YYYY-MM-DD, got {value!r}", where=where, stage="ingest")
    from datetime import date

    try:
        date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InputError(f"published is not a real date: {value!r}", where=where, stage="ingest") from exc
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"


def article_from_text(
    text: str,
    *,
    id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    origin: str | None = None,
) -> Article:
    is_html = bool(HTML_START.match(text))
    return Article(
        id=id or content_id(text),
        text=None if is_html else text,
        html=text if is_html else None,
        url=url,
        title=title,
        published=check_date(published, origin or id or "<text>"),
        published_source="given" if published else None,
        origin=origin,
    )


def article_from_record(record: Any, where: str) -> Article:
    """One JSON Lines record ``{"id", "text" | "html", "url"?, "title"?, "published"?}``."""
    if not isinstance(record, dict):
        raise InputError("a JSONL line must be a JSON object", where=where, stage="ingest")
    text, html = record.get("text"), record.get("html")
    if text is None and html is None:
        raise InputError('record has neither "text" nor "html"', where=where, stage="ingest")
    for key, value in (("text", text), ("html", html), ("url", record.get("url")), ("title", record.get("title"))):
        if value is not None and not isinstance(value, str):
            raise InputError(f'"{key}" must be a string', where=where, stage="ingest")
    body = html if html is not None else text
    if not str(body).strip():
        raise InputError("empty article: no text", where=where, stage="ingest")
    rid = record.get("id")
    published = check_date(record.get("published"), where)
    return Article(
        id=str(rid) if rid not in (None, "") else content_id(str(body)),
        text=text if html is None else None,
        html=html,
        url=record.get("url"),
        title=record.get("title"),
        published=published,
        published_source="given" if published else None,
        origin=where,
    )


def iter_jsonl(
    lines: Iterable[bytes | str], origin: str, max_bytes: int
) -> Iterator[Article | Failure]:
    for lineno, raw in enumerate(lines, start=1):
        where = f"{origin}:{lineno}"
        line: str = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        if not line.strip():
            continue
        guess_id = where
        try:
            if len(line.encode("utf-8", "ignore")) > max_bytes:
                raise InputError(f"record is larger than the limit of {max_bytes} bytes", where=where, stage="ingest")
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", where=where, stage="ingest") from exc
            if isinstance(record, dict) and record.get("id") not in (None, ""):
                guess_id = str(record["id"])
            yield article_from_record(record, where)
        except InputError as exc:
            yield Failure(guess_id, "ingest", exc.message, where)


def _read_file(path: Path, max_bytes: int) -> bytes:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is larger than the limit of {max_bytes} bytes (setting max_bytes)",
                where=where,
                stage="ingest",
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", where=where, stage="ingest") from exc


def iter_file(path: Path, settings: Settings) -> Iterator[Article | Failure]:
    suffix = path.suffix.lower()
    where = str(path)
    if suffix in JSONL_SUFFIXES:
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield Failure(where, "ingest", f"cannot read: {exc.strerror or exc}", where)
            return
        with handle:
            yield from iter_jsonl(handle, where, settings.max_bytes)
        return
    try:
        text = decode(_read_file(path, settings.max_bytes), where)
        if suffix in HTML_SUFFIXES or HTML_START.match(text):
            yield Article(id=content_id(text), html=text, origin=where)
        else:
            yield Article(id=content_id(text), text=text, origin=where)
    except InputError as exc:
        yield Failure(where, "ingest", exc.message, where)


def iter_stdin(stream: IO[bytes], settings: Settings) -> Iterator[Article | Failure]:
    """Standard input: JSON Lines if every line is a JSON object, else HTML or text."""
    where = "<stdin>"
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        yield Failure(where, "ingest", f"input is larger than the limit of {settings.max_bytes} bytes", where)
        return
    try:
        text = decode(data, where)
    except InputError as exc:
        yield Failure(where, "ingest", exc.message, where)
        return
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines and all(ln.lstrip().startswith("{") for ln in lines):
        yield from iter_jsonl(iter(text.splitlines(keepends=True)), where, settings.max_bytes)
    elif HTML_START.match(text):
        yield Article(id=content_id(text), html=text, origin=where)
    else:
        yield Article(id=content_id(text), text=text, origin=where)


def iter_sources(
    sources: Sequence[str], settings: Settings, stdin: IO[bytes] | None = None
) -> Iterator[Article | Failure]:
    """Every article in ``sources`` (paths, directories, or "-" for standard input)."""
    for source in sources:
        if source == "-":
            yield from iter_stdin(stdin or sys.stdin.buffer, settings)
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
            )
            if not files:
                yield Failure(source, "ingest", "no .txt, .html or .jsonl files in the directory", source)
            for file in files:
                yield from iter_file(file, settings)
        elif path.exists():
            yield from iter_file(path, settings)
        else:
            yield Failure(source, "ingest", "no such file or directory", source)


def override_published(items: Iterator[Article | Failure], published: str | None) -> Iterator[Article | Failure]:
    """Apply ``--published`` to every article."""
    for item in items:
        if published and isinstance(item, Article):
            item.published, item.published_source = published, "given"
        yield item
