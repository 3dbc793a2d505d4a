"""The app factory: settings in, a ready python-telegram-bot Application out."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ApplicationBuilder, Defaults

from her2bot import handlers, redact, retention, updates
from her2bot.concurrency import ChatOrderedUpdateProcessor
from her2bot.config import Settings
from her2bot.content import Content
from her2bot.content.render import Renderer
from her2bot.delivery import DeliveryRateLimiter, DeliveryRequest
from her2bot.flood import FloodControl
from her2bot.freetext import FreeText
from her2bot.http import AiohttpRequest
from her2bot.library import load_library
from her2bot.safety import SafetyNet
from her2bot.services import BOT_DATA_KEY, CONTEXT_TYPES, Services, Typed
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
    typed = Typed(
        texts=library.safety,
        safety=SafetyNet(library.safety),
        freetext=FreeText(library.safety, library.content.glossary, library.content.topics),
        flood=FloodControl(),
    )
    services = Services(
        settings=settings,
        content=library.content,
        renderer=Renderer(library.content),
        guide=library.guide,
        store=store or open_store(settings.store_url),  # last: fail fast, leak nothing
        typed=typed,
        pictures=library.pictures,
    )
    if builder is None:
        # Measured in benchmarks/README.md: an aiohttp HTTP layer costs far less CPU per
        # update than the default httpx one, and chats handled side by side (each in order)
        # answer many users without queueing them behind each other.
        builder = (
            ApplicationBuilder()
            .request(DeliveryRequest(AiohttpRequest()))
            .get_updates_request(DeliveryRequest(AiohttpRequest(connection_pool_size=1)))
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
        .context_types(CONTEXT_TYPES)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if rate_limited:
        # Telegram's rate limits, 429s and groups that became supergroups: see delivery.py.
        builder = builder.rate_limiter(DeliveryRateLimiter())
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


class StartError(Exception):
    """The bot could not start; the message is one line for the operator."""


AnyApplication = Application[Any, Any, Any, Any, Any, Any]


async def start(
    application: AnyApplication, *, polling: bool = False, poll_timeout: float = 10
) -> None:
    """Start the way Application.run_polling does (initialize, post_init, start), polling
    optionally. One line (StartError), not a traceback, when Telegram cannot be reached or
    refuses the token; python-telegram-bot's retries with backoff begin only after this."""
    try:
        await application.initialize()
    except InvalidToken:
        await _close_after_failed_start(application)
        raise StartError(
            "the Bot API refused the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN"
        ) from None
    except NetworkError as exc:  # also TimedOut
        await _close_after_failed_start(application)
        reason = redact.redact(str(exc.__cause__ or exc) or type(exc).__name__)
        where = redact.redact(application.bot.base_url).removesuffix(redact.REDACTED)
        raise StartError(f"cannot reach the Bot API at {where}: {reason}") from None
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    if polling:
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0, timeout=int(poll_timeout), allowed_updates=ALLOWED_UPDATES,
            error_callback=updates.PollingErrors(),
        )


async def stop(application: AnyApplication) -> None:
    """The reverse of `start`: stop polling, finish queued updates, shut down, close clients."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


@asynccontextmanager
async def running(
    application: AnyApplication, *, polling: bool = True, poll_timeout: float = 10
) -> AsyncIterator[AnyApplication]:
    """`async with running(app):` the bot runs inside; `her2bot run`, `chat` and tests use it."""
    await start(application, polling=polling, poll_timeout=poll_timeout)
    try:
        yield application
    finally:
        await stop(application)


async def _close_after_failed_start(application: AnyApplication) -> None:
    await application.bot.shutdown()  # the HTTP clients opened before getMe failed
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
