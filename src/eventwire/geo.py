"""Places: toponyms found in the cleaned text, resolved against the offline gazetteer,
and each event mention put where it happened.

Recognition takes spaCy's GPE and LOC entities (and NORP ones that are demonyms, and ORG
ones that are exactly the name of a country, division or region, such as "EU"), then
scans the rest of the text for capitalised names the model missed that the gazetteer
knows ("Deir ez-Zor", "Al Mawsil").

Resolution scores every gazetteer entry of a name by its kind and population, then by
the document's context: the countries and first-level divisions that its unambiguous
places name, and "Town, State" pairs. A country's name is the country, never a town
named after it; the one exception is a country name that is also a division of the
document's own dominant country ("Georgia" in a story from Atlanta).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .actors import doc_ents, doc_tokens
from .gazetteer import Entry, Gazetteer, Hit, load_gazetteer, norm
from .records import Document, EventMention, Place

#: spaCy labels read as toponyms outright
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: labels whose text becomes a toponym only when it is exactly a known non-town name
NAME_LABELS = frozenset({"ORG", "FAC", "PERSON"})
#: labels that hide a name from the gazetteer scan (organisation and facility names are
#: scanned: "the Mansfield Police Department" names Mansfield)
BLOCKING_LABELS = frozenset(
    {"LANGUAGE", "NORP", "DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"}
)
STRONG_KINDS = frozenset({"country", "continent", "admin1", "other"})
#: lower-case words allowed inside a scanned name ("Deir ez-Zor", "Bosnia and Herzegovina")
CONNECTORS = frozenset({"ez", "el", "al", "as", "ad", "an", "ar", "at", "de", "del", "la", "le", "of",
                        "and", "da", "do", "dos", "das", "du", "des", "van", "von", "-", "bin", "ibn"})
DIRECTION = re.compile(
    r"^(?:(?:North|South|East|West|Central|Northern|Southern|Eastern|Western|Upper|Lower|"
    r"Greater|Northeast|Northwest|Southeast|Southwest|Northeastern|Northwestern|"
    r"Southeastern|Southwestern|Downtown|Metro|Rural)\s+)+"
)
GENERIC = re.compile(
    r"\s+(?:province|Province|state|State|region|Region|area|Area|city|City|district|"
    r"District|governorate|Governorate|valley|Valley|metro|Metro)$"
)
LEADING = re.compile(r"^(?:the|The|THE)\s+")
TRAILING = re.compile(r"(?:'s|’s|'|’)$")
#: prepositions that put an event in a place ("in southern Mosul", "near Kandahar")
LOCATIVE = frozenset({"in", "near", "at", "outside", "inside", "across", "around", "throughout",
                      "within", "off", "along", "north", "south", "east", "west", "northeast",
                      "northwest", "southeast", "southwest"})
#: capitalised words that name things, not places, when they stand alone in a name
#: ("Ohio State University", "the Webb Center", "Central High")
GENERIC_WORDS = frozenset(
    "university college school academy institute center centre central union street road avenue "
    "square station airport bridge hall park lake river valley mountain island bay beach harbor "
    "harbour port market village town city county state district court house church hospital "
    "man woman west east north south western eastern northern southern northeast northwest "
    "southeast southwest middle united national international new great grand royal liberty "
    "independence hope unity progress commerce spring summit gulf sunday monday tuesday "
    "wednesday thursday friday saturday god police fire".split()
)
#: a scanned (not model-found) town must be at least this populous, unless multi-word
SCAN_MIN_POPULATION = 15000


#: a model-found name the gazetteer cannot resolve is kept (without coordinates) only when
#: it ends in a word for a natural or named feature ("Red River", "Farallon Islands"): a
#: lone unknown GPE is more often a person ("Pawlenty") than a place
FEATURE_WORDS = frozenset(
    "river rivers lake lakes creek bay sea ocean gulf island islands mountain mountains mount "
    "valley canyon forest park peninsula desert plain plains strait coast basin delta falls "
    "township twp neighborhood neighbourhood district region province county parish borough "
    "heights hills ridge springs".split()
)


def _keep_unresolved(m: Mention) -> bool:
    words = m.text.split()
    return not m.demonym and len(words) > 1 and norm(words[-1]) in FEATURE_WORDS


@dataclass
class Mention:
    start: int
    end: int
    text: str
    hits: list[Hit] = field(default_factory=list)
    demonym: list[int] = field(default_factory=list)
    within: int | None = None  # index of the mention this one is the ", X" of
    qualifier: int | None = None  # index of the ", X" mention that qualifies this one
    entry: int | None = None


# ---------------------------------------------------------------- recognition


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    m = LEADING.match(text[start:end])
    if m:
        start += m.end()
    m = TRAILING.search(text[start:end])
    if m and m.start() > 0:
        end = start + m.start()
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


def _known_strong(gaz: Gazetteer, hits: list[Hit]) -> bool:
    """A country, division or region by its name, or a country or region by another
    name ("EU" for the European Union)."""
    for h in hits:
        kind = gaz.entry(h.entry).kind
        if kind in STRONG_KINDS and (h.main or kind != "admin1"):
            return True
    return False


def _entity_mentions(doc: Document, gaz: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    text = doc.text
    for ent in doc.entities:
        label = ent.label
        if label not in PLACE_LABELS and label not in NAME_LABELS and label != "NORP":
            continue
        start, end = _trim(text, ent.start, ent.end)
        if end <= start:
            continue
        surface = text[start:end]
        if label == "NORP":
            dem = gaz.demonym(surface)
            if dem:
                out.append(Mention(start, end, surface, demonym=dem))
            continue
        if label in NAME_LABELS:
            hits = gaz.lookup(surface)
            if _known_strong(gaz, hits):
                out.append(Mention(start, end, surface, hits=hits))
            continue
        if norm(surface) in GENERIC_WORDS and not _known_strong(gaz, gaz.lookup(surface)):
            continue  # "Centre", "West" alone
        out.extend(_split_commas(gaz, text, start, end))
    return out


def _split_commas(gaz: Gazetteer, text: str, start: int, end: int) -> list[Mention]:
    """One entity "Paris, Texas" -> two mentions, the second qualifying the first."""
    surface = text[start:end]
    parts = [m for m in re.finditer(r"[^,]+", surface)]
    if len(parts) >= 2:
        ms: list[Mention] = []
        for k, p in enumerate(parts):
            s, e = _trim(text, start + p.start(), start + p.end())
            if e <= s:
                continue
            name = text[s:e]
            hits = gaz.lookup_after_comma(name) if k else gaz.lookup(name)
            ms.append(Mention(s, e, name, hits=hits))
        if all(m.hits for m in ms):
            return ms
    hits = gaz.lookup(surface)
    if hits and not any(h.main for h in hits):  # "Dublin City" is an alternate of Dublin
        hits = hits + [h for h in _core_hits(gaz, surface) if h not in hits]
    if not hits:
        dem = gaz.demonym(surface)
        if dem:  # the model's GPE "Sri Lankan"
            return [Mention(start, end, surface, demonym=dem)]
        hits = _core_hits(gaz, surface)
    return [Mention(start, end, surface, hits=hits)]


def _core_hits(gaz: Gazetteer, surface: str) -> list[Hit]:
    """Places of a name under a direction or a generic word: "Northeast Georgia",
    "South Philadelphia", "Kermanshah province", "Fargo City"."""
    m = DIRECTION.match(surface)
    if m and m.end() < len(surface):
        hits = gaz.lookup(surface[m.end():])
        if hits:
            return hits
    m = GENERIC.search(surface)
    if m and m.start() > 0:
        return gaz.lookup(surface[: m.start()])
    return []


def _is_name_token(tok: Any) -> bool:
    t = tok.text
    return bool(t[:1].isupper()) and tok.pos_ in ("PROPN", "ADJ", "NOUN") and any(c.isalpha() for c in t)


def _scan_mentions(
    doc: Document, gaz: Gazetteer, taken: list[Mention], ctx: _Context
) -> list[Mention]:
    """Names the model missed, cut short or mislabelled: runs of capitalised tokens
    that the gazetteer knows ("Deir ez-Zor" where the model saw "Deir"), also inside
    organisation names ("the Mansfield Police Department")."""
    sdoc = doc.spacy_doc
    if sdoc is None:
        return []
    toks = doc_tokens(sdoc)  # one Token object per token, not one per access
    blocked = [False] * len(sdoc)
    ents = doc_ents(sdoc)
    org_spans = {(e.start, e.end) for e in ents if e.label_ in ("ORG", "FAC", "WORK_OF_ART")}
    person = [0] * len(sdoc)  # tokens of a PERSON entity: its length in tokens
    for ent in ents:
        if ent.label_ in BLOCKING_LABELS:
            for i in range(ent.start, ent.end):
                blocked[i] = True
        elif ent.label_ == "PERSON":
            for i in range(ent.start, ent.end):
                person[i] = len(ent)
    # one sense per discourse: a name the model found as a place elsewhere in the text
    known = {norm(m.text) for m in taken if m.hits or m.demonym}
    text = doc.text  # a token's first character, without making its text
    is_name = [text[t.idx].isupper() and _is_name_token(t) for t in toks]
    out: list[Mention] = []
    n = len(sdoc)
    i = 0
    while i < n:
        tok = toks[i]
        if blocked[i] or not is_name[i]:
            i += 1
            continue
        best: tuple[int, list[Hit]] | None = None
        j = i
        words = 0
        while j < n and words < gaz.max_words and not blocked[j]:
            t = toks[j]
            if j > i and t.idx > toks[j - 1].idx + len(toks[j - 1].text) + 1:
                break  # a line break or gap
            if not is_name[j]:
                if j > i and (t.lower_ in CONNECTORS or t.text in ("-", "'")):
                    j += 1
                    continue
                break
            words += 1
            span_start, span_end = tok.idx, t.idx + len(t.text)
            name = doc.text[span_start:span_end]
            hits = gaz.lookup(name)
            if words > 1 and (i, j + 1) in org_spans and not any(
                gaz.entry(h.entry).kind != "city" or gaz.entry(h.entry).population >= 100000
                for h in hits
            ):
                pass  # the whole of "the White House": a building, not the small town
            elif hits and (
                (norm(name) in known and tok.lower_ not in GENERIC_WORDS)
                or _scan_ok(gaz, hits, words, tok, ctx, person[i])
            ):
                best = (j + 1, hits)
            j += 1
        if best is None:
            dem = gaz.demonym(tok.text) if not person[i] and tok.text[:1].isupper() else []
            if dem:  # "American Electric Power", "the Russian Orthodox Church"
                out.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, demonym=dem))
            i += 1
            continue
        e_tok, hits = best
        s, e = tok.idx, toks[e_tok - 1].idx + len(toks[e_tok - 1].text)
        out.append(Mention(s, e, doc.text[s:e], hits=hits))
        i = e_tok
    return out


def _scan_ok(gaz: Gazetteer, hits: list[Hit], words: int, first: Any, ctx: _Context,
             person: int) -> bool:
    """Whether a name found by scanning is a place: a country, division or region; a
    several-word town name; or a one-word town of the document's countries. Inside a
    PERSON entity only a whole one-word entity that is a place of the document's own
    divisions counts (the small model takes "Alexandria" for a person)."""
    for h in hits:
        if not h.main and words == 1:
            continue
        e = gaz.entry(h.entry)
        if person:
            if person != words or not e.country or e.kind not in ("city", "admin1", "admin2"):
                continue
            if e.admin1 and (e.country, norm(e.admin1)) in ctx.admin1s:
                return True
            continue
        if words == 1 and first.lower_ in GENERIC_WORDS:
            return False
        if e.kind == "admin1" and words == 1 and e.country not in ctx.countries:
            continue  # "Central", "Western": divisions of far countries
        if e.kind in STRONG_KINDS:
            return True
        if e.kind == "admin2" and words > 1:
            return True
        if e.kind != "city":
            continue
        if words > 1 and ((e.country and e.country in ctx.countries) or e.population >= 100000):
            return True
        if words == 1 and e.country and e.country in ctx.countries and (
            e.population >= SCAN_MIN_POPULATION
            or (e.admin1 and (e.country, norm(e.admin1)) in ctx.admin1s)
        ):
            return True
        if words == 1 and e.population >= 200000:
            return True
    return False


# ---------------------------------------------------------------- resolution


def _base(e: Entry, main: bool) -> float:
    if e.kind == "country":
        score = 100.0
    elif e.kind == "continent":
        score = 95.0
    elif e.kind == "other":
        score = 90.0
    elif e.kind == "admin1":
        score = 40.0 + 2.0 * math.log10(e.population + 10)
    elif e.kind == "admin2":
        score = 50.0
    else:
        score = 10.0 * math.log10(e.population + 10)
    return score if main else score - 8.0


@dataclass
class _Context:
    countries: Counter[str]
    admin1s: set[tuple[str, str]]
    dominant: str | None
    #: (country, division key) -> how many different names of the document could lie there
    support: Counter[tuple[str, str]] = field(default_factory=Counter)


def _support(gaz: Gazetteer, mentions: list[Mention]) -> Counter[tuple[str, str]]:
    """For each first-level division, the number of distinct names in the document
    that have a place there: names that cluster in one division settle each other
    ("Paris" and "Henry County" both in Tennessee)."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for m in mentions:
        if m.demonym or not m.hits:
            continue
        key = norm(m.text)
        if key in seen:
            continue
        divs: set[tuple[str, str]] = set()
        for h in m.hits:
            if not h.main:
                continue
            e = gaz.entry(h.entry)
            if e.country and e.admin1 and e.kind in ("city", "admin1", "admin2"):
                divs.add((e.country, norm(e.admin1)))
        seen[key] = divs
    counts: Counter[tuple[str, str]] = Counter()
    for divs in seen.values():
        counts.update(divs)
    return counts


