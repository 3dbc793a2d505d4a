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


def test_the_published_json_schema_is_the_generated_one() -> None:
    from her2bot.authoring.schema import generate

    published = REAL_CONTENT / "schema"
    generated = generate()
    assert sorted(p.name for p in published.glob("*.schema.json")) == sorted(generated)
    for name, text in generated.items():
        assert (published / name).read_text(encoding="utf-8") == text, (
            f"content/schema/{name} is out of date: run `her2bot content schema`"
        )


def test_the_bot_never_imports_the_author_tools() -> None:
    import subprocess
    import sys

    code = (
        "import sys, her2bot.app, her2bot.cli, her2bot.pages, her2bot.callbacks, her2bot.store;"
        "print(sorted(m for m in sys.modules if m.startswith('her2bot.authoring')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert found == "[]"


def test_lower_layers_never_import_upper_ones() -> None:
    """vocabulary at the bottom; store, pages, callbacks and content never reach the guide or
    the author tools."""
    import ast

    src = Path(__file__).resolve().parents[1] / "src" / "her2bot"
    rules = {
        "vocabulary.py": ("her2bot",),
        "store": ("her2bot.guide", "her2bot.authoring", "her2bot.content", "her2bot.pages"),
        "callbacks.py": ("her2bot.guide", "her2bot.authoring"),
        "pages.py": ("her2bot.guide", "her2bot.authoring"),
        "content": ("her2bot.guide", "her2bot.authoring", "her2bot.safety", "her2bot.library"),
    }
    for place, forbidden in rules.items():
        files = [src / place] if place.endswith(".py") else sorted((src / place).rglob("*.py"))
        for file in files:
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                for name in names:
                    bad = [f for f in forbidden if name == f or name.startswith(f + ".")]
                    assert not bad, f"{file.relative_to(src)} imports {name}"
