"""The command line: run, chat, content check/preview, guide."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

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
    chat = commands.add_parser("chat", help="talk to the bot in this terminal, offline, no token")
    chat.add_argument(
        "--store", type=Path, default=None, metavar="FILE",
        help="keep the chat's preferences in this SQLite file (default: in memory, forgotten "
             "on exit); never the store `her2bot run` uses",
    )
    content = commands.add_parser("content", help="check, preview or describe content/")
    content_commands = content.add_subparsers(dest="content_command", metavar="ACTION")
    check = content_commands.add_parser("check", help="run every content quality gate")
    check.add_argument("--dir", type=Path, default=None, help="content folder to check")
    preview = content_commands.add_parser("preview", help="write HTML pages for reviewers")
    preview.add_argument("--out", type=Path, required=True, help="folder to write into")
    preview.add_argument("--dir", type=Path, default=None, help="content folder to preview")
    picture = commands.add_parser(
        "picture", help="draw an icon array from content/pictures.yaml into a PNG file"
    )
    picture.add_argument("--out", type=Path, required=True, help="PNG file to write")
    picture.add_argument("--id", default=None, help="picture id (default: the first one)")
    picture.add_argument("--dir", type=Path, default=None, help="content folder")
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
            return _chat(load_settings(_chat_environ(args.store), require_token=False))
        if args.command == "content":
            return _content(args, content)
        if args.command == "picture":
            return _picture(args)
    except (ConfigError, ContentError, ValueError) as exc:
        print(f"her2bot: {exc}", file=sys.stderr)
        return 2
    parser.print_help()
    return 0


def _run(settings: Settings) -> int:
    from her2bot.app import ALLOWED_UPDATES, StartError, build_application

    configure_logging(settings.log_level)
    application = build_application(settings)
    try:
        if settings.mode == "webhook":
            from her2bot.updates import seen_for
            from her2bot.webhook import WebhookConfig, run_webhook

            run_webhook(application, WebhookConfig.from_settings(settings, ALLOWED_UPDATES),
                        seen_for(settings.store_url))
        else:
            asyncio.run(_poll(application))
    except StartError as exc:
        print(f"her2bot: {exc}", file=sys.stderr)
        return 1
    return 0


async def _poll(application: Any) -> None:
    """Polling mode until SIGTERM or SIGINT (Ctrl-C), then a graceful stop."""
    from her2bot.app import running

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    try:
        async with running(application, polling=True):
            await stop.wait()
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)


def _chat_environ(store: Path | None) -> dict[str, str]:
    """The environment for `her2bot chat`: its own store, so it never reads or writes the
    preferences of the bot `her2bot run` serves (HER2BOT_STORE is ignored here)."""
    environ = dict(os.environ)
    environ["HER2BOT_STORE"] = f"sqlite:///{store.expanduser().resolve()}" if store else "memory://"
    return environ


def _chat(settings: Settings) -> int:
    from her2bot.offline.console import run_chat

    # Keep the conversation readable: only warnings and errors in the terminal.
    configure_logging("WARNING")
    return asyncio.run(run_chat(settings, out=sys.stdout, color=sys.stdout.isatty()))


def _picture(args: argparse.Namespace) -> int:
    from her2bot.content import load_content
    from her2bot.content.loader import default_content_dir
    from her2bot.pictures import caption, load_pictures, render_png

    directory = args.dir or default_content_dir()
    content = load_content(directory)
    pictures = load_pictures(directory, content.topics, content.sources, content.check.optin_topic)
    if not pictures.by_id:
        raise ContentError(f"{directory}: no pictures defined in pictures.yaml")
    picture_id = args.id or next(iter(pictures.by_id))
    if picture_id not in pictures.by_id:
        raise ContentError(f"no picture '{picture_id}'; known: {', '.join(pictures.by_id)}")
    picture = pictures.by_id[picture_id]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(render_png(picture, pictures.strings))
    print(f"wrote {args.out}\n")
    print(caption(picture, pictures.strings, pictures.source_lines[picture_id]))
    return 0


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
