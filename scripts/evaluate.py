#!/usr/bin/env python3
"""Run every scorer of ../shared/eval on its gold set and print the summary lines.

    .venv/bin/python scripts/evaluate.py [--only seed,plv,gsr,timeml,geo-gwn,geo-lgl,quotes] [--out DIR]

For each set: make the extractor's input with the scorer, run ``eventwire extract`` over
it (JSON Lines), score, and print the scorer's last line. Inputs, outputs and a
``summary.json`` are written to ``--out`` (default ``out/eval``). The gold files are read
in place from ../shared and never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
GOLD = SHARED / "gold"

# name: (scorer, make-input args, score args before the output file, score args after)
SETS: dict[str, tuple[str, list[str], list[str]]] = {
    "plv": ("plv.py", [str(GOLD / "plv" / "PLV_train.tsv")], [str(GOLD / "plv" / "PLV_train.tsv")]),
    "gsr": ("plv.py", [str(GOLD / "plv" / "PLOVER_GSR_CAMEO.json")], [str(GOLD / "plv" / "PLOVER_GSR_CAMEO.json")]),
    "timeml": ("timeml.py", [str(GOLD / "timeml")], [str(GOLD / "timeml")]),
    "geo-gwn": ("geo.py", [str(GOLD / "geo" / "GeoWebNews_GWN.xml")], [str(GOLD / "geo" / "GeoWebNews_GWN.xml")]),
    "geo-lgl": ("geo.py", [str(GOLD / "geo" / "lgl.xml")], [str(GOLD / "geo" / "lgl.xml")]),
    "quotes": ("quotes.py", [str(GOLD / "quotes" / "dev")], [str(GOLD / "quotes" / "dev")]),
}


def _run(cmd: list[str], stdout_path: Path | None = None) -> str:
    if stdout_path is not None:
        with stdout_path.open("w") as out:
            proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
        return ""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return proc.stdout


def evaluate_seed(out_dir: Path) -> str:
    seed = SHARED / "examples" / "seed"
    out = out_dir / "seed.json"
    _run([sys.executable, "-m", "eventwire", "extract", str(seed / "article.txt"), "--format", "json"], out)
    text = _run([sys.executable, str(EVAL / "score.py"), str(seed / "gold.json"), str(out)])
    return text.strip().splitlines()[-1]


def evaluate_set(name: str, out_dir: Path) -> str:
    scorer, make_args, score_args = SETS[name]
    inp, out = out_dir / f"{name}-input.jsonl", out_dir / f"{name}-out.jsonl"
    _run([sys.executable, str(EVAL / scorer), "make-input", *make_args], inp)
    _run([sys.executable, "-m", "eventwire", "extract", str(inp), "--format", "jsonl"], out)
    text = _run([sys.executable, str(EVAL / scorer), "score", *score_args, str(out)])
    (out_dir / f"{name}-score.txt").write_text(text)
    return text.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated sets: seed," + ",".join(SETS))
    parser.add_argument("--out", default=str(ROOT / "out" / "eval"))
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"evaluate: {EVAL} not found (../shared must lie beside the project)", file=sys.stderr)
        return 1
    names = args.only.split(",") if args.only else ["seed", *SETS]
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, dict[str, object]] = {}
    for name in names:
        t0 = time.perf_counter()
        line = evaluate_seed(out_dir) if name == "seed" else evaluate_set(name, out_dir)
        secs = time.perf_counter() - t0
        summary[name] = {"line": line, "seconds": round(secs, 1)}
        print(f"{name:<8} {line}   ({secs:.0f} s)", flush=True)
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
