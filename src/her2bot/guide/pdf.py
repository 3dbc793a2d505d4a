"""The guide as a PDF made for printing: tick boxes, ruled lines for answers, a receptor table.

fpdf2 draws it in memory with the font installed with the package (see fonts.py), so any Latin,
Greek or Cyrillic name prints, with no network and no browser. Every page carries the disclaimer and
its page number in the footer.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from her2bot.guide.build import PAGE, PAGES
from her2bot.guide.fonts import font_files
from her2bot.guide.models import Guide
from her2bot.vocabulary import Level

FILENAME = "her2bot-questions.pdf"  # what the bot calls the file it sends
FONT = "Roboto"

# Millimetres on A4.
MARGIN = 18.0
TOP = 16.0
FOOTER_SPACE = 30.0
LINE = 5.2  # height of a line of body text
ANSWER_GAP = 7.5  # room for one handwritten line
BOX = 4.0
INDENT = 7.0

INK = (30, 30, 30)
MUTED = (90, 90, 90)
RULE = (170, 170, 170)

# The alias fpdf2 replaces with the page count when the document is finished.
PAGE_COUNT_ALIAS = "{nb}"


class _GuidePDF(FPDF):
    def __init__(self, guide: Guide) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.guide = guide

    def footer(self) -> None:
        guide = self.guide
        self.set_y(-(FOOTER_SPACE - 6))
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(1.5)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        width = self.w - 2 * MARGIN
        _paragraph(self, guide.disclaimer, MARGIN, width, 3.4)
        self.ln(0.8)
        page = (
            guide.pdf["page"]
            .replace(PAGE, str(self.page_no()))
            .replace(PAGES, PAGE_COUNT_ALIAS)
        )
        self.cell(width / 2, 3.6, guide.pdf["made_with"])
        self.cell(width / 2, 3.6, page, align="R")


def render_pdf(guide: Guide) -> bytes:
    pdf = _GuidePDF(guide)
    for style, path in font_files().items():
        pdf.add_font(FONT, style, str(path))
    pdf.alias_nb_pages(PAGE_COUNT_ALIAS)
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(True, margin=FOOTER_SPACE)
    pdf.set_title(guide.pdf["title"])
    pdf.set_creator("her2bot")
    pdf.set_author("her2bot")
    pdf.set_lang("en")
    # The day the guide was made, not the second: the same guide gives the same file.
    pdf.set_creation_date(datetime.combine(guide.made_on, time(), tzinfo=UTC))
    pdf.add_page()

    _heading(pdf, guide)
    for section in guide.sections:
        _section(pdf, section.title, section.questions, guide.level)
    _notes(pdf, guide.pdf["notes_title"])
    _bring(pdf, guide)
    _receptor_table(pdf, guide)
    return bytes(pdf.output())


def _heading(pdf: FPDF, guide: Guide) -> None:
    pdf.set_text_color(*INK)
    width = pdf.w - 2 * MARGIN
    pdf.set_font(FONT, "B", 17)
    _paragraph(pdf, guide.pdf["title"], MARGIN, width, 8)
    pdf.ln(2)
    pdf.set_font(FONT, "", 10)
    label = f"{guide.pdf['name_label']}: "
    pdf.cell(pdf.get_string_width(label) + 1, 6, label)
    if guide.name:
        pdf.set_font(FONT, "B", 10)
        start = pdf.get_x()
        _paragraph(pdf, guide.name, start, MARGIN + width - start, 6)
        pdf.set_font(FONT, "", 10)
    else:
        _rule(pdf, pdf.get_x(), MARGIN + width * 0.6, pdf.get_y() + 5)
        pdf.ln(6)
    for key in ("prepared_by", "situation", "made_on"):
        _paragraph(pdf, guide.pdf[key], MARGIN, width, 5.5)
    pdf.ln(1.5)
    appointment = f"{guide.pdf['appointment']} "
    pdf.cell(pdf.get_string_width(appointment) + 1, 6, appointment)
    start = pdf.get_x()
    _rule(pdf, start, start + 35, pdf.get_y() + 5)
    pdf.set_x(start + 40)
    with_whom = f"{guide.pdf['with_whom']} "
    pdf.cell(pdf.get_string_width(with_whom) + 1, 6, with_whom)
    _rule(pdf, pdf.get_x(), MARGIN + width, pdf.get_y() + 5)
    pdf.ln(9)
    pdf.set_text_color(*MUTED)
    _paragraph(pdf, guide.pdf["intro"], MARGIN, width, LINE)
    pdf.set_text_color(*INK)
    pdf.ln(2)


def _section(pdf: FPDF, title: str, questions: tuple[str, ...], level: Level) -> None:
    answer_lines = 3 if level is Level.SIMPLE else 2
    width = pdf.w - 2 * MARGIN - INDENT
    pdf.set_font(FONT, "", 10.5)
    wrapped = [_wrap(pdf, question, width) for question in questions]
    heights = [len(lines) * LINE + answer_lines * ANSWER_GAP + 3.5 for lines in wrapped]
    # Keep a heading with its first question.
    _start_block(pdf, 11 + (heights[0] if heights else 0.0))
    _section_title(pdf, title)
    for lines, height in zip(wrapped, heights, strict=True):
        _start_block(pdf, height)
        _box(pdf, MARGIN, pdf.get_y() + 0.8)
        pdf.set_font(FONT, "", 10.5)
        _lines(pdf, lines, MARGIN + INDENT, width, LINE)
        y = pdf.get_y()
        for _ in range(answer_lines):
            y += ANSWER_GAP
            _rule(pdf, MARGIN + INDENT, pdf.w - MARGIN, y)
        pdf.set_y(y + 3.5)


def _notes(pdf: FPDF, title: str) -> None:
    lines = 5
    _start_block(pdf, 11 + lines * ANSWER_GAP + 4)
    _section_title(pdf, title)
    y = pdf.get_y()
    for _ in range(lines):
        y += ANSWER_GAP
        _rule(pdf, MARGIN, pdf.w - MARGIN, y)
    pdf.set_y(y + 5)


def _bring(pdf: FPDF, guide: Guide) -> None:
    pdf.set_font(FONT, "", 10.5)
    width = pdf.w - 2 * MARGIN - INDENT
    wrapped = [_wrap(pdf, item, width) for item in guide.bring]
    _start_block(pdf, 11 + sum(len(lines) * LINE + 2 for lines in wrapped))
    _section_title(pdf, guide.pdf["bring_title"])
    pdf.set_font(FONT, "", 10.5)
    for lines in wrapped:
        _box(pdf, MARGIN, pdf.get_y() + 0.8)
        _lines(pdf, lines, MARGIN + INDENT, width, LINE)
        pdf.ln(2)
    pdf.ln(3)


def _receptor_table(pdf: FPDF, guide: Guide) -> None:
    table = guide.receptors
    width = pdf.w - 2 * MARGIN
    first = 55.0
    other = (width - first) / len(table.columns)
    row_height = 9.0
    pdf.set_font(FONT, "", 9.5)
    note = _wrap(pdf, table.note, width)
    _start_block(pdf, 11 + len(note) * 4.6 + 3 + row_height * (len(table.rows) + 1))
    _section_title(pdf, table.title)
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*MUTED)
    _lines(pdf, note, MARGIN, width, 4.6)
    pdf.set_text_color(*INK)
    pdf.ln(3)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.3)
    pdf.set_font(FONT, "B", 9.5)
    pdf.cell(first, row_height, table.corner, border=1)
    for column in table.columns:
        pdf.cell(other, row_height, column, border=1, align="C")
    pdf.ln(row_height)
    pdf.set_font(FONT, "", 9.5)
    for row in table.rows:
        pdf.cell(first, row_height, row, border=1)
        for _ in table.columns:
            pdf.cell(other, row_height, "", border=1)
        pdf.ln(row_height)


# --- small drawing helpers -------------------------------------------------------------------

def _section_title(pdf: FPDF, title: str) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12.5)
    pdf.set_text_color(*INK)
    _paragraph(pdf, title, MARGIN, pdf.w - 2 * MARGIN, 6.5)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.line(MARGIN, pdf.get_y() + 0.5, pdf.w - MARGIN, pdf.get_y() + 0.5)
    pdf.ln(2.5)


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Break text into lines that fit `width` in the current font.

    Measuring word by word is linear; fpdf2's multi_cell re-measures the growing line at
    every character, which made a guide several times slower than our time budget.
    """
    space = pdf.get_string_width(" ")
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word in text.split():
        word_width = pdf.get_string_width(word)
        while word_width > width:  # a word wider than the line (a long name): cut it
            cut = _longest_prefix(pdf, word, width)
            if current:
                lines.append(" ".join(current))
                current, current_width = [], 0.0
            lines.append(word[:cut])
            word = word[cut:]
            word_width = pdf.get_string_width(word)
        extra = word_width + (space if current else 0.0)
        if current and current_width + extra > width:
            lines.append(" ".join(current))
            current, current_width = [word], word_width
        else:
            current.append(word)
            current_width += extra
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def _longest_prefix(pdf: FPDF, word: str, width: float) -> int:
    for end in range(len(word), 0, -1):
        if pdf.get_string_width(word[:end]) <= width:
            return end
    return 1


def _lines(pdf: FPDF, lines: list[str], x: float, width: float, height: float) -> None:
    for line in lines:
        pdf.set_x(x)
        pdf.cell(width, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: FPDF, text: str, x: float, width: float, height: float) -> None:
    _lines(pdf, _wrap(pdf, text, width), x, width, height)


def _start_block(pdf: FPDF, height: float) -> None:
    """Start a new page if a block of this height would not fit on this one."""
    if pdf.will_page_break(height):
        pdf.add_page()


def _box(pdf: FPDF, x: float, y: float) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.35)
    pdf.rect(x, y, BOX, BOX)


def _rule(pdf: FPDF, x1: float, x2: float, y: float) -> None:
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.line(x1, y, x2, y)
