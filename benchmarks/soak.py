"""Soak: mixed traffic for minutes while the fake Telegram injects its real faults at random.

    PYTHONPATH=src:. python -m benchmarks.soak --minutes 10 --mode polling
    PYTHONPATH=src:. python -m benchmarks.soak --minutes 10 --mode webhook

The real Application (as `her2bot run` builds it: aiohttp request wrapped by DeliveryRequest,
the rate limiter, chat-ordered concurrency) runs against the fake Bot API on 127.0.0.1, in
this process. Simulated users loop over four actions that each have exactly one visible
answer: /menu (a message), a tap on its first button (an edit, plus answerCallbackQuery),
/help (a message) and a typed question (a message); a few users are groups (commands and taps
only). Meanwhile, 1 call in 20 (--rate) of the methods below gets one of Telegram's faults:

  sendMessage        429 retry_after, 502, a late answer (after the bot's timeout; Telegram
                     did send it), 400 migrate_to_chat_id (groups only)
  editMessageText    429 retry_after, 502, a late answer
  answerCallbackQuery  400 "query is too old", 502
  getUpdates         409 Conflict, 502 (polling mode)
  updates            1 in 20 is followed by an update the library cannot parse (no chat);
                     in webhook mode, also 1 in 20 updates is delivered twice

Reported: actions, replies lost (an action with no answer in 20 s), replies duplicated
(answers beyond one per action, "sorry" notices included), ERROR log lines and tracebacks,
unprocessed updates (polling: never confirmed by an offset; webhook: not answered 200), and
latency p50/p95/p99 (action -> its answer reaches Telegram). All counts should be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.webhook_delivery import WebhookBotAPI
from tests.fakeapi import (
    BAD_GATEWAY,
    CONFLICT,
    QUERY_TOO_OLD,
    TOKEN,
    FakeTelegramServer,
    Fault,
    late,
    migrated,
    too_many,
)
from tests.redis_server import free_port

from her2bot.app import ALLOWED_UPDATES, build_application, start, stop
from her2bot.config import load_settings
from her2bot.offline.botapi import BotAPI, ChatMessage
from her2bot.webhook import WebhookConfig, WebhookServer

MOVED = -1_000_000_000_000  # a migrated group's new id: old id + MOVED
UNREADABLE = {"message": {"message_id": 1, "text": "unparseable: no chat, no date"}}


@dataclass
class Tally:
    actions: int = 0
    lost: int = 0
    answers: Counter[int] = field(default_factory=Counter)  # per chat, answers seen
    expected: Counter[int] = field(default_factory=Counter)  # per chat, actions made
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)
    sorry: int = 0
    unreadable_sent: int = 0
    redelivered: int = 0


class Counting(logging.Handler):
    def __init__(self, tally: Tally) -> None:
        super().__init__(logging.WARNING)
        self.tally = tally

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.levelno >= logging.ERROR or record.exc_info or record.exc_text:
            self.tally.errors.append(f"{record.levelname} {record.name}: {text[:200]}")
        else:
            self.tally.warnings[f"{record.name}: {text[:90]}"] += 1


def fault_plan(mode: str) -> dict[str, list[Fault]]:
    plan = {
        "sendMessage": [too_many(1), BAD_GATEWAY, late(6.0), Fault(code=-1)],  # -1: migrate
        "editMessageText": [too_many(1), BAD_GATEWAY, late(6.0)],
        "answerCallbackQuery": [QUERY_TOO_OLD, BAD_GATEWAY],
    }
    if mode == "polling":
        plan["getUpdates"] = [CONFLICT, BAD_GATEWAY]
    return plan


def install_faults(server: FakeTelegramServer, rate: float, mode: str, seed: int) -> None:
    rng = random.Random(seed)
    plan = {k.lower(): v for k, v in fault_plan(mode).items()}

    def choose(method: str, params: dict[str, Any]) -> Fault | None:
        options = plan.get(method)
        if not options or rng.random() >= rate:
            return None
        fault = rng.choice(options)
        if fault.code == -1:  # a group became a supergroup; private chats cannot
            chat_id = int(params.get("chat_id", 0))
            if chat_id >= 0 or chat_id < MOVED // 2:
                return BAD_GATEWAY
            return migrated(chat_id + MOVED)
        return fault

    server.chooser = choose


class Users:
    def __init__(self, api: BotAPI, tally: Tally, webhook: bool, rng: random.Random) -> None:
        self.api = api
        self.tally = tally
        self.webhook = webhook
        self.rng = rng
        self.pushed: list[int] = []
        self.waiters: dict[int, asyncio.Event] = {}
        self.moved: dict[int, int] = {}  # a group's first id -> its supergroup's id
        api.on_bot_message = self.answered

    def answered(self, message: ChatMessage, edited: bool) -> None:
        chat = message.chat_id
        if chat < MOVED // 2:  # Telegram now sends this group's updates from the new id
            chat -= MOVED
            self.moved[chat] = message.chat_id
        self.tally.answers[chat] += 1
        if message.html and "something went wrong" in message.html.lower():
            self.tally.sorry += 1
        event = self.waiters.get(chat)
        if event is not None:
            event.set()

    async def push(self, make: Any) -> int:
        update_id: int = await make()
        self.pushed.append(update_id)
        if self.webhook and self.rng.random() < 1 / 20:
            assert isinstance(self.api, WebhookBotAPI)
            status = await self.api.post(self.api.last_update, self.api.webhook_secret)
            self.tally.redelivered += 1
            if status != 200:
                self.tally.errors.append(f"re-delivery answered {status}")
        if self.rng.random() < 1 / 20:
            self.pushed.append(await self.api.push_update(dict(UNREADABLE)))
            self.tally.unreadable_sent += 1
        return update_id

    async def act(self, chat_id: int, make: Any) -> None:
        event = self.waiters.setdefault(chat_id, asyncio.Event())
        event.clear()
        self.tally.actions += 1
        self.tally.expected[chat_id] += 1
        started = time.perf_counter()
        await self.push(make)
        try:
            await asyncio.wait_for(event.wait(), 20)
        except TimeoutError:
            self.tally.lost += 1
            return
        self.tally.latencies.append(time.perf_counter() - started)

    async def user(self, first_id: int, group: bool, until: float, think: float) -> None:
        chat_type = "group" if group else "private"
        api = self.api

        async def do(call: Any, *args: Any, **kwargs: Any) -> None:
            await self.act(first_id, lambda: call(*args, **kwargs))
            await asyncio.sleep(self.rng.uniform(0, think))

        while time.monotonic() < until:
            chat_id = self.moved.get(first_id, first_id)
            await do(api.user_text, chat_id, "/menu", chat_type=chat_type)
            chat_id = self.moved.get(first_id, first_id)
            menu = next((m for m in reversed(api.outbox) if m.chat_id == chat_id and m.buttons),
                        None)
            if menu is not None:
                data = menu.buttons[0]["callback_data"]
                await do(api.user_click, chat_id, menu.message_id, data, chat_type=chat_type)
            chat_id = self.moved.get(first_id, first_id)
            await do(api.user_text, chat_id, "/help", chat_type=chat_type)
            if not group:
                await do(api.user_text, chat_id, "what is HER2?")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def soak(args: argparse.Namespace) -> dict[str, Any]:
    tally = Tally()
    handler = Counting(tally)
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.WARNING)
    webhook = args.mode == "webhook"
    api: BotAPI = WebhookBotAPI() if webhook else BotAPI()
    telegram = FakeTelegramServer(api)
    await telegram.start()
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_API_BASE_URL": telegram.base_url,
           "HER2BOT_STORE": "memory://"}
    server: WebhookServer | None = None
    if webhook:
        port = free_port()
        env |= {"HER2BOT_MODE": "webhook", "HER2BOT_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
                "HER2BOT_WEBHOOK_LISTEN": f"127.0.0.1:{port}",
                "HER2BOT_WEBHOOK_SECRET": "soak-secret"}
    settings = load_settings(env)
    application = build_application(settings)
    if webhook:
        server = WebhookServer(application, WebhookConfig.from_settings(settings, ALLOWED_UPDATES))
        await server.start()
    else:
        await start(application, polling=True, poll_timeout=10)
    install_faults(telegram, args.rate, args.mode, args.seed)  # after a clean start-up
    users = Users(api, tally, webhook, random.Random(args.seed + 1))
    began = time.monotonic()
    until = began + args.minutes * 60
    await asyncio.gather(*[
        users.user(1000 + n, False, until, args.think) for n in range(args.users)
    ], *[users.user(-5000 - n, True, until, args.think) for n in range(args.groups)])
    elapsed = time.monotonic() - began
    telegram.chooser = None
    await asyncio.sleep(7)  # late answers still sleeping in the fake finish
    if webhook:
        assert server is not None and isinstance(api, WebhookBotAPI)
        unprocessed = sum(1 for s in api.statuses if s != 200)
        await server.stop()
    else:
        await application.update_queue.join()
        confirmed = api._confirmed
        unprocessed = sum(1 for u in users.pushed if u > confirmed)
        await stop(application)
    await telegram.stop()
    logging.getLogger().removeHandler(handler)
    duplicated = sum(max(0, tally.answers[c] - n) for c, n in tally.expected.items())
    injected = Counter(f"{m} {f.code or 'late'}" for m, f in telegram.injected)
    return {
        "mode": args.mode,
        "minutes": round(elapsed / 60, 2),
        "users": args.users, "groups": args.groups,
        "actions": tally.actions,
        "actions_per_second": round(tally.actions / elapsed, 1),
        "bot_api_calls": len(api.calls),
        "faults_injected": sum(injected.values()),
        "faults_by_kind": dict(sorted(injected.items())),
        "unreadable_updates_sent": tally.unreadable_sent,
        "webhook_redeliveries": tally.redelivered,
        "replies_lost": tally.lost,
        "replies_duplicated": duplicated,
        "sorry_notices": tally.sorry,
        "error_lines": len(tally.errors),
        "unprocessed_updates": unprocessed,
        "p50_ms": round(percentile(tally.latencies, 50) * 1000),
        "p95_ms": round(percentile(tally.latencies, 95) * 1000),
        "p99_ms": round(percentile(tally.latencies, 99) * 1000),
        "first_errors": tally.errors[:5],
        "warnings": dict(tally.warnings.most_common(12)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long (default 10)")
    parser.add_argument("--mode", choices=("polling", "webhook"), default="polling")
    parser.add_argument("--rate", type=float, default=1 / 20, help="fault rate per call")
    parser.add_argument("--users", type=int, default=16, help="private chats")
    parser.add_argument("--groups", type=int, default=4, help="group chats")
    parser.add_argument("--think", type=float, default=2.0, help="max pause between actions, s")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    report = asyncio.run(soak(args))
    print(json.dumps(report, indent=2))
    bad = ("replies_lost", "replies_duplicated", "sorry_notices", "error_lines",
           "unprocessed_updates")
    return 1 if any(report[k] for k in bad) else 0


if __name__ == "__main__":
    raise SystemExit(main())
