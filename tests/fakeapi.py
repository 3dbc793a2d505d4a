"""The offline Bot API served over HTTP on 127.0.0.1, as Telegram's servers would serve it."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from her2bot.offline.botapi import BotAPI, BotAPIError

TOKEN = "123456:TEST-token-for-loopback-only-aaaaaaaaa"


class FakeTelegramServer:
    def __init__(self, api: BotAPI, token: str = TOKEN) -> None:
        self.api = api
        self.token = token
        self._runner: web.AppRunner | None = None
        self.port = 0

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
        try:
            result = await self.api.call(request.match_info["method"], params, files)
        except BotAPIError as exc:
            return _json(exc.code, exc.payload())
        return _json(200, {"ok": True, "result": result})


def _json(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")
