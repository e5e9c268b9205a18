"""The whole pipeline on odd input: it never crashes, and every offset stays in the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.pipeline import Pipeline
from eventwire.records import Article, Document, Failure

WORDS = st.sampled_from(
    [
        "The",
        "army",
        "rebels",
        "attacked",
        "Mosul",
        "on",
        "3",
        "May",
        "2021",
        "said",
        "“",
        "”",
        '"',
        "'",
        "(",
        ")",
        ",",
        ".",
        "\n\n",
        "Iraq",
        "Iraqi",
        "police",
        "arrested",
        "he",
        "they",
        "Read More",
        "https://x.example/a.png",
        "yesterday",
        "last",
        "week",
        "Biden",
        "met",
        "Putin",
        "in",
        "Geneva",
        "agreed",
        "to",
        "withdraw",
        "troops",
        "by",
        "the",
        "end",
        "of",
        "-",
        "—",
        "killed",
        "2",
        "people",
        "Photo:",
        "AFP",
        "that",
        "day",
        "not",
        "will",
        "é",
        "中",
    ]
)
TEXTS = st.lists(WORDS, min_size=1, max_size=60).map(" ".join)


def _check_offsets(doc: Document) -> None:
    n = len(doc.text)
    spans: list[tuple[int, int, str | None]] = []
    spans += [(t.start, t.end, t.text) for t in doc.times]
    spans += [(p.start, p.end, p.text) for p in doc.places]
    spans += [(q.start, q.end, None) for q in doc.quotes]
    for e in doc.events:
        spans.append((e.trigger.start, e.trigger.end, e.trigger_text))
        spans.append((e.sentence.start, e.sentence.end, e.sentence_text))
        for a in (e.source, e.target):
            if a is not None:
                spans.append((a.start, a.end, None))
    for start, end, text in spans:
        assert 0 <= start <= end <= n
        if text is not None:
            assert doc.text[start:end] == text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TEXTS, st.sampled_from([None, "2021-12-30", "2000-02-29"]))
def test_any_text_gives_a_document_or_a_clean_failure(
    pipeline: Pipeline, text: str, published: str | None
) -> None:
    article = Article(
        id="x", text=text, published=published, published_source="given" if published else None
    )
    (result,) = list(pipeline.run([article]))
    if isinstance(result, Failure):
        assert result.stage in ("clean", "ingest"), result
        assert "internal error" not in result.reason
    else:
        _check_offsets(result)
        contract = result.to_contract()
        assert contract["text"] == result.text


def test_a_finished_document_is_freed_without_the_cycle_collector(pipeline: Pipeline) -> None:
    """The stages' caches on a Document point back at it; the pipeline drops them when
    the stages are done, so a long batch does not pile Documents up for the collector."""
    import gc
    import weakref

    doc = pipeline.process(
        Article(id="w", text="The Committee said it would sue the ministry. It met on Monday.")
    )
    assert doc.events or doc.quotes or doc.places  # the actor stage ran and cached
    assert not [k for k in vars(doc) if k.startswith("_")]
    ref = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert ref() is None
    finally:
        gc.enable()


def test_warm_up_raises_the_young_collection_threshold(
    pipeline: Pipeline,
) -> None:
    import gc

    from eventwire.pipeline import GC_YOUNG_THRESHOLD

    pipeline.warm_up()
    assert gc.get_threshold()[0] >= GC_YOUNG_THRESHOLD > 700
    assert gc.get_freeze_count() > 0  # the model and data are out of the collector's way
