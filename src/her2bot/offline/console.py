"""`her2bot chat`: the very same bot, in a terminal, with no token and no network.

The real Application runs against the in-memory Bot API; what you type becomes updates, and
buttons are shown as numbered choices.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any, TextIO

from telegram.ext import ApplicationBuilder

from her2bot.app import build_application, running
from her2bot.config import Settings
from her2bot.offline.botapi import BotAPI, ChatMessage
from her2bot.offline.request import OfflineRequest

OFFLINE_TOKEN = "1:offline-chat-mode-no-network-token"
CHAT_ID = 1
_TAG = re.compile(r"</?([a-z-]+)[^>]*>")
_QUIT = {"q", "quit", "exit", "/quit"}

INTRO = (
    "her2bot offline chat: the real bot, no Telegram needed.\n"
    "Type a number to tap a button, or type a message or a /command.\n"
    "Type 'quit' (or press Ctrl-D) to leave.\n"
)


class Terminal:
    """Shows what the bot sends; remembers the latest buttons so a number can tap one."""

    def __init__(self, out: TextIO, color: bool, files_dir: Path) -> None:
        self.out = out
        self.color = color
        self.files_dir = files_dir
        self.buttons: list[tuple[ChatMessage, dict[str, Any]]] = []

    def show(self, message: ChatMessage, edited: bool) -> None:
        rule = "─" * 60
        print(rule, file=self.out)
        if message.document is not None:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            path = self.files_dir / message.document.file_name
            path.write_bytes(message.document.data)
            print(f"[document] {message.document.file_name} saved to {path}", file=self.out)
        if message.photo is not None:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            path = self.files_dir / f"{message.photo.file_id}.png"
            path.write_bytes(message.photo.data)
            print(f"[picture] saved to {path}; its text:", file=self.out)
        if message.html:
            print(self.format(message.html), file=self.out)
        if message.buttons:
            self.buttons = [(message, button) for button in message.buttons]
            for number, (_, button) in enumerate(self.buttons, start=1):
                label = button["text"] + (f"  ({button['url']})" if "url" in button else "")
                print(f"  [{number}] {label}", file=self.out)
        self.out.flush()

    def format(self, html: str) -> str:
        def tag(match: re.Match[str]) -> str:
            if not self.color or match.group(1) not in ("b", "strong"):
                return ""
            return "\033[0m" if match.group(0).startswith("</") else "\033[1m"

        return unescape(_TAG.sub(tag, html))


async def run_chat(
    settings: Settings,
    *,
    read_line: Callable[[str], str] = input,
    out: TextIO,
    color: bool = False,
) -> int:
    api = BotAPI(username="her2bot_offline_bot")
    terminal = Terminal(out, color, Path(tempfile.gettempdir()) / "her2bot-chat")
    api.on_bot_message = terminal.show
    builder = (
        ApplicationBuilder()
        .token(OFFLINE_TOKEN)
        .request(OfflineRequest(api))
        .get_updates_request(OfflineRequest(api))
    )
    application = build_application(settings, builder=builder)
    print(INTRO, file=out)
    async with running(application, polling=True, poll_timeout=5):
        await _deliver(api, application, await api.user_text(CHAT_ID, "/start"))
        while True:
            try:
                line = (await asyncio.to_thread(read_line, "> ")).strip()
            except (EOFError, KeyboardInterrupt):
                break
            if line.lower() in _QUIT:
                break
            if not line:
                continue
            update_id = await _user_input(api, terminal, line)
            if update_id is not None:
                await _deliver(api, application, update_id)
    print("Goodbye. Take care.", file=out)
    return 0


async def _user_input(api: BotAPI, terminal: Terminal, line: str) -> int | None:
    if line.isdigit():
        number = int(line)
        if not 1 <= number <= len(terminal.buttons):
            print(f"There is no button {number}.", file=terminal.out)
            return None
        message, button = terminal.buttons[number - 1]
        if "url" in button:
            print(f"That button opens a link: {button['url']}", file=terminal.out)
            return None
        return await api.user_click(CHAT_ID, message.message_id, button["callback_data"])
    return await api.user_text(CHAT_ID, line)


async def _deliver(api: BotAPI, application: Any, update_id: int) -> None:
    """Wait until the bot has fully handled one update, so replies print before the prompt."""
    await api.wait_confirmed(update_id)
    await application.update_queue.join()
