"""An in-memory emulator of the Telegram Bot API, strict where Telegram is strict.

The offline chat (`her2bot chat`) plugs it into python-telegram-bot in-process; the tests serve
it over HTTP on 127.0.0.1. It rejects what Telegram rejects (invalid HTML, over-long texts and
callback data, "message is not modified" edits), so what passes here passes there.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from her2bot.telegram_html import HtmlError, check_message, utf16_length

MAX_CALLBACK_DATA = 64
_JSON_FIELDS = {
    "reply_markup", "commands", "link_preview_options", "entities", "caption_entities",
    "allowed_updates", "scope", "reply_parameters",
}
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "cache_time"}
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class BotAPIError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False, "error_code": self.code, "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class Document:
    file_name: str
    data: bytes
    caption: str | None


@dataclass
class Photo:
    file_id: str  # issued on upload; sendPhoto with it again sends the same picture
    data: bytes
    caption: str | None
    uploaded: bool  # False when sent by a stored file id


@dataclass
class ChatMessage:
    """A message as it now stands in a chat (edits change it in place)."""

    message_id: int
    chat_id: int
    from_bot: bool
    html: str | None = None
    text: str | None = None
    reply_markup: dict[str, Any] | None = None
    document: Document | None = None
    edits: int = 0
    photo: Photo | None = None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        if not self.reply_markup:
            return []
        return [b for row in self.reply_markup.get("inline_keyboard", []) for b in row]

    @property
    def button_labels(self) -> list[str]:
        return [str(b["text"]) for b in self.buttons]


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class BotAPI:
    """One bot, many chats. User-side helpers (`user_text`, `user_click`) make updates."""

    bot_id: int = 7000001
    username: str = "her2bot_test_bot"
    calls: list[Call] = field(default_factory=list)
    # Every error a method answered with (not counting injected failures), for assertions.
    errors: list[tuple[str, str]] = field(default_factory=list)
    messages: dict[tuple[int, int], ChatMessage] = field(default_factory=dict)
    # Every message the bot sent or edited, in order (an edit appears again).
    outbox: list[ChatMessage] = field(default_factory=list)
    commands: list[dict[str, str]] = field(default_factory=list)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    # Tests can make the next calls of a method fail, e.g. with a 429 and retry_after.
    failures: dict[str, list[BotAPIError]] = field(default_factory=dict)
    # Called for every bot action (send/edit/document), e.g. to print it in the terminal.
    on_bot_message: Callable[[ChatMessage, bool], None] | None = None

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._query_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._confirmed = 0  # highest update_id the bot has acknowledged via offset
        self._changed: asyncio.Condition | None = None
        self._photos: dict[str, bytes] = {}  # file id -> picture, as Telegram keeps uploads

    # ---- the bot's side ---------------------------------------------------------------
    async def call(
        self, method: str, params: Mapping[str, Any], files: Mapping[str, Any] | None = None
    ) -> Any:
        """Run one Bot API method; return its result or raise BotAPIError."""
        params = _normalise(params)
        self.calls.append(Call(method, params))
        pending = self.failures.get(method)
        if pending:
            raise pending.pop(0)
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            raise BotAPIError(404, "Not Found")
        try:
            result = handler(params, files or {})
            if asyncio.iscoroutine(result):
                result = await result
        except BotAPIError as exc:
            self.errors.append((method, exc.description))
            raise
        return result

    def _m_getme(self, params: dict[str, Any], files: Mapping[str, Any]) -> dict[str, Any]:
        return self._bot_user() | {
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_getupdates(self, params: dict[str, Any], files: Mapping[str, Any]) -> Any:
        if self.webhook_url:
            raise BotAPIError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        async with self._condition():
            if offset:
                self._confirmed = max(self._confirmed, offset - 1)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                self._condition().notify_all()
            if not self._updates and timeout > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._condition().wait(), timeout)
            return list(self._updates[: int(params.get("limit") or 100)])

    def _m_setwebhook(self, params: dict[str, Any], files: Mapping[str, Any]) -> bool:
        self.webhook_url = params.get("url") or None
        self.webhook_secret = params.get("secret_token")
        return True

    def _m_deletewebhook(self, params: dict[str, Any], files: Mapping[str, Any]) -> bool:
        self.webhook_url = None
        self.webhook_secret = None
        return True

    def _m_getwebhookinfo(self, params: dict[str, Any], files: Mapping[str, Any]) -> Any:
        return {"url": self.webhook_url or "", "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    def _m_setmycommands(self, params: dict[str, Any], files: Mapping[str, Any]) -> bool:
        commands = params.get("commands") or []
        for command in commands:
            if not _COMMAND.match(str(command.get("command", ""))):
                raise BotAPIError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise BotAPIError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = list(commands)
        return True

    def _m_setmydescription(self, params: dict[str, Any], files: Mapping[str, Any]) -> bool:
        return True

    _m_setmyshortdescription = _m_setmydescription

    def _m_sendchataction(self, params: dict[str, Any], files: Mapping[str, Any]) -> bool:
        self._chat(params)
        return True

    def _m_answercallbackquery(self, params: dict[str, Any], files: Mapping[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._open_queries:
            raise BotAPIError(400, "Bad Request: query is too old and response timeout expired "
                              "or query ID is invalid")
        self._open_queries.discard(query_id)
        return True

    def _m_sendmessage(self, params: dict[str, Any], files: Mapping[str, Any]) -> dict[str, Any]:
        chat_id = self._chat(params)
        html, text = self._text(params, "text")
        markup = self._markup(params)
        message = ChatMessage(self._next_message_id(chat_id), chat_id, True, html, text, markup)
        return self._record(message, edited=False)

    def _m_editmessagetext(self, params: dict[str, Any], files: Mapping[str, Any]) -> Any:
        message = self._existing(params)
        if message.text is None:
            raise BotAPIError(400, "Bad Request: there is no text in the message to edit")
        html, text = self._text(params, "text")
        markup = self._markup(params)
        if html == message.html and markup == message.reply_markup:
            raise BotAPIError(400, NOT_MODIFIED)
        message.html, message.text, message.reply_markup = html, text, markup
        message.edits += 1
        return self._record(message, edited=True)

    def _m_editmessagereplymarkup(self, params: dict[str, Any], files: Mapping[str, Any]) -> Any:
        message = self._existing(params)
        markup = self._markup(params)
        if markup == message.reply_markup:
            raise BotAPIError(400, NOT_MODIFIED)
        message.reply_markup = markup
        message.edits += 1
        return self._record(message, edited=True)

    def _m_senddocument(self, params: dict[str, Any], files: Mapping[str, Any]) -> Any:
        chat_id = self._chat(params)
        name, data = self._upload(params.get("document"), files, "document")
        caption_html = None
        if params.get("caption"):
            caption_html, _ = self._text(params, "caption", limit=1024)
        message = ChatMessage(
            self._next_message_id(chat_id), chat_id, True, caption_html, None,
            self._markup(params), Document(name, data, caption_html),
        )
        return self._record(message, edited=False)

    def _m_sendphoto(self, params: dict[str, Any], files: Mapping[str, Any]) -> Any:
        chat_id = self._chat(params)
        value = params.get("photo")
        if isinstance(value, str) and not value.startswith("attach://"):
            data = self._photos.get(value)
            if data is None:
                raise BotAPIError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            file_id, uploaded = value, False
        else:
            _, data = self._upload(value, files, "photo")
            if not data.startswith(b"\x89PNG") and not data.startswith(b"\xff\xd8"):
                raise BotAPIError(400, "Bad Request: IMAGE_PROCESS_FAILED")
            file_id, uploaded = f"photo{len(self._photos) + 1}", True
            self._photos[file_id] = data
        caption_html = None
        if params.get("caption"):
            caption_html, _ = self._text(params, "caption", limit=1024)
        message = ChatMessage(
            self._next_message_id(chat_id), chat_id, True, caption_html, None,
            self._markup(params), photo=Photo(file_id, data, caption_html, uploaded),
        )
        return self._record(message, edited=False)

    def _m_deletemessage(self, params: dict[str, Any], files: Mapping[str, Any]) -> bool:
        message = self._existing(params)
        del self.messages[(message.chat_id, message.message_id)]
        return True

    def _m_close(self, params: dict[str, Any], files: Mapping[str, Any]) -> bool:
        return True

    # ---- the user's side --------------------------------------------------------------
    async def user_text(
        self, chat_id: int, text: str, *, chat_type: str = "private", user_id: int | None = None
    ) -> int:
        """A user types a message; returns the update_id."""
        message_id = self._next_message_id(chat_id)
        self.messages[(chat_id, message_id)] = ChatMessage(message_id, chat_id, False, text=text)
        body: dict[str, Any] = {
            "message_id": message_id, "date": int(time.time()),
            "chat": _chat_json(chat_id, chat_type), "from": _user_json(user_id or abs(chat_id)),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            body["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
            ]
        return await self.push_update({"message": body})

    async def user_sends(self, chat_id: int, kind: str, payload: dict[str, Any]) -> int:
        """A user sends something that is not text (a sticker, a photo...)."""
        message_id = self._next_message_id(chat_id)
        return await self.push_update({"message": {
            "message_id": message_id, "date": int(time.time()),
            "chat": _chat_json(chat_id, "private"), "from": _user_json(abs(chat_id)),
            kind: payload,
        }})

    async def user_click(
        self, chat_id: int, message_id: int, data: str, *, chat_type: str = "private"
    ) -> int:
        """A user taps a callback button; the data need not be real (forged taps are tests too)."""
        message = self.messages.get((chat_id, message_id))
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        body: dict[str, Any] = {
            "id": query_id, "from": _user_json(abs(chat_id)), "chat_instance": f"ci{chat_id}",
            "data": data,
        }
        if message is not None:
            body["message"] = self._message_json(message, chat_type)
        return await self.push_update({"callback_query": body})

    async def push_update(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **update}
        async with self._condition():
            self._updates.append(update)
            self._condition().notify_all()
        self.last_update = update
        return update_id

    async def wait_confirmed(self, update_id: int, within: float = 10) -> None:
        """Wait until the bot has fetched this update and asked for the next ones.

        python-telegram-bot queues fetched updates before it polls again, so after this the
        update is in the Application's queue.
        """
        async with self._condition():
            await asyncio.wait_for(
                self._condition().wait_for(lambda: self._confirmed >= update_id), within
            )

    # ---- helpers ----------------------------------------------------------------------
    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id, "is_bot": True, "first_name": "her2bot", "username": self.username,
        }

    def _chat(self, params: Mapping[str, Any]) -> int:
        try:
            return int(params["chat_id"])
        except (KeyError, TypeError, ValueError):
            raise BotAPIError(400, "Bad Request: chat not found") from None

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _existing(self, params: Mapping[str, Any]) -> ChatMessage:
        key = (self._chat(params), int(params.get("message_id") or 0))
        message = self.messages.get(key)
        if message is None:
            raise BotAPIError(400, "Bad Request: message to edit not found")
        if not message.from_bot:
            raise BotAPIError(400, "Bad Request: message can't be edited")
        return message

    def _text(
        self, params: Mapping[str, Any], name: str, limit: int = 4096
    ) -> tuple[str, str]:
        raw = params.get(name)
        if not isinstance(raw, str) or not raw.strip():
            raise BotAPIError(400, f"Bad Request: {name} is empty")
        too_long = f"Bad Request: {'message' if name == 'text' else name} is too long"
        if str(params.get("parse_mode", "")).upper() != "HTML":
            if utf16_length(raw) > limit:
                raise BotAPIError(400, too_long)
            return raw, raw
        try:
            plain = check_message(raw, limit)
        except HtmlError as exc:
            if "too long" in str(exc):
                raise BotAPIError(400, too_long) from exc
            raise BotAPIError(400, f"Bad Request: can't parse entities: {exc}") from exc
        return raw, plain

    def _markup(self, params: Mapping[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if not markup:
            return None
        if not isinstance(markup, dict) or not isinstance(markup.get("inline_keyboard"), list):
            raise BotAPIError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup["inline_keyboard"]:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise BotAPIError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                data = button.get("callback_data")
                url = button.get("url")
                if data is not None:
                    if not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                        raise BotAPIError(400, "Bad Request: BUTTON_DATA_INVALID")
                elif url is not None:
                    if not re.match(r"^(https?|tg)://\S+$", str(url)):
                        raise BotAPIError(400, "Bad Request: BUTTON_URL_INVALID")
                else:
                    raise BotAPIError(400, "Bad Request: can't find field \"callback_data\"")
        return markup

    def _upload(self, value: Any, files: Mapping[str, Any], name: str) -> tuple[str, bytes]:
        if value is None:  # uploaded as a multipart part named after the parameter
            value = files.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = files.get(value.removeprefix("attach://"))
        if isinstance(value, tuple) and len(value) >= 2:
            name, content = value[0], value[1]
            data = content if isinstance(content, bytes) else content.read()
            return str(name), data
        raise BotAPIError(400, "Bad Request: there is no document in the request")

    def _record(self, message: ChatMessage, *, edited: bool) -> dict[str, Any]:
        self.messages[(message.chat_id, message.message_id)] = message
        self.outbox.append(message)
        if self.on_bot_message is not None:
            self.on_bot_message(message, edited)
        return self._message_json(message, "private")

    def _message_json(self, message: ChatMessage, chat_type: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message_id": message.message_id, "date": int(time.time()),
            "chat": _chat_json(message.chat_id, chat_type),
        }
        body["from"] = self._bot_user() if message.from_bot else _user_json(abs(message.chat_id))
        if message.text is not None:
            body["text"] = message.text
        if message.document is not None:
            body["document"] = {
                "file_id": f"doc{message.chat_id}_{message.message_id}",
                "file_unique_id": f"u{message.chat_id}_{message.message_id}",
                "file_name": message.document.file_name, "file_size": len(message.document.data),
            }
        if message.photo is not None:
            body["photo"] = [{
                "file_id": message.photo.file_id, "file_unique_id": f"u{message.photo.file_id}",
                "width": 720, "height": 600, "file_size": len(message.photo.data),
            }]
            if message.photo.caption is not None:
                body["caption"] = message.photo.caption
        if message.reply_markup:
            body["reply_markup"] = message.reply_markup
        if message.edits:
            body["edit_date"] = int(time.time())
        return body


def _chat_json(chat_id: int, chat_type: str) -> dict[str, Any]:
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": "Reader"}
    return {"id": chat_id, "type": chat_type, "title": "A group"}


def _user_json(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Reader", "language_code": "en"}


def _normalise(params: Mapping[str, Any]) -> dict[str, Any]:
    """Form fields arrive as strings over HTTP; in-process they are already Python values."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key in _JSON_FIELDS and isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise BotAPIError(400, f"Bad Request: can't parse {key} JSON object") from None
        elif key in _INT_FIELDS and isinstance(value, str) and value.lstrip("-").isdigit():
            value = int(value)
        out[key] = value
    return out
