"""A batch ingest killed with SIGKILL part-way, then rerun, ends exactly like an
uninterrupted run, and the SQLite file passes ``PRAGMA integrity_check``."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

BATCH = Path(__file__).parent / "data" / "store" / "batch.jsonl"
TABLES = ("articles", "failures", "events", "mentions", "actors", "places", "quotes", "times")


def _ingest(db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "eventwire",
            "ingest",
            str(BATCH),
            "--db",
            str(db),
            "--batch-size",
            "4",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _count(db: Path, table: str = "articles") -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1.0)
        try:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet, or busy
        return 0


def _snapshot(db: Path) -> tuple[dict[str, int], str, list[tuple[str, str]]]:
    conn = sqlite3.connect(db)
    try:
        counts = {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}
        check = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        # which event each mention supports: the merge itself must come out the same
        links = conn.execute(
            "SELECT article_id || ':' || seq, event_id FROM mentions ORDER BY 1"
        ).fetchall()
    finally:
        conn.close()
    return counts, check, links


@pytest.mark.slow
def test_killed_ingest_rerun_equals_uninterrupted(tmp_path: Path) -> None:
    whole = tmp_path / "whole.db"
    proc = _ingest(whole)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err.decode()  # two records of the batch fail
    expected = _snapshot(whole)
    assert expected[0]["articles"] == 120 and expected[1] == "ok"

    killed = tmp_path / "killed.db"
    proc = _ingest(killed)
    deadline = time.monotonic() + 240
    while _count(killed) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    part = _count(killed)
    assert 0 < part < 120, f"the kill should land part-way, found {part} articles"
    conn = sqlite3.connect(killed)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # every stored article is whole: as many mentions, places and times as in the whole run
    per_article = (
        "SELECT a.id, (SELECT count(*) FROM mentions m WHERE m.article_id = a.id),"
        " (SELECT count(*) FROM places p WHERE p.article_id = a.id),"
        " (SELECT count(*) FROM times t WHERE t.article_id = a.id) FROM articles a"
    )
    partial = conn.execute(per_article).fetchall()
    orphans = conn.execute(
        "SELECT count(*) FROM mentions m LEFT JOIN events e ON e.id = m.event_id WHERE e.id IS NULL"
    ).fetchone()[0]
    conn.close()
    conn = sqlite3.connect(whole)
    full = {r[0]: r for r in conn.execute(per_article)}
    conn.close()
    assert orphans == 0
    assert all(full[r[0]] == r for r in partial)

    proc = _ingest(killed)
    _, err = proc.communicate(timeout=300)
    assert b"already stored" in err
    assert _snapshot(killed) == expected
