"""Buttons as a user taps them: data already sitting in chats still opens its screen, every
kind of button reaches its own handler, and an old or broken button is answered kindly."""

from __future__ import annotations

from her2bot import callbacks as cb
from her2bot.offline.botapi import ChatMessage
from tests.e2e.harness import Chat, plain
from tests.test_callbacks import OLD_ENCODINGS

STALE = "older message"


async def a_message_with_buttons(tg: Chat) -> ChatMessage:
    """/help in a chat of its own (flood control lets a chat send only so many messages in
    a burst), set up as a patient reading at the standard level."""
    tg.chat_id += 1
    await tg.send("/start")
    await tg.click("I have breast cancer")
    await tg.click("Standard")
    [help_page] = await tg.send("/help")
    return help_page


def tap_answers(tg: Chat) -> list[str | None]:
    """What the bot answered each tap with (the short note over the chat), in order; the two
    set-up taps of each chat left out."""
    answers = [call.params.get("text") for call in tg.api.calls
               if call.method == "answerCallbackQuery"]
    return [answer for index, answer in enumerate(answers) if index % 3 == 2]


# Data in the format the bot wrote before (tests/test_callbacks.OLD_ENCODINGS), with ids of
# the shipped content, and words that show the right screen opened.
OLD_TAPS = {
    "1:m": "What would you like to know?",
    "1:t:treatment:s:0:0:-": "",
    "1:l:treatment:d:0:-": "",
    "1:s:treatment:n:0": "",
    "1:w:treatment:n": "Words used in",
    "1:g:her2:-:s": "",
    "1:o:-:-:-": "who is reading",
    "1:o:c:-:guide": "How would you like things explained",
    "1:st": "Reading level",
    "1:sl:s": "Saved.",
    "1:sr:c": "Saved.",
    "1:a": "",
    "1:f:n": "Nothing was deleted.",
    "1:qs": "",
    "1:qr:p": "",
}


async def test_buttons_already_in_chats_open_their_screens(tg: Chat) -> None:
    for data, expected in OLD_TAPS.items():
        assert cb.decode(data) is not None, data
        help_page = await a_message_with_buttons(tg)  # tap the old data on it
        [reply] = await tg.tap(help_page, data)
        assert reply.message_id == help_page.message_id, data  # edited in place
        assert STALE not in plain(reply), data
        assert expected in plain(reply), data
        assert reply.buttons, data
    # Forget, MakeGuide and ShowPicture send a new message (a question, a PDF, a photo).
    assert {type(cb.decode(d)) for d in OLD_TAPS} | {cb.Forget, cb.MakeGuide, cb.ShowPicture} == {
        type(v) for v in OLD_ENCODINGS.values()
    }
    assert tap_answers(tg) == [None] * len(OLD_TAPS)  # every tap answered, once, quietly
    assert tg.api.errors == []


async def test_every_kind_of_button_reaches_its_own_screen(tg: Chat) -> None:
    """One tap of each kind the codec knows; none may fall through to the stale answer."""
    taps: dict[str, str] = {
        kind.PREFIX: data for data in [*OLD_TAPS, "1:f:y", "1:qm:p:n", "1:pi:outlook:s"]
        for kind in [type(cb.decode(data))]
    }
    assert set(taps) == set(cb.KINDS)
    for prefix, data in taps.items():
        replies = await tg.tap(await a_message_with_buttons(tg), data)
        assert replies, prefix
        assert all(STALE not in plain(reply) for reply in replies), prefix
    assert None in tap_answers(tg) and all(a is None for a in tap_answers(tg))
    assert tg.api.errors == []


async def test_an_old_or_broken_button_says_so_and_shows_the_menu(tg: Chat) -> None:
    undecodable = ["0:m", "2:t:treatment:s:0:0:-", "1:zz", "1:t:treatment:x:0:0:-", "1:m:",
                   "garbage", ""]
    for data in undecodable:
        help_page = await a_message_with_buttons(tg)
        [reply] = await tg.tap(help_page, data)
        assert reply.message_id == help_page.message_id, data
        assert STALE in plain(reply) and "What would you like to know?" in plain(reply), data
    assert tap_answers(tg) == ["This button is old. Here is the menu."] * len(undecodable)


async def test_a_button_whose_topic_is_gone_shows_the_menu(tg: Chat) -> None:
    gone = ["1:t:retired_topic:s:0:0:-", "1:l:retired_topic:s:0:-", "1:s:retired_topic:s:0",
            "1:w:retired_topic:s", "1:g:retired_word:-:s"]
    for data in gone:
        [reply] = await tg.tap(await a_message_with_buttons(tg), data)
        assert STALE in plain(reply), data
        assert reply.buttons, data
    assert len(tap_answers(tg)) == len(gone)  # answered once each, before the menu
    assert tg.api.errors == []