def _context(gaz: Gazetteer, mentions: list[Mention]) -> _Context:
    """Countries and divisions the document names without doubt."""
    countries: Counter[str] = Counter()  # two votes a sure name, one a likely one
    admin1s: set[tuple[str, str]] = set()
    weak: set[str] = set()
    for m in mentions:
        if m.demonym:
            continue  # "French" may be the language; demonyms do not set the scene
        entries = [gaz.entry(h.entry) for h in m.hits if h.main]
        if not entries:
            continue
        strong = [e for e in entries if e.kind in ("country", "admin1")]
        pick: Entry | None = None
        if len(entries) == 1:
            pick = entries[0]
        elif strong and len({(e.kind, e.country) for e in strong}) == 1 and not any(
            e.kind == "city" and e.population >= min(100000, strong[0].population) for e in entries
        ):
            pick = strong[0]
        if pick is None:
            lands = {e.country for e in entries}
            if len(lands) == 1 and None not in lands:  # "Henry County": somewhere in the US
                countries[entries[0].country or ""] += 2
                continue
            top = max(entries, key=lambda e: e.population)
            rest = sum(e.population for e in entries if e is not top)
            key = norm(m.text)
            if top.country and top.population >= 500000 and top.population >= 20 * rest \
                    and key not in weak:
                weak.add(key)  # "Dallas": most likely Texas; a half vote, once a name
                countries[top.country] += 1
            continue
        if pick.country is None:
            continue
        countries[pick.country] += 2
        if pick.admin1:
            admin1s.add((pick.country, norm(pick.admin1)))
    support = _support(gaz, mentions)
    dominant = countries.most_common(1)[0][0] if countries else None
    if dominant is None and support:
        (iso, _), n = support.most_common(1)[0]
        dominant = iso if n >= 2 else None
    return _Context(countries, admin1s, dominant, support)


