"""Find phrases in what people type: normalised, typo-tolerant, with no heavy dependencies.

Shared by the urgent-symptom check (safety.py) and free-text matching (freetext.py). The
phrases themselves live in content/safety/; this module only knows how to look for them.

A phrase is written in plain words, with three small extras a reviewer can read:
  ``bleed*``        any word starting with "bleed" (bleeds, bleeding)
  ``(her|his|my)``  any one of these words
  ``...``           up to three other words in between ("pain ... chest": "pain in my chest")
Every word is compared with tolerance for typos: one slip in a word of 4-7 letters, two in a
longer one; words of 3 letters or fewer must be spelt exactly, and so must a word start of
fewer than 5 letters (write ``(pain|pains|painful)``, not ``pain*``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

# Apostrophes people type, all read as one (then dropped: "can't" and "cant" are one word).
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
# Sentence and clause ends: a phrase never spans them, and neither does a negation.
_CLAUSE_BREAK = re.compile(r"[.!?;:\n\r]+|,|\s[-–—]\s|\bbut\b")
_WORD = re.compile(r"[^\W_]+")
_RUNS = re.compile(r"(.)\1{2,}")
# "38.5" and "38,5" are one number, not the end of a sentence: read as the words "38 5".
_DECIMAL = re.compile(r"(\d)[.,](\d)")

GAP = "..."
MIN_FUZZY_STEM = 5
MAX_GAP = 3


@dataclass(frozen=True)
class Vocabulary:
    """Rules shared by every phrase list, from content/safety/synonyms.yaml."""

    # Multi-word spellings read as one canonical form: "can not" -> "cant", "unable to" -> "cant".
    rewrites: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    # Real words that look like typos of words we look for ("never" is not "fever").
    known_words: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    negation_fillers: frozenset[str] = frozenset()
    negation_breakers: frozenset[str] = frozenset()

    @classmethod
    def from_mapping(cls, doc: Mapping[str, object]) -> Vocabulary:
        """Build from synonyms.yaml; raises ValueError naming the field that is wrong."""
        rewrites_doc = doc.get("rewrites") or {}
        if not isinstance(rewrites_doc, Mapping):
            raise ValueError("rewrites: expected a mapping")
        rewrites: dict[tuple[str, ...], tuple[str, ...]] = {}
        for typed, meant in rewrites_doc.items():
            key = tuple(_WORD.findall(normalise(str(typed))))
            value = tuple(_WORD.findall(normalise(str(meant))))
            if not key or not value:
                raise ValueError(f"rewrites: '{typed}: {meant}' needs words on both sides")
            rewrites[key] = value

        def words(name: str) -> frozenset[str]:
            items = doc.get(name) or []
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                # YAML reads a bare no/yes/on/off as true or false: quote such words.
                raise ValueError(f"{name}: expected a list of words (quote no, yes, on, off)")
            return frozenset(normalise(str(item)) for item in items)

        return cls(
            rewrites=rewrites,
            known_words=words("known_words"),
            negators=words("negators"),
            negation_fillers=words("negation_fillers"),
            negation_breakers=words("negation_breakers"),
        )

    def is_negated(self, words: tuple[str, ...], start: int) -> bool:
        """Whether a negator stands right before words[start] ("no fever", "not having a fever")."""
        at = start - 1
        fillers = 0
        while at >= 0 and words[at] in self.negation_fillers and fillers < 3:
            at -= 1
            fillers += 1
        return at >= 0 and words[at] in self.negators


def normalise(text: str) -> str:
    """Lower case, plain letters (no accents), one kind of apostrophe, then dropped."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return text.replace("'", "")


def clauses(text: str, vocabulary: Vocabulary) -> list[tuple[str, ...]]:
    """The text as clauses of normalised words, long letter runs shortened, rewrites applied."""
    result = []
    for part in _CLAUSE_BREAK.split(_DECIMAL.sub(r"\1 \2", normalise(text))):
        words = [_RUNS.sub(r"\1\1", w) for w in _WORD.findall(part)]
        if words:
            result.append(_rewrite(words, vocabulary.rewrites))
    return result


def _rewrite(
    words: list[str], rewrites: Mapping[tuple[str, ...], tuple[str, ...]]
) -> tuple[str, ...]:
    if not rewrites:
        return tuple(words)
    longest = max(len(k) for k in rewrites)
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            replacement = rewrites.get(tuple(words[i : i + size]))
            if replacement is not None:
                out.extend(replacement)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


# --- one word -----------------------------------------------------------------------------
def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters counts as one), capped."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_slips(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


@dataclass(frozen=True)
class Slot:
    """One place in a phrase: alternatives, each one or more words (a word may be ``bleed*``)."""

    options: tuple[tuple[str, ...], ...]

    def ends(
        self, words: tuple[str, ...], at: int, known_words: frozenset[str] | None
    ) -> list[int]:
        """Where each alternative that fits at ``at`` ends (known_words None: no typos)."""
        found = []
        for option in self.options:
            end = at + len(option)
            if end > len(words):
                continue
            if len(option) == 1:  # most options are one word: no generator needed
                if _word_matches(words[at], option[0], known_words):
                    found.append(end)
            elif all(
                _word_matches(token, word, known_words)
                for token, word in zip(words[at:end], option, strict=True)
            ):
                found.append(end)
        return found


