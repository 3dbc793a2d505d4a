"""Find phrases in what people type: normalised and typo-tolerant (rapidfuzz compares words).

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

from rapidfuzz import process
from rapidfuzz.distance import OSA

# Apostrophes people type, all read as one (then dropped: "can't" and "cant" are one word).
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
# Sentence and clause ends: a phrase never spans them, and neither does a negation.
_CLAUSE_BREAK = re.compile(r"[.!?;:\n\r]+|,|\s[-–—]\s|\bbut\b")
_WORD = re.compile(r"[^\W_]+")
# "sooo" is "soo" (and the word lists are read the same way); digits stay: "999" is a number.
_RUNS = re.compile(r"([^\W\d_])\1{2,}")
# Accents, once text is decomposed (NFKD): "fiévre" is read as "fievre".
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
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
    # Worked out from rewrites: the words a rewrite can start with, and its longest key.
    rewrite_starts: frozenset[str] = field(init=False)
    longest_rewrite: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rewrite_starts", frozenset(k[0] for k in self.rewrites))
        object.__setattr__(self, "longest_rewrite", max(map(len, self.rewrites), default=0))

    @classmethod
    def from_lists(
        cls,
        rewrites: Mapping[str, str],
        known_words: Iterable[str] = (),
        negators: Iterable[str] = (),
        negation_fillers: Iterable[str] = (),
        negation_breakers: Iterable[str] = (),
    ) -> Vocabulary:
        """Build from synonyms.yaml's lists; raises ValueError naming the rewrite that is wrong."""
        table: dict[tuple[str, ...], tuple[str, ...]] = {}
        for typed, meant in rewrites.items():
            key = tuple(_WORD.findall(normalise(typed)))
            value = tuple(_WORD.findall(normalise(meant)))
            if not key or not value:
                raise ValueError(f"rewrites: '{typed}: {meant}' needs words on both sides")
            table[key] = value

        def words(items: Iterable[str]) -> frozenset[str]:
            return frozenset(normalise(item) for item in items)

        return cls(
            rewrites=table,
            known_words=words(known_words),
            negators=words(negators),
            negation_fillers=words(negation_fillers),
            negation_breakers=words(negation_breakers),
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
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text.replace("'", "")


def clauses(text: str, vocabulary: Vocabulary) -> list[tuple[str, ...]]:
    """The text as clauses of normalised words, long letter runs shortened, rewrites applied."""
    text = _RUNS.sub(r"\1\1", _DECIMAL.sub(r"\1 \2", normalise(text)))
    result = []
    for part in _CLAUSE_BREAK.split(text):
        words = _WORD.findall(part)
        if words:
            result.append(_rewrite(words, vocabulary))
    return result


def _rewrite(words: list[str], vocabulary: Vocabulary) -> tuple[str, ...]:
    rewrites, starts = vocabulary.rewrites, vocabulary.rewrite_starts
    if starts.isdisjoint(words):
        return tuple(words)
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in starts:
            for size in range(min(vocabulary.longest_rewrite, len(words) - i), 0, -1):
                replacement = rewrites.get(tuple(words[i : i + size]))
                if replacement is not None:
                    out.extend(replacement)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


# --- one word -----------------------------------------------------------------------------
def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters counts as one), capped at
    limit + 1. rapidfuzz computes it in C: about 40 times faster than the Python it replaced."""
    return int(OSA.distance(a, b, score_cutoff=limit))


def allowed_slips(word: str) -> int:
    if len(word) < 4 or any(ch.isdigit() for ch in word):
        # Short words and terms with digits are spelt exactly: "her" is not "her2".
        return 0
    return 1 if len(word) < 8 else 2


def _same_start(token: str, word: str) -> bool:
    # People rarely mistype the first letter; asking for it keeps "never" from being "fever".
    # A swap of the first two letters ("cehst") is still a typo of the same word.
    return token[:1] == word[:1] or token[:2] == word[1::-1]


class Lexicon:
    """Every word the compiled phrases look for, indexed by first letter, so each word of a
    message is compared only with the few it could be a typo of. What one word matches is
    remembered (bounded), so a message costs little more than reading it.

    A word of a message matches a phrase word ("atom") exactly (the same word, or a word that
    starts with a ``bleed*`` stem) or with a typo (see allowed_slips); the phrase lists never see
    the difference except through ``Phrase.find_all(..., typos=...)``."""

    CACHE_SIZE = 50_000

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._words: set[str] = set()
        self._stems: dict[str, list[str]] = {}  # first letter -> stems ("bleed")
        # (first letter or swapped first two, length of a typo) -> words that allow slips
        self._fuzzy_words: dict[tuple[str, int], list[str]] = {}
        self._slips: dict[str, int] = {}
        self._cache: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._longest = 0

    def compile(self, texts: Iterable[str]) -> tuple[Phrase, ...]:
        """Compile phrases and index their words (done once, at start-up)."""
        phrases = tuple(Phrase.compile(text, self.vocabulary) for text in texts)
        for phrase in phrases:
            for slot in phrase.slots:
                for option in slot.options:
                    for atom in option:
                        self._add(atom)
        self._cache.clear()
        return phrases

    def _add(self, atom: str) -> None:
        if atom.endswith("*"):
            stem = atom[:-1]
            stems = self._stems.setdefault(stem[:1], [])
            if stem not in stems:
                stems.append(stem)
        elif atom not in self._words:
            self._words.add(atom)
            slips = allowed_slips(atom)
            if slips:
                # Filed by first letter, and by first two letters swapped ("cehst": "chest"),
                # under every length a typo of it can have.
                self._slips[atom] = slips
                for size in range(len(atom) - slips, len(atom) + slips + 1):
                    for start in (atom[:1], atom[1::-1]):
                        self._fuzzy_words.setdefault((start, size), []).append(atom)
                self._longest = max(self._longest, len(atom))

    def atoms(self, token: str) -> tuple[frozenset[str], frozenset[str]]:
        """The phrase words a token matches: (exactly, allowing typos)."""
        found = self._cache.get(token)
        if found is None:
            found = self._match(token)
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.clear()  # rare; simpler than an LRU and just as bounded
            self._cache[token] = found
        return found

    def _match(self, token: str) -> tuple[frozenset[str], frozenset[str]]:
        exact = {token} if token in self._words else set()
        stems = self._stems.get(token[:1], ())
        exact.update(stem + "*" for stem in stems if token.startswith(stem))
        if (
            len(token) < 3 or len(token) > self._longest + 2
            or token in self.vocabulary.known_words or not token.isalpha()
        ):
            # Short words, digits and real words are taken as typed: "her" is not "her2".
            return frozenset(exact), frozenset(exact)
        fuzzy = set(exact)
        candidates = self._fuzzy_words.get((token[:1], len(token)), [])
        if token[0] != token[1]:
            candidates = candidates + self._fuzzy_words.get((token[:2], len(token)), [])
            stems = [*stems, *self._stems.get(token[1:2], ())]
        if candidates:
            # One call into rapidfuzz compares the token with every candidate, in C.
            for word, distance, _ in process.extract_iter(
                token, candidates, scorer=OSA.distance, score_cutoff=2
            ):
                if distance <= self._slips[word]:
                    fuzzy.add(word)
        for stem in stems:
            if len(stem) >= MIN_FUZZY_STEM and _stem_typo(token, stem):
                fuzzy.add(stem + "*")
        return frozenset(exact), frozenset(fuzzy)

    def forget(self) -> None:
        """Drop what was remembered about single words (benchmarks measure a cold start)."""
        self._cache.clear()

    def read(self, text: str) -> Reading:
        """A message as clauses of words, each with the phrase words it matches."""
        parts = []
        for words in clauses(text, self.vocabulary):
            parts.append(Clause.build(words, [self.atoms(word) for word in words]))
        return Reading.build(tuple(parts))


def _stem_typo(token: str, stem: str) -> bool:
    # A stem under 5 letters starts too many words to guess at typos ("care" in "carers" is not
    # "cure*"): such words are spelt out as alternatives instead.
    if len(stem) < MIN_FUZZY_STEM or not _same_start(token, stem):
        return False
    slips = 1 if len(stem) < 8 else 2
    # A typo inside the stem: compare the stem with the token's start of similar length.
    return any(
        OSA.distance(token[:size], stem, score_cutoff=slips) <= slips
        for size in range(max(len(stem) - slips, 4), len(stem) + slips + 1)
        if size <= len(token)
    )


@dataclass(frozen=True)
class Clause:
    """One clause of a message: its words, and per word the phrase words it matches."""

    words: tuple[str, ...]
    exact: tuple[frozenset[str], ...]
    fuzzy: tuple[frozenset[str], ...]

    exact_at: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    fuzzy_at: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    exact_present: frozenset[str] = frozenset()
    fuzzy_present: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls, words: tuple[str, ...], matched: list[tuple[frozenset[str], frozenset[str]]]
    ) -> Clause:
        exact = tuple(m[0] for m in matched)
        fuzzy = tuple(m[1] for m in matched)
        exact_at, fuzzy_at = _positions(exact), _positions(fuzzy)
        return cls(words, exact, fuzzy, exact_at, fuzzy_at,
                   frozenset(exact_at), frozenset(fuzzy_at))

    def atoms(self, typos: bool) -> tuple[frozenset[str], ...]:
        return self.fuzzy if typos else self.exact

    def positions(self, typos: bool) -> Mapping[str, tuple[int, ...]]:
        """Where each phrase word stands: a phrase is tried only where its first word is."""
        return self.fuzzy_at if typos else self.exact_at


def _positions(atoms: tuple[frozenset[str], ...]) -> dict[str, tuple[int, ...]]:
    where: dict[str, list[int]] = {}
    for at, found in enumerate(atoms):
        for atom in found:
            where.setdefault(atom, []).append(at)
    return {atom: tuple(ats) for atom, ats in where.items()}


@dataclass(frozen=True)
class Reading:
    clauses: tuple[Clause, ...]
    # Which clauses hold each phrase word, exactly and with typos: a phrase is looked for only
    # in clauses that hold its first word (a long text has many clauses, most phrases none).
    exact_in: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    fuzzy_in: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, clauses: tuple[Clause, ...]) -> Reading:
        exact: dict[str, list[int]] = {}
        fuzzy: dict[str, list[int]] = {}
        for index, clause in enumerate(clauses):
            for atom in clause.exact_present:
                exact.setdefault(atom, []).append(index)
            for atom in clause.fuzzy_present:
                fuzzy.setdefault(atom, []).append(index)
        return cls(
            clauses,
            {atom: tuple(at) for atom, at in exact.items()},
            {atom: tuple(at) for atom, at in fuzzy.items()},
        )

    def present(self, typos: bool) -> frozenset[str]:
        """Every phrase word found anywhere: a phrase missing one of its words is skipped."""
        return frozenset(self.fuzzy_in if typos else self.exact_in)

    def clauses_for(self, phrases: Iterable[Phrase], typos: bool = True) -> list[Clause]:
        """The clauses where any of these phrases could start, in order."""
        where = self.fuzzy_in if typos else self.exact_in
        found: set[int] = set()
        for phrase in phrases:
            for word in phrase.firsts[0]:
                found.update(where.get(word, ()))
        return [self.clauses[index] for index in sorted(found)]

    def has(self, phrase: Phrase, typos: bool = True) -> bool:
        return any(phrase.find(clause, typos) for clause in self.clauses_for((phrase,), typos))


@dataclass(frozen=True)
class Slot:
    """One place in a phrase: alternatives, each one or more words (a word may be ``bleed*``)."""

    options: tuple[tuple[str, ...], ...]

    @property
    def firsts(self) -> frozenset[str]:
        return frozenset(option[0] for option in self.options)

    def ends(self, atoms: tuple[frozenset[str], ...], at: int) -> list[int]:
        """Where each alternative that fits at ``at`` ends."""
        found = []
        for option in self.options:
            end = at + len(option)
            if end <= len(atoms) and all(
                word in atoms[at + k] for k, word in enumerate(option)
            ):
                found.append(end)
        return found


# --- a phrase -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Phrase:
    """A compiled phrase: slots, each with the gap allowed before it."""

    text: str
    slots: tuple[Slot, ...]
    gaps: tuple[int, ...]  # gaps[i]: how many other words may stand before slots[i] (0 for i=0)
    firsts: tuple[frozenset[str], ...] = ()  # per slot, the first words of its alternatives

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
        return cls(text, tuple(slots), tuple(gaps), tuple(s.firsts for s in slots))

    def possible(self, present: frozenset[str]) -> bool:
        """False when some slot's words are nowhere in the message: no need to look further."""
        return all(not first.isdisjoint(present) for first in self.firsts)

    def find(self, clause: Clause, typos: bool = True) -> tuple[int, int] | None:
        """(start, end) of the first place the phrase occurs in a clause, or None."""
        return next(self.find_all(clause, typos), None)

    def find_all(self, clause: Clause, typos: bool = True) -> Iterator[tuple[int, int]]:
        """(start, end) of each place the phrase starts in a clause (typos False: exact)."""
        # Most phrases miss most clauses: a set test rules them out before any walking.
        if not self.possible(clause.fuzzy_present if typos else clause.exact_present):
            return
        atoms = clause.atoms(typos)
        where = clause.positions(typos)
        starts = sorted({at for word in self.firsts[0] for at in where.get(word, ())})
        for start in starts:
            for end in self.slots[0].ends(atoms, start):
                last = self._rest(atoms, end, 1)
                if last is not None:
                    yield start, last
                    break

    def _rest(self, atoms: tuple[frozenset[str], ...], position: int, slot: int) -> int | None:
        if slot == len(self.slots):
            return position
        for at in range(position, min(position + self.gaps[slot], len(atoms)) + 1):
            for end in self.slots[slot].ends(atoms, at):
                last = self._rest(atoms, end, slot + 1)
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
        items.extend(Slot(((word,),)) for word in _rewrite(plain, vocabulary))
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
        return (*_rewrite(words[:-1], vocabulary), words[-1] + "*")
    return _rewrite(words, vocabulary)



