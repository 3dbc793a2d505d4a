"""`her2bot content check`: the quality gates every change to content/ must pass.

Gates (issue 4): schema (the loader, plus every template rendered for every topic, level and
reader), readability (textstat), traceability of every number to a cited source's figures,
risk communication (whole numbers and "X in 100" in Simple, absolute numbers, a time frame
with every survival figure) and sizes (Telegram's 4096 characters, short button labels).

The pure functions here take text and return problems, so tests can call them directly;
`run_check` applies them to a content folder and prints a report.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

import textstat
from markupsafe import escape

from her2bot.authoring import gates
from her2bot.authoring.gates import figures_in, strip_not_figures
from her2bot.content.loader import ContentError, default_content_dir, load_content
from her2bot.content.models import MAX_BUTTON_LABEL, TOPIC_PARTS, Content, Topic
from her2bot.content.render import Renderer
from her2bot.guide import load_guide_content
from her2bot.telegram_html import MAX_MESSAGE_LENGTH, HtmlError, check_message, to_plain_text
from her2bot.vocabulary import Level, Reader

# Reading-level ceilings from issue 4: (Flesch-Kincaid grade, SMOG); None = unconstrained.
LIMITS: dict[Level, tuple[float | None, float | None]] = {
    Level.SIMPLE: (6.0, 8.0),
    Level.STANDARD: (9.0, None),
    Level.DETAILED: (None, None),
}

_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+")
_PERCENT = re.compile(r"%|\bper\s?cent\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
# Words that make a sentence a statement about survival, which then needs a time frame.
_SURVIVAL = re.compile(r"\b(surviv\w*|alive|lived?|lives|living|life expectancy)\b", re.I)
_TIME_FRAME = re.compile(r"\b(months?|years?|weeks?|decades?)\b", re.I)
# A calendar year ("a 2026 summary") dates a statement; it is not a survival figure.
_CALENDAR_YEAR = re.compile(r"(?<![\w.])(?:19|20)\d\d(?![\w])")
# Relative framings ("twice as likely", "30% lower risk") hide the absolute size of an effect.
_RELATIVE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|percent|per cent)\s+"
    r"(?:more|less|higher|lower|better|worse|fewer|greater)\b"
    r"|\b(?:times|fold)\s+(?:more|less|higher|lower|as)\b"
    r"|\b(?:relative risk|hazard ratio|risk reduction|twice as|half as likely)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    """One failed gate, said so that a writer can find and fix it."""

    where: str  # file and field, e.g. "topics/outlook.yaml (outlook), level simple"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Grade:
    topic: str
    level: Level
    fk: float  # Flesch-Kincaid grade, worst of the patient and caregiver wording
    smog: float
    chars: int  # characters of the patient wording


@dataclass
class Report:
    problems: list[Problem]
    grades: list[Grade]
    figures_traced: int = 0
    distinct_figures: int = 0

    @property
    def passed(self) -> bool:
        return not self.problems


# --- pure functions: text in, findings out -----------------------------------------------


def readability(text: str) -> tuple[float, float]:
    """(Flesch-Kincaid grade, SMOG index) of plain text, as textstat 0.7.8 measures them."""
    return float(textstat.flesch_kincaid_grade(text)), float(textstat.smog_index(text))


def grade_problems(grade: Grade) -> list[str]:
    fk_limit, smog_limit = LIMITS[grade.level]
    problems = []
    if fk_limit is not None and grade.fk > fk_limit:
        problems.append(f"Flesch-Kincaid grade {grade.fk:.1f} is above {fk_limit:g}")
    if smog_limit is not None and grade.smog > smog_limit:
        problems.append(f"SMOG {grade.smog:.1f} is above {smog_limit:g}")
    return problems


def untraced(text: str, allowed: Iterable[str], not_figures: Iterable[str]) -> list[str]:
    allowed_set = set(allowed)
    return sorted({f for f in figures_in(text, not_figures) if f not in allowed_set}, key=_order)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def risk_problems(text: str, level: Level, not_figures: Iterable[str]) -> list[str]:
    """Risk-communication rules: plain whole numbers in Simple, absolute numbers, time frames."""
    problems = []
    without_labels = strip_not_figures(text, not_figures)
    if level is Level.SIMPLE:
        for decimal in sorted(set(_DECIMAL.findall(without_labels))):
            problems.append(f"decimal number '{decimal}' in Simple: use a whole number")
        if _PERCENT.search(without_labels):
            problems.append("a percentage in Simple: say it as 'X in 100'")
    for match in _RELATIVE.finditer(text):
        problems.append(f"relative number '{match.group(0)}': give absolute numbers")
    for sentence in sentences(text):
        plain = _CALENDAR_YEAR.sub(" ", strip_not_figures(sentence, not_figures))
        if figures_in(plain, ()) and _SURVIVAL.search(plain) and not _TIME_FRAME.search(plain):
            problems.append(f"survival figure without a time frame: '{sentence}'")
    return problems


def swallowed_line_breaks(template_text: str) -> list[int]:
    """Line numbers ending in a Jinja tag that would eat the line break after it.

    The environment uses trim_blocks, so "...{% endif %}" at the end of a line joins the next
    line (or paragraph) onto it; "{% endif +%}" keeps the break.
    """
    lines = template_text.rstrip().split("\n")
    return [
        number for number, line in enumerate(lines[:-1], start=1)
        if line.rstrip().endswith("%}") and not line.rstrip().endswith("+%}")
    ]


def mentions(text: str, names: Iterable[str]) -> bool:
    """Whether plain text uses any of the names (a glossary term or alias), plural or not."""
    lowered = text.lower()
    return any(
        re.search(rf"(?<![\w]){re.escape(name.lower())}(?:s|es)?(?![\w])", lowered)
        for name in names
    )


def _order(figure: str) -> tuple[float, str]:
    head = figure.split()[0]
    return float(head), figure


# --- the gates applied to a content folder -----------------------------------------------


def check_sources_file(content: Content) -> list[Problem]:
    """What the schema does not insist on: shared documents' ids match their files and name
    the studies they rely on."""
    problems = []
    for source in content.sources.values():
        where = f"sources.yaml: sources[{source.id}]"
        if source.file and not source.file.startswith(source.id.removeprefix("s") + "_"):
            problems.append(Problem(where, f"id '{source.id}' does not match file '{source.file}'"))
        if source.file and not source.primary_studies:
            problems.append(Problem(where, "primary_studies: list the studies it cites"))
    if not content.not_figures:
        problems.append(Problem("sources.yaml: not_figures", "expected a list (may be short)"))
    return problems


def _topic_where(topic: Topic, level: Level | None = None, field: str = "") -> str:
    where = f"topics/{topic.file} ({topic.id})"
    if level is not None:
        where += f", level {level.value}"
    if field:
        where += f", {field}"
    return where


def _allowed(content: Content, source_ids: Iterable[str]) -> set[str]:
    return {figure for s in source_ids for figure in content.sources[s].figure_values}


def check_topic(
    content: Content, renderer: Renderer, topic: Topic, not_figures: Sequence[str],
    today: date | None = None,
) -> tuple[list[Problem], list[Grade], list[str]]:
    """All gates for one topic; returns problems, grades and the traced figures it shows."""
    problems: list[Problem] = []
    grades: list[Grade] = []
    shown: list[str] = []
    years = {str(content.sources[s].year) for s in topic.sources}
    check = content.check
    optin = topic.id == check.optin_topic
    drugs = gates.drug_names(content.glossary)
    problems += [
        Problem(_topic_where(topic), message)
        for message in gates.currency_problems(
            topic, content.sources, check, today or date.today()
        )
    ]

    for level in Level:
        for part in TOPIC_PARTS:
            for line in swallowed_line_breaks(getattr(topic.levels[level], part)):
                problems.append(Problem(_topic_where(topic, level, part), (
                    f"line {line} ends with a template tag, which swallows the line break "
                    "after it: write '+%}' instead of '%}'"
                )))
        texts: dict[Reader, str] = {}
        for reader in Reader:
            where = _topic_where(topic, level)
            try:
                pages = renderer.topic_pages(topic.id, level, reader)
                for page in pages:
                    check_message(page, MAX_MESSAGE_LENGTH)
            except (ValueError, HtmlError) as exc:  # templates, HTML or a page too long
                problems.append(Problem(f"{where}, reader {reader.value}", str(exc)))
                continue
            texts[reader] = to_plain_text(renderer.topic_text(topic, level, reader))
        if not texts:
            continue
        measured = [readability(text) for text in texts.values()]
        grade = Grade(
            topic=topic.id, level=level,
            fk=max(fk for fk, _ in measured), smog=max(smog for _, smog in measured),
            chars=len(texts.get(Reader.PATIENT, next(iter(texts.values())))),
        )
        grades.append(grade)
        where = _topic_where(topic, level)
        problems += [Problem(where, message) for message in grade_problems(grade)]
        level_messages: list[str] = []
        for reader, text in texts.items():
            marked = "\n\n".join(
                renderer.topic_part(topic, level, reader, part, cite=gates.marking_cite)
                for part in TOPIC_PARTS
            )
            numbers, cite_problems = gates.trace(
                marked, content.sources, topic.sources, topic.population, not_figures
            )
            level_messages += cite_problems
            level_messages += gates.number_problems(numbers, survival_allowed=optin)
            level_messages += risk_problems(text, level, not_figures)
            if reader is Reader.PATIENT:
                shown += [n.value for n in numbers if n.candidates]
            parts = {
                part: renderer.topic_part(topic, level, reader, part) for part in TOPIC_PARTS
            }
            level_messages += gates.pemat_problems(
                level, to_plain_text(parts["in_short"]), parts["body"],
                to_plain_text(parts["what_you_can_do"]), check.paragraph_max_words[level],
            )
            level_messages += gates.as_of_problems(
                topic, level, to_plain_text(parts["body"]), drugs
            )
        problems += [Problem(where, m) for m in dict.fromkeys(level_messages)]
        if level is Level.DETAILED:
            detailed = texts.get(Reader.PATIENT, "")
            if not any(re.search(rf"\b{year}\b", detailed) for year in years):
                problems.append(Problem(where, (
                    "Detailed must date what it says: name the year of at least one cited "
                    f"source ({', '.join(sorted(years))})"
                )))
            simpler_shows = any(
                figures_in(to_plain_text(renderer.topic_text(topic, lvl, Reader.PATIENT)),
                           not_figures)
                for lvl in (Level.SIMPLE, Level.STANDARD)
            )
            if simpler_shows and not figures_in(detailed, not_figures):
                problems.append(Problem(where, "simpler levels show figures but Detailed has none"))

    every_text = " ".join(
        to_plain_text(renderer.topic_text(topic, level, reader))
        for level in Level for reader in Reader
    )
    for term_id in topic.glossary:
        term = content.glossary[term_id]
        if not mentions(every_text, (term.term, *term.aliases)):
            problems.append(Problem(
                _topic_where(topic, field="glossary"),
                f"'{term_id}' is listed but the topic never uses '{term.term}' or its aliases",
            ))

    if topic.gate:
        numbers, cite_problems = gates.trace(
            topic.gate, content.sources, topic.sources, topic.population, not_figures
        )
        problems += [
            Problem(_topic_where(topic, field="gate"), message)
            for message in cite_problems + gates.number_problems(numbers, survival_allowed=optin)
        ]
        shown += [n.value for n in numbers if n.candidates]
    if len(topic.button) > MAX_BUTTON_LABEL:
        problems.append(Problem(_topic_where(topic, field="button"), "label longer than 32"))
    try:
        for page in renderer.sources_pages(topic.id):
            check_message(page)
    except (HtmlError, ValueError) as exc:
        problems.append(Problem(_topic_where(topic, field="sources page"), str(exc)))
    return problems, grades, shown


def check_glossary(
    content: Content, renderer: Renderer, not_figures: Sequence[str]
) -> tuple[list[Problem], list[str]]:
    problems: list[Problem] = []
    shown: list[str] = []
    for term in content.glossary.values():
        where = f"glossary.yaml ({term.id})"

        if not term.sources:
            problems.append(Problem(where, "sources: cite at least one source"))
        numbers, cite_problems = gates.trace(
            term.meaning, content.sources, term.sources, None, not_figures
        )
        problems += [
            Problem(f"{where}, meaning", message)
            for message in cite_problems + gates.number_problems(numbers, survival_allowed=False)
        ]
        shown += [n.value for n in numbers if n.candidates]

        if len(term.term) > MAX_BUTTON_LABEL:
            problems.append(Problem(f"{where}, term", "longer than 32 (it becomes a button)"))
        try:
            check_message(renderer.glossary_text(term))
        except (HtmlError, ValueError) as exc:
            problems.append(Problem(where, str(exc)))
    return problems, shown


def check_buttons(content: Content, renderer: Renderer) -> list[Problem]:
    """UI button labels, rendered with every value they can take."""
    problems = []
    labels = [renderer.ui(f"level_{level.value}") for level in Level]
    labels += [renderer.ui(f"reader_{reader.value}") for reader in Reader]
    for key in sorted(k for k in content.ui if k.endswith("_button")):
        for label in labels:
            text = to_plain_text(renderer.ui(key, label=label))
            if len(text) > MAX_BUTTON_LABEL:
                problems.append(Problem(f"ui.yaml: strings.{key}", f"'{text}' is longer than 32"))
                break
    return problems


def check_guide(content: Content) -> list[Problem]:
    """The doctor discussion guide (guide/): loads with every one of its own checks, its
    questions at each level read as easily as the topics at that level, and any number in them
    traces to the group's sources (survival figures only in the opt-in topic)."""
    try:
        guide = load_guide_content(content=content)
    except ContentError as exc:
        return [Problem("guide", str(exc))]
    problems = []
    for group in guide.groups:
        for question in group.questions:
            for text in dict.fromkeys(question.texts.values()):
                numbers, cite_problems = gates.trace(
                    escape(text), content.sources, group.sources, None, content.not_figures
                )
                problems += [
                    Problem(f"guide/questions.yaml: groups[{group.id}].questions[{question.id}]",
                            message)
                    for message in cite_problems
                    + gates.number_problems(numbers, survival_allowed=False)
                ]
    for level in Level:
        for reader in Reader:
            texts = [
                q.texts[(level, reader)] for g in guide.groups for q in g.questions
                if (level, reader) in q.texts
            ]
            fk, smog = readability(" ".join(texts))
            grade = Grade("guide", level, fk, smog, sum(map(len, texts)))
            problems += [
                Problem(f"guide/questions.yaml, level {level.value}, {reader.value}", message)
                for message in grade_problems(grade)
            ]
    return problems


