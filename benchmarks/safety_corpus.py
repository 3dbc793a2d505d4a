"""Recall on urgent messages and false alarms on ordinary ones, over tests/corpus/.

Run: PYTHONPATH=src python benchmarks/safety_corpus.py [--show]
Prints the figures (and with --show, every miss and false alarm). The targets (100% recall,
at most 5% false alarms) are asserted by tests/test_safety_corpus.py.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from her2bot.content import default_content_dir
from her2bot.safety import AlertKind, SafetyNet

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def read_lines(name: str) -> list[str]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def measure(net: SafetyNet, urgent_file: str, ordinary_file: str, show: bool) -> None:
    urgent = read_lines(urgent_file)
    ordinary = read_lines(ordinary_file)
    started = time.perf_counter()
    misses = []
    wrong_kind = []
    for line in urgent:
        message, _, expected = line.partition("=>")
        alert = net.check(message.strip())
        if alert is None:
            misses.append(message.strip())
        elif expected.strip() == AlertKind.SELF_HARM and alert.kind is not AlertKind.SELF_HARM:
            wrong_kind.append(message.strip())
    alarms = [(m, net.check(m)) for m in ordinary]
    false_alarms = [(m, a) for m, a in alarms if a is not None]
    elapsed = time.perf_counter() - started
    checked = len(urgent) + len(ordinary)
    print(f"{urgent_file} + {ordinary_file}")
    print(f"  urgent messages:   {len(urgent)}, recall "
          f"{100 * (len(urgent) - len(misses)) / len(urgent):.1f}% ({len(misses)} missed), "
          f"self-harm given the medical reply: {len(wrong_kind)}")
    print(f"  ordinary messages: {len(ordinary)}, false alarms "
          f"{100 * len(false_alarms) / len(ordinary):.1f}% ({len(false_alarms)})")
    print(f"  time per message:  {1000 * elapsed / checked:.2f} ms")
    if show:
        for message in misses:
            print(f"  MISSED: {message}")
        for message in wrong_kind:
            print(f"  WRONG KIND: {message}")
        for message, alert in false_alarms:
            print(f"  FALSE ALARM: {message}  {alert.categories if alert else ''}")


def main() -> None:
    net = SafetyNet.load(default_content_dir())
    show = "--show" in sys.argv
    measure(net, "urgent.txt", "ordinary.txt", show)
    measure(net, "urgent_heldout.txt", "ordinary_heldout.txt", show)


if __name__ == "__main__":
    main()
