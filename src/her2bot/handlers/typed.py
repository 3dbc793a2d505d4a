"""Typed messages: flood control, the urgent-symptom check, then free text.

Registered in three groups (see handlers/__init__.py), so each step runs before the next and
can end the update with ApplicationHandlerStop:
  -2  flood_gate:   too many messages from one chat: one polite notice, then silence
  -1  urgent_check: every private message with text (or a caption) is checked first
   0  free_text:    topics, word-list entries, or the care-team reply for personal questions
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes

from her2bot import pages, typed_pages
from her2bot.content import default_content_dir
from her2bot.flood import FloodControl, Verdict
from her2bot.freetext import FreeText
from her2bot.handlers.common import chat_id, preferences, reply
from her2bot.privacy import chat_key
from her2bot.safety import SafetyNet
from her2bot.safety_content import SafetyContent
from her2bot.services import services

BOT_DATA_KEY = "typed"


@dataclass(frozen=True)
class Typed:
    """What reading typed text needs, built once per Application."""

    texts: SafetyContent
    safety: SafetyNet
    freetext: FreeText
    flood: FloodControl


def install(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Load the safety net and free-text lists next to the content the bot already serves."""
    s = application.bot_data["services"]
    folder = s.settings.content_dir or default_content_dir()
    # Each file of content/safety/ is read and validated once, by load_library.
    texts = s.safety or SafetyContent(folder)
    application.bot_data[BOT_DATA_KEY] = Typed(
        texts=texts,
        safety=SafetyNet(texts),
        freetext=FreeText(texts, s.content.glossary, s.content.topics),
        flood=FloodControl(),
    )


def typed(context: ContextTypes.DEFAULT_TYPE) -> Typed:
    found = context.application.bot_data[BOT_DATA_KEY]
    assert isinstance(found, Typed)
    return found


def _text(update: Update) -> str:
    message = update.effective_message
    if message is None:
        return ""
    return message.text or message.caption or ""


async def flood_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = typed(context)
    key = chat_key(services(context).settings.secret_key, chat_id(update))
    text = _text(update)
    verdict = t.flood.check(key, urgent=lambda: bool(text) and t.safety.check(text) is not None)
    if verdict is Verdict.PASS:
        return
    if verdict is Verdict.NOTICE:
        await reply(update, typed_pages.slow_down(t.texts))
    raise ApplicationHandlerStop


async def urgent_check(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = typed(context)
    alert = t.safety.check(_text(update))
    if alert is None:
        return  # on to the usual handlers
    s = services(context)
    prefs = await preferences(update, context)
    await reply(update, typed_pages.urgent(
        t.safety, alert, prefs, s.settings.emergency_number, s.settings.poison_control_number
    ))
    await reply(update, pages.menu(s.renderer, prefs))
    raise ApplicationHandlerStop


async def free_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = typed(context)
    s = services(context)
    found = t.freetext.answer(_text(update))
    prefs = await preferences(update, context)
    await reply(update, typed_pages.answer(
        s.renderer, t.texts, found, prefs, s.settings.emergency_number
    ))
