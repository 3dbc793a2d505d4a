"""`her2bot guide ...` writes the same PDF the bot sends, and explains its mistakes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from her2bot.content import default_content_dir
from her2bot.guide.cli import main


def test_writes_the_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "guide.pdf"
    code = main([
        "--for", "caregiver", "--situation", "recurrence", "--level", "simple",
        "--out", str(out), "--name", "Мария", "--date", "2026-11-23",
    ])
    assert code == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    first = reader.pages[0].extract_text()
    assert "Questions to ask their doctor" in first
    assert "Мария" in first
    assert "23 November 2026" in first
    assert f"Wrote {out}" in capsys.readouterr().out


def test_level_defaults_to_standard(tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    assert main(["--for", "patient", "--situation", "checkin", "--out", str(out)]) == 0
    text = " ".join(PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text().split())
    # The standard wording, not the simple one.
    assert "What is the aim of treatment now" in text


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["--for", "doctor", "--situation", "checkin"], "argument --for: invalid choice: 'doctor'"),
        (["--for", "patient", "--situation", "stage4"], "argument --situation: invalid choice"),
        (["--for", "patient"], "the following arguments are required: --situation"),
        (
            ["--for", "patient", "--situation", "checkin", "--date", "23/11/2026"],
            "'23/11/2026' is not a date like 2026-11-23",
        ),
        (["--for", "patient", "--situation", "checkin", "--name", "x" * 81], "--name: at most 80"),
    ],
)
def test_usage_errors_are_explained(
    argv: list[str], complaint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--out", str(tmp_path / "g.pdf")]) == 2
    assert complaint in capsys.readouterr().err
    assert not (tmp_path / "g.pdf").exists()


def test_help_exits_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "her2bot guide" in capsys.readouterr().out


def test_broken_content_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(default_content_dir(), content)
    (content / "guide" / "strings.yaml").write_text("pdf: [", encoding="utf-8")
    code = main([
        "--for", "patient", "--situation", "checkin", "--content-dir", str(content),
        "--out", str(tmp_path / "g.pdf"),
    ])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("her2bot guide: content error: strings.yaml: not valid YAML")
    assert "Traceback" not in err


def test_an_unwritable_place_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no-such-folder" / "g.pdf"
    assert main(["--for", "patient", "--situation", "checkin", "--out", str(out)]) == 1
    assert f"cannot write {out}" in capsys.readouterr().err
