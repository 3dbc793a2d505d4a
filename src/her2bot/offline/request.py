"""A python-telegram-bot request class that talks to the in-memory BotAPI instead of HTTP."""

from __future__ import annotations

import json

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from her2bot.offline.botapi import BotAPI, BotAPIError


class OfflineRequest(BaseRequest):
    def __init__(self, api: BotAPI) -> None:
        self._api = api

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        try:
            result = await self._api.call(api_method, params, files)
        except BotAPIError as exc:
            return exc.code, json.dumps(exc.payload()).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()
