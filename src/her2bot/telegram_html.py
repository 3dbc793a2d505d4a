"""Telegram's HTML parse mode, checked the way Telegram checks it.

Used by the content checks (so broken markup fails at start-up, not in a chat) and by the
offline Bot API (so the chat mode and the tests reject what Telegram would reject).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

MAX_MESSAGE_LENGTH = 4096  # after entity parsing, in UTF-16 code units
MAX_CAPTION_LENGTH = 1024

# Tags Telegram accepts in parse_mode=HTML, with the attributes it allows.
_ALLOWED: dict[str, frozenset[str]] = {
    "b": frozenset(), "strong": frozenset(), "i": frozenset(), "em": frozenset(),
    "u": frozenset(), "ins": frozenset(), "s": frozenset(), "strike": frozenset(),
    "del": frozenset(), "tg-spoiler": frozenset(), "span": frozenset({"class"}),
    "a": frozenset({"href"}), "code": frozenset({"class"}), "pre": frozenset(),
    "blockquote": frozenset({"expandable"}), "tg-emoji": frozenset({"emoji-id"}),
}
# The only named entities Telegram understands; anything else is a parse error there.
_NAMED_ENTITIES = {"lt", "gt", "amp", "quot"}
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")


class HtmlError(ValueError):
    """The text is not valid Telegram HTML; the message says what Telegram would say."""


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED:
            raise HtmlError(f"Unsupported start tag \"{tag}\"")
        for name, _ in attrs:
            if name not in _ALLOWED[tag]:
                raise HtmlError(f"Unsupported attribute \"{name}\" in tag \"{tag}\"")
        if tag == "a" and not dict(attrs).get("href"):
            raise HtmlError("Tag \"a\" must have an href")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise HtmlError(f"Unsupported self-closing tag \"{tag}\"")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise HtmlError(f"Unexpected end tag \"{tag}\"")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            raise HtmlError("Unescaped angle bracket in text")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _NAMED_ENTITIES:
            raise HtmlError(f"Unsupported entity \"&{name};\"")
        self.text.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text.append(html.unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        raise HtmlError("Comments are not supported")


def to_plain_text(text: str) -> str:
    """Parse Telegram HTML and return the text a reader sees; raise HtmlError if Telegram would."""
    for match in _ENTITY.finditer(text):
        body = match.group(1)
        if not body.startswith("#") and body not in _NAMED_ENTITIES:
            raise HtmlError(f"Unsupported entity \"&{body};\"")
        if not match.group(0).endswith(";"):
            raise HtmlError("Entity without a closing semicolon")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise HtmlError(f"Can't find end tag corresponding to start tag \"{checker.stack[-1]}\"")
    return "".join(checker.text)


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def check_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> str:
    """Validate a message body for sending; return its plain text."""
    plain = to_plain_text(text)
    if not plain.strip():
        raise HtmlError("Message text is empty")
    if utf16_length(plain) > limit:
        raise HtmlError("Message is too long")
    return plain
