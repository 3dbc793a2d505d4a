"""What only the Redis store must do: survive Redis restarts and outages, purge at scale."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from her2bot.config import load_settings
from her2bot.content import load_content
from her2bot.content.render import Renderer
from her2bot.guide import load_guide_content
from her2bot.services import Services
from her2bot.store import Preferences, StoreError
from her2bot.store.redis import RedisStore
from her2bot.vocabulary import Level, Reader
from tests.redis_server import RedisServer


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    # One server per test: these tests stop and kill it.
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def store(server: RedisServer) -> AsyncIterator[RedisStore]:
    opened = RedisStore(server.url)
    yield opened
    await opened.close()


async def _fill(store: RedisStore, count: int) -> None:
    for number in range(count):
        level = list(Level)[number % 3]
        await store.put(f"chat-{number}", Preferences(level=level, reader=Reader.CAREGIVER))


async def _assert_all_there(store: RedisStore, count: int) -> None:
    for number in range(count):
        got = await store.get(f"chat-{number}")
        assert got is not None, f"chat-{number} was lost"
        assert got.level is list(Level)[number % 3]
        assert got.reader is Reader.CAREGIVER


async def test_a_crash_of_redis_loses_no_stored_preference(
    server: RedisServer, store: RedisStore
) -> None:
    # appendfsync always: every write acknowledged to the bot is already on disk.
    await _fill(store, 50)
    server.kill()
    server.start()
    # The same client reconnects by itself.
    await _assert_all_there(store, 50)


async def test_a_clean_redis_restart_loses_no_stored_preference(
    server: RedisServer, store: RedisStore
) -> None:
    await _fill(store, 50)
    server.stop()
    server.start()
    await _assert_all_there(store, 50)


async def test_while_redis_is_down_every_call_fails_with_store_error(
    server: RedisServer, store: RedisStore
) -> None:
    await store.put("chat-a", Preferences(level=Level.SIMPLE))
    server.stop()
    with pytest.raises(StoreError):
        await store.get("chat-a")
    with pytest.raises(StoreError):
        await store.put("chat-b", Preferences())
    with pytest.raises(StoreError):
        await store.delete("chat-a")
    with pytest.raises(StoreError):
        await store.purge_unused_since(datetime.now(UTC))
    assert await store.ping() is False

    server.start()
    got = await store.get("chat-a")
    assert got is not None and got.level is Level.SIMPLE
    assert await store.ping() is True


async def test_the_bot_answers_with_defaults_while_redis_is_down_and_warns_once(
    server: RedisServer, store: RedisStore, caplog: pytest.LogCaptureFixture,
) -> None:
    content = load_content()
    services = Services(
        settings=load_settings({"HER2BOT_STORE": server.url, "HER2BOT_SECRET_KEY": "k" * 32},
                               require_token=False),
        content=content, renderer=Renderer(content), store=store,
        guide=load_guide_content(None),
    )
    await services.save(1, Preferences(level=Level.DETAILED, reader=Reader.CAREGIVER))
    server.stop()
    caplog.set_level(logging.INFO)

    for chat_id in (1, 2, 1):
        assert await services.preferences(chat_id) == Preferences()
    await services.save(1, Preferences(level=Level.SIMPLE))  # lost, but no crash
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]

    server.start()
    back = await services.preferences(1)
    assert (back.level, back.reader) == (Level.DETAILED, Reader.CAREGIVER)


async def test_a_store_opened_while_redis_is_down_works_once_it_is_up(
    server: RedisServer,
) -> None:
    server.stop()
    store = RedisStore(server.url)
    try:
        with pytest.raises(StoreError):
            await store.get("chat-a")
        server.start()
        await store.put("chat-a", Preferences(level=Level.DETAILED))
        got = await store.get("chat-a")
        assert got is not None and got.level is Level.DETAILED
    finally:
        await store.close()


async def test_purge_handles_more_chats_than_one_batch(store: RedisStore) -> None:
    await _fill(store, 1234)
    assert await store.purge_unused_since(datetime.now(UTC) + timedelta(days=1)) == 1234
    assert await store.get("chat-0") is None
    assert await store.get("chat-1233") is None


async def test_a_record_written_by_a_future_version_reads_as_unknown(
    server: RedisServer, store: RedisStore
) -> None:
    client = redis.Redis.from_url(server.url)
    client.hset("her2bot:pref:chat-x", mapping={
        "level": "expert", "reader": "patient", "updated_at": "2026-01-01T00:00:00+00:00",
    })
    client.close()
    assert await store.get("chat-x") is None


async def test_keys_live_under_the_prefix_only(server: RedisServer) -> None:
    store = RedisStore(server.url, prefix="botA:")
    try:
        await store.put("chat-a", Preferences())
    finally:
        await store.close()
    client = redis.Redis.from_url(server.url, decode_responses=True)
    keys = sorted(client.keys("*"))
    client.close()
    assert keys == ["botA:pref:chat-a", "botA:updated"]
