"""`her2bot guide`: the same printable question list as the bot's, from the command line.

Useful for clinics that print guides for people without Telegram. `her2bot.cli` hands the
arguments after `guide` to `main`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from her2bot.content import ContentError
from her2bot.guide.build import build_guide
from her2bot.guide.loader import load_guide_content
from her2bot.guide.pdf import FILENAME, render_pdf
from her2bot.vocabulary import Level, Reader, Situation

DEFAULT_OUT = FILENAME
MAX_NAME = 80


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="her2bot guide",
        description=(
            "Make the printable list of questions to ask the doctor (a PDF), "
            "as the bot sends it."
        ),
    )
    parser.add_argument(
        "--for", dest="reader", required=True, choices=[r.value for r in Reader],
        help="who will use the list: the patient, or a caregiver (family member or friend)",
    )
    parser.add_argument(
        "--situation", required=True, choices=[s.value for s in Situation],
        help=(
            "new_stage4: just learned it is stage 4; recurrence: it came back after earlier "
            "treatment; progression: the current treatment stopped working; "
            "checkin: a general check-in"
        ),
    )
    parser.add_argument(
        "--level", default=Level.STANDARD.value, choices=[lv.value for lv in Level],
        help="how questions are worded (default: standard)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path(DEFAULT_OUT),
        help=f"where to write the PDF (default: {DEFAULT_OUT})",
    )
    parser.add_argument("--name", help="a name to print on the list (optional)")
    parser.add_argument(
        "--date", type=_day, help="the date printed on the list, YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--content-dir", type=Path, help="a content folder to use instead of the shipped one"
    )
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-23") from None


def main(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already explained
        return int(exc.code or 0)
    if args.name is not None and len(args.name) > MAX_NAME:
        parser.print_usage(sys.stderr)
        print(f"her2bot guide: error: --name: at most {MAX_NAME} characters", file=sys.stderr)
        return 2
    try:
        content = load_guide_content(args.content_dir)
    except ContentError as exc:
        print(f"her2bot guide: content error: {exc}", file=sys.stderr)
        return 1
    guide = build_guide(
        Reader(args.reader), Situation(args.situation), Level(args.level),
        content=content, name=args.name, made_on=args.date,
    )
    data = render_pdf(guide)
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        print(f"her2bot guide: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"Wrote {args.out} ({len(guide.questions)} questions, {len(data) // 1024} KB)")
    return 0
