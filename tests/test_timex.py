"""Time expressions (timex.find_times) and event dating (timex.date_events)."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.nlp import analyse
from eventwire.records import Article, Document, EventDate, EventMention, Span, TimeExpr
from eventwire.timex import date_events, find_times, load_time_tables


def one(text: str, phrase: str, anchor: str | None) -> TimeExpr:
    """The time expression found over ``phrase`` (which must occur once in ``text``)."""
    start = text.index(phrase)
    end = start + len(phrase)
    hits = [t for t in find_times(text, anchor) if t.start < end and start < t.end]
    assert len(hits) == 1, (phrase, find_times(text, anchor))
    return hits[0]


def value(text: str, phrase: str, anchor: str | None = "2021-12-29") -> str | None:
    return one(text, phrase, anchor).value


# ---------------------------------------------------------------- absolute and partial


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Parliament voted on 5 January 2020 to expel them.", "5 January 2020", "2020-01-05"),
        ("The vote came on Jan. 5, 2020, after a long debate.", "Jan. 5, 2020", "2020-01-05"),
        ("It was filed on 2020-01-05 in Baghdad.", "2020-01-05", "2020-01-05"),
        ("The talks began in August 1988 in Geneva.", "August 1988", "1988-08"),
        ("Elections were held in 1994.", "1994", "1994"),
        ("He was born on the 3rd of March, 1951.", "3rd of March, 1951", "1951-03-03"),
    ],
)
def test_absolute_dates(text: str, phrase: str, expected: str) -> None:
    t = one(text, phrase, "2021-12-29")
    assert t.value == expected
    assert t.kind == "absolute"
    assert t.type == "DATE"


def test_partial_dates_take_the_anchor_year() -> None:
    text = "The committee said on 28 December that forces would leave. On 26 July they agreed."
    assert value(text, "28 December") == "2021-12-28"
    assert value(text, "26 July") == "2021-07-26"
    assert one(text, "26 July", "2021-12-29").kind == "partial"


def test_partial_dates_cross_the_year_boundary() -> None:
    # a December article announcing a January meeting: the next January
    assert value("The ministers will meet on 5 January.", "5 January", "2021-12-20") == "2022-01-05"
    # a January article reporting a December attack: the last December
    assert value("Rebels attacked the town on 28 December.", "28 December", "2022-01-03") == (
        "2021-12-28"
    )


def test_without_anchor_partial_dates_stay_partial() -> None:
    text = "On 28 December the group met. It had been founded on 5 January 2020."
    assert value(text, "28 December", None) == "XXXX-12-28"
    assert value(text, "5 January 2020", None) == "2020-01-05"
    assert value("They left yesterday.", "yesterday", None) == "XXXX-XX-XX"


def test_leap_days() -> None:
    assert value("It was signed on Feb. 29, 2020.", "Feb. 29, 2020", None) == "2020-02-29"
    # 29 February only exists in 2024 near this anchor
    assert value("It was signed on 29 February.", "29 February", "2024-03-10") == "2024-02-29"
    assert value("They left yesterday.", "yesterday", "2024-03-01") == "2024-02-29"
    assert value("They left two days ago.", "two days ago", "2024-03-01") == "2024-02-28"
    # no 30 February: not a date
    assert all("02-30" not in (t.value or "") for t in find_times("on 30 February", None))


# ---------------------------------------------------------------- weekdays and relative


def test_weekdays_default_to_the_past_and_follow_future_tense() -> None:
    anchor = "2021-12-29"  # a Wednesday
    assert date.fromisoformat(anchor).isoweekday() == 3
    assert value("The army attacked on Monday.", "Monday", anchor) == "2021-12-27"
    assert value("The army attacked on Wednesday.", "Wednesday", anchor) == "2021-12-29"
    assert value("The ministers will meet on Friday.", "Friday", anchor) == "2021-12-31"
    assert value("The talks ended last Friday.", "last Friday", anchor) == "2021-12-24"
    assert value("The talks resume next Monday.", "next Monday", anchor) == "2022-01-03"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("yesterday", "2021-12-28"),
        ("today", "2021-12-29"),
        ("tomorrow", "2021-12-30"),
        ("last week", "2021-W51"),
        ("earlier this month", "2021-12"),
        ("two days ago", "2021-12-27"),
        ("three weeks ago", "2021-W49"),
        ("last month", "2021-11"),
        ("next year", "2022"),
    ],
)
def test_relative_expressions(phrase: str, expected: str) -> None:
    t = one(f"The statement was issued {phrase} in the capital.", phrase, "2021-12-29")
    assert t.value == expected
    assert t.kind == "relative"


def test_relative_months_across_january() -> None:
    assert value("Prices rose last month.", "last month", "2022-01-10") == "2021-12"
    assert value("The plan was adopted last year.", "last year", "2022-01-10") == "2021"


# ---------------------------------------------------------------- anaphora


def test_that_day_resolves_to_the_previous_date() -> None:
    text = (
        "On 26 December, the leader rejected the talks. "
        "In a statement issued that day, the committee agreed."
    )
    t = one(text, "that day", "2021-12-29")
    assert (t.value, t.kind) == ("2021-12-26", "anaphoric")


def test_anaphora_relative_to_the_reference_not_the_anchor() -> None:
    text = "The army entered the city on 3 March 2019. The following week, talks began."
    assert value(text, "The following week", "2021-12-29") == "2019-W10"
    text2 = "The treaty was signed on 3 March 2019. The same day, protests broke out."
    assert value(text2, "The same day", "2021-12-29") == "2019-03-03"
    text3 = "Troops arrived on 3 March 2019 and left the next day."
    assert value(text3, "the next day", "2021-12-29") == "2019-03-04"


# ---------------------------------------------------------------- periods, durations, sets


@pytest.mark.parametrize(
    ("text", "phrase", "expected", "typ"),
    [
        ("forces withdraw by the end of 2021.", "the end of 2021", "2021", "DATE"),
        ("They will vote early next year.", "early next year", "2022", "DATE"),
        ("Violence fell over the past decade.", "the past decade", "P10Y", "DURATION"),
        ("The drought last summer was severe.", "last summer", "2020-SU", "DATE"),
        ("The war began in the 1990s.", "the 1990s", "199", "DATE"),
        ("Output fell in the third quarter.", "the third quarter", "2021-Q3", "DATE"),
        ("He was jailed for three years.", "three years", "P3Y", "DURATION"),
        ("They signed a two-week truce.", "two-week", "P2W", "DURATION"),
        ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M", "DURATION"),
        ("The march lasted half an hour.", "half an hour", "PT30M", "DURATION"),
        ("They protest every Friday.", "every Friday", "XXXX-WXX-5", "SET"),
        ("The paper appears daily.", "daily", "P1D", "SET"),
        ("The council meets twice a week.", "a week", "P1W", "SET"),
        ("The army recently withdrew.", "recently", "PAST_REF", "DATE"),
        ("The army is now withdrawing.", "now", "PRESENT_REF", "DATE"),
        ("The council met in the 20th century.", "20th century", "19", "DATE"),
    ],
)
def test_periods_durations_sets_and_vague(text: str, phrase: str, expected: str, typ: str) -> None:
    t = one(text, phrase, "2021-12-29")
    assert t.value == expected
    assert t.type == typ
    assert phrase in t.text


def test_kinds_are_set() -> None:
    text = (
        "On 26 July 2021 they met; that day they agreed. Yesterday they met for three hours "
        "and they meet every Friday. They recently met."
    )
    kinds = {t.text: t.kind for t in find_times(text, "2021-12-29")}
    assert kinds["26 July 2021"] == "absolute"
    assert kinds["that day"] == "anaphoric"
    assert kinds["Yesterday"] == "relative"
    assert kinds["three hours"] == "duration"
    assert kinds["every Friday"] == "set"
    assert kinds["recently"] == "vague"


def test_times_of_day() -> None:
    anchor = "2021-12-29"
    assert value("The blast came at 10:35 a.m. Monday.", "10:35 a.m. Monday", anchor) == (
        "2021-12-27T10:35"
    )
    t = one("Shelling began Monday night.", "Monday night", anchor)
    assert (t.value, t.type) == ("2021-12-27TNI", "TIME")
    assert value("They met this morning.", "this morning", anchor) == "2021-12-29TMO"


@pytest.mark.parametrize(
    "text",
    [
        "A 6-year-old boy was hurt.",
        "He paid $1990 for it.",
        "Some 1,990 troops remain.",
        "It may rain, and officials may march.",
        "The Sun reported the attack.",
        "Prices fall in the market.",
        "He scored 2000 points.",
        "The cut saves $500 million a year in costs.",
        "The airline adds 700 seats a week.",
    ],
)
def test_not_time_expressions(text: str) -> None:
    assert find_times(text, "2021-12-29") == []


# ---------------------------------------------------------------- properties

_VALUE = re.compile(
    r"(?:\d{4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)?(?:T(?:\d{2}:\d{2}|MO|AF|EV|NI))?"
    r"|(?:\d{4}|XXXX)-W(?:\d{2}|XX)(?:-(?:\d|WE))?(?:T(?:MO|AF|EV|NI))?"
    r"|(?:\d{4}|XXXX)-(?:Q[1-4X]|H[12]|SP|SU|FA|WI)"
    r"|\d{2,3}|XXXX-XX-XXT(?:\d{2}:\d{2}|MO|AF|EV|NI)"
    r"|P(?:\d+|X)(?:Y|M|W|D|Q|WE)(?:\d+[MD])?(?:T\d+[HMS])?|PT(?:\d+|X)[HMS](?:\d+[MS])?"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF"
)

_PHRASES = [
    "on 28 December",
    "5 January 2020",
    "Jan. 5, 2020",
    "yesterday",
    "on Monday",
    "last week",
    "two days ago",
    "earlier this month",
    "that day",
    "the following week",
    "the end of 2021",
    "early next year",
    "the past decade",
    "last summer",
    "in the 1990s",
    "for three years",
    "every Friday",
    "at 10 p.m.",
    "recently",
    "now",
    "29 February",
    "the third quarter",
    "a year ago",
]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    parts=st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=5),
    fillers=st.lists(
        st.sampled_from(["The army attacked", "Talks began", ", and", ". Then"]),
        min_size=5,
        max_size=5,
    ),
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)) | st.none(),
)
def test_offsets_inside_text_and_values_parse(
    parts: list[str], fillers: list[str], day: date | None
) -> None:
    text = " ".join(f"{f} {p}" for f, p in zip(fillers, parts, strict=False)) + "."
    anchor = day.isoformat() if day else None
    times = find_times(text, anchor)
    # anaphora with nothing to refer to (no earlier date, no anchor) resolve to nothing
    assert times or set(parts) <= {"that day", "the following week"}, text
    last_end = -1
    for t in times:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.start >= last_end  # no overlaps, in text order
        last_end = t.end
        assert t.value is not None and _VALUE.fullmatch(t.value), (t, text)
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        year = re.match(r"\d{4}", t.value)
        if anchor is None and year:  # without an anchor no year is invented
            assert year[0] in text, (t, text)


def test_tables_load_once_and_have_the_sections() -> None:
    t = load_time_tables()
    assert t is load_time_tables()
    assert t.months["sept"] == 9
    assert t.weekdays["friday"] == 5
    assert t.refs["recently"] == "PAST_REF"


# ---------------------------------------------------------------- event dating


def _event(doc: Document, trigger: str, typ: str = "ASSAULT") -> EventMention:
    start = doc.text.index(trigger)
    end = start + len(trigger)
    sent = next(s for s in doc.sentences if s.start <= start < s.end)
    return EventMention(
        type=typ,
        trigger=Span(start, end),
        trigger_text=trigger,
        sentence=Span(sent.start, sent.end),
        sentence_text=doc.text[sent.start : sent.end],
    )


@pytest.fixture(scope="module")
def parsed(nlp: Any) -> Callable[..., Document]:
    """A document through the real spaCy model and find_times only: the stages that
    date_events reads, without depending on the other (concurrently written) stages."""

    def _make(text: str, published: str | None = None) -> Document:
        doc = Document(article=Article(id="t", text=text, published=published), text=text)
        (doc,) = analyse(nlp, [doc])
        doc.times = find_times(doc.text, published)
        return doc

    return _make


def _dated(
    make: Callable[..., Document], text: str, published: str, *triggers: str
) -> list[EventDate]:
    doc = make(text, published=published)
    doc.events = [_event(doc, trig) for trig in triggers]
    date_events(doc)
    return [e.date for e in doc.events]


def test_event_takes_the_date_of_its_own_clause(parsed: Callable[..., Document]) -> None:
    (d,) = _dated(
        parsed,
        "On 26 July, Baghdad and Washington finalized an agreement on the withdrawal.",
        "2021-12-29",
        "finalized",
    )
    assert (d.start, d.end, d.precision, d.source) == ("2021-07-26", "2021-07-26", "day", "text")
    assert d.text == "26 July"


def test_two_events_two_dates_in_one_sentence(parsed: Callable[..., Document]) -> None:
    attacked, withdrew = _dated(
        parsed,
        "Rebels attacked the town on 3 March 2019, and the army withdrew from it on 5 March 2019.",
        "2019-03-10",
        "attacked",
        "withdrew",
    )
    assert attacked.start == "2019-03-03"
    assert withdrew.start == "2019-03-05"


def test_event_after_following_gets_an_earlier_bound(parsed: Callable[..., Document]) -> None:
    passed, killing = _dated(
        parsed,
        "The Committee was referring to legislation passed by parliament on 5 January 2020, "
        "following the assassination of the general.",
        "2021-12-29",
        "passed",
        "assassination",
    )
    assert passed.start == "2020-01-05"
    assert killing.start is None
    assert killing.end == "2020-01-05"
    assert killing.precision == "vague"


def test_after_clause_event_is_not_later(parsed: Callable[..., Document]) -> None:
    (vote,) = _dated(
        parsed,
        "Protesters stormed the building on 6 January 2021 after the vote in the senate.",
        "2021-01-10",
        "vote",
    )
    assert vote.start is None and vote.end == "2021-01-06"


def test_undated_event_gets_nulls_not_the_publication_date(
    parsed: Callable[..., Document],
) -> None:
    (d,) = _dated(parsed, "The army withdrew from the city.", "2021-12-29", "withdrew")
    assert d == EventDate()


def test_that_day_dates_an_event(parsed: Callable[..., Document]) -> None:
    text = (
        "On 26 December, the leader rejected the offer. "
        "In a statement issued that day, the committee condemned the raid."
    )
    (d,) = _dated(parsed, text, "2021-12-29", "condemned")
    assert (d.start, d.precision) == ("2021-12-26", "day")


def test_week_dates_have_bounds(parsed: Callable[..., Document]) -> None:
    (d,) = _dated(parsed, "Police arrested the leaders last week.", "2021-12-29", "arrested")
    monday = date.fromisocalendar(2021, 51, 1)
    assert (d.start, d.end) == (monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    assert d.precision == "vague"


def test_by_and_since_give_bounds(parsed: Callable[..., Document]) -> None:
    withdraw, ruled = _dated(
        parsed,
        "They agreed to withdraw their forces by the end of 2021. "
        "The party has ruled the province since 2003.",
        "2021-12-29",
        "withdraw",
        "ruled",
    )
    assert (withdraw.start, withdraw.end, withdraw.precision) == (None, "2021", "vague")
    assert (ruled.start, ruled.end, ruled.precision) == ("2003", None, "vague")


def test_before_phrase_event_is_not_earlier(parsed: Callable[..., Document]) -> None:
    (talks,) = _dated(
        parsed,
        "Troops were deployed on 3 March 2019, ahead of the talks in Geneva.",
        "2019-03-10",
        "talks",
    )
    assert (talks.start, talks.end) == ("2019-03-03", None)


def test_pipeline_fills_times_from_the_publication_date(
    make_doc: Callable[..., Document],
) -> None:
    doc = make_doc(
        "The committee said on 28 December that the forces would leave.", published="2021-12-30"
    )
    assert [(t.text, t.value) for t in doc.times] == [("28 December", "2021-12-28")]
    assert doc.text[doc.times[0].start : doc.times[0].end] == "28 December"


def test_key_word_windows_find_what_a_full_scan_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire import timex

    text = (
        "About 2,500 troops remain. For the past two months, talks stalled; two weeks ago, "
        "in the third quarter, and last summer the army, which for years held the town, "
        "withdrew. The year-earlier period was weaker. " * 3
    )
    windowed = find_times(text, "2021-12-29")
    monkeypatch.setattr(timex._grammar(), "keys", {})
    full = find_times(text, "2021-12-29")
    assert [(t.start, t.end, t.value) for t in windowed] == [
        (t.start, t.end, t.value) for t in full
    ]
    assert len(full) >= 15


# ---------------------------------------------------------------- fast scanning (timex._scan)


def test_lower_case_keeps_what_ignorecase_matches() -> None:
    """What the scanners over the folded text rest on (timex._on_folded), over all of
    Unicode but the three characters timex._folded refuses: a character matches an ASCII
    character under IGNORECASE exactly when its lower case (one character) is that
    character in lower case, and lower case keeps it a space, digit or word character."""
    from eventwire import timex

    refused = set("\u0130\u0131\u017f")
    assert {chr(c) for c in range(sys.maxunicode + 1) if timex._ODD_FOLDS.match(chr(c))} == refused
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    # the characters that could break it: ASCII, those lower case changes, and those
    # IGNORECASE matches to an ASCII character
    suspects = {ch for ch in everything if ch.isascii() or ch.lower() != ch}
    suspects |= set(re.findall(r"[\x00-\x7f]", everything, re.IGNORECASE))
    suspects -= refused
    assert len(suspects) > 1000
    kinds = [re.compile(p) for p in (r"\s", r"\d", r"\w")]
    matchers = [(x, re.compile(re.escape(x), re.IGNORECASE)) for x in map(chr, range(128))]
    for ch in suspects:
        # str.lower lowers "Σ" to "ς" at the end of a word (it is alone here: "σ")
        lowers = {ch.lower(), "ς"} if ch == "Σ" else {ch.lower()}
        for low in lowers:
            assert len(low) == 1, hex(ord(ch))
            for kind in kinds:
                assert bool(kind.fullmatch(ch)) == bool(kind.fullmatch(low)), hex(ord(ch))
            for x, rx in matchers:
                assert bool(rx.fullmatch(ch)) == (low == x.lower()), (hex(ord(ch)), x)
    # the non-ASCII characters scanners may hold: only themselves match or fold to them
    for safe in timex._FOLD_SAFE:
        assert re.findall(re.escape(safe), everything, re.IGNORECASE) == [safe]
        assert [ch for ch in suspects if ch.lower() == safe] == []


def test_every_rule_and_key_has_fast_scanners() -> None:
    from eventwire import timex

    g = timex._grammar()
    assert all(rx in g.scans for rx, _, _ in g.rules)
    assert all(key in g.scans or key.pattern == r"\d\d\d\d" for key in g.keys.values())


def _scan_phrases() -> list[list[list[str]]]:
    """Phrases that begin in each way a rule's match can begin, as lists of slots."""
    t = load_time_tables()
    w = {
        "mon": list(t.months),
        "wd": list(t.weekdays),
        "hol": list(t.holidays),
        "num": [*t.numbers, "3", "12", "2.5", "a couple of", "several"],
        "ord": list(t.ordinals),
        "unit": [*t.units, "weeks", "days", "years", "centuries", "millennia", "quarters"],
        "seas": list(t.seasons),
        "pod": list(t.parts_of_day),
        "set": list(t.sets),
        "ref": list(t.refs),
        "dec": list(t.decade_words),
        "day": "5|05|12|21st|3rd|31|1٣|9th".split("|"),
        "year": "2021|1990|1875|2009".split("|"),
        "mod": (
            "last|next|this|this past|this coming|the previous|the following|early|late|the|"
            "the same|that|the coming"
        ).split("|"),
        "near": "last|next|this|this past|this coming".split("|"),
        "wdmod": "the previous|the following|this past|this coming|early|late".split("|"),
        "tense": (
            "was|were|will|would|had|scheduled|attacked|armed|they'll|is to|going to|"
            "as soon as|earlier|due|xed"
        ).split("|"),
        "every": "every|each|per|every other".split("|"),
        "dmod": (
            "about|nearly|more than|the past|the last|another|a full|for|in|within|over|took|"
            "the next few|recent|current"
        ).split("|"),
        "ymod": "fiscal|calendar|the year|fy|FY".split("|"),
        "left": "the end of|early|mid-|the middle of|around|post-|later in".split("|"),
    }
    templates = """
        {mod} {wd}; {mod} {hol}; {mod} {mon}; {near} {wd}; {near} {hol}; {near} {mon};
        the {day} of {mon}; {day} {mon} {year}; {wd} , {day} {mon}; {mon} {day} , {year};
        {mon} . {day}; {mon} the {ord}; {mon} {year}; {mon} {mod} year; {ymod} {year}; FY2020;
        {year} -01-05; nineteen - {dec}; nineteen {num}; two thousand and {num}; {every} {wd};
        {wd} s {pod}; 10:30 a.m. {wd}; {day} p.m. on {mon} {day}; noon {wd}; {num} {unit} ago;
        {dmod} {num} {unit}; {num} - {unit}; {dmod} {unit}; {mod} {seas} of {year}; {mod} {pod};
        {set}; {ref}; in {ref}; {every} {unit}; the {dec}; the {year} s; '90s;
        the {ord} quarter of {year}; the {ord} century; {left} {mon} {year}; {left} {year};
        {tense} on {mon} {day}; {tense} {near} {wd}; {every} {mon}; {hol} {year}; {mod} {unit};
        per {unit}; each {unit}; {wdmod} {wd}; {wd} , {mon} {day}; {wd} , {mon} the {ord}
    """
    # each phrase: its slots, each a list of choices (a choice may be several words)
    return [
        [w[tok[1:-1]] if tok[:1] == "{" else [tok] for tok in template.split()]
        for template in templates.split(";")
    ]


