"""The default store: one SQLite file, safe across restarts, no server to run."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from her2bot.store.base import Preferences, PreferenceStore, StoreError, utcnow
from her2bot.vocabulary import Level, Reader

_SCHEMA = """
CREATE TABLE IF NOT EXISTS preferences (
    chat_key   TEXT PRIMARY KEY,
    level      TEXT NOT NULL,
    reader     TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


class SqliteStore(PreferenceStore):
    def __init__(self, path: Path) -> None:
        self._path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection guarded by a lock; calls run in a worker thread so the
        # event loop never blocks on disk.
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(_SCHEMA)
        self._lock = asyncio.Lock()

    async def _run(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        async with self._lock:
            try:
                return await asyncio.to_thread(self._conn.execute, sql, params)
            except sqlite3.Error as exc:
                raise StoreError(f"sqlite: {exc}") from exc

    async def get(self, chat_key: str) -> Preferences | None:
        cursor = await self._run(
            "SELECT level, reader, updated_at FROM preferences WHERE chat_key = ?", (chat_key,)
        )
        row = cursor.fetchone()
        if row is None:
            return None
        try:
            return Preferences(
                level=Level(row[0]), reader=Reader(row[1]),
                updated_at=datetime.fromisoformat(row[2]),
            )
        except ValueError:
            # A row written by a future version: treat as unknown, not as a crash.
            return None

    async def put(self, chat_key: str, preferences: Preferences) -> None:
        stamped = replace(preferences, updated_at=utcnow())
        await self._run(
            "INSERT INTO preferences (chat_key, level, reader, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(chat_key) DO UPDATE SET level = excluded.level, "
            "reader = excluded.reader, updated_at = excluded.updated_at",
            (chat_key, stamped.level.value, stamped.reader.value, _iso(stamped.updated_at)),
        )

    async def delete(self, chat_key: str) -> bool:
        cursor = await self._run("DELETE FROM preferences WHERE chat_key = ?", (chat_key,))
        return cursor.rowcount > 0

    async def purge_unused_since(self, cutoff: datetime) -> int:
        cursor = await self._run("DELETE FROM preferences WHERE updated_at < ?", (_iso(cutoff),))
        return cursor.rowcount

    async def close(self) -> None:
        async with self._lock:
            await asyncio.to_thread(self._conn.close)


def _iso(moment: datetime | None) -> str:
    assert moment is not None
    return moment.isoformat()
