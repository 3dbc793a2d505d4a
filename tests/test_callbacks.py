from __future__ import annotations

import pytest

from her2bot import callbacks as cb
from her2bot.guide import Situation
from her2bot.vocabulary import Level, Reader

LONGEST_ID = "a" * 24

EXAMPLES: list[cb.CallbackData] = [
    cb.ShowMenu(),
    cb.ShowTopic("treatment", Level.SIMPLE),
    cb.ShowTopic(LONGEST_ID, Level.DETAILED, 99, True, LONGEST_ID),
    cb.ChangeLevel(LONGEST_ID, Level.STANDARD, True, LONGEST_ID),
    cb.ShowSources(LONGEST_ID, Level.DETAILED, 3),
    cb.ShowWordList(LONGEST_ID, Level.SIMPLE),
    cb.ShowTerm(LONGEST_ID, LONGEST_ID, Level.DETAILED),
    cb.ShowTerm("her2", None, Level.SIMPLE),
    cb.Onboard(None, None, None),
    cb.Onboard(Reader.CAREGIVER, None, "guide"),
    cb.Onboard(Reader.PATIENT, Level.DETAILED, LONGEST_ID),
    cb.ShowSettings(),
    cb.SetLevel(Level.SIMPLE),
    cb.SetReader(Reader.CAREGIVER),
    cb.ShowAbout(),
    cb.Forget(True),
    cb.Forget(False),
    cb.GuideStart(),
    cb.GuideFor(Reader.PATIENT),
    cb.MakeGuide(Reader.CAREGIVER, Situation.PROGRESSION),
]


@pytest.mark.parametrize("value", EXAMPLES, ids=lambda v: type(v).__name__)
def test_every_kind_round_trips_within_64_bytes(value: cb.CallbackData) -> None:
    data = value.encode()
    assert len(data.encode()) <= cb.MAX_BYTES
    assert data.startswith(f"{cb.VERSION}:{value.PREFIX}")
    assert cb.decode(data) == value


def test_every_registered_kind_has_an_example() -> None:
    assert {type(v) for v in EXAMPLES} == set(cb.KINDS.values())


@pytest.mark.parametrize("data", [
    None, "", "garbage", "1", "1:", "1:zz", "0:m", "2:m", "1:m:extra",
    "1:t:treatment:x:0:0:-",        # unknown level
    "1:t:Treatment:s:0:0:-",        # ids are lowercase
    "1:t:treatment:s:100:0:-",      # page out of range of the pattern
    "1:t:treatment:s:0:0",          # a field missing
    "1:o:x:s:-",                    # unknown reader
    "1:f:maybe",
    "1:t:" + "a" * 60,              # over 64 bytes
    "1:t:treat;drop:s:0:0:-",
])
def test_malformed_or_foreign_data_is_rejected(data: str | None) -> None:
    assert cb.decode(data) is None


def test_encoding_refuses_data_over_the_limit() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        cb.ShowTopic("a" * 40, Level.SIMPLE, origin="b" * 30).encode()


def test_level_helpers_step_through_levels() -> None:
    assert Level.SIMPLE.simpler() is None
    assert Level.SIMPLE.more_detailed() is Level.STANDARD
    assert Level.DETAILED.simpler() is Level.STANDARD
    assert Level.DETAILED.more_detailed() is None
    assert {Level.from_code(level.code) for level in Level} == set(Level)
