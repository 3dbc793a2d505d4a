"""The one error handler: log without personal data, tell the user how to go on."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ContextTypes

from her2bot import pages
from her2bot.services import services
from her2bot.store import Preferences

_log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    if isinstance(error, Forbidden):
        return  # the user blocked the bot: nothing to say, nobody to say it to
    if isinstance(error, BadRequest) and "not modified" in error.message.lower():
        return
    if isinstance(error, TimedOut):
        # Telegram may well have the reply already; a notice (or a retry) could say it twice.
        _log.warning("a request to Telegram timed out; not sent again (it may have arrived)")
        return
    if isinstance(error, (NetworkError, RetryAfter)) and not isinstance(error, BadRequest):
        # Telegram unreachable or busy beyond our retries: a notice would fail the same way.
        # The type only: a network error's message can quote the URL, with the token.
        _log.warning("could not reach Telegram to reply (%s)", type(error).__name__)
        return
    # Log the failure, never the update: it holds message text and chat ids.
    kind = type(update).__name__ if update is not None else "none"
    _log.error("error while handling an update (%s)", kind, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    s = services(context)
    try:
        # Defaults, not the store: the store may be what failed.
        await context.bot.send_message(
            chat_id=update.effective_chat.id,
            **pages.notice_and_menu(s.renderer, Preferences(), "error"),
        )
    except Exception:
        _log.warning("could not tell the user about an error", exc_info=False)
