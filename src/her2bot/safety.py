"""The urgent-symptom safety net: every typed message is checked here before anything else.

The symptoms, the replies and the crisis lines are content (content/safety/); this module
only finds them. It would rather raise a false alarm than miss an emergency: typos are
tolerated, and a negation ("no fever") is trusted only when nothing in the message suggests
things changed, and never for thoughts of self-harm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Template, TemplateError
from markupsafe import Markup

from her2bot.config import DEFAULT_EMERGENCY_NUMBER
from her2bot.content.loader import ContentError
from her2bot.content.templating import make_environment
from her2bot.phrases import Phrase, Vocabulary, clauses, compile_all
from her2bot.telegram_html import HtmlError, to_plain_text


class AlertKind(StrEnum):
    MEDICAL = "medical"
    SELF_HARM = "self_harm"


# Which reply in replies.yaml each kind of alert gets.
_REPLY_KEYS = {AlertKind.MEDICAL: "urgent", AlertKind.SELF_HARM: "self_harm"}
# Every reply the bot asks replies.yaml for: a missing one fails at start-up.
REPLY_KEYS = (
    "urgent", "self_harm", "personal", "found", "not_found", "slow_down",
)


@dataclass(frozen=True)
class Alert:
    """What the check found: the kind of reply to give, and which categories matched."""

    kind: AlertKind
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    id: str
    kind: AlertKind
    negatable: bool
    phrases: tuple[Phrase, ...]
    exceptions: tuple[Phrase, ...]


@dataclass(frozen=True)
class CrisisLine:
    region: str
    how: str


class SafetyNet:
    """Urgent categories plus the replies they call for."""

    def __init__(
        self,
        categories: tuple[Category, ...],
        vocabulary: Vocabulary,
        replies: Mapping[str, Template],
        crisis_lines: tuple[CrisisLine, ...],
    ) -> None:
        self.categories = categories
        self.vocabulary = vocabulary
        self._replies = replies
        self.crisis_lines = crisis_lines

    @classmethod
    def load(cls, content_dir: Path) -> SafetyNet:
        folder = content_dir / "safety"
        vocabulary = load_vocabulary(folder)
        categories = _load_categories(folder / "urgent.yaml", vocabulary)
        crisis_lines = _load_crisis_lines(folder / "crisis_lines.yaml")
        replies = load_replies(folder / "replies.yaml", content_dir, REPLY_KEYS)
        net = cls(categories, vocabulary, replies, crisis_lines)
        # Render every reply for both readers so a broken one fails at start-up, not in a chat.
        for caregiver in (False, True):
            for kind in AlertKind:
                text = net.reply(Alert(kind, ()), DEFAULT_EMERGENCY_NUMBER, caregiver=caregiver)
                _check_html(text, "replies.yaml", _REPLY_KEYS[kind])
            for key in REPLY_KEYS:
                if key not in _REPLY_KEYS.values():
                    try:
                        text = net.text(key, caregiver=caregiver, has_topics=True)
                    except TemplateError as exc:
                        raise ContentError(f"safety/replies.yaml: {key}: {exc}") from exc
                    _check_html(text, "replies.yaml", key)
        return net

    def check(self, text: str) -> Alert | None:
        """The alert a message calls for, or None when nothing urgent was found."""
        parts = clauses(text, self.vocabulary)
        # A hint that things changed ("no fever yesterday, but now...") disables every negation.
        trust_negation = not any(
            word in self.vocabulary.negation_breakers for part in parts for word in part
        )
        found = [
            category for category in self.categories
            if any(self._hit(category, words, trust_negation) for words in parts)
        ]
        if not found:
            return None
        kind = (
            AlertKind.SELF_HARM
            if any(c.kind is AlertKind.SELF_HARM for c in found)
            else AlertKind.MEDICAL
        )
        return Alert(kind, tuple(c.id for c in found))

    def _hit(self, category: Category, words: tuple[str, ...], trust_negation: bool) -> bool:
        known = self.vocabulary.known_words
        # Exceptions are compared exactly: a typo must never turn "chills" into "chilly".
        excepted = [
            span for phrase in category.exceptions for span in phrase.find_all(words, None)
        ]
        for phrase in category.phrases:
            for start, end in phrase.find_all(words, known):
                if any(start < e_end and e_start < end for e_start, e_end in excepted):
                    continue
                if (
                    category.negatable and trust_negation
                    and self.vocabulary.is_negated(words, start)
                ):
                    continue
                return True
        return False

    def text(self, key: str, **values: object) -> str:
        """Another reply from replies.yaml (personal, found, not_found, slow_down, ...)."""
        return self._replies[key].render(**values).strip()

    def reply(self, alert: Alert, emergency_number: str, *, caregiver: bool = False) -> str:
        """The reply as Telegram HTML (the menu follows it, sent by the handler)."""
        template = self._replies[_REPLY_KEYS[alert.kind]]
        return template.render(
            emergency_number=emergency_number.strip() or DEFAULT_EMERGENCY_NUMBER,
            # Crisis lines are reviewed content with their own markup (a bold number, a link).
            crisis_lines=[
                {"region": line.region, "how": Markup(line.how)} for line in self.crisis_lines
            ],
            caregiver=caregiver,
        ).strip()


# --- loading -------------------------------------------------------------------------------
def read_yaml(path: Path) -> Mapping[str, Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"safety/{path.name}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"safety/{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(doc, Mapping):
        raise ContentError(f"safety/{path.name}: expected a mapping at the top")
    return doc


def load_vocabulary(folder: Path) -> Vocabulary:
    path = folder / "synonyms.yaml"
    try:
        return Vocabulary.from_mapping(read_yaml(path))
    except ValueError as exc:
        if isinstance(exc, ContentError):
            raise
        raise ContentError(f"safety/{path.name}: {exc}") from exc


def compile_phrases(
    items: object, vocabulary: Vocabulary, path: Path, field: str
) -> tuple[Phrase, ...]:
    # Phrases also come from the word list and topic labels: name the file they came from.
    file = f"safety/{path.name}" if path.parent.name == "safety" else path.name
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ContentError(f"{file}: {field}: expected a list of phrases")
    try:
        return compile_all((str(i) for i in items), vocabulary)
    except ValueError as exc:
        raise ContentError(f"{file}: {field}: {exc}") from exc


def load_replies(
    path: Path, content_dir: Path, required: tuple[str, ...]
) -> dict[str, Template]:
    doc = read_yaml(path)
    env = make_environment(content_dir / "templates")
    replies: dict[str, Template] = {}
    for key, text in doc.items():
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"safety/{path.name}: {key}: expected non-empty text")
        try:
            replies[str(key)] = env.from_string(text)
        except TemplateError as exc:
            raise ContentError(f"safety/{path.name}: {key}: template error: {exc}") from exc
    missing = sorted(set(required) - replies.keys())
    if missing:
        raise ContentError(f"safety/{path.name}: missing: {', '.join(missing)}")
    return replies


def _load_categories(path: Path, vocabulary: Vocabulary) -> tuple[Category, ...]:
    doc = read_yaml(path)
    items = doc.get("categories")
    if not isinstance(items, list) or not items:
        raise ContentError(f"safety/{path.name}: categories: expected a list")
    categories = []
    for index, item in enumerate(items):
        where = f"categories[{index}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            raise ContentError(f"safety/{path.name}: {where}: expected a mapping with an id")
        where = f"categories[{item['id']}]"
        try:
            kind = AlertKind(str(item.get("kind")))
        except ValueError as exc:
            raise ContentError(
                f"safety/{path.name}: {where}.kind: one of {[k.value for k in AlertKind]}"
            ) from exc
        negatable = item.get("negatable", False)
        if not isinstance(negatable, bool):
            raise ContentError(f"safety/{path.name}: {where}.negatable: expected true or false")
        if kind is AlertKind.SELF_HARM and negatable:
            # "I don't want to live" is a negation: it must never cancel a crisis reply.
            raise ContentError(f"safety/{path.name}: {where}.negatable: never for self_harm")
        phrases = compile_phrases(item.get("phrases"), vocabulary, path, f"{where}.phrases")
        if not phrases:
            raise ContentError(f"safety/{path.name}: {where}.phrases: empty")
        exceptions = compile_phrases(
            item.get("except") or [], vocabulary, path, f"{where}.except"
        )
        if kind is AlertKind.SELF_HARM and exceptions:
            raise ContentError(f"safety/{path.name}: {where}.except: never for self_harm")
        categories.append(Category(item["id"], kind, negatable, phrases, exceptions))
    return tuple(categories)


def _load_crisis_lines(path: Path) -> tuple[CrisisLine, ...]:
    doc = read_yaml(path)
    items = doc.get("lines")
    if not isinstance(items, list) or not items:
        raise ContentError(f"safety/{path.name}: lines: expected a non-empty list")
    lines = []
    for index, item in enumerate(items):
        where = f"lines[{index}]"
        if not isinstance(item, Mapping):
            raise ContentError(f"safety/{path.name}: {where}: expected a mapping")
        region, how = item.get("region"), item.get("how")
        if not isinstance(region, str) or not isinstance(how, str) or not how.strip():
            raise ContentError(f"safety/{path.name}: {where}: needs region and how")
        _check_html(how, path.name, f"{where}.how")
        lines.append(CrisisLine(region.strip(), how.strip()))
    return tuple(lines)


def _check_html(text: str, file: str, field: str) -> None:
    try:
        to_plain_text(text)
    except HtmlError as exc:
        raise ContentError(f"safety/{file}: {field}: not valid Telegram HTML: {exc}") from exc
