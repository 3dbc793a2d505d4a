"""Recall on urgent messages and false alarms on ordinary ones, over tests/corpus/.

Run: PYTHONPATH=src:. python benchmarks/safety_corpus.py [--show]
Prints the figures per set (and with --show, every miss, wrong kind of reply and false alarm).
The targets (100% recall, at most 1 false alarm in 40) are asserted by
tests/test_safety_corpus.py.
"""

from __future__ import annotations

import sys
import time

from tests.corpus_reader import read_lines, read_urgent
from tests.test_safety_corpus import SETS

from her2bot.content import default_content_dir
from her2bot.safety import SafetyNet


def measure(net: SafetyNet, urgent_file: str, ordinary_file: str, show: bool) -> None:
    urgent = read_urgent(urgent_file)
    ordinary = read_lines(ordinary_file)
    started = time.perf_counter()
    alerts = [(m, net.check(m.message)) for m in urgent]
    misses = [m.message for m, alert in alerts if not m.answered(alert)]
    wrong_kind = [m.message for m, alert in alerts if m.answered(alert) and not m.right_kind(alert)]
    false_alarms = [(m, a) for m in ordinary if (a := net.check(m)) is not None]
    elapsed = time.perf_counter() - started
    checked = len(urgent) + len(ordinary)
    print(f"{urgent_file} + {ordinary_file}")
    print(f"  urgent messages:   {len(urgent)}, recall "
          f"{100 * (len(urgent) - len(misses)) / len(urgent):.1f}% ({len(misses)} missed), "
          f"wrong kind of reply: {len(wrong_kind)}")
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
    for urgent, ordinary in SETS:
        measure(net, urgent, ordinary, show)


if __name__ == "__main__":
    main()