def check_content(content_dir: Path, today: date | None = None) -> Report:
    """Run every gate over a content folder; `today` dates the currency gate."""
    try:
        content = load_content(content_dir)
        renderer = Renderer(content)
    except ContentError as exc:
        return Report(problems=[Problem("schema", str(exc))], grades=[])
    not_figures = content.not_figures
    problems = check_sources_file(content) + check_guide(content)
    problems += [
        Problem(where, message)
        for where, message in gates.help_card_problems(content.topics, content.menu, content.check)
        + gates.population_problems(content.sources, content.topics, content.check)
    ]
    grades: list[Grade] = []
    shown: list[str] = []
    for topic in sorted(content.topics.values(), key=lambda t: (t.order, t.id)):
        topic_problems, topic_grades, topic_shown = check_topic(
            content, renderer, topic, not_figures, today
        )
        problems += topic_problems
        grades += topic_grades
        shown += topic_shown
    glossary_problems, glossary_shown = check_glossary(content, renderer, not_figures)
    problems += glossary_problems + check_buttons(content, renderer)
    shown += glossary_shown
    return Report(
        problems=problems, grades=grades,
        figures_traced=len(shown), distinct_figures=len(set(shown)),
    )


def format_grades(grades: Sequence[Grade]) -> str:
    lines = [f"{'topic':<14} {'level':<9} {'FK':>5} {'SMOG':>5} {'chars':>6}"]
    for grade in grades:
        lines.append(
            f"{grade.topic:<14} {grade.level.value:<9} {grade.fk:>5.1f} {grade.smog:>5.1f} "
            f"{grade.chars:>6}"
        )
    return "\n".join(lines)


def run_check(content_dir: Path | None = None, *, out: TextIO = sys.stdout) -> int:
    """Print the report; return the exit code (0 when every gate passes)."""
    report = check_content(content_dir or default_content_dir())
    if report.grades:
        print("Reading level (Flesch-Kincaid grade, SMOG: worst of patient and caregiver "
              "wording; characters of the patient wording)", file=out)
        print(format_grades(report.grades), file=out)
        print(
            f"Figures traced to a cited source: {report.figures_traced} "
            f"({report.distinct_figures} distinct values)", file=out,
        )
    if report.passed:
        print("Content check passed.", file=out)
        return 0
    print(f"Content check FAILED: {len(report.problems)} problem(s)", file=out)
    for problem in report.problems:
        print(f"  {problem}", file=out)
    return 1
