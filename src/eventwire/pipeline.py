"""The pipeline: Article -> Document (cleaned, analysed, events, quotes, times, places).

Stages, in order, each a plain function over the Document:

    prepare    clean.extract_body + published.infer     (no model)
    nlp        spaCy over batches of texts               (nlp.analyse)
    times      timex.find_times
    places     geo.find_places
    events     events.find_events
    quotes     quotes.find_quotes
    dating     timex.date_events
    locating   geo.locate_events

A failing article becomes a ``Failure`` naming its id, stage and reason; the batch goes on.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from . import clean, events, geo, nlp, published, quotes, timex
from .config import Settings, load_settings
from .errors import EventwireError
from .records import Article, Document, Failure


def _stage_times(doc: Document) -> None:
    doc.times = timex.find_times(doc.text, doc.article.published)


def _stage_places(doc: Document) -> None:
    doc.places = geo.find_places(doc)


def _stage_events(doc: Document) -> None:
    doc.events = events.find_events(doc)


def _stage_quotes(doc: Document) -> None:
    doc.quotes = quotes.find_quotes(doc)


#: The stages that run after the NLP model, in order: (name, function).
STAGES: list[tuple[str, Callable[[Document], None]]] = [
    ("times", _stage_times),
    ("places", _stage_places),
    ("events", _stage_events),
    ("quotes", _stage_quotes),
    ("dating", timex.date_events),
    ("locating", geo.locate_events),
]


#: A short report that exercises every stage, for ``Pipeline.warm_up``.
WARM_UP_TEXT = (
    "Rebels attacked an army base near Mosul in northern Iraq on 3 May, killing two "
    'soldiers. "We will not surrender," the governor said on Monday.'
)
_WARM = False
#: Allocations between two young-generation passes of the garbage collector once the
#: pipeline is warm (Python's default is 700). The stages make many short-lived
#: containers per article; at 700 the collector ran about once per article, and its
#: passes cost about 0.2 ms per article; at 20,000 most of those objects are freed by
#: reference counting before a pass sees them.
GC_YOUNG_THRESHOLD = 20_000


def tune_collector() -> None:
    """``gc.freeze()`` what is loaded now, and raise the young generation's threshold to
    ``GC_YOUNG_THRESHOLD`` (never lower it). Process-wide; see ``Pipeline.warm_up``."""
    gc.freeze()
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, GC_YOUNG_THRESHOLD), *older)


def prepare(article: Article, max_bytes: int | None = None) -> Document:
    """Clean the article's text or HTML and settle its publication date."""
    body = clean.extract_body(article, max_bytes=max_bytes)
    published.infer(article, body)
    return body


class Pipeline:
    """Runs articles through every stage. The spaCy model is loaded once, lazily."""

    def __init__(self, settings: Settings | None = None, nlp_model: Any = None) -> None:
        self.settings = settings or load_settings()
        self._nlp = nlp_model

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = nlp.load_model(self.settings.model)
        return self._nlp

    def warm_up(self) -> None:
        """Load the model and every stage's data now, by running one short text through.

        Then ``gc.freeze()`` moves what is loaded (the model, the gazetteer, the actor
        dictionary: hundreds of thousands of long-lived objects) out of the garbage
        collector's reach, so that its full passes during a batch do not walk them
        again and again, and the young generation's threshold is raised to
        ``GC_YOUNG_THRESHOLD`` (never lowered). Both are process-wide. Runs once per
        process.
        """
        global _WARM
        if _WARM:
            return
        doc = prepare(Article(id="warm-up", text=WARM_UP_TEXT, published="2021-05-04"))
        list(nlp.analyse(self.nlp, [doc]))
        self._finish(doc)
        tune_collector()
        _WARM = True

    def run(self, items: Iterable[Article | Failure]) -> Iterator[Document | Failure]:
        """Process articles; yield a Document or a Failure for each, in order.

        One ``nlp.pipe`` runs over the whole stream (it takes the texts in batches of
        ``batch_size``): articles are prepared as spaCy asks for their texts, and each
        Document goes through the stages as soon as spaCy hands it back. Articles that
        failed before spaCy wait in line and come out in their place.
        """
        self.warm_up()
        waiting: deque[Document | Failure] = deque()

        def texts() -> Iterator[str]:
            for item in items:
                prepared = self._prepare(item)
                waiting.append(prepared)
                if isinstance(prepared, Document):
                    yield prepared.text

        for sdoc in self.nlp.pipe(texts(), batch_size=self.settings.batch_size):
            while isinstance(waiting[0], Failure):
                yield waiting.popleft()
            doc = waiting.popleft()
            assert isinstance(doc, Document)
            yield self._finish(nlp.annotate(doc, sdoc))
        yield from waiting

    def _prepare(self, item: Article | Failure) -> Document | Failure:
        if isinstance(item, Failure):
            return item
        try:
            return prepare(item, self.settings.max_bytes)
        except EventwireError as exc:
            return Failure(item.id, exc.stage or "prepare", exc.message, item.origin)

    def _finish(self, doc: Document) -> Document | Failure:
        try:
            for name, stage in STAGES:
                try:
                    stage(doc)
                except EventwireError as exc:
                    return Failure(doc.article.id, name, exc.message, doc.article.origin)
                except Exception as exc:  # a bug in a stage must not end the batch
                    reason = f"internal error: {type(exc).__name__}: {exc}"
                    return Failure(doc.article.id, name, reason, doc.article.origin)
            return doc
        finally:
            doc.drop_scratch()  # freed as soon as the caller lets go of it

    def process(self, article: Article) -> Document:
        """One article; raises EventwireError where ``run`` would give a Failure."""
        (result,) = list(self.run([article]))
        if isinstance(result, Failure):
            raise EventwireError(result.reason, where=result.id, stage=result.stage)
        return result


def extract_text(
    text: str, *, published: str | None = None, pipeline: Pipeline | None = None
) -> Document:
    """Convenience for library users and tests: one plain-text article through everything."""
    from .ingest import article_from_text

    article = article_from_text(text, published=published)
    return (pipeline or Pipeline()).process(article)
