"""How long one printable guide takes to make, and how big it is.

Measures build_guide + render_pdf (what the bot does per request) for every reader x
situation x level, after content is loaded once, as the bot does at start-up.

    PYTHONPATH=src python benchmarks/guide_pdf.py [--runs 20]

Targets: median under 100 ms, file under 200 KB. Figures are printed, not asserted.
Wall-clock time suffers when other work shares the machine's cores; the CPU column
(time.process_time) shows the cost of the guide itself.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from datetime import date

from pypdf import PdfReader

from her2bot.guide import Situation, build_guide, load_guide_content, render_pdf
from her2bot.vocabulary import Level, Reader


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="guides made per combination")
    args = parser.parse_args()

    start = time.perf_counter()
    content = load_guide_content()
    print(f"content loaded once in {(time.perf_counter() - start) * 1000:.0f} ms\n")
    print(f"{'reader':<10} {'situation':<12} {'level':<9} {'questions':>9} {'pages':>5} "
          f"{'median ms':>9} {'p95 ms':>7} {'CPU ms':>6} {'KB':>6}")
    medians, cpu_medians, sizes = [], [], []
    for reader in Reader:
        for situation in Situation:
            for level in Level:
                timings, cpu = [], []
                for _ in range(args.runs):
                    begin, begin_cpu = time.perf_counter(), time.process_time()
                    guide = build_guide(
                        reader, situation, level, content=content, made_on=date(2026, 11, 23)
                    )
                    data = render_pdf(guide)
                    timings.append((time.perf_counter() - begin) * 1000)
                    cpu.append((time.process_time() - begin_cpu) * 1000)
                timings.sort()
                median = statistics.median(timings)
                p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
                pages = len(PdfReader(io.BytesIO(data)).pages)
                medians.append(median)
                cpu_medians.append(statistics.median(cpu))
                sizes.append(len(data))
                print(f"{reader.value:<10} {situation.value:<12} {level.value:<9} "
                      f"{len(guide.questions):>9} {pages:>5} {median:>9.1f} {p95:>7.1f} "
                      f"{cpu_medians[-1]:>6.1f} "
                      f"{len(data) / 1024:>6.1f}")
    print(f"\nall combinations: median of medians {statistics.median(medians):.1f} ms, "
          f"slowest median {max(medians):.1f} ms, CPU median {statistics.median(cpu_medians):.1f} "
          f"ms, largest file {max(sizes) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
