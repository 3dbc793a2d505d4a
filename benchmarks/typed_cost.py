"""What one typed message costs, and whether a flood of long texts makes anyone else wait.

    PYTHONPATH=src:. python benchmarks/typed_cost.py

1. Per-message cost of the urgent check plus free-text matching (SafetyNet.check +
   FreeText.answer) at 100, 1,000 and 4,096 characters: "warm" (its words seen before, as in a
   flood of the same report), "cold" (the word memory emptied first), and "unseen words"
   (every word new: random letters, the worst case for typo matching).
   The long texts are made of the ordinary messages in tests/corpus/, so they read like what
   people type.
2. The real Application against the fake Bot API on 127.0.0.1: one user pastes 4,096-character
   texts back to back (every 10 ms) while other users send /help, one every 50 ms in all;
   reported: p50 / p99 of their reply times, with and without the flood.
Figures move with the load on the machine: report them with that said.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import string
import time
from collections.abc import Callable
from typing import Any

from tests.corpus_reader import read_lines
from tests.e2e.conftest import start_bot, stop_bot
from tests.fakeapi import TOKEN, FakeTelegramServer

from her2bot.config import load_settings
from her2bot.content import default_content_dir, load_content
from her2bot.freetext import FreeText
from her2bot.offline.botapi import BotAPI
from her2bot.safety import SafetyNet
from her2bot.safety_content import SafetyContent

SIZES = (100, 1_000, 4_096)


def corpus_text(size: int, seed: int) -> str:
    lines = read_lines("ordinary.txt") + read_lines("ordinary_heldout.txt")
    rng = random.Random(seed)
    text = ""
    while len(text) < size:
        text += rng.choice(lines) + ". "
    return text[:size]


def unseen_text(size: int, seed: int) -> str:
    rng = random.Random(seed)
    words = (
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10)))
        for _ in range(size)
    )
    return " ".join(words)[:size]


def per_message() -> None:
    content = load_content()
    texts = SafetyContent(default_content_dir())
    net, matcher = SafetyNet(texts), FreeText(texts, content.glossary, content.topics)

    def cost(text: str) -> float:
        started = time.perf_counter()
        net.check(text)
        matcher.answer(text)
        return 1000 * (time.perf_counter() - started)

    def median(make: Callable[[int], str], size: int, cold: bool, runs: int = 15) -> float:
        values = []
        for seed in range(runs):
            text = make(seed)
            if cold:
                texts.lexicon.forget()
            else:
                cost(text)
            values.append(cost(text))
        return statistics.median(values)

    print("| characters | warm ms | cold ms | unseen words ms |")
    print("|---|---|---|---|")
    for size in SIZES:
        warm = median(lambda seed, s=size: corpus_text(s, seed), size, cold=False)
        cold = median(lambda seed, s=size: corpus_text(s, seed), size, cold=True)
        unseen = median(lambda seed, s=size: unseen_text(s, seed + 1000), size, cold=True)
        print(f"| {size:,} | {warm:.2f} | {cold:.2f} | {unseen:.2f} |")


async def flood_p99(flooding: bool, seconds: float = 8.0) -> tuple[float, float]:
    server = FakeTelegramServer(BotAPI())
    await server.start()
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_API_BASE_URL": server.base_url,
        "HER2BOT_STORE": "memory://",
    })
    bot = await start_bot(settings)
    api: Any = server.api
    # Twenty other users take turns, so none of them trips the flood gate (10 quick messages,
    # then one per half second) while /help is sent every 50 ms in all.
    others, noisy = [2000 + n for n in range(20)], 1002
    stop = asyncio.Event()

    async def flood() -> None:
        seed = 0
        while not stop.is_set():
            seed += 1
            await api.user_text(noisy, unseen_text(4_096, seed) if seed % 2 else
                                corpus_text(4_096, seed))
            await asyncio.sleep(0.01)

    async def answered(before: int, quiet: int) -> None:
        while not any(m.chat_id == quiet for m in api.outbox[before:]):  # noqa: ASYNC110
            await asyncio.sleep(0.001)

    latencies = []
    flooder = asyncio.create_task(flood()) if flooding else None
    ends = time.perf_counter() + seconds
    try:
        turn = 0
        while time.perf_counter() < ends:
            quiet = others[turn % len(others)]
            turn += 1
            before = len(api.outbox)
            started = time.perf_counter()
            await api.user_text(quiet, "/help")
            await asyncio.wait_for(answered(before, quiet), 10)
            latencies.append(1000 * (time.perf_counter() - started))
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        if flooder is not None:
            await flooder
        await stop_bot(bot)
        await server.stop()
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[int(0.99 * (len(latencies) - 1))]


def main() -> None:
    per_message()
    print()
    print("| another user's /help | p50 ms | p99 ms |")
    print("|---|---|---|")
    for flooding in (False, True):
        p50, p99 = asyncio.run(flood_p99(flooding))
        label = "while one user pastes 4,096-character texts" if flooding else "alone"
        print(f"| {label} | {p50:.1f} | {p99:.1f} |")


if __name__ == "__main__":
    main()