@lru_cache(maxsize=65536)
def _word_matches(token: str, option: str, known_words: frozenset[str] | None) -> bool:
    if option.endswith("*"):
        stem = option[:-1]
        if token.startswith(stem):
            return True
        # A stem under 5 letters starts too many words to guess at typos ("care" in
        # "carers" is not "cure*"): such words are spelt out as alternatives instead.
        if known_words is None or token in known_words or len(stem) < MIN_FUZZY_STEM:
            return False
        slips = allowed_slips(stem)
        if not _same_start(token, stem):
            return False
        # A typo inside the stem: compare the stem with the token's start of similar length.
        return any(
            edit_distance(token[:size], stem, slips) <= slips
            for size in range(max(len(stem) - slips, 4), len(stem) + slips + 1)
            if size <= len(token)
        )
    if token == option:
        return True
    if known_words is None or token in known_words:
        return False
    slips = allowed_slips(option)
    if slips == 0 or not _same_start(token, option):
        return False
    return edit_distance(token, option, slips) <= slips


def _same_start(token: str, word: str) -> bool:
    # People rarely mistype the first letter; asking for it keeps "never" from being "fever".
    # A swap of the first two letters ("cehst") is still a typo of the same word.
    return token[:1] == word[:1] or token[:2] == word[1::-1]


# --- a phrase -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Phrase:
    """A compiled phrase: slots, each with the gap allowed before it."""

    text: str
    slots: tuple[Slot, ...]
    gaps: tuple[int, ...]  # gaps[i]: how many other words may stand before slots[i] (0 for i=0)

    @classmethod
    def compile(cls, text: str, vocabulary: Vocabulary) -> Phrase:
        slots: list[Slot] = []
        gaps: list[int] = []
        gap = 0
        for item in _phrase_items(text, vocabulary):
            if item is None:
                if not slots:
                    raise ValueError(f"phrase '{text}': cannot start with '{GAP}'")
                gap = MAX_GAP
                continue
            slots.append(item)
            gaps.append(gap)
            gap = 0
        if not slots or gap:
            raise ValueError(f"phrase '{text}': needs words, and cannot end with '{GAP}'")
        return cls(text=text, slots=tuple(slots), gaps=tuple(gaps))

    def find(
        self, words: tuple[str, ...], known_words: frozenset[str] | None
    ) -> tuple[int, int] | None:
        """(start, end) of the first place the phrase occurs in a clause's words, or None."""
        return next(self.find_all(words, known_words), None)

    def find_all(
        self, words: tuple[str, ...], known_words: frozenset[str] | None
    ) -> Iterator[tuple[int, int]]:
        """(start, end) of each place the phrase starts in a clause's words.

        known_words: real words never taken for a typo; None compares words exactly."""
        for start in range(len(words)):
            for end in self.slots[0].ends(words, start, known_words):
                last = self._rest(words, end, 1, known_words)
                if last is not None:
                    yield start, last
                    break

    def _rest(
        self, words: tuple[str, ...], position: int, slot: int,
        known_words: frozenset[str] | None,
    ) -> int | None:
        if slot == len(self.slots):
            return position
        for at in range(position, min(position + self.gaps[slot], len(words)) + 1):
            for end in self.slots[slot].ends(words, at, known_words):
                last = self._rest(words, end, slot + 1, known_words)
                if last is not None:
                    return last
        return None


_PHRASE_PART = re.compile(r"\([^()]*\)\*?|\.\.\.|[^\s().]+(?:\.[^\s().]+)*\*?")


def _phrase_items(text: str, vocabulary: Vocabulary) -> list[Slot | None]:
    """A phrase as slots and gaps (None), written like the text it meets: words pass through
    the same rewrites ("can not" -> "cant")."""
    items: list[Slot | None] = []
    plain: list[str] = []

    def flush() -> None:
        items.extend(Slot(((word,),)) for word in _rewrite(plain, vocabulary.rewrites))
        plain.clear()

    normalised = normalise(text)
    leftover = _PHRASE_PART.sub(" ", normalised).strip()
    if leftover:
        raise ValueError(f"phrase '{text}': cannot read '{leftover}'")
    for raw in _PHRASE_PART.findall(normalised):
        if raw == GAP:
            flush()
            items.append(None)
        elif raw.startswith("("):
            flush()
            if not raw.endswith(")"):
                raise ValueError(f"phrase '{text}': '*' after ')' is not supported")
            options = tuple(_option(part, text, vocabulary) for part in raw[1:-1].split("|"))
            items.append(Slot(options))
        elif raw.endswith("*"):
            flush()
            items.append(Slot((_option(raw, text, vocabulary),)))
        else:
            plain.extend(_words(raw, text))
    flush()
    return items


def _words(raw: str, phrase: str) -> list[str]:
    found = [_RUNS.sub(r"\1\1", w) for w in _WORD.findall(raw)]
    if not found:
        raise ValueError(f"phrase '{phrase}': empty word or option")
    return found


def _option(raw: str, phrase: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """One alternative: its words, rewritten like text; a final ``*`` keeps its meaning."""
    star = raw.endswith("*")
    words = _words(raw, phrase)
    if star:
        return (*_rewrite(words[:-1], vocabulary.rewrites), words[-1] + "*")
    return _rewrite(words, vocabulary.rewrites)


def compile_all(texts: Iterable[str], vocabulary: Vocabulary) -> tuple[Phrase, ...]:
    return tuple(Phrase.compile(text, vocabulary) for text in texts)
