"""Shared fixtures: a small, valid content folder to break in unit tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from her2bot.content import default_content_dir

REAL_CONTENT = default_content_dir()

SOURCES = {"sources": [{
    "id": "s900", "title": "A test source", "publisher": "Tests", "date": "2026-11",
    "url": "https://example.org/source", "kind": "patient_education",
    "figures": [{"value": "37", "what": "a test figure", "population": "any"}],
}]}
GLOSSARY = {"terms": [{
    "id": "widget", "term": "Widget", "kind": "term", "aliases": ["gadget"],
    "meaning": "A test word.",
    "sources": ["s900"],
}]}


def level_doc(body: str, in_short: str = "The short of it.",
              what_you_can_do: str = "• Ask the care team.") -> dict[str, str]:
    """One level in format v2: In short, the explanation, What you can do."""
    return {"in_short": in_short, "body": body, "what_you_can_do": what_you_can_do}


def topic_doc(topic_id: str, **overrides: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "id": topic_id, "title": f"Title of {topic_id}", "button": f"Open {topic_id}",
        "summary": "A test topic.", "related": [], "sources": ["s900"], "glossary": ["widget"],
        "last_reviewed": date(2026, 11, 23), "review_status": "draft",
        "levels": {
            "simple": level_doc("Short words.\n\nAbout 37 in 100."),
            "standard": level_doc(
                "{% if caregiver %}They{% else %}You{% endif %} read the standard text."
            ),
            "detailed": level_doc("<b>Detailed</b> text &amp; more."),
        },
    }
    doc.update(overrides)
    return doc


MakeContent = Callable[..., Path]


@pytest.fixture
def make_content(tmp_path: Path) -> MakeContent:
    """Write a content folder: the real ui.yaml and templates, with test topics and sources."""

    def make(topics: list[dict[str, object]] | None = None, menu: list[str] | None = None,
             sources: object = SOURCES, glossary: object = GLOSSARY) -> Path:
        root = tmp_path / "content"
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(REAL_CONTENT / "templates", root / "templates")
        topics = topics if topics is not None else [
            topic_doc("alpha", related=["beta"]), topic_doc("beta"),
        ]
        ui = yaml.safe_load((REAL_CONTENT / "ui.yaml").read_text(encoding="utf-8"))
        ui["menu"] = menu if menu is not None else [t["id"] for t in topics]
        (root / "ui.yaml").write_text(yaml.safe_dump(ui), encoding="utf-8")
        (root / "sources.yaml").write_text(yaml.safe_dump(sources), encoding="utf-8")
        (root / "glossary.yaml").write_text(yaml.safe_dump(glossary), encoding="utf-8")
        (root / "topics").mkdir()
        for doc in topics:
            path = root / "topics" / f"{doc['id']}.yaml"
            path.write_text(yaml.safe_dump(doc), encoding="utf-8")
        return root

    return make


def unexpected_problems(report: Any) -> list[str]:
    """A content check report's problems as lines (empty when the content passes every gate)."""
    return [str(p) for p in report.problems]
