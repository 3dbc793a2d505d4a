"""Slash commands. Each sends a new message with a page."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from her2bot import pages
from her2bot.handlers.common import chat_id, preferences, reply
from her2bot.services import services


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, also with a deep-link payload such as `/start guide` or `/start topic_brain`."""
    s = services(context)
    target = pages.resolve_target(s.content, context.args[0] if context.args else None)
    stored = await s.stored_preferences(chat_id(update))
    if stored is None:
        await reply(update, pages.ask_reader(s.renderer, target))
        return
    if target is not None:
        await reply(update, pages.open_target(s.renderer, stored, target, s.guide))
        return
    await reply(update, pages.notice_and_menu(s.renderer, stored, "welcome_back"))


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, pages.menu(services(context).renderer, await preferences(update, context)))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    prefs = await preferences(update, context)
    await reply(update, pages.help_page(services(context).renderer, prefs.level))


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    await reply(update, pages.settings(s.renderer, await preferences(update, context)))


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, pages.about(services(context).renderer))


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    await reply(update, pages.privacy(s.renderer, s.settings.retention_days))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, pages.forget_ask(services(context).renderer))


async def guide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    await reply(update, pages.open_target(
        s.renderer, await preferences(update, context), "guide", s.guide
    ))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    await reply(update, pages.notice_and_menu(
        s.renderer, await preferences(update, context), "unknown_command"
    ))
