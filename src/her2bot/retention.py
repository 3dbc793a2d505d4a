"""Delete preferences nobody has used for HER2BOT_RETENTION_DAYS (default 180).

Runs once at start-up and then daily, on python-telegram-bot's JobQueue (the `job-queue`
extra): it starts and stops with the Application, so there is no task of our own to cancel,
and a failing run is logged and retried the next day without touching the bot.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import Application, CallbackContext

from her2bot.services import services
from her2bot.store import PreferenceStore, StoreError
from her2bot.store.base import utcnow

_log = logging.getLogger(__name__)
JOB_NAME = "retention"
EVERY = timedelta(days=1)


async def purge(store: PreferenceStore, retention_days: int, now: datetime | None = None) -> int:
    """Delete every chat whose preferences were last saved more than retention_days ago."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    return await store.purge_unused_since(cutoff)


async def _run(context: CallbackContext[Any, Any, Any, Any]) -> None:
    s = services(context)
    try:
        deleted = await purge(s.store, s.settings.retention_days)
    except StoreError as exc:
        _log.warning("retention: store unavailable (%s); trying again tomorrow", type(exc).__name__)
        return
    # A count only: which chats were deleted is nobody's business, not even the log's.
    _log.info("retention: deleted preferences of %d chats unused for %d days",
              deleted, s.settings.retention_days)


def schedule(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Purge when the Application starts, then every day."""
    if application.job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is needed for the retention job")
    # Jobs are added now but run once the Application starts. A repeating job whose first
    # run has passed by then would skip to the next day, so start-up gets a one-off job that
    # runs however late the start is (misfire_grace_time None).
    application.job_queue.run_once(
        _run, when=0, name=JOB_NAME, job_kwargs={"misfire_grace_time": None}
    )
    application.job_queue.run_repeating(_run, interval=EVERY, first=EVERY, name=JOB_NAME)
