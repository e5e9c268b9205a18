"""The command line, run as a user runs it: a real process, real files, the real model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "report.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args],
        input=stdin.decode("utf-8", "replace") if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


CONTRACT_KEYS = {"id", "article", "text", "events", "quotes", "places", "times"}


def test_example_as_json() -> None:
    r = run("extract", str(EXAMPLE), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert CONTRACT_KEYS <= set(doc)
    assert set(doc["article"]) >= {"title", "url", "published", "published_source"}
    assert doc["article"]["published"] == "2023-03-14"
    assert doc["article"]["published_source"] == "text"
    assert doc["article"]["title"].startswith("Somali Forces Retake Town")
    for gone in ("somalia-troops.jpg", "Photo: AFP", "Share this article", "Read More"):
        assert gone not in doc["text"]
    for t in doc["times"]:
        assert doc["text"][t["start"] : t["end"]] == t["text"]


def test_summary_format() -> None:
    r = run("extract", str(EXAMPLE), "--format", "summary")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# Somali Forces Retake Town")
    assert "published 2023-03-14 (from text)" in r.stdout
    assert "Events (" in r.stdout and "Quotes (" in r.stdout


def test_seed_article(shared_dir: Path) -> None:
    seed = shared_dir / "examples" / "seed"
    gold = json.loads((seed / "gold.json").read_text())
    r = run("extract", str(seed / "article.txt"), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    art = doc["article"]
    assert gold["published"]["after"] <= art["published"] <= gold["published"]["before"]
    assert art["published_source"] in ("text", "url")
    for leftover in gold["boilerplate"]:
        assert leftover not in doc["text"]


def test_published_override_and_bad_date() -> None:
    r = run("extract", str(EXAMPLE), "--format", "json", "--published", "2023-03-15")
    assert json.loads(r.stdout)["article"]["published"] == "2023-03-15"
    bad = run("extract", str(EXAMPLE), "--published", "15/03/2023")
    assert bad.returncode == 1
    assert bad.stderr.strip().count("\n") == 0 and "YYYY-MM-DD" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_jsonl_batch_with_a_broken_line(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "text": "Rebels attacked the town of Gao on 3 May 2021.", "published": "2021-05-05"})
        + "\n{broken json\n"
        + json.dumps({"id": "b", "text": "The two leaders met in Geneva on Monday.", "published": "2021-06-16"})
        + "\n"
    )
    r = run("extract", str(batch), "--format", "jsonl")
    assert r.returncode == 1
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["id"] for d in docs] == ["a", "b"]
    for d in docs:
        assert CONTRACT_KEYS <= set(d) and d["text"]
        assert d["article"]["published_source"] == "given"
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 2  # the broken line, then the count
    assert f"{batch}:2" in errors[0] and "not valid JSON" in errors[0]
    assert "1 of 3 articles failed" in errors[1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty input"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
        ("latin1.txt", "Caf\u00e9 soldiers".encode("latin-1"), "not valid UTF-8"),
        ("truncated.html", b"<html><head><title>x</title></head><body><div class=", "no article text"),
        ("big.txt", b"word " * 3000, "larger than the limit"),
    ],
)
def test_bad_single_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    r = run("extract", str(f), "--max-bytes", "10000")
    assert r.returncode == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and name in lines[0]


def test_stdin() -> None:
    r = run("extract", "-", "--format", "json", stdin=EXAMPLE.read_bytes())
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["article"]["published"] == "2023-03-14"


def test_directory_and_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Protesters marched in Nairobi on Tuesday.")
    (tmp_path / "b.txt").write_text("")
    r = run("extract", str(tmp_path), "--format", "jsonl")
    assert r.returncode == 1
    assert len(r.stdout.splitlines()) == 1
    assert "empty input" in r.stderr
    assert run("extract", str(tmp_path / "nope.txt")).returncode == 1
    assert run("frobnicate").returncode == 2


def test_user_data_dir_reaches_the_stages(tmp_path: Path) -> None:
    """A user actor file in --data-dir is used by the events stage of the real command."""
    (tmp_path / "data" / "actors").mkdir(parents=True)
    (tmp_path / "data" / "actors" / "mine.tsv").write_text(
        "id\tname\tcountry\tsector\tkind\taliases\n"
        "MLI-ZLF\tZorbian Liberation Front\tMLI\tREB\tgroup\tZLF\n"
    )
    article = tmp_path / "a.txt"
    article.write_text("ZLF fighters attacked a police station in Gao on Monday, killing two officers.")
    args = ["extract", str(article), "--format", "json", "--published", "2024-03-05"]
    plain = json.loads(run(*args).stdout)
    mine = json.loads(run(*args, "--data-dir", str(tmp_path / "data")).stdout)
    sources = [e["source"] for e in mine["events"] if e["source"]]
    assert any(s["name"] == "Zorbian Liberation Front" and s["country"] == "MLI" for s in sources)
    assert not any((e["source"] or {}).get("name") == "Zorbian Liberation Front" for e in plain["events"])
    missing = run(*args, "--data-dir", str(tmp_path / "nope"))
    assert missing.returncode == 1 and "no such directory" in missing.stderr
