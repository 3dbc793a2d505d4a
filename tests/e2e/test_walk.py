"""Walk every button reachable from /start, at every level, like a very patient user."""

from __future__ import annotations

from collections import deque

import pytest

from her2bot import callbacks as cb
from her2bot.config import Settings
from her2bot.content import load_content
from her2bot.content.render import Renderer
from her2bot.offline.botapi import ChatMessage
from tests.e2e.conftest import start_bot, stop_bot
from tests.e2e.harness import Chat, plain
from tests.fakeapi import FakeTelegramServer

EXPLANATIONS = (cb.ShowTopic, cb.ChangeLevel, cb.ShowSources, cb.ShowTerm)


@pytest.mark.parametrize("level_label", ["Simple", "Standard", "Detailed"])
@pytest.mark.parametrize("reader_label", ["I have breast cancer", "I care for someone"])
async def test_every_button_leads_somewhere_and_explanations_end_with_the_disclaimer(
    telegram: FakeTelegramServer, settings: Settings, level_label: str, reader_label: str
) -> None:
    # Hundreds of taps: without Telegram's 30-calls-a-second pacing, which other tests cover.
    application = await start_bot(settings, rate_limited=False)
    try:
        await _walk(Chat(telegram.api, application), level_label, reader_label)
    finally:
        await stop_bot(application)


async def _walk(tg: Chat, level_label: str, reader_label: str) -> None:
    renderer = Renderer(load_content())
    disclaimer = plain(ChatMessage(0, 0, True, html=renderer.ui("disclaimer")))
    # Topics speak to a caregiver about "the person you care for", the disclaimer too (the
    # walk also taps the settings that switch the reader).
    caregiver_disclaimer = plain(ChatMessage(0, 0, True, html=renderer.ui("disclaimer_caregiver")))
    endings = (disclaimer, caregiver_disclaimer)
    error_text = plain(ChatMessage(0, 0, True, html=renderer.ui("error")))

    await tg.send("/start")
    await tg.click(reader_label)
    await tg.click(level_label)
    menu = tg.last_with_buttons
    assert "What would you like to know?" in plain(menu)

    seen: set[str] = set()
    queue: deque[str] = deque()

    def enqueue(message: ChatMessage) -> None:
        assert message.buttons, f"dead end: {plain(message)[:80]!r}"
        for button in message.buttons:
            data = button.get("callback_data")
            if data is not None and data not in seen:
                seen.add(data)
                queue.append(data)

    enqueue(menu)
    taps = 0
    while queue:
        data = queue.popleft()
        errors_before = len(tg.api.errors)
        replies = await tg.tap(tg.last_with_buttons, data)
        taps += 1
        if not replies:
            # The screen already showed exactly this: the bot answered with an edit and
            # Telegram refused it as "not modified", which the bot rightly ignores.
            assert tg.api.calls[-1].method == "editMessageText", f"no reply to {data}"
            assert "not modified" in tg.api.errors[errors_before:][-1][1]
        shown = replies[-1] if replies else tg.last_with_buttons
        text = plain(shown)
        assert error_text not in text, f"{data} produced the error message"
        if isinstance(cb.decode(data), EXPLANATIONS):
            assert text.endswith(endings), f"{data} lacks the disclaimer"
        enqueue(shown)

    assert taps > 20
    assert [e for e in tg.api.errors if "not modified" not in e[1]] == []
    # Every topic was reached at every level.
    for topic_id in renderer.content.topics:
        for code in "snd":
            assert any(d.startswith(f"1:t:{topic_id}:{code}:") for d in seen), (topic_id, code)
