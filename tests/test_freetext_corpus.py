"""The share of typed questions that land on a sensible topic (tests/corpus/questions*.yaml),
and how many personal questions are recognised (tests/corpus/personal.txt).

Floors are set a little under what was measured (see tests/corpus/README.md), so a content edit
that makes search worse fails here. benchmarks/freetext_corpus.py prints the figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from her2bot.content import default_content_dir, load_content
from her2bot.freetext import FreeText

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def matcher() -> FreeText:
    content = load_content()  # as the bot runs: word list and menu labels included
    return FreeText.load(default_content_dir(), content.glossary, content.topics)


def landed(matcher: FreeText, name: str) -> tuple[float, list[Any]]:
    questions = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    misses = [
        (q["q"], matcher.answer(q["q"]).topics)
        for q in questions
        if matcher.answer(q["q"]).topics[:1] not in [(t,) for t in q["topics"]]
    ]
    share = 100 * (len(questions) - len(misses)) / len(questions)
    print(f"\n{name}: {share:.0f}% of {len(questions)} land on a sensible topic; {misses}")
    return share, questions


def test_the_hundred_questions_land_on_a_sensible_topic(matcher: FreeText) -> None:
    share, questions = landed(matcher, "questions.yaml")
    assert len(questions) == 100
    assert share >= 95


def test_held_out_questions_land_on_a_sensible_topic(matcher: FreeText) -> None:
    share, _ = landed(matcher, "questions_heldout.yaml")
    assert share >= 85


def test_personal_questions_get_the_care_team_reply(matcher: FreeText) -> None:
    lines = [
        line.strip()
        for line in (CORPUS / "personal.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    missed = [q for q in lines if not matcher.answer(q).personal]
    print(f"\npersonal: {len(lines) - len(missed)} of {len(lines)} recognised; missed {missed}")
    assert len(missed) <= 2
