"""Measure actor resolution on the PLOVER gold standard records (actors coded by people).

For every coded actor of ``PLOVER_GSR_CAMEO.json`` whose text occurs in its sentence, the
sentence goes through the whole pipeline and ``actors.resolve_span`` resolves the
actor's text there; the country and (where the gold gives one) the sector are compared
with the gold CAMEO code. The gold file is read for measuring only.

Run:  .venv/bin/python scripts/actors_eval_gsr.py [../shared/gold/plv/PLOVER_GSR_CAMEO.json]
      [--limit N] [--explain N]

Prints ``actors-gsr: country=... sector=... n=...`` as its last line.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from eventwire.actors import resolve_span
from eventwire.errors import EventwireError
from eventwire.pipeline import Pipeline, extract_text

DEFAULT = Path(__file__).resolve().parents[2] / "shared/gold/plv/PLOVER_GSR_CAMEO.json"
# CAMEO country codes that are not ISO 3166-1 alpha-3 codes.
CAMEO_TO_ISO = {"JAP": "JPN", "ROM": "ROU", "SER": "SRB", "ZAR": "COD", "GER": "DEU"}


def gold_actors(records: list[dict]) -> list[tuple[str, str, str, str | None]]:
    """(sentence, actor text, country, sector) for each coded actor."""
    out = []
    for rec in records[1:]:
        text = str(rec.get("text") or "").strip()
        for role in ("source", "target"):
            actors = rec.get(role)
            if not isinstance(actors, list):
                continue
            for a in actors:
                code = str(a.get("code") or "")
                if not a.get("actorText") or len(code) < 3:
                    continue
                country = CAMEO_TO_ISO.get(code[:3], code[:3])
                out.append((text, a["actorText"], country, a.get("sector") or None))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0, help="first N actors only")
    ap.add_argument("--explain", type=int, default=0, help="print N disagreements")
    args = ap.parse_args(argv)
    rows = gold_actors(json.loads(args.gold.read_text(encoding="utf-8")))
    if args.limit:
        rows = rows[: args.limit]
    pipeline = Pipeline()
    docs: dict[str, object] = {}
    n = country_ok = sector_n = sector_ok = 0
    wrong: list[str] = []
    for sentence, actor_text, country, sector in rows:
        if sentence not in docs:
            try:
                docs[sentence] = extract_text(sentence, pipeline=pipeline)
            except EventwireError:  # another stage failed on it: not an actor question
                docs[sentence] = None
        doc = docs[sentence]
        if doc is None:
            continue
        m = re.search(rf"(?<!\w){re.escape(actor_text)}(?!\w)", doc.text)  # type: ignore[attr-defined]
        if m is None:
            continue
        got = resolve_span(doc, m.start(), m.end())  # type: ignore[arg-type]
        n += 1
        c_ok = got is not None and got.country == country
        country_ok += c_ok
        if sector:
            sector_n += 1
            s_ok = got is not None and got.sector == sector
            sector_ok += s_ok
            if c_ok and not s_ok and len(wrong) < args.explain:
                have = (got.country, got.sector, got.name) if got else None
                wrong.append(f"  {actor_text!r}: gold {country} {sector} got {have} (sector)")
        if not c_ok and len(wrong) < args.explain:
            have = (got.country, got.sector, got.name) if got else None
            wrong.append(f"  {actor_text!r}: gold {country} {sector or ''} got {have}")
    for line in wrong:
        print(line)
    print(
        f"actors-gsr: country={country_ok / max(n, 1):.3f} ({country_ok}/{n}) "
        f"sector={sector_ok / max(sector_n, 1):.3f} ({sector_ok}/{sector_n}) n={n}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
