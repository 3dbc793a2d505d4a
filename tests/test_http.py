"""The aiohttp request class talks to the Bot API the way python-telegram-bot's own one does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, TimedOut

from her2bot.http import AiohttpRequest
from her2bot.offline.botapi import BotAPI
from tests.fakeapi import TOKEN, FakeTelegramServer
from tests.redis_server import free_port


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramServer]:
    server = FakeTelegramServer(BotAPI())
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(telegram: FakeTelegramServer) -> AsyncIterator[Bot]:
    bot = Bot(TOKEN, base_url=telegram.base_url, request=AiohttpRequest(),
              get_updates_request=AiohttpRequest(connection_pool_size=1))
    async with bot:
        yield bot


async def test_parameters_and_keyboards_arrive_intact(
    bot: Bot, telegram: FakeTelegramServer
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Simple", callback_data="1:l:s")]])
    sent = await bot.send_message(42, "<b>Hello</b> &amp; welcome", parse_mode="HTML",
                                  reply_markup=markup)
    assert sent.chat.id == 42
    (message,) = telegram.api.outbox
    assert message.html == "<b>Hello</b> &amp; welcome"
    assert message.button_labels == ["Simple"]
    assert message.buttons[0]["callback_data"] == "1:l:s"


async def test_files_are_uploaded_as_multipart(bot: Bot, telegram: FakeTelegramServer) -> None:
    await bot.send_document(42, b"%PDF-1.4 a guide", filename="guide.pdf", caption="Your guide")
    (message,) = telegram.api.outbox
    assert message.document is not None
    assert (message.document.file_name, message.document.data) == (
        "guide.pdf", b"%PDF-1.4 a guide"
    )


async def test_api_errors_become_the_usual_telegram_errors(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(42, "<b>unclosed", parse_mode="HTML")


async def test_an_unreachable_api_is_a_network_error() -> None:
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{free_port()}/bot", request=AiohttpRequest())
    await bot.request.initialize()
    try:
        with pytest.raises(NetworkError):
            await bot.get_me()
    finally:
        await bot.request.shutdown()


async def test_a_silent_api_is_a_timeout() -> None:
    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        await asyncio.sleep(5)
        writer.close()

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest(read_timeout=0.2)
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await bot.get_me()
    finally:
        await request.shutdown()
        server.close()


async def test_long_polling_waits_longer_than_the_read_timeout(
    bot: Bot, telegram: FakeTelegramServer
) -> None:
    # getUpdates adds its own long-poll timeout to the read timeout, as with HTTPXRequest.
    async def later() -> None:
        await asyncio.sleep(0.3)
        await telegram.api.user_text(42, "hello")

    pushing = asyncio.create_task(later())
    updates = await bot.get_updates(timeout=2, read_timeout=0.1)
    await pushing
    assert [u.message.text for u in updates if u.message] == ["hello"]


async def test_a_request_before_initialize_is_refused() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:9/x", "POST")
