"""The NLP stage: the spaCy pipeline, loaded once per process, texts batched through nlp.pipe."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from .errors import ModelError
from .records import Document, Entity, Span


@lru_cache(maxsize=4)
def load_model(name: str) -> Any:
    """Load the spaCy pipeline ``name`` (package or path) once per process."""
    try:
        import spacy

        return spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"cannot load spaCy model {name!r}: {str(exc).splitlines()[0]}",
            stage="nlp",
        ) from exc


#: Key in a spaCy Doc's ``user_data`` for the text it was made from: the stages slice
#: it (``Doc.text`` and ``Span.text`` join their tokens' texts again on every access).
TEXT_KEY = "eventwire.text"


def annotate(doc: Document, sdoc: Any) -> Document:
    """Record sentences and entities of the spaCy Doc ``sdoc`` (made from ``doc.text``)
    on ``doc``."""
    doc.spacy_doc = sdoc
    last = sdoc[-1] if len(sdoc) else None
    text = doc.text
    if (last.idx + len(last.text_with_ws) if last is not None else 0) == len(text):
        sdoc.user_data[TEXT_KEY] = text  # (a Doc of another text would not end there)
    else:
        text = sdoc.text
    doc.sentences = [Span(s.start_char, s.end_char) for s in sdoc.sents]
    doc.entities = [
        Entity(text[e.start_char : e.end_char], e.start_char, e.end_char, e.label_)
        for e in sdoc.ents
    ]
    return doc


def analyse(nlp: Any, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
    """Run ``nlp.pipe`` over the texts of ``docs`` in batches, annotating each document."""
    pending = list(docs) if not isinstance(docs, list) else docs
    for doc, sdoc in zip(pending, nlp.pipe((d.text for d in pending), batch_size=batch_size), strict=True):
        yield annotate(doc, sdoc)
