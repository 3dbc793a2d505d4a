"""The fake Bot API must be as strict as Telegram, or the e2e tests prove nothing."""

from __future__ import annotations

import pytest

from her2bot.offline.botapi import NOT_MODIFIED, BotAPI, BotAPIError


async def send(api: BotAPI, text: str, **extra: object) -> dict[str, object]:
    params = {"chat_id": 5, "text": text, "parse_mode": "HTML", **extra}
    result = await api.call("sendMessage", params)
    assert isinstance(result, dict)
    return result


async def rejects(api: BotAPI, method: str, params: dict[str, object], expected: str) -> None:
    with pytest.raises(BotAPIError) as caught:
        await api.call(method, params)
    assert caught.value.code == 400
    assert expected in caught.value.description


async def test_invalid_html_is_rejected() -> None:
    api = BotAPI()
    await rejects(api, "sendMessage", {"chat_id": 5, "text": "<b>open", "parse_mode": "HTML"},
                  "can't parse entities")
    await rejects(api, "sendMessage", {"chat_id": 5, "text": "<p>x</p>", "parse_mode": "HTML"},
                  "can't parse entities")


async def test_over_long_text_is_rejected_but_the_limit_itself_is_fine() -> None:
    api = BotAPI()
    await send(api, "x" * 4096)
    await rejects(api, "sendMessage", {"chat_id": 5, "text": "x" * 4097, "parse_mode": "HTML"},
                  "message is too long")


async def test_over_long_callback_data_is_rejected() -> None:
    api = BotAPI()
    markup = {"inline_keyboard": [[{"text": "ok", "callback_data": "x" * 64}]]}
    await send(api, "fine", reply_markup=markup)
    markup = {"inline_keyboard": [[{"text": "too long", "callback_data": "x" * 65}]]}
    await rejects(api, "sendMessage", {"chat_id": 5, "text": "t", "reply_markup": markup},
                  "BUTTON_DATA_INVALID")
    markup = {"inline_keyboard": [[{"text": "", "callback_data": "x"}]]}
    await rejects(api, "sendMessage", {"chat_id": 5, "text": "t", "reply_markup": markup},
                  "text buttons are unallowed")


async def test_identical_edit_is_not_modified_but_a_changed_one_is_fine() -> None:
    api = BotAPI()
    sent = await send(api, "<b>same</b>")
    edit = {"chat_id": 5, "message_id": sent["message_id"], "text": "<b>same</b>",
            "parse_mode": "HTML"}
    with pytest.raises(BotAPIError) as caught:
        await api.call("editMessageText", edit)
    assert caught.value.description == NOT_MODIFIED
    await api.call("editMessageText", {**edit, "text": "<b>changed</b>"})
    assert api.messages[(5, sent["message_id"])].text == "changed"


async def test_edits_of_missing_or_document_messages_fail_like_telegram() -> None:
    api = BotAPI()
    await rejects(api, "editMessageText", {"chat_id": 5, "message_id": 99, "text": "x"},
                  "message to edit not found")
    doc = await api.call("sendDocument", {"chat_id": 5}, {"document": ("a.pdf", b"%PDF")})
    await rejects(api, "editMessageText",
                  {"chat_id": 5, "message_id": doc["message_id"], "text": "x"},
                  "no text in the message")


async def test_http_form_values_are_decoded() -> None:
    api = BotAPI()
    result = await api.call("sendMessage", {
        "chat_id": "5", "text": "hi",
        "reply_markup": '{"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}',
    })
    assert result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "b"


async def test_callback_queries_can_be_answered_once() -> None:
    api = BotAPI()
    markup = {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}
    sent = await send(api, "x", reply_markup=markup)
    await api.user_click(5, int(sent["message_id"]), "b")
    query_id = api.last_update["callback_query"]["id"]
    assert await api.call("answerCallbackQuery", {"callback_query_id": query_id}) is True
    await rejects(api, "answerCallbackQuery", {"callback_query_id": query_id}, "query is too old")


async def test_unknown_methods_are_404() -> None:
    with pytest.raises(BotAPIError) as caught:
        await BotAPI().call("launchRockets", {})
    assert caught.value.code == 404
