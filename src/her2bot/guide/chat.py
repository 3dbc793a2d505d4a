"""The guide as Telegram messages: a checklist, split to fit, each ending with the disclaimer."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import escape

from her2bot.guide.models import Guide
from her2bot.telegram_html import MAX_MESSAGE_LENGTH, to_plain_text, utf16_length

BOX = "☐"
BULLET = "•"


def checklist_messages(guide: Guide, explanation: Callable[[str], str]) -> list[str]:
    """Telegram HTML messages for the guide, in order.

    `explanation` is the bot's `Renderer.explanation`: the one place the disclaimer is added,
    so every message of the list carries it.
    """
    blocks = [f"{guide.chat['title']}\n{guide.chat['intro']}"]
    for section in guide.sections:
        lines = [f"<b>{escape(section.title)}</b>"]
        lines += [f"{BOX} {escape(q)}" for q in section.questions]
        blocks += _fit(lines, explanation, guide.chat["continued"])
    bring = [guide.chat["bring_title"], *(f"{BULLET} {escape(item)}" for item in guide.bring)]
    blocks += _fit(bring, explanation, guide.chat["continued"])

    messages: list[str] = []
    current: list[str] = []
    for block in blocks:
        if current and _too_long(explanation("\n\n".join([*current, block]))):
            messages.append(explanation("\n\n".join(current)))
            current = [guide.chat["continued"]]
        current.append(block)
    messages.append(explanation("\n\n".join(current)))
    return messages


def _fit(lines: list[str], explanation: Callable[[str], str], continued: str) -> list[str]:
    """One block for a section, or several if the section alone would not fit a message."""
    blocks: list[str] = []
    current: list[str] = []
    for line in lines:
        # Leave room for the "(continued)" line a message may start with.
        candidate = "\n".join([*current, line])
        if current and _too_long(explanation(f"{continued}\n\n{candidate}")):
            blocks.append("\n".join(current))
            current = [line]
        else:
            current.append(line)
    blocks.append("\n".join(current))
    return blocks


def _too_long(text: str) -> bool:
    return utf16_length(to_plain_text(text)) > MAX_MESSAGE_LENGTH
