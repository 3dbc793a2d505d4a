"""The printable guide: opens, holds every chosen question, the disclaimer and page numbers."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from her2bot.guide import Guide, Situation, build_guide, load_guide_content, render_pdf
from her2bot.guide.models import GuideContent
from her2bot.vocabulary import Level, Reader

COMBINATIONS = [(r, s, lv) for r in Reader for s in Situation for lv in Level]
MAX_BYTES = 200 * 1024


@pytest.fixture(scope="module")
def content() -> GuideContent:
    return load_guide_content()


def _flat(text: str) -> str:
    """Text as pypdf extracts it, with line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def _pages(data: bytes) -> list[str]:
    return [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize(("reader", "situation", "level"), COMBINATIONS)
def test_pdf_holds_every_question_and_a_disclaimer_on_every_page(
    content: GuideContent, reader: Reader, situation: Situation, level: Level
) -> None:
    guide = build_guide(reader, situation, level, content=content, made_on=date(2026, 11, 23))
    data = render_pdf(guide)
    assert data.startswith(b"%PDF-")
    assert len(data) < MAX_BYTES
    pages = _pages(data)
    assert len(pages) >= 2
    document = " ".join(pages)
    for question in guide.questions:
        assert _flat(question) in document, question
    for number, page in enumerate(pages, start=1):
        assert guide.disclaimer in page, f"page {number} has no disclaimer"
        assert f"Page {number} of {len(pages)}" in page
    for item in guide.bring:
        assert _flat(item) in document
    assert "23 November 2026" in pages[0]


def test_receptor_table_has_every_label(content: GuideContent) -> None:
    guide = build_guide(Reader.PATIENT, Situation.RECURRENCE, Level.SIMPLE, content=content)
    document = " ".join(_pages(render_pdf(guide)))
    table = guide.receptors
    for label in (table.title, table.corner, *table.columns, *table.rows):
        assert label in document
    assert "ER (estrogen receptor)" in table.rows
    assert "At recurrence (new biopsy)" in table.columns


def test_reader_shapes_the_title_and_the_wording(content: GuideContent) -> None:
    patient = _pages(render_pdf(build_guide(
        Reader.PATIENT, Situation.NEW_STAGE4, Level.SIMPLE, content=content
    )))
    caregiver = _pages(render_pdf(build_guide(
        Reader.CAREGIVER, Situation.NEW_STAGE4, Level.SIMPLE, content=content
    )))
    assert patient[0].startswith("Questions to ask my doctor")
    assert caregiver[0].startswith("Questions to ask their doctor")
    assert "Prepared by: the patient" in patient[0]
    assert "Is my cancer HER2-positive?" in patient[0]
    assert "Is their cancer HER2-positive?" in caregiver[0]


@pytest.mark.parametrize(
    "name",
    [
        "Мария Ивановна",  # Cyrillic
        "Ελένη Παπαδοπούλου",  # Greek
        "Nguyễn Thị Hương",  # Vietnamese
        "Zoë Ørsted-Łukasiewicz",  # Latin with accents
    ],
)
def test_a_name_in_any_of_these_scripts_prints(content: GuideContent, name: str) -> None:
    guide = build_guide(
        Reader.CAREGIVER, Situation.CHECKIN, Level.STANDARD, content=content, name=name
    )
    first = _pages(render_pdf(guide))[0]
    assert f"Name: {name}" in first


def test_characters_the_font_lacks_do_not_break_the_pdf(content: GuideContent) -> None:
    guide = build_guide(
        Reader.PATIENT, Situation.CHECKIN, Level.SIMPLE, content=content, name="王秀英 Անահիտ Wang"
    )
    first = _pages(render_pdf(guide))[0]
    assert "Wang" in first
    assert guide.disclaimer in first


def test_a_very_long_name_wraps_instead_of_running_off_the_page(content: GuideContent) -> None:
    name = "Maria-" + "Alexandrovna" * 12
    guide = build_guide(
        Reader.PATIENT, Situation.CHECKIN, Level.SIMPLE, content=content, name=name
    )
    first = PdfReader(io.BytesIO(render_pdf(guide))).pages[0].extract_text()
    assert name not in first  # broken over lines...
    assert name in "".join(first.split())  # ...but all of it is there


def test_without_a_name_there_is_a_line_to_write_it(content: GuideContent) -> None:
    guide: Guide = build_guide(Reader.PATIENT, Situation.CHECKIN, Level.SIMPLE, content=content)
    assert guide.name is None
    first = _pages(render_pdf(guide))[0]
    assert re.search(r"Name: Prepared by", first)


def test_the_same_guide_gives_the_same_file(content: GuideContent) -> None:
    def make() -> bytes:
        return render_pdf(build_guide(
            Reader.PATIENT, Situation.PROGRESSION, Level.DETAILED, content=content,
            made_on=date(2026, 11, 23),
        ))

    assert make() == make()
