"""Logs during a whole conversation: no message text, no chat id, no bot token, ever.

Every log record at DEBUG is captured (message and formatted traceback) while a user types
urgent and ordinary text, sends commands, taps buttons, and the API fails once.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from telegram.ext import Application

from her2bot.offline.botapi import BotAPIError
from her2bot.store import MemoryStore
from tests.conftest import MakeContent
from tests.e2e.harness import Chat
from tests.e2e.test_freetext import typed_content
from tests.fakeapi import TOKEN, FakeTelegramServer

CHAT_ID = 918273645
TYPED = [
    "my mom cant breathe",
    "I want to kill myself",
    "what is enhertu",
    "should I stop my treatment?",
    "Maria Example here, my phone is 555 0134",
]


@pytest.fixture
def bot_env(telegram: FakeTelegramServer, make_content: MakeContent) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "HER2BOT_API_BASE_URL": telegram.base_url,
        "HER2BOT_STORE": "memory://",
        "HER2BOT_CONTENT_DIR": str(typed_content(make_content)),
        "HER2BOT_LOG_LEVEL": "DEBUG",
    }


async def test_logs_hold_no_text_no_chat_id_and_no_token(
    tg: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tg.chat_id = CHAT_ID
    await tg.send("/start")
    await tg.click("I have breast cancer")
    await tg.click("Simple")
    for text in TYPED:
        await tg.send(text)
    await tg.send("/privacy")
    await tg.send("/nonsense")
    await tg.send("/menu")
    await tg.click("Treatment options")
    await tg.tap(tg.last, "1:t:forged")  # forged button data
    tg.api.failures["sendMessage"] = [BotAPIError(400, "Bad Request: can't parse entities")]
    await tg.send("/help")  # a mistake, not a blip: the error handler logs it with a traceback
    logging.getLogger("test").error("request to %s/sendMessage failed", TOKEN)

    records = caplog.records
    assert any(r.levelno >= logging.ERROR and r.exc_text for r in records)  # a traceback
    logged = "\n".join(r.getMessage() + "\n" + (r.exc_text or "") for r in records)
    assert "<bot-token>" in logged  # the line logged above, cleaned
    assert TOKEN not in logged
    assert TOKEN.split(":")[1] not in logged
    assert not re.search(rf"\b{CHAT_ID}\b", logged)
    for text in TYPED:
        assert text.lower() not in logged.lower()
    for word in ("breathe", "kill", "enhertu", "Maria", "555 0134"):
        assert word.lower() not in logged.lower()


async def test_the_store_keeps_only_preferences_under_a_keyed_hash(
    tg: Chat, bot: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    tg.chat_id = CHAT_ID
    await tg.send("/start")
    await tg.click("I care for someone")
    await tg.click("Detailed")
    for text in TYPED:
        await tg.send(text)
    store = bot.bot_data["services"].store
    assert isinstance(store, MemoryStore)
    rows = store._rows
    assert len(rows) == 1
    (key, prefs), = rows.items()
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert str(CHAT_ID) not in key
    assert set(vars(prefs)) == {"level", "reader", "updated_at"}
    assert (prefs.level.value, prefs.reader.value) == ("detailed", "caregiver")
