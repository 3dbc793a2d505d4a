"""Telegram's real failure modes (issue 12), one test per kind, over loopback HTTP.

The real Application and python-telegram-bot stack talk to the fake Bot API on 127.0.0.1,
which answers chosen calls with Telegram's errors, extra `parameters`, or a late answer.
Each test describes what a user or an operator would see.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from her2bot.app import ALLOWED_UPDATES, build_application
from her2bot.config import load_settings
from her2bot.offline.botapi import BotAPI
from her2bot.updates import seen_for
from her2bot.webhook import WebhookConfig, WebhookServer
from tests.e2e.harness import Chat, plain
from tests.e2e.webhook_delivery import WebhookBotAPI
from tests.fakeapi import (
    BAD_GATEWAY,
    BLOCKED,
    CONFLICT,
    QUERY_TOO_OLD,
    TOKEN,
    FakeTelegramServer,
    late,
    migrated,
    too_many,
)
from tests.redis_server import RedisServer, free_port

ROOT = Path(__file__).resolve().parents[2]
SORRY = "something went wrong"
AnyApp = Application[Any, Any, Any, Any, Any, Any]


def calls(api: BotAPI, method: str) -> int:
    return [c.method for c in api.calls].count(method)


def problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """ERROR lines and tracebacks: there must be none for any of Telegram's usual faults."""
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_text]


