"""The content schema (format v2): every content file as a typed, validated pydantic model.

One model per file kind: `SourcesFile` (sources.yaml), `TopicFile` (topics/*.yaml),
`GlossaryFile` (glossary.yaml), `UiFile` (ui.yaml), `CheckFile` (check.yaml), and the guide's
`QuestionsFile` and `StringsFile` (guide/). The safety files' models live in
her2bot.safety_content. The JSON Schema published in content/schema/ is generated from these
models (`python -m her2bot.authoring.schema`), so editors get completion and checks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from jinja2 import Environment, Template
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from her2bot.vocabulary import Level, Reader, Situation

# Ids travel inside callback data (64 bytes in all), so they stay short and plain.
ID_PATTERN = r"^[a-z][a-z0-9_]{0,23}$"
MAX_BUTTON_LABEL = 32

# Who a figure is about. The controlled list is check.yaml's `populations` (editors may extend
# it); the loader refuses a population that is not on it. `any`: not about a group of people.
Population = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
SourceKind = Literal["patient_education", "regulator", "trial", "guideline", "review", "digest"]
TermKind = Literal["drug", "test", "term"]

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def _as_text(value: object) -> object:
    """YAML reads 2025-12-15 as a date and 2026 as a number: both mean text here."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


Id = Annotated[str, Field(pattern=ID_PATTERN)]
Text = Annotated[str, BeforeValidator(_stripped), Field(min_length=1)]
# YYYY-MM-DD, or YYYY-MM when only the month is known (YYYY when only the year is).
PartialDate = Annotated[
    str, BeforeValidator(_as_text), Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
]
Month = Annotated[str, BeforeValidator(_as_text), Field(pattern=r"^\d{4}-\d{2}$")]


def first_day(value: str) -> date:
    """The first day a partial date (2025, 2025-12, 2025-12-15) can mean."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def month_name(value: str) -> str:
    """'2026-12' -> 'December 2026'."""
    year, month = value.split("-")[:2]
    return f"{_MONTHS[int(month) - 1]} {year}"


class Model(BaseModel):
    """Unknown keys are errors (a typo must not pass silently); loaded content never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- sources.yaml ---------------------------------------------------------------------------


class Figure(Model):
    value: Annotated[str, Field(pattern=r"^\d+(\.\d+)?( in \d+)?$")]
    what: Text
    population: Population = "any"
    tags: tuple[Literal["survival"], ...] = ()
    trial: str | None = None
    quote: Annotated[str, Field(max_length=200)] | None = None

    @property
    def survival(self) -> bool:
        return "survival" in self.tags


class Source(Model):
    id: Annotated[str, Field(pattern=r"^s\d{3}$")]
    title: Text
    publisher: Text
    date: PartialDate
    url: str | None = None
    file: str | None = None
    kind: SourceKind
    secondary: bool = False
    note: str = ""
    primary_studies: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def figure_values(self) -> frozenset[str]:
        """Every figure this source supports, exactly as a reader may see it written."""
        return frozenset(f.value for f in self.figures)

    @model_validator(mode="after")
    def _url_or_file(self) -> Source:
        if not self.url and not self.file:
            raise ValueError("url: required unless `file` is given")
        return self


class SourcesFile(Model):
    sources: tuple[Source, ...] = Field(min_length=1)
    not_figures: tuple[str, ...] = ()


# --- topics/*.yaml --------------------------------------------------------------------------


class LevelText(Model):
    in_short: Text
    body: Text
    what_you_can_do: Text


class Levels(Model):
    simple: LevelText
    standard: LevelText
    detailed: LevelText

    def __getitem__(self, level: Level) -> LevelText:
        text: LevelText = getattr(self, level.value)
        return text


class TopicFile(Model):
    id: Id
    title: Text
    button: Annotated[str, Field(min_length=1, max_length=MAX_BUTTON_LABEL)]
    summary: Text
    order: int = 100
    in_menu: bool = True
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(min_length=1)
    glossary: tuple[str, ...] = ()
    population: Population = "metastatic_her2_positive"
    last_reviewed: date
    review_status: str
    as_of: Month | None = None
    changes: str = ""
    # When set, the topic holds figures some people would rather not see unasked:
    # the text here is shown first, with a button to go on.
    gate: Annotated[str, BeforeValidator(_stripped)] | None = None
    levels: Levels


