"""The content quality gates: the real content passes; broken content fails, naming where."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from her2bot.authoring.check import (
    check_content,
    figures_in,
    mentions,
    risk_problems,
    run_check,
    swallowed_line_breaks,
    untraced,
)
from her2bot.content import default_content_dir, load_content
from her2bot.vocabulary import Level
from tests.conftest import unexpected_problems

NOT_FIGURES = ("HER2", "IHC 1+", "IHC 2+", "2+", "T-DM1", "95% CI", "in 100", "stage 4")


def run(content_dir: Path | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = run_check(content_dir, out=out)
    return code, out.getvalue()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


def edit_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- the real content -------------------------------------------------------------------


def test_real_content_passes_every_gate() -> None:
    assert unexpected_problems(check_content(default_content_dir())) == []


def test_report_has_a_grade_for_every_topic_and_level() -> None:
    content = load_content()
    report = check_content(default_content_dir())
    measured = {(g.topic, g.level) for g in report.grades}
    assert measured == {(t, level) for t in content.topics for level in Level}
    _, output = run()
    for topic in content.topics:
        for level in Level:
            assert any(line.split()[:2] == [topic, level.value] for line in output.splitlines())


def test_every_shown_figure_is_traced() -> None:
    report = check_content(default_content_dir())
    assert unexpected_problems(report) == []
    assert report.figures_traced >= 100  # the outlook topic alone shows dozens
    assert report.distinct_figures >= 30


def test_the_mission_topics_come_first_in_the_menu() -> None:
    content = load_content()
    assert content.menu[:4] == ("her2_basics", "treatment", "retesting", "questions")
    # Every topic is in the menu except the ones reached only by buttons (in_menu: false,
    # e.g. the result screens of "Read your pathology report").
    assert set(content.menu) == {t.id for t in content.topics.values() if t.in_menu}


def test_outlook_is_behind_a_gate_and_everything_is_an_honest_draft() -> None:
    content = load_content()
    assert content.topics["outlook"].gate
    assert {t.review_status for t in content.topics.values()} == {"draft"}


# --- broken content fails, naming file, field, topic, level and number -------------------


def test_missing_level_names_file_and_field(content_copy: Path) -> None:
    edit_yaml(content_copy / "topics" / "retesting.yaml", lambda d: d["levels"].pop("detailed"))
    code, output = run(content_copy)
    assert code == 1
    assert "retesting.yaml" in output and "levels.detailed" in output


def test_figure_with_no_source_is_named(content_copy: Path) -> None:
    def add_figure(doc: dict[str, Any]) -> None:
        doc["levels"]["simple"]["body"] += "\nAbout 99 in 100 people like this.\n"

    edit_yaml(content_copy / "topics" / "her2_basics.yaml", add_figure)
    code, output = run(content_copy)
    assert code == 1
    line = next(line for line in output.splitlines() if "'99'" in line)
    assert "her2_basics" in line and "level simple" in line


def test_figure_in_a_glossary_meaning_needs_a_source(content_copy: Path) -> None:
    def add_figure(doc: dict[str, Any]) -> None:
        doc["terms"][0]["meaning"] += " About 64 in 100 people have it."

    edit_yaml(content_copy / "glossary.yaml", add_figure)
    code, output = run(content_copy)
    assert code == 1
    assert "glossary.yaml (her2), meaning: figure '64'" in output


def test_too_hard_simple_text_fails_readability(content_copy: Path) -> None:
    hard = (
        "Comprehensive multidisciplinary individualised considerations regarding "
        "investigational therapeutic possibilities necessitate thorough deliberation "
        "incorporating heterogeneous institutional recommendations and "
        "pharmacological interactions. "
    ) * 4

    def make_hard(doc: dict[str, Any]) -> None:
        doc["levels"]["simple"]["body"] = hard

    edit_yaml(content_copy / "topics" / "questions.yaml", make_hard)
    code, output = run(content_copy)
    assert code == 1
    problems = [line for line in output.splitlines() if "questions" in line and "simple" in line]
    assert any("Flesch-Kincaid grade" in line for line in problems)
    assert any("SMOG" in line for line in problems)


def test_bad_related_id_names_file_and_field(content_copy: Path) -> None:
    edit_yaml(content_copy / "topics" / "cure.yaml", lambda d: d["related"].append("nope"))
    code, output = run(content_copy)
    assert code == 1
    assert "cure.yaml: related: no topic 'nope'" in output


def test_percentage_in_simple_fails(content_copy: Path) -> None:
    def add_percent(doc: dict[str, Any]) -> None:
        doc["levels"]["simple"]["body"] += "\nAbout 37% were alive after 8 years.\n"

    edit_yaml(content_copy / "topics" / "outlook.yaml", add_percent)
    code, output = run(content_copy)
    assert code == 1
    assert "outlook" in output and "say it as 'X in 100'" in output


def test_swallowed_paragraph_break_is_caught(content_copy: Path) -> None:
    def swallow(doc: dict[str, Any]) -> None:
        doc["levels"]["standard"]["body"] = (
            "{% if caregiver %}For you as a helper.{% else %}For you.{% endif %}\n\n"
            + doc["levels"]["standard"]["body"]
        )

    edit_yaml(content_copy / "topics" / "living_well.yaml", swallow)
    code, output = run(content_copy)
    assert code == 1
    assert "living_well" in output and "line 1 ends with a template tag" in output


def test_glossary_term_the_topic_never_uses_is_named(content_copy: Path) -> None:
    topic = content_copy / "topics" / "caregivers.yaml"
    edit_yaml(topic, lambda d: d["glossary"].append("ascites"))
    code, output = run(content_copy)
    assert code == 1
    assert "caregivers.yaml (caregivers), glossary: 'ascites' is listed" in output


# --- the pure functions ------------------------------------------------------------------


def test_figures_in_reads_numbers_as_a_reader_sees_them() -> None:
    text = (
        "About 37 in 100 people; 1 in 3 tumours; HER2 and T-DM1 with IHC 2+ in stage 4; "
        "22.7 months (95% CI 19.4–27.5); 57% of 2026."
    )
    assert figures_in(text, NOT_FIGURES) == ["37", "1 in 3", "22.7", "19.4", "27.5", "57", "2026"]


def test_untraced_lists_only_numbers_without_a_source() -> None:
    assert untraced("about 37 in 100 after 8 years, or 41", {"37", "8"}, NOT_FIGURES) == ["41"]


def test_simple_needs_whole_numbers_and_no_percent() -> None:
    problems = risk_problems("About 37.5% were alive after 8 years.", Level.SIMPLE, NOT_FIGURES)
    assert any("decimal number '37.5'" in p for p in problems)
    assert any("X in 100" in p for p in problems)
    assert risk_problems("About 37.5% were alive after 8 years.", Level.DETAILED, NOT_FIGURES) == []


def test_survival_figure_needs_a_time_frame() -> None:
    (problem,) = risk_problems("About 37 in 100 people were alive.", Level.STANDARD, NOT_FIGURES)
    assert "without a time frame" in problem
    framed = "About 37 in 100 were alive after 8 years."
    assert risk_problems(framed, Level.STANDARD, NOT_FIGURES) == []
    # A calendar year dates a claim; it is not a survival figure.
    dated = "A 2017 review found it improves survival."
    assert risk_problems(dated, Level.STANDARD, NOT_FIGURES) == []


def test_relative_numbers_are_refused() -> None:
    problems = risk_problems("This drug makes it twice as likely.", Level.DETAILED, NOT_FIGURES)
    assert any("relative number" in p for p in problems)
    problems = risk_problems("A 30% lower risk.", Level.DETAILED, NOT_FIGURES)
    assert any("relative number '30% lower'" in p for p in problems)


def test_swallowed_line_breaks() -> None:
    assert swallowed_line_breaks("a{% endif %}\n\nb\nc{% endif +%}\nd{% endif %}") == [1]


def test_mentions_finds_a_term_or_alias_also_in_the_plural() -> None:
    assert mentions("Ask about clinical trials.", ["Clinical trial"])
    assert mentions("Sold as Herceptin.", ["Trastuzumab", "Herceptin"])
    assert not mentions("A trialist said so.", ["trial"])
    assert not mentions("HER2-lowest", ["HER2-low"])

