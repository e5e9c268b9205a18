"""The actor dictionary and resolution of actor mentions, with the real spaCy model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventwire import actors
from eventwire.actors import ActorDictionary, default_dictionary, resolve_span
from eventwire.errors import DataFileError
from eventwire.records import Actor, Document


@pytest.fixture(scope="module")
def d() -> ActorDictionary:
    return default_dictionary()


def span_actor(doc: Document, phrase: str, nth: int = 0) -> Actor:
    """Resolve the ``nth`` whole-word occurrence of ``phrase`` in the document's text."""
    pos = [m.start() for m in re.finditer(rf"\b{re.escape(phrase)}\b", doc.text)][nth]
    actor = resolve_span(doc, pos, pos + len(phrase))
    assert actor is not None
    assert (actor.start, actor.end, actor.text) == (pos, pos + len(phrase), phrase)
    return actor


def code(d: ActorDictionary, text: str, when: str | None = None) -> tuple[str | None, ...]:
    e = d.lookup(text, when)
    return (e.country, e.sector) if e else (None,)


# ---- dictionary ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, country",
    [
        ("Iraq", "IRQ"),
        ("the United States", "USA"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("Russian Federation", "RUS"),
        ("Russia", "RUS"),
        ("Britain", "GBR"),
        ("South Korea", "KOR"),
        ("Ivory Coast", "CIV"),
        ("Burkina Faso", "BFA"),
    ],
)
def test_countries(d: ActorDictionary, text: str, country: str) -> None:
    e = d.lookup(text)
    assert e is not None and e.country == country and e.kind == "state" and e.sector is None


def test_every_iso_country_is_in_the_dictionary(d: ActorDictionary) -> None:
    import pycountry

    codes = {e.country for e in d.entries if e.kind == "state"}
    assert {c.alpha_3 for c in pycountry.countries} <= codes


def test_state_wikidata_ids_come_from_the_cited_table(d: ActorDictionary) -> None:
    assert d.lookup("Iraq").wikidata == "Q796"  # type: ignore[union-attr]
    assert d.lookup("United States").wikidata == "Q30"  # type: ignore[union-attr]
    assert d.lookup("Baghdad").wikidata is None  # type: ignore[union-attr]  # not verified


def test_lowercase_pronoun_us_is_not_the_united_states(d: ActorDictionary) -> None:
    assert d.lookup("us") is None
    assert d.lookup("IS") is not None and d.lookup("is") is None


def test_demonyms(d: ActorDictionary) -> None:
    assert code(d, "Iraqi") == ("IRQ", None)
    assert code(d, "Iraqis") == ("IRQ", "CVL")
    assert code(d, "American troops") == ("USA", "MIL")  # not American Samoa


@pytest.mark.parametrize(
    "text, country",
    [("Baghdad", "IRQ"), ("Washington", "USA"), ("the Kremlin", "RUS"), ("Beijing", "CHN"),
     ("Tehran", "IRN"), ("White House", "USA"), ("Downing Street", "GBR"), ("Kyiv", "UKR")],
)  # fmt: skip
def test_capitals_are_government_metonyms(d: ActorDictionary, text: str, country: str) -> None:
    e = d.lookup(text)
    assert e is not None and (e.country, e.sector, e.kind) == (country, "GOV", "government")


@pytest.mark.parametrize(
    "text, sector",
    [("the UN", "IGO"), ("NATO", "IGO"), ("the European Union", "IGO"), ("EU", "IGO"),
     ("African Union", "IGO"), ("the Arab League", "IGO"), ("IAEA", "IGO"), ("ICC", "JUD"),
     ("International Monetary Fund", "IGO"), ("World Bank", "IGO"), ("OPEC", "IGO"),
     ("ASEAN", "IGO"), ("ECOWAS", "IGO"), ("UN Security Council", "IGO")],
)  # fmt: skip
def test_international_organisations(d: ActorDictionary, text: str, sector: str) -> None:
    assert code(d, text) == ("IGO", sector)


