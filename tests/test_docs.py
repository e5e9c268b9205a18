"""Documentation keeps up with the code: every command and setting is in the README."""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

from eventwire.cli import build_parser
from eventwire.config import SETTING_DOCS, Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_is_documented() -> None:
    commands = _subcommands()
    assert "extract" in commands
    for name in commands:
        assert f"eventwire {name}" in README, f"command {name!r} is not in the README"


def test_every_setting_is_documented() -> None:
    for f in fields(Settings):
        assert f.name in SETTING_DOCS
        assert f"EVENTWIRE_{f.name.upper()}" in README, f"setting {f.name!r} is not in the README"


def test_every_extract_flag_is_documented() -> None:
    extract = _subcommands()["extract"]
    for action in extract._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert flag in README, f"flag {flag} of extract is not in the README"
