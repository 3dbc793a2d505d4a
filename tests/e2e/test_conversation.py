"""Commands, first-time set-up, deep links and odd input, as a user would meet them."""

from __future__ import annotations

from her2bot.content import load_content
from tests.e2e.harness import Chat, plain


async def onboard(tg: Chat, reader: str = "I have breast cancer", level: str = "Simple") -> None:
    await tg.send("/start")
    await tg.click(reader)
    await tg.click(level)


async def test_first_start_asks_who_is_reading_then_the_level(tg: Chat) -> None:
    [welcome] = await tg.send("/start")
    assert "who is reading" in plain(welcome)
    assert welcome.button_labels == ["I have breast cancer", "I care for someone"]
    [level] = await tg.click("I care for someone")
    assert level.message_id == welcome.message_id  # edited in place, no chat spam
    assert level.button_labels == ["Simple", "Standard", "Detailed"]
    [menu] = await tg.click("Standard")
    assert "cares for a person" in plain(menu)
    assert "Reading level: Standard" in plain(menu)
    content = load_content()
    mission = ("her2_basics", "treatment", "retesting", "questions")
    assert menu.button_labels[:4] == [content.topics[t].button for t in mission]
    assert {"⚙ Settings", "About & sources"} <= set(menu.button_labels)


async def test_later_start_goes_straight_to_the_menu(tg: Chat) -> None:
    await onboard(tg)
    [again] = await tg.send("/start")
    assert "Welcome back" in plain(again)
    assert "What would you like to know?" in plain(again)


async def test_deep_link_to_a_topic_for_a_new_user_lands_there_after_set_up(tg: Chat) -> None:
    await tg.send("/start topic_retesting")
    await tg.click("I have breast cancer")
    [page] = await tg.click("Simple")
    assert "Why" in plain(page) and "Simpler" not in page.button_labels
    assert "More detail" in page.button_labels


async def test_deep_link_for_a_known_user_and_an_unknown_payload(tg: Chat) -> None:
    await onboard(tg)
    [page] = await tg.send("/start topic_treatment")
    assert "Sources" in page.button_labels
    [menu] = await tg.send("/start no_such_thing")
    assert "What would you like to know?" in plain(menu)


async def test_simpler_and_more_detail_switch_and_are_remembered(tg: Chat) -> None:
    await onboard(tg, level="Standard")
    await tg.click("Treatment options")
    [simpler] = await tg.click("Simpler")
    assert "Simpler" not in simpler.button_labels  # already the simplest
    [menu] = await tg.send("/menu")
    assert "Reading level: Simple" in plain(menu)


async def test_every_command_answers(tg: Chat) -> None:
    await onboard(tg)
    for command, expected in [
        ("/menu", "What would you like to know?"),
        ("/help", "/forget"),
        ("/settings", "Reading level"),
        ("/about", "education"),
        ("/privacy", "180 days"),
        ("/guide", ""),
        ("/forget", "Delete everything"),
    ]:
        replies = await tg.send(command)
        assert replies, command
        assert expected in plain(replies[-1]), command
        assert replies[-1].buttons or replies[-1].document, f"{command} is a dead end"


async def test_commands_are_registered_at_start_up(tg: Chat) -> None:
    names = {c["command"] for c in tg.api.commands}
    assert names == {"start", "menu", "help", "settings", "guide", "about", "privacy", "forget"}


async def test_settings_change_level_and_reader(tg: Chat) -> None:
    await onboard(tg)
    await tg.send("/settings")
    [saved] = await tg.click("Level: Detailed")
    assert "Saved." in plain(saved)
    assert "✓ Level: Detailed" in saved.button_labels
    [saved] = await tg.click("I care for someone")
    assert "✓ I care for someone" in saved.button_labels
    [menu] = await tg.click("☰ Main menu")
    assert "Reading level: Detailed" in plain(menu)
    assert "cares for a person" in plain(menu)


async def test_odd_input_gets_a_helpful_reply(tg: Chat) -> None:
    await onboard(tg)
    [reply] = await tg.send("/frobnicate")
    assert "don't know that command" in plain(reply) and reply.buttons
    [reply] = await tg.send_other("sticker", {
        "file_id": "s1", "file_unique_id": "u1", "type": "regular", "width": 1, "height": 1,
        "is_animated": False, "is_video": False,
    })
    assert "only read text" in plain(reply) and reply.buttons
    [reply] = await tg.send_other("photo", [
        {"file_id": "p1", "file_unique_id": "pu1", "width": 1, "height": 1}
    ])
    assert reply.buttons
    replies = await tg.send("🙂 <b>&amp; ünïcödé " + "x" * 4000)
    assert replies and replies[-1].buttons


async def test_forged_and_stale_buttons_send_the_menu_kindly(tg: Chat) -> None:
    await onboard(tg)
    for data in ["garbage", "0:m", "9:t:x", "1:t:no_such_topic:s:0:0:-", "1:g:nope:-:s",
                 "1:s:ghost:s:0", "1:w:ghost:d", "1:t:treatment:s:0:0", "1:" + "x" * 80]:
        [menu] = await tg.send("/menu")
        [reply] = await tg.tap(menu, data)
        assert reply.message_id == menu.message_id
        assert "older message" in plain(reply), data
        assert reply.buttons
    assert tg.api.errors == []


async def test_buttons_on_an_old_message_still_work(tg: Chat) -> None:
    await onboard(tg)
    [old_menu] = await tg.send("/menu")
    await tg.send("/help")
    [page] = await tg.click("Treatment options", message=old_menu)
    assert page.message_id == old_menu.message_id
    assert "Sources" in page.button_labels


async def test_tapping_the_same_button_twice_is_quiet(tg: Chat) -> None:
    await onboard(tg)
    await tg.send("/settings")
    await tg.click("Level: Detailed")
    replies = await tg.click("✓ Level: Detailed")
    # Telegram refuses an identical edit; the bot treats that as done, not as an error.
    assert replies == []
    assert [e for _, e in tg.api.errors if "not modified" not in e] == []


async def test_group_chats_answer_commands_only(tg: Chat) -> None:
    tg.chat_id, tg.chat_type = -100200, "group"
    assert await tg.send("hello everyone") == []
    [reply] = await tg.send("/help")
    assert "/menu" in plain(reply)
