"""The command line: run, chat, content check/preview, guide."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from her2bot import __version__
from her2bot.config import ConfigError, Settings, load_settings
from her2bot.content import ContentError
from her2bot.logs import configure_logging


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="her2bot",
        description="A Telegram bot that explains HER2-positive breast cancer in plain language.",
    )
    parser.add_argument("--version", action="version", version=f"her2bot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="run the bot on Telegram (needs TELEGRAM_BOT_TOKEN)")
    commands.add_parser("chat", help="talk to the bot in this terminal, offline, no token")
    content = commands.add_parser("content", help="check, preview or describe content/")
    content_commands = content.add_subparsers(dest="content_command", metavar="ACTION")
    check = content_commands.add_parser("check", help="run every content quality gate")
    check.add_argument("--dir", type=Path, default=None, help="content folder to check")
    preview = content_commands.add_parser("preview", help="write HTML pages for reviewers")
    preview.add_argument("--out", type=Path, required=True, help="folder to write into")
    preview.add_argument("--dir", type=Path, default=None, help="content folder to preview")
    schema = content_commands.add_parser(
        "schema", help="write the JSON Schema of content/ (generated from the models)"
    )
    schema.add_argument("--out", type=Path, default=None, help="folder (default content/schema)")
    commands.add_parser(
        "guide", help="make the printable doctor discussion guide (PDF)", add_help=False
    )

    args, rest = parser.parse_known_args(argv)
    if args.command == "guide":
        from her2bot.guide.cli import main as guide_main

        return guide_main(rest)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    try:
        if args.command == "run":
            return _run(load_settings())
        if args.command == "chat":
            return _chat(load_settings(require_token=False))
        if args.command == "content":
            return _content(args, content)
    except (ConfigError, ContentError) as exc:
        print(f"her2bot: {exc}", file=sys.stderr)
        return 2
    parser.print_help()
    return 0


def _run(settings: Settings) -> int:
    from her2bot.app import ALLOWED_UPDATES, build_application

    configure_logging(settings.log_level)
    application = build_application(settings)
    if settings.mode == "webhook":
        from her2bot.webhook import WebhookConfig, run_webhook

        run_webhook(application, WebhookConfig.from_settings(settings, ALLOWED_UPDATES))
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0


def _chat(settings: Settings) -> int:
    from her2bot.offline.console import run_chat

    # Keep the conversation readable: only warnings and errors in the terminal.
    configure_logging("WARNING")
    return asyncio.run(run_chat(settings, out=sys.stdout, color=sys.stdout.isatty()))


def _content(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.content_command == "check":
        from her2bot.authoring.check import run_check

        return run_check(args.dir)
    if args.content_command == "preview":
        from her2bot.authoring.preview import write_preview

        written = write_preview(args.dir, args.out)
        print(f"wrote {len(written)} pages to {args.out}")
        return 0
    if args.content_command == "schema":
        from her2bot.authoring.schema import write_schemas

        written = write_schemas(args.out)
        print(f"wrote {len(written)} schema files")
        return 0
    parser.print_help()
    return 2
