"""Ingest: every input kind, and every kind of bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from eventwire.config import load_settings
from eventwire.errors import InputError
from eventwire.ingest import content_id, decode, iter_sources
from eventwire.records import Article, Failure

SETTINGS = load_settings(max_bytes=10_000)


def _items(*sources: str, stdin: bytes | None = None) -> list[Article | Failure]:
    return list(iter_sources(list(sources), SETTINGS, stdin=io.BytesIO(stdin) if stdin is not None else None))


def test_text_file(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("The army withdrew.", encoding="utf-8")
    (item,) = _items(str(f))
    assert isinstance(item, Article)
    assert item.text == "The army withdrew." and item.html is None
    assert item.id == content_id("The army withdrew.")


def test_html_file(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("<html><body><p>The army withdrew.</p></body></html>")
    (item,) = _items(str(f))
    assert isinstance(item, Article) and item.html and item.text is None


def test_txt_that_is_html_is_read_as_html(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>")
    (item,) = _items(str(f))
    assert isinstance(item, Article) and item.html


def test_jsonl_batch_with_broken_lines(tmp_path: Path) -> None:
    f = tmp_path / "b.jsonl"
    lines = [
        json.dumps({"id": "one", "text": "The army withdrew.", "published": "2021-05-04"}),
        '{"id": "two", "text": "broken',
        json.dumps({"id": "three", "html": "<p>Talks ended.</p>", "url": "https://x/a", "title": "T"}),
        json.dumps({"id": "four"}),
        json.dumps({"id": "five", "text": "x", "published": "May 4"}),
        json.dumps(["not", "an", "object"]),
        "",
    ]
    f.write_text("\n".join(lines) + "\n")
    items = _items(str(f))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, Failure)]
    assert [a.id for a in good] == ["one", "three"]
    assert good[0].published == "2021-05-04" and good[0].published_source == "given"
    assert good[1].url == "https://x/a" and good[1].title == "T"
    reasons = {b.id: b.reason for b in bad}
    assert "not valid JSON" in reasons[f"{f}:2"]
    assert "neither" in reasons["four"]
    assert "YYYY-MM-DD" in reasons["five"]
    assert "JSON object" in reasons[f"{f}:6"]


def test_directory_recurses_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Second.")
    (tmp_path / "a.txt").write_text("First.")
    (tmp_path / "sub" / "c.jsonl").write_text(json.dumps({"id": "c", "text": "Third."}) + "\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = _items(str(tmp_path))
    assert [i.text for i in items if isinstance(i, Article)] == ["First.", "Second.", "Third."]


def test_empty_directory(tmp_path: Path) -> None:
    (item,) = _items(str(tmp_path))
    assert isinstance(item, Failure) and "no .txt" in item.reason


def test_stdin_text_html_and_jsonl() -> None:
    (a,) = _items("-", stdin=b"The army withdrew.")
    assert isinstance(a, Article) and a.text == "The army withdrew."
    (h,) = _items("-", stdin=b"<html><body><p>x</p></body></html>")
    assert isinstance(h, Article) and h.html
    batch = _items("-", stdin=b'{"id": "1", "text": "a"}\n{"id": "2", "text": "b"}\n')
    assert [i.id for i in batch] == ["1", "2"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait and more text", "not valid UTF-8"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, "x")


def test_bad_files_become_failures(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    big = tmp_path / "big.txt"
    big.write_text("word " * 5000)
    items = _items(str(empty), str(big), str(tmp_path / "missing.txt"))
    assert all(isinstance(i, Failure) for i in items)
    assert items[0].reason == "empty input"
    assert "larger than the limit" in items[1].reason
    assert "no such file" in items[2].reason


def test_utf8_bom_is_dropped() -> None:
    assert decode("\ufeffThe army".encode("utf-8"), "x") == "The army"