@pytest.mark.parametrize(
    "text, country, sector",
    [("Hezbollah", "LBN", "REB"), ("Hamas", "PSE", "REB"), ("the Houthis", "YEM", "REB"),
     ("Ansar Allah", "YEM", "REB"), ("ISIS", None, "REB"), ("Daesh", None, "REB"),
     ("Nusra Front", "SYR", "REB"), ("SDF", "SYR", "REB"), ("the PKK", "TUR", "REB"),
     ("TTP", "PAK", "REB"), ("al-Shabab", "SOM", "REB"), ("Al Shabaab", "SOM", "REB"),
     ("JNIM", "MLI", "REB"), ("ISWAP", "NGA", "REB"), ("Boko Haram", "NGA", "REB"),
     ("Wagner Group", "RUS", "MIL"), ("FARC", "COL", "REB"), ("ELN", "COL", "REB"),
     ("Tatmadaw", "MMR", "MIL"), ("Arakan Army", "MMR", "REB"), ("KIA", "MMR", "REB"),
     ("Rapid Support Forces", "SDN", "REB"), ("SAF", "SDN", "MIL"), ("M23", "COD", "REB"),
     ("Kataib Hezbollah", "IRQ", "REB"), ("Kata'ib Hezbollah", "IRQ", "REB"),
     ("Popular Mobilization Units", "IRQ", "MIL"), ("PMF", "IRQ", "MIL"),
     ("IRGC", "IRN", "MIL")],
)  # fmt: skip
def test_armed_and_political_groups(
    d: ActorDictionary, text: str, country: str | None, sector: str
) -> None:
    assert code(d, text) == (country, sector)


def test_role_dates_choose_the_holder(d: ActorDictionary) -> None:
    assert d.lookup("Biden", "2022-01-01").id == "USA-biden"  # type: ignore[union-attr]
    assert d.lookup("the US president", "2022-01-01").name == "Joe Biden"  # type: ignore[union-attr]
    assert d.lookup("US President", "2018-05-01").name == "Donald Trump"  # type: ignore[union-attr]
    assert d.lookup("US President", "1999-05-01").name == "Bill Clinton"  # type: ignore[union-attr]
    assert d.lookup("President Bush", "2003-03-20").name == "George W. Bush"  # type: ignore[union-attr]
    assert d.lookup("President Bush", "1991-01-17").name == "George H. W. Bush"  # type: ignore[union-attr]
    assert d.lookup("British Prime Minister", "2020-06-01").name == "Boris Johnson"  # type: ignore[union-attr]
    assert d.lookup("Iraqi Prime Minister", "2021-06-01").name == "Mustafa al-Kadhimi"  # type: ignore[union-attr]
    # a group whose status changed
    assert code(d, "the Taliban", "2019-06-01") == ("AFG", "REB")
    assert code(d, "the Taliban", "2023-06-01") == ("AFG", "GOV")
    assert code(d, "HTS", "2020-01-01") == ("SYR", "REB")
    assert code(d, "HTS", "2025-03-01") == ("SYR", "GOV")
    # without a date, a title shared by several people names none of them, only the office
    e = d.lookup("US President")
    assert e is not None and (e.country, e.sector) == ("USA", "GOV") and e.kind != "person"


@pytest.mark.parametrize(
    "text, country, sector",
    [("US forces", "USA", "MIL"), ("American troops", "USA", "MIL"),
     ("U.S. soldiers", "USA", "MIL"), ("Iraqi parliament", "IRQ", "LEG"),
     ("the Iraqi government", "IRQ", "GOV"), ("Iraq's government", "IRQ", "GOV"),
     ("the government of Iraq", "IRQ", "GOV"), ("police", None, "COP"),
     ("Turkish police", "TUR", "COP"), ("protesters", None, "CVL"), ("rebels", None, "REB"),
     ("militants", None, "REB"), ("the court", None, "JUD"), ("opposition party", None, "PTY"),
     ("Israeli security forces", "ISR", "COP"), ("Syrian rebel leader", "SYR", "REB"),
     ("Iranian Foreign Ministry", "IRN", "GOV"), ("Nigerian army", "NGA", "MIL"),
     ("Afghan civilians", "AFG", "CVL"), ("Russian lawmakers", "RUS", "LEG")],
)  # fmt: skip
def test_generic_noun_phrases(
    d: ActorDictionary, text: str, country: str | None, sector: str
) -> None:
    assert code(d, text) == (country, sector)