class Topic(TopicFile):
    # The file it came from, as errors name it; set by the loader, not written in YAML.
    file: SkipJsonSchema[str] = ""

    @property
    def as_of_text(self) -> str | None:
        return month_name(self.as_of) if self.as_of else None


# --- glossary.yaml --------------------------------------------------------------------------


class GlossaryTerm(Model):
    id: Id
    term: Text
    kind: TermKind
    aliases: tuple[str, ...] = ()
    meaning: Text
    sources: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


class GlossaryFile(Model):
    terms: tuple[GlossaryTerm, ...] = Field(min_length=1)


# --- ui.yaml --------------------------------------------------------------------------------


class UiFile(Model):
    menu: tuple[str, ...] = Field(min_length=1)
    # The command list Telegram shows when a user types "/": name -> description.
    commands: dict[str, Text]
    review_statuses: dict[str, Text]
    strings: dict[str, Text]


# --- check.yaml -----------------------------------------------------------------------------


class ParagraphMaxWords(Model):
    simple: int = 60
    standard: int = 80
    detailed: int = 90

    def __getitem__(self, level: Level) -> int:
        words: int = getattr(self, level.value)
        return words


class CheckFile(Model):
    """What `her2bot content check` holds the content to; editors may tune it."""

    max_review_age_months: int = Field(default=12, ge=1)
    max_source_age_months: int = Field(default=36, ge=1)
    populations: tuple[Population, ...] = ()
    optin_topic: str = "outlook"
    symptom_topics: tuple[str, ...] = ()
    paragraph_max_words: ParagraphMaxWords = ParagraphMaxWords()


# --- guide/questions.yaml and guide/strings.yaml --------------------------------------------

QuestionText = str | dict[Reader, str]


class Question(Model):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
    situations: tuple[Situation, ...] = Field(min_length=1)
    readers: tuple[Reader, ...] = ()  # empty: every reader
    levels: tuple[Level, ...] = ()  # empty: every level
    text: dict[Level, QuestionText]


class QuestionGroup(Model):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
    title: Text
    sources: tuple[str, ...] = Field(min_length=1)
    questions: list[Question]


class QuestionsFile(Model):
    groups: tuple[QuestionGroup, ...] = Field(min_length=1)


class ButtonLabel(Model):
    button: Text


class SituationWords(ButtonLabel):
    label: Text


class ReaderWords(ButtonLabel):
    who: Text


class Receptors(Model):
    title: Text
    note: Text
    corner: Text
    columns: tuple[Text, ...] = Field(min_length=1)
    rows: tuple[Text, ...] = Field(min_length=1)


class StringsFile(Model):
    situations: dict[Situation, SituationWords]
    readers: dict[Reader, ReaderWords]
    buttons: dict[str, Text]
    share: dict[str, Text]
    pdf: dict[str, Text]
    receptors: Receptors
    chat: dict[str, Text]
    bring: tuple[Text, ...] = Field(min_length=1)


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


# --- the loaded library ---------------------------------------------------------------------

TopicPart = Literal["in_short", "body", "what_you_can_do"]
TOPIC_PARTS: tuple[TopicPart, ...] = ("in_short", "body", "what_you_can_do")


@dataclass(frozen=True, eq=False)
class Content:
    """content/ as loaded: validated models, and every template compiled once in one
    Jinja2 environment (`env`)."""

    topics: dict[str, Topic]
    glossary: dict[str, GlossaryTerm]
    sources: dict[str, Source]
    ui: dict[str, str]
    review_statuses: dict[str, str]
    menu: tuple[str, ...]
    # (command, description) pairs registered with Telegram's setMyCommands.
    commands: tuple[tuple[str, str], ...]
    not_figures: tuple[str, ...]
    check: CheckFile
    env: Environment
    ui_templates: Mapping[str, Template]
    # (topic id, level, part) -> the compiled part of that level.
    topic_templates: Mapping[tuple[str, Level, TopicPart], Template]
    directory: Path = field(default=Path("."))

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics.get(topic_id)
