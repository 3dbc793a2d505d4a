"""The real Application, pointed by HER2BOT_API_BASE_URL at a fake Bot API on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.ext import Application

from her2bot.app import build_application, start, stop
from her2bot.config import Settings, load_settings
from her2bot.offline.botapi import BotAPI
from tests.e2e.harness import Chat
from tests.e2e.webhook_delivery import WebhookBotAPI
from tests.fakeapi import TOKEN, FakeTelegramServer


@pytest.fixture
async def telegram(request: pytest.FixtureRequest) -> AsyncIterator[FakeTelegramServer]:
    # Modules marked `webhook` get an API that also POSTs updates to the bot's webhook.
    webhook = request.node.get_closest_marker("webhook") is not None
    server = FakeTelegramServer(WebhookBotAPI() if webhook else BotAPI())
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def api(telegram: FakeTelegramServer) -> WebhookBotAPI:
    assert isinstance(telegram.api, WebhookBotAPI), "mark the test module with webhook"
    return telegram.api


@pytest.fixture
def bot_env(telegram: FakeTelegramServer) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "HER2BOT_API_BASE_URL": telegram.base_url,
        "HER2BOT_STORE": "memory://",
    }


@pytest.fixture
def settings(bot_env: dict[str, str]) -> Settings:
    return load_settings(bot_env)


async def start_bot(settings: Settings, **kwargs: Any) -> Application[Any, Any, Any, Any, Any, Any]:
    application = build_application(settings, **kwargs)
    await start(application, polling=True, poll_timeout=1)
    return application


async def stop_bot(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await stop(application)


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    application = await start_bot(settings)
    yield application
    await stop_bot(application)


@pytest.fixture
def tg(telegram: FakeTelegramServer, bot: Application[Any, Any, Any, Any, Any, Any]) -> Chat:
    return Chat(telegram.api, bot)
