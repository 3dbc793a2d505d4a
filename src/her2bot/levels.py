"""The reading levels and readers the bot knows, shared by content, pages and store."""

from __future__ import annotations

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
