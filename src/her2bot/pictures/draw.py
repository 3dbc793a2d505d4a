"""Draw an icon array with Pillow: 100 person icons in 10 rows of 10 per group, the counted ones
coloured in one block from the top left (row by row), the rest grey; two groups side by side
with the same layout. The number is written in words on the picture ("37 in 100"), each group is
named under its array, and the time frame is printed under the title.

Icons are stamped from one hard-edged mask, so every coloured icon has exactly ICON_PIXELS
pixels of ICON_COLOUR: a test can count them. Text is dark grey and never uses that colour.
The font is the PDF guide's Roboto, installed with the package (no network, no system fonts).
"""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw, ImageFont

from her2bot.guide.fonts import font_files
from her2bot.pictures.models import Picture, PictureStrings

ICON_COLOUR = (0, 104, 139)  # dark teal: 6.4:1 against white, tells apart from grey in greyscale
GREY = (200, 200, 200)
INK = (34, 34, 34)
SOFT_INK = (85, 85, 85)
BACKGROUND = (255, 255, 255)

CELL = 30  # one icon's square, pixels
GRID = 10  # 10 x 10 = 100 people
MARGIN = 32
GAP = 64  # between two arrays
MIN_WIDTH = 560


@functools.cache
def icon_mask() -> Image.Image:
    """A person: round head over rounded shoulders; hard edges (values 0 or 255 only)."""
    mask = Image.new("L", (CELL, CELL), 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((10, 2, 19, 11), fill=255)  # head
    draw.rounded_rectangle((6, 13, 23, 27), radius=6, fill=255)  # body
    return mask.point(lambda v: 255 if v >= 128 else 0)


@functools.cache
def icon_pixels() -> int:
    """How many pixels one icon colours (a test divides by this)."""
    histogram = icon_mask().histogram()
    return int(histogram[255])


@functools.cache
def _tile(colour: tuple[int, int, int]) -> Image.Image:
    return Image.new("RGB", (CELL, CELL), colour)


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_files()["B" if bold else ""]), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _centred(
    draw: ImageDraw.ImageDraw, lines: list[str], font: ImageFont.FreeTypeFont,
    centre_x: float, top: int, fill: tuple[int, int, int], leading: int,
) -> int:
    for line in lines:
        draw.text((centre_x, top), line, font=font, fill=fill, anchor="ma")
        top += leading
    return top


def array_boxes(picture: Picture) -> list[tuple[int, int, int, int]]:
    """Each group's 10 x 10 icon area (left, top, right, bottom), for drawing and for tests."""
    n = len(picture.groups)
    side = GRID * CELL
    content_width = n * side + (n - 1) * GAP
    width = max(2 * MARGIN + content_width, MIN_WIDTH)
    left = (width - content_width) // 2
    top = _array_top(picture, width)
    return [(left + i * (side + GAP), top, left + i * (side + GAP) + side, top + side)
            for i in range(n)]


def _array_top(picture: Picture, width: int) -> int:
    title_lines = _wrap(picture.title, _font(30, bold=True), width - 2 * MARGIN)
    return MARGIN + 38 * len(title_lines) + 34 + 18


def render(picture: Picture, strings: PictureStrings) -> Image.Image:
    boxes = array_boxes(picture)
    width = max(boxes[-1][2] + (boxes[0][0]), MIN_WIDTH)
    side = GRID * CELL
    label_width = side + GAP - 16
    label_font = _font(20)
    labels = [_wrap(g.label, label_font, label_width) for g in picture.groups]
    label_lines = max(len(lines) for lines in labels)
    height = boxes[0][3] + 14 + 40 + 26 * label_lines + 16 + 28 + MARGIN
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)

    top = _centred(draw, _wrap(picture.title, _font(30, True), width - 2 * MARGIN),
                   _font(30, True), width / 2, MARGIN, INK, 38)
    _centred(draw, [picture.time_frame], _font(22), width / 2, top + 4, SOFT_INK, 30)

    mask = icon_mask()
    coloured, grey = _tile(ICON_COLOUR), _tile(GREY)
    for group, (left, array_top, _, bottom) in zip(picture.groups, boxes, strict=True):
        for index in range(GRID * GRID):
            row, column = divmod(index, GRID)
            tile = coloured if index < group.count else grey
            image.paste(tile, (left + column * CELL, array_top + row * CELL), mask)
        centre = left + side / 2
        below = _centred(draw, [strings.number.format(value=group.value)], _font(30, True),
                         centre, bottom + 14, INK, 40)
        _centred(draw, labels[picture.groups.index(group)], label_font, centre, below,
                 SOFT_INK, 26)
    legend = strings.legend.format(counted=picture.counted, time_frame=picture.time_frame)
    draw.text((width / 2, height - MARGIN - 24), legend, font=_font(20), fill=SOFT_INK,
              anchor="ma")
    return image


@functools.cache
def _palette() -> Image.Image:
    """White, the icon colour, grey, and 14 steps from ink to white for smooth text edges."""
    shades = [INK[0] + step * (255 - INK[0]) // 14 for step in range(14)]
    flat = [*BACKGROUND, *ICON_COLOUR, *GREY, *(v for shade in shades for v in (shade,) * 3)]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + [0] * (768 - len(flat)))
    return palette


def render_png(picture: Picture, strings: PictureStrings) -> bytes:
    """The picture as PNG bytes, ready for sendPhoto or a file.

    Mapped onto a fixed 17-colour palette (exact icon colours kept, no dithering): about a
    third of the bytes of an RGB PNG, and faster to compress."""
    image = render(picture, strings).quantize(palette=_palette(), dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def caption(picture: Picture, strings: PictureStrings, source_line: str) -> str:
    """The full text equivalent of the picture (Telegram photos have no alt text): plain text,
    at most 1024 characters."""
    n = len(picture.groups)
    parts = [
        f"{picture.title} ({picture.time_frame})",
        strings.caption_layout.format(
            groups="two" if n == 2 else "one",
            layout=strings.layout_two if n == 2 else strings.layout_one,
            counted_plain=picture.counted_plain,
        ).replace("one groups", "one group"),
        *(strings.caption_group.format(
            label=g.label, value=g.value, counted=picture.counted, time_frame=picture.time_frame,
        ) for g in picture.groups),
        strings.caption_note,
        source_line,
    ]
    text = "\n\n".join(part.strip() for part in parts if part.strip())
    if len(text) > 1024:
        raise ValueError(f"caption of picture {picture.id} is {len(text)} characters (max 1024)")
    return text
