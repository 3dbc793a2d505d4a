from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from her2bot.content import ContentError, load_content
from her2bot.vocabulary import Level
from tests.conftest import MakeContent, level_doc, topic_doc


def test_the_real_content_loads_with_the_mission_topics() -> None:
    content = load_content()
    for topic_id in ("her2_basics", "treatment", "retesting", "questions"):
        topic = content.topics[topic_id]
        assert all(topic.levels[level].body for level in Level)
        assert topic.sources
    assert content.menu[:4] == ("her2_basics", "treatment", "retesting", "questions")


def test_a_small_valid_folder_loads(make_content: MakeContent) -> None:
    content = load_content(make_content())
    assert list(content.topics) == ["alpha", "beta"]
    assert content.topics["alpha"].related == ("beta",)


def _broken(make_content: MakeContent, **overrides: object) -> str:
    root = make_content(topics=[topic_doc("alpha", **overrides)])
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return str(caught.value)


def test_missing_level_names_file_and_field(make_content: MakeContent) -> None:
    message = _broken(make_content, levels={"simple": level_doc("a"), "standard": level_doc("b")})
    assert message.startswith("alpha.yaml: levels.detailed:")
    levels = {"simple": {"body": "a"}, "standard": level_doc("b"), "detailed": level_doc("c")}
    assert _broken(make_content, levels=levels).startswith("alpha.yaml: levels.simple.in_short:")


def test_unknown_related_topic(make_content: MakeContent) -> None:
    assert "alpha.yaml: related: no topic 'nowhere'" in _broken(make_content, related=["nowhere"])


def test_unknown_source_and_glossary_term(make_content: MakeContent) -> None:
    assert "sources: no source 's999'" in _broken(make_content, sources=["s999"])
    assert "glossary: no term 'gizmo'" in _broken(make_content, glossary=["gizmo"])


def test_topic_without_sources(make_content: MakeContent) -> None:
    assert "sources: Tuple should have at least 1 item" in _broken(make_content, sources=[])


def test_invalid_telegram_html_in_a_level(make_content: MakeContent) -> None:
    levels = _levels("<b>never closed")
    message = _broken(make_content, levels=levels)
    assert "alpha.yaml: levels.simple.body paragraph 1: not valid Telegram HTML" in message


def test_template_errors_and_unknown_variables(make_content: MakeContent) -> None:
    assert "levels.simple.body: template error" in _broken(make_content, levels=_levels("{% if %}"))
    assert "levels.simple.body" in _broken(make_content, levels=_levels("Hello {{ name }}"))
    # as_of is there only when the topic says how current it is.
    assert "levels.simple.body" in _broken(make_content, levels=_levels("As of {{ as_of }}."))
    root = make_content(topics=[topic_doc("alpha", as_of="2026-12",
                                          levels=_levels("As of {{ as_of }}."))])
    assert load_content(root).topics["alpha"].as_of_text == "December 2026"


def _levels(simple: str) -> dict[str, object]:
    return {"simple": level_doc(simple), "standard": level_doc("b"), "detailed": level_doc("c")}


def test_v2_source_fields_are_checked(make_content: MakeContent) -> None:
    source = {"id": "s900", "title": "T", "publisher": "P", "date": "2026-11",
              "kind": "regulator", "figures": []}
    with pytest.raises(ContentError, match=r"^sources\.yaml: sources\[s900\]: url: required"):
        load_content(make_content(sources={"sources": [source]}))
    bad_population = {**source, "url": "https://example.org",
                      "figures": [{"value": "3", "what": "w", "population": "everyone"}]}
    root = make_content(sources={"sources": [bad_population]})
    (root / "check.yaml").write_text("populations: [any, metastatic_her2_positive]\n")
    with pytest.raises(ContentError, match=r"sources\[s900\]\.figures\[0\]\.population: "
                                           r"'everyone' is not one of check\.yaml"):
        load_content(root)


def test_review_fields(make_content: MakeContent) -> None:
    assert "review_status: 'approved'" in _broken(make_content, review_status="approved")
    assert "last_reviewed: Input should be a valid date" in _broken(
        make_content, last_reviewed="soon"
    )


def test_ids_and_button_labels(make_content: MakeContent) -> None:
    assert "id: String should match pattern" in _broken(make_content, id="Not An Id")
    assert "button: String should have at most 32 characters" in _broken(
        make_content, button="x" * 40
    )


def test_menu_must_name_real_topics(make_content: MakeContent) -> None:
    with pytest.raises(ContentError, match="menu: no topic 'ghost'"):
        load_content(make_content(menu=["alpha", "ghost"]))


def test_missing_ui_string_and_bad_yaml(make_content: MakeContent) -> None:
    root = make_content()
    ui = yaml.safe_load((root / "ui.yaml").read_text())
    del ui["strings"]["disclaimer"]
    (root / "ui.yaml").write_text(yaml.safe_dump(ui))
    with pytest.raises(ContentError, match=r"ui\.yaml: strings missing: disclaimer"):
        load_content(root)
    (root / "ui.yaml").write_text("strings: [unclosed")
    with pytest.raises(ContentError, match=r"ui\.yaml: not valid YAML"):
        load_content(root)


def test_duplicate_topic_ids(make_content: MakeContent) -> None:
    root = make_content()
    (root / "topics" / "copy.yaml").write_text(
        (root / "topics" / "alpha.yaml").read_text()
    )
    with pytest.raises(ContentError, match="id 'alpha' already used"):
        load_content(root)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="content folder not found"):
        load_content(tmp_path / "nowhere")
