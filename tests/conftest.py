"""Shared fixtures: the real spaCy model, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.pipeline import Pipeline, extract_text
from eventwire.records import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline: Pipeline):
    return pipeline.nlp


@pytest.fixture(scope="session")
def make_doc(pipeline: Pipeline):
    """Run the whole pipeline over a hand-written text: make_doc(text, published=None)."""

    def _make(text: str, published: str | None = None) -> Document:
        return extract_text(text, published=published, pipeline=pipeline)

    return _make


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the project")
    return SHARED
