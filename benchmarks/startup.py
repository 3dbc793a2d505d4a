"""Start-up time: build_application until the bot's first getUpdates, against the fake Bot API.

Each run is a fresh Python process (imports done before the clock starts), so caches of one
run never help the next. Prints the median and spread of the runs in milliseconds.

    PYTHONPATH=src python -m benchmarks.startup --runs 15
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from typing import Any


async def _one() -> dict[str, float]:
    from tests.fakeapi import TOKEN, FakeTelegramServer

    from her2bot.app import ALLOWED_UPDATES, build_application
    from her2bot.config import load_settings
    from her2bot.offline.botapi import BotAPI

    class FirstPoll(BotAPI):
        polled: asyncio.Event | None = None

        async def _m_getupdates(self, params: dict[str, Any], files: Any) -> Any:
            assert self.polled is not None
            self.polled.set()
            return await super()._m_getupdates(params, files)

    api = FirstPoll()
    api.polled = asyncio.Event()
    server = FakeTelegramServer(api)
    await server.start()
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_API_BASE_URL": server.base_url,
        "HER2BOT_STORE": "memory://",
    })
    started, cpu_started = time.perf_counter(), time.process_time()
    application = build_application(settings)
    built = time.perf_counter()
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES
    )
    await api.polled.wait()
    polled, cpu_polled = time.perf_counter(), time.process_time()
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
    await server.stop()
    return {
        "build_ms": (built - started) * 1000,
        "first_poll_ms": (polled - started) * 1000,
        # CPU of the whole process (bot and fake API) until the first poll: steadier on a
        # shared machine than the wall clock.
        "first_poll_cpu_ms": (cpu_polled - cpu_started) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(_one())))
        return
    results = [
        json.loads(subprocess.run(
            [sys.executable, "-m", "benchmarks.startup", "--one"],
            check=True, capture_output=True, text=True,
        ).stdout)
        for _ in range(args.runs)
    ]
    for key in ("build_ms", "first_poll_ms", "first_poll_cpu_ms"):
        values = sorted(r[key] for r in results)
        print(f"{key}: median {statistics.median(values):.0f} ms, "
              f"min {values[0]:.0f}, max {values[-1]:.0f} ({args.runs} runs)")


if __name__ == "__main__":
    main()
