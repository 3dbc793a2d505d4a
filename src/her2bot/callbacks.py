"""The callback-data codec: a tiny versioned protocol, at most 64 bytes per button.

Format: "<version>:<prefix>:<field>:...". Every button carries everything its screen needs, so
navigation keeps no server-side state: restarts and other instances never break a button.

A kind of button is a frozen dataclass declared with its prefix,
`class ShowTopic(CallbackData, prefix="t")`; its fields are encoded in order, each by its
type (see `_FIELD_CODECS`), so the codec is written once for every kind. decode() returns
None for anything unknown, old or forged; the bot then shows the menu kindly.

The wire format is fixed: buttons already sent to chats keep their data for ever, so a new
field goes at the end with a default, and a changed meaning needs a new prefix or VERSION.
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import (
    Annotated,
    Any,
    ClassVar,
    Union,
    dataclass_transform,
    get_args,
    get_origin,
    get_type_hints,
)

from her2bot.vocabulary import Level, Reader, Situation

VERSION = "1"
MAX_BYTES = 64  # Telegram's limit for callback_data
_NONE = "-"  # an optional field left empty


@dataclass(frozen=True)
class FieldCodec:
    """How one field is written: an anchored pattern for its text, and the two directions."""

    pattern: str
    load: Callable[[str], Any]
    dump: Callable[[Any], str]

    def optional(self) -> FieldCodec:
        return FieldCodec(
            f"(?:{self.pattern}|{_NONE})",
            lambda raw: None if raw == _NONE else self.load(raw),
            lambda value: _NONE if value is None else self.dump(value),
        )


def _coded_enum(kind: Any) -> FieldCodec:
    """An enum with one-letter `code`s (Level, Reader, Situation)."""
    codes = "".join(sorted(member.code for member in kind))
    return FieldCodec(f"[{codes}]", kind.from_code, lambda value: str(value.code))


_ID = FieldCodec(r"[a-z][a-z0-9_]{0,23}", str, str)  # topic, term and target ids
_FIELD_CODECS: dict[object, FieldCodec] = {
    str: _ID,
    int: FieldCodec("[0-9]{1,2}", int, str),  # page numbers
    bool: FieldCodec("[01]", lambda raw: raw == "1", lambda value: "1" if value else "0"),
    Level: _coded_enum(Level),
    Reader: _coded_enum(Reader),
    Situation: _coded_enum(Situation),
}
# A bool written y/n (older buttons use it): `yes: Annotated[bool, YES_NO]`.
YES_NO = FieldCodec("[yn]", lambda raw: raw == "y", lambda value: "y" if value else "n")


@dataclass_transform(frozen_default=True)
class CallbackData:
    """Base of every kind of button: `class X(CallbackData, prefix="x")` makes X a frozen
    dataclass whose fields are its button data, in order."""

    PREFIX: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix in KINDS or not re.fullmatch("[a-z]{1,2}", prefix):
            raise TypeError(f"callback prefix {prefix!r} is taken or not 1-2 letters")
        cls.PREFIX = prefix
        dataclass(frozen=True)(cls)
        KINDS[prefix] = cls

    def encode(self) -> str:
        fields = (codec.dump(getattr(self, name)) for name, codec in _layout(type(self)))
        data = ":".join((VERSION, self.PREFIX, *fields))
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data


KINDS: dict[str, type[CallbackData]] = {}


Layout = tuple[tuple[str, FieldCodec], ...]
_LAYOUTS: dict[str, tuple[Layout, re.Pattern[str]]] = {}


def _layout(kind: type[CallbackData]) -> Layout:
    return _compiled(kind)[0]


def _pattern(kind: type[CallbackData]) -> re.Pattern[str]:
    return _compiled(kind)[1]


def _compiled(kind: type[CallbackData]) -> tuple[Layout, re.Pattern[str]]:
    """The kind's fields in order, each with its codec (read from the dataclass once), and the
    anchored pattern of its data after the prefix."""
    found = _LAYOUTS.get(kind.PREFIX)
    if found is None:
        hints = get_type_hints(kind, include_extras=True)
        fields = dataclasses.fields(kind)  # type: ignore[arg-type]
        layout = tuple((f.name, _codec(hints[f.name])) for f in fields)
        pattern = re.compile(":".join(f"({codec.pattern})" for _, codec in layout))
        found = _LAYOUTS[kind.PREFIX] = (layout, pattern)
    return found


def _codec(hint: Any) -> FieldCodec:
    if get_origin(hint) is Annotated:
        return next(m for m in get_args(hint)[1:] if isinstance(m, FieldCodec))
    if get_origin(hint) in (Union, types.UnionType):
        (inner,) = (arg for arg in get_args(hint) if arg is not type(None))
        return _codec(inner).optional()
    if hint in _FIELD_CODECS:
        return _FIELD_CODECS[hint]
    raise TypeError(f"no callback codec for {hint!r}")


# --- the kinds of button, by screen ----------------------------------------------------------
class ShowMenu(CallbackData, prefix="m"):
    """The main menu."""


class ShowTopic(CallbackData, prefix="t"):
    """A topic page. `numbers_ok`: the reader agreed to see a gated topic's figures."""

    topic: str
    level: Level
    page: int = 0
    numbers_ok: bool = False
    origin: str | None = None  # the topic the reader came from, for Back


