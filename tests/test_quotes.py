"""Quotes and their speakers: spans, cues, speakers, scare quotes, indirect speech.

Every document here is written by hand and goes through the real pipeline (the real
spaCy model), except the span finder tests, which need no model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.quotes import find_quotes, load_lexicon, quote_spans
from eventwire.records import Document, Quote


def _inner(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quote_spans(text)]


def _quote(doc: Document, needle: str) -> Quote:
    hits = [q for q in doc.quotes if needle in q.text]
    assert hits, f"no quote holding {needle!r} in {[q.text for q in doc.quotes]}"
    return hits[0]


def _speaker_text(q: Quote) -> str | None:
    return q.speaker.text if q.speaker else None


# ---------- spans (no model) ----------


def test_spans_straight_and_curly_double_marks() -> None:
    text = 'He said "we will win" and she said “they will lose.”'
    assert _inner(text) == ["we will win", "they will lose."]


def test_spans_single_marks_and_apostrophes() -> None:
    text = "Voters’ anger: Obama sees ‘personal insult’ in Clinton’s race. It's 'Terrifying.'"
    assert _inner(text) == ["personal insult", "Terrifying."]


def test_spans_nyt_double_apostrophes_and_nested_single() -> None:
    text = "''I had to step back and think, 'This is their lives,' '' she said."
    spans = quote_spans(text)
    assert len(spans) == 1  # the inner single quotation is part of the outer one
    assert text[spans[0].start : spans[0].end].startswith("I had to step back")


def test_spans_run_over_paragraphs_when_the_next_opens_with_a_mark() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph,” he said.\n\nAfter."
    (span,) = quote_spans(text)
    quoted = text[span.start : span.end]
    assert quoted.startswith("First paragraph") and quoted.endswith("Second paragraph,")


def test_spans_left_mark_used_as_a_closer() -> None:
    text = "It rated the claim “Mostly False.“ Then it moved on."
    assert _inner(text) == ["Mostly False."]


# ---------- speakers from cues ----------


def test_quote_then_name_said(make_doc) -> None:
    doc = make_doc("“We will not leave the talks,” Prime Minister Anna Berg said on Tuesday.")
    q = _quote(doc, "We will not leave")
    assert q.kind == "direct"
    assert q.cue == "said"
    assert "Anna Berg" in (_speaker_text(q) or "")
    assert doc.text[q.start : q.end] == q.text


def test_inverted_said_name(make_doc) -> None:
    doc = make_doc("“The budget is a disaster,” said Senator John Mills, a Republican.")
    q = _quote(doc, "budget is a disaster")
    assert "John Mills" in (_speaker_text(q) or "")


def test_introducing_clause_with_colon(make_doc) -> None:
    doc = make_doc("The governor told reporters: “We are ready for the storm.”")
    q = _quote(doc, "ready for the storm")
    assert q.cue == "told"
    assert "governor" in (_speaker_text(q) or "")


def test_split_quote_keeps_its_speaker(make_doc) -> None:
    doc = make_doc(
        "Maria Lopez spoke after the vote.\n\n"
        "“This just isn’t right,” Lopez said. “Workers were squeezed to the breaking point.”"
    )
    first = _quote(doc, "just isn’t right")
    second = _quote(doc, "breaking point")
    assert _speaker_text(first) == "Lopez"
    assert second.speaker is not None and second.speaker.start == first.speaker.start  # type: ignore[union-attr]


def test_pronoun_speaker_keeps_its_span_and_takes_the_name(make_doc) -> None:
    doc = make_doc(
        "On Monday, the opposition leader Hadi al-Ameri rejected the plan.\n\n"
        "“Our sovereignty is a red line,” he said."
    )
    q = _quote(doc, "red line")
    assert q.speaker is not None
    assert q.speaker.text == "he"  # the mention next to the quote
    assert doc.text[q.speaker.start : q.speaker.end] == "he"
    assert "Ameri" in q.speaker.name  # the name of the last full mention


def test_partial_quote_in_a_reported_clause(make_doc) -> None:
    doc = make_doc(
        "The Committee acknowledged that it has also noted “the insistence of the "
        "administration on keeping its forces” in the country."
    )
    q = _quote(doc, "the insistence of the administration")
    assert q.kind == "partial"
    assert q.speaker is not None and "Committee" in q.speaker.name


def test_according_to(make_doc) -> None:
    doc = make_doc("“The border will stay closed,” according to the interior ministry.")
    q = _quote(doc, "border will stay closed")
    assert q.cue == "according to"
    assert "ministry" in (_speaker_text(q) or "")


def test_dash_attribution(make_doc) -> None:
    doc = make_doc("“I will vote for the first time this year.” ― Carla Sanchez\n")
    q = _quote(doc, "vote for the first time")
    assert _speaker_text(q) == "Carla Sanchez"


def test_called_as_complement(make_doc) -> None:
    doc = make_doc('Senator Cruz called his rival a "pathological liar" on Tuesday.')
    q = _quote(doc, "pathological liar")
    assert q.cue == "called"
    assert "Cruz" in (_speaker_text(q) or "")


# ---------- not speech ----------


def test_so_called_scare_quote_has_no_speaker(make_doc) -> None:
    doc = make_doc(
        "The army still keeps troops in the country under the pretext of a so-called "
        "“advise and assist” role, the minister said."
    )
    q = _quote(doc, "advise and assist")
    assert q.kind == "scare"
    assert q.speaker is None and q.cue is None


def test_book_title_has_no_speaker(make_doc) -> None:
    doc = make_doc("In his 2002 book “Make Your Kid a Millionaire” the author listed savings.")
    q = _quote(doc, "Make Your Kid a Millionaire")
    assert q.kind == "scare"
    assert q.speaker is None


def test_fragment_with_an_inanimate_subject_is_a_scare_quote(make_doc) -> None:
    doc = make_doc("It still maintains a presence there, playing a supervisory “advise” role.")
    q = _quote(doc, "advise")
    assert q.speaker is None


# ---------- indirect speech ----------


def test_indirect_speech_is_marked_as_paraphrase(make_doc) -> None:
    doc = make_doc("The foreign minister said that the talks would resume next week in Geneva.")
    indirect = [q for q in doc.quotes if q.kind == "indirect"]
    assert len(indirect) == 1
    q = indirect[0]
    assert q.text.startswith("that the talks would resume")
    assert q.cue == "said"
    assert "minister" in (_speaker_text(q) or "")


def test_no_indirect_speech_around_a_quotation(make_doc) -> None:
    doc = make_doc(
        "The US military says that it is moving to a presence aimed at “advising” troops."
    )
    kinds = sorted(q.kind for q in doc.quotes)
    assert kinds == ["partial"]  # the quoted fragment is reported, not the clause around it
    assert "military" in (_speaker_text(doc.quotes[0]) or "")


# ---------- the lexicon ----------


def test_lexicon_loads_the_shipped_lists() -> None:
    lex = load_lexicon()
    assert {"say", "tell", "warn", "add"} <= lex.cue_verbs
    assert ("according", "to") in lex.cue_phrases
    assert ("so-called",) in lex.scare_markers


def test_user_cue_verbs_extend_the_lexicon(make_doc, tmp_path: Path) -> None:
    text = "“The harvest is ruined,” the farmer grumbled."
    doc = make_doc(text)
    assert _quote(doc, "harvest is ruined").speaker is None  # "grumble" is not shipped
    (tmp_path / "cue_verbs.txt").write_text("# extra\ngrumble\n", encoding="utf-8")
    lex = load_lexicon((tmp_path,))
    assert "grumble" in lex.cue_verbs and "say" in lex.cue_verbs
    fresh = Document(doc.article, doc.text, spacy_doc=doc.spacy_doc)
    quotes = find_quotes(fresh, lexicon=lex)
    (got,) = [x for x in quotes if "harvest" in x.text]
    assert got.cue == "grumbled"
    assert "farmer" in (_speaker_text(got) or "")


@pytest.mark.parametrize("text", ["", "No quotation here at all."])
def test_no_quotes(make_doc, text: str) -> None:
    if not text:
        assert find_quotes(Document(article=make_doc("x").article, text="")) == []
    else:
        assert [q for q in make_doc(text).quotes if q.kind != "indirect"] == []


def test_short_full_quote_after_a_comma_is_direct(make_doc) -> None:
    doc = make_doc("Asked about his taxes, Trump boasted, “That makes me smart.”")
    q = _quote(doc, "makes me smart")
    assert q.kind == "direct"
    assert q.cue == "boasted"
    assert _speaker_text(q) == "Trump"


def test_offsets_point_into_the_text(make_doc) -> None:
    doc = make_doc(
        "“We will see,” the spokesman said.\n\nShe called it ‘a disgrace’ and said that the "
        "vote was rigged."
    )
    assert len(doc.quotes) >= 3
    for q in doc.quotes:
        assert doc.text[q.start : q.end] == q.text
        if q.speaker is not None:
            assert doc.text[q.speaker.start : q.speaker.end] == q.speaker.text


def test_default_lexicon_reads_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.quotes import default_lexicon

    (tmp_path / "quotes").mkdir()
    (tmp_path / "quotes" / "cue_verbs.txt").write_text("grumble\n", encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(tmp_path))
    default_lexicon.cache_clear()
    try:
        assert "grumble" in default_lexicon().cue_verbs
    finally:
        monkeypatch.delenv("EVENTWIRE_DATA_DIR")
        default_lexicon.cache_clear()
    assert "grumble" not in default_lexicon().cue_verbs
