"""Flood control: a burst passes, then one notice, then silence until the bucket refills."""

from __future__ import annotations

from her2bot.flood import FloodControl, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_exactly_one_notice_then_drops() -> None:
    clock = Clock()
    flood = FloodControl(burst=3, interval=1.0, clock=clock)
    verdicts = [flood.check("chat") for _ in range(8)]
    assert verdicts == [Verdict.PASS] * 3 + [Verdict.NOTICE] + [Verdict.DROP] * 4


def test_the_bucket_refills_and_a_new_burst_gets_a_new_notice() -> None:
    clock = Clock()
    flood = FloodControl(burst=2, interval=1.0, clock=clock)
    assert [flood.check("chat") for _ in range(4)] == [
        Verdict.PASS, Verdict.PASS, Verdict.NOTICE, Verdict.DROP,
    ]
    clock.now += 1.0  # one message's worth
    assert flood.check("chat") is Verdict.PASS
    assert flood.check("chat") is Verdict.NOTICE
    assert flood.check("chat") is Verdict.DROP


def test_chats_are_limited_separately() -> None:
    flood = FloodControl(burst=1, interval=1.0, clock=Clock())
    assert flood.check("a") is Verdict.PASS
    assert flood.check("a") is Verdict.NOTICE
    assert flood.check("b") is Verdict.PASS


def test_an_urgent_message_passes_once_per_burst_even_over_the_limit() -> None:
    flood = FloodControl(burst=1, interval=1.0, clock=Clock())
    assert flood.check("chat") is Verdict.PASS
    assert flood.check("chat", urgent=lambda: True) is Verdict.PASS
    assert flood.check("chat", urgent=lambda: True) is Verdict.NOTICE
    assert flood.check("chat", urgent=lambda: True) is Verdict.DROP


def test_urgency_is_only_checked_over_the_limit() -> None:
    asked = []

    def urgent() -> bool:
        asked.append(True)
        return False

    flood = FloodControl(burst=2, interval=1.0, clock=Clock())
    flood.check("chat", urgent=urgent)
    flood.check("chat", urgent=urgent)
    assert asked == []
    assert flood.check("chat", urgent=urgent) is Verdict.NOTICE
    assert asked == [True]


def test_idle_chats_are_forgotten_when_memory_is_full() -> None:
    clock = Clock()
    flood = FloodControl(burst=2, interval=1.0, clock=clock, max_chats=3)
    for key in ("a", "b", "c"):
        flood.check(key)
    clock.now += 10
    flood.check("d")
    assert len(flood) == 1
    for key in ("e", "f", "g"):
        flood.check(key)  # all active at once: the oldest makes room
    assert len(flood) == 3
