"""The guide as chat messages: a checklist in valid Telegram HTML, split to fit, each message
ending with the disclaimer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import yaml

from her2bot.content import default_content_dir
from her2bot.guide import Situation, build_guide, checklist_messages, load_guide_content
from her2bot.guide.models import GuideContent, GuideSection
from her2bot.telegram_html import MAX_MESSAGE_LENGTH, check_message, to_plain_text, utf16_length
from her2bot.vocabulary import Level, Reader

COMBINATIONS = [(r, s, lv) for r in Reader for s in Situation for lv in Level]
DISCLAIMER = yaml.safe_load(
    (default_content_dir() / "ui.yaml").read_text(encoding="utf-8")
)["strings"]["disclaimer"]


def explanation(body: str) -> str:
    """What Renderer.explanation does: the disclaimer after the body."""
    return f"{body}\n\n{DISCLAIMER}"


@pytest.fixture(scope="module")
def content() -> GuideContent:
    return load_guide_content()


@pytest.mark.parametrize(("reader", "situation", "level"), COMBINATIONS)
def test_checklist_is_valid_html_with_every_question(
    content: GuideContent, reader: Reader, situation: Situation, level: Level
) -> None:
    guide = build_guide(reader, situation, level, content=content)
    messages = checklist_messages(guide, explanation)
    plain = [check_message(message) for message in messages]  # raises if Telegram would
    for message in messages:
        assert message.endswith(DISCLAIMER)
    text = "\n".join(plain)
    for question in guide.questions:
        assert f"☐ {question}" in text
    for item in guide.bring:
        assert f"• {item}" in text
    assert "Situation: " in plain[0]


def test_question_text_is_escaped(content: GuideContent) -> None:
    guide = build_guide(Reader.PATIENT, Situation.CHECKIN, Level.SIMPLE, content=content)
    tricky = replace(
        guide,
        sections=(GuideSection(title="Fish & <chips>", questions=("Is 2 < 3 & 4 > 1?",)),),
    )
    message = checklist_messages(tricky, explanation)[0]
    assert "<b>Fish &amp; &lt;chips&gt;</b>" in message
    assert "☐ Is 2 &lt; 3 &amp; 4 &gt; 1?" in message
    check_message(message)


def test_a_long_list_is_split_into_messages_that_each_fit(content: GuideContent) -> None:
    guide = build_guide(Reader.CAREGIVER, Situation.RECURRENCE, Level.DETAILED, content=content)
    long_question = "What does this mean for the treatment plan, step by step? " * 6
    sections = tuple(
        GuideSection(
            title=f"Group {n}", questions=tuple(f"{n}.{i} {long_question}" for i in range(8))
        )
        for n in range(6)
    )
    big = replace(guide, sections=sections)
    messages = checklist_messages(big, explanation)
    assert len(messages) > 3
    seen: list[str] = []
    for message in messages:
        plain = check_message(message)
        assert utf16_length(plain) <= MAX_MESSAGE_LENGTH
        assert message.endswith(DISCLAIMER)
        seen += [line for line in plain.splitlines() if line.startswith("☐ ")]
    expected = [f"☐ {q}".strip() for s in sections for q in s.questions]
    assert [line.strip() for line in seen] == expected  # all of them, in order, once
    assert to_plain_text(guide.chat["continued"]) in check_message(messages[1])


def test_a_single_huge_section_is_split_too(content: GuideContent) -> None:
    guide = build_guide(Reader.PATIENT, Situation.NEW_STAGE4, Level.STANDARD, content=content)
    question = "x" * 300
    big = replace(guide, sections=(GuideSection(title="One", questions=(question,) * 40),))
    messages = checklist_messages(big, explanation)
    assert len(messages) >= 3
    total = sum(check_message(m).count("☐ ") for m in messages)
    assert total == 40


def test_date_and_name_stay_out_of_the_chat(content: GuideContent) -> None:
    guide = build_guide(
        Reader.PATIENT, Situation.CHECKIN, Level.SIMPLE, content=content,
        name="Ана", made_on=date(2026, 1, 2),
    )
    text = "".join(checklist_messages(guide, explanation))
    assert "Ана" not in text
    assert "2026" not in text
