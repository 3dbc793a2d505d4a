"""Two `her2bot run` processes in webhook mode sharing one Redis, as behind a load balancer."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from her2bot.content import load_content
from her2bot.content.render import Renderer
from her2bot.telegram_html import to_plain_text
from her2bot.webhook import HEALTH_PATH
from tests.e2e.webhook_delivery import WebhookBotAPI
from tests.fakeapi import TOKEN, FakeTelegramServer
from tests.redis_server import RedisServer, free_port

# The fake API delivers updates to the bot's webhook (see tests/e2e/conftest.py).
pytestmark = pytest.mark.webhook

PATH = "/telegram/webhook"
STORE_DOWN = "preference store unavailable"


class Instance:
    """One bot process; its log goes to a file so the test can read what it warned about."""

    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{PATH}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "her2bot", "run"],
            env={**env, "HER2BOT_WEBHOOK_URL": self.url,
                 "HER2BOT_WEBHOOK_LISTEN": f"127.0.0.1:{self.port}"},
            stdout=subprocess.DEVNULL, stderr=log.open("wb"),
        )

    async def healthy(self) -> None:
        async with aiohttp.ClientSession() as session:
            for _ in range(400):
                assert self.process.poll() is None, f"{self.name} exited:\n{self.log.read_text()}"
                try:
                    async with session.get(
                        f"http://127.0.0.1:{self.port}{HEALTH_PATH}"
                    ) as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name} never became healthy:\n{self.log.read_text()}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    data = tmp_path / "redis"
    data.mkdir()
    server = RedisServer(data)
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def instances(
    telegram: FakeTelegramServer, redis_server: RedisServer, tmp_path: Path
) -> AsyncIterator[tuple[Instance, Instance]]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "HER2BOT_API_BASE_URL": telegram.base_url,
        "HER2BOT_STORE": redis_server.url,
        "HER2BOT_MODE": "webhook",
        "HER2BOT_WEBHOOK_SECRET": "shared-webhook-secret",
        # The same key on every instance: chat keys must agree for preferences to be shared.
        "HER2BOT_SECRET_KEY": "shared-secret-key-for-both-instances",
        "HER2BOT_LOG_LEVEL": "INFO",
    }
    pair = (Instance("A", env, tmp_path / "a.log"), Instance("B", env, tmp_path / "b.log"))
    try:
        await asyncio.gather(*(instance.healthy() for instance in pair))
        yield pair
    finally:
        for instance in pair:
            instance.kill()


class User:
    """A person whose updates the load balancer (the test) sends to a chosen instance."""

    def __init__(self, api: WebhookBotAPI, chat_id: int) -> None:
        self.api = api
        self.chat_id = chat_id

    async def send(self, via: Instance, text: str) -> str:
        before = len(self.api.sent_to(self.chat_id))
        self.api.target = via.url
        await self.api.user_text(self.chat_id, text)
        return await self._reply(before)

    async def click(self, via: Instance, label: str) -> str:
        sent = self.api.sent_to(self.chat_id)
        message = self.api.messages[(self.chat_id, sent[-1].message_id)]
        (data,) = [b["callback_data"] for b in message.buttons if b["text"] == label]
        edits = message.edits
        self.api.target = via.url
        await self.api.user_click(self.chat_id, message.message_id, data)
        await self.api.wait_until(lambda: message.edits > edits)
        return to_plain_text(message.html or "")

    async def _reply(self, before: int) -> str:
        await self.api.wait_until(lambda: len(self.api.sent_to(self.chat_id)) > before)
        return to_plain_text(self.api.sent_to(self.chat_id)[-1].html or "")


async def test_two_instances_share_preferences_survive_a_crash_and_a_redis_restart(
    api: WebhookBotAPI, instances: tuple[Instance, Instance], redis_server: RedisServer,
) -> None:
    a, b = instances
    ui = Renderer(load_content())

    def label(key: str) -> str:
        return to_plain_text(ui.ui(key))

    # A level chosen through one instance is used by the other.
    ann = User(api, 101)
    assert label("welcome") in await ann.send(a, "/start")
    await ann.click(a, label("reader_caregiver"))
    assert "Reading level: Detailed" in await ann.click(a, label("level_detailed"))
    menu_from_b = await ann.send(b, "/start")
    assert label("welcome_back") in menu_from_b
    assert "Reading level: Detailed" in menu_from_b
    assert "Written for someone who cares" in menu_from_b

    # One instance dies mid-run; the other keeps answering, with the stored preferences.
    a.kill()
    assert "Reading level: Detailed" in await ann.send(b, "/menu")
    bob = User(api, 102)
    assert label("welcome") in await bob.send(b, "/start")
    await bob.click(b, label("reader_patient"))
    assert "Reading level: Simple" in await bob.click(b, label("level_simple"))

    # Redis crashes: the bot keeps answering, with default preferences, and warns once.
    redis_server.kill()
    assert "Reading level: Standard" in await ann.send(b, "/menu")
    assert "Reading level: Standard" in await bob.send(b, "/menu")
    carol = User(api, 103)
    assert label("welcome") in await carol.send(b, "/start")

    # Redis is back: nothing it had acknowledged was lost.
    redis_server.start()
    assert "Reading level: Detailed" in await ann.send(b, "/menu")
    assert "Reading level: Simple" in await bob.send(b, "/menu")

    log = b.log.read_text()
    assert log.count(STORE_DOWN) == 1, log
    assert "Traceback" not in log, log
    assert all(status == 200 for status in api.statuses)