def test_generic_government_phrase_is_the_government_entry(d: ActorDictionary) -> None:
    assert d.lookup("the Iraqi government") == d.lookup("Baghdad")


def test_modifier_groups_and_backers(d: ActorDictionary) -> None:
    assert code(d, "Hezbollah fighters") == ("LBN", "REB")  # the group itself
    assert code(d, "NATO troops") == ("IGO", "IGO")
    assert code(d, "Iran-backed militias") == (None, "REB")  # not Iran's
    assert code(d, "pro-Russian separatists") == (None, "REB")


def test_unknown_organisation_keeps_its_name(d: ActorDictionary) -> None:
    e = d.lookup("the Coordinating Council of the Syrian Opposition")
    assert e is not None
    assert e.name == "Coordinating Council of the Syrian Opposition"
    assert (e.country, e.sector) == ("SYR", "OPP")
    e = d.lookup("Patriotic Front for the Liberation of Somalia")
    assert e is not None and e.country == "SOM"


def test_nothing_known_is_none(d: ActorDictionary) -> None:
    assert d.lookup("the weather") is None
    assert d.lookup("") is None


# ---- resolution in documents ----------------------------------------------------------


def test_capital_metonymy_in_text(make_doc) -> None:
    doc = make_doc("On 26 July, Baghdad and Washington finalized an agreement.", "2021-08-01")
    assert (span_actor(doc, "Baghdad").country, span_actor(doc, "Baghdad").sector) == (
        "IRQ",
        "GOV",
    )
    assert span_actor(doc, "Washington").country == "USA"


def test_definite_noun_refers_to_full_mention(make_doc) -> None:
    doc = make_doc(
        "The Coordinating Council of the Syrian Opposition met in Gaziantep on Monday. "
        "Turkish police watched the meeting. "
        "In a statement, the Council said that it would boycott the talks."
    )
    council = span_actor(doc, "the Council")
    assert council.name == "Coordinating Council of the Syrian Opposition"
    assert council.country == "SYR"
    it = span_actor(doc, "it")
    assert it.name == council.name


def test_the_group_refers_to_an_armed_group(make_doc) -> None:
    doc = make_doc(
        "Hezbollah fired rockets at northern Israel on Sunday. "
        "The group said the strikes were a warning."
    )
    actor = span_actor(doc, "The group")
    assert (actor.name, actor.country, actor.sector) == ("Hezbollah", "LBN", "REB")


def test_person_full_name_title_and_pronoun(make_doc) -> None:
    doc = make_doc(
        "Iraqi Defence Minister Karim Jafar Hassan visited Basra on Monday. "
        "Hassan told reporters that the army would stay. "
        "He said that the troops were ready."
    )
    full = span_actor(doc, "Iraqi Defence Minister Karim Jafar Hassan")
    assert full.name == "Karim Jafar Hassan"
    assert (full.country, full.sector) == ("IRQ", "MIL")
    later = span_actor(doc, "Hassan", 1)
    assert later.name == "Karim Jafar Hassan" and later.country == "IRQ"
    he = span_actor(doc, "He")
    assert he.name == "Karim Jafar Hassan"


def test_they_refers_to_a_plural_mention(make_doc) -> None:
    doc = make_doc(
        "Kenyan police arrested dozens of protesters in Nairobi. They said the arrests were lawful."
    )
    they = span_actor(doc, "They")
    assert they.sector in ("COP", "CVL")  # a plural group, never a person


def test_dictionary_person_by_publication_date(make_doc) -> None:
    doc = make_doc("Biden met Xi in Bali.", "2022-11-14")
    biden = span_actor(doc, "Biden")
    assert (biden.name, biden.country, biden.sector) == ("Joe Biden", "USA", "GOV")
    assert span_actor(doc, "Xi").name == "Xi Jinping"


