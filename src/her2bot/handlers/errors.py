"""The one error handler: log without personal data, tell the user how to go on."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden
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
