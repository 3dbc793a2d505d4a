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

from her2bot.content.loader import ContentError
from her2bot.content.models import GlossaryTerm, Topic
from her2bot.phrases import Phrase, Vocabulary, clauses
from her2bot.safety import compile_phrases, load_vocabulary, read_yaml

_BRACKETS = re.compile(r"[()\[\]]")
MAX_TOPICS = 3
MAX_TERMS = 2
# A typed word-list term outweighs a topic keyword of the same length: "what is enhertu"
# should open the entry for Enhertu first, with the treatment topic next to it.
TERM_BONUS = 0.5
TYPO_DISCOUNT = 0.9


@dataclass(frozen=True)
class Answer:
    """What a typed message leads to. Empty topics and terms: nothing recognised."""

    personal: bool
    topics: tuple[str, ...]  # topic ids, best first
    terms: tuple[str, ...]  # glossary term ids, best first
    definition: bool = False  # "what is ...": the word list answers first

    @property
    def found(self) -> bool:
        return bool(self.topics or self.terms)


@dataclass(frozen=True)
class Weighted:
    phrase: Phrase
    weight: float


class FreeText:
    def __init__(
        self,
        vocabulary: Vocabulary,
        topic_phrases: Mapping[str, tuple[Weighted, ...]],
        term_phrases: Mapping[str, tuple[Weighted, ...]],
        personal: tuple[Phrase, ...],
        personal_exceptions: tuple[Phrase, ...],
        definition: tuple[Phrase, ...] = (),
    ) -> None:
        self.vocabulary = vocabulary
        self.topic_phrases = dict(topic_phrases)
        self.term_phrases = dict(term_phrases)
        self.personal = personal
        self.personal_exceptions = personal_exceptions
        self.definition = definition

    @classmethod
    def load(
        cls,
        content_dir: Path,
        glossary: Mapping[str, GlossaryTerm] | None = None,
        topics: Mapping[str, Topic] | Iterable[str] | None = None,
    ) -> FreeText:
        """Build from content/safety/. With topics, only those can be found (the search list
        may name topics the content does not have yet), and their menu labels lead to them."""
        folder = content_dir / "safety"
        vocabulary = load_vocabulary(folder)
        search_path = folder / "search.yaml"
        search_doc = read_yaml(search_path)
        search = search_doc.get("topics")
        if not isinstance(search, Mapping) or not search:
            raise ContentError(f"safety/{search_path.name}: topics: expected a mapping")
        mention_weight = search_doc.get("mention_weight", 0.5)
        if not isinstance(mention_weight, int | float) or not 0 < mention_weight <= 1:
            raise ContentError(f"safety/{search_path.name}: mention_weight: a number in (0, 1]")
        wanted = set(topics) if topics is not None else None
        labels = {t.id: t.button for t in topics.values()} if isinstance(topics, Mapping) else {}
        topic_phrases: dict[str, tuple[Weighted, ...]] = {}
        for topic_id, entry in search.items():
            where = f"topics.{topic_id}"
            if not isinstance(entry, Mapping) or not entry.get("asks"):
                raise ContentError(f"safety/{search_path.name}: {where}: needs asks:")
            unknown = sorted(set(entry) - {"asks", "mentions"})
            if unknown:
                raise ContentError(
                    f"safety/{search_path.name}: {where}: unknown {', '.join(map(str, unknown))}"
                )
            if wanted is not None and topic_id not in wanted:
                continue
            asks = compile_phrases(entry["asks"], vocabulary, search_path, f"{where}.asks")
            if topic_id in labels:
                asks += compile_phrases(
                    [labels[topic_id]], vocabulary, Path(f"{topic_id}.yaml"), "button"
                )
            mentions = compile_phrases(
                entry.get("mentions") or [], vocabulary, search_path, f"{where}.mentions"
            )
            topic_phrases[str(topic_id)] = tuple(
                [Weighted(p, 1.0) for p in asks]
                + [Weighted(p, float(mention_weight)) for p in mentions]
            )
        term_phrases = {}
        for term in (glossary or {}).values():
            # Terms are written for readers ("Trastuzumab deruxtecan (T-DXd)"): the words
            # before and inside a bracket are searched as separate names.
            names = [
                part.strip()
                for name in (term.term, *term.aliases)
                for part in _BRACKETS.split(name)
                if any(ch.isalnum() for ch in part)
            ]
            term_phrases[term.id] = tuple(
                Weighted(p, 1.0) for p in compile_phrases(
                    names, vocabulary, Path("glossary.yaml"), f"terms[{term.id}]"
                )
            )
        personal_path = folder / "personal.yaml"
        personal_doc = read_yaml(personal_path)
        personal = compile_phrases(
            personal_doc.get("phrases"), vocabulary, personal_path, "phrases"
        )
        exceptions = compile_phrases(
            personal_doc.get("except") or [], vocabulary, personal_path, "except"
        )
        definition = compile_phrases(
            search_doc.get("definition") or [], vocabulary, search_path, "definition"
        )
        return cls(vocabulary, topic_phrases, term_phrases, personal, exceptions, definition)

    def answer(self, text: str) -> Answer:
        parts = clauses(text, self.vocabulary)
        return Answer(
            personal=self._is_personal(parts),
            topics=_best(self._scores(parts, self.topic_phrases, 0.0), MAX_TOPICS),
            terms=_best(self._scores(parts, self.term_phrases, TERM_BONUS), MAX_TERMS),
            definition=any(
                p.find(words, self.vocabulary.known_words) is not None
                for p in self.definition for words in parts
            ),
        )

    def _is_personal(self, parts: list[tuple[str, ...]]) -> bool:
        known = self.vocabulary.known_words
        for words in parts:
            excepted = [s for p in self.personal_exceptions for s in p.find_all(words, None)]
            for phrase in self.personal:
                for start, end in phrase.find_all(words, known):
                    if not any(start < e_end and e_start < end for e_start, e_end in excepted):
                        return True
        return False

    def _scores(
        self,
        parts: list[tuple[str, ...]],
        index: Mapping[str, tuple[Weighted, ...]],
        bonus: float,
    ) -> dict[str, float]:
        """Per id: the summed, weighted length of the phrases found (longer ones say more)."""
        known = self.vocabulary.known_words
        scores: dict[str, float] = {}
        for key, phrases in index.items():
            score = 0.0
            best_mention = 0.0
            for item in phrases:
                if any(item.phrase.find(words, None) is not None for words in parts):
                    value = (len(item.phrase.slots) + bonus) * item.weight
                elif any(item.phrase.find(words, known) is not None for words in parts):
                    # Found only by allowing a typo: for "metastatic", the entry "Metastatic"
                    # ranks before "Metastasis".
                    value = (len(item.phrase.slots) + bonus) * item.weight * TYPO_DISCOUNT
                else:
                    continue
                if item.weight < 1:
                    # Mentions overlap ("her2", "her2 positive"): only the best counts.
                    best_mention = max(best_mention, value)
                else:
                    score += value
            score += best_mention
            if score:
                scores[key] = score
        return scores


def _best(scores: Mapping[str, float], limit: int) -> tuple[str, ...]:
    # Ties keep the order of the content file: the first topic listed wins.
    ranked = sorted(scores, key=lambda key: -scores[key])
    return tuple(ranked[:limit])
