"""The guide's buttons carry who the list is for and the situation, in a few bytes."""

from __future__ import annotations

import pytest

from her2bot import callbacks as cb
from her2bot.guide import Situation
from her2bot.vocabulary import Reader


@pytest.mark.parametrize("situation", list(Situation))
@pytest.mark.parametrize("reader", list(Reader))
def test_make_guide_round_trips(reader: Reader, situation: Situation) -> None:
    data = cb.MakeGuide(reader, situation).encode()
    assert len(data) <= 8
    assert cb.decode(data) == cb.MakeGuide(reader, situation)


def test_each_situation_has_its_own_code() -> None:
    codes = [situation.code for situation in Situation]
    assert len(set(codes)) == len(codes)
    assert all(Situation.from_code(code) is s for code, s in zip(codes, Situation, strict=True))


@pytest.mark.parametrize(
    "data",
    ["1:qm", "1:qm:p", "1:qm:p:x", "1:qm:x:n", "1:qm:p:n:extra", "1:qr", "1:qr:x", "1:qs:x"],
)
def test_malformed_guide_data_is_refused(data: str) -> None:
    assert cb.decode(data) is None
