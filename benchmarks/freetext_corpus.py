"""How typed questions land: the share of tests/corpus/questions.yaml whose first topic is a
sensible one (and within the first three), and how personal questions are recognised.

Run: PYTHONPATH=src python benchmarks/freetext_corpus.py [--show]
The floor is asserted by tests/test_freetext_corpus.py.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

from her2bot.content import default_content_dir, load_content
from her2bot.freetext import FreeText

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def main() -> None:
    show = "--show" in sys.argv
    content = load_content()  # as the bot runs: word list and menu labels included
    matcher = FreeText.load(default_content_dir(), content.glossary, content.topics)
    for name in ("questions.yaml", "questions_heldout.yaml"):
        measure(matcher, name, show)
    measure_personal(matcher, show)


def measure(matcher: FreeText, name: str, show: bool) -> None:
    questions = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
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
    print(f"  first topic sensible:      {100 * first / total:.0f}%")
    print(f"  a sensible topic in top 3: {100 * top3 / total:.0f}%")
    print(f"  also flagged as personal:  {flagged}")
    print(f"  time per message: {1000 * elapsed / total:.2f} ms")
    if show:
        for q, got, expected in misses:
            print(f"  MISS: {q!r}: got {list(got)}, expected {expected}")


def measure_personal(matcher: FreeText, show: bool) -> None:
    personal = [
        line.strip()
        for line in (CORPUS / "personal.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    missed = [q for q in personal if not matcher.answer(q).personal]
    print(f"personal.txt: {len(personal)} personal questions, recognised "
          f"{100 * (len(personal) - len(missed)) / len(personal):.0f}%")
    if show:
        for q in missed:
            print(f"  NOT PERSONAL: {q!r}")


if __name__ == "__main__":
    main()
