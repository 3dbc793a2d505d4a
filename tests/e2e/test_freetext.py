"""Typed messages through the real Application and the fake Bot API: urgent symptoms first,
then free text, flood control, and replies that survive 429s and network blips."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from telegram.ext import Application

from her2bot.flood import FloodControl
from her2bot.handlers.typed import BOT_DATA_KEY
from her2bot.offline.botapi import BotAPIError
from tests.conftest import REAL_CONTENT, SOURCES, MakeContent, topic_doc
from tests.e2e.harness import Chat, plain
from tests.fakeapi import FakeTelegramServer

GLOSSARY = {"terms": [{
    "id": "trastuzumab_deruxtecan", "term": "Trastuzumab deruxtecan (T-DXd)",
    "kind": "drug", "aliases": ["Enhertu"], "meaning": "A HER2-targeted drug.",
    "sources": ["s900"],
}]}


def typed_content(make_content: MakeContent) -> Path:
    """Test topics with the ids free text looks for, plus the real content/safety/."""
    topics = [
        topic_doc("treatment", button="Treatment options", related=["side_effects"],
                  glossary=["trastuzumab_deruxtecan"]),
        topic_doc("side_effects", button="Side effects", glossary=[]),
        topic_doc("questions", button="Questions for the doctor", glossary=[]),
    ]
    # The real sources (the doctor discussion guide cites them) plus the test topics' one.
    real = yaml.safe_load((REAL_CONTENT / "sources.yaml").read_text(encoding="utf-8"))
    sources = {"sources": real["sources"] + SOURCES["sources"]}
    root = make_content(topics=topics, glossary=GLOSSARY, sources=sources)
    for folder in ("safety", "guide"):
        if not (root / folder).exists():
            shutil.copytree(REAL_CONTENT / folder, root / folder)
    return root


@pytest.fixture
def bot_env(telegram: FakeTelegramServer, make_content: MakeContent) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "HER2BOT_API_BASE_URL": telegram.base_url,
        "HER2BOT_STORE": "memory://",
        "HER2BOT_EMERGENCY_NUMBER": "911",
        "HER2BOT_POISON_CONTROL_NUMBER": "1-800-POISON",
        "HER2BOT_CONTENT_DIR": str(typed_content(make_content)),
    }


async def test_urgent_text_gets_the_emergency_reply_then_the_menu(tg: Chat) -> None:
    sent = await tg.send("my mom cant breath!!")
    assert len(sent) == 2
    urgent = plain(sent[0])
    assert urgent.startswith("Trouble breathing needs help now.")  # named by its kind
    assert "Call 911 now" in urgent
    assert "24-hour" in urgent
    assert "wait" not in urgent
    assert sent[0].buttons == []
    assert "Treatment options" in sent[1].button_labels


async def test_thoughts_of_self_harm_get_crisis_lines(tg: Chat) -> None:
    sent = await tg.send("I don't want to live anymore")
    text = plain(sent[0])
    assert "988" in text
    assert "116 123" in text
    assert "911" in text


async def test_an_urgent_caption_on_a_photo_is_not_missed(tg: Chat) -> None:
    photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 10, "height": 10}]
    sent = await tg.send_other("photo", photo)  # a photo alone: the usual reply
    assert "911" not in plain(sent[0])
    update_id = await tg.api.push_update({"message": {
        "message_id": 900, "date": 0, "chat": {"id": tg.chat_id, "type": "private"},
        "from": {"id": tg.chat_id, "is_bot": False, "first_name": "Test"},
        "photo": photo, "caption": "rash all over and her face is swelling",
    }})
    sent = await tg._deliver(update_id)
    assert "911" in plain(sent[0])


async def test_free_text_leads_to_the_topic_and_the_word_list(tg: Chat) -> None:
    sent = await tg.send("what is enhretu")  # a typo
    assert sent[0].button_labels[:2] == ["Trastuzumab deruxtecan (T-DXd)", "Treatment options"]
    await tg.click("Treatment options")
    assert "Title of treatment" in plain(tg.last)
    assert "not medical advice" in plain(tg.last)


async def test_herceptin_heart_opens_side_effects_first(tg: Chat) -> None:
    sent = await tg.send("herceptin heart")
    assert sent[0].button_labels[0] == "Side effects"


async def test_a_personal_question_gets_the_care_team_and_the_guide(tg: Chat) -> None:
    sent = await tg.send("should I stop my treatment?")
    text = plain(sent[0])
    assert "care team" in text
    assert "can't answer it for one person" in text
    labels = sent[0].button_labels
    assert labels[0] == "Make my question list"
    assert "Treatment options" in labels
    await tg.click("Make my question list")  # the doctor discussion guide starts
    assert tg.last.buttons


async def test_unrecognised_text_gets_a_hint_and_the_topics(tg: Chat) -> None:
    sent = await tg.send("purple elephants on roller skates")
    assert "couldn't match that" in plain(sent[0])
    assert "Treatment options" in sent[0].button_labels


async def test_an_edited_message_is_checked_for_urgent_symptoms_first(tg: Chat) -> None:
    sent = await tg.send("what is herceptin")
    assert "911" not in plain(sent[0])
    update_id = await tg.api.push_update({"edited_message": {
        "message_id": sent[0].message_id - 1, "date": 0, "edit_date": 1,
        "chat": {"id": tg.chat_id, "type": "private"},
        "from": {"id": tg.chat_id, "is_bot": False, "first_name": "Test"},
        "text": "what is herceptin, also my temp is 38.6",
    }})
    sent = await tg._deliver(update_id)
    assert plain(sent[0]).startswith("A fever during cancer treatment can be serious.")
    assert "911" in plain(sent[0])
    assert "Treatment options" in sent[1].button_labels  # then the menu


async def test_an_overdose_gets_poison_control_first(tg: Chat) -> None:
    sent = await tg.send("i think i took my capecitabine twice today")
    text = plain(sent[0])
    assert text.index("1-800-POISON") < text.index("911") < text.index("care team")
    assert "Treatment options" in sent[1].button_labels


async def test_skipping_a_treatment_gets_the_care_team_reply_without_alarm(tg: Chat) -> None:
    sent = await tg.send("can i skip my next enhertu")
    text = plain(sent[0])
    assert "care team" in text
    assert "911" not in text and "now" not in text.lower().split()
    assert sent[0].button_labels[0] == "Make my question list"


async def test_a_message_in_spanish_gets_a_note_in_spanish_and_the_menu(tg: Chat) -> None:
    sent = await tg.send("hola, que es el her2 positivo?")
    assert len(sent) == 1
    assert "solo respondo en inglés" in plain(sent[0])
    assert "Treatment options" in sent[0].button_labels


@pytest.mark.parametrize("text, expected, first_button", [
    ("hi", "Hello.", "Treatment options"),
    ("thank you!", "You're welcome.", "Treatment options"),
    ("🙏", "Thank you for that.", "Treatment options"),
    ("i just got diagnosed, what now?", "I'm sorry you're facing this.", "Make my question list"),
])
async def test_small_talk_and_feelings_get_a_short_human_reply(
    tg: Chat, text: str, expected: str, first_button: str
) -> None:
    sent = await tg.send(text)
    reply = plain(sent[0])
    assert reply.startswith(expected)
    assert "couldn't match" not in reply and "Here is what I found" not in reply
    assert sent[0].button_labels[0] == first_button


async def test_a_word_list_entry_from_typed_text_leads_back_to_its_topic(tg: Chat) -> None:
    await tg.send("what is enhertu")
    await tg.click("Trastuzumab deruxtecan (T-DXd)")
    assert "A HER2-targeted drug." in plain(tg.last)
    assert tg.last.button_labels[0] != "☰ Main menu"  # a way back to treatment, not only the menu


async def test_messages_dropped_by_the_flood_gate_are_never_matched(
    tg: Chat, bot: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    typed = bot.bot_data[BOT_DATA_KEY]
    matched: list[str] = []
    original = typed.freetext.answer

    def counting(text: str) -> Any:
        matched.append(text)
        return original(text)

    typed.freetext.answer = counting
    bot.bot_data[BOT_DATA_KEY] = replace(typed, flood=FloodControl(burst=2, clock=lambda: 0.0))
    report = "Pathology report. " + "invasive ductal carcinoma grade 3 her2 positive " * 80
    for _ in range(6):
        await tg.send(report[:4096])
    assert len(matched) == 2  # only the two messages that got through the gate


async def test_a_flood_gets_one_notice_and_urgent_text_still_gets_through(
    tg: Chat, bot: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    # A frozen clock: the bucket never refills, so the test does not depend on speed.
    typed = bot.bot_data[BOT_DATA_KEY]
    bot.bot_data[BOT_DATA_KEY] = replace(typed, flood=FloodControl(burst=2, clock=lambda: 0.0))
    replies = [await tg.send(f"hello {n}") for n in range(6)]
    assert [len(r) for r in replies] == [1, 1, 1, 0, 0, 0]
    assert "faster than I can read" in plain(replies[2][0])
    sent = await tg.send("chest pain")
    assert "911" in plain(sent[0])
    assert await tg.send("hello again") == []


async def test_a_429_is_waited_out_and_the_reply_arrives(tg: Chat) -> None:
    tg.api.failures["sendMessage"] = [BotAPIError(429, "Too Many Requests", retry_after=1)]
    sent = await tg.send("/help")
    assert len(sent) == 1
    assert [c.method for c in tg.api.calls].count("sendMessage") == 2


async def test_a_network_blip_is_retried_and_the_reply_arrives(tg: Chat) -> None:
    tg.api.failures["sendMessage"] = [BotAPIError(502, "Bad Gateway")]
    sent = await tg.send("herceptin heart")
    assert sent and sent[0].button_labels[0] == "Side effects"
    assert [c.method for c in tg.api.calls].count("sendMessage") == 2


async def test_help_says_typing_works_with_two_examples_in_whole_sentences(tg: Chat) -> None:
    [reply] = await tg.send("/help")
    text = plain(reply)
    assert "type a question" in text
    assert "“what is HER2?”" in text and "“side effects of Herceptin”" in text
    for line in text.splitlines():
        # Each line ends a sentence, is a title, or is a command: never cut mid-sentence.
        assert not line or line.startswith("/") or line.endswith((".", ":", "?", "!", "”.")) \
            or line == "How to use me", line
