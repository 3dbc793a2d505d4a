"""Temperatures typed as numbers, in any unit or form: "temp 101F", "38,3 degrees", "39°C".

The safety net compares each with the fever threshold from content/safety/urgent.yaml rather than
listing numbers as phrases. A bare number counts only next to a temperature word ("temp 38.4");
a unit or degree sign is enough on its own ("101F", "38.3 degrees"). Numbers read as Celsius
between 34 and 44, as Fahrenheit between 93 and 111; anything else is not a body temperature.
A number with one decimal in the fever range ("39.4", "101.5") counts on its own too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from her2bot.phrases import normalise

_NUMBER = r"(?<![\d.,])(?P<value>\d{2,3}(?:[.,]\d{1,2})?)"
_UNIT = (
    r"\s*(?P<degree>°|º|˚|degrees?|degs?|grados?)?"
    r"\s*(?P<scale>celsius|centigrade|fahrenheit|c|f)?(?![^\W\d_])"
)
# "38 years", "100 mg", "40 %": numbers with another unit are never temperatures.
_OTHER_UNIT = re.compile(
    r"\s*(years?|yrs?|yo|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|kgs?|kilos?|lbs?|"
    r"pounds?|mg|mgs|ml|mls|cm|mm|%|percent|per cent|times|beats|bpm|cycles?|doses?)(?![^\W\d_])"
)
_READING = re.compile(_NUMBER + _UNIT)
_WORD = re.compile(r"[^\W\d_]+")
_FEVERISH = re.compile(r"(3[7-9]|4[0-2]|99|10[0-9])[.,]\d")
# How far from a temperature word a bare number may stand ("temp this morning was 38.4").
_NEAR = 40
_CELSIUS = (34.0, 44.0)
_FAHRENHEIT = (93.0, 111.0)


def to_fahrenheit(celsius: float) -> float:
    return round(celsius * 9 / 5 + 32, 1)


@dataclass(frozen=True)
class FeverRule:
    threshold_celsius: float
    words: frozenset[str]  # normalised words that make a bare number a temperature

    @classmethod
    def build(cls, threshold_celsius: float, words: Iterable[str]) -> FeverRule:
        return cls(threshold_celsius, frozenset(normalise(w) for w in words))

    @property
    def threshold_fahrenheit(self) -> float:
        return to_fahrenheit(self.threshold_celsius)

    def readings(self, text: str) -> list[float]:
        """Every temperature in the text, in °C."""
        lowered = normalise(text)
        found = []
        for match in _READING.finditer(lowered):
            value = float(match["value"].replace(",", "."))
            scale = (match["scale"] or "")[:1]
            if not (match["degree"] or scale):
                if _OTHER_UNIT.match(lowered, match.end()):
                    continue
                near = lowered[max(0, match.start() - _NEAR) : match.end() + _NEAR]
                # A number with one decimal in the fever range ("39.4", "101.5") is read as a
                # temperature on its own: few other figures people type look like that.
                decimal = bool(_FEVERISH.fullmatch(match["value"]))
                if not decimal and self.words.isdisjoint(_WORD.findall(near)):
                    continue
            if scale != "f" and _CELSIUS[0] <= value <= _CELSIUS[1]:
                found.append(value)
            elif scale != "c" and _FAHRENHEIT[0] <= value <= _FAHRENHEIT[1]:
                found.append(round((value - 32) * 5 / 9, 2))
        return found

    def is_fever(self, text: str) -> bool:
        # Compared in °F too, so 100.4 °F counts exactly as 38.0 °C does.
        limit = self.threshold_celsius - 1e-9
        return any(celsius >= limit or to_fahrenheit(celsius) >= self.threshold_fahrenheit
                   for celsius in self.readings(text))
