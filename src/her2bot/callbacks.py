"""The callback-data codec: a tiny versioned protocol, at most 64 bytes per button.

Format: "<version>:<prefix>:<field>:...". Every button carries everything its screen needs, so
navigation keeps no server-side state: restarts and other instances never break a button.
decode() returns None for anything unknown, old or forged; the bot then shows the menu kindly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Protocol

from her2bot.vocabulary import Level, Reader, Situation

VERSION = "1"
MAX_BYTES = 64  # Telegram's limit for callback_data
_ID = r"[a-z][a-z0-9_]{0,23}"
_LEVEL = "[snd]"
_NONE = "-"


class CallbackData(Protocol):
    PREFIX: ClassVar[str]
    PATTERN: ClassVar[re.Pattern[str]]

    def encode(self) -> str: ...


def _pack(prefix: str, *fields: object) -> str:
    data = ":".join((VERSION, prefix, *(str(f) for f in fields)))
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def _opt(value: str | None) -> str:
    return value if value else _NONE


def _unopt(value: str) -> str | None:
    return None if value == _NONE else value


@dataclass(frozen=True)
class ShowMenu:
    PREFIX: ClassVar[str] = "m"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"")

    def encode(self) -> str:
        return _pack(self.PREFIX)


@dataclass(frozen=True)
class ShowTopic:
    """A topic page. `numbers_ok`: the reader agreed to see a gated topic's figures."""

    PREFIX: ClassVar[str] = "t"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        rf"(?P<topic>{_ID}):(?P<level>{_LEVEL}):(?P<page>\d{{1,2}}):(?P<ok>[01]):(?P<origin>{_ID}|-)"
    )
    topic: str
    level: Level
    page: int = 0
    numbers_ok: bool = False
    origin: str | None = None  # the topic the reader came from, for Back

    def encode(self) -> str:
        return _pack(
            self.PREFIX, self.topic, self.level.code, self.page, int(self.numbers_ok),
            _opt(self.origin),
        )


@dataclass(frozen=True)
class ChangeLevel:
    """Simpler / More detail on a topic: remember the level, then show the topic at it."""

    PREFIX: ClassVar[str] = "l"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        rf"(?P<topic>{_ID}):(?P<level>{_LEVEL}):(?P<ok>[01]):(?P<origin>{_ID}|-)"
    )
    topic: str
    level: Level
    numbers_ok: bool = False
    origin: str | None = None

    def encode(self) -> str:
        return _pack(
            self.PREFIX, self.topic, self.level.code, int(self.numbers_ok), _opt(self.origin)
        )


@dataclass(frozen=True)
class ShowSources:
    PREFIX: ClassVar[str] = "s"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        rf"(?P<topic>{_ID}):(?P<level>{_LEVEL}):(?P<page>\d{{1,2}})"
    )
    topic: str
    level: Level
    page: int = 0

    def encode(self) -> str:
        return _pack(self.PREFIX, self.topic, self.level.code, self.page)


@dataclass(frozen=True)
class ShowWordList:
    """The glossary terms a topic uses, as buttons."""

    PREFIX: ClassVar[str] = "w"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(rf"(?P<topic>{_ID}):(?P<level>{_LEVEL})")
    topic: str
    level: Level

    def encode(self) -> str:
        return _pack(self.PREFIX, self.topic, self.level.code)


@dataclass(frozen=True)
class ShowTerm:
    PREFIX: ClassVar[str] = "g"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        rf"(?P<term>{_ID}):(?P<topic>{_ID}|-):(?P<level>{_LEVEL})"
    )
    term: str
    topic: str | None
    level: Level

    def encode(self) -> str:
        return _pack(self.PREFIX, self.term, _opt(self.topic), self.level.code)


