"""A leaner HTTP layer for python-telegram-bot: BaseRequest on aiohttp instead of httpx.

Why: profiling the bot under many concurrent users (benchmarks/README.md) shows python-
telegram-bot's default HTTPXRequest spending most of the bot's CPU in httpx/httpcore rather
than in the bot: per request, httpcore's connection-pool bookkeeping, anyio wrappers and a
failing `import sniffio` lookup on every pool lock. aiohttp's client does the same work in a
fraction of the CPU (a C HTTP parser, a simple pool), which benchmarks/ measures side by side.
Measured again under Telegram's pace (rate limiter on, steady 30 and 60 updates/s, against
HTTPXRequest with a small HTTP/1.1 pool and sniffio installed): 42 to 45% less CPU per update
(benchmarks/http_paced.py; figures in benchmarks/README.md), so it stays.

Behaviour matches HTTPXRequest: form-encoded parameters (multipart when uploading files), the
same default timeouts, TimedOut on timeouts and NetworkError on connection errors. aiohttp has
no separate write timeout; the read timeout bounds the whole exchange after connecting.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    __slots__ = ("_connect_timeout", "_pool_size", "_pool_timeout", "_read_timeout", "_session")

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        timeout = aiohttp.ClientTimeout(
            total=None,
            # aiohttp's `connect` covers waiting for a free pooled connection plus connecting.
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=read,
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout, allow_redirects=False
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def _body(request_data: RequestData | None) -> Any:
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters  # form-encoded, as python-telegram-bot sends it
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form

