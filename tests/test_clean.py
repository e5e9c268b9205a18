"""Cleaning: scraped leftovers out, prose kept, offsets into the cleaned text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.clean import classify_line, clean_text, extract_body
from eventwire.errors import InputError
from eventwire.records import Article

PAGES = Path(__file__).parent / "data" / "pages"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("https://media.example.org/wp-content/uploads/2021/12/3c42.png", "url"),
        ("www.example.com/photos/2020/10/kunduz.jpg", "url"),
        ("US troops in southern Mosul, Iraq, at the time of the takeover (Photo credit: Getty Images)", "caption"),
        ("Photo: Soldiers patrol the streets of Kabul", "caption"),
        ("Rescuers search the rubble in Antakya. AFP via Getty Images", "caption"),
        ("Read More", "read-more"),
        ("Continue reading", "read-more"),
        ("Leave a Reply", "comment-prompt"),
        ("Your email address will not be published. Required fields are marked *", "comment-prompt"),
        ("Comments (12)", "comment-prompt"),
        ("Share this article", "share"),
        ("Sign up for our daily newsletter", "share"),
        ("Follow us on Twitter", "share"),
        ("Home | World | Politics | Business", "navigation"),
        ("Skip to content", "navigation"),
        ("ADVERTISEMENT", "navigation"),
        ("Tags: Iraq, United States, militias", "navigation"),
        ("We use cookies to improve your experience on our site.", "cookie"),
        ("© 2024 The Daily Ledger", "copyright"),
        ("By Jane Wanjiru", "byline"),
        ("- EU condemns offensive", "link-list"),
    ],
)
def test_leftovers_are_recognised(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Home prices rose 3 percent last month, the central bank said.",
        "Comments by the minister angered the opposition.",
        "Email sent by the senator was classified, officials said.",
        "Reuters reported that talks between the two sides ended without agreement.",
        "Share prices in Moscow fell sharply after the sanctions were announced.",
        "Related developments came as the army moved north.",
        "Watchdogs said the vote was free and fair.",
        "By the end of 2021, all combat forces were to leave.",
        "It is estimated that 2,500 US troops remain in the country.",
    ],
)
def test_prose_is_kept(line: str) -> None:
    assert classify_line(line) is None


def test_title_and_paragraphs() -> None:
    raw = "Rebels Seize Border Town\n\nRebels seized the town on Monday.\nThey said so.\n\n\nRead More\n"
    cleaned = clean_text(raw)
    assert cleaned.title == "Rebels Seize Border Town"
    assert cleaned.text == "Rebels seized the town on Monday.\nThey said so."
    assert [(r.reason, r.text) for r in cleaned.removed] == [
        ("read-more", "Read More"),
        ("title", "Rebels Seize Border Town"),
    ]


def test_sentence_title_is_not_taken_as_headline() -> None:
    raw = "The army said on Monday it had taken the town.\n\nOfficials confirmed it."
    assert clean_text(raw).title is None


def test_known_title_is_separated() -> None:
    cleaned = clean_text("Big news today.\n\nThe army withdrew.", known_title="Big news today")
    assert cleaned.title == "Big news today"
    assert cleaned.text == "The army withdrew."


@pytest.mark.parametrize(
    ("page", "kept", "gone"),
    [
        (
            "wordpress.html",
            ["Kenyan police fired tear gas", "President William Ruto said"],
            ["We use cookies", "Leave a Reply", "Read More", "Share this", "All rights reserved",
             "Photo: Reuters", "By Jane Wanjiru", "wp-content"],
        ),
        (
            "newsportal.html",
            ["Turkish artillery pounded", "Security Council was due to meet"],
            ["Skip to content", "Menu", "Related stories", "Advertisement", "newsletter",
             "Terms of Use", "EU condemns offensive"],
        ),
    ],
)
def test_html_pages(page: str, kept: list[str], gone: list[str]) -> None:
    html = (PAGES / page).read_text()
    doc = extract_body(Article(id=page, html=html))
    for phrase in kept:
        assert phrase in doc.text
    for phrase in gone:
        assert phrase not in doc.text, phrase
    assert doc.article.title and doc.article.title not in doc.text


def test_scraped_text_page() -> None:
    text = (PAGES / "scraped_wire.txt").read_text()
    doc = extract_body(Article(id="wire", text=text))
    assert doc.text.startswith("KANDAHAR, Oct. 3 (Xinhua)")
    for phrase in ("Share on Facebook", "kunduz.jpg", "Photo credit", "Follow us", "Comments (3)"):
        assert phrase not in doc.text
    reasons = sorted(r.reason for r in doc.removed)
    assert reasons == ["caption", "comment-prompt", "share", "share", "title", "url"]


def test_html_without_article_text_is_refused() -> None:
    with pytest.raises(InputError, match="no article text"):
        extract_body(Article(id="x", html="<html><body><div>"))


def test_all_boilerplate_is_refused() -> None:
    with pytest.raises(InputError, match="nothing left"):
        extract_body(Article(id="x", text="Read More\n\nLeave a Reply\n"))


def test_size_limit() -> None:
    with pytest.raises(InputError, match="larger than the limit"):
        extract_body(Article(id="x", text="word " * 100), max_bytes=100)


PROSE = st.lists(
    st.sampled_from(
        [
            "The army said on Monday it had taken the town.",
            "Read More",
            "Protesters marched in the capital.",
            "https://example.com/a.png",
            "Share this article",
            "Officials, who spoke on condition of anonymity, confirmed the deal.",
            "",
            "Leaders met in Geneva (Photo: AFP)",
        ]
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(PROSE)
def test_cleaning_twice_changes_nothing(lines: list[str]) -> None:
    once = clean_text("\n\n".join(lines))
    twice = clean_text(once.text)
    assert [r for r in twice.removed if r.reason != "title"] == []
    assert twice.text == once.text or once.text.endswith(twice.text)


@pytest.mark.parametrize(
    "dateline",
    ["JOHANNESBURG, August 7 (Xinhua) --", "NAIROBI, Kenya (AP) _", "WASHINGTON (Reuters) -", "GAZA CITY"],
)
def test_a_dateline_alone_is_not_a_title(dateline: str) -> None:
    raw = f"{dateline}\n\nSouth African police arrested 12 people on Friday.\n\nThe arrests followed riots."
    cleaned = clean_text(raw)
    assert cleaned.title is None
    assert cleaned.text.startswith(dateline)
