"""The wiring: one Services, built once in app.py, reached through a typed context."""

from __future__ import annotations

from typing import Any

from her2bot.app import build_application
from her2bot.config import load_settings
from her2bot.delivery import DeliveryRateLimiter, DeliveryRequest
from her2bot.services import BOT_DATA_KEY, BotContext, BotData, Services, services
from tests.fakeapi import TOKEN


def test_handlers_get_a_context_whose_services_were_built_once() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_STORE": "memory://"})
    application = build_application(settings)
    assert application.context_types.context is BotContext
    assert isinstance(application.bot_data, BotData)
    assert list(application.bot_data) == [BOT_DATA_KEY]  # no second container by another key
    built = application.bot_data.services
    assert isinstance(built, Services) and built.typed is not None
    context: Any = BotContext(application)
    assert context.services is built
    assert services(context) is built  # the function other code calls
    assert isinstance(application.bot.request, DeliveryRequest)
    assert isinstance(application.bot.rate_limiter, DeliveryRateLimiter)