def _resolve(gaz: Gazetteer, m: Mention, ctx: _Context, qualifier: Entry | None) -> int | None:
    if m.demonym:
        return max(m.demonym, key=lambda i: (gaz.entry(i).kind == "country", gaz.entry(i).population))
    if not m.hits:
        return None
    total = sum(ctx.countries.values()) or 1
    best, best_score = None, -1e9
    entries = [(h, gaz.entry(h.entry)) for h in m.hits]
    country_hit = next((e for h, e in entries if h.main and e.kind == "country"), None)
    for h, e in entries:
        if country_hit is not None and e.kind not in ("country", "admin1"):
            continue  # a country's name is the country, never a town named after it
        score = _base(e, h.main)
        if e.country and e.kind != "country":
            share = ctx.countries.get(e.country, 0) / total
            score += 25.0 * share + (8.0 if share else 0.0)
            if e.admin1:
                div = (e.country, norm(e.admin1))
                if div in ctx.admin1s:
                    score += 12.0
                score += 8.0 * min(3, ctx.support.get(div, 1) - 1)
        if qualifier is not None:
            if qualifier.kind == "country" and e.country == qualifier.country:
                score += 100.0
            elif qualifier.kind == "admin1" and e.country == qualifier.country and e.admin1 and \
                    norm(e.admin1) == norm(qualifier.name):
                score += 100.0
        if (
            country_hit is not None
            and e.kind == "admin1"
            and h.main
            and e.country
            and country_hit.country != e.country
            and (
                ctx.support.get((e.country, norm(e.name)), 0) >= 3
                or (
                    e.country == ctx.dominant
                    and ctx.countries.get(country_hit.country or "", 0) < ctx.countries[e.country]
                )
            )
        ):
            score += 200.0  # "Georgia" in an American story is the state
        if score > best_score:
            best, best_score = h.entry, score
    return best


