"""How long one icon array takes to draw, how big its PNG is, and how much memory it needs.

Measures render_png (what the bot does on the first "Show this as a picture"; later sends reuse
the uploaded file id) for every picture in content/pictures.yaml, after the fonts are loaded
once, as in the running bot.

    PYTHONPATH=src python benchmarks/pictures.py [--runs 200]

Target: median at most 20 ms per picture. Figures are printed, not asserted. Wall-clock time
suffers when other work shares the machine's cores; the CPU column (time.process_time) shows
the cost of the picture itself. Memory: the two image buffers (RGB drawing and palette copy),
the peak of Python allocations (tracemalloc), and the growth of the process's peak resident
size (ru_maxrss), which also counts Pillow's C buffers.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc

from her2bot.content import load_content
from her2bot.content.loader import default_content_dir
from her2bot.pictures import load_pictures, render, render_png


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="pictures drawn per picture id")
    args = parser.parse_args()

    content = load_content()
    pictures = load_pictures(default_content_dir(), content.topics, content.sources)
    start = time.perf_counter()
    for picture in pictures.by_id.values():
        render_png(picture, pictures.strings)  # first call: loads the fonts and icon mask
    print(f"first picture (fonts loaded) in {(time.perf_counter() - start) * 1000:.0f} ms\n")
    print(f"{'picture':<14} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>6} {'PNG bytes':>9} "
          f"{'py peak KB':>10} {'RSS growth KB':>13} {'size':>9} {'image KB':>8}")
    for picture in pictures.by_id.values():
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            png = render_png(picture, pictures.strings)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        width, height = render(picture, pictures.strings).size  # RGB (3 B/px) + palette (1)
        rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        tracemalloc.start()
        render_png(picture, pictures.strings)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        walls.sort()
        print(f"{picture.id:<14} {statistics.median(walls):>9.1f} "
              f"{walls[int(len(walls) * 0.95) - 1]:>7.1f} {statistics.median(cpus):>6.1f} "
              f"{len(png):>9} {peak / 1024:>10.0f} {rss_growth:>13} "
              f"{f'{width}x{height}':>9} {width * height * 4 / 1024:>8.0f}")


if __name__ == "__main__":
    main()
