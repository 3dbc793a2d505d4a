"""Every handler the bot has, registered in one explicit list.

Order matters within a group: python-telegram-bot runs the first matching handler of each
group. Group 0 holds everything a user can do; later groups only catch what group 0 did not.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    Application,
    BaseHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from her2bot import callbacks as cb
from her2bot.handlers import buttons, commands, errors, guide, messages, pictures, typed
from her2bot.handlers.routing import button, stale_buttons

_PRIVATE = filters.ChatType.PRIVATE


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        # Commands: answered in private chats and in groups.
        CommandHandler("start", commands.start),
        CommandHandler("menu", commands.menu),
        CommandHandler("help", commands.help_command),
        CommandHandler("settings", commands.settings),
        CommandHandler("guide", commands.guide),
        CommandHandler("about", commands.about),
        CommandHandler("privacy", commands.privacy),
        CommandHandler("forget", commands.forget),
        # Buttons, one per kind of callback data: routed by prefix, decoded once, tap answered.
        button(cb.ShowMenu, buttons.show_menu),
        button(cb.ShowTopic, buttons.show_topic),
        button(cb.ChangeLevel, buttons.change_level),
        button(cb.ShowSources, buttons.show_sources),
        button(cb.ShowWordList, buttons.show_word_list),
        button(cb.ShowTerm, buttons.show_term),
        button(cb.Onboard, buttons.onboard),
        button(cb.ShowSettings, buttons.show_settings),
        button(cb.SetLevel, buttons.set_level),
        button(cb.SetReader, buttons.set_reader),
        button(cb.ShowAbout, buttons.show_about),
        button(cb.Forget, buttons.forget),
        button(cb.GuideStart, guide.show_start),
        button(cb.GuideFor, guide.choose_reader),
        button(cb.MakeGuide, guide.make),
        button(cb.ShowPicture, pictures.show_picture),
        # Last in the group: whatever is left.
        stale_buttons(),  # old, edited or forged button data: "this button is old", the menu
        MessageHandler(_PRIVATE & filters.COMMAND, commands.unknown_command),
        MessageHandler(_PRIVATE & filters.TEXT & ~filters.COMMAND, typed.free_text),
        MessageHandler(_PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, messages.non_text),
        # In groups, only commands meant for us are answered; other chatter is left alone.
    ]


def register(application: Application) -> None:  # type: ignore[type-arg]
    # Group -2, first of all: flood control for everything a private chat sends.
    application.add_handler(MessageHandler(_PRIVATE, typed.flood_gate), group=-2)
    # Group -1: every private message with text or a caption is checked for urgent symptoms
    # before any other handler sees it; an urgent one is answered here and goes no further.
    application.add_handler(
        MessageHandler(_PRIVATE & (filters.TEXT | filters.CAPTION), typed.urgent_check), group=-1
    )
    for handler in handlers():
        application.add_handler(handler, group=0)
    application.add_error_handler(errors.on_error)
