"""Small helpers shared by the handlers: who is asking, and how to show a page."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from her2bot.pages import Page
from her2bot.services import services
from her2bot.store import Preferences

_log = logging.getLogger(__name__)


def chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


async def preferences(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Preferences:
    return await services(context).preferences(chat_id(update))


async def answer_tap(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button tap so the client stops its spinner (with an optional short note).

    Telegram refuses answers to a tap that is too old ("query is too old ... or query ID is
    invalid": the bot was down, busy or restarted, or the update was re-delivered); the page
    is what matters, so a failure never stops it: logged at DEBUG, no traceback, nothing raised.
    """
    try:
        await query.answer(text=text)
    except TelegramError as exc:
        _log.debug("could not answer a button tap (%s: %s)", type(exc).__name__,
                   getattr(exc, "message", ""))


async def reply(update: Update, page: Page) -> None:
    """Send a page as a new message (commands, typed text)."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(**page)


async def edit(query: CallbackQuery, page: Page) -> None:
    """Show a page in place of the message whose button was tapped.

    A message that can no longer be edited (too old, deleted, or a document) gets the page as
    a new message instead, so a tap is never lost.
    """
    if query.message is not None and getattr(query.message, "text", None) is None:
        # A document (the guide's PDF) or an inaccessible message: nothing to edit, so don't try.
        await query.get_bot().send_message(chat_id=query.message.chat.id, **page)
        return
    try:
        await query.edit_message_text(**page)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return  # the same screen tapped twice: nothing to change
        _log.info("could not edit message (%s); sending a new one", exc.message)
        if query.message is None:
            raise
        await query.get_bot().send_message(chat_id=query.message.chat.id, **page)


async def show(update: Update, page: Page) -> None:
    """Show a page in answer to a button tap (see `edit`)."""
    assert update.callback_query is not None
    await edit(update.callback_query, page)
