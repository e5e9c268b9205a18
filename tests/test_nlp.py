"""The NLP stage: one model load per process, batches through nlp.pipe, typed annotations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.errors import ModelError
from eventwire.nlp import analyse, load_model
from eventwire.pipeline import Pipeline
from eventwire.records import Article, Document


def test_model_is_loaded_once(pipeline: Pipeline) -> None:
    assert load_model(pipeline.settings.model) is pipeline.nlp


def test_sentences_and_entities(nlp) -> None:  # noqa: ANN001 - a spaCy Language
    texts = [
        "Kenyan police fired tear gas in Nairobi on Tuesday. Five people died.",
        "Turkey shelled Kurdish positions in northern Syria.",
    ]
    docs = [Document(article=Article(id=str(i), text=t), text=t) for i, t in enumerate(texts)]
    out = list(analyse(nlp, docs, batch_size=2))
    assert [d.article.id for d in out] == ["0", "1"]
    first = out[0]
    assert len(first.sentences) == 2
    assert first.text[first.sentences[1].start : first.sentences[1].end] == "Five people died."
    labels = {(e.text, e.label) for e in first.entities}
    assert ("Nairobi", "GPE") in labels
    for d in out:
        for e in d.entities:
            assert d.text[e.start : e.end] == e.text


def test_missing_model_is_a_clean_error() -> None:
    with pytest.raises(ModelError, match="cannot load spaCy model"):
        load_model("no_such_model_xyz")


def test_missing_model_on_the_command_line(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Protesters marched in Nairobi.")
    r = subprocess.run(
        [sys.executable, "-m", "eventwire", "extract", str(f), "--model", "no_such_model_xyz"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "no_such_model_xyz" in r.stderr
    assert "Traceback" not in r.stderr


def test_entity_texts_are_the_spans_of_the_recorded_text() -> None:
    from eventwire.actors import _ent_info, doc_text
    from eventwire.config import load_settings
    from eventwire.nlp import TEXT_KEY, annotate

    nlp = load_model(load_settings().model)
    text = "  Iraqi  forces\n\nentered Mosul on Monday,\u00a0said the United Nations.  \n"
    doc = annotate(Document(article=Article(id="t"), text=text), nlp(text))
    sdoc = doc.spacy_doc
    assert sdoc.user_data[TEXT_KEY] == text == doc_text(sdoc) == sdoc.text
    info = _ent_info(sdoc)
    assert info.texts and info.texts == [e.text for e in sdoc.ents]
    # a Doc of some other text is not given this one
    other = annotate(Document(article=Article(id="o"), text=text), nlp("Short."))
    assert TEXT_KEY not in other.spacy_doc.user_data
