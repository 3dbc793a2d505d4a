"""Preference stores, chosen by URL: sqlite:///path (default), memory://, redis://."""

from __future__ import annotations

from pathlib import Path

from her2bot.store.base import Preferences, PreferenceStore, StoreError
from her2bot.store.memory import MemoryStore
from her2bot.store.sqlite import SqliteStore

__all__ = ["MemoryStore", "PreferenceStore", "Preferences", "StoreError", "open_store"]


def open_store(url: str) -> PreferenceStore:
    """Open the backend a store URL names. The URL was validated by config."""
    if url.startswith("memory://"):
        return MemoryStore()
    if url.startswith("sqlite:///"):
        return SqliteStore(Path(url.removeprefix("sqlite:///")).expanduser())
    if url.startswith(("redis://", "rediss://")):
        from her2bot.store.redis import RedisStore  # imported here: only Redis users need it

        return RedisStore(url)
    raise ValueError(f"unsupported store URL scheme: {url.split(':', 1)[0]}")