@dataclass(frozen=True)
class Onboard:
    """First-time set-up: who is reading, then the level; `target` is a deep-link destination."""

    PREFIX: ClassVar[str] = "o"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        rf"(?P<reader>[pc-]):(?P<level>{_LEVEL}|-):(?P<target>{_ID}|-)"
    )
    reader: Reader | None
    level: Level | None
    target: str | None = None

    def encode(self) -> str:
        return _pack(
            self.PREFIX,
            self.reader.code if self.reader else _NONE,
            self.level.code if self.level else _NONE,
            _opt(self.target),
        )


@dataclass(frozen=True)
class ShowSettings:
    PREFIX: ClassVar[str] = "st"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"")

    def encode(self) -> str:
        return _pack(self.PREFIX)


@dataclass(frozen=True)
class SetLevel:
    PREFIX: ClassVar[str] = "sl"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(rf"(?P<level>{_LEVEL})")
    level: Level

    def encode(self) -> str:
        return _pack(self.PREFIX, self.level.code)


@dataclass(frozen=True)
class SetReader:
    PREFIX: ClassVar[str] = "sr"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"(?P<reader>[pc])")
    reader: Reader

    def encode(self) -> str:
        return _pack(self.PREFIX, self.reader.code)


@dataclass(frozen=True)
class ShowAbout:
    PREFIX: ClassVar[str] = "a"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"")

    def encode(self) -> str:
        return _pack(self.PREFIX)


@dataclass(frozen=True)
class Forget:
    PREFIX: ClassVar[str] = "f"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"(?P<yes>[yn])")
    yes: bool

    def encode(self) -> str:
        return _pack(self.PREFIX, "y" if self.yes else "n")


@dataclass(frozen=True)
class GuideStart:
    """The doctor discussion guide, step 1: who is the question list for?"""

    PREFIX: ClassVar[str] = "qs"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"")

    def encode(self) -> str:
        return _pack(self.PREFIX)


@dataclass(frozen=True)
class GuideFor:
    """Step 2: the list is for this reader; which situation are they in?"""

    PREFIX: ClassVar[str] = "qr"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"(?P<reader>[pc])")
    reader: Reader

    def encode(self) -> str:
        return _pack(self.PREFIX, self.reader.code)


@dataclass(frozen=True)
class MakeGuide:
    """Step 3: make the list (checklist and PDF) for this reader and situation."""

    PREFIX: ClassVar[str] = "qm"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"(?P<reader>[pc]):(?P<situation>[nrpc])")
    reader: Reader
    situation: Situation

    def encode(self) -> str:
        return _pack(self.PREFIX, self.reader.code, self.situation.code)


def _from_match(kind: type[CallbackData], fields: dict[str, str]) -> CallbackData:
    """Turn a pattern's named groups into the typed value."""
    values: dict[str, object] = {}
    for name, raw in fields.items():
        if name == "level":
            values[name] = None if raw == _NONE else Level.from_code(raw)
        elif name == "reader":
            values[name] = None if raw == _NONE else Reader.from_code(raw)
        elif name == "situation":
            values[name] = Situation.from_code(raw)
        elif name == "page":
            values[name] = int(raw)
        elif name in ("ok", "yes"):
            values["numbers_ok" if name == "ok" else name] = raw in ("1", "y")
        else:
            values[name] = _unopt(raw)
    return kind(**values)


KINDS: dict[str, type[CallbackData]] = {
    kind.PREFIX: kind
    for kind in (
        ShowMenu, ShowTopic, ChangeLevel, ShowSources, ShowWordList, ShowTerm, Onboard,
        ShowSettings, SetLevel, SetReader, ShowAbout, Forget, GuideStart, GuideFor, MakeGuide,
    )
}


def decode(data: str | None) -> CallbackData | None:
    """The typed value of a button's data, or None if it is not ours, stale or malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    version, _, rest = data.partition(":")
    if version != VERSION:
        return None
    prefix, _, fields = rest.partition(":")
    kind = KINDS.get(prefix)
    if kind is None:
        return None
    match = kind.PATTERN.fullmatch(fields)
    if match is None:
        return None
    return _from_match(kind, match.groupdict())
