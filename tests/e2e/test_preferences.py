"""Preferences survive a restart; /forget removes them."""

from __future__ import annotations

from pathlib import Path

from her2bot.config import load_settings
from her2bot.privacy import chat_key
from her2bot.store import open_store
from tests.e2e.conftest import start_bot, stop_bot
from tests.e2e.harness import Chat, plain
from tests.fakeapi import FakeTelegramServer


async def test_preferences_survive_a_restart_and_forget_removes_them(
    telegram: FakeTelegramServer, bot_env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "prefs.db"
    settings = load_settings({**bot_env, "HER2BOT_STORE": f"sqlite:///{db}"})

    first = await start_bot(settings)
    tg = Chat(telegram.api, first)
    await tg.send("/start")
    await tg.click("I care for someone")
    await tg.click("Detailed")
    await stop_bot(first)

    # The raw chat id is nowhere in the database file: only a keyed hash.
    for path in tmp_path.glob("prefs.db*"):
        assert str(tg.chat_id).encode() not in path.read_bytes()

    second = await start_bot(settings)
    tg = Chat(telegram.api, second)
    [again] = await tg.send("/start")
    assert "Welcome back" in plain(again)
    assert "Reading level: Detailed" in plain(again)
    assert "cares for a person" in plain(again)

    await tg.send("/forget")
    [done] = await tg.click("Yes, delete it")
    assert "deleted everything" in plain(done)
    store = open_store(settings.store_url)
    assert await store.get(chat_key(settings.secret_key, tg.chat_id)) is None
    await store.close()

    [fresh] = await tg.send("/start")
    assert "who is reading" in plain(fresh)
    await tg.send("/forget")
    [nothing] = await tg.click("Yes, delete it")
    assert "nothing stored" in plain(nothing)
    await stop_bot(second)


async def test_forget_can_be_cancelled(
    telegram: FakeTelegramServer, bot_env: dict[str, str]
) -> None:
    app = await start_bot(load_settings(bot_env))
    tg = Chat(telegram.api, app)
    await tg.send("/start")
    await tg.click("I have breast cancer")
    await tg.click("Simple")
    await tg.send("/forget")
    [kept] = await tg.click("No, keep it")
    assert "Nothing was deleted" in plain(kept)
    [again] = await tg.send("/start")
    assert "Welcome back" in plain(again)
    await stop_bot(app)