# 1 ------------------------------------------------------------------------------------------
async def test_a_tap_that_can_no_longer_be_answered_still_shows_the_page(
    tg: Chat, telegram: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    await tg.send("/menu")
    telegram.inject("answerCallbackQuery", QUERY_TOO_OLD)
    shown = await tg.click("Treatment options")
    assert shown and SORRY not in plain(shown[-1]).lower()
    assert "Treatment" in plain(shown[-1])
    assert not problems(caplog)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # DEBUG only


# 2 ------------------------------------------------------------------------------------------
async def test_a_reply_to_a_group_that_became_a_supergroup_goes_to_the_new_chat(
    tg: Chat, telegram: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    tg.chat_id, tg.chat_type = -4242, "group"
    telegram.inject("sendMessage", migrated(-1004242))
    await tg.send("/help")
    moved = [m for m in tg.api.outbox if m.chat_id == -1004242]
    assert len(moved) == 1 and "How to use me" in plain(moved[0])
    assert not [m for m in tg.api.outbox if m.chat_id == -4242]  # no notice to the old id
    assert not problems(caplog)


# 3 ------------------------------------------------------------------------------------------
async def test_a_second_copy_polling_gives_one_warning_that_names_the_cause(
    tg: Chat, telegram: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    telegram.inject("getUpdates", CONFLICT, CONFLICT, CONFLICT)
    [reply] = await tg.send("/help")  # served once the other copy is gone
    assert "How to use me" in plain(reply)
    assert [f for m, f in telegram.injected if m == "getUpdates"] == [CONFLICT] * 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert "another process is polling with this token" in warnings[0]
    assert "webhook mode" in warnings[0]
    assert not problems(caplog)


# 4 ------------------------------------------------------------------------------------------
@pytest.fixture
async def webhook_bot(telegram: FakeTelegramServer) -> AsyncIterator[WebhookServer]:
    port = free_port()
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_API_BASE_URL": telegram.base_url,
        "HER2BOT_STORE": "memory://", "HER2BOT_MODE": "webhook",
        "HER2BOT_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
        "HER2BOT_WEBHOOK_LISTEN": f"127.0.0.1:{port}", "HER2BOT_WEBHOOK_SECRET": "s3cret-token",
    })
    server = WebhookServer(
        build_application(settings), WebhookConfig.from_settings(settings, ALLOWED_UPDATES)
    )
    await server.start()
    yield server
    await server.stop()


@pytest.mark.webhook
async def test_a_webhook_update_delivered_twice_is_answered_once(
    api: WebhookBotAPI, webhook_bot: WebhookServer, caplog: pytest.LogCaptureFixture
) -> None:
    await api.user_text(77, "/help")
    again = await api.post(api.last_update, api.webhook_secret)  # Telegram re-delivers it
    await webhook_bot.application.update_queue.join()
    assert again == 200
    assert len(api.sent_to(77)) == 1
    assert not problems(caplog)


# 5 ------------------------------------------------------------------------------------------
async def test_a_send_telegram_accepted_but_answered_late_is_not_sent_again(
    tg: Chat, telegram: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    telegram.inject("sendMessage", late(5.5))  # beyond the 5 s a text send may take
    await tg.send("/help")
    helps = [m for m in tg.sent if "How to use me" in plain(m)]
    assert len(helps) == 1  # Telegram has it; a retry would have shown it twice
    assert calls(tg.api, "sendMessage") == 1  # and no "sorry" notice after it either
    assert not problems(caplog)


# 6 ------------------------------------------------------------------------------------------
UNREADABLE = {"message": {"message_id": 9, "text": "I am Maria Quinn, 555 0134"}}  # no chat


async def test_an_update_the_library_cannot_read_is_skipped_and_others_are_served(
    tg: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="her2bot")
    bad = await tg.api.push_update(UNREADABLE)
    [reply] = await tg.send("/help")
    assert "How to use me" in plain(reply)
    assert calls(tg.api, "getUpdates") < 20  # not fetched again and again
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert f"update {bad} (message)" in logged
    assert logged.count(f"update {bad} ") == 1
    for private in ("Maria", "555", "Quinn"):
        assert private not in logged


@pytest.mark.webhook
async def test_an_unreadable_webhook_update_is_answered_200_and_skipped(
    api: WebhookBotAPI, webhook_bot: WebhookServer, caplog: pytest.LogCaptureFixture
) -> None:
    status = await api.post({"update_id": 5000, **UNREADABLE}, api.webhook_secret)
    assert status == 200  # else Telegram would send it again and again
    await api.user_text(78, "/help")
    await webhook_bot.application.update_queue.join()
    assert len(api.sent_to(78)) == 1
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "update 5000 (message)" in logged and "Maria" not in logged


# 7 ------------------------------------------------------------------------------------------
async def her2bot_run(**env: str) -> tuple[int, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HER2BOT_", "TELEGRAM_"))}
    environ.update(PYTHONPATH=str(ROOT / "src"), HER2BOT_STORE="memory://", **env)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "her2bot", "run", env=environ, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, (out + err).decode()


async def test_start_up_without_network_is_one_clear_line_and_exit_1() -> None:
    closed = free_port()  # nothing listens there: like no route to Telegram
    code, output = await her2bot_run(
        TELEGRAM_BOT_TOKEN=TOKEN, HER2BOT_API_BASE_URL=f"http://127.0.0.1:{closed}/bot"
    )
    assert code == 1
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith(f"her2bot: cannot reach the Bot API at http://127.0.0.1:{closed}/")
    assert "Traceback" not in output and TOKEN.split(":")[1] not in output


async def test_start_up_with_a_wrong_token_says_so_in_one_line(
    telegram: FakeTelegramServer,
) -> None:
    code, output = await her2bot_run(
        TELEGRAM_BOT_TOKEN="999:wrong-token-wrong-token-wrong-token",
        HER2BOT_API_BASE_URL=telegram.base_url,
    )
    assert code == 1
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "401" in lines[0] and "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "wrong-token" not in output


# 8 ------------------------------------------------------------------------------------------
async def test_the_offline_chat_never_touches_the_store_the_bot_uses(tmp_path: Path) -> None:
    production = tmp_path / "data" / "her2bot.db"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HER2BOT_", "TELEGRAM_"))}
    environ.update(PYTHONPATH=str(ROOT / "src"), HER2BOT_STORE=f"sqlite:///{production}")
    for extra in ([], ["--store", str(tmp_path / "chat.db")]):
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "her2bot", "chat", *extra, env=environ, cwd=ROOT,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(b"1\n1\nquit\n"), 60)
        assert process.returncode == 0, err.decode()
        assert "Welcome back" not in out.decode()
    assert not production.parent.exists()  # not the file, nor a key beside it
    assert (tmp_path / "chat.db").exists()


# The rest of the audit: every send answers Telegram's other documented errors well. --------
async def test_a_user_who_blocked_the_bot_gets_no_retry_and_no_error(
    tg: Chat, telegram: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    telegram.inject("sendMessage", BLOCKED)
    assert await tg.send("/help") == []
    assert calls(tg.api, "sendMessage") == 1
    assert not problems(caplog)


async def test_429_and_5xx_are_waited_out_and_the_reply_arrives_once(
    tg: Chat, telegram: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    telegram.inject("sendMessage", too_many(1), BAD_GATEWAY)
    sent = await tg.send("/help")
    assert len(sent) == 1
    assert not problems(caplog)


async def test_an_edit_answered_late_is_not_repeated_and_no_sorry_follows(
    tg: Chat, telegram: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    await tg.send("/menu")
    telegram.inject("editMessageText", late(5.5))
    await tg.click("Treatment options")
    assert calls(tg.api, "editMessageText") == 1
    assert not [m for m in tg.sent if SORRY in plain(m).lower()]
    assert not problems(caplog)


def test_fault_bodies_look_like_telegrams() -> None:
    body = migrated(-100).body()
    assert body["error_code"] == 400 and body["parameters"] == {"migrate_to_chat_id": -100}
    assert json.loads(json.dumps(too_many(3).body()))["parameters"]["retry_after"] == 3


@pytest.mark.webhook
async def test_a_re_delivery_to_another_instance_is_answered_once_with_redis(
    api: WebhookBotAPI, telegram: FakeTelegramServer, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    redis = RedisServer(tmp_path)
    redis.start()
    servers: list[WebhookServer] = []
    try:
        for _ in range(2):
            port = free_port()
            settings = load_settings({
                "TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_API_BASE_URL": telegram.base_url,
                "HER2BOT_STORE": redis.url, "HER2BOT_SECRET_KEY": "k" * 32,
                "HER2BOT_MODE": "webhook", "HER2BOT_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
                "HER2BOT_WEBHOOK_LISTEN": f"127.0.0.1:{port}",
                "HER2BOT_WEBHOOK_SECRET": "s3cret-token",
            })
            server = WebhookServer(
                build_application(settings),
                WebhookConfig.from_settings(settings, ALLOWED_UPDATES),
                seen_for(settings.store_url),
            )
            await server.start()
            servers.append(server)
        first, second = (f"http://127.0.0.1:{s.port}/hook" for s in servers)
        api.target = first
        await api.user_text(79, "/help")
        api.target = second  # the load balancer sends Telegram's retry elsewhere
        assert await api.post(api.last_update, api.webhook_secret) == 200
        for server in servers:
            await server.application.update_queue.join()
        assert len(api.sent_to(79)) == 1
        assert not problems(caplog)
    finally:
        for server in servers:
            await server.stop()
        redis.stop()
