"""Reading the message corpora in tests/corpus/ (see its README), for the corpus tests and the
benchmarks alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from her2bot.safety import Alert, AlertKind

CORPUS = Path(__file__).parent / "corpus"
# "=> self_harm" asks for the crisis lines: the reply about someone else has them too.
_ACCEPTED = {
    "": set(AlertKind),
    "self_harm": {AlertKind.SELF_HARM, AlertKind.SELF_HARM_OTHER},
    "self_harm_other": {AlertKind.SELF_HARM_OTHER},
    "overdose": {AlertKind.OVERDOSE},
}


def read_lines(name: str) -> list[str]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def read_yaml(name: str) -> list[dict[str, Any]]:
    items = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    assert isinstance(items, list)
    return items


@dataclass(frozen=True)
class Urgent:
    message: str
    kind: str  # "" (any urgent reply), self_harm, self_harm_other or overdose

    def answered(self, alert: Alert | None) -> bool:
        return alert is not None

    def right_kind(self, alert: Alert | None) -> bool:
        return alert is not None and alert.kind in _ACCEPTED[self.kind]


def read_urgent(name: str) -> list[Urgent]:
    found = []
    for line in read_lines(name):
        message, _, kind = (part.strip() for part in line.partition("=>"))
        if kind not in _ACCEPTED:
            raise ValueError(f"{name}: unknown kind '{kind}' in: {line}")
        found.append(Urgent(message, kind))
    return found
