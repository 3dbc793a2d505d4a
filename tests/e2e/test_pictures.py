"""'Show this as a picture': opt-in from the outlook numbers, sent with sendPhoto, Back returns."""

from __future__ import annotations

from tests.e2e.harness import Chat, plain


async def _outlook_numbers(tg: Chat) -> None:
    await tg.send("/start")
    await tg.click("I have breast cancer")
    await tg.click("Simple")
    await tg.click("Outlook in numbers")


async def test_the_picture_is_offered_only_after_the_reader_chose_the_numbers(tg: Chat) -> None:
    await _outlook_numbers(tg)
    gate = tg.last_with_buttons
    assert "Show this as a picture" not in gate.button_labels
    [numbers] = await tg.click("Yes, show the numbers")
    assert numbers.button_labels[0] == "Show this as a picture"


async def test_the_picture_is_a_photo_with_its_text_and_a_back_button(tg: Chat) -> None:
    await _outlook_numbers(tg)
    await tg.click("Yes, show the numbers")
    [photo] = await tg.click("Show this as a picture")
    assert photo.photo is not None and photo.photo.uploaded
    assert photo.photo.data.startswith(b"\x89PNG")
    text = plain(photo)
    for words in ("37 in 100", "23 in 100", "Herceptin, Perjeta and chemo",
                  "Herceptin and chemo", "after 8 years"):
        assert words in text
    assert photo.button_labels == ["‹ Back", "☰ Main menu"]
    assert text.endswith("please talk with them before you change anything.")  # the disclaimer
    assert "The ASCO Post" in text  # the trial report, not the unreviewed digest

    [back] = await tg.click("‹ Back", photo)
    assert back.message_id != photo.message_id  # a photo has no text to edit: a new message
    assert "37 in 100" in plain(back) and "Show this as a picture" in back.button_labels


async def test_the_second_time_the_stored_file_id_is_sent_not_a_new_upload(tg: Chat) -> None:
    await _outlook_numbers(tg)
    await tg.click("Yes, show the numbers")
    [first] = await tg.click("Show this as a picture")
    await tg.click("‹ Back", first)
    [second] = await tg.click("Show this as a picture")
    assert first.photo is not None and second.photo is not None
    assert not second.photo.uploaded
    assert second.photo.file_id == first.photo.file_id
    sends = [c for c in tg.api.calls if c.method == "sendPhoto"]
    assert sends[-1].params["photo"] == first.photo.file_id
