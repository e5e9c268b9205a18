"""Ingest throughput and peak memory next to the bare spaCy pipeline, on the same texts.

    .venv/bin/python benchmarks/bench_ingest.py [--articles 300] [--rounds 2] [--seed 7]

Generates realistic synthetic news articles (``generate_articles``: no gold data), then
measures, each in a fresh subprocess so that peak memory is its own:

    spacy    ``nlp.pipe`` over the article texts (the bare spaCy pipeline)
    ingest   ``store.ingest_items``: ingest, cleaning, spaCy, every extraction stage,
             merging and the SQLite writes, into a new store

The model is loaded and warmed up before the clock starts in both. Phases alternate for
``--rounds`` rounds and the best round of each counts. Prints a table and writes JSON to
``benchmarks/results/ingest.json``. Target: ingest/spacy throughput ratio >= 0.8.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# -- a generator of realistic news texts --------------------------------------------------

_STATES = [
    ("Iraq", "Iraqi", "Baghdad"),
    ("Iran", "Iranian", "Tehran"),
    ("Turkey", "Turkish", "Ankara"),
    ("Syria", "Syrian", "Damascus"),
    ("Egypt", "Egyptian", "Cairo"),
    ("Ethiopia", "Ethiopian", "Addis Ababa"),
    ("Nigeria", "Nigerian", "Abuja"),
    ("Kenya", "Kenyan", "Nairobi"),
    ("Colombia", "Colombian", "Bogota"),
    ("Venezuela", "Venezuelan", "Caracas"),
    ("Pakistan", "Pakistani", "Islamabad"),
    ("India", "Indian", "New Delhi"),
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("Russia", "Russian", "Moscow"),
    ("France", "French", "Paris"),
    ("Germany", "German", "Berlin"),
    ("the United States", "American", "Washington"),
    ("China", "Chinese", "Beijing"),
    ("Mali", "Malian", "Bamako"),
    ("Sudan", "Sudanese", "Khartoum"),
]
_TOWNS = [
    "Mosul",
    "Kirkuk",
    "Aleppo",
    "Homs",
    "Mekelle",
    "Maiduguri",
    "Mombasa",
    "Cali",
    "Maracaibo",
    "Peshawar",
    "Srinagar",
    "Kharkiv",
    "Odesa",
    "Lyon",
    "Hamburg",
    "Gao",
    "Timbuktu",
    "El Fasher",
    "Basra",
    "Izmir",
    "Alexandria",
    "Lagos",
    "Kano",
    "Medellin",
]
_GROUPS = [
    "Islamic State fighters",
    "Boko Haram militants",
    "al-Shabaab gunmen",
    "rebel forces",
    "opposition protesters",
    "striking workers",
    "separatist militants",
    "students",
    "farmers' unions",
    "armed men",
]
_OFFICIALS = [
    "the foreign minister",
    "the prime minister",
    "the president",
    "a government spokesman",
    "the defence minister",
    "the interior ministry",
    "the army chief",
    "the opposition leader",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_SENTENCES = [
    "{adj} forces attacked {group} near {town} on {date}, killing at least {n} people, {official} said.",
    "{state} accused {state2} of supporting {group} in the region.",
    "{official} of {state} met his {adj2} counterpart in {capital} on {weekday} to discuss border security.",
    "Thousands of {group} protested in {town} against rising fuel prices, according to local media.",
    "{state} and {state2} signed an agreement on {date} to expand trade and energy cooperation.",
    "Police arrested {n} {group} after clashes in {town} late on {weekday}.",
    "{state} threatened to impose sanctions on {state2} if the talks failed.",
    "The {adj} government sent {n} tonnes of food aid to families displaced by the fighting.",
    "{adj} troops withdrew from positions near {town} under a ceasefire agreed last month.",
    '"We will not accept any interference in our internal affairs," {official} told reporters in {capital}.',
    "{state2} rejected the proposal, calling it a violation of its sovereignty.",
    "The United Nations called on all sides to return to negotiations and protect civilians.",
    "Witnesses said gunmen opened fire on a market in {town}, wounding {n} people.",
    "{state} deployed additional troops to its border with {state2} on {date}.",
    "Analysts said the talks in {capital} were unlikely to end the conflict soon.",
    "It was not immediately clear who was behind the attack, which came days before elections.",
    "{official} said {state} would provide {n} million dollars to rebuild schools in {town}.",
    "The {adj} parliament voted on {date} to extend the state of emergency by three months.",
]


def _date(rng: random.Random, year: int) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {year}"


def generate_articles(
    n: int, seed: int = 7, sentences: tuple[int, int] = (8, 16)
) -> list[dict[str, Any]]:
    """``n`` news-like articles as JSONL records ``{id, title, published, text}``."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for i in range(n):
        year = rng.randint(2015, 2024)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        state, adj, capital = rng.choice(_STATES)
        k = rng.randint(*sentences)
        paras: list[str] = []
        para: list[str] = []
        for _ in range(k):
            state2, adj2, _cap2 = rng.choice(_STATES)
            s = rng.choice(_SENTENCES).format(
                adj=adj,
                adj2=adj2,
                state=state,
                state2=state2,
                capital=capital,
                town=rng.choice(_TOWNS),
                group=rng.choice(_GROUPS),
                n=rng.randint(2, 90),
                official=rng.choice(_OFFICIALS),
                date=_date(rng, year),
                weekday=rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
            )
            para.append(s[0].upper() + s[1:])
            if len(para) >= rng.randint(2, 4):
                paras.append(" ".join(para))
                para = []
        if para:
            paras.append(" ".join(para))
        out.append(
            {
                "id": f"bench-{seed}-{i:05d}",
                "title": f"{adj} officials report developments in {capital}",
                "published": f"{year}-{month:02d}-{day:02d}",
                "text": "\n\n".join(paras),
            }
        )
    return out


