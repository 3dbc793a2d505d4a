"""One behaviour for every preference store: memory, SQLite and Redis pass the same tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from her2bot.store import Preferences, PreferenceStore, open_store
from her2bot.vocabulary import Level, Reader
from tests.redis_server import RedisServer

BACKENDS = ["memory", "sqlite", "redis"]
# The module whose utcnow() stamps updated_at, per backend (patched to move the clock).
CLOCK_MODULES = {
    "memory": "her2bot.store.memory",
    "sqlite": "her2bot.store.sqlite",
    "redis": "her2bot.store.redis",
}
T0 = datetime(2026, 1, 10, 12, 0, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if backend == "memory":
        yield "memory://"
    elif backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'prefs.db'}"
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        yield server.url
        # A clean database for the next test on the same server.
        import redis

        client = redis.Redis.from_url(server.url)
        client.flushdb()
        client.close()


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[PreferenceStore]:
    opened = open_store(store_url)
    yield opened
    await opened.close()


@pytest.fixture
def clock(backend: str, monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Set the time a store stamps on what it writes."""
    now = [T0]
    monkeypatch.setattr(f"{CLOCK_MODULES[backend]}.utcnow", lambda: now[0])

    def set_now(moment: datetime) -> None:
        now[0] = moment

    return set_now


async def test_an_unknown_chat_has_no_preferences(store: PreferenceStore) -> None:
    assert await store.get("never-seen") is None


async def test_put_then_get_returns_what_was_stored_with_a_timestamp(
    store: PreferenceStore, clock: Callable[[datetime], None]
) -> None:
    await store.put("chat-a", Preferences(level=Level.SIMPLE, reader=Reader.CAREGIVER))
    got = await store.get("chat-a")
    assert got == Preferences(level=Level.SIMPLE, reader=Reader.CAREGIVER, updated_at=T0)


async def test_the_store_stamps_updated_at_itself(
    store: PreferenceStore, clock: Callable[[datetime], None]
) -> None:
    stale = T0 - timedelta(days=400)
    await store.put("chat-a", Preferences(level=Level.DETAILED, updated_at=stale))
    got = await store.get("chat-a")
    assert got is not None
    assert got.updated_at == T0


async def test_put_replaces_earlier_preferences(store: PreferenceStore) -> None:
    await store.put("chat-a", Preferences(level=Level.SIMPLE, reader=Reader.PATIENT))
    await store.put("chat-a", Preferences(level=Level.DETAILED, reader=Reader.CAREGIVER))
    got = await store.get("chat-a")
    assert got is not None
    assert (got.level, got.reader) == (Level.DETAILED, Reader.CAREGIVER)


async def test_chats_are_kept_apart(store: PreferenceStore) -> None:
    await store.put("chat-a", Preferences(level=Level.SIMPLE))
    await store.put("chat-b", Preferences(level=Level.DETAILED))
    a, b = await store.get("chat-a"), await store.get("chat-b")
    assert a is not None and a.level is Level.SIMPLE
    assert b is not None and b.level is Level.DETAILED


async def test_delete_forgets_a_chat_and_says_whether_anything_was_stored(
    store: PreferenceStore,
) -> None:
    await store.put("chat-a", Preferences(level=Level.SIMPLE))
    await store.put("chat-b", Preferences(level=Level.SIMPLE))
    assert await store.delete("chat-a") is True
    assert await store.get("chat-a") is None
    assert await store.delete("chat-a") is False
    assert await store.get("chat-b") is not None


async def test_purge_deletes_only_chats_not_updated_since_the_cutoff(
    store: PreferenceStore, clock: Callable[[datetime], None]
) -> None:
    clock(T0)
    await store.put("old", Preferences(level=Level.SIMPLE))
    await store.put("refreshed", Preferences(level=Level.SIMPLE))
    clock(T0 + timedelta(days=100))
    await store.put("refreshed", Preferences(level=Level.DETAILED))
    await store.put("new", Preferences(level=Level.DETAILED))

    assert await store.purge_unused_since(T0 + timedelta(days=30)) == 1
    assert await store.get("old") is None
    assert await store.get("refreshed") is not None
    assert await store.get("new") is not None
    # Nothing left that old: a second purge deletes nothing.
    assert await store.purge_unused_since(T0 + timedelta(days=30)) == 0


async def test_purge_keeps_a_chat_updated_exactly_at_the_cutoff(
    store: PreferenceStore, clock: Callable[[datetime], None]
) -> None:
    await store.put("chat-a", Preferences())
    assert await store.purge_unused_since(T0) == 0
    assert await store.get("chat-a") is not None
    assert await store.purge_unused_since(T0 + timedelta(seconds=1)) == 1


async def test_a_purged_chat_can_be_stored_again(
    store: PreferenceStore, clock: Callable[[datetime], None]
) -> None:
    await store.put("chat-a", Preferences(level=Level.SIMPLE))
    await store.purge_unused_since(T0 + timedelta(days=1))
    await store.put("chat-a", Preferences(level=Level.DETAILED))
    got = await store.get("chat-a")
    assert got is not None and got.level is Level.DETAILED


async def test_deleted_chats_are_not_counted_by_a_later_purge(
    store: PreferenceStore, clock: Callable[[datetime], None]
) -> None:
    await store.put("chat-a", Preferences())
    await store.put("chat-b", Preferences())
    await store.delete("chat-a")
    assert await store.purge_unused_since(T0 + timedelta(days=1)) == 1


async def test_preferences_survive_closing_and_reopening(backend: str, store_url: str) -> None:
    if backend == "memory":
        pytest.skip("the memory store keeps nothing across processes by design")
    first = open_store(store_url)
    await first.put("chat-a", Preferences(level=Level.DETAILED, reader=Reader.CAREGIVER))
    await first.close()
    second = open_store(store_url)
    try:
        got = await second.get("chat-a")
    finally:
        await second.close()
    assert got is not None
    assert (got.level, got.reader) == (Level.DETAILED, Reader.CAREGIVER)
