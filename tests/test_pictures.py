"""Icon arrays: the picture shows exactly the figure, the caption says everything it shows, and
pictures.yaml refuses numbers its source does not hold."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from her2bot.content import load_content
from her2bot.content.loader import default_content_dir
from her2bot.pictures import PictureError, Pictures, caption, icon_pixels, load_pictures, render_png
from her2bot.pictures.draw import ICON_COLOUR, array_boxes


@pytest.fixture(scope="module")
def pictures() -> Pictures:
    content = load_content()
    return load_pictures(default_content_dir(), content.topics, content.sources)


def _coloured_icons(png: bytes, box: tuple[int, int, int, int]) -> float:
    image = Image.open(io.BytesIO(png)).convert("RGB").crop(box)
    pixels = sum(1 for pixel in image.get_flattened_data() if pixel == ICON_COLOUR)
    return pixels / icon_pixels()


def test_every_picture_colours_exactly_its_figure_in_each_array(pictures: Pictures) -> None:
    assert pictures.by_id, "content/pictures.yaml defines no picture"
    for picture in pictures.by_id.values():
        png = render_png(picture, pictures.strings)
        assert png.startswith(b"\x89PNG")
        for group, box in zip(picture.groups, array_boxes(picture), strict=True):
            assert _coloured_icons(png, box) == group.count, (picture.id, group.label)
        # and nowhere else: the text never uses the icon colour
        whole = Image.open(io.BytesIO(png)).convert("RGB")
        assert _coloured_icons(png, (0, 0, *whole.size)) == sum(g.count for g in picture.groups)


def test_the_outlook_picture_compares_37_and_23_in_100_after_8_years(pictures: Pictures) -> None:
    [picture] = pictures.for_topic("outlook")
    assert [g.count for g in picture.groups] == [37, 23]
    assert picture.time_frame == "after 8 years"


def test_the_caption_is_the_full_text_equivalent(pictures: Pictures) -> None:
    for picture in pictures.by_id.values():
        text = caption(picture, pictures.strings, pictures.source_lines[picture.id])
        assert len(text) <= 1024
        assert picture.time_frame in text
        for group in picture.groups:
            assert group.label in text  # both groups named
            assert f"{group.value} in 100" in text
        assert "not any one person" in text
        assert "Source:" in text


def _copy_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ('value: "37"', 'value: "38"', "value 38: not a figure of source s110"),
        ('value: "37"', 'value: "137"', "whole number from 0 to 100"),
        ("topic: outlook", "topic: nowhere", "no topic 'nowhere'"),
        ("source: s110", "source: s999", "no source 's999'"),
    ],
)
def test_a_picture_must_trace_to_its_source(
    tmp_path: Path, old: str, new: str, error: str
) -> None:
    directory = _copy_content(tmp_path)
    path = directory / "pictures.yaml"
    path.write_text(path.read_text().replace(old, new, 1))
    content = load_content(directory)
    with pytest.raises(PictureError, match=error):
        load_pictures(directory, content.topics, content.sources)


def test_content_without_pictures_has_none(tmp_path: Path) -> None:
    content = load_content()
    assert load_pictures(tmp_path, content.topics, content.sources).by_id == {}


def test_the_picture_command_writes_the_png_and_prints_its_text(tmp_path: Path) -> None:
    from tests.test_cli import her2bot

    out = tmp_path / "docs" / "icon_array.png"
    result = her2bot("picture", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    assert "37 in 100" in result.stdout and "after 8 years" in result.stdout


def test_the_offline_chat_saves_the_picture_and_prints_its_text(tmp_path: Path) -> None:
    from tests.test_cli import her2bot

    content = load_content()
    outlook = content.menu.index("outlook") + 1
    # reader, level, the outlook topic, "Yes, show the numbers", "Show this as a picture"
    result = her2bot(
        "chat", stdin=f"1\n1\n{outlook}\n1\n1\nquit\n", HER2BOT_STORE="memory://",
        TMPDIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "[picture] saved to" in result.stdout
    assert "Herceptin and chemo: about 23 in 100 people were alive after 8 years." in result.stdout
    assert list((tmp_path / "her2bot-chat").glob("*.png"))


def test_a_survival_picture_belongs_only_to_the_opt_in_topic() -> None:
    content = load_content()
    assert any(f.survival for f in content.sources["s110"].figures if f.value == "37")
    with pytest.raises(PictureError, match="survival figure, drawn only in 'cure'"):
        load_pictures(default_content_dir(), content.topics, content.sources, optin_topic="cure")
