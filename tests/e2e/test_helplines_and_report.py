"""'Talk to a person' and 'Read your pathology report', as a user meets them."""

from __future__ import annotations

import pytest

from her2bot.config import Settings, load_settings
from her2bot.content import load_content
from her2bot.content.render import Renderer
from her2bot.offline.botapi import ChatMessage
from tests.e2e.conftest import start_bot, stop_bot
from tests.e2e.harness import Chat, plain
from tests.fakeapi import FakeTelegramServer

RESULTS = [
    "IHC 0", "IHC 1+", "IHC 2+, ISH negative", "IHC 2+, ISH positive", "IHC 3+", "HER2-low",
    "HER2-ultralow", "ER and PR (hormone receptors)",
]


def _disclaimer(caregiver: bool = False) -> str:
    key = "disclaimer_caregiver" if caregiver else "disclaimer"
    return plain(ChatMessage(0, 0, True, html=Renderer(load_content()).ui(key)))


async def _onboard(tg: Chat, level: str = "Simple", reader: str = "I have breast cancer") -> None:
    await tg.send("/start")
    await tg.click(reader)
    await tg.click(level)


def _urls(message: ChatMessage) -> dict[str, str]:
    return {b["text"]: b["url"] for b in message.buttons if "url" in b}


@pytest.mark.parametrize("level", ["Simple", "Standard", "Detailed"])
async def test_talk_to_a_person_from_the_menu_has_numbers_and_web_buttons(
    tg: Chat, level: str
) -> None:
    await _onboard(tg, level)
    [page] = await tg.click("Talk to a person")
    text = plain(page)
    assert "1-800-4-CANCER" in text and "1-800-422-6237" in text and "1-800-227-2345" in text
    assert "Spanish" in text and "24/7" in text
    assert "not medical advice" in text.lower()
    assert text.endswith(_disclaimer())
    urls = _urls(page)
    assert urls["NCI: 1-800-422-6237 (web page)"].startswith("https://www.cancer.gov/")
    # Telegram buttons open only http(s):// and tg:// links: no tel: anywhere.
    assert all(u.startswith("https://") for u in urls.values())


async def test_local_helplines_from_settings_appear_as_buttons(
    telegram: FakeTelegramServer, bot_env: dict[str, str]
) -> None:
    settings: Settings = load_settings(bot_env | {
        "HER2BOT_LOCAL_HELPLINES": "Macmillan (UK) 0808 808 00 00|https://www.macmillan.org.uk/",
    })
    application = await start_bot(settings)
    try:
        tg = Chat(telegram.api, application)
        await _onboard(tg)
        [page] = await tg.click("Talk to a person")
        assert _urls(page)["Macmillan (UK) 0808 808 00 00"] == "https://www.macmillan.org.uk/"
    finally:
        await stop_bot(application)


async def test_help_and_a_personal_question_lead_to_a_person(tg: Chat) -> None:
    await _onboard(tg)
    [help_page] = await tg.send("/help")
    assert "Talk to a person" in help_page.button_labels
    [reply] = await tg.send("should I stop my treatment?")
    assert "Talk to a person" in reply.button_labels
    [page] = await tg.click("Talk to a person", reply)
    assert "1-800-227-2345" in plain(page)


@pytest.mark.parametrize("reader", ["I have breast cancer", "I care for someone"])
async def test_the_report_path_explains_each_result_and_hands_over_to_the_care_team(
    tg: Chat, reader: str
) -> None:
    await _onboard(tg, "Standard", reader)
    [start] = await tg.click("Read your pathology report")
    assert "nothing" in plain(start).lower() and "stored" in plain(start)
    assert set(RESULTS) <= set(start.button_labels)
    for label in RESULTS:
        [result] = await tg.click(label, start)
        text = plain(result)
        assert "confirms what this means for" in text, label
        assert text.endswith(_disclaimer(reader == "I care for someone")), label
        assert "Read your pathology report" in result.button_labels  # the way back to the list
        [start] = await tg.click("‹ Back", result)
