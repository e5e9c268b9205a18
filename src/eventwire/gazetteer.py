"""The offline gazetteer: compiled GeoNames-derived places, plus aliases, demonyms and
user places, loaded once per process through :func:`load_gazetteer`.

The data files and their formats are documented in ``data/places/README.md``; the
compiled index is made by ``scripts/build_gazetteer.py``.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import load_settings, package_data_dir
from .errors import DataFileError

INDEX_MARK = "#index"
#: the longest names looked for in text, in words ("Bosnia and Herzegovina", "Deir ez-Zor")
MAX_WORDS = 6
KINDS: tuple[str, ...] = ("country", "continent", "admin1", "admin2", "city", "other")
#: how a gazetteer kind is written in the output contract's ``feature``
FEATURE: dict[str, str] = {
    "country": "country",
    "admin1": "admin1",
    "city": "city",
    "admin2": "other",
    "continent": "other",
    "other": "other",
}

_DROP = re.compile(r"[.'\u2019`\u00b4]")
_SPACE = re.compile(r"[\s\-\u2010-\u2015_/]+")


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """The lookup key of a name: case, accents, full stops and apostrophes dropped,
    hyphens and runs of white space read as one space."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _DROP.sub("", folded.casefold())
    return _SPACE.sub(" ", folded).strip()


@dataclass(frozen=True)
class Entry:
    """One gazetteer place."""

    idx: int
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None

    @property
    def feature(self) -> str:
        return FEATURE.get(self.kind, "other")


@dataclass(frozen=True)
class Hit:
    """A candidate for a name: the entry, and whether the name is its main name."""

    entry: int
    main: bool


class Gazetteer:
    """Places, kept as the compiled file's lines and parsed when asked for, and the
    index over their names (also kept as text until a key is looked up)."""

    def __init__(self) -> None:
        self.rows: list[str] = []  # one TSV line a place (the compiled columns)
        self._index: dict[str, str] = {}  # compiled: key -> "n,n,..."
        self._extra: dict[str, tuple[int, ...]] = {}  # added at load: key -> packed
        self.after_comma: dict[str, tuple[int, ...]] = {}
        self.demonyms: dict[str, tuple[int, ...]] = {}
        self.country_entry: dict[str, int] = {}
        self._gid_entry: dict[int, int] | None = None
        self._hits: dict[str, tuple[Hit, ...]] = {}  # lookups made: key -> hits
        self.max_words = MAX_WORDS

    def __len__(self) -> int:
        return len(self.rows)

    @lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process, kept for its life
    def entry(self, i: int) -> Entry:
        gid, kind, name, country, admin1, lat, lon, pop = self.rows[i].split("\t", 8)[:8]
        return Entry(
            idx=i,
            name=name,
            kind=kind,
            country=country or None,
            admin1=admin1 or None,
            lat=float(lat) if lat else None,
            lon=float(lon) if lon else None,
            population=int(pop or 0),
            geonames_id=int(gid) if gid else None,
        )

    def _packed(self, key: str) -> tuple[int, ...]:
        raw = self._index.get(key)
        base = tuple(int(v) for v in raw.split(",")) if raw else ()
        extra = self._extra.get(key)
        return base + extra if extra else base

    def lookup(self, name: str) -> list[Hit]:
        """Places called ``name`` (main name or alternate)."""
        return self.lookup_key(norm(name))

    def lookup_key(self, key: str) -> list[Hit]:
        """Like :meth:`lookup` for an already normalized key."""
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= 100_000:  # news repeats its names; bound the memory
                self._hits.clear()
            hits = self._hits[key] = tuple(Hit(v >> 1, bool(v & 1)) for v in self._packed(key))
        return list(hits)

    def has_key(self, key: str) -> bool:
        return key in self._index or key in self._extra

    def lookup_after_comma(self, name: str) -> list[Hit]:
        hits = [Hit(v, True) for v in self.after_comma.get(norm(name), ())]
        return hits or self.lookup(name)

    def demonym(self, word: str) -> list[int]:
        """Entries a demonym stands for ("Iraqi", "Iraqis" -> Iraq)."""
        key = norm(word)
        found = self.demonyms.get(key)
        if found is None and key.endswith("s"):
            found = self.demonyms.get(key[:-1])
        return list(found or ())

    def by_geonames_id(self, gid: int) -> int | None:
        if self._gid_entry is None:
            self._gid_entry = {}
            for i, row in enumerate(self.rows):
                head = row[: row.find("\t")]
                if head:
                    self._gid_entry.setdefault(int(head), i)
        return self._gid_entry.get(gid)

    # ---- building ----

    def add(
        self,
        name: str,
        kind: str,
        country: str | None,
        admin1: str | None,
        lat: float | None,
        lon: float | None,
        population: int,
        geonames_id: int | None,
        alternates: list[str],
    ) -> int:
        """Add a place (a user's); returns its entry number."""
        i = len(self.rows)
        cells = [
            str(geonames_id or ""), kind, name, country or "", admin1 or "",
            "" if lat is None else repr(lat), "" if lon is None else repr(lon),
            str(population), "|".join(alternates), "",
        ]
        self.rows.append("\t".join(cells))
        self._add_key(name, i, True)
        for alt in alternates:
            self._add_key(alt, i, False)
        if kind == "country" and country:
            self.country_entry.setdefault(country, i)
        if geonames_id and self._gid_entry is not None:
            self._gid_entry.setdefault(geonames_id, i)
        return i

    def _add_key(self, name: str, i: int, main: bool) -> None:
        key = norm(name)
        if not key:
            return
        old = self._packed(key)
        if i * 2 + 1 in old or i * 2 in old:
            return
        packed = i * 2 + (1 if main else 0)
        # a user's place is looked at first among equals
        self._extra[key] = (packed,) + self._extra.get(key, ())
        self._hits.pop(key, None)
        self.max_words = max(self.max_words, key.count(" ") + 1)

    def add_alias(self, alias: str, entries: list[int], where: str = "any") -> None:
        if where == "after_comma":
            key = norm(alias)
            self.after_comma[key] = tuple(dict.fromkeys(entries + list(self.after_comma.get(key, ()))))
            return
        for i in entries:
            self._add_key(alias, i, True)

    def add_demonym(self, word: str, entries: list[int], replace: bool = False) -> None:
        key = norm(word)
        old = () if replace else self.demonyms.get(key, ())
        self.demonyms[key] = tuple(dict.fromkeys(tuple(entries) + old))


