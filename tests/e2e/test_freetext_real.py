"""Typed questions against the real content/: the examples from the issue, end to end."""

from __future__ import annotations

from tests.e2e.harness import Chat, plain


async def test_what_is_enhertu_opens_the_word_then_the_treatment_topic(tg: Chat) -> None:
    sent = await tg.send("what is enhertu")
    labels = sent[0].button_labels
    assert labels[0] == "Trastuzumab deruxtecan"
    await tg.click(labels[0])
    assert "Enhertu" in plain(tg.last)
    assert "not medical advice" in plain(tg.last)


async def test_why_another_biopsy_opens_retesting(tg: Chat) -> None:
    sent = await tg.send("why another biopsy")
    first = sent[0].buttons[0]
    assert first["callback_data"].startswith("1:t:retesting:")
    await tg.click(first["text"])
    assert "not medical advice" in plain(tg.last)


async def test_herceptin_heart_opens_side_effects(tg: Chat) -> None:
    sent = await tg.send("herceptin heart")
    assert sent[0].buttons[0]["callback_data"].startswith("1:t:side_effects:")


async def test_how_long_do_i_have_is_answered_by_the_care_team_not_the_bot(tg: Chat) -> None:
    sent = await tg.send("how long do I have?")
    text = plain(sent[0])
    assert "care team" in text
    assert not any(ch.isdigit() for ch in text)  # no figures, no estimate
    assert sent[0].buttons[0]["callback_data"] == "1:qs"  # the doctor discussion guide
