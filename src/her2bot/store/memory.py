"""An in-memory store for tests and the offline chat: nothing survives the process."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from her2bot.store.base import Preferences, PreferenceStore, utcnow


class MemoryStore(PreferenceStore):
    def __init__(self) -> None:
        self._rows: dict[str, Preferences] = {}
        self._file_ids: dict[str, str] = {}

    async def get_file_id(self, key: str) -> str | None:
        return self._file_ids.get(key)

    async def put_file_id(self, key: str, file_id: str) -> None:
        self._file_ids[key] = file_id

    async def get(self, chat_key: str) -> Preferences | None:
        return self._rows.get(chat_key)

    async def put(self, chat_key: str, preferences: Preferences) -> None:
        self._rows[chat_key] = replace(preferences, updated_at=utcnow())

    async def delete(self, chat_key: str) -> bool:
        return self._rows.pop(chat_key, None) is not None

    async def purge_unused_since(self, cutoff: datetime) -> int:
        stale = [
            key for key, prefs in self._rows.items()
            if prefs.updated_at is not None and prefs.updated_at < cutoff
        ]
        for key in stale:
            del self._rows[key]
        return len(stale)