def _place(gaz: Gazetteer, m: Mention) -> Place:
    if m.entry is None:
        return Place(text=m.text, start=m.start, end=m.end, name=m.text, demonym=bool(m.demonym))
    e = gaz.entry(m.entry)
    return Place(
        text=m.text,
        start=m.start,
        end=m.end,
        name=e.name,
        country=e.country,
        admin1=e.admin1 if e.kind != "country" else None,
        lat=e.lat,
        lon=e.lon,
        feature=e.feature,
        geonames_id=e.geonames_id,
        demonym=bool(m.demonym),
    )


def _link_qualifiers(gaz: Gazetteer, text: str, mentions: list[Mention]) -> None:
    """"Gainesville, Ga.": the second names where the first is."""
    for k in range(len(mentions) - 1):
        a, b = mentions[k], mentions[k + 1]
        gap = text[a.end : b.start]
        if gap.strip() == "," and len(gap) <= 3 and not a.demonym and not b.demonym:
            a.qualifier = k + 1
            b.within = k
            b.hits = gaz.lookup_after_comma(b.text)
    for m in mentions:  # "Ky." is Kentucky wherever it stands
        if m.within is None and m.text.endswith(".") and not m.demonym:
            abbr = [Hit(i, True) for i in gaz.after_comma.get(norm(m.text), ())]
            if abbr:
                m.hits = abbr