def test_generic_phrase_in_text_and_empty_span(make_doc) -> None:
    doc = make_doc("US forces shelled positions held by Iraqi militias near Mosul.")
    us = span_actor(doc, "US forces")
    assert (us.country, us.sector) == ("USA", "MIL")
    militias = span_actor(doc, "Iraqi militias")
    assert (militias.country, militias.sector) == ("IRQ", "REB")
    assert resolve_span(doc, 2, 3) is None  # a space


# ---- user files and malformed files -------------------------------------------------


def test_user_actor_files(tmp_path: Path) -> None:
    (tmp_path / "mine.tsv").write_text(
        "# my actors\n"
        "id\tname\tcountry\tsector\tkind\taliases\n"
        "XYZ-LFX\tLiberation Front of Xyzland\tIRQ\tREB\tgroup\tLFX|Xyz Front\n"
        "LBN-HEZ\tHezbollah (corrected)\tLBN\tPTY\tgroup\tHezbollah\n",
        encoding="utf-8",
    )
    (tmp_path / "mine.verbs.tsv").write_text("verb\nproclaim\n", "utf-8")
    (tmp_path / "mine.heads.tsv").write_text("head\tsector\tkind\nbrigadier\tMIL\trole\n", "utf-8")
    d = ActorDictionary.load([tmp_path])
    assert code(d, "LFX") == ("IRQ", "REB")
    assert code(d, "the Xyz Front") == ("IRQ", "REB")
    assert d.lookup("Hezbollah").name == "Hezbollah (corrected)"  # type: ignore[union-attr]
    assert code(d, "Iraqi brigadiers") == ("IRQ", "MIL")
    assert code(d, "Iraq") == ("IRQ", None)  # shipped files still there
    assert {"proclaim", "say"} <= d.speech_verbs


def test_data_dir_setting_adds_user_actors(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "extra.tsv").write_text(
        "id\tname\tcountry\tsector\nQQQ-1\tQuux Militia\tNGA\tREB\n", encoding="utf-8"
    )
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(tmp_path))
    actors.default_dictionary.cache_clear()
    try:
        assert code(actors.default_dictionary(), "Quux Militia") == ("NGA", "REB")
    finally:
        monkeypatch.delenv("EVENTWIRE_DATA_DIR")
        actors.default_dictionary.cache_clear()
    assert actors.default_dictionary().lookup("Quux Militia") != ("NGA", "REB")


@pytest.mark.parametrize(
    "content, line, words",
    [
        ("id\tname\tcountry\tsector\nA\tAlpha\tIRQ\tWARLORD\n", 2, "sector"),
        ("id\tname\tcountry\nA\tAlpha\tIraq\n", 2, "country"),
        ("# c\nid\tname\tcolour\nA\tAlpha\tred\n", 2, "column"),
        ("id\tname\nA\tAlpha\textra\n", 2, "fields"),
        ("id\tname\tstart\n\nA\tAlpha\t2020-13\n", 3, "start"),
        ("id\tname\twikidata\nA\tAlpha\t12345\n", 2, "wikidata"),
        ("id\tname\nA\t\n", 2, "name"),
    ],
)
def test_malformed_file_names_file_and_line(
    tmp_path: Path, content: str, line: int, words: str
) -> None:
    path = tmp_path / "broken.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        ActorDictionary.load([tmp_path])
    message = str(err.value)
    assert "broken.tsv" in message and f"line {line}:" in message and words in message


def test_malformed_heads_file(tmp_path: Path) -> None:
    (tmp_path / "x.heads.tsv").write_text("head\tsector\tkind\nsoldier\tMIL\tboss\n", "utf-8")
    with pytest.raises(DataFileError, match=r"x\.heads\.tsv.*line 2:.*kind"):
        ActorDictionary.load([tmp_path])


