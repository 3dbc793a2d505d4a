"""The bot's shared words: reading levels, readers, situations and a chat's preferences.

The bottom of the house: content, pages, callbacks, store and guide all import this module,
and it imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum


class Level(StrEnum):
    SIMPLE = "simple"
    STANDARD = "standard"
    DETAILED = "detailed"

    @property
    def code(self) -> str:
        """One letter for callback data, where every byte counts."""
        return _LEVEL_CODES[self]

    @classmethod
    def from_code(cls, code: str) -> Level:
        return _CODE_LEVELS[code]

    def simpler(self) -> Level | None:
        order = list(Level)
        index = order.index(self)
        return order[index - 1] if index > 0 else None

    def more_detailed(self) -> Level | None:
        order = list(Level)
        index = order.index(self)
        return order[index + 1] if index < len(order) - 1 else None


class Reader(StrEnum):
    PATIENT = "patient"
    CAREGIVER = "caregiver"

    @property
    def code(self) -> str:
        return self.value[0]

    @classmethod
    def from_code(cls, code: str) -> Reader:
        return _CODE_READERS[code]


_LEVEL_CODES = {Level.SIMPLE: "s", Level.STANDARD: "n", Level.DETAILED: "d"}
_CODE_LEVELS = {code: level for level, code in _LEVEL_CODES.items()}
_CODE_READERS = {reader.code: reader for reader in Reader}


class Situation(StrEnum):
    """Where the reader is: the guide's questions are chosen by this."""

    NEW_STAGE4 = "new_stage4"
    RECURRENCE = "recurrence"
    PROGRESSION = "progression"
    CHECKIN = "checkin"

    @property
    def code(self) -> str:
        """One letter for callback data."""
        return _SITUATION_CODES[self]

    @classmethod
    def from_code(cls, code: str) -> Situation:
        return _CODE_SITUATIONS[code]


_SITUATION_CODES = {
    Situation.NEW_STAGE4: "n",
    Situation.RECURRENCE: "r",
    Situation.PROGRESSION: "p",
    Situation.CHECKIN: "c",
}
_CODE_SITUATIONS = {code: situation for situation, code in _SITUATION_CODES.items()}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Preferences:
    """What we remember about a chat: how to explain things, and to whom. Nothing else."""

    level: Level = Level.STANDARD
    reader: Reader = Reader.PATIENT
    updated_at: datetime | None = None

    def with_level(self, level: Level) -> Preferences:
        return replace(self, level=level)

    def with_reader(self, reader: Reader) -> Preferences:
        return replace(self, reader=reader)