class ChangeLevel(CallbackData, prefix="l"):
    """Simpler / More detail on a topic: remember the level, then show the topic at it."""

    topic: str
    level: Level
    numbers_ok: bool = False
    origin: str | None = None


class ShowSources(CallbackData, prefix="s"):
    topic: str
    level: Level
    page: int = 0


class ShowWordList(CallbackData, prefix="w"):
    """The glossary terms a topic uses, as buttons."""

    topic: str
    level: Level


class ShowTerm(CallbackData, prefix="g"):
    term: str
    topic: str | None
    level: Level


class Onboard(CallbackData, prefix="o"):
    """First-time set-up: who is reading, then the level; `target` is a deep-link destination."""

    reader: Reader | None
    level: Level | None
    target: str | None = None


class ShowSettings(CallbackData, prefix="st"):
    """Settings: reading level and who is reading."""


class SetLevel(CallbackData, prefix="sl"):
    level: Level


class SetReader(CallbackData, prefix="sr"):
    reader: Reader


class ShowAbout(CallbackData, prefix="a"):
    """About & sources."""


class Forget(CallbackData, prefix="f"):
    yes: Annotated[bool, YES_NO]


class GuideStart(CallbackData, prefix="qs"):
    """The doctor discussion guide, step 1: who is the question list for?"""


class GuideFor(CallbackData, prefix="qr"):
    """Step 2: the list is for this reader; which situation are they in?"""

    reader: Reader


class MakeGuide(CallbackData, prefix="qm"):
    """Step 3: make the list (checklist and PDF) for this reader and situation."""

    reader: Reader
    situation: Situation



class ShowPicture(CallbackData, prefix="pi"):
    """A topic's figures drawn as icon arrays (sent as photos); Back returns to the topic."""

    topic: str
    level: Level


def decode(data: str | None) -> CallbackData | None:
    """The typed value of a button's data, or None if it is not ours, stale or malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    version, _, rest = data.partition(":")
    if version != VERSION:
        return None
    prefix, colon, fields = rest.partition(":")
    kind = KINDS.get(prefix)
    if kind is None or (colon and not _layout(kind)):  # "1:m:" is not "1:m"
        return None
    match = _pattern(kind).fullmatch(fields)
    if match is None:
        return None
    values = zip(_layout(kind), match.groups(), strict=True)
    return kind(**{name: codec.load(raw) for (name, codec), raw in values})


def route(kind: type[CallbackData]) -> re.Pattern[str]:
    """What a handler matches for a kind: its prefix only; decode() does the full parse."""
    return re.compile(rf"^{VERSION}:{kind.PREFIX}(:|$)")


# Every kind's layout is read now, so a field type without a codec stops the import (and
# start-up), not a tap.
for _kind in KINDS.values():
    _compiled(_kind)
