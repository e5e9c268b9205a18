"""Merging reports into events, on hand-built mentions (extraction is not the point here)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import StoreError
from eventwire.merge import MergeConfig, date_interval, group_mentions
from eventwire.records import Actor, Article, Document, EventDate, EventMention, Place, Span
from eventwire.store import Store, get_event, query_events

IRQ = Actor("Iraq", 0, 4, "Iraq", "IRQ", "GOV", "Q796", actor_id="IRQ")
USA = Actor("Washington", 0, 10, "United States", "USA", "GOV", "Q30", actor_id="USA")
IRN = Actor("Tehran", 0, 6, "Iran", "IRN", "GOV", "Q794", actor_id="IRN")
IRQ_TROOPS = Actor("Iraqi troops", 0, 12, "Iraqi troops", "IRQ", "MIL")
IRQ_FORCES = Actor("Iraqi forces", 0, 12, "Iraqi forces", "IRQ", "MIL")
IRQ_POLICE = Actor("Iraqi police", 0, 12, "Iraqi police", "IRQ", "COP")
MILITANTS = Actor("the militants", 0, 13, "militants", None, None)  # unresolved


def mention(
    type: str = "ASSAULT",
    source: Actor | None = IRQ,
    target: Actor | None = USA,
    day: str | None = "2021-03-03",
    *,
    precision: str | None = "day",
    origin: str = "text",
    country: str | None = None,
    modality: str = "asserted",
    sentence: str = "Iraq attacked the United States.",
) -> EventMention:
    return EventMention(
        type=type,
        trigger=Span(5, 13),
        trigger_text="attacked",
        sentence=Span(0, len(sentence)),
        sentence_text=sentence,
        modality=modality,
        source=source,
        target=target,
        date=EventDate(day, None, precision if day else None, day, origin if day else None),
        location=Place("Mosul", 0, 5, "Mosul", country, lat=36.3, lon=43.1) if country else None,
    )


def doc(article_id: str, *mentions: EventMention) -> Document:
    text = " ".join(m.sentence_text for m in mentions) or "Nothing happened."
    d = Document(article=Article(id=article_id, title=f"report {article_id}"), text=text)
    d.events = list(mentions)
    return d


def events_after(*docs: Document, strictness: str = "normal", window: int | None = None) -> int:
    with Store.open(":memory:", merge=MergeConfig(strictness, window)) as store:
        for d in docs:
            store.add_document(d)
        return len(query_events(store))


def test_two_reports_of_one_event_become_one_event_with_both_mentions() -> None:
    a = doc("a", mention(sentence="Iraq attacked the United States on 3 March."))
    b = doc("b", mention(sentence="On March 3 Iraqi forces struck US positions."))
    with Store.open(":memory:") as store:
        assert store.add_document(a).new_events == 1
        assert store.add_document(b).merged_mentions == 1
        (event,) = query_events(store)
        assert event.n_mentions == 2
        detail = get_event(store, event.id)
        assert [m.article_id for m in detail.mentions] == ["a", "b"]
        assert [m.sentence_text for m in detail.mentions] == [
            "Iraq attacked the United States on 3 March.",
            "On March 3 Iraqi forces struck US positions.",
        ]
        assert detail.mentions[1].article_title == "report b"


def test_same_actors_on_different_days_stay_two_events() -> None:
    assert (
        events_after(doc("a", mention(day="2021-03-03")), doc("b", mention(day="2021-03-09"))) == 2
    )


def test_an_article_reporting_two_events_is_never_merged_into_one() -> None:
    twice = doc("a", mention(), mention())
    assert events_after(twice) == 2
    assert events_after(twice, strictness="loose") == 2
    # a third report joins one of them, and the article's two events stay apart
    with Store.open(":memory:") as store:
        store.add_document(twice)
        store.add_document(doc("b", mention()))
        assert sorted(e.n_mentions for e in query_events(store)) == [1, 2]


def test_type_must_agree() -> None:
    assert events_after(doc("a", mention("ASSAULT")), doc("b", mention("COERCE"))) == 2


def test_unknown_date_is_compatible_except_under_strict() -> None:
    a, b = doc("a", mention()), doc("b", mention(day=None))
    assert events_after(a, b) == 1
    assert events_after(a, b, strictness="strict") == 2


def test_publication_date_fallback_counts_as_unknown() -> None:
    a = doc("a", mention(day="2021-03-03"))
    b = doc("b", mention(day="2021-03-20", precision="vague", origin="published"))
    assert events_after(a, b) == 1


def test_month_date_overlaps_a_day_in_it_and_the_day_is_kept() -> None:
    with Store.open(":memory:") as store:
        store.add_document(doc("a", mention(day="2021-03", precision="month")))
        store.add_document(doc("b", mention(day="2021-03-03")))
        store.add_document(doc("c", mention(day="2021-04-01")))
        events = query_events(store)
        assert [e.n_mentions for e in events] == [2, 1]
        assert (events[0].date_start, events[0].date_precision) == ("2021-03-03", "day")


def test_conflicting_actors_never_merge() -> None:
    assert events_after(doc("a", mention(target=USA)), doc("b", mention(target=IRN))) == 2
    assert (
        events_after(
            doc("a", mention(target=USA)), doc("b", mention(target=IRN)), strictness="loose"
        )
        == 2
    )


def test_one_unknown_role_merges_except_under_strict() -> None:
    a, b = doc("a", mention(target=USA)), doc("b", mention(target=None))
    assert events_after(a, b) == 1
    assert events_after(a, b, strictness="strict") == 2


def test_an_event_found_by_the_actor_it_took_from_a_later_report() -> None:
    # "b" gives the event its source; "c" shares only that source, so the store must
    # find the event through the source it took (its merge indexes must have moved)
    a = doc("a", mention(source=None, target=USA))
    b = doc("b", mention(source=IRQ, target=USA))
    c = doc("c", mention(source=IRQ, target=None))
    assert events_after(a, b, c) == 1
    # and through a date it narrowed to: a month, then a day in it, then that day only
    m = doc("m", mention(day="2021-03", precision="month"))
    d = doc("d", mention(day="2021-03-20"))
    e = doc("e", mention(day="2021-03-20", target=None))
    assert events_after(m, d, e) == 1


def test_every_candidate_lookup_searches_a_merge_index() -> None:
    """The candidate search must stay index lookups (the merge indexes are partial:
    the planner may only use them where the lookup implies their condition)."""
    from eventwire.merge import mention_view

    with Store.open(":memory:") as store:
        for m in (
            mention(source=IRQ_TROOPS, target=IRQ_POLICE),
            mention(source=IRQ_TROOPS, target=IRQ_POLICE, day=None),
            mention(source=None, target=USA),
        ):
            sql, args = store._candidates(mention_view(m))
            plan = [r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, args)]
            searches = [p for p in plan if p.startswith(("SEARCH events", "SCAN events"))]
            assert searches and all(
                p.startswith("SEARCH events USING COVERING INDEX events_") for p in searches
            ), plan


def test_no_shared_actor_means_no_merge() -> None:
    assert (
        events_after(
            doc("a", mention(source=IRQ, target=None)), doc("b", mention(source=None, target=USA))
        )
        == 2
    )


def test_unresolved_actor_neither_matches_nor_conflicts() -> None:
    a = doc("a", mention(source=IRQ, target=MILITANTS))
    b = doc("b", mention(source=IRQ, target=USA))
    assert events_after(a, b) == 1
    only_unresolved = doc("c", mention(source=MILITANTS, target=None))
    assert events_after(doc("d", mention(source=MILITANTS, target=None)), only_unresolved) == 2


def test_same_country_and_sector_is_the_same_actor_under_normal() -> None:
    a = doc("a", mention(source=IRQ_TROOPS, target=USA))
    b = doc("b", mention(source=IRQ_FORCES, target=USA))
    assert events_after(a, b) == 1
    assert events_after(a, b, strictness="strict") == 2
    police = doc("c", mention(source=IRQ_POLICE, target=USA))
    assert events_after(a, police) == 2
    assert events_after(a, police, strictness="loose") == 1


def test_places_in_different_countries_do_not_merge() -> None:
    assert events_after(doc("a", mention(country="IRQ")), doc("b", mention(country="SYR"))) == 2
    assert events_after(doc("a", mention(country="IRQ")), doc("b", mention(country=None))) == 1


def test_modality_must_agree_except_under_loose() -> None:
    a, b = doc("a", mention()), doc("b", mention(modality="negated"))
    assert events_after(a, b) == 2
    assert events_after(a, b, strictness="loose") == 1


def test_loose_date_window() -> None:
    a, b = doc("a", mention(day="2021-03-03")), doc("b", mention(day="2021-03-04"))
    assert events_after(a, b) == 2
    assert events_after(a, b, strictness="loose") == 1
    assert events_after(a, b, strictness="loose", window=0) == 2
    assert events_after(a, b, window=1) == 1


def test_bad_configuration_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="strictness"):
        MergeConfig("fuzzy")
    with pytest.raises(StoreError, match="window"):
        MergeConfig("normal", -1)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (EventDate("2021-12-28", None, "day"), (date(2021, 12, 28), date(2021, 12, 28))),
        (EventDate("2021-02", None, "month"), (date(2021, 2, 1), date(2021, 2, 28))),
        (EventDate("2020", None, "year"), (date(2020, 1, 1), date(2020, 12, 31))),
        (EventDate(None, "2020-01-05", "vague"), (None, date(2020, 1, 5))),
        (EventDate("2021-12-28", None, "vague", source="published"), (None, None)),
        (EventDate("PRESENT_REF", None, "vague"), (None, None)),
    ],
)
def test_date_interval(d: EventDate, expected: tuple[date | None, date | None]) -> None:
    assert date_interval(d) == expected


# -- the store and the in-memory grouping follow one rule ----------------------------------

ACTORS = [IRQ, USA, IRN, IRQ_TROOPS, IRQ_FORCES, MILITANTS, None]
DAYS = [None, "2021-03-03", "2021-03-04", "2021-03", "2021-03-09"]


@st.composite
def reports(draw: st.DrawFn) -> list[tuple[str, EventMention]]:
    n = draw(st.integers(1, 9))
    out = []
    for _ in range(n):
        day = draw(st.sampled_from(DAYS))
        m = mention(
            draw(st.sampled_from(["ASSAULT", "ACCUSE"])),
            draw(st.sampled_from(ACTORS)),
            draw(st.sampled_from(ACTORS)),
            day,
            precision="month" if day == "2021-03" else "day",
            country=draw(st.sampled_from([None, "IRQ", "SYR"])),
        )
        out.append((draw(st.sampled_from("abcd")), m))
    return out


@settings(max_examples=40, deadline=None)
@given(reports(), st.sampled_from(["strict", "normal", "loose"]))
def test_store_and_group_mentions_agree(
    pairs: list[tuple[str, EventMention]], strictness: str
) -> None:
    cfg = MergeConfig(strictness)
    groups = group_mentions(pairs, cfg)
    assert sorted(i for g in groups for i in g) == list(range(len(pairs)))
    for g in groups:  # never two mentions of one article in an event
        assert len({pairs[i][0] for i in g}) == len(g)
    # the store sees each article's mentions together, in order
    by_article: dict[str, list[int]] = {}
    for i, (aid, _) in enumerate(pairs):
        by_article.setdefault(aid, []).append(i)
    order = [i for aid in by_article for i in by_article[aid]]
    expected = sorted(len(g) for g in group_mentions([pairs[i] for i in order], cfg))
    with Store.open(":memory:", merge=cfg) as store:
        for aid, idx in by_article.items():
            store.add_document(doc(aid, *(pairs[i][1] for i in idx)))
        assert sorted(e.n_mentions for e in query_events(store)) == expected
