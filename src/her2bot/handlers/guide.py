"""The doctor discussion guide in the chat: who it is for, the situation, then the list twice:
as checklist messages and as a PDF to print.

/guide and `/start guide` show step 1 through `pages.open_target`; these handlers are the
buttons from there on (routed and decoded by `routing.button`).
"""

from __future__ import annotations

import asyncio
import contextlib

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from her2bot import callbacks as cb
from her2bot import pages
from her2bot.guide import build_guide, checklist_messages, render_pdf
from her2bot.guide.pdf import FILENAME
from her2bot.handlers.common import chat_id, preferences, show
from her2bot.services import services


async def show_start(
    update: Update, context: ContextTypes.DEFAULT_TYPE, data: cb.GuideStart
) -> None:
    """"Make my question list" / "Make another list": step 1, who is it for?"""
    s = services(context)
    prefs = await preferences(update, context)
    await show(update, pages.guide_ask_reader(s.renderer, s.guide, prefs))


async def choose_reader(
    update: Update, context: ContextTypes.DEFAULT_TYPE, data: cb.GuideFor
) -> None:
    """Step 2: the situation."""
    s = services(context)
    prefs = await preferences(update, context)
    await show(update, pages.guide_ask_situation(s.renderer, s.guide, prefs, data.reader))


async def make(update: Update, context: ContextTypes.DEFAULT_TYPE, data: cb.MakeGuide) -> None:
    """The list, at the reader's level: checklist message(s), the PDF, then what to do next."""
    s = services(context)
    prefs = await preferences(update, context)
    guide = build_guide(data.reader, data.situation, prefs.level, content=s.guide)
    messages = checklist_messages(guide, s.renderer.explanation)
    # The step message becomes the first part of the list, so the chat does not fill with steps.
    await show(update, pages.Page(text=messages[0], reply_markup=None))
    bot = context.bot
    chat = chat_id(update)
    for text in messages[1:]:
        await bot.send_message(chat_id=chat, text=text)
    # Only the "sending a file..." hint: never a reason to withhold the PDF.
    with contextlib.suppress(TelegramError):
        await bot.send_chat_action(chat_id=chat, action=ChatAction.UPLOAD_DOCUMENT)
    # A few tens of milliseconds of CPU: off the event loop, so other chats are not held up.
    pdf = await asyncio.to_thread(render_pdf, guide)
    await bot.send_document(
        chat_id=chat, document=pdf, filename=FILENAME, caption=guide.chat["pdf_caption"]
    )
    await bot.send_message(
        chat_id=chat, **pages.guide_sent(s.renderer, s.guide, guide, bot.username)
    )