_PHRASE_TEMPLATES = _scan_phrases()
_ODD = ["é", "K", "\u212a", "ß", "Σ", "ẞ", "’", "٣", "ſ", "ı", "İ", "x", "_", "0", "-"]
_CASES = ["keep", "title", "upper", "swap", "mixed"]


def _random_text(rnd: random.Random) -> str:
    """Time phrases, each word in some case, glued by spaces, punctuation and odd
    letters (Kelvin sign, long s, dotted I, ...)."""
    out = []
    for _ in range(rnd.randint(2, 10)):
        phrase = rnd.choice(_PHRASE_TEMPLATES)
        words = [word for slot in phrase for word in rnd.choice(slot).split(" ")]
        style = rnd.choice(["title", "title", "keep", "upper", "each", "each"])
        for word in words:
            case = rnd.choice(_CASES) if style == "each" else style
            if case == "title":
                word = word.title()
            elif case == "upper":
                word = word.upper()
            elif case == "swap":
                word = word.swapcase()
            elif case == "mixed":
                word = "".join(c.upper() if rnd.random() < 0.5 else c for c in word)
            if rnd.random() < 0.05:
                k = rnd.randint(0, len(word))
                word = word[:k] + rnd.choice(_ODD) + word[k:]
            if word in (",", ".") and rnd.random() < 0.8:
                out.pop()  # mostly right after the word before
            out.append(word)
            out.append(rnd.choice([" "] * 6 + ["  ", "\n", ", ", "-", ""]))
        out.append(rnd.choice([". ", " ", ", and ", "; the ", " x", "\n", "The "]))
    return "".join(out)


