"""The bot process a benchmark drives: her2bot itself, or a bare python-telegram-bot bot.

    python -m benchmarks.botproc her2bot|bare [--http VARIANT] [--profile FILE]

Settings come from the environment exactly as for `her2bot run` (HER2BOT_MODE picks polling
or webhook). `--http` swaps the HTTP layer python-telegram-bot talks to the Bot API with, so
variants are measured side by side; `--concurrency` sets how updates are processed. her2bot
itself runs with no flags: whatever `her2bot run` does.
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

from her2bot.app import ALLOWED_UPDATES, build_application
from her2bot.config import load_settings
from her2bot.http import AiohttpRequest
from her2bot.logs import configure_logging
from her2bot.webhook import WebhookConfig, run_webhook

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


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


def _builder(http: str, concurrency: str) -> ApplicationBuilder:  # type: ignore[type-arg]
    builder = ApplicationBuilder()
    if http.startswith("pool"):
        builder = builder.connection_pool_size(int(http.removeprefix("pool")))
    elif http == "aiohttp":
        builder = builder.request(AiohttpRequest()).get_updates_request(
            AiohttpRequest(connection_pool_size=1)
        )
    elif http != "default":
        raise SystemExit(f"unknown --http {http}")
    if concurrency == "sequential":
        builder = builder.concurrent_updates(False)
    elif concurrency != "default":
        builder = builder.concurrent_updates(int(concurrency))
    return builder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bot", choices=["her2bot", "bare"])
    parser.add_argument("--http", default="default")
    parser.add_argument("--concurrency", default="default")
    parser.add_argument("--profile", default=None)
    args = parser.parse_args()

    settings = load_settings()
    configure_logging(settings.log_level)
    builder = _builder(args.http, args.concurrency)
    if args.bot == "her2bot":
        application: AnyApplication = build_application(settings, builder=builder)
    else:
        assert settings.token is not None
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
