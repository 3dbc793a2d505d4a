"""Build one guide: choose the questions for a situation and word everything for the reader."""

from __future__ import annotations

from datetime import date

from her2bot.guide.loader import default_guide_content
from her2bot.guide.models import (
    Guide,
    GuideContent,
    GuideSection,
    ReceptorTable,
)
from her2bot.guide.words import reader_words
from her2bot.vocabulary import Level, Reader, Situation

# The PDF footer fills these in on each page; see pdf.py.
PAGE = "\x00page\x00"
PAGES = "\x00pages\x00"


def build_guide(
    reader: Reader,
    situation: Situation,
    level: Level,
    *,
    content: GuideContent | None = None,
    name: str | None = None,
    made_on: date | None = None,
) -> Guide:
    """The guide for one reader. `name` (optional, user-supplied) is printed on the PDF only."""
    content = content or default_guide_content()
    made_on = made_on or date.today()
    name = " ".join(name.split()) if name else None
    values: dict[str, object] = {
        **reader_words(reader),
        "level": level.value,
        "name": name or "",
        "date": format_date(made_on),
    }
    values["situation"] = _plain(content, f"situations.{situation.value}.label", values)
    values["who"] = _plain(content, f"readers.{reader.value}.who", values)

    sections = tuple(
        GuideSection(
            title=group.title,
            questions=tuple(q.texts[(level, reader)] for q in questions),
        )
        for group, questions in content.questions_for(reader, situation, level)
    )
    pdf = {
        key.removeprefix("pdf."): _plain(content, key, {**values, "page": PAGE, "pages": PAGES})
        for key in content.plain
        if key.startswith("pdf.")
    }
    chat = {key: template.render(**values).strip() for key, template in content.html.items()}
    return Guide(
        reader=reader,
        situation=situation,
        level=level,
        made_on=made_on,
        name=name,
        sections=sections,
        bring=tuple(" ".join(t.render(**values).split()) for t in content.bring),
        receptors=ReceptorTable(
            title=_plain(content, "receptors.title", values),
            note=_plain(content, "receptors.note", values),
            corner=_plain(content, "receptors.corner", values),
            columns=content.receptor_columns,
            rows=content.receptor_rows,
        ),
        disclaimer=content.disclaimers[reader],
        pdf=pdf,
        chat=chat,
    )


def format_date(day: date) -> str:
    """23 November 2026: unambiguous on paper wherever it is read."""
    return f"{day.day} {day:%B %Y}"


def _plain(content: GuideContent, key: str, values: dict[str, object]) -> str:
    return " ".join(content.plain[key].render(**values).split())
