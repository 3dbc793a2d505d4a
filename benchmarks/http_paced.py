"""The HTTP layer under Telegram's pacing: CPU per update at a steady 30 and 60 updates/s.

    PYTHONPATH=src:. python -m benchmarks.http_paced                    # both variants, 3 rounds
    PYTHONPATH=src:. python -m benchmarks.http_paced --rounds 1 --only httpx-tuned --profile F

her2bot runs as shipped (polling, the rate limiter on, chats side by side) with each HTTP
layer in turn; variants alternate round by round in ONE run, so the machine's load (shared
with other work) falls on both alike. Each bot process is warmed up, then offered a steady
30 updates/s and then 60 updates/s (the benchmarks/load.py flow: /start, then taps) for
`--seconds` each; the figure is the bot process's own user+system CPU during the phase
(from /proc) divided by the updates it answered. With `--profile F` each process writes a
cProfile to F.<variant>.<round>.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.fakeapi import TOKEN, FakeTelegramServer

from benchmarks.load import (
    SECRET,
    BenchAPI,
    _spawn,
    content_dir,
    cpu_seconds,
    percentile,
    steady,
    user_flow,
)

VARIANTS = ("aiohttp", "httpx-tuned")
RATES = (30.0, 60.0)


Figures = dict[float, tuple[float, float, float]]


async def measure(variant: str, seconds: float, work: Path, profile: str | None) -> Figures:
    """{rate: (CPU ms per update, achieved updates/s, p50 ms)} for one bot process."""
    api = BenchAPI()
    telegram = FakeTelegramServer(api)
    await telegram.start()
    env = {
        **os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_API_BASE_URL": telegram.base_url,
        "HER2BOT_STORE": f"sqlite:///{tempfile.mkdtemp(dir=work)}/her2bot.db",
        "HER2BOT_MODE": "polling", "HER2BOT_WEBHOOK_SECRET": SECRET,
        "HER2BOT_SECRET_KEY": "benchmark-secret-key-0123456789", "HER2BOT_LOG_LEVEL": "WARNING",
    }
    content = content_dir(Path(tempfile.mkdtemp(dir=work)))
    if content is not None:
        env["HER2BOT_CONTENT_DIR"] = str(content)
    command = [sys.executable, "-m", "benchmarks.botproc", "her2bot", "--http", variant,
               "--pacing", "on"]
    if profile:
        command += ["--profile", profile]
    process = _spawn(command, env)
    figures: Figures = {}
    try:
        while not api.ready.is_set():
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-1500:] if process.stderr else "")
            await asyncio.sleep(0.01)
        # Warm up (imports, first renders, connections), not measured.
        await asyncio.gather(*(user_flow(api, 9_000_000 + n, []) for n in range(20)))
        for index, rate in enumerate(RATES):
            before = cpu_seconds(process.pid)
            began = time.perf_counter()
            latencies = await steady(api, rate, seconds, 1_000_000 * (index + 1))
            elapsed = time.perf_counter() - began
            used = cpu_seconds(process.pid) - before
            figures[rate] = (used * 1000 / len(latencies), len(latencies) / elapsed,
                             percentile(latencies, 0.5))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        await api.close()
        await telegram.stop()
    return figures


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--only", choices=VARIANTS, default=None)
    parser.add_argument("--profile", default=None)
    args = parser.parse_args(argv)
    variants = [args.only] if args.only else list(VARIANTS)
    # httpcore asks for sniffio on every pool lock; without it each request walks sys.path
    # for a failing import (seen in cProfile), so the tuned httpx set-up includes it.
    print(f"sniffio importable: {importlib.util.find_spec('sniffio') is not None}")
    results: dict[str, dict[float, list[tuple[float, float, float]]]] = {
        v: {r: [] for r in RATES} for v in variants
    }
    with tempfile.TemporaryDirectory(prefix="her2bot-http-") as work:
        for round_no in range(args.rounds):
            for variant in variants:
                profile = f"{args.profile}.{variant}.{round_no}" if args.profile else None
                figures = await measure(variant, args.seconds, Path(work), profile)
                for rate, row in figures.items():
                    results[variant][rate].append(row)
                    print(f"round {round_no + 1} {variant:12} {rate:.0f}/s: "
                          f"{row[0]:.2f} CPU ms/update, {row[1]:.1f} updates/s, "
                          f"p50 {row[2]:.1f} ms", flush=True)
    print("\n| HTTP layer | offered | answered/s | CPU ms/update (median; min-max) | p50 ms |")
    print("|---|---|---|---|---|")
    for variant in variants:
        for rate in RATES:
            rows = results[variant][rate]
            cpu = [r[0] for r in rows]
            print(f"| {variant} | {rate:.0f}/s | {statistics.median(r[1] for r in rows):.1f} "
                  f"| {statistics.median(cpu):.2f}; {min(cpu):.2f}-{max(cpu):.2f} "
                  f"| {statistics.median(r[2] for r in rows):.1f} |")
    if len(variants) == 2:
        for rate in RATES:
            a, h = (statistics.median(r[0] for r in results[v][rate]) for v in variants)
            print(f"at {rate:.0f}/s aiohttp saves {1 - a / h:.0%} CPU per update")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
