"""What every handler needs, built once per Application (app.py) and kept in bot_data.

Handlers reach it as `context.services`: the Application is built with
`ContextTypes(context=BotContext, bot_data=BotData)`. `services(context)` does the same for
code written against the default context type.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from her2bot.config import Settings
from her2bot.content import Content
from her2bot.content.render import Renderer
from her2bot.flood import FloodControl
from her2bot.freetext import FreeText
from her2bot.guide.models import GuideContent
from her2bot.pictures import Pictures
from her2bot.privacy import chat_key
from her2bot.safety import SafetyNet
from her2bot.safety_content import SafetyContent
from her2bot.store import Preferences, PreferenceStore, StoreError

_log = logging.getLogger(__name__)
BOT_DATA_KEY = "services"


@dataclass(frozen=True)
class Typed:
    """What reading typed text needs (handlers/typed.py)."""

    texts: SafetyContent
    safety: SafetyNet
    freetext: FreeText
    flood: FloodControl


@dataclass
class Services:
    settings: Settings
    content: Content
    renderer: Renderer
    store: PreferenceStore
    guide: GuideContent  # the doctor discussion guide's questions and words
    typed: Typed | None = None  # built in app.py; None only where no handler reads typed text
    pictures: Pictures = field(default_factory=Pictures.none)  # content/pictures.yaml
    # Log a store outage once, not once per message, and say when it is back.
    _store_down: bool = field(default=False, repr=False)

    async def stored_preferences(self, chat_id: int) -> Preferences | None:
        """The chat's stored preferences; None if it has none or the store is down."""
        try:
            prefs = await self.store.get(chat_key(self.settings.secret_key, chat_id))
        except StoreError as exc:
            self._note_down(exc)
            return None
        self._note_up()
        return prefs

    async def preferences(self, chat_id: int) -> Preferences:
        return await self.stored_preferences(chat_id) or Preferences()

    async def save(self, chat_id: int, preferences: Preferences) -> None:
        try:
            await self.store.put(chat_key(self.settings.secret_key, chat_id), preferences)
        except StoreError as exc:
            self._note_down(exc)
        else:
            self._note_up()

    async def forget(self, chat_id: int) -> bool:
        return await self.store.delete(chat_key(self.settings.secret_key, chat_id))

    def _note_down(self, exc: StoreError) -> None:
        if not self._store_down:
            self._store_down = True
            _log.warning("preference store unavailable, using defaults: %s", type(exc).__name__)

    def _note_up(self) -> None:
        if self._store_down:
            self._store_down = False
            _log.warning("preference store available again")


class BotData(dict[str, Any]):
    """The Application's bot_data: a dict (tests and tools may look in it) with a typed door."""

    @property
    def services(self) -> Services:
        found = self[BOT_DATA_KEY]
        assert isinstance(found, Services)
        return found


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler gets: `context.services` is the one Services."""

    @property
    def services(self) -> Services:
        return self.bot_data.services


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)


def services(context: CallbackContext[Any, Any, Any, Any]) -> Services:
    """The Services of any context (handlers typed with ContextTypes.DEFAULT_TYPE use this)."""
    if isinstance(context, BotContext):
        return context.services
    found = context.application.bot_data[BOT_DATA_KEY]
    assert isinstance(found, Services)
    return found
