"""The command line as a newcomer meets it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def her2bot(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HER2BOT_", "TELEGRAM_"))}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "her2bot", *args], input=stdin, capture_output=True, text=True,
        env=environ, cwd=ROOT, timeout=120, check=False,
    )


def test_chat_runs_offline_without_a_token(tmp_path: Path) -> None:
    result = her2bot(
        "chat", stdin="1\n1\n1\n/settings\npurple elephants on skates\nquit\n",
        HER2BOT_STORE=f"sqlite:///{tmp_path}/chat.db",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "who is reading?" in out
    assert "What would you like to know?" in out
    assert "This is general education, not medical advice" in out  # a topic was shown
    assert "Settings" in out
    assert "couldn't match that" in out  # free text that leads nowhere: a hint and the topics
    assert "Goodbye" in out
    assert "Traceback" not in result.stderr


def test_chat_ends_cleanly_at_end_of_input(tmp_path: Path) -> None:
    result = her2bot("chat", stdin="", HER2BOT_STORE="memory://")
    assert result.returncode == 0
    assert "Goodbye" in result.stdout


def test_chat_rejects_a_button_number_that_does_not_exist() -> None:
    result = her2bot("chat", stdin="42\nquit\n", HER2BOT_STORE="memory://")
    assert "There is no button 42." in result.stdout


def test_run_without_a_token_says_so_in_one_line() -> None:
    result = her2bot("run")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr


def test_broken_content_stops_the_bot_with_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    result = her2bot("chat", HER2BOT_CONTENT_DIR=str(tmp_path / "content"), HER2BOT_STORE="memory://")
    assert result.returncode == 2
    assert "ui.yaml" in result.stderr and "Traceback" not in result.stderr


def test_chat_never_touches_the_store_her2bot_run_uses(tmp_path: Path) -> None:
    """Issue 12.8: a first offline chat must not greet a newcomer with "Welcome back"."""
    production = tmp_path / "data" / "her2bot.db"
    result = her2bot(
        "chat", stdin="1\n1\nquit\n", HER2BOT_STORE=f"sqlite:///{production}",
    )
    assert result.returncode == 0, result.stderr
    assert not production.parent.exists()  # neither the file nor its secret key was made
    separate = tmp_path / "chat.db"
    result = her2bot("chat", "--store", str(separate), stdin="1\n1\nquit\n")
    assert result.returncode == 0, result.stderr
    assert separate.exists() and not production.parent.exists()
