"""content/safety/*.yaml as validated models, each file read once.

The safety net (safety.py), free-text matching (freetext.py) and the typed-message screens
(typed_pages.py) all start from one SafetyContent, built by her2bot.library.load_library with
the rest of content/ (its files read by the same reader, its templates compiled in the same
Jinja2 environment). Errors name the file and the field, in one
line, like every other content error, so `her2bot content check` and start-up stop on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar

from jinja2 import Environment, Template, TemplateError
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from her2bot.config import DEFAULT_EMERGENCY_NUMBER
from her2bot.content.errors import ContentError
from her2bot.content.loader import read_model
from her2bot.content.templating import compile_text, make_environment
from her2bot.phrases import Lexicon, Vocabulary
from her2bot.telegram_html import HtmlError, to_plain_text

AlertKindName = Literal["medical", "overdose", "self_harm", "self_harm_other"]
# Replies the code asks for by name; any other key in replies.yaml is an error (a typo).
REPLY_KEYS = (
    "urgent", "overdose", "self_harm", "self_harm_other",
    "personal", "found", "not_found", "slow_down",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _phrase_list(items: list[str]) -> list[str]:
    if any(not item.strip() for item in items):
        raise ValueError("empty phrase")
    return items


class Synonyms(_Model):
    """synonyms.yaml: how typing is read (see phrases.Vocabulary)."""

    rewrites: dict[str, str] = {}
    known_words: list[str] = []
    negators: list[str] = []
    negation_fillers: list[str] = []
    negation_breakers: list[str] = []

    def vocabulary(self) -> Vocabulary:
        return Vocabulary.from_lists(
            self.rewrites, self.known_words, self.negators,
            self.negation_fillers, self.negation_breakers,
        )


class Fever(_Model):
    """How a temperature typed as a number is judged."""

    # Decided by the content reviewer, not the code: 38.0 °C (100.4 °F) by default.
    threshold_celsius: float = Field(ge=37.0, le=39.5)
    # Words that make a bare number a temperature ("temp 38.2"); a unit (°, C, F) does too.
    words: list[str] = Field(min_length=1)


class UrgentCategory(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: AlertKindName
    says: str = Field(min_length=3, max_length=120)  # the first, bold line of the reply
    negatable: bool = False
    phrases: list[str] = Field(min_length=1)
    except_: list[str] = Field(default=[], alias="except")

    _check_phrases = field_validator("phrases", "except_")(_phrase_list)

    @model_validator(mode="after")
    def _never_cancel_thoughts_of_self_harm(self) -> UrgentCategory:
        # "I don't want to live" holds a negation: it must never cancel a crisis reply.
        if self.kind.startswith("self_harm") and self.negatable:
            raise ValueError("negatable: never for self_harm")
        return self


class UrgentFile(_Model):
    fever: Fever
    categories: list[UrgentCategory] = Field(min_length=1)


class CrisisLine(_Model):
    region: str = Field(min_length=1)
    how: str = Field(min_length=1)


class CrisisLinesFile(_Model):
    lines: list[CrisisLine] = Field(min_length=1)


class PersonalFile(_Model):
    phrases: list[str] = Field(min_length=1)
    except_: list[str] = Field(default=[], alias="except")


class SearchTopic(_Model):
    asks: list[str] = Field(min_length=1)
    mentions: list[str] = []


class SearchFile(_Model):
    mention_weight: float = Field(default=0.5, gt=0, le=1)
    definition: list[str] = []
    topics: dict[str, SearchTopic] = Field(min_length=1)


class Intent(_Model):
    """Small talk and feelings: a short human reply, then the right next step."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    phrases: list[str] = []
    # alone: only when nothing else was recognised ("hi, what is her2" opens HER2).
    alone: bool = False
    reply: str = Field(min_length=1)
    topics: list[str] = []  # offered first; ids the content does not have are left out
    guide: bool = False  # offer the question guide too


class SmallTalkFile(_Model):
    wordless: str  # the intent for a message with no words (emoji only)
    intents: list[Intent] = Field(min_length=1)

    @model_validator(mode="after")
    def _wordless_is_an_intent(self) -> SmallTalkFile:
        if self.wordless not in {i.id for i in self.intents}:
            raise ValueError(f"wordless: no intent '{self.wordless}'")
        return self


