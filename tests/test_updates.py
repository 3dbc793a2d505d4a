"""Updates in: unreadable ones skipped, re-deliveries seen once, 409s warned about once."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram.error import Conflict, NetworkError

from her2bot.updates import PollingErrors, SeenInMemory, SeenInRedis, sanitise, seen_for
from tests.redis_server import RedisServer


def test_an_unreadable_update_becomes_an_empty_one_with_the_same_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = {"update_id": 7, "message": {"message_id": 1, "date": 0, "text": "hi",
                                        "chat": {"id": 1, "type": "private"}}}
    bad = {"update_id": 8, "message": {"message_id": 2, "text": "Maria, 555 0134"}}
    body = json.dumps({"ok": True, "result": [good, bad]}).encode()
    cleaned = json.loads(sanitise(body))
    assert cleaned["result"] == [good, {"update_id": 8}]
    assert "update 8 (message)" in caplog.text and "Maria" not in caplog.text
    fine = json.dumps({"ok": True, "result": [good]}).encode()
    assert sanitise(fine) is fine  # nothing to change: the very same bytes


async def test_seen_in_memory_forgets_the_oldest_beyond_its_size() -> None:
    seen = SeenInMemory(size=2)
    assert [await seen.first_time(i) for i in (1, 1, 2, 3)] == [True, False, True, True]
    assert await seen.first_time(1)  # forgotten: the memory is bounded


def test_409_is_one_warning_a_minute_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    errors = PollingErrors(clock=lambda: now[0])
    for _ in range(50):
        errors(Conflict("terminated by other getUpdates request"))
    errors(NetworkError("Bad Gateway"))
    now[0] = 61
    errors(Conflict("terminated by other getUpdates request"))
    lines = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(lines) == 3
    assert "another process is polling with this token" in lines[0].getMessage()
    assert "49 more" in lines[2].getMessage()
    assert not any(r.exc_info for r in caplog.records)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = RedisServer(tmp_path)
    server.start()
    yield server.url
    server.stop()


async def test_seen_in_redis_is_shared_by_instances(redis_url: str) -> None:
    first, second = seen_for(redis_url), SeenInRedis(redis_url)
    assert isinstance(first, SeenInRedis)
    assert await first.first_time(41)
    assert not await second.first_time(41)  # another instance already took it
    await first.close()
    await second.close()
