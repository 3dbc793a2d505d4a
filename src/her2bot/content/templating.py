"""The one Jinja2 environment: autoescaped, strict, whitespace-tidy."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined


def make_environment(templates: Path) -> Environment:
    # autoescape: every variable (a name, a search phrase) is escaped for Telegram HTML;
    # StrictUndefined: a misspelt variable fails the content check instead of vanishing.
    return Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
