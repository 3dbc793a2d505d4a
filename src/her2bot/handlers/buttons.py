"""Button taps. Each handler answers the query first (so the client stops its spinner), then
edits the tapped message in place. The data is decoded by the codec; stale or forged data
never reaches these functions (see `stale_button`)."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import Update
from telegram.ext import ContextTypes

from her2bot import callbacks as cb
from her2bot import pages
from her2bot.handlers.common import begin, chat_id, preferences, show, show_stale
from her2bot.handlers.navigation import open_target
from her2bot.handlers.pictures import topic_extras
from her2bot.services import services


async def show_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await begin(update)
    await show(update, pages.menu(services(context).renderer, await preferences(update, context)))


async def show_topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = await begin(update)
    s = services(context)
    prefs = await preferences(update, context)
    if not isinstance(data, cb.ShowTopic) or data.topic not in s.content.topics:
        await show_stale(update, context)
        return
    await show(update, pages.topic(
        s.renderer, data.topic, data.level, prefs.reader,
        page=data.page, numbers_ok=data.numbers_ok, origin=_known(s.content.topics, data.origin),
        **topic_extras(context, data.topic),
    ))


async def change_level(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Simpler / More detail: remembered as the reader's level from now on."""
    data = await begin(update)
    s = services(context)
    prefs = await preferences(update, context)
    if not isinstance(data, cb.ChangeLevel) or data.topic not in s.content.topics:
        await show_stale(update, context)
        return
    prefs = prefs.with_level(data.level)
    await s.save(chat_id(update), prefs)
    await show(update, pages.topic(
        s.renderer, data.topic, data.level, prefs.reader,
        numbers_ok=data.numbers_ok, origin=_known(s.content.topics, data.origin),
        **topic_extras(context, data.topic),
    ))


async def show_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = await begin(update)
    s = services(context)
    if not isinstance(data, cb.ShowSources) or data.topic not in s.content.topics:
        await show_stale(update, context)
        return
    await show(update, pages.sources(s.renderer, data.topic, data.level, data.page))


async def show_word_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = await begin(update)
    s = services(context)
    if not isinstance(data, cb.ShowWordList) or data.topic not in s.content.topics:
        await show_stale(update, context)
        return
    await show(update, pages.word_list(s.renderer, data.topic, data.level))


async def show_term(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = await begin(update)
    s = services(context)
    if not isinstance(data, cb.ShowTerm) or data.term not in s.content.glossary:
        await show_stale(update, context)
        return
    await show(update, pages.term(
        s.renderer, data.term, _known(s.content.topics, data.topic), data.level
    ))


async def onboard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """First-time set-up: reader, then level, then the menu or the deep-link target."""
    data = await begin(update)
    s = services(context)
    if not isinstance(data, cb.Onboard):
        await show_stale(update, context)
        return
    if data.reader is None:
        await show(update, pages.ask_reader(s.renderer, data.target, greet=False))
    elif data.level is None:
        await show(update, pages.ask_level(s.renderer, data.reader, data.target))
    else:
        prefs = (await preferences(update, context)).with_reader(data.reader).with_level(data.level)
        await s.save(chat_id(update), prefs)
        await show(update, open_target(s.renderer, prefs, data.target, s.guide))


async def show_settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await begin(update)
    s = services(context)
    await show(update, pages.settings(s.renderer, await preferences(update, context)))


async def set_preference(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = await begin(update)
    s = services(context)
    prefs = await preferences(update, context)
    if isinstance(data, cb.SetLevel):
        prefs = prefs.with_level(data.level)
    elif isinstance(data, cb.SetReader):
        prefs = prefs.with_reader(data.reader)
    else:
        await show_stale(update, context)
        return
    await s.save(chat_id(update), prefs)
    await show(update, pages.settings(s.renderer, prefs, saved=True))


async def show_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await begin(update)
    await show(update, pages.about(services(context).renderer))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = await begin(update)
    s = services(context)
    if not isinstance(data, cb.Forget):
        await show_stale(update, context)
        return
    if not data.yes:
        await show(update, pages.notice_and_menu(
            s.renderer, await preferences(update, context), "forget_cancelled"
        ))
        return
    had_data = await s.forget(chat_id(update))
    await show(update, pages.forgotten(s.renderer, had_data))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any button data we do not (or no longer) understand: back to the menu, kindly."""
    await begin(update)
    await show_stale(update, context)


def _known(topics: Mapping[str, object], topic_id: str | None) -> str | None:
    return topic_id if topic_id in topics else None