def test_shipped_files_load_and_ids_are_unique() -> None:
    from eventwire.config import package_data_dir

    ids: list[str] = []
    for path in sorted((package_data_dir() / "actors").glob("*.tsv")):
        if not path.name.endswith((".heads.tsv", ".verbs.tsv")):
            ids += [e.id for e in actors.read_entries(path)]
    assert len(ids) == len(set(ids)) > 900


def test_first_person_in_reported_speech_is_the_speaker(make_doc) -> None:
    doc = make_doc(
        "Houthi spokesman Yahya Saree said that we will keep attacking ships. "
        "Hezbollah said our fighters are ready."
    )
    we = span_actor(doc, "we")
    assert we.name == "Yahya Saree" and (we.country, we.sector) == ("YEM", "REB")
    our = span_actor(doc, "our")
    assert (our.name, our.country) == ("Hezbollah", "LBN")


def test_the_country_and_the_administration_refer_back(make_doc) -> None:
    doc = make_doc(
        "American officials visited Kabul. Many soldiers stayed in Afghanistan for years. "
        "Washington said the administration would keep troops in the country."
    )
    country = span_actor(doc, "the country")
    assert (country.name, country.country, country.sector) == ("Afghanistan", "AFG", None)
    administration = span_actor(doc, "the administration")
    assert (administration.country, administration.sector) == ("USA", "GOV")


def test_complement_of_a_non_actor_head(d: ActorDictionary) -> None:
    assert code(d, "the presence of US troops") == ("USA", "MIL")
    assert code(d, "the withdrawal of Russian forces") == ("RUS", "MIL")


def test_possessive_pronoun_phrases(make_doc) -> None:
    doc = make_doc(
        "Prime Minister Vladimir Putin said his country will not lift the ban.", "2010-03-01"
    )
    country = span_actor(doc, "his country")
    assert (country.name, country.country) == ("Russia", "RUS")
    doc = make_doc("Hezbollah said its fighters had fired rockets.")
    assert span_actor(doc, "its fighters").name == "Hezbollah"


def test_pronoun_after_unresolved_definite_and_person_noun(make_doc) -> None:
    doc = make_doc("The committee declared that it will not end the strike.")
    assert span_actor(doc, "it").name == "committee"
    doc = make_doc(
        "A Turkish court convicted an Australian-born Islamic State militant and sentenced him."
    )
    him = span_actor(doc, "him")
    assert (him.name, him.sector) == ("Islamic State", "REB")  # "-born" names no allegiance


def test_title_case_acronyms_and_kosovo(d: ActorDictionary) -> None:
    assert code(d, "Farc") == ("COL", "REB")
    assert code(d, "Nato") == ("IGO", "IGO")
    assert d.lookup("Kosovo").country == "XKX"  # type: ignore[union-attr]
    assert d.lookup("Pristina").sector == "GOV"  # type: ignore[union-attr]


# ---- quality floor ------------------------------------------------------------------


