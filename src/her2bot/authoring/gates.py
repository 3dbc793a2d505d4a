"""The format-v2 gates of `her2bot content check` (issue 10), as pure functions.

currency          last_reviewed and source ages; "as of <Month YYYY>" beside every drug
figures           every number traces to a figure of a cited source for the right population
survival          survival figures only in the opt-in topic; never two trials' in one sentence
pemat             In short (1-3 sentences), What you can do ("• " lines), Detailed headers,
                  paragraph lengths
help card         symptom topics lead to get_help, which is in the menu

Texts are checked as the reader sees them, with one difference: `cite()` leaves a marker, so
each sentence knows the source (and population) it cites. See content/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from her2bot.content.models import CheckFile, Figure, GlossaryTerm, Source, Topic, first_day
from her2bot.telegram_html import to_plain_text
from her2bot.vocabulary import Level

GET_HELP = "get_help"
_CITE = re.compile(r"⟦cite ([^\s⟧]+)(?: ([^\s⟧]+))?⟧")
# Sentence ends for tracing: a colon ends a clause, a line ends a bullet.
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
# Sentence ends for counting the In short: only full stops, question and exclamation marks.
_FULL_STOP = re.compile(r"(?<=[.!?])[\"”’)]*\s+")
# A number as a reader sees it: "57", "22.7", and "1 in 3" (a frequency with its denominator).
# Digits glued to letters ("HER2", "T-DM1", "PAM50") are names, not numbers.
# "as of December 2026" dates the content itself (the topic's as_of), not a finding to trace.
_AS_OF = re.compile(
    r"\bas of (?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{4}\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?:\s+in\s+(\d+))?(?![\w])")


def marking_cite(source_id: str, population: str | None = None) -> Markup:
    """The `cite` the check renders with: a marker the tracer reads, invisible otherwise."""
    return Markup(f"⟦cite {source_id}{' ' + population if population else ''}⟧")


def strip_marks(text: str) -> str:
    return _CITE.sub("", text)


def months_between(earlier: date, later: date) -> int:
    """Whole months from earlier to later (negative when earlier is after later)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


# --- figures: every number traced, per population ------------------------------------------


@dataclass(frozen=True)
class Number:
    """One number in one sentence, and every figure it can be."""

    value: str
    sentence: str
    sources: tuple[str, ...]  # what it was checked against
    population: str | None  # None: any population (glossary meanings)
    candidates: tuple[tuple[Source, Figure], ...]

    @property
    def survival(self) -> bool:
        """A survival figure: every figure it can be is tagged `survival`."""
        return bool(self.candidates) and all(f.survival for _, f in self.candidates)

    @property
    def trial(self) -> str | None:
        trials = {f.trial for _, f in self.candidates if f.survival}
        return trials.pop() if len(trials) == 1 and None not in trials else None


def strip_not_figures(text: str, not_figures: Iterable[str]) -> str:
    """Blank out names and labels that contain digits but are not figures (see sources.yaml)."""
    for phrase in sorted(not_figures, key=len, reverse=True):
        pattern = rf"(?<![\w]){re.escape(phrase)}(?![\w])"
        text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return text


def figures_in(text: str, not_figures: Iterable[str]) -> list[str]:
    """Every figure a reader sees in plain text, normalised as sources.yaml records them.

    "37 in 100" and "37%" are both the figure "37"; "1 in 3" stays "1 in 3"; the topic's own
    "as of <Month YYYY>" is not a figure.
    """
    found = []
    for match in _NUMBER.finditer(strip_not_figures(_AS_OF.sub(" ", text), not_figures)):
        value, denominator = match.group(1), match.group(2)
        found.append(value if denominator in (None, "100") else f"{value} in {denominator}")
    return found


def trace(
    marked_html: str,
    sources: Mapping[str, Source],
    default_sources: Sequence[str],
    population: str | None,
    not_figures: Iterable[str],
) -> tuple[list[Number], list[str]]:
    """Every number of a text (rendered with marking_cite) with the figures it can be; and
    problems with the cites themselves. A sentence without cite inherits the last cite of its
    paragraph; with none, it is checked against default_sources for `population`."""
    numbers: list[Number] = []
    problems: list[str] = []
    for paragraph in to_plain_text(marked_html).split("\n\n"):
        scope: tuple[tuple[str, ...], str | None] = (tuple(default_sources), population)
        for sentence in (s.strip() for s in _SENTENCE_END.split(paragraph)):
            if not sentence:
                continue
            cites = _CITE.findall(sentence)
            if cites:
                for source_id, _ in cites:
                    if source_id not in sources:
                        problems.append(f"cite('{source_id}'): no such source in sources.yaml")
                    elif source_id not in default_sources:
                        problems.append(
                            f"cite('{source_id}'): list {source_id} in the topic's sources too"
                        )
                scope = (
                    tuple(s for s, _ in cites if s in sources),
                    cites[-1][1] or population,
                )
            cited, wanted = scope
            plain = strip_marks(sentence)
            for value in figures_in(plain, not_figures):
                candidates = tuple(
                    (sources[s], f) for s in cited for f in sources[s].figures
                    if f.value == value
                    and (wanted is None or f.population in (wanted, "any"))
                )
                numbers.append(Number(value, plain, cited, wanted, candidates))
    return numbers, problems


