"""Typed questions -> the topics and word-list entries that answer them.

Free text never produces advice: it only ever leads to content that already exists (topics and
the word list), or, for a question about one person's own care, to a kind reply that the care
team is the one to ask. The words that lead to each topic live in content/safety/search.yaml,
the patterns of personal questions in content/safety/personal.yaml, and each word-list entry is
found by its term and aliases from content/glossary.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from her2bot.content import ContentError
from her2bot.content.models import GlossaryTerm, Topic
from her2bot.phrases import Phrase, Reading, normalise
from her2bot.safety_content import LanguagesFile, SafetyContent

_BRACKETS = re.compile(r"[()\[\]]")
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
MAX_TOPICS = 3
MAX_TERMS = 2
# A typed word-list term outweighs a topic keyword of the same length: "what is enhertu"
# should open the entry for Enhertu first, with the treatment topic next to it.
TERM_BONUS = 0.5
TYPO_DISCOUNT = 0.9
# The language notes' own id for letters that are not Latin at all.
OTHER_SCRIPT = "other"


@dataclass(frozen=True)
class Answer:
    """What a typed message leads to. Empty topics and terms: nothing recognised."""

    personal: bool
    topics: tuple[str, ...]  # topic ids, best first
    terms: tuple[str, ...]  # glossary term ids, best first
    definition: bool = False  # "what is ...": the word list answers first
    intent: str | None = None  # small talk or a feeling (smalltalk.yaml), when one applies
    language: str | None = None  # another language (languages.yaml id, or OTHER_SCRIPT)

    @property
    def found(self) -> bool:
        return bool(self.topics or self.terms)


@dataclass(frozen=True)
class Weighted:
    phrase: Phrase
    weight: float


@dataclass(frozen=True)
class IntentPhrases:
    id: str
    phrases: tuple[Phrase, ...]
    alone: bool


class FreeText:
    def __init__(
        self,
        content: SafetyContent,
        glossary: Mapping[str, GlossaryTerm] | None = None,
        topics: Mapping[str, Topic] | Iterable[str] | None = None,
    ) -> None:
        """With topics, only those can be found (the search list may name topics the content
        does not have yet), and their menu labels lead to them."""
        self.vocabulary = content.vocabulary
        self.lexicon = content.lexicon
        search = content.search
        wanted = set(topics) if topics is not None else None
        labels = {t.id: t.button for t in topics.values()} if isinstance(topics, Mapping) else {}
        self.topic_phrases: dict[str, tuple[Weighted, ...]] = {}
        for topic_id, entry in search.topics.items():
            if wanted is not None and topic_id not in wanted:
                continue
            where = f"topics.{topic_id}"
            asks = self._compile("safety/search.yaml", f"{where}.asks", entry.asks)
            if topic_id in labels:
                asks += self._compile(f"{topic_id}.yaml", "button", [labels[topic_id]])
            mentions = self._compile("safety/search.yaml", f"{where}.mentions", entry.mentions)
            self.topic_phrases[topic_id] = tuple(
                [Weighted(p, 1.0) for p in asks]
                + [Weighted(p, search.mention_weight) for p in mentions]
            )
        self.term_phrases: dict[str, tuple[Weighted, ...]] = {}
        for term in (glossary or {}).values():
            # Terms are written for readers ("Trastuzumab deruxtecan (T-DXd)"): the words
            # before and inside a bracket are searched as separate names.
            names = [
                part.strip()
                for name in (term.term, *term.aliases)
                for part in _BRACKETS.split(name)
                if any(ch.isalnum() for ch in part)
            ]
            self.term_phrases[term.id] = tuple(
                Weighted(p, 1.0)
                for p in self._compile("glossary.yaml", f"terms.{term.id}", names)
            )
        self.personal = self._compile("safety/personal.yaml", "phrases", content.personal.phrases)
        self.personal_exceptions = self._compile(
            "personal.yaml", "except", content.personal.except_
        )
        self.definition = self._compile("safety/search.yaml", "definition", search.definition)
        self.intents = tuple(
            IntentPhrases(
                intent.id,
                self._compile("safety/smalltalk.yaml", f"intents.{intent.id}", intent.phrases),
                intent.alone,
            )
            for intent in content.smalltalk.intents
        )
        self.intent_topics = {i.id: tuple(i.topics) for i in content.smalltalk.intents}
        self.wordless = content.smalltalk.wordless
        self.languages = _language_words(content.languages)

    @classmethod
    def load(
        cls,
        content_dir: Path,
        glossary: Mapping[str, GlossaryTerm] | None = None,
        topics: Mapping[str, Topic] | Iterable[str] | None = None,
    ) -> FreeText:
        return cls(SafetyContent(content_dir), glossary, topics)

    def _compile(self, file: str, field: str, texts: Iterable[str]) -> tuple[Phrase, ...]:
        """file: as errors name it ("safety/search.yaml", "glossary.yaml", "brain.yaml")."""
        try:
            return self.lexicon.compile(texts)
        except ValueError as exc:
            raise ContentError(f"{file}: {field}: {exc}") from exc

    def answer(self, text: str) -> Answer:
        language = self._language(text)
        if language is not None:
            return Answer(personal=False, topics=(), terms=(), language=language)
        reading = self.lexicon.read(text)
        if not reading.clauses:
            return Answer(personal=False, topics=(), terms=(), intent=self.wordless)
        exact, fuzzy = reading.present(typos=False), reading.present(typos=True)
        topics = _best(self._scores(reading, exact, fuzzy, self.topic_phrases, 0.0), MAX_TOPICS)
        terms = _best(self._scores(reading, exact, fuzzy, self.term_phrases, TERM_BONUS), MAX_TERMS)
        return Answer(
            personal=self._is_personal(reading, fuzzy),
            topics=topics,
            terms=terms,
            definition=_any_found(self.definition, reading, fuzzy),
            intent=self._intent(reading, fuzzy, found=bool(topics or terms)),
        )

    def _language(self, text: str) -> str | None:
        if not text.isascii():
            letters = len(_LETTER.findall(text))
            if letters and len(_LATIN.findall(text)) * 2 < letters:
                return OTHER_SCRIPT
        words = _WORD.findall(normalise(text))
        for language_id, known in self.languages.items():
            hits = sum(word in known for word in words)
            if hits >= 2 and hits * 3 >= len(words):
                return language_id
        return None

    def _intent(self, reading: Reading, present: frozenset[str], *, found: bool) -> str | None:
        for intent in self.intents:
            if intent.alone and found:
                continue
            if _any_found(intent.phrases, reading, present):
                return intent.id
        return None

    def _is_personal(self, reading: Reading, present: frozenset[str]) -> bool:
        phrases = [p for p in self.personal if p.possible(present)]
        for clause in reading.clauses_for(phrases):
            excepted = [
                s for p in self.personal_exceptions for s in p.find_all(clause, typos=False)
            ]
            for phrase in phrases:
                for start, end in phrase.find_all(clause):
                    if not any(start < e_end and e_start < end for e_start, e_end in excepted):
                        return True
        return False

    def _scores(
        self,
        reading: Reading,
        exact: frozenset[str],
        fuzzy: frozenset[str],
        index: Mapping[str, tuple[Weighted, ...]],
        bonus: float,
    ) -> dict[str, float]:
        """Per id: the summed, weighted length of the phrases found (longer ones say more)."""
        scores: dict[str, float] = {}
        for key, phrases in index.items():
            score = 0.0
            best_mention = 0.0
            for item in phrases:
                if not item.phrase.possible(fuzzy):
                    continue
                value = (len(item.phrase.slots) + bonus) * item.weight
                if not (item.phrase.possible(exact) and _found(item.phrase, reading, False)):
                    if not _found(item.phrase, reading, True):
                        continue
                    # Found only by allowing a typo: for "metastatic", the entry "Metastatic"
                    # ranks before "Metastasis".
                    value *= TYPO_DISCOUNT
                if item.weight < 1:
                    # Mentions overlap ("her2", "her2 positive"): only the best counts.
                    best_mention = max(best_mention, value)
                else:
                    score += value
            score += best_mention
            if score:
                scores[key] = score
        return scores


def _found(phrase: Phrase, reading: Reading, typos: bool) -> bool:
    return reading.has(phrase, typos)


def _any_found(phrases: Iterable[Phrase], reading: Reading, present: frozenset[str]) -> bool:
    return any(p.possible(present) and _found(p, reading, True) for p in phrases)


def _language_words(doc: LanguagesFile) -> dict[str, frozenset[str]]:
    return {lang.id: frozenset(normalise(w) for w in lang.words) for lang in doc.languages}


def _best(scores: Mapping[str, float], limit: int) -> tuple[str, ...]:
    # Ties keep the order of the content file: the first topic listed wins.
    ranked = sorted(scores, key=lambda key: -scores[key])
    return tuple(ranked[:limit])
