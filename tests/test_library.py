"""Start-up reads each content file once; the published JSON Schema matches the models."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from her2bot.app import build_application
from her2bot.config import load_settings
from tests.conftest import REAL_CONTENT


def test_start_up_reads_each_content_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: Counter[str] = Counter()
    original = Path.read_text

    def counting(self: Path, *args: Any, **kwargs: Any) -> str:
        resolved = self.resolve()
        if resolved.is_relative_to(REAL_CONTENT.resolve()):
            reads[resolved.relative_to(REAL_CONTENT.resolve()).as_posix()] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": "123456:TEST-token-for-loopback-only-aaaaaaaaa",
        "HER2BOT_STORE": "memory://",
    })
    build_application(settings)
    expected = {
        path.relative_to(REAL_CONTENT).as_posix()
        for path in REAL_CONTENT.rglob("*.yaml")
    }
    assert set(reads) == expected
    assert [name for name, count in reads.items() if count != 1] == []
