"""Webhook mode: Telegram POSTs updates to us; several instances can sit behind one URL.

Why our own small tornado server rather than Updater.start_webhook: PTB's webhook server is
the same tornado machinery (about 9% of the bot's CPU in webhook mode, benchmarks/README.md),
but it serves one path only, and load balancers and Kubernetes need a health endpoint on the
same port, and a stop that turns that endpoint to 503 first. This follows python-telegram-
bot's "custom webhook bot" pattern: our server feeds `application.update_queue` and drives
the Application's lifecycle itself.

  POST <path of HER2BOT_WEBHOOK_URL>  an update; 403 without the right
                                      X-Telegram-Bot-Api-Secret-Token (never processed);
                                      200 without processing for an update_id already seen
                                      (a re-delivery) or one we cannot read (updates.py)
  GET  /healthz                       200 while the bot is running, 503 while it stops

SIGTERM/SIGINT: /healthz turns 503, no new connections are accepted, requests already
received are queued, every queued update is answered, then the process exits 0. The webhook
stays registered with Telegram: other instances keep serving it.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import math
import re
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram.ext import Application, ExtBot

from her2bot import updates
from her2bot.config import Settings

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram updates are a few kilobytes; refuse anything far larger before reading it.
MAX_BODY_BYTES = 1 << 20

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class WebhookConfig:
    url: str
    listen: tuple[str, int]
    secret: str
    allowed_updates: Sequence[str] | None = None  # None: Telegram keeps its previous setting

    @classmethod
    def from_settings(cls, settings: Settings, allowed_updates: Sequence[str]) -> WebhookConfig:
        # config.load_settings already insists on both in webhook mode.
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        return cls(settings.webhook_url, settings.webhook_listen, settings.webhook_secret,
                   allowed_updates)

    @property
    def path(self) -> str:
        """The path we serve: the same as the public URL's, so a proxy forwards it unchanged."""
        return urlsplit(self.url).path or "/"


class _State:
    """What the HTTP handlers share: the application, and whether we are stopping."""

    def __init__(self, application: AnyApplication, secret: str, seen: updates.Seen) -> None:
        self.application = application
        self.secret = secret.encode()
        self.seen = seen
        self.stopping = False
        self.in_flight = 0
        self.idle = asyncio.Event()
        self.idle.set()
        self.refused = 0
        self.refused_logged_at = -math.inf

    def note_refused(self) -> None:
        # A flood of forged requests must not flood the log too: one line a minute at most.
        self.refused += 1
        now = time.monotonic()
        if now - self.refused_logged_at >= 60:
            logger.warning("refused %d webhook request(s) without the right secret token",
                           self.refused)
            self.refused, self.refused_logged_at = 0, now


class _UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, state: _State) -> None:
        self.state = state

    async def post(self) -> None:
        state = self.state
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, state.secret):
            # Nothing from this request is parsed or processed.
            state.note_refused()
            self.set_status(HTTPStatus.FORBIDDEN)
            return
        if state.stopping:
            # Telegram retries later; another instance (or this one restarted) will answer.
            self.set_status(HTTPStatus.SERVICE_UNAVAILABLE)
            return
        try:
            data = json.loads(self.request.body)
        except ValueError:
            self.set_status(HTTPStatus.BAD_REQUEST)  # not JSON at all: not from Telegram
            return
        update_id = updates.id_of(data)
        if update_id is None:
            self.set_status(HTTPStatus.BAD_REQUEST)  # no update id: not an update at all
            return
        if not await state.seen.first_time(update_id):
            # Telegram re-delivered what we already took (our answer was slow or lost).
            self.set_status(HTTPStatus.OK)
            return
        # Unreadable: answered 200 all the same, or Telegram would send it again and again.
        update = updates.parse(data, state.application.bot)
        if update is None:
            self.set_status(HTTPStatus.OK)
            return
        bot = state.application.bot
        if isinstance(bot, ExtBot):
            bot.insert_callback_data(update)
        state.in_flight += 1
        state.idle.clear()
        try:
            await state.application.update_queue.put(update)
        finally:
            state.in_flight -= 1
            if state.in_flight == 0:
                state.idle.set()
        self.set_status(HTTPStatus.OK)

    def log_exception(self, *args: Any) -> None:
        # Request bodies hold what people wrote: never log them with a traceback here.
        logger.warning("webhook request failed: %s", args[1] if len(args) > 1 else "")


class _HealthHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("GET", "HEAD")

    def initialize(self, state: _State) -> None:
        self.state = state

    def get(self) -> None:
        running = self.state.application.running and not self.state.stopping
        self.set_status(HTTPStatus.OK if running else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("ok\n" if running else "stopping\n")

    def head(self) -> None:
        self.get()


class _QuietApplication(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        # Access logs would hold one line per message a person sends; we keep no such trail.
        pass


class WebhookServer:
    """Serves the webhook and /healthz for one Application; start() and stop() drive both."""

    def __init__(
        self, application: AnyApplication, config: WebhookConfig,
        seen: updates.Seen | None = None,
    ) -> None:
        if not config.secret:
            raise ValueError("webhook mode needs a secret token")
        self.application = application
        self.config = config
        self._state = _State(application, config.secret, seen or updates.SeenInMemory())
        routes: list[Any] = [(HEALTH_PATH, _HealthHandler, {"state": self._state})]
        path = re.escape(config.path.rstrip("/"))
        routes.append((rf"{path}/?", _UpdateHandler, {"state": self._state}))
        self._http = tornado.httpserver.HTTPServer(
            _QuietApplication(routes), max_body_size=MAX_BODY_BYTES
        )
        self.port: int | None = None

    async def start(self) -> None:
        """Initialize and start the Application, listen, then register the URL with Telegram."""
        from her2bot.app import start  # app.py builds what this serves; no cycle at import

        application = self.application
        await start(application)  # StartError: one line for the operator, no traceback
        host, port = self.config.listen
        sockets = tornado.netutil.bind_sockets(port, address=host)
        self.port = sockets[0].getsockname()[1]
        self._http.add_sockets(sockets)
        # Registered last, so Telegram never posts before we can answer.
        await application.bot.set_webhook(
            url=self.config.url,
            secret_token=self.config.secret,
            allowed_updates=(
                None if self.config.allowed_updates is None else list(self.config.allowed_updates)
            ),
        )
        logger.info("webhook mode: listening on %s:%s%s", host, self.port, self.config.path)

    async def stop(self) -> None:
        """Stop taking updates, answer every one already received, then shut down."""
        state = self._state
        if state.stopping:
            return
        state.stopping = True
        self._http.stop()
        await state.idle.wait()
        application = self.application
        if application.running:
            await application.stop()  # processes every queued update first
            if application.post_stop:
                await application.post_stop(application)
        await self._http.close_all_connections()
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
        await state.seen.close()
        logger.info("webhook mode: stopped")


async def serve(
    application: AnyApplication, config: WebhookConfig, seen: updates.Seen | None = None
) -> None:
    """Run until SIGTERM or SIGINT, then stop gracefully."""
    server = WebhookServer(application, config, seen)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await server.start()
    except BaseException:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        raise
    try:
        await stop.wait()
        logger.info("webhook mode: stop signal received, finishing updates in flight")
    finally:
        await server.stop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


def run_webhook(
    application: AnyApplication, config: WebhookConfig, seen: updates.Seen | None = None
) -> None:
    """The blocking entry point for `her2bot run` in webhook mode."""
    asyncio.run(serve(application, config, seen))