def find_places(doc: Document) -> list[Place]:
    """Toponyms in ``doc.text`` resolved to gazetteer entries."""
    gaz = load_gazetteer()
    mentions = _entity_mentions(doc, gaz)
    mentions += _scan_mentions(doc, gaz, mentions, _context(gaz, mentions))
    # the longest at each start wins; at equal spans the model's entity (listed first)
    mentions.sort(key=lambda m: (m.start, -m.end))
    dedup: list[Mention] = []
    for m in mentions:
        if dedup and m.start < dedup[-1].end:
            continue
        dedup.append(m)
    mentions = dedup
    _link_qualifiers(gaz, doc.text, mentions)
    ctx = _context(gaz, mentions)
    # qualifiers first ("Ga." in "Gainesville, Ga."), then the rest
    for m in mentions:
        if m.within is not None:
            after = [Hit(h.entry, h.main) for h in m.hits]
            strong = [h for h in after if gaz.entry(h.entry).kind in ("country", "admin1")]
            m.hits = strong or after
            m.entry = _resolve(gaz, m, ctx, None)
    for m in mentions:
        if m.within is None:
            q = mentions[m.qualifier].entry if m.qualifier is not None else None
            m.entry = _resolve(gaz, m, ctx, gaz.entry(q) if q is not None else None)
    _second_pass(gaz, mentions, ctx)
    home = _home_country(gaz, mentions)
    places: list[Place] = []
    for m in mentions:
        if m.entry is not None:
            places.append(_place(gaz, m))
        elif _keep_unresolved(m):
            # "the Red River", "Pleasant Township": not in the gazetteer, but a feature
            # of the country where the document's places plainly are (no coordinates)
            places.append(
                Place(text=m.text, start=m.start, end=m.end, name=m.text, country=home,
                      feature="other" if home else None)
            )
    return places


