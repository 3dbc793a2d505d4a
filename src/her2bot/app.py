"""The app factory: settings in, a ready python-telegram-bot Application out."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from her2bot import handlers, redact, retention
from her2bot.concurrency import ChatOrderedUpdateProcessor
from her2bot.config import Settings
from her2bot.content import Content
from her2bot.content.render import Renderer
from her2bot.delivery import RetryingRateLimiter
from her2bot.http import AiohttpRequest
from her2bot.library import load_library
from her2bot.services import BOT_DATA_KEY, Services
from her2bot.store import PreferenceStore, open_store

_log = logging.getLogger(__name__)

# The update types the bot handles; Telegram need not send the rest.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


def build_application(
    settings: Settings,
    *,
    builder: ApplicationBuilder | None = None,  # type: ignore[type-arg]
    content: Content | None = None,
    store: PreferenceStore | None = None,
    rate_limited: bool = True,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """Build the bot. Tests pass a builder (or HER2BOT_API_BASE_URL) to point it at loopback.

    rate_limited=False drops Telegram's 30-calls-a-second pace (and the retries with it): only
    for tests that tap through hundreds of screens against the fake API.
    """
    redact.install([settings.token])  # before anything can log a request URL
    # Every content file read once, before the store: fail fast, leak nothing.
    library = load_library(settings.content_dir, content)
    services = Services(
        settings=settings,
        content=library.content,
        renderer=Renderer(library.content),
        guide=library.guide,
        safety=library.safety,
        store=store or open_store(settings.store_url),
    )
    if builder is None:
        # Measured in benchmarks/README.md: an aiohttp HTTP layer costs far less CPU per
        # update than the default httpx one, and chats handled side by side (each in order)
        # answer many users without queueing them behind each other.
        builder = (
            ApplicationBuilder()
            .request(AiohttpRequest())
            .get_updates_request(AiohttpRequest(connection_pool_size=1))
            .concurrent_updates(ChatOrderedUpdateProcessor())
        )
    if settings.token is not None:
        builder = builder.token(settings.token)
    builder = (
        builder.base_url(settings.api_base_url)
        .defaults(Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if rate_limited:
        # Telegram's rate limits, 429s and passing network errors: see delivery.py.
        builder = builder.rate_limiter(RetryingRateLimiter())
    application = builder.build()
    application.bot_data[BOT_DATA_KEY] = services
    handlers.register(application)
    retention.schedule(application)
    return application


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = application.bot_data[BOT_DATA_KEY]
    await application.bot.set_my_commands(
        [BotCommand(name, description) for name, description in services.content.commands]
    )
    _log.info("bot ready as @%s", application.bot.username)


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = application.bot_data[BOT_DATA_KEY]
    await services.store.close()
