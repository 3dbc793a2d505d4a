"""Privacy by design: no token in logs, only preferences stored, and those not for ever."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from her2bot import redact
from her2bot.app import build_application
from her2bot.config import load_settings
from her2bot.offline.botapi import BotAPI
from her2bot.retention import EVERY, JOB_NAME, purge
from her2bot.store import MemoryStore, Preferences
from her2bot.store.base import utcnow
from her2bot.vocabulary import Level
from tests.conftest import MakeContent
from tests.e2e.conftest import start_bot, stop_bot
from tests.e2e.test_freetext import typed_content
from tests.fakeapi import FakeTelegramServer

TOKEN = "123456:TEST-token-for-privacy-tests-bbbbbbbbb"


def test_a_token_is_redacted_wherever_it_appears() -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    assert TOKEN not in redact.redact(url)
    assert redact.REDACTED in redact.redact(url)
    assert redact.redact("chat 42 asked about topic brain") == "chat 42 asked about topic brain"


def test_log_records_and_tracebacks_are_cleaned(caplog: pytest.LogCaptureFixture) -> None:
    redact.install()
    log = logging.getLogger("her2bot.test")
    with caplog.at_level(logging.INFO):
        log.info("calling %s", f"https://example.invalid/bot{TOKEN}/getMe")
        try:
            raise ConnectionError(f"cannot reach https://example.invalid/bot{TOKEN}/getMe")
        except ConnectionError:
            log.exception("request failed")
    text = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "ConnectionError" in text  # the traceback is kept...
    assert TOKEN not in text  # ...without the token
    assert TOKEN not in caplog.text


def test_an_odd_token_given_to_install_is_redacted_too() -> None:
    redact.install(["odd-secret-not-token-shaped"])
    assert "odd-secret" not in redact.redact("x odd-secret-not-token-shaped y")


def test_python_telegram_bot_debug_output_stays_off(caplog: pytest.LogCaptureFixture) -> None:
    redact.install()
    with caplog.at_level(logging.DEBUG):
        # python-telegram-bot logs every request's parameters (text, chat id) at DEBUG.
        logging.getLogger("telegram.ext.ExtBot").debug("parameters {'chat_id': 42, 'text': 'x'}")
        logging.getLogger("httpx").info("HTTP Request: POST ...")
    assert caplog.records == []


async def test_retention_deletes_only_preferences_unused_for_the_period() -> None:
    store = MemoryStore()
    await store.put("old", Preferences())
    await store.put("new", Preferences(level=Level.SIMPLE))
    now = utcnow()
    assert await purge(store, 180, now=now + timedelta(days=179)) == 0
    # Only "old" is past the cutoff once it is backdated.
    store._rows["old"] = Preferences(updated_at=now - timedelta(days=200))
    assert await purge(store, 180, now=now) == 1
    assert await store.get("old") is None
    assert await store.get("new") is not None


def test_the_retention_job_runs_at_start_up_and_daily(make_content: MakeContent) -> None:
    content = typed_content(make_content)
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_STORE": "memory://",
        "HER2BOT_API_BASE_URL": "http://127.0.0.1:9/bot", "HER2BOT_CONTENT_DIR": str(content),
    })
    application = build_application(settings)
    assert application.job_queue is not None
    jobs = application.job_queue.get_jobs_by_name(JOB_NAME)
    assert len(jobs) == 2  # once at start-up, then daily
    assert any(getattr(j.job.trigger, "interval", None) == EVERY for j in jobs)


async def test_old_preferences_are_deleted_when_the_bot_starts(make_content: MakeContent) -> None:
    content = typed_content(make_content)
    server = FakeTelegramServer(BotAPI())
    await server.start()
    store = MemoryStore()
    await store.put("recent", Preferences())
    store._rows["stale"] = Preferences(updated_at=utcnow() - timedelta(days=181))
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": server.token, "HER2BOT_STORE": "memory://",
        "HER2BOT_API_BASE_URL": server.base_url, "HER2BOT_CONTENT_DIR": str(content),
    })
    application = await start_bot(settings, store=store)
    try:
        for _ in range(100):  # the job runs right after start-up, on the event loop
            if await store.get("stale") is None:
                break
            await asyncio.sleep(0.05)
        assert await store.get("stale") is None
        assert await store.get("recent") is not None
    finally:
        await stop_bot(application)
        await server.stop()


def test_the_store_sees_a_keyed_hash_never_the_chat_id() -> None:
    from her2bot.privacy import chat_key

    key = chat_key(b"secret", 918273645)
    assert "918273645" not in key
    assert len(key) == 64
    assert chat_key(b"other secret", 918273645) != key
