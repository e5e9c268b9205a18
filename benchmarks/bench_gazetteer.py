#!/usr/bin/env python3
"""Gazetteer load time and memory, and the cost of finding places per document.

    python benchmarks/bench_gazetteer.py [--runs 3] [--out benchmarks/results/gazetteer.json]

Each load is measured in a fresh interpreter (so nothing is cached): wall time of
``load_gazetteer()`` and the growth of the process's peak resident memory (ru_maxrss)
across it. Prints a table and writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, resource, time
import eventwire.gazetteer as G
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
gaz = G.load_gazetteer()
load_s = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
n = 0
for name in ["Mosul", "Al Mawsil", "Paris", "Georgia", "Springfield", "Deir ez-Zor", "U.S."] * 1000:
    n += len(gaz.lookup(name))
lookup_us = (time.perf_counter() - t0) / 7000 * 1e6
print(json.dumps({"load_s": load_s, "rss_growth_mb": (after - before) / 1024,
                  "peak_rss_mb": after / 1024, "entries": len(gaz), "lookup_us": lookup_us}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "gazetteer.json")
    args = ap.parse_args(argv)
    runs = []
    for _ in range(args.runs):
        res = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True,
                             cwd=ROOT)
        runs.append(json.loads(res.stdout.strip().splitlines()[-1]))
    compiled = ROOT / "src" / "eventwire" / "data" / "places" / "gazetteer.tsv.gz"
    summary = {
        "file": str(compiled.relative_to(ROOT)),
        "file_mb": round(compiled.stat().st_size / 1e6, 2),
        "entries": runs[0]["entries"],
        "runs": args.runs,
        "load_s_median": round(statistics.median(r["load_s"] for r in runs), 3),
        "load_s_max": round(max(r["load_s"] for r in runs), 3),
        "rss_growth_mb_median": round(statistics.median(r["rss_growth_mb"] for r in runs), 1),
        "peak_rss_mb_median": round(statistics.median(r["peak_rss_mb"] for r in runs), 1),
        "lookup_us_median": round(statistics.median(r["lookup_us"] for r in runs), 2),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    rows = [
        ("compiled file", f"{summary['file_mb']} MB"),
        ("entries", f"{summary['entries']:,}"),
        (f"load time (median of {args.runs})", f"{summary['load_s_median']:.3f} s"),
        ("load time (worst)", f"{summary['load_s_max']:.3f} s"),
        ("memory added by load (RSS)", f"{summary['rss_growth_mb_median']:.1f} MB"),
        ("process peak RSS", f"{summary['peak_rss_mb_median']:.1f} MB"),
        ("name lookup", f"{summary['lookup_us_median']:.2f} us"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'gazetteer':<{width}}  value")
    print("-" * (width + 14))
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
