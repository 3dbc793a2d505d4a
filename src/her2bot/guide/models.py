"""Typed views of the guide: its validated content, and one built guide for one reader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from jinja2 import Template

from her2bot.guide.words import reader_words
from her2bot.vocabulary import Level, Reader, Situation


@dataclass(frozen=True)
class Question:
    id: str
    situations: frozenset[Situation]
    readers: frozenset[Reader]
    levels: frozenset[Level]
    # Rendered once at load time for every level and reader the question is for.
    texts: Mapping[tuple[Level, Reader], str]

    def fits(self, reader: Reader, situation: Situation, level: Level) -> bool:
        return reader in self.readers and situation in self.situations and level in self.levels


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    sources: tuple[str, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True, eq=False)
class GuideContent:
    """content/guide/ as loaded and checked: questions, and the templates of every other word."""

    groups: tuple[Group, ...]
    # Plain-text templates (situations.*, readers.*, buttons.*, pdf.*, receptors.*) and
    # Telegram HTML templates (chat.*), by dotted key.
    plain: Mapping[str, Template]
    html: Mapping[str, Template]
    bring: tuple[Template, ...]
    receptor_columns: tuple[str, ...]
    receptor_rows: tuple[str, ...]
    # The bot's disclaimer as plain text for the PDF, worded for each reader (content/ui.yaml
    # strings.disclaimer and strings.disclaimer_caregiver).
    disclaimers: Mapping[Reader, str]

    def html_text(self, key: str, reader: Reader, level: Level) -> str:
        """A chat string (Telegram HTML) shown before a guide exists: the two steps."""
        return self.html[key].render(**reader_words(reader), level=level.value).strip()

    def plain_text(self, key: str, reader: Reader, level: Level) -> str:
        """A plain string outside a guide: button labels, the share text."""
        rendered = self.plain[key].render(**reader_words(reader), level=level.value)
        return " ".join(rendered.split())

    def questions_for(
        self, reader: Reader, situation: Situation, level: Level
    ) -> list[tuple[Group, list[Question]]]:
        """The groups in order, each with its questions that fit; empty groups left out."""
        chosen = []
        for group in self.groups:
            fitting = [q for q in group.questions if q.fits(reader, situation, level)]
            if fitting:
                chosen.append((group, fitting))
        return chosen


@dataclass(frozen=True)
class GuideSection:
    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class ReceptorTable:
    title: str
    note: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    """One question list, fully worded for one reader, situation and level."""

    reader: Reader
    situation: Situation
    level: Level
    made_on: date
    name: str | None
    sections: tuple[GuideSection, ...]
    bring: tuple[str, ...]
    receptors: ReceptorTable
    disclaimer: str
    # Rendered plain texts for the PDF (pdf.*) and Telegram HTML for the chat (chat.*),
    # keyed without their prefix.
    pdf: Mapping[str, str]
    chat: Mapping[str, str]

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(q for section in self.sections for q in section.questions)
