"""Anything typed or sent that is not a command."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from her2bot import pages
from her2bot.handlers.common import preferences, reply
from her2bot.services import services


async def non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice notes, files: we can't read them, so say so and offer the menu."""
    s = services(context)
    await reply(update, pages.notice_and_menu(
        s.renderer, await preferences(update, context), "non_text"
    ))
