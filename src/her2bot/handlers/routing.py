"""Buttons, decoded once: `button(kind, handler)` routes a tap by its prefix, decodes its data
to the typed value, answers the tap, and hands the value to the handler.

A button handler is then a few lines: `async def f(update, context, data: cb.ShowTopic)`. Data
that does not decode (an old version, an edited or forged button) and a button whose content
is gone (the handler raises `StaleButton`) get the same kind way on: a short "this button is
old" answer and the menu, never a dead end.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from her2bot import callbacks as cb
from her2bot.handlers.common import answer_tap, preferences, show
from her2bot.pages import notice_and_menu
from her2bot.services import services

Data = TypeVar("Data", bound=cb.CallbackData)
ButtonHandler = Callable[[Update, ContextTypes.DEFAULT_TYPE, Data], Awaitable[None]]


class StaleButton(Exception):
    """The button decoded, but what it points to is no longer there (a removed topic)."""


def require(condition: bool) -> None:
    """In a button handler: go on only if the button's target still exists."""
    if not condition:
        raise StaleButton


def button(kind: type[Data], handler: ButtonHandler[Data]) -> CallbackQueryHandler[Any, Any]:
    """The CallbackQueryHandler for one kind of button."""

    async def tapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        data = cb.decode(query.data)
        if not isinstance(data, kind):
            await stale(update, context)
            return
        await answer_tap(query)  # first, so the client stops its spinner
        try:
            await handler(update, context, data)
        except StaleButton:
            await _show_stale(update, context)

    return CallbackQueryHandler(tapped, pattern=cb.route(kind))


async def stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A tap whose data we do not (or no longer) understand: say so, then the menu."""
    query = update.callback_query
    assert query is not None
    await answer_tap(query, str(services(context).renderer.ui("stale_answer")))
    await _show_stale(update, context)


def stale_buttons() -> CallbackQueryHandler[Any, Any]:
    """Last in its group: any tap no `button()` took (an unknown prefix or version)."""
    return CallbackQueryHandler(stale)


async def _show_stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    prefs = await preferences(update, context)
    await show(update, notice_and_menu(s.renderer, prefs, "stale_notice"))