#: a document's places "plainly" lie in one country: at least this share of its
#: distinct resolved names, and at least two of them
HOME_SHARE = 0.75


def _home_country(gaz: Gazetteer, mentions: list[Mention]) -> str | None:
    """The country nearly all the document's distinct resolved names lie in, or None."""
    by_name: dict[str, str | None] = {}
    for m in mentions:
        if m.entry is not None and not m.demonym:
            by_name.setdefault(norm(m.text), gaz.entry(m.entry).country)
    votes = Counter(c for c in by_name.values() if c)
    if not votes:
        return None
    country, n = votes.most_common(1)[0]
    return country if n >= 2 and n >= HOME_SHARE * len(by_name) else None


def _second_pass(gaz: Gazetteer, mentions: list[Mention], ctx: _Context) -> None:
    """Resolve the ambiguous names again, now that the document's other names are
    placed: "Medina" next to "Cleveland" (resolved to Ohio) is Medina, Ohio.

    Each distinct other name votes once for the country and division it resolved to;
    a name's own resolution never votes for itself. Qualified names ("Paris, Texas")
    and demonyms keep their first resolution.
    """
    placed: dict[str, Entry] = {}
    for m in mentions:
        if m.entry is not None and not m.demonym:
            placed.setdefault(norm(m.text), gaz.entry(m.entry))
    if len(placed) < 2:
        return
    for m in mentions:
        if m.within is not None or m.qualifier is not None or m.demonym or len(m.hits) < 2:
            continue
        own = norm(m.text)
        countries = Counter(ctx.countries)
        admin1s = set(ctx.admin1s)
        for key, e in placed.items():
            if key == own or e.country is None:
                continue
            countries[e.country] += 1
            if e.admin1 and e.kind != "country":
                admin1s.add((e.country, norm(e.admin1)))
        m.entry = _resolve(gaz, m, _Context(countries, admin1s, ctx.dominant, ctx.support), None)


# ---------------------------------------------------------------- event location


def _country_place(gaz: Gazetteer, iso3: str, anchor: Place | None = None) -> Place | None:
    i = gaz.country_entry.get(iso3)
    if i is None:
        return None
    e = gaz.entry(i)
    return Place(
        text=anchor.text if anchor else e.name,
        start=anchor.start if anchor else -1,
        end=anchor.end if anchor else -1,
        name=e.name,
        country=e.country,
        lat=e.lat,
        lon=e.lon,
        feature="country",
        geonames_id=e.geonames_id,
    )


def _token_at(sdoc: Any, start: int, end: int) -> Any:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _attachment(tok: Any, trigger: Any, limit: int = 4) -> int | None:
    """How many steps up the tree from a place token to the trigger, passing a
    locative preposition; None when it is not attached that way."""
    steps, cur, locative = 0, tok, False
    while cur is not None and steps <= limit:
        if cur.i == trigger.i:
            return steps if locative else None
        if cur.dep_ in ("nsubj", "nsubjpass") and cur.head.i == trigger.i:
            return None  # "Baghdad and Washington finalized ..." names actors, not a place
        if cur.dep_ == "prep" and cur.lower_ in LOCATIVE:
            locative = True
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        steps += 1
    return None


def _qualifies_previous(doc: Document, k: int) -> bool:
    """Whether place k is the ", Texas" of "Paris, Texas" (the town is the place)."""
    if k == 0:
        return False
    prev, p = doc.places[k - 1], doc.places[k]
    return doc.text[prev.end : p.start].strip() == "," and p.start - prev.end <= 3


def _inside(p: Place, actor: Any) -> bool:
    return actor is not None and actor.start < p.end and p.start < actor.end


def _locative_before(doc: Document, p: Place, floor: int = 0) -> bool:
    """Whether a locative preposition stands just before ``p`` (not before ``floor``)."""
    before = doc.text[max(floor, p.start - 40) : p.start].lower().split()
    for w in reversed(before[-3:]):
        if w in LOCATIVE:
            return True
        if w in ("from", "to", "by", "with", "against", "and", "said", "told"):
            return False
    return False