def _float(value: str) -> float | None:
    value = value.strip()
    return float(value) if value else None


def _read_compiled(gaz: Gazetteer, path: Path) -> None:
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise DataFileError(f"cannot read the compiled gazetteer: {exc}", where=str(path)) from exc
    head, sep, index = text.partition("\n" + INDEX_MARK + "\n")
    del text  # keep the peak memory of loading down
    lines = head.split("\n")
    del head
    if not sep or not lines[0].startswith("geonames_id\tkind\tname\t"):
        raise DataFileError("not a compiled gazetteer (bad header or no index)", where=str(path))
    gaz.rows = lines
    del gaz.rows[0]  # the header
    for i, row in enumerate(gaz.rows):
        cells = row.split("\t")
        kind = cells[1]
        if kind not in ("country", "continent"):
            break  # countries and continents come first
        if kind == "country":
            gaz.country_entry.setdefault(cells[3], i)
        if cells[9]:
            for d in cells[9].split("|"):
                gaz.add_demonym(d, [i])
    flat = iter(index.rstrip("\n").replace("\n", "\t").split("\t"))
    del index
    gaz._index = dict(zip(flat, flat, strict=False))


def _lines(path: Path) -> list[tuple[int, list[str]]]:
    out = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read: {exc}", where=str(path)) from exc
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append((n, line.split("\t")))
    return out


_PLACE_COLUMNS = ("name", "kind", "country", "admin1", "lat", "lon", "population", "alternates", "geonames_id")


