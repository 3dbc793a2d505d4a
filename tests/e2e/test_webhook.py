"""Webhook mode end to end: the fake Bot API POSTs updates to the real bot's webhook server."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest

from her2bot.app import ALLOWED_UPDATES, build_application
from her2bot.config import Settings, load_settings
from her2bot.content import load_content
from her2bot.content.render import Renderer
from her2bot.telegram_html import to_plain_text
from her2bot.webhook import HEALTH_PATH, WebhookConfig, WebhookServer
from tests.e2e.harness import Chat
from tests.e2e.webhook_delivery import WebhookBotAPI
from tests.fakeapi import TOKEN, FakeTelegramServer
from tests.redis_server import free_port

# The fake API delivers updates to the bot's webhook (see tests/e2e/conftest.py).
pytestmark = pytest.mark.webhook

SECRET = "test-webhook-secret_123"
PATH = "/telegram/webhook"


class WebhookChat(Chat):
    async def _deliver(self, update_id: int) -> list[Any]:
        # The webhook answered 200 once the update was queued; wait until it is handled.
        await self.application.update_queue.join()
        return []


@pytest.fixture
def renderer() -> Renderer:
    return Renderer(load_content())


def webhook_env(telegram: FakeTelegramServer, port: int) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "HER2BOT_API_BASE_URL": telegram.base_url,
        "HER2BOT_STORE": "memory://",
        "HER2BOT_MODE": "webhook",
        "HER2BOT_WEBHOOK_URL": f"http://127.0.0.1:{port}{PATH}",
        "HER2BOT_WEBHOOK_LISTEN": f"127.0.0.1:{port}",
        "HER2BOT_WEBHOOK_SECRET": SECRET,
    }


@pytest.fixture
def settings(telegram: FakeTelegramServer) -> Settings:
    return load_settings(webhook_env(telegram, free_port()))


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[WebhookServer]:
    server = WebhookServer(
        build_application(settings), WebhookConfig.from_settings(settings, ALLOWED_UPDATES)
    )
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def tg(api: WebhookBotAPI, server: WebhookServer) -> WebhookChat:
    return WebhookChat(api, server.application)


def base(settings: Settings) -> str:
    host, port = settings.webhook_listen
    return f"http://{host}:{port}"


def label(renderer: Renderer, key: str) -> str:
    return to_plain_text(renderer.ui(key))


async def test_start_up_registers_the_webhook_with_its_secret_and_update_types(
    api: WebhookBotAPI, server: WebhookServer, settings: Settings
) -> None:
    assert api.webhook_url == settings.webhook_url
    (call,) = [c for c in api.calls if c.method == "setWebhook"]
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == list(ALLOWED_UPDATES)


async def test_a_user_gets_real_replies_through_the_webhook(
    tg: WebhookChat, api: WebhookBotAPI, renderer: Renderer
) -> None:
    await tg.send("/start")
    assert label(renderer, "welcome") in to_plain_text(tg.last.html or "")
    await tg.click(label(renderer, "reader_caregiver"))
    await tg.click(label(renderer, "level_simple"))
    menu = to_plain_text(tg.last.html or "")
    assert "Reading level: Simple" in menu
    assert "Written for someone who cares" in menu
    assert api.statuses == [200, 200, 200]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x", SECRET[:-1]])
async def test_a_request_without_the_right_secret_is_refused_and_never_processed(
    tg: WebhookChat, api: WebhookBotAPI, secret: str | None, renderer: Renderer
) -> None:
    forged = {"update_id": 999, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 77, "type": "private", "first_name": "X"},
        "from": {"id": 77, "is_bot": False, "first_name": "X"}, "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }}
    assert await api.post(forged, secret) == 403
    await tg.application.update_queue.join()
    assert api.sent_to(77) == []
    # The same update with the right secret is answered: the refusal was the secret alone.
    assert await api.post(forged, SECRET) == 200
    await tg.application.update_queue.join()
    assert label(renderer, "welcome") in to_plain_text(api.sent_to(77)[-1].html or "")


async def test_malformed_bodies_and_wrong_paths_are_refused(
    tg: WebhookChat, api: WebhookBotAPI, settings: Settings
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session:
        for body in ("{not json", "[1, 2]", '"text"', "{}"):
            async with session.post(f"{base(settings)}{PATH}", data=body,
                                    headers=headers) as response:
                assert response.status == 400, body
        async with session.post(f"{base(settings)}/elsewhere", data="{}",
                                headers=headers) as response:
            assert response.status == 404
        async with session.get(f"{base(settings)}{PATH}") as response:
            assert response.status == 405
    await tg.application.update_queue.join()
    assert api.outbox == []


async def test_health_endpoint_answers_while_the_bot_runs(
    server: WebhookServer, settings: Settings
) -> None:
    async with aiohttp.ClientSession() as session, session.get(
        f"{base(settings)}{HEALTH_PATH}"
    ) as response:
        assert response.status == 200
        assert await response.text() == "ok\n"


async def test_stopping_finishes_updates_in_flight_and_turns_health_to_503(
    tg: WebhookChat, api: WebhookBotAPI, server: WebhookServer, settings: Settings,
    renderer: Renderer,
) -> None:
    api.slow["sendMessage"] = 0.5  # the reply is still on its way when stop() begins
    connector = aiohttp.TCPConnector(limit=1)  # one kept-alive connection, reused below
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get(f"{base(settings)}{HEALTH_PATH}") as response:
            assert response.status == 200
        await tg.api.user_text(tg.chat_id, "/start")
        assert tg.sent == []  # queued, not answered yet
        stopping = asyncio.create_task(server.stop())
        await asyncio.sleep(0.1)
        async with session.get(f"{base(settings)}{HEALTH_PATH}") as response:
            assert response.status == 503
        await stopping
    assert label(renderer, "welcome") in to_plain_text(tg.last.html or "")
    assert not server.application.running
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as session:
            await session.get(f"{base(settings)}{HEALTH_PATH}")


# --- the real command line ---------------------------------------------------------------------

@pytest.fixture
def bot_process(telegram: FakeTelegramServer) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    env = {**os.environ, **webhook_env(telegram, port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "her2bot", "run"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    yield process, f"http://127.0.0.1:{port}"
    if process.poll() is None:
        process.kill()
        process.wait()


async def wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            try:
                async with session.get(f"{url}{HEALTH_PATH}") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError("the bot never became healthy")


async def test_her2bot_run_in_webhook_mode_answers_and_exits_0_on_sigterm_after_finishing(
    api: WebhookBotAPI, bot_process: tuple[subprocess.Popen[bytes], str], renderer: Renderer
) -> None:
    process, url = bot_process
    await wait_healthy(url, process)
    await api.user_text(5, "/start")
    await api.wait_until(lambda: bool(api.sent_to(5)))

    api.slow["sendMessage"] = 0.5
    await api.user_text(6, "/start")  # answered 200: queued in the bot, reply not sent yet
    process.send_signal(signal.SIGTERM)
    returncode = await asyncio.to_thread(process.wait, 15)
    assert returncode == 0, process.stderr.read().decode() if process.stderr else ""
    assert label(renderer, "welcome") in to_plain_text(api.sent_to(6)[-1].html or "")
    # Stopping must not unregister the webhook: other instances still serve it.
    assert not [c for c in api.calls if c.method == "deleteWebhook"]
    assert api.webhook_url is not None


async def test_a_flood_of_forged_requests_is_logged_once_not_per_request(
    tg: WebhookChat, api: WebhookBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="her2bot.webhook")
    for _ in range(5):
        assert await api.post({"update_id": 1}, "forged") == 403
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 1
