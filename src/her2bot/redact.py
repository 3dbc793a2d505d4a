"""Keep the bot token out of every log line, tracebacks included.

python-telegram-bot puts the token in each request URL, and network errors quote URLs, so a
traceback can carry it. Every log record is cleaned as it is created (a record factory, so it
holds for all loggers and handlers, pytest's caplog included). python-telegram-bot's own DEBUG
output lists full request parameters (message text, chat ids), so its loggers stay at INFO.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable
from typing import Any

# A Telegram bot token: the bot's numeric id, a colon, and a long secret.
TOKEN = re.compile(r"\d{3,20}:[A-Za-z0-9_-]{20,}")
REDACTED = "<bot-token>"
# Loggers that log request URLs or parameters when more verbose than this (apscheduler:
# routine job chatter that would bury a start-up error).
QUIET = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "telegram": logging.INFO,
         "apscheduler": logging.WARNING, "aiohttp": logging.INFO}

_secrets: set[str] = set()
_installed = False


def redact(
    text: str, _secrets: set[str] = _secrets, _token: re.Pattern[str] = TOKEN,
    _mark: str = REDACTED,
) -> str:
    # Defaults bind the globals, which are None while the interpreter shuts down.
    for secret in _secrets:
        text = text.replace(secret, _mark)
    return _token.sub(_mark, text)


def install(secrets: Iterable[str | None] = ()) -> None:
    """Clean every log record from now on; also the exact secrets given (the real token)."""
    global _installed
    _secrets.update(s for s in secrets if s)
    # Pinned, not inherited: a later change of the root level (HER2BOT_LOG_LEVEL=DEBUG, a
    # test's caplog) must not make these loggers list message text and chat ids. Pinned no
    # lower than the root level either, or they would log more than the operator asked for.
    root = logging.getLogger().getEffectiveLevel()
    for name, floor in QUIET.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(floor, root, logger.level))
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()
    # Held here, not looked up as module globals: while the interpreter shuts down, module
    # globals become None, and a late log line (an unclosed client's __del__) would fail.
    clean, format_exception = redact, traceback.format_exception

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string is logging's problem, not ours
            return record
        cleaned = clean(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[0] is not None:
            # Formatted now, cleaned, and cached where every Formatter looks for it first.
            record.exc_text = clean(
                "".join(format_exception(*record.exc_info)).rstrip("\n")
            )
        return record

    logging.setLogRecordFactory(factory)