def _read_places(gaz: Gazetteer, path: Path, named: dict[str, int]) -> None:
    rows = _lines(path)
    if not rows:
        return
    header = [h.strip() for h in rows[0][1]]
    if "name" not in header or any(h not in _PLACE_COLUMNS for h in header):
        raise DataFileError(
            f"line {rows[0][0]}: the header must name columns among {', '.join(_PLACE_COLUMNS)}",
            where=str(path),
        )
    for n, cells in rows[1:]:
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            kind = row.get("kind") or "other"
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}")
            lat, lon = _float(row.get("lat", "")), _float(row.get("lon", ""))
            if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90)) or (
                lon is not None and not (-180 <= lon <= 180)
            ):
                raise ValueError("lat and lon must both be given, in degrees")
            name = row.get("name", "")
            if not name:
                raise ValueError("empty name")
            gid = row.get("geonames_id") or ""
            i = gaz.add(
                name,
                kind,
                row.get("country") or None,
                row.get("admin1") or None,
                lat,
                lon,
                int(row.get("population") or 0),
                int(gid) if gid else None,
                [a.strip() for a in (row.get("alternates") or "").split("|") if a.strip()],
            )
        except ValueError as exc:
            raise DataFileError(f"line {n}: {exc}", where=str(path)) from exc
        named[norm(name)] = i


def _target(gaz: Gazetteer, target: str, named: dict[str, int]) -> list[int]:
    """Entries a data-file target names: country:ISO3, admin1:ISO3:Name, city:ISO3:Name
    (the most populous of that name), geonames:ID or place:Name."""
    kind, _, rest = target.partition(":")
    if kind == "country" and rest in gaz.country_entry:
        return [gaz.country_entry[rest]]
    if kind in ("admin1", "city"):
        iso, _, name = rest.partition(":")
        hits = [
            h.entry for h in gaz.lookup(name)
            if h.main and gaz.entry(h.entry).kind == kind and gaz.entry(h.entry).country == iso
        ]
        return [max(hits, key=lambda i: gaz.entry(i).population)] if hits else []
    if kind == "geonames" and rest.isdigit():
        i = gaz.by_geonames_id(int(rest))
        return [] if i is None else [i]
    if kind == "place":
        if norm(rest) in named:
            return [named[norm(rest)]]
        hits = [h.entry for h in gaz.lookup(rest) if h.main]
        if hits:  # a gazetteer place by name: the most populous main-name entry
            return [max(hits, key=lambda i: gaz.entry(i).population)]
    return []


def _read_aliases(gaz: Gazetteer, path: Path, named: dict[str, int], demonyms: bool) -> None:
    for n, cells in _lines(path):
        if len(cells) < 2 or not cells[0].strip():
            raise DataFileError(f"line {n}: expected NAME<TAB>TARGET", where=str(path))
        name, target = cells[0].strip(), cells[1].strip()
        where = cells[2].strip() if len(cells) > 2 and cells[2].strip() else "any"
        if where not in ("any", "after_comma"):
            raise DataFileError(f"line {n}: 'where' must be any or after_comma", where=str(path))
        entries = _target(gaz, target, named)
        if not entries:
            raise DataFileError(f"line {n}: no place for target {target!r}", where=str(path))
        if demonyms:
            gaz.add_demonym(name, entries, replace=True)
        else:
            gaz.add_alias(name, entries, where)


def _read_dir(gaz: Gazetteer, folder: Path, named: dict[str, int]) -> None:
    files = sorted(folder.glob("*.tsv"))
    for path in files:
        if path.name not in ("aliases.tsv", "demonyms.tsv"):
            _read_places(gaz, path, named)
    for path in files:
        if path.name == "aliases.tsv":
            _read_aliases(gaz, path, named, demonyms=False)
        elif path.name == "demonyms.tsv":
            _read_aliases(gaz, path, named, demonyms=True)


def build(compiled: Path, folders: list[Path]) -> Gazetteer:
    """A gazetteer from a compiled index and folders of places/aliases/demonyms files."""
    gaz = Gazetteer()
    _read_compiled(gaz, compiled)
    named: dict[str, int] = {}
    for folder in folders:
        if folder.is_dir():
            _read_dir(gaz, folder, named)
    return gaz


def places_dir() -> Path:
    return package_data_dir() / "places"


@lru_cache(maxsize=4)
def load_gazetteer(data_dir: str | None = None) -> Gazetteer:
    """The gazetteer, loaded once per process: the shipped data plus, where a user data
    directory is configured (``EVENTWIRE_DATA_DIR``), its ``places/*.tsv`` files."""
    if data_dir is None:
        data_dir = load_settings().data_dir
    folders = [places_dir()]
    if data_dir:
        folders.append(Path(data_dir) / "places")
    return build(places_dir() / "gazetteer.tsv.gz", folders)