# -- the phases (each run in its own process) ----------------------------------------------


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def phase_spacy(path: Path) -> dict[str, Any]:
    from eventwire.config import load_settings
    from eventwire.nlp import load_model
    from eventwire.pipeline import tune_collector

    settings = load_settings()
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    texts = [r["text"] for r in records]
    nlp = load_model(settings.model)
    list(nlp.pipe(texts[:8], batch_size=settings.batch_size))  # warm up
    tune_collector()  # as Pipeline.warm_up does, so that both sides run alike
    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=settings.batch_size))
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"articles": n, "seconds": secs, "cpu_seconds": cpu, "peak_mib": _peak_mib()}


def phase_ingest(path: Path) -> dict[str, Any]:
    from eventwire.config import load_settings
    from eventwire.ingest import iter_sources
    from eventwire.pipeline import Pipeline
    from eventwire.store import Store, ingest_items

    settings = load_settings()
    pipeline = Pipeline(settings)
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:8]) + "\n")
        with Store.open(Path(tmp) / "warm.db") as store:
            ingest_items(
                store, iter_sources([str(warm)], settings), pipeline=pipeline, progress=False
            )
        with Store.open(Path(tmp) / "bench.db") as store:
            t0, c0 = time.perf_counter(), time.process_time()
            report = ingest_items(
                store, iter_sources([str(path)], settings), pipeline=pipeline, progress=False
            )
            secs, cpu = time.perf_counter() - t0, time.process_time() - c0
            counts = store.counts()
    return {
        "articles": report.added,
        "failed": report.failed,
        "seconds": secs,
        "cpu_seconds": cpu,
        "peak_mib": _peak_mib(),
        "events": counts["events"],
        "mentions": counts["mentions"],
    }


