"""Typed, immutable views of content/: what the loader validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from her2bot.levels import Level


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int
    file: str
    note: str
    primary_studies: tuple[str, ...]
    # Every figure this source supports, exactly as a user may see it written ("57", "37", "8").
    figures: frozenset[str]


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    button: str
    summary: str
    in_menu: bool
    order: int
    related: tuple[str, ...]
    sources: tuple[str, ...]
    glossary: tuple[str, ...]
    last_reviewed: date
    review_status: str
    # When set, the topic holds figures some people would rather not see unasked:
    # the text here is shown first, with a button to go on.
    gate: str | None
    levels: dict[Level, str]
    file: str
    # Link buttons under the text: (label, https:// or tg:// URL). Telegram opens no other
    # schemes from a button, so phone numbers go in the text (and may repeat in the label).
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    aliases: tuple[str, ...]
    meaning: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    topics: dict[str, Topic]
    glossary: dict[str, GlossaryTerm]
    sources: dict[str, Source]
    ui: dict[str, str]
    review_statuses: dict[str, str]
    menu: tuple[str, ...]
    # (command, description) pairs registered with Telegram's setMyCommands.
    commands: tuple[tuple[str, str], ...]
    templates: Path = field(default=Path("templates"))

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics.get(topic_id)
