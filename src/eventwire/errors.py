"""The exception tree. Every error a user can cause is one of these; the CLI prints it
as one line and exits non-zero.

    EventwireError
    ├── InputError          bad input: empty, binary, undecodable, too large, bad JSON
    ├── ModelError          the spaCy model could not be loaded
    ├── DataFileError       a data file (actors, patterns, places) is malformed
    └── StoreError          the SQLite store could not be opened or written
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base of all eventwire errors. ``where`` names the article or file and stage."""

    def __init__(self, message: str, *, where: str | None = None, stage: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.stage = stage

    def __str__(self) -> str:
        prefix = []
        if self.where:
            prefix.append(self.where)
        if self.stage:
            prefix.append(f"[{self.stage}]")
        return (" ".join(prefix) + ": " if prefix else "") + self.message


class InputError(EventwireError):
    """The input cannot be read as an article."""


class ModelError(EventwireError):
    """The NLP model could not be loaded."""


class DataFileError(EventwireError):
    """A data file shipped with eventwire or given by a user is malformed."""


class StoreError(EventwireError):
    """The event store could not be opened, read or written."""