def phase_extract(path: Path) -> dict[str, Any]:
    """The extraction pipeline alone (no store), to show what the store itself costs."""
    from eventwire.config import load_settings
    from eventwire.ingest import iter_sources
    from eventwire.pipeline import Pipeline
    from eventwire.records import Document

    settings = load_settings()
    pipeline = Pipeline(settings)
    lines = path.read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text("\n".join(lines[:8]) + "\n")
        list(pipeline.run(iter_sources([str(warm)], settings)))
    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(isinstance(d, Document) for d in pipeline.run(iter_sources([str(path)], settings)))
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"articles": n, "seconds": secs, "cpu_seconds": cpu, "peak_mib": _peak_mib()}


def _run_phase(name: str, path: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--input", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=str(HERE / "results" / "ingest.json"))
    ap.add_argument("--phase", choices=list(PHASES), help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.phase:
        print(json.dumps(PHASES[args.phase](Path(args.input))))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        arts = generate_articles(args.articles, seed=args.seed)
        path.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
        words = sum(len(a["text"].split()) for a in arts)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in PHASES}
        for _ in range(args.rounds):
            for name in PHASES:
                runs[name].append(_run_phase(name, path))

    best = {k: min(v, key=lambda r: r["seconds"]) for k, v in runs.items()}
    rate = {k: r["articles"] / r["seconds"] for k, r in best.items()}
    ratio = rate["ingest"] / rate["spacy"]
    # CPU time of the measuring process: steadier than wall time on a shared machine
    cpu_best = {k: min(r["cpu_seconds"] for r in v) for k, v in runs.items()}
    cpu_rate = {k: args.articles / c for k, c in cpu_best.items()}
    cpu_ratio = cpu_rate["ingest"] / cpu_rate["spacy"]
    # each round's own ratio (its bare spaCy and ingest phases ran minutes apart at
    # most): on a machine whose speed drifts, their median is the steadier figure
    round_ratios = sorted(
        s["cpu_seconds"] / i["cpu_seconds"]
        for s, i in zip(runs["spacy"], runs["ingest"], strict=True)
    )
    median_ratio = statistics.median(round_ratios)
    result = {
        "articles": args.articles,
        "words": words,
        "rounds": args.rounds,
        "seed": args.seed,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "spacy": {**best["spacy"], "articles_per_s": rate["spacy"]},
        "extract": {**best["extract"], "articles_per_s": rate["extract"]},
        "ingest": {**best["ingest"], "articles_per_s": rate["ingest"]},
        "ratio": ratio,
        "ratio_extract": rate["extract"] / rate["spacy"],
        "cpu_articles_per_s": cpu_rate,
        "cpu_ratio": cpu_ratio,
        "round_cpu_ratios": round_ratios,
        "median_round_cpu_ratio": median_ratio,
        "target": 0.8,
        "all_runs": runs,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print(f"{args.articles} articles, {words} words, best of {args.rounds} rounds")
    print(f"{'pipeline':<30}{'articles/s':>12}{'seconds':>10}{'CPU art/s':>11}{'peak MiB':>10}")
    labels = {
        "spacy": "bare spaCy nlp.pipe",
        "extract": "eventwire extract (no store)",
        "ingest": "eventwire ingest (store)",
    }
    for key, label in labels.items():
        print(
            f"{label:<30}{rate[key]:>12.1f}{best[key]['seconds']:>10.2f}"
            f"{cpu_rate[key]:>11.1f}{best[key]['peak_mib']:>10.0f}"
        )
    print(
        f"ratio ingest/spaCy: {ratio:.2f} wall, {cpu_ratio:.2f} CPU (target >= 0.8); "
        f"extract/spaCy {result['ratio_extract']:.2f} wall  "
        f"[{best['ingest']['events']} events from {best['ingest']['mentions']} mentions]"
    )
    print(
        f"per round, ingest/spaCy CPU: {', '.join(f'{r:.2f}' for r in round_ratios)}"
        f" (median {median_ratio:.2f})"
    )
    print(f"wrote {out}")
    return 0


PHASES = {"spacy": phase_spacy, "extract": phase_extract, "ingest": phase_ingest}

if __name__ == "__main__":
    sys.exit(main())