@pytest.mark.slow
def test_actor_codes_on_plover_gold_records(shared_dir: Path) -> None:
    """Country and sector of the people-coded actors of the PLOVER GSR, through the whole
    pipeline (scripts/actors_eval_gsr.py). Measured 0.817 / 0.627; floors just below."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    gold = shared_dir / "gold" / "plv" / "PLOVER_GSR_CAMEO.json"
    out = subprocess.run(
        [sys.executable, str(root / "scripts" / "actors_eval_gsr.py"), str(gold)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    last = out.strip().splitlines()[-1]
    m = re.match(r"actors-gsr: country=([\d.]+) .* sector=([\d.]+) .* n=(\d+)", last)
    assert m is not None, last
    country, sector, n = float(m[1]), float(m[2]), int(m[3])
    assert n >= 600
    assert country >= 0.79, last
    assert sector >= 0.60, last


def test_resolve_span_with_a_given_dictionary_and_without_parse(tmp_path: Path, make_doc) -> None:
    (tmp_path / "mine.tsv").write_text(
        "id\tname\tcountry\tsector\tkind\taliases\nXYZ-LFX\tLiberation Front of Xyz\tNER\tREB"
        "\tgroup\tLFX\n",
        encoding="utf-8",
    )
    d = ActorDictionary.load([tmp_path])
    doc = make_doc("The LFX attacked a convoy near Agadez.")
    pos = doc.text.index("LFX")
    actor = resolve_span(doc, pos, pos + 3, d)
    assert actor is not None and (actor.name, actor.country) == ("Liberation Front of Xyz", "NER")
    assert resolve_span(doc, pos, pos + 3) is not None  # the default dictionary: unknown
    assert resolve_span(doc, pos, pos + 3).actor_id is None  # type: ignore[union-attr]
    from eventwire.records import Article

    bare = Document(article=Article(id="x"), text="Iraqi police arrested him.")
    police = resolve_span(bare, 0, 12, d)  # no spaCy parse: composition still works
    assert police is not None and (police.country, police.sector) == ("IRQ", "COP")


def test_definite_role_and_sector_nouns_refer_back(make_doc) -> None:
    doc = make_doc(
        "Russian Foreign Minister Sergei Lavrov met Chinese officials in Beijing on Monday. "
        "The minister said Moscow wanted closer ties.",
        "2023-05-01",
    )
    assert span_actor(doc, "The minister").name == "Sergei Lavrov"
    doc = make_doc("Houthi rebels attacked a ship. The rebels said they would go on.")
    assert span_actor(doc, "The rebels").name == "Houthis"
    assert span_actor(doc, "they").name == "Houthis"
    doc = make_doc("Israeli troops raided Jenin on Tuesday. The army said it arrested ten people.")
    army = span_actor(doc, "The army")
    assert (army.country, army.sector) == ("ISR", "MIL")


# ---- the token table behind _Mentions --------------------------------------------------

_TRICKY_PARSES = [
    # coordination, chained and nested
    "The army, the police and the rebels of the Darfur Liberation Front met in Khartoum.",
    "Iran and Iraq and their allies, Syria and Hezbollah, condemned the strike and the raid.",
    # appositions
    "Hadi al-Ameri, the leader of the Badr Organization, said his fighters would stay.",
    "The leader of the al-Fatah coalition Hadi al-Ameri met US envoy Brett McGurk on Monday.",
    # possessives
    "Iran's Revolutionary Guards' commander and the group's spokesman spoke to Reuters.",
    "Kenya's president, William Ruto, and his deputy visited the Kenya Defence Forces' base.",
    # "of" phrases, names with compounds, pronouns, fragments
    "Members of the Coordinating Council of the Syrian Opposition and of Turkey's foreign "
    "ministry said they had met. Who attacked them? The United Nations Security Council.",
]


def _np_reference(tok) -> tuple[int, int]:
    """The token range of ``actors._np`` as it was written over Token attributes."""
    left, right = tok.i, tok.i
    for child in tok.children:
        if child.dep_ in actors._NP_LEFT_DEPS and child.i < tok.i:
            left = min(left, child.left_edge.i)
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i > tok.i:
            objs = [g for g in child.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")]
            if objs:
                right = max(right, _np_reference(objs[0])[1] - 1)
        elif child.dep_ in ("compound", "flat") and child.i > tok.i and child.ent_type_:
            right = max(right, child.right_edge.i)
    return left, right + 1


def _check_token_table(sdoc) -> None:
    table = actors._TokenTable(actors._EntInfo(sdoc))
    ids = table.ids
    # the English iterator, so that the table's own loop is what is compared
    assert sdoc.noun_chunks_iterator.__module__ == "spacy.lang.en.syntax_iterators"
    assert table.noun_chunk_roots() == [chunk.root.i for chunk in sdoc.noun_chunks]
    for tok in sdoc:
        assert table.np_bounds(tok.i) == _np_reference(tok)
        # the ids compared with stand for the strings compared before
        assert (tok.lower in ids.pronouns) == (tok.lower_ in actors._PRONOUNS)
        assert (table.pos[tok.i] == ids.propn) == (tok.pos_ == "PROPN")
        assert (table.dep[tok.i] in ids.np_left_deps) == (tok.dep_ in actors._NP_LEFT_DEPS)
        assert (tok.ent_type in ids.entity_labels) == (tok.ent_type_ in actors._ENTITY_LABELS)
    for start in range(len(sdoc)):
        for end in range(start + 1, min(len(sdoc), start + 8) + 1):
            assert table.root(start, end) == sdoc[start:end].root.i, (start, end)
            assert table.span(start, end) == sdoc[start:end]


def test_token_table_is_spacy_noun_chunks_roots_and_np(nlp) -> None:
    for text in _TRICKY_PARSES:
        _check_token_table(nlp(text))


def test_token_table_on_a_non_projective_parse(nlp) -> None:
    from spacy.tokens import Doc

    # "on the issue" hangs on "hearing" across the verb: spans with two tokens whose
    # heads lie outside them, where spaCy's Span.root picks by depth
    sdoc = Doc(
        nlp.vocab,
        words=["A", "hearing", "is", "scheduled", "on", "the", "issue", "today", "."],
        heads=[1, 3, 3, 3, 1, 6, 4, 3, 3],
        deps=["det", "nsubjpass", "auxpass", "ROOT", "prep", "det", "pobj", "npadvmod", "punct"],
        pos=["DET", "NOUN", "AUX", "VERB", "ADP", "DET", "NOUN", "NOUN", "PUNCT"],
    )
    assert [t.i for t in sdoc[1].subtree] == [0, 1, 4, 5, 6]  # not contiguous
    _check_token_table(sdoc)
    # a chain of crossing arcs that spaCy's edge passes do not follow to its end: the
    # stored left edge of "reports" is 2, its subtree begins at 1, and the noun chunk
    # "from old said reports" is there only with the stored edge
    sdoc = Doc(
        nlp.vocab,
        words=["The", "men", "from", "old", "said", "reports", "went"],
        heads=[6, 3, 4, 2, 5, 6, 6],
        deps=["det", "pobj", "prep", "amod", "relcl", "dobj", "ROOT"],
        pos=["DET", "NOUN", "ADP", "ADJ", "VERB", "NOUN", "VERB"],
    )
    assert (sdoc[5].left_edge.i, min(t.i for t in sdoc[5].subtree)) == (2, 1)
    assert [(c.start, c.end) for c in sdoc.noun_chunks] == [(1, 2), (2, 6)]
    _check_token_table(sdoc)


def test_token_table_edge_cases(nlp) -> None:
    from spacy.tokens import Doc

    # a chunk head whose left edge is the previous chunk's head: no nested chunk
    sdoc = Doc(
        nlp.vocab,
        words=["Iran", "target", "is", "."],
        heads=[1, 2, 2, 2],
        deps=["nsubj", "attr", "ROOT", "punct"],
        pos=["PROPN", "NOUN", "AUX", "PUNCT"],
    )
    assert [(c.start, c.end) for c in sdoc.noun_chunks] == [(0, 1)]
    _check_token_table(sdoc)
    # names after the head: part of the phrase where they are in an entity only
    sdoc = Doc(
        nlp.vocab,
        words=["Leader", "Hadi", "Ameri", "spoke", "to", "Salem", "Ali"],
        heads=[3, 0, 1, 3, 3, 4, 5],
        deps=["nsubj", "compound", "flat", "ROOT", "prep", "pobj", "compound"],
        pos=["NOUN", "PROPN", "PROPN", "VERB", "ADP", "PROPN", "PROPN"],
        ents=["O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"],
    )
    table = actors._TokenTable(actors._EntInfo(sdoc))
    assert (table.np_bounds(0), table.np_bounds(5)) == ((0, 3), (5, 6))
    _check_token_table(sdoc)


def test_mentions_table_keeps_no_reference_cycle(nlp) -> None:
    import weakref

    info = actors._EntInfo(nlp("The army and the police met."))
    assert info.table.noun_chunk_roots()
    ref = weakref.ref(info)
    del info
    assert ref() is None  # freed at once, not left to the cyclic collector
