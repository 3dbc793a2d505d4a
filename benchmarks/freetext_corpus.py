"""How typed messages land: the share of tests/corpus/questions*.yaml whose first topic is a
sensible one (and within the first three), personal questions recognised, and small talk and
feelings given the right reply.

Run: PYTHONPATH=src:. python benchmarks/freetext_corpus.py [--show]
The floors are asserted by tests/test_freetext_corpus.py.
"""

from __future__ import annotations

import sys
import time

from tests.corpus_reader import read_lines, read_yaml
from tests.test_freetext_corpus import PERSONAL_SETS, QUESTION_SETS, SMALLTALK_SETS

from her2bot.content import default_content_dir, load_content
from her2bot.freetext import FreeText


def main() -> None:
    show = "--show" in sys.argv
    content = load_content()  # as the bot runs: word list and menu labels included
    matcher = FreeText.load(default_content_dir(), content.glossary, content.topics)
    for name in QUESTION_SETS:
        measure(matcher, name, show)
    for name in PERSONAL_SETS:
        measure_personal(matcher, name, show)
    for name in SMALLTALK_SETS:
        measure_smalltalk(matcher, name, show)


def measure(matcher: FreeText, name: str, show: bool) -> None:
    questions = read_yaml(name)
    started = time.perf_counter()
    first = top3 = flagged = 0
    misses = []
    for item in questions:
        answer = matcher.answer(item["q"])
        expected = set(item["topics"])
        if answer.topics and answer.topics[0] in expected:
            first += 1
        else:
            misses.append((item["q"], answer.topics, sorted(expected)))
        if expected & set(answer.topics):
            top3 += 1
        flagged += answer.personal
    elapsed = time.perf_counter() - started
    total = len(questions)
    print(f"{name}: {total} questions")
    print(f"  first topic sensible:      {first} ({100 * first / total:.0f}%)")
    print(f"  a sensible topic in top 3: {top3} ({100 * top3 / total:.0f}%)")
    print(f"  also flagged as personal:  {flagged}")
    print(f"  time per message: {1000 * elapsed / total:.2f} ms")
    if show:
        for q, got, expected in misses:
            print(f"  MISS: {q!r}: got {list(got)}, expected {expected}")


def measure_personal(matcher: FreeText, name: str, show: bool) -> None:
    personal = read_lines(name)
    missed = [q for q in personal if not matcher.answer(q).personal]
    found = len(personal) - len(missed)
    print(f"{name}: {len(personal)} personal questions, recognised "
          f"{found} ({100 * found / len(personal):.0f}%)")
    if show:
        for q in missed:
            print(f"  NOT PERSONAL: {q!r}")


def measure_smalltalk(matcher: FreeText, name: str, show: bool) -> None:
    items = read_yaml(name)
    wrong = []
    for item in items:
        answer = matcher.answer(item["q"])
        offered = set(answer.topics) | set(matcher.intent_topics.get(answer.intent or "", ()))
        if answer.intent != item["intent"] or not set(item.get("topics", [])) <= offered:
            wrong.append((item["q"], answer.intent, item["intent"]))
    print(f"{name}: {len(items)} messages, right reply {len(items) - len(wrong)}")
    if show:
        for q, got, expected in wrong:
            print(f"  WRONG: {q!r}: got {got}, expected {expected}")


if __name__ == "__main__":
    main()