def _group_spans(m: re.Match[str]) -> list[tuple[int, int]]:
    return [m.span(k) for k in range(len(m.groups()) + 1)]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32), cut=st.integers(0, 120), width=st.integers(0, 120))
def test_scan_finds_what_finditer_finds(seed: int, cut: int, width: int) -> None:
    """The scanners of every rule and key give exactly finditer's matches: positions,
    groups and case, on the whole text and on a window of it."""
    from eventwire import timex

    g = timex._grammar()
    text = _random_text(random.Random(seed))
    folded = timex._folded(text)
    start = min(cut, len(text))
    spans = [(0, len(text)), (start, min(len(text), start + width))]
    for rx in [rx for rx, _, _ in g.rules] + list(g.keys.values()):
        fast = [(m.span(), m.groups()) for m in timex._scan(rx, text, folded, spans)]
        plain = [(m.span(), m.groups()) for lo, hi in spans for m in rx.finditer(text, lo, hi)]
        assert fast == plain, (rx.pattern[:60], text)
    # the folded forms of the tense cues and left modifiers
    if folded is not None:
        for rx, fx in (
            (timex._TENSE_CUE, timex._TENSE_CUE_FOLDED),
            (timex._LEFT_MODS, timex._LEFT_MODS_FOLDED),
        ):
            assert [_group_spans(m) for m in fx.finditer(folded)] == [
                _group_spans(m) for m in rx.finditer(text)
            ]
            for end in range(len(text) + 1):  # on windows as _tense and _extend_left take
                window = slice(max(0, end - 40), end)
                a, b = rx.search(text[window]), fx.search(folded[window])
                assert (a and _group_spans(a)) == (b and _group_spans(b)), text[window]


@pytest.mark.parametrize(
    "text",
    [
        "LAST EASTER and last Easter, NEXT Christmas Day 2021; this past Monday, xMay 5.",
        "On the 5th of MAY 2020, at 10 A.M. Friday, FY2020 and Fiscal 2021 ended.",
        "Every Friday, MONDAYS, each week, the past two weeK\u212a, three weeKs ago.",
        "It was signed Jan. 5, 2020; June 3rd; the nineteen-eighties; TWO THOUSAND AND ONE.",
        "The Σ-year: in the past decade, RECENTLY, now; 2 days later, 3 years-old.",
        "İn 2020 the army left on 5 May; ſeven days later, ı think, it came back.",
    ],
)
def test_scanners_do_not_change_what_is_found(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire import timex

    fast = find_times(text, "2021-12-29")
    monkeypatch.setattr(timex._grammar(), "scans", {})
    assert find_times(text, "2021-12-29") == fast
    assert fast
