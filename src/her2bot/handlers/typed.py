"""Typed messages: flood control, the urgent-symptom check, then free text.

Registered in three groups (see handlers/__init__.py), so each step runs before the next and
can end the update with ApplicationHandlerStop:
  -2  flood_gate:   too many messages from one chat: one polite notice, then silence
  -1  urgent_check: every private message with text (or a caption) is checked first
   0  free_text:    topics, word-list entries, or the care-team reply for personal questions
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from her2bot import pages
from her2bot.flood import Verdict
from her2bot.handlers.common import chat_id, preferences, reply
from her2bot.privacy import chat_key
from her2bot.services import Typed, services

__all__ = ["Typed", "flood_gate", "free_text", "typed", "urgent_check"]



def typed(context: ContextTypes.DEFAULT_TYPE) -> Typed:
    """The safety net, free-text lists and flood control, built once in app.py's Services."""
    found = services(context).typed
    assert found is not None
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
        await reply(update, pages.slow_down(services(context).renderer))
    raise ApplicationHandlerStop


async def urgent_check(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = typed(context)
    alert = t.safety.check(_text(update))
    if alert is None:
        return  # on to the usual handlers
    s = services(context)
    prefs = await preferences(update, context)
    await reply(update, pages.urgent(
        t.safety, alert, prefs, s.settings.emergency_number, s.settings.poison_control_number
    ))
    await reply(update, pages.menu(s.renderer, prefs))
    raise ApplicationHandlerStop


async def free_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = typed(context)
    s = services(context)
    found = t.freetext.answer(_text(update))
    prefs = await preferences(update, context)
    await reply(update, pages.typed_answer(
        s.renderer, t.texts, found, prefs, s.settings.emergency_number
    ))
