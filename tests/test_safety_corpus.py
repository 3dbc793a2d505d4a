"""Recall and false alarms over the message corpora in tests/corpus/ (see its README).

Targets from issue 11: every urgent message answered as urgent, with the right kind of reply
(100% recall, on the held-out sets too); at most 1 false alarm in 40 ordinary messages (2.5%).
benchmarks/safety_corpus.py prints the same figures and every miss.
"""

from __future__ import annotations

import pytest

from her2bot.content import default_content_dir
from her2bot.safety import SafetyNet
from tests.corpus_reader import read_lines, read_urgent

# (urgent, ordinary, written): tuned on the first; the others were written after tuning.
SETS = [
    ("urgent.txt", "ordinary.txt"),
    ("urgent_heldout.txt", "ordinary_heldout.txt"),
    ("urgent_heldout2.txt", "ordinary_heldout2.txt"),
    ("urgent_heldout3.txt", "ordinary_heldout3.txt"),
]


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return SafetyNet.load(default_content_dir())


@pytest.mark.parametrize("name", [urgent for urgent, _ in SETS])
def test_every_urgent_message_gets_the_right_urgent_reply(net: SafetyNet, name: str) -> None:
    messages = read_urgent(name)
    assert len(messages) >= 30
    missed = [m.message for m in messages if not m.answered(net.check(m.message))]
    wrong_kind = [
        m.message for m in messages
        if m.answered(net.check(m.message)) and not m.right_kind(net.check(m.message))
    ]
    print(f"\n{name}: {len(messages) - len(missed)} of {len(messages)}")
    assert missed == []
    assert wrong_kind == []


def test_false_alarms_stay_at_most_one_in_forty(net: SafetyNet) -> None:
    lines = [line for _, ordinary in SETS for line in read_lines(ordinary)]
    assert len(lines) >= 150
    alarms = [m for m in lines if net.check(m) is not None]
    print(f"\nfalse alarms: {len(alarms)} of {len(lines)}: {alarms}")
    assert len(alarms) * 40 <= len(lines)
