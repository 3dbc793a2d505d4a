from __future__ import annotations

import pytest

from her2bot import pages
from her2bot.content import load_content
from her2bot.content.render import Renderer
from her2bot.store import Preferences
from her2bot.telegram_html import MAX_MESSAGE_LENGTH, check_message, to_plain_text
from her2bot.vocabulary import Level, Reader
from tests.conftest import MakeContent, level_doc, topic_doc


@pytest.fixture(scope="module")
def real() -> Renderer:
    return Renderer(load_content())


def disclaimer(r: Renderer, reader: Reader = Reader.PATIENT) -> str:
    key = "disclaimer_caregiver" if reader is Reader.CAREGIVER else "disclaimer"
    return to_plain_text(r.ui(key))


def test_every_real_topic_page_is_valid_fits_and_ends_with_the_disclaimer(real: Renderer) -> None:
    for topic_id in real.content.topics:
        for level in Level:
            for reader in Reader:
                for text in real.topic_pages(topic_id, level, reader):
                    plain = check_message(text)  # valid Telegram HTML, <= 4096
                    assert plain.endswith(disclaimer(real, reader)), (topic_id, level, reader)
                    if text is real.topic_pages(topic_id, level, reader)[0]:
                        assert "In short" in plain


def test_sources_and_glossary_end_with_the_disclaimer(real: Renderer) -> None:
    for topic_id in real.content.topics:
        for text in real.sources_pages(topic_id):
            assert check_message(text).endswith(disclaimer(real))
    for term in real.content.glossary.values():
        assert check_message(real.glossary_text(term)).endswith(disclaimer(real))


def test_reader_changes_the_wording(make_content: MakeContent) -> None:
    r = Renderer(load_content(make_content()))
    topic = r.content.topics["alpha"]
    assert r.topic_part(topic, Level.STANDARD, Reader.PATIENT, "body").startswith("You read")
    assert r.topic_part(topic, Level.STANDARD, Reader.CAREGIVER, "body").startswith("They read")
    # A level reads: In short, the explanation, What you can do.
    assert r.topic_body(topic, Level.STANDARD, Reader.PATIENT) == (
        "<b>In short</b>\nThe short of it.\n\nYou read the standard text.\n\n"
        "<b>What you can do</b>\n• Ask the care team."
    )


def test_long_topics_are_split_at_paragraphs_and_every_page_is_complete(
    make_content: MakeContent,
) -> None:
    paragraphs = [f"Paragraph {n}. " + "Some words here. " * 40 for n in range(20)]
    long_doc = topic_doc("alpha", levels={
        "simple": level_doc("\n\n".join(paragraphs)), "standard": level_doc("b"),
        "detailed": level_doc("c"),
    })
    r = Renderer(load_content(make_content(topics=[long_doc])))
    texts = r.topic_pages("alpha", Level.SIMPLE, Reader.PATIENT)
    assert len(texts) > 1
    joined = " ".join(to_plain_text(t) for t in texts)
    for n in range(20):
        assert joined.count(f"Paragraph {n}.") == 1  # nothing lost, nothing repeated
    for number, text in enumerate(texts, start=1):
        plain = check_message(text)
        assert len(plain) <= MAX_MESSAGE_LENGTH
        assert plain.endswith(disclaimer(r))
        assert f"Page {number} of {len(texts)}" in plain


def test_paging_buttons_lead_both_ways(make_content: MakeContent) -> None:
    long_doc = topic_doc("alpha", levels={
        "simple": level_doc("\n\n".join(["Words here. " * 60] * 12)),
        "standard": level_doc("b"), "detailed": level_doc("c"),
    })
    r = Renderer(load_content(make_content(topics=[long_doc])))
    first = pages.topic(r, "alpha", Level.SIMPLE, Reader.PATIENT)
    second = pages.topic(r, "alpha", Level.SIMPLE, Reader.PATIENT, page=1)
    labels = lambda page: [b.text for row in page["reply_markup"].inline_keyboard for b in row]  # noqa: E731
    assert "Next ›" in labels(first) and "‹ Previous" not in labels(first)
    assert "‹ Previous" in labels(second)
    # An old button pointing past the end shows the last page instead of failing.
    last = pages.topic(r, "alpha", Level.SIMPLE, Reader.PATIENT, page=99)
    assert last["text"] == r.topic_pages("alpha", Level.SIMPLE, Reader.PATIENT)[-1]


def test_variables_are_escaped(make_content: MakeContent) -> None:
    r = Renderer(load_content(make_content(topics=[topic_doc("alpha", title="A <b> & C")])))
    [text] = r.sources_pages("alpha")
    assert "A &lt;b&gt; &amp; C" in text
    check_message(text)


def test_gated_topic_asks_first(make_content: MakeContent) -> None:
    doc = topic_doc("alpha", gate="This part has numbers. Show them?")
    r = Renderer(load_content(make_content(topics=[doc])))
    gate = pages.topic(r, "alpha", Level.SIMPLE, Reader.PATIENT)
    assert "This part has numbers" in gate["text"]
    assert "37" not in to_plain_text(gate["text"])
    shown = pages.topic(r, "alpha", Level.SIMPLE, Reader.PATIENT, numbers_ok=True)
    assert "37" in to_plain_text(shown["text"])


def test_menu_comes_from_content(make_content: MakeContent) -> None:
    r = Renderer(load_content(make_content(menu=["beta", "alpha"])))
    menu = pages.menu(r, Preferences())
    labels = [b.text for row in menu["reply_markup"].inline_keyboard for b in row]
    assert labels[:2] == ["Open beta", "Open alpha"]


def test_secondary_sources_are_labelled_for_readers(real: Renderer) -> None:
    """A digest pending human review is never presented to readers as an authority."""
    secondary = [s for s in real.content.sources.values() if s.secondary]
    assert secondary
    for topic in real.content.topics.values():
        text = "\n".join(check_message(page) for page in real.sources_pages(topic.id))
        for source in secondary:
            if source.id in topic.sources:
                after = text.split(source.title, 1)[1]
                assert "not yet reviewed by experts" in after.split("•", 1)[0]
    for term in real.content.glossary.values():
        if any(real.content.sources[s].secondary for s in term.sources):
            assert "not yet reviewed by experts" in check_message(real.glossary_text(term))