class Language(_Model):
    id: str
    words: list[str] = Field(min_length=5)  # common words of that language, not English ones
    note: str = Field(min_length=1)


class LanguagesFile(_Model):
    languages: list[Language] = []
    other_script_note: str = Field(min_length=1)  # letters that are not Latin at all


_M = TypeVar("_M", bound=BaseModel)


def _read(folder: Path, name: str, model: type[_M]) -> _M:
    return read_model(folder / name, model, f"safety/{name}")


class SafetyContent:
    """Every file of content/safety/, validated; replies compiled as Jinja2 templates."""

    def __init__(self, content_dir: Path, env: Environment | None = None) -> None:
        """env: the content's one Jinja2 environment (load_library passes it)."""
        env = env or make_environment(content_dir / "templates")
        folder = content_dir / "safety"
        self.synonyms = _read(folder, "synonyms.yaml", Synonyms)
        try:
            self.vocabulary = self.synonyms.vocabulary()
        except ValueError as exc:
            raise ContentError(f"safety/synonyms.yaml: {exc}") from exc
        # One index of phrase words for the safety net and free text alike, so each word of a
        # message is compared with them once (see phrases.Lexicon).
        self.lexicon = Lexicon(self.vocabulary)
        self.urgent = _read(folder, "urgent.yaml", UrgentFile)
        self.crisis_lines = _read(folder, "crisis_lines.yaml", CrisisLinesFile).lines
        self.personal = _read(folder, "personal.yaml", PersonalFile)
        self.search = _read(folder, "search.yaml", SearchFile)
        self.smalltalk = _read(folder, "smalltalk.yaml", SmallTalkFile)
        self.languages = _read(folder, "languages.yaml", LanguagesFile)
        self.replies = _templates(folder / "replies.yaml", env)
        self.intent_replies: dict[str, Template] = {}
        for intent in self.smalltalk.intents:
            field = f"intents.{intent.id}.reply"
            try:
                template = compile_text(env, intent.reply)
                check_html(template.render(emergency_number=DEFAULT_EMERGENCY_NUMBER),
                           "smalltalk.yaml", field)
            except TemplateError as exc:
                raise ContentError(f"safety/smalltalk.yaml: {field}: {exc}") from exc
            self.intent_replies[intent.id] = template
        self.intents = {intent.id: intent for intent in self.smalltalk.intents}
        self.language_notes = {lang.id: lang.note for lang in self.languages.languages}
        for language_id, note in self.language_notes.items():
            check_html(note, "languages.yaml", f"languages.{language_id}.note")
        check_html(self.languages.other_script_note, "languages.yaml", "other_script_note")

    def text(self, key: str, **values: object) -> str:
        """A reply from replies.yaml (personal, found, not_found, slow_down)."""
        return self.replies[key].render(**values).strip()

    def intent_reply(self, intent_id: str, emergency_number: str) -> str:
        return self.intent_replies[intent_id].render(
            emergency_number=emergency_number.strip() or DEFAULT_EMERGENCY_NUMBER
        ).strip()


def check_html(text: str, file: str, field: str) -> None:
    try:
        to_plain_text(text)
    except HtmlError as exc:
        raise ContentError(f"safety/{file}: {field}: not valid Telegram HTML: {exc}") from exc


class _RepliesFile(_Model):
    model_config = ConfigDict(extra="allow", frozen=True, strict=True)


def _templates(path: Path, env: Environment) -> dict[str, Template]:
    doc = _read(path.parent, path.name, _RepliesFile).model_extra or {}
    replies: dict[str, Template] = {}
    for key, text in doc.items():
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"safety/{path.name}: {key}: expected non-empty text")
        if key not in REPLY_KEYS:
            raise ContentError(f"safety/{path.name}: {key}: not a reply the bot gives")
        try:
            replies[key] = compile_text(env, text)
        except TemplateError as exc:
            raise ContentError(f"safety/{path.name}: {key}: template error: {exc}") from exc
    missing = sorted(set(REPLY_KEYS) - replies.keys())
    if missing:
        raise ContentError(f"safety/{path.name}: missing: {', '.join(missing)}")
    return replies
