"""Free text -> topics, word-list entries, or the "ask your care team" reply."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from her2bot.content import ContentError, GlossaryTerm, default_content_dir
from her2bot.freetext import FreeText


@pytest.fixture(scope="module")
def matcher() -> FreeText:
    glossary = {
        "trastuzumab_deruxtecan": GlossaryTerm(
            id="trastuzumab_deruxtecan", term="Trastuzumab deruxtecan (T-DXd)",
            kind="drug", aliases=("Enhertu",), meaning="A drug.", sources=(),
        ),
        "biopsy": GlossaryTerm(
            id="biopsy", term="Biopsy", kind="test", aliases=(), meaning="A sample.",
            sources=(),
        ),
    }
    return FreeText.load(default_content_dir(), glossary)


@pytest.mark.parametrize(("text", "topic"), [
    ("what is enhertu", "treatment"),
    ("why another biopsy", "retesting"),
    ("herceptin heart", "side_effects"),
    ("HERCEPTON HEART??", "side_effects"),          # capitals, typo
    ("can her2 spred to the brain", "brain"),        # typo in "spread"
    ("is stage 4 curable", "cure"),
    ("how can I help my husband", "caregivers"),
])
def test_typed_questions_lead_to_the_right_topic_first(
    matcher: FreeText, text: str, topic: str
) -> None:
    assert matcher.answer(text).topics[0] == topic


def test_a_word_list_entry_is_found_by_term_or_alias(matcher: FreeText) -> None:
    assert matcher.answer("what is enhertu").terms == ("trastuzumab_deruxtecan",)
    assert matcher.answer("what is t-dxd").terms[0] == "trastuzumab_deruxtecan"
    assert "biopsy" in matcher.answer("why another biopsy").terms


def test_nothing_recognised_gives_an_empty_answer(matcher: FreeText) -> None:
    answer = matcher.answer("hello there")
    assert not answer.found
    assert not answer.personal


@pytest.mark.parametrize("text", [
    "should I stop my treatment?",
    "how long do I have?",
    "is my dose right",
    "how long has my mum got",
])
def test_personal_questions_are_recognised(matcher: FreeText, text: str) -> None:
    assert matcher.answer(text).personal


def test_a_personal_question_still_carries_its_topics(matcher: FreeText) -> None:
    answer = matcher.answer("should I stop herceptin because of my heart?")
    assert answer.personal
    assert "side_effects" in answer.topics


@pytest.mark.parametrize("text", [
    "what should I ask my oncologist",   # an exception: asks for the guide, not for advice
    "why do I need an echo every 3 months",
    "what is her2",
])
def test_general_questions_are_not_personal(matcher: FreeText, text: str) -> None:
    assert not matcher.answer(text).personal


def test_only_existing_topics_can_be_found() -> None:
    matcher = FreeText.load(default_content_dir(), topics={"brain"})
    assert matcher.answer("herceptin heart").topics == ()
    assert matcher.answer("brain mets").topics == ("brain",)


def test_search_list_names_only_known_topic_ids() -> None:
    known = {
        "her2_basics", "her2_testing", "retesting", "treatment", "spread", "brain",
        "side_effects", "outlook", "cure", "living_well", "caregivers", "questions", "get_help",
    }
    assert set(FreeText.load(default_content_dir()).topic_phrases) == known


def test_a_search_entry_without_asks_names_file_and_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(default_content_dir(), content)
    search = content / "safety" / "search.yaml"
    text = search.read_text(encoding="utf-8")
    search.write_text(text.replace("  brain:\n    asks:", "  brain:\n    mentions:"), "utf-8")
    with pytest.raises(ContentError, match=r"search.yaml: topics.brain.asks: Field required"):
        FreeText.load(content)


def test_every_topic_in_the_content_can_be_found_by_typing() -> None:
    from her2bot.content import load_content

    content = load_content()
    matcher = FreeText.load(default_content_dir(), content.glossary, content.topics)
    assert set(content.topics) <= set(matcher.topic_phrases)
    for topic in content.topics.values():
        # A topic's own menu label, typed, leads to it.
        assert topic.id in matcher.answer(topic.button).topics, topic.button
