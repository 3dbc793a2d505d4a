"""The preference store interface: the only state the bot keeps about a chat."""

from __future__ import annotations

import abc
from datetime import datetime

from her2bot.vocabulary import Preferences, utcnow

__all__ = ["PreferenceStore", "Preferences", "StoreError", "utcnow"]


class StoreError(Exception):
    """A backend could not answer; callers fall back to defaults and keep answering."""


class PreferenceStore(abc.ABC):
    """Async key-value store of Preferences, keyed by an opaque chat key (never a raw chat id)."""

    @abc.abstractmethod
    async def get(self, chat_key: str) -> Preferences | None:
        """The stored preferences, or None for a chat we know nothing about."""

    @abc.abstractmethod
    async def put(self, chat_key: str, preferences: Preferences) -> None:
        """Store preferences; the backend stamps updated_at."""

    @abc.abstractmethod
    async def delete(self, chat_key: str) -> bool:
        """Forget a chat entirely; True when something was stored."""

    @abc.abstractmethod
    async def purge_unused_since(self, cutoff: datetime) -> int:
        """Delete every chat not updated since cutoff; the number deleted."""

    async def close(self) -> None:  # noqa: B027 - optional hook, most backends need nothing
        """Release connections."""
