"""Per-chat flood control: a token bucket per chat, in memory only.

A person may send a few messages quickly (a burst); after that, one message per `interval`
seconds gets through. The first message over the limit gets one polite notice; the rest of
that burst is dropped without a word, so a flood never turns into a flood of replies. An urgent
message is never dropped unanswered: once per burst it passes even over the limit.

Buckets are keyed by the keyed chat hash (never a raw chat id) and forgotten once full again,
so memory holds only chats that were active in the last few seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    PASS = "pass"  # handle the message as usual
    NOTICE = "notice"  # over the limit: send the one polite notice for this burst
    DROP = "drop"  # over the limit, notice already sent: ignore


@dataclass
class _Bucket:
    tokens: float
    updated: float
    noticed: bool = False
    urgent_passed: bool = False


class FloodControl:
    def __init__(
        self,
        # Ten quick messages, then one every half second: more than a person types, less
        # than a script or a stuck key sends.
        burst: int = 10,
        interval: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        max_chats: int = 100_000,
    ) -> None:
        if burst < 1 or interval <= 0:
            raise ValueError("burst must be at least 1 and interval positive")
        self.burst = burst
        self.interval = interval
        self._clock = clock
        self._max_chats = max_chats
        self._buckets: dict[str, _Bucket] = {}

    def check(self, key: str, *, urgent: Callable[[], bool] = lambda: False) -> Verdict:
        """The verdict for one message; `urgent` is asked only when the chat is over the limit
        (checking for urgent symptoms costs more than the bucket does)."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(tokens=float(self.burst), updated=now)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(self.burst), bucket.tokens + elapsed / self.interval)
            bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            # Back under the limit: the burst is over, a new one may get its own notice.
            bucket.noticed = bucket.urgent_passed = False
            return Verdict.PASS
        if not bucket.urgent_passed and urgent():
            bucket.urgent_passed = True
            return Verdict.PASS
        if not bucket.noticed:
            bucket.noticed = True
            return Verdict.NOTICE
        return Verdict.DROP

    def __len__(self) -> int:
        return len(self._buckets)

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that have refilled: they hold nothing a fresh bucket would not."""
        if len(self._buckets) < self._max_chats:
            return
        refill = self.burst * self.interval
        for key in [k for k, b in self._buckets.items() if now - b.updated >= refill]:
            del self._buckets[key]
        if len(self._buckets) >= self._max_chats:
            # Everyone is active at once: forget the oldest rather than grow without bound.
            oldest = min(self._buckets, key=lambda k: self._buckets[k].updated)
            del self._buckets[oldest]