#: how much a mention counts towards the document's country, by how it is used
WEIGHT_LOCATIVE = 2.0  # "in Iraq": where things happen
WEIGHT_MODIFIER = 0.3  # "US troops", "Iraqi", "Washington's": who, not where


WEIGHT_OBJECT = 1.5  # "to leave Iraq", "invaded Kuwait": a place acted on
WEIGHT_SUBJECT = 0.5  # "Baghdad and Washington finalized": governments, metonymically


def _sentence_start(doc: Document, pos: int) -> int:
    for s in doc.sentences:
        if s.start <= pos < s.end:
            return s.start
    return 0


def _mention_weight(doc: Document, p: Place) -> float:
    if p.demonym:
        return WEIGHT_MODIFIER
    sdoc = doc.spacy_doc
    tok = _token_at(sdoc, p.start, p.end) if sdoc is not None else None
    if tok is None:
        return WEIGHT_LOCATIVE if _locative_before(doc, p, _sentence_start(doc, p.start)) else 1.0
    while tok.dep_ == "conj" and tok.head.i != tok.i:  # "US and Iraqi officials"
        tok = tok.head
    dep = tok.dep_
    if dep in ("compound", "amod", "nmod", "poss", "npadvmod") and tok.head.i > tok.i:
        return WEIGHT_MODIFIER
    if dep == "pobj" and tok.head.lower_ in LOCATIVE:
        return WEIGHT_LOCATIVE
    if dep == "dobj":
        return WEIGHT_OBJECT
    if dep in ("nsubj", "nsubjpass"):
        return WEIGHT_SUBJECT
    return 1.0


def dominant_country(doc: Document) -> str | None:
    """The country the document's places point to most: a place named as where
    something is ("in Iraq") counts double, one that only qualifies a noun ("US
    troops", "Iraqi") a third. None on a tie."""
    votes: dict[str, float] = {}
    for p in doc.places:
        if p.country and p.lat is not None:
            votes[p.country] = votes.get(p.country, 0.0) + _mention_weight(doc, p)
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1]:
        return None
    return ranked[0][0]


def _locate(doc: Document, ev: EventMention, gaz: Gazetteer, dominant: str | None) -> Place | None:
    in_sentence = [
        p for k, p in enumerate(doc.places)
        if ev.sentence.start <= p.start and p.end <= ev.sentence.end
        and not p.demonym and p.lat is not None
        and not _inside(p, ev.source) and not _inside(p, ev.target)
        and not _qualifies_previous(doc, k)
        # "US troops" says who, not where; "Baghdad and Washington agreed" names governments
        and _mention_weight(doc, p) not in (WEIGHT_MODIFIER, WEIGHT_SUBJECT)
    ]
    sdoc = doc.spacy_doc
    if in_sentence and sdoc is not None:
        trig = _token_at(sdoc, ev.trigger.start, ev.trigger.end)
        if trig is not None:
            ranked = []
            for p in in_sentence:
                tok = _token_at(sdoc, p.start, p.end)
                steps = _attachment(tok, trig) if tok is not None else None
                if steps is not None:
                    ranked.append((steps, abs(p.start - ev.trigger.start), p))
            if ranked:
                ranked.sort(key=lambda r: (r[0], r[1]))
                return ranked[0][2]
    if in_sentence:
        loc = [p for p in in_sentence if _locative_before(doc, p, ev.sentence.start)]
        if loc:
            return min(loc, key=lambda p: abs(p.start - ev.trigger.start))
    src = ev.source.country if ev.source is not None else None
    tgt = ev.target.country if ev.target is not None else None
    if src and tgt == src and src in gaz.country_entry:
        return _country_place(gaz, src)  # both actors of one country: it happens there
    if dominant:
        return _country_place(gaz, dominant)
    return None


def locate_events(doc: Document) -> None:
    """Give each event mention of ``doc`` the place where it happened, or None: a place
    attached to its trigger or named locatively in its sentence, else the country of
    its actors when source and target share one, else the document's
    dominant country (``feature: "country"``); never a place of removed text, since
    only ``doc.text`` is read."""
    if not doc.events:
        return
    gaz = load_gazetteer()
    dominant = dominant_country(doc)
    for ev in doc.events:
        ev.location = _locate(doc, ev, gaz, dominant)
