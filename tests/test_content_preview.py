"""The clinician preview: every topic, all three levels, sources, grades, escaped HTML."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from her2bot.authoring.preview import telegram_to_html, write_preview
from her2bot.content import default_content_dir, load_content
from her2bot.content.render import Renderer
from her2bot.telegram_html import to_plain_text
from her2bot.vocabulary import Level, Reader


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("preview")
    write_preview(None, out)
    return out


def test_writes_index_glossary_and_one_page_per_topic(tmp_path: Path) -> None:
    written = write_preview(None, tmp_path)
    content = load_content()
    names = {path.name for path in written}
    assert names == {"index.html", "glossary.html"} | {f"{t}.html" for t in content.topics}
    assert all(path.is_file() and path.stat().st_size > 0 for path in written)


def test_every_topic_page_shows_all_three_levels(preview: Path) -> None:
    content = load_content()
    renderer = Renderer(content)
    for topic in content.topics.values():
        page = (preview / f"{topic.id}.html").read_text(encoding="utf-8")
        assert page.count('<section class="level">') == 3
        page_words = words(html.unescape(re.sub(r"<[^>]+>", "", page)))
        for level in Level:
            assert f"<h3>{content.ui[f'level_{level.value}']}</h3>" in page
            # The whole text of each level, as the patient reads it, is on the page.
            plain = to_plain_text(renderer.topic_body(topic, level, Reader.PATIENT))
            assert words(plain) in page_words, (topic.id, level)
        assert "Flesch-Kincaid grade" in page and "SMOG" in page
        assert f"Last reviewed: {topic.last_reviewed.isoformat()}" in page
        assert content.review_statuses[topic.review_status] in page


def test_topic_page_lists_sources_with_primary_studies_and_figures(preview: Path) -> None:
    content = load_content()
    page = (preview / "treatment.html").read_text(encoding="utf-8")
    for source_id in content.topics["treatment"].sources:
        source = content.sources[source_id]
        assert str(escape(source.title)) in page
        for study in source.primary_studies:
            assert str(escape(study)) in page
    assert "median overall survival in months, first-line trastuzumab" in page


def test_caregiver_wording_is_shown_where_it_differs(preview: Path) -> None:
    page = (preview / "outlook.html").read_text(encoding="utf-8")
    assert "Caregiver wording differs" in page
    assert "the person you care for" in page
    assert "This part has survival numbers" in page  # the gate text


def test_index_links_every_topic_and_glossary_has_every_term(preview: Path) -> None:
    content = load_content()
    index = (preview / "index.html").read_text(encoding="utf-8")
    glossary = (preview / "glossary.html").read_text(encoding="utf-8")
    for topic in content.topics:
        assert f'href="{topic}.html"' in index
    assert "Content check" in index
    for term in content.glossary.values():
        assert f'id="{term.id}"' in glossary
        assert str(escape(term.term)) in glossary


def test_text_from_content_is_escaped(tmp_path: Path) -> None:
    content_dir = tmp_path / "content"
    shutil.copytree(default_content_dir(), content_dir)
    path = content_dir / "topics" / "cure.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["title"] = "Cure <script>alert(1)</script> & more"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    write_preview(content_dir, tmp_path / "out")
    page = (tmp_path / "out" / "cure.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "Cure &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_telegram_html_becomes_safe_paragraphs() -> None:
    result = telegram_to_html('<b>Bold</b> &lt;x&gt;\nline\n\n<a href="javascript:alert(1)">x</a>')
    assert str(result) == (
        "<p><b>Bold</b> &lt;x&gt;<br>\nline</p>\n"
        '<p><a rel="noopener noreferrer">x</a></p>'
    )


def test_preview_shows_dates_kinds_secondary_changes_and_figure_hovers(tmp_path: Path) -> None:
    write_preview(None, tmp_path)
    outlook = (tmp_path / "outlook.html").read_text(encoding="utf-8")
    assert "What changed since the last review" in outlook
    assert "Secondary, not shown as an authority" in outlook  # s000 is a digest pending review
    assert "Dated 2026-01-19. Kind: digest." in outlook
    # A figure in the text, with what supports it on hover; and in the sources' table.
    assert 'class="figure" title="s000: median overall survival in months' in outlook
    assert '<tr title="' in outlook
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "secondary, not shown as an authority" in index
