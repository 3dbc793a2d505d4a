"""The doctor discussion guide, as a user meets it: /guide, two taps, a checklist and a PDF."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

from pypdf import PdfReader

from her2bot.content import load_content
from her2bot.content.render import Renderer
from her2bot.guide import Situation, build_guide, load_guide_content
from her2bot.offline.botapi import ChatMessage
from her2bot.vocabulary import Level, Reader
from tests.e2e.harness import Chat, plain

READERS = ["For me", "For someone I care for"]
SITUATIONS = [
    "I just learned it is stage 4",
    "It came back after treatment",
    "Treatment stopped working",
    "A general check-in",
]


async def onboard(tg: Chat, reader: str = "I have breast cancer", level: str = "Simple") -> None:
    await tg.send("/start")
    await tg.click(reader)
    await tg.click(level)


def _disclaimer() -> str:
    return plain(ChatMessage(0, 0, True, html=Renderer(load_content()).ui("disclaimer")))


def _pdf_pages(message: ChatMessage) -> list[str]:
    assert message.document is not None
    reader = PdfReader(io.BytesIO(message.document.data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


async def test_guide_from_command_to_checklist_and_pdf(tg: Chat) -> None:
    await onboard(tg, level="Simple")
    [ask_reader] = await tg.send("/guide")
    assert "Who is it for?" in plain(ask_reader)
    assert ask_reader.button_labels == [*READERS, "☰ Main menu"]

    [ask_situation] = await tg.click("For someone I care for")
    assert ask_situation.message_id == ask_reader.message_id  # edited in place
    assert ask_situation.button_labels == [*SITUATIONS, "‹ Back", "☰ Main menu"]

    replies = await tg.click("It came back after treatment")
    checklist = [m for m in replies if m.document is None and not m.buttons]
    [document] = [m for m in replies if m.document is not None]
    sent = replies[-1]
    assert checklist[0].message_id == ask_reader.message_id  # the steps became the list

    expected = build_guide(
        Reader.CAREGIVER, Situation.RECURRENCE, Level.SIMPLE, content=load_guide_content()
    )
    disclaimer = _disclaimer()
    text = "\n".join(plain(m) for m in checklist)
    for message in checklist:
        assert plain(message).endswith(disclaimer)
    for question in expected.questions:
        assert f"☐ {question}" in text
    assert "Will you take a small sample (biopsy) from the new spot" in text

    assert document.document is not None
    assert document.document.file_name == "her2bot-questions.pdf"
    pages = _pdf_pages(document)
    assert pages[0].startswith("Questions to ask their doctor")
    whole = " ".join(pages)
    for question in expected.questions:
        assert question in whole
    for number, page in enumerate(pages, start=1):
        assert expected.disclaimer in page
        assert f"Page {number} of {len(pages)}" in page

    assert sent.button_labels == ["Share with family", "Make another list", "☰ Main menu"]
    [share] = [b for b in sent.buttons if b["text"] == "Share with family"]
    url = urlsplit(share["url"])
    assert (url.scheme, url.netloc, url.path) == ("https", "t.me", "/share/url")
    query = parse_qs(url.query)
    assert query["url"] == ["https://t.me/her2bot_test_bot?start=guide"]
    assert "questions" in query["text"][0]
    assert [e for e in tg.api.errors if "not modified" not in e[1]] == []


async def test_the_list_is_at_the_readers_level(tg: Chat) -> None:
    await onboard(tg, reader="I care for someone", level="Detailed")
    await tg.send("/guide")
    await tg.click("For me")
    replies = await tg.click("Treatment stopped working")
    [document] = [m for m in replies if m.document is not None]
    whole = " ".join(_pdf_pages(document))
    assert "trastuzumab deruxtecan (Enhertu)" in whole  # detailed wording
    assert whole.startswith("Questions to ask my doctor")


async def test_deep_link_starts_the_guide_for_a_new_user_after_set_up(tg: Chat) -> None:
    await tg.send("/start guide")
    await tg.click("I care for someone")
    [step] = await tg.click("Standard")
    assert "Who is it for?" in plain(step)
    assert step.button_labels[:2] == READERS


async def test_deep_link_for_a_known_user_goes_straight_to_the_guide(tg: Chat) -> None:
    await onboard(tg)
    [step] = await tg.send("/start guide")
    assert step.button_labels[:2] == READERS


async def test_questions_topic_offers_the_list(tg: Chat) -> None:
    await onboard(tg)
    [topic] = await tg.click("Questions to ask the doctor")
    assert topic.button_labels[0] == "Make my question list"
    [step] = await tg.click("Make my question list")
    assert step.message_id == topic.message_id
    assert step.button_labels[:2] == READERS


async def test_make_another_list_and_back(tg: Chat) -> None:
    await onboard(tg)
    await tg.send("/guide")
    await tg.click("For me")
    [back] = await tg.click("‹ Back")
    assert back.button_labels[:2] == READERS
    await tg.click("For me")
    replies = await tg.click("A general check-in")
    sent = replies[-1]
    [again] = await tg.click("Make another list")
    assert again.message_id == sent.message_id
    assert again.button_labels[:2] == READERS


async def test_forged_guide_buttons_send_the_menu_kindly(tg: Chat) -> None:
    await onboard(tg)
    for forged in ["1:qm:x:z", "1:qm:p", "1:qr:q"]:
        [step] = await tg.send("/guide")
        [reply] = await tg.tap(step, forged)
        assert "older message" in plain(reply)
        assert "What would you like to know?" in plain(reply)


async def test_a_tap_on_the_pdf_message_answers_with_a_new_message(tg: Chat) -> None:
    await tg.send("/start")
    await tg.click("I have breast cancer")
    await tg.click("Simple")
    await tg.send("/guide")
    await tg.click(tg.last_with_buttons.button_labels[0])
    replies = await tg.click(tg.last_with_buttons.button_labels[0])
    [document] = [m for m in replies if m.document is not None]
    # A document has no text to edit: the bot sends the screen anew instead of failing.
    [menu] = await tg.tap(document, "1:m")
    assert menu.message_id != document.message_id
    assert "What would you like to know?" in plain(menu)
    assert tg.api.errors == []
