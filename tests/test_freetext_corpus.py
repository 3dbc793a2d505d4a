"""How typed messages land (tests/corpus/): questions on a sensible first topic, personal
questions on the care-team reply, small talk and feelings on the right short reply.

Floors are set a little under what was measured (see tests/corpus/README.md), so a content edit
that makes search worse fails here. benchmarks/freetext_corpus.py prints the figures.
"""

from __future__ import annotations

import pytest

from her2bot.content import default_content_dir, load_content
from her2bot.freetext import FreeText
from her2bot.safety import SafetyNet
from tests.corpus_reader import read_lines, read_yaml

# Question sets and the share that must land on a sensible first topic.
QUESTION_SETS = {"questions.yaml": 95, "questions_heldout.yaml": 85,
                 "questions_heldout2.yaml": 95, "questions_heldout3.yaml": 95}
PERSONAL_SETS = ("personal.txt", "personal_heldout.txt")
SMALLTALK_SETS = ("smalltalk.yaml", "smalltalk_heldout.yaml")


@pytest.fixture(scope="module")
def matcher() -> FreeText:
    content = load_content()  # as the bot runs: word list and menu labels included
    return FreeText.load(default_content_dir(), content.glossary, content.topics)


def first_topic_share(matcher: FreeText, name: str) -> tuple[float, list[object]]:
    questions = read_yaml(name)
    misses: list[object] = [
        (q["q"], matcher.answer(q["q"]).topics)
        for q in questions
        if matcher.answer(q["q"]).topics[:1] not in [(t,) for t in q["topics"]]
    ]
    return 100 * (len(questions) - len(misses)) / len(questions), misses


@pytest.mark.parametrize("name", list(QUESTION_SETS))
def test_questions_land_on_a_sensible_first_topic(matcher: FreeText, name: str) -> None:
    share, misses = first_topic_share(matcher, name)
    print(f"\n{name}: {share:.0f}% on a sensible first topic; missed {misses}")
    assert share >= QUESTION_SETS[name]


def test_the_tuning_set_holds_the_hundred_questions() -> None:
    assert len(read_yaml("questions.yaml")) == 100


@pytest.mark.parametrize("name", PERSONAL_SETS)
def test_personal_questions_get_the_care_team_reply(matcher: FreeText, name: str) -> None:
    lines = read_lines(name)
    net = SafetyNet.load(default_content_dir())
    missed = [q for q in lines if not matcher.answer(q).personal]
    # A personal question is not an alarm: it must reach the care-team reply, not the urgent one.
    alarms = [q for q in lines if net.check(q) is not None]
    print(f"\n{name}: {len(lines) - len(missed)} of {len(lines)}; missed {missed}")
    assert len(missed) * 12 <= len(lines)  # at least 92% recognised
    assert alarms == []


@pytest.mark.parametrize("name", SMALLTALK_SETS)
def test_small_talk_and_feelings_get_a_human_reply_and_next_step(
    matcher: FreeText, name: str
) -> None:
    wrong = []
    for item in read_yaml(name):
        answer = matcher.answer(item["q"])
        offered = set(answer.topics) | set(matcher.intent_topics.get(answer.intent or "", ()))
        if answer.intent != item["intent"] or not set(item.get("topics", [])) <= offered:
            wrong.append((item["q"], answer.intent, answer.topics))
    print(f"\n{name}: wrong {wrong}")
    assert wrong == []
