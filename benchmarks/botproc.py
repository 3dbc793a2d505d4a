"""The bot process a benchmark drives: her2bot itself, or a bare python-telegram-bot bot.

    python -m benchmarks.botproc her2bot|bare [--http VARIANT] [--profile FILE]

Settings come from the environment exactly as for `her2bot run` (HER2BOT_MODE picks polling
or webhook). `--http` (aiohttp, httpx, httpx-pool<N>) swaps the HTTP layer python-telegram-bot
talks to the Bot API with, and `--concurrency` (ordered, sequential, <N>) how updates are
processed, so variants are measured side by side. Without them each bot runs as shipped:
her2bot exactly as `her2bot run` builds it, the bare bot with python-telegram-bot's defaults.
"""

from __future__ import annotations

import argparse
import cProfile
import os
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from her2bot.config import load_settings
from her2bot.delivery import RetryingRateLimiter
from her2bot.logs import configure_logging

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
# The same list as her2bot.app.ALLOWED_UPDATES, without importing the app.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


def _keyboard(step: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(f"Choice {n}", callback_data=f"{step}:{n}")] for n in (1, 2, 3)]
    )


async def _bare_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("Hello. Who is reading?", reply_markup=_keyboard(1))


async def _bare_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    step = int(query.data.split(":")[0]) + 1
    await query.edit_message_text(f"Screen {step}: a fixed text.", reply_markup=_keyboard(step))


# What "default" means for each bot: her2bot's own choices (app.py), python-telegram-bot's.
DEFAULTS = {"her2bot": ("aiohttp", "ordered"), "bare": ("httpx", "sequential")}


def _builder(bot: str, http: str, concurrency: str) -> ApplicationBuilder | None:  # type: ignore[type-arg]
    """The builder for a variant; None for her2bot as shipped (build_application decides)."""
    if bot == "her2bot" and (http, concurrency) == ("default", "default"):
        return None
    http = DEFAULTS[bot][0] if http == "default" else http
    concurrency = DEFAULTS[bot][1] if concurrency == "default" else concurrency
    # her2bot's modules are imported only when a variant uses them: the bare bot's memory
    # figure should carry none of them.
    builder = ApplicationBuilder()
    if http == "aiohttp":
        from her2bot.http import AiohttpRequest

        builder = builder.request(AiohttpRequest()).get_updates_request(
            AiohttpRequest(connection_pool_size=1)
        )
    elif http == "httpx-tuned":
        # python-telegram-bot's own HTTPXRequest, sized for Telegram's pace: at ~30 calls a
        # second few requests are ever in flight, so a small pool of kept-alive HTTP/1.1
        # connections (benchmarks/http_paced.py).
        from telegram.request import HTTPXRequest

        builder = builder.request(
            HTTPXRequest(connection_pool_size=16, http_version="1.1")
        ).get_updates_request(HTTPXRequest(connection_pool_size=1, http_version="1.1"))
    elif http.startswith("httpx-pool"):
        builder = builder.connection_pool_size(int(http.removeprefix("httpx-pool")))
    elif http != "httpx":
        raise SystemExit(f"unknown --http {http}")
    if concurrency == "ordered":
        from her2bot.concurrency import ChatOrderedUpdateProcessor

        builder = builder.concurrent_updates(ChatOrderedUpdateProcessor())
    elif concurrency == "sequential":
        builder = builder.concurrent_updates(False)
    else:
        builder = builder.concurrent_updates(int(concurrency))
    return builder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bot", choices=["her2bot", "bare"])
    parser.add_argument("--http", default="default")
    parser.add_argument("--concurrency", default="default")
    parser.add_argument("--pacing", choices=["default", "on", "off"], default="default",
                        help="Telegram's 30 messages/s pace (her2bot: on as shipped; bare: off)")
    parser.add_argument("--profile", default=None)
    args = parser.parse_args()

    settings = load_settings()
    configure_logging(settings.log_level)
    builder = _builder(args.bot, args.http, args.concurrency)
    paced = args.pacing == "on" or (args.pacing == "default" and args.bot == "her2bot")
    if args.bot == "her2bot":
        # Imported only here, so the bare bot's memory figure carries none of her2bot.
        from her2bot.app import build_application

        application: AnyApplication = build_application(
            settings, builder=builder, rate_limited=paced
        )
    else:
        assert settings.token is not None and builder is not None
        if paced:  # the very rate limiter her2bot uses
            builder = builder.rate_limiter(RetryingRateLimiter())
        application = builder.token(settings.token).base_url(settings.api_base_url).build()
        application.add_handler(CommandHandler("start", _bare_start))
        application.add_handler(CallbackQueryHandler(_bare_button))

    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    try:
        if settings.mode == "polling":
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
        elif args.bot == "her2bot":
            from her2bot.webhook import WebhookConfig, run_webhook

            run_webhook(application, WebhookConfig.from_settings(settings, ALLOWED_UPDATES))
        else:  # the bare bot uses python-telegram-bot's own webhook server
            host, port = settings.webhook_listen
            application.run_webhook(
                listen=host, port=port, url_path=settings.webhook_path.lstrip("/"),
                webhook_url=settings.webhook_url, secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
    os._exit(0)  # skip interpreter teardown: the benchmark reads our CPU time at exit


if __name__ == "__main__":
    main()