def number_problems(numbers: Sequence[Number], *, survival_allowed: bool) -> list[str]:
    problems = []
    for number in numbers:
        if not number.candidates:
            who = f" for population {number.population}" if number.population else ""
            problems.append(
                f"figure '{number.value}' is not a figure of {', '.join(number.sources) or 'no'}"
                f" source{who} (in: \"{_short(number.sentence)}\")"
            )
        elif number.survival and not survival_allowed:
            problems.append(
                f"survival figure '{number.value}' outside the opt-in topic: move it there and "
                f"link to it (in: \"{_short(number.sentence)}\")"
            )
    by_sentence: dict[str, set[str]] = {}
    for number in numbers:
        if number.trial:
            by_sentence.setdefault(number.sentence, set()).add(number.trial)
    for sentence, trials in by_sentence.items():
        if len(trials) > 1:
            problems.append(
                f"survival figures of different trials ({', '.join(sorted(trials))}) side by "
                f"side in one sentence: \"{_short(sentence)}\""
            )
    return problems


def _short(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


# --- currency -------------------------------------------------------------------------------


def currency_problems(
    topic: Topic, sources: Mapping[str, Source], check: CheckFile, today: date
) -> list[str]:
    problems = []
    age = months_between(topic.last_reviewed, today)
    if age > check.max_review_age_months:
        problems.append(
            f"last_reviewed {topic.last_reviewed.isoformat()} is {age} months ago, more than "
            f"{check.max_review_age_months}: review the topic again"
        )
    ages = {s: months_between(first_day(sources[s].date), today) for s in topic.sources}
    old = [s for s, months in ages.items() if months > check.max_source_age_months]
    if old and len(old) == len(ages):
        problems.append(
            f"every source it cites is older than {check.max_source_age_months} months "
            f"({', '.join(f'{s}: {sources[s].date}' for s in old)}): cite a newer one beside them"
        )
    return problems


def drug_names(glossary: Mapping[str, GlossaryTerm]) -> tuple[str, ...]:
    return tuple(n for t in glossary.values() if t.kind == "drug" for n in t.names)


def names_a_drug(text: str, names: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(
        re.search(rf"(?<![\w-]){re.escape(n.lower())}(?![\w-])", lowered) for n in names
    )


def as_of_problems(topic: Topic, level: Level, body_plain: str, drugs: Sequence[str]) -> list[str]:
    """With as_of: "as of <Month YYYY>" in each body paragraph naming a drug (once at Simple)."""
    if not topic.as_of_text:
        return []
    phrase = f"as of {topic.as_of_text}".lower()
    if level is Level.SIMPLE:
        return [] if phrase in body_plain.lower() else [
            f"body: say 'as of {topic.as_of_text}' once (write as of {{{{ as_of }}}})"
        ]
    return [
        f"body paragraph {number} names a drug but not 'as of {topic.as_of_text}' "
        "(write as of {{ as_of }})"
        for number, paragraph in enumerate(body_plain.split("\n\n"), start=1)
        if names_a_drug(paragraph, drugs) and phrase not in paragraph.lower()
    ]


# --- PEMAT structure ------------------------------------------------------------------------


def pemat_problems(
    level: Level, in_short: str, body_html: str, actions: str, max_words: int
) -> list[str]:
    """in_short, actions: plain text; body_html: the rendered body (headers are <b>)."""
    problems = []
    count = len([s for s in _FULL_STOP.split(in_short.strip()) if s.strip()])
    if not 1 <= count <= 3:
        problems.append(f"in_short: {count} sentences; write 1 to 3")
    if not any(line.strip().startswith("• ") for line in actions.splitlines()):
        problems.append("what_you_can_do: needs at least one line starting with '• '")
    if level is Level.DETAILED and "<b>" not in body_html:
        problems.append("body: Detailed needs at least one <b>header</b>")
    for number, paragraph in enumerate(to_plain_text(body_html).split("\n\n"), start=1):
        words = max(len(chunk.split()) for chunk in chunks(paragraph))
        if words > max_words:
            problems.append(
                f"body paragraph {number}: {words} words, more than {max_words}: split it"
            )
    return problems


def chunks(paragraph: str) -> list[str]:
    """A paragraph's reading chunks: its prose, and each "• " item of a list on its own."""
    prose = [line for line in paragraph.split("\n") if not line.lstrip().startswith("• ")]
    items = [line for line in paragraph.split("\n") if line.lstrip().startswith("• ")]
    return [" ".join(prose), *items]


# --- the help card --------------------------------------------------------------------------


def help_card_problems(
    topics: Mapping[str, Topic], menu: Sequence[str], check: CheckFile
) -> list[tuple[str, str]]:
    """(where, problem) pairs."""
    problems = []
    if GET_HELP not in topics:
        problems.append(("topics", f"no '{GET_HELP}' topic (the 'Get help now' card)"))
    elif GET_HELP not in menu:
        problems.append(("ui.yaml: menu", f"'{GET_HELP}' must be in the menu"))
    for topic_id in check.symptom_topics:
        topic = topics.get(topic_id)
        if topic is None:
            problems.append(("check.yaml: symptom_topics", f"no topic '{topic_id}'"))
        elif GET_HELP not in topic.related:
            problems.append((f"topics/{topic.file} ({topic_id}), related",
                             f"a symptom topic must list {GET_HELP}"))
    return problems


def population_problems(
    sources: Mapping[str, Source], topics: Mapping[str, Topic], check: CheckFile
) -> list[tuple[str, str]]:
    if not check.populations:
        return []
    allowed = set(check.populations)
    problems = []
    for source in sources.values():
        for index, figure in enumerate(source.figures):
            if figure.population not in allowed:
                problems.append((f"sources.yaml: sources[{source.id}].figures[{index}]",
                                 f"population '{figure.population}' is not in check.yaml"))
    for topic in topics.values():
        if topic.population not in allowed:
            problems.append((f"topics/{topic.file} ({topic.id})",
                             f"population '{topic.population}' is not in check.yaml"))
    return problems
