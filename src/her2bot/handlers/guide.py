"""The doctor discussion guide in the chat: who it is for, the situation, then the list twice:
as checklist messages and as a PDF to print.

/guide and `/start guide` show step 1 through `navigation.open_target`; these handlers are the
buttons from there on.
"""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from her2bot import callbacks as cb
from her2bot import pages
from her2bot.guide import build_guide, checklist_messages, render_pdf
from her2bot.guide.pdf import FILENAME
from her2bot.handlers.common import chat_id, edit, preferences
from her2bot.services import services


async def _begin(update: Update) -> cb.CallbackData | None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    return cb.decode(query.data)


async def _show(update: Update, page: pages.Page) -> None:
    """Edit the tapped message, or send a new one if it holds no text to edit."""
    query = update.callback_query
    assert query is not None
    if query.message is not None and getattr(query.message, "text", None) is None:
        await query.get_bot().send_message(chat_id=chat_id(update), **page)
        return
    await edit(query, page)


async def _stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    await _show(update, pages.notice_and_menu(
        s.renderer, await preferences(update, context), "stale_notice"
    ))


async def show_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"Make my question list" / "Make another list": step 1, who is it for?"""
    await _begin(update)
    s = services(context)
    prefs = await preferences(update, context)
    await _show(update, pages.guide_ask_reader(s.renderer, s.guide, prefs))


async def choose_reader(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Step 2: the situation."""
    data = await _begin(update)
    if not isinstance(data, cb.GuideFor):
        await _stale(update, context)
        return
    s = services(context)
    prefs = await preferences(update, context)
    await _show(update, pages.guide_ask_situation(s.renderer, s.guide, prefs, data.reader))


async def make(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The list, at the reader's level: checklist message(s), the PDF, then what to do next."""
    data = await _begin(update)
    if not isinstance(data, cb.MakeGuide):
        await _stale(update, context)
        return
    s = services(context)
    prefs = await preferences(update, context)
    guide = build_guide(data.reader, data.situation, prefs.level, content=s.guide)
    messages = checklist_messages(guide, s.renderer.explanation)
    # The step message becomes the first part of the list, so the chat does not fill with steps.
    await _show(update, pages.Page(text=messages[0], reply_markup=None))
    bot = context.bot
    chat = chat_id(update)
    for text in messages[1:]:
        await bot.send_message(chat_id=chat, text=text)
    await bot.send_chat_action(chat_id=chat, action=ChatAction.UPLOAD_DOCUMENT)
    # A few tens of milliseconds of CPU: off the event loop, so other chats are not held up.
    pdf = await asyncio.to_thread(render_pdf, guide)
    await bot.send_document(
        chat_id=chat, document=pdf, filename=FILENAME, caption=guide.chat["pdf_caption"]
    )
    await bot.send_message(
        chat_id=chat, **pages.guide_sent(s.renderer, s.guide, guide, bot.username)
    )
