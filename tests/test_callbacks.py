from __future__ import annotations

import dataclasses
import random
import typing

import pytest
import yaml

from her2bot import callbacks as cb
from her2bot import pages
from her2bot.guide import Situation
from her2bot.vocabulary import Level, Reader
from tests.conftest import REAL_CONTENT

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
    cb.ShowPicture(LONGEST_ID, Level.DETAILED),
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


# Button data exactly as the bot wrote it before the codec was generated from the dataclasses
# (encoded by the hand-written codec of the parent commit). Buttons in chats keep this data
# for ever, so every line must keep decoding to the same value, and encode to the same text.
OLD_ENCODINGS: dict[str, cb.CallbackData] = {
    "1:m": cb.ShowMenu(),
    "1:t:treatment:s:0:0:-": cb.ShowTopic("treatment", Level.SIMPLE),
    "1:t:brain:n:2:1:spread": cb.ShowTopic("brain", Level.STANDARD, 2, True, "spread"),
    f"1:t:{LONGEST_ID}:d:99:1:{LONGEST_ID}": cb.ShowTopic(
        LONGEST_ID, Level.DETAILED, 99, True, LONGEST_ID
    ),
    f"1:l:{LONGEST_ID}:n:1:{LONGEST_ID}": cb.ChangeLevel(
        LONGEST_ID, Level.STANDARD, True, LONGEST_ID
    ),
    "1:l:treatment:d:0:-": cb.ChangeLevel("treatment", Level.DETAILED),
    f"1:s:{LONGEST_ID}:d:3": cb.ShowSources(LONGEST_ID, Level.DETAILED, 3),
    f"1:w:{LONGEST_ID}:s": cb.ShowWordList(LONGEST_ID, Level.SIMPLE),
    f"1:g:{LONGEST_ID}:{LONGEST_ID}:d": cb.ShowTerm(LONGEST_ID, LONGEST_ID, Level.DETAILED),
    "1:g:her2:-:s": cb.ShowTerm("her2", None, Level.SIMPLE),
    "1:o:-:-:-": cb.Onboard(None, None, None),
    "1:o:c:-:guide": cb.Onboard(Reader.CAREGIVER, None, "guide"),
    f"1:o:p:d:{LONGEST_ID}": cb.Onboard(Reader.PATIENT, Level.DETAILED, LONGEST_ID),
    "1:st": cb.ShowSettings(),
    "1:sl:s": cb.SetLevel(Level.SIMPLE),
    "1:sr:c": cb.SetReader(Reader.CAREGIVER),
    "1:a": cb.ShowAbout(),
    "1:f:y": cb.Forget(True),
    "1:f:n": cb.Forget(False),
    "1:qs": cb.GuideStart(),
    "1:qr:p": cb.GuideFor(Reader.PATIENT),
    "1:qm:c:p": cb.MakeGuide(Reader.CAREGIVER, Situation.PROGRESSION),
    "1:qm:p:n": cb.MakeGuide(Reader.PATIENT, Situation.NEW_STAGE4),
    # As the hand-written codec of the extras branch wrote it ("Show this as a picture").
    "1:pi:outlook:d": cb.ShowPicture("outlook", Level.DETAILED),
}


@pytest.mark.parametrize("data", list(OLD_ENCODINGS))
def test_buttons_already_in_chats_decode_and_encode_unchanged(data: str) -> None:
    assert cb.decode(data) == OLD_ENCODINGS[data]
    assert OLD_ENCODINGS[data].encode() == data
    assert len(data.encode()) <= cb.MAX_BYTES


def test_old_fixtures_cover_every_kind() -> None:
    assert {type(v) for v in OLD_ENCODINGS.values()} == set(cb.KINDS.values())


def _values_for(hint: object) -> list[object]:
    """Every value a field of this type can take (ids at their longest)."""
    hint_text = str(hint)
    if "Level" in hint_text:
        values: list[object] = list(Level)
    elif "Reader" in hint_text:
        values = list(Reader)
    elif "Situation" in hint_text:
        values = list(Situation)
    elif "bool" in hint_text:
        values = [True, False]
    elif "int" in hint_text:
        values = [0, 99]
    else:
        values = [LONGEST_ID, "a"]
    return [*values, None] if "None" in hint_text else values


def _generated(kind: type[cb.CallbackData]) -> list[cb.CallbackData]:
    """Values of a kind built from its dataclass fields: each field through all its values,
    the others at their first (longest) value."""
    hints = typing.get_type_hints(kind, include_extras=True)
    fields = [f.name for f in dataclasses.fields(kind)]  # type: ignore[arg-type]
    options = {name: _values_for(hints[name]) for name in fields}
    base = {name: values[0] for name, values in options.items()}
    made = [kind(**base)]
    for name, values in options.items():
        made += [kind(**{**base, name: value}) for value in values[1:]]
    return made


@pytest.mark.parametrize("kind", list(cb.KINDS.values()), ids=lambda k: k.__name__)
def test_every_kind_generated_from_its_fields_round_trips_within_64_bytes(
    kind: type[cb.CallbackData],
) -> None:
    for value in _generated(kind):
        data = value.encode()
        assert len(data.encode()) <= cb.MAX_BYTES, data
        assert data.split(":")[:2] == [cb.VERSION, kind.PREFIX]
        assert cb.decode(data) == value
        assert cb.route(kind).match(data)
        # Routing by prefix never takes another kind's data ("s" is not "st" or "sl").
        assert not any(cb.route(other).match(data) for other in cb.KINDS.values()
                       if other is not kind)


@pytest.mark.parametrize("data", [
    "1:m:", "1:st:", "1::", ":m", "1:M", " 1:m", "1:m ", "1:t:treatment:s:0:0:-:",
    "1:t:treatment:s:0:2:-", "1:t:treatment:s:-1:0:-", "1:o:p:x:-", "1:qm:p:z",
    "1:f:1", "1:sl:-", "1:sr:-", "1:g:-:-:s", "1:t:é:s:0:0:-", "1:t:treatment\n:s:0:0:-",
    "1:t:treatment:s:\u0663:0:-",  # an Arabic-Indic digit is not a page number
])
def test_garbage_decodes_to_none(data: str) -> None:
    assert cb.decode(data) is None


def test_random_bytes_never_raise() -> None:
    rng = random.Random(14)
    alphabet = "01:abcdegilmnopqrstwy-_ é"
    for _ in range(5000):
        data = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 70)))
        value = cb.decode(data)
        assert value is None or cb.decode(value.encode()) == value


def test_a_prefix_is_declared_once() -> None:
    with pytest.raises(TypeError, match="taken"):

        class Again(cb.CallbackData, prefix="t"):
            topic: str


def test_a_kind_is_a_frozen_dataclass_with_its_fields_in_order() -> None:
    assert [f.name for f in dataclasses.fields(cb.ShowTopic)] == [
        "topic", "level", "page", "numbers_ok", "origin"
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        cb.ShowMenu().x = 1  # type: ignore[attr-defined]


def test_the_strings_the_pages_ask_for_are_in_the_shipped_ui_yaml() -> None:
    ui = yaml.safe_load((REAL_CONTENT / "ui.yaml").read_text(encoding="utf-8"))
    assert set(pages.UI_KEYS) <= set(ui["strings"])
