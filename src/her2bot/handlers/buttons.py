"""Button taps. `routing.button(kind, handler)` (see handlers/__init__.py) has already decoded
the data, answered the tap and checked the kind, so each handler gets the typed value and
only shows the next page in place of the tapped message. A button whose topic or term is gone
raises StaleButton (through `require`): the menu, kindly."""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update
from telegram.ext import ContextTypes

from her2bot import callbacks as cb
from her2bot import pages
from her2bot.handlers.common import chat_id, preferences, show
from her2bot.handlers.pictures import topic_extras
from her2bot.handlers.routing import require
from her2bot.services import Services, services
from her2bot.store import Preferences

Context = ContextTypes.DEFAULT_TYPE


async def show_menu(update: Update, context: Context, data: cb.ShowMenu) -> None:
    await show(update, pages.menu(services(context).renderer, await preferences(update, context)))


async def show_topic(update: Update, context: Context, data: cb.ShowTopic) -> None:
    s = _with_topic(context, data.topic)
    prefs = await preferences(update, context)
    await show(update, pages.topic(
        s.renderer, data.topic, data.level, prefs.reader,
        page=data.page, numbers_ok=data.numbers_ok, origin=_known(s, data.origin),
        **topic_extras(context, data.topic),
    ))


async def change_level(update: Update, context: Context, data: cb.ChangeLevel) -> None:
    """Simpler / More detail: remembered as the reader's level from now on."""
    s = _with_topic(context, data.topic)
    prefs = (await preferences(update, context)).with_level(data.level)
    await s.save(chat_id(update), prefs)
    await show(update, pages.topic(
        s.renderer, data.topic, data.level, prefs.reader,
        numbers_ok=data.numbers_ok, origin=_known(s, data.origin),
        **topic_extras(context, data.topic),
    ))


async def show_sources(update: Update, context: Context, data: cb.ShowSources) -> None:
    s = _with_topic(context, data.topic)
    await show(update, pages.sources(s.renderer, data.topic, data.level, data.page))


async def show_word_list(update: Update, context: Context, data: cb.ShowWordList) -> None:
    s = _with_topic(context, data.topic)
    await show(update, pages.word_list(s.renderer, data.topic, data.level))


async def show_term(update: Update, context: Context, data: cb.ShowTerm) -> None:
    s = services(context)
    require(data.term in s.content.glossary)
    await show(update, pages.term(s.renderer, data.term, _known(s, data.topic), data.level))


async def onboard(update: Update, context: Context, data: cb.Onboard) -> None:
    """First-time set-up: reader, then level, then the menu or the deep-link target."""
    s = services(context)
    if data.reader is None:
        await show(update, pages.ask_reader(s.renderer, data.target, greet=False))
    elif data.level is None:
        await show(update, pages.ask_level(s.renderer, data.reader, data.target))
    else:
        prefs = (await preferences(update, context)).with_reader(data.reader).with_level(data.level)
        await s.save(chat_id(update), prefs)
        await show(update, pages.open_target(s.renderer, prefs, data.target, s.guide))


async def show_settings(update: Update, context: Context, data: cb.ShowSettings) -> None:
    s = services(context)
    await show(update, pages.settings(s.renderer, await preferences(update, context)))


async def set_level(update: Update, context: Context, data: cb.SetLevel) -> None:
    await _save_settings(update, context, lambda prefs: prefs.with_level(data.level))


async def set_reader(update: Update, context: Context, data: cb.SetReader) -> None:
    await _save_settings(update, context, lambda prefs: prefs.with_reader(data.reader))


async def show_about(update: Update, context: Context, data: cb.ShowAbout) -> None:
    await show(update, pages.about(services(context).renderer))


async def forget(update: Update, context: Context, data: cb.Forget) -> None:
    s = services(context)
    if not data.yes:
        await show(update, pages.notice_and_menu(
            s.renderer, await preferences(update, context), "forget_cancelled"
        ))
        return
    had_data = await s.forget(chat_id(update))
    await show(update, pages.forgotten(s.renderer, had_data))


async def _save_settings(
    update: Update, context: Context, change: Callable[[Preferences], Preferences]
) -> None:
    s = services(context)
    prefs = change(await preferences(update, context))
    await s.save(chat_id(update), prefs)
    await show(update, pages.settings(s.renderer, prefs, saved=True))


def _with_topic(context: Context, topic_id: str) -> Services:
    """The services, once the button's topic is known to still exist."""
    s = services(context)
    require(topic_id in s.content.topics)
    return s


def _known(s: Services, topic_id: str | None) -> str | None:
    return topic_id if topic_id in s.content.topics else None
