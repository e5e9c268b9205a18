"""Publication date: given, metadata, URL, text clues, or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.clean import extract_body
from eventwire.published import date_from_text, date_from_url, infer, month_from_urls
from eventwire.records import Article


def _infer(article: Article) -> Article:
    infer(article, extract_body(article))
    return article


def test_given_wins() -> None:
    a = _infer(Article(id="a", text="On 3 May 2019 the army attacked.", published="2020-01-01", published_source="given"))
    assert (a.published, a.published_source) == ("2020-01-01", "given")


def test_url_path() -> None:
    assert date_from_url("https://news.example/2021/12/29/iraq-vote/") == date(2021, 12, 29)
    assert date_from_url("https://news.example/world/2019-03-05-talks") == date(2019, 3, 5)
    assert date_from_url("https://news.example/world/story-123") is None
    a = _infer(Article(id="a", text="Talks ended.\n\nNo one spoke.", url="https://x.example/2021/12/29/a"))
    assert (a.published, a.published_source) == ("2021-12-29", "url")


def test_upload_path_gives_year_to_partial_dates() -> None:
    text = "The group said on 28 December that it would fight.\n\nhttps://cdn.example/wp-content/uploads/2021/12/a.png"
    a = _infer(Article(id="a", text=text))
    assert (a.published, a.published_source) == ("2021-12-28", "text")


def test_year_closing_phrase() -> None:
    text = "On 26 December the leader spoke.\n\nWith 2021 coming to a close in the coming days, factions doubt the deal."
    assert date_from_text(text) == date(2021, 12, 26)


def test_partial_date_after_anchor_month_is_previous_year() -> None:
    # filed in January 2022: "on 30 December" is 2021
    assert date_from_text("Fighting resumed on 30 December.", ["https://x/uploads/2022/01/a.jpg"]) == date(2021, 12, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KANDAHAR, Oct. 3 (Xinhua) -- Fighting broke out. Officials said in 2020 it would end.", date(2020, 10, 3)),
        ("WASHINGTON, March 5, 2021 (Reuters) - The Senate voted.", date(2021, 3, 5)),
        ("The treaty was signed on 12 June 2018 and ratified on July 4, 2019.", date(2019, 7, 4)),
    ],
)
def test_text_clues(text: str, expected: date) -> None:
    assert date_from_text(text) == expected


def test_scheduled_dates_are_not_publication_dates() -> None:
    text = "Talks began on 3 May 2019. Elections are scheduled for 12 June 2020."
    assert date_from_text(text) == date(2019, 5, 3)


def test_no_clue_gives_null() -> None:
    a = _infer(Article(id="a", text="The army said it had taken the town.\n\nResidents fled."))
    assert a.published is None and a.published_source is None
    # a partial date with no year anywhere stays unknown: no year is invented
    assert date_from_text("Fighting resumed on 30 December.") is None


def test_month_from_urls_takes_latest() -> None:
    assert month_from_urls(["/uploads/2020/05/a.png", "/uploads/2021/12/b.png"]) == (2021, 12)
