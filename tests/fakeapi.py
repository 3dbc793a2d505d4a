"""The offline Bot API served over HTTP on 127.0.0.1, as Telegram's servers would serve it.

Faults, as Telegram shows them: `inject(method, Fault(...))` makes the next call of a method
answer with an error code and description (plus `parameters` such as retry_after or
migrate_to_chat_id), or do the work and answer late (`late=` seconds: the client times out
although Telegram acted). `random_faults` does the same at random, for the soak benchmark.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from her2bot.offline.botapi import BotAPI, BotAPIError, Call

TOKEN = "123456:TEST-token-for-loopback-only-aaaaaaaaa"


@dataclass(frozen=True)
class Fault:
    """One answer Telegram can give instead of the usual one."""

    code: int = 0  # 0: no error; the call is done, then answered `late` seconds later
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    late: float = 0.0

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False, "error_code": self.code, "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


QUERY_TOO_OLD = Fault(400, "Bad Request: query is too old and response timeout expired or "
                      "query ID is invalid")
CONFLICT = Fault(409, "Conflict: terminated by other getUpdates request; make sure that only "
                 "one bot instance is running")
BLOCKED = Fault(403, "Forbidden: bot was blocked by the user")
BAD_GATEWAY = Fault(502, "Bad Gateway")


def too_many(retry_after: int = 1) -> Fault:
    return Fault(429, f"Too Many Requests: retry after {retry_after}",
                 {"retry_after": retry_after})


def migrated(new_chat_id: int) -> Fault:
    return Fault(400, "Bad Request: group chat was upgraded to a supergroup chat",
                 {"migrate_to_chat_id": new_chat_id})


def late(seconds: float) -> Fault:
    return Fault(late=seconds)


class FakeTelegramServer:
    def __init__(self, api: BotAPI, token: str = TOKEN) -> None:
        self.api = api
        self.token = token
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._faults: dict[str, list[Fault]] = {}
        # (method, params) -> a fault or None; for random faults (the soak benchmark).
        self.chooser: Callable[[str, dict[str, Any]], Fault | None] | None = None
        self.injected: list[tuple[str, Fault]] = []

    def inject(self, method: str, *faults: Fault) -> None:
        """The next calls of `method` ("sendMessage"; "*" for any) answer with these faults."""
        self._faults.setdefault(method.lower(), []).extend(faults)

    def random_faults(
        self, rate: float, faults: dict[str, list[Fault]], rng: random.Random | None = None
    ) -> None:
        """Each call of a method named in `faults` gets one of its faults with this chance."""
        pick = rng or random.Random(1)
        lowered = {k.lower(): v for k, v in faults.items()}

        def choose(method: str, params: dict[str, Any]) -> Fault | None:
            options = lowered.get(method) or lowered.get("*")
            if not options or pick.random() >= rate:
                return None
            return pick.choice(options)

        self.chooser = choose

    def _fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for key in (method, "*"):
            queued = self._faults.get(key)
            if queued:
                return queued.pop(0)
        return self.chooser(method, params) if self.chooser else None

    @property
    def base_url(self) -> str:
        """What HER2BOT_API_BASE_URL should be: python-telegram-bot appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        params: dict[str, Any] = dict(request.query)
        files: dict[str, tuple[str, bytes]] = {}
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.body_exists:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = (value.filename, value.file.read())
                else:
                    params[key] = value
        method = request.match_info["method"]
        fault = self._fault(method.lower(), params)
        if fault is not None:
            self.injected.append((method, fault))
        if fault is not None and fault.code:
            self.api.calls.append(Call(method, params))  # Telegram saw it, and refused
            return _json(fault.code, fault.body())
        try:
            result = await self.api.call(method, params, files)
        except BotAPIError as exc:
            return _json(exc.code, exc.payload())
        if fault is not None and fault.late:
            await asyncio.sleep(fault.late)  # done, but the answer comes too late
        return _json(200, {"ok": True, "result": result})


def _json(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")
