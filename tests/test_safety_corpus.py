"""Recall and false alarms over the message corpora in tests/corpus/ (see its README).

Targets from the issue: every urgent message answered as urgent (100% recall); at most 5% of
ordinary messages raise a false alarm. benchmarks/safety_corpus.py prints the same figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from her2bot.content import default_content_dir
from her2bot.safety import AlertKind, SafetyNet

CORPUS = Path(__file__).parent / "corpus"


def read_lines(name: str) -> list[str]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return SafetyNet.load(default_content_dir())


@pytest.mark.parametrize("name", ["urgent.txt", "urgent_heldout.txt"])
def test_every_urgent_message_gets_the_urgent_reply(net: SafetyNet, name: str) -> None:
    lines = read_lines(name)
    assert len(lines) >= (60 if name == "urgent.txt" else 30)
    missed, wrong_kind = [], []
    for line in lines:
        message, _, expected = (part.strip() for part in line.partition("=>"))
        alert = net.check(message)
        if alert is None:
            missed.append(message)
        elif expected == AlertKind.SELF_HARM and alert.kind is not AlertKind.SELF_HARM:
            wrong_kind.append(message)
    recall = 100 * (len(lines) - len(missed)) / len(lines)
    print(f"\n{name}: recall {recall:.1f}% of {len(lines)}")
    assert missed == []
    assert wrong_kind == []


def test_false_alarms_on_ordinary_messages_stay_under_five_percent(net: SafetyNet) -> None:
    main = read_lines("ordinary.txt")
    held_out = read_lines("ordinary_heldout.txt")
    assert len(main) >= 60
    rates = {}
    for name, lines in (("ordinary", main), ("held out", held_out), ("all", main + held_out)):
        alarms = [m for m in lines if net.check(m) is not None]
        rates[name] = 100 * len(alarms) / len(lines)
        print(f"\n{name}: false alarms {rates[name]:.1f}% of {len(lines)}: {alarms}")
    assert rates["ordinary"] <= 5
    assert rates["all"] <= 5
