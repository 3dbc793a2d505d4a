"""The urgent-symptom safety net: every typed message is checked here before anything else.

The symptoms, the replies and the crisis lines are content (content/safety/); this module
only finds them. It would rather raise a false alarm than miss an emergency: typos are
tolerated, temperatures are read as numbers in any unit, and a negation ("no fever") is trusted
only when nothing in the message suggests things changed, and never for thoughts of self-harm.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from jinja2 import Template
from markupsafe import Markup

from her2bot.config import DEFAULT_EMERGENCY_NUMBER, DEFAULT_POISON_CONTROL_NUMBER
from her2bot.content import ContentError
from her2bot.phrases import Phrase, Reading
from her2bot.safety_content import CrisisLine, SafetyContent, UrgentCategory, check_html
from her2bot.temperature import FeverRule


class AlertKind(StrEnum):
    # In order of precedence: the first kind found decides the reply.
    SELF_HARM = "self_harm"  # the writer's own thoughts of suicide, self-harm or despair
    SELF_HARM_OTHER = "self_harm_other"  # someone else's ("she says she wants to die")
    OVERDOSE = "overdose"  # too much of a medicine: poison control first
    MEDICAL = "medical"


# Which reply in replies.yaml each kind gets ("urgent" is the medical one).
_REPLY_KEYS = {
    AlertKind.SELF_HARM: "self_harm",
    AlertKind.SELF_HARM_OTHER: "self_harm_other",
    AlertKind.OVERDOSE: "overdose",
    AlertKind.MEDICAL: "urgent",
}
# The category a temperature over the threshold counts as, whatever the words around it.
FEVER = "fever"


@dataclass(frozen=True)
class Alert:
    """What the check found: the kind of reply, the categories, and the reply's first line."""

    kind: AlertKind
    categories: tuple[str, ...]
    says: str = ""


@dataclass(frozen=True)
class Category:
    id: str
    kind: AlertKind
    says: str
    negatable: bool
    phrases: tuple[Phrase, ...]
    exceptions: tuple[Phrase, ...]


class SafetyNet:
    """Urgent categories plus the replies they call for."""

    def __init__(self, content: SafetyContent) -> None:
        self.vocabulary = content.vocabulary
        self.lexicon = content.lexicon
        self.fever = FeverRule.build(
            content.urgent.fever.threshold_celsius, content.urgent.fever.words
        )
        self.categories = tuple(self._category(c) for c in content.urgent.categories)
        self._by_id = {c.id: c for c in self.categories}
        if FEVER not in self._by_id:
            raise ContentError(f"safety/urgent.yaml: categories: needs one with id {FEVER}")
        self.crisis_lines = content.crisis_lines
        for index, line in enumerate(self.crisis_lines):
            check_html(line.how, "crisis_lines.yaml", f"lines.{index}.how")
        self._replies = {kind: content.replies[_REPLY_KEYS[kind]] for kind in AlertKind}
        self._check_replies()

    @classmethod
    def load(cls, content_dir: Path) -> SafetyNet:
        return cls(SafetyContent(content_dir))

    def _category(self, model: UrgentCategory) -> Category:
        where = f"categories[{model.id}]"
        return Category(
            id=model.id,
            kind=AlertKind(model.kind),
            says=model.says,
            negatable=model.negatable,
            phrases=self._compile(model.phrases, f"{where}.phrases"),
            exceptions=self._compile(model.except_, f"{where}.except"),
        )

    def _compile(self, texts: list[str], field: str) -> tuple[Phrase, ...]:
        try:
            return self.lexicon.compile(texts)
        except ValueError as exc:
            raise ContentError(f"safety/urgent.yaml: {field}: {exc}") from exc

    def _check_replies(self) -> None:
        # Render every reply for both readers so a broken one fails at start-up, not in a chat.
        for caregiver in (False, True):
            for kind in AlertKind:
                text = self.reply(
                    Alert(kind, (), "Check."), DEFAULT_EMERGENCY_NUMBER,
                    DEFAULT_POISON_CONTROL_NUMBER, caregiver=caregiver,
                )
                check_html(text, "replies.yaml", kind.value)

    def check(self, text: str) -> Alert | None:
        """The alert a message calls for, or None when nothing urgent was found."""
        reading = self.lexicon.read(text)
        # A hint that things changed ("no fever yesterday, but now...") disables every negation.
        breakers = self.vocabulary.negation_breakers
        trust_negation = not any(
            word in breakers for clause in reading.clauses for word in clause.words
        )
        present = reading.present(typos=True)
        found = [
            category for category in self.categories
            if self._hit(category, reading, present, trust_negation)
        ]
        if self.fever.is_fever(text) and self._by_id[FEVER] not in found:
            found.append(self._by_id[FEVER])
        if not found:
            return None
        first = min(found, key=lambda c: list(AlertKind).index(c.kind))
        return Alert(first.kind, tuple(c.id for c in found), first.says)

    def _hit(
        self, category: Category, reading: Reading, present: frozenset[str],
        trust_negation: bool,
    ) -> bool:
        phrases = [p for p in category.phrases if p.possible(present)]
        if not phrases:
            return False
        for clause in reading.clauses_for(phrases):
            # Exceptions are compared exactly: a typo must never turn "chills" into "chilly".
            excepted = [
                span for phrase in category.exceptions
                for span in phrase.find_all(clause, typos=False)
            ]
            for phrase in phrases:
                for start, end in phrase.find_all(clause):
                    if any(start < e_end and e_start < end for e_start, e_end in excepted):
                        continue
                    if (
                        category.negatable and trust_negation
                        and self.vocabulary.is_negated(clause.words, start)
                    ):
                        continue
                    return True
        return False

    def reply(
        self, alert: Alert, emergency_number: str, poison_control_number: str = "",
        *, caregiver: bool = False,
    ) -> str:
        """The reply as Telegram HTML (the menu follows it, sent by the handler)."""
        template: Template = self._replies[alert.kind]
        return template.render(
            says=alert.says,
            emergency_number=emergency_number.strip() or DEFAULT_EMERGENCY_NUMBER,
            poison_control_number=(
                poison_control_number.strip() or DEFAULT_POISON_CONTROL_NUMBER
            ),
            # Crisis lines are reviewed content with their own markup (a bold number, a link).
            crisis_lines=[_line(line) for line in self.crisis_lines],
            caregiver=caregiver,
        ).strip()


def _line(line: CrisisLine) -> dict[str, object]:
    return {"region": line.region, "how": Markup(line.how)}
