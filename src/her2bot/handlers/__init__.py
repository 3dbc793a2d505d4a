"""Every handler the bot has, registered in one explicit list.

Order matters within a group: python-telegram-bot runs the first matching handler of each
group. Group 0 holds everything a user can do; later groups only catch what group 0 did not.
"""

from __future__ import annotations

import re
from typing import Any

from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from her2bot import callbacks as cb
from her2bot.handlers import buttons, commands, errors, guide, messages, pictures, typed

_PRIVATE = filters.ChatType.PRIVATE


def _button(kind: type[cb.CallbackData]) -> re.Pattern[str]:
    """Route by prefix only; the codec does the full, anchored parse."""
    return re.compile(rf"^{cb.VERSION}:{kind.PREFIX}(:|$)")


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
        # Buttons, one per callback prefix.
        CallbackQueryHandler(buttons.show_menu, pattern=_button(cb.ShowMenu)),
        CallbackQueryHandler(buttons.show_topic, pattern=_button(cb.ShowTopic)),
        CallbackQueryHandler(buttons.change_level, pattern=_button(cb.ChangeLevel)),
        CallbackQueryHandler(buttons.show_sources, pattern=_button(cb.ShowSources)),
        CallbackQueryHandler(buttons.show_word_list, pattern=_button(cb.ShowWordList)),
        CallbackQueryHandler(buttons.show_term, pattern=_button(cb.ShowTerm)),
        CallbackQueryHandler(buttons.onboard, pattern=_button(cb.Onboard)),
        CallbackQueryHandler(buttons.show_settings, pattern=_button(cb.ShowSettings)),
        CallbackQueryHandler(buttons.set_preference, pattern=_button(cb.SetLevel)),
        CallbackQueryHandler(buttons.set_preference, pattern=_button(cb.SetReader)),
        CallbackQueryHandler(buttons.show_about, pattern=_button(cb.ShowAbout)),
        CallbackQueryHandler(buttons.forget, pattern=_button(cb.Forget)),
        CallbackQueryHandler(guide.show_start, pattern=_button(cb.GuideStart)),
        CallbackQueryHandler(guide.choose_reader, pattern=_button(cb.GuideFor)),
        CallbackQueryHandler(guide.make, pattern=_button(cb.MakeGuide)),
        CallbackQueryHandler(pictures.show_picture, pattern=_button(cb.ShowPicture)),
        # Last in the group: whatever is left.
        CallbackQueryHandler(buttons.stale_button),  # old, edited or forged button data
        MessageHandler(_PRIVATE & filters.COMMAND, commands.unknown_command),
        MessageHandler(_PRIVATE & filters.TEXT & ~filters.COMMAND, typed.free_text),
        MessageHandler(_PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, messages.non_text),
        # In groups, only commands meant for us are answered; other chatter is left alone.
    ]


def register(application: Application) -> None:  # type: ignore[type-arg]
    typed.install(application)
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
