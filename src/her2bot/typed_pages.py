"""Screens for typed messages: the urgent reply, a personal question, small talk, another
language, and what free text found.

Same contract as pages.py: each function returns a Page for `reply_text(**page)`. The texts
come from content/safety/ (replies.yaml, smalltalk.yaml, languages.yaml); buttons lead only to
content that exists.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from her2bot import callbacks as cb
from her2bot.content.render import Renderer
from her2bot.freetext import MAX_TOPICS, OTHER_SCRIPT, Answer
from her2bot.pages import Page
from her2bot.safety import Alert, SafetyNet
from her2bot.safety_content import SafetyContent
from her2bot.store import Preferences
from her2bot.vocabulary import Reader


def _button(label: str, data: cb.CallbackData) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(label, callback_data=data.encode())]


def _page(text: str, rows: list[list[InlineKeyboardButton]]) -> Page:
    return Page(text=text, reply_markup=InlineKeyboardMarkup(rows) if rows else None)


def urgent(
    net: SafetyNet, alert: Alert, prefs: Preferences, emergency_number: str,
    poison_control_number: str = "",
) -> Page:
    """Act first: no buttons here; the handler sends the menu as a second message."""
    caregiver = prefs.reader is Reader.CAREGIVER
    return _page(
        net.reply(alert, emergency_number, poison_control_number, caregiver=caregiver), []
    )


def answer(
    r: Renderer, texts: SafetyContent, found: Answer, prefs: Preferences,
    emergency_number: str = "",
) -> Page:
    """Buttons for what a typed message led to, under a short reply that fits it:
    - another language: a note (in that language where known), and the menu's topics;
    - a personal question: the care-team reply, the guide, and related topics;
    - small talk or a feeling: a short human reply, the topics it asked about, then the
      intent's own next steps (smalltalk.yaml);
    - topics or words found: buttons for them; nothing at all: a hint and the menu's topics."""
    caregiver = prefs.reader is Reader.CAREGIVER
    loaded = r.content.topics
    topics = [t for t in found.topics if t in loaded]
    terms = [t for t in found.terms if t in r.content.glossary]
    rows: list[list[InlineKeyboardButton]] = []
    if found.language is not None:
        if found.language == OTHER_SCRIPT:
            text = texts.languages.other_script_note
        else:
            text = texts.language_notes[found.language]
        topics, terms = list(r.content.menu), []
    elif found.personal:
        text = texts.text("personal", caregiver=caregiver, has_topics=bool(topics or terms))
        # The doctor discussion guide: a question list to take to the care team.
        rows.append(_button(r.ui("guide_button"), cb.GuideStart()))
    elif found.intent is not None:
        intent = texts.intents[found.intent]
        text = texts.intent_reply(found.intent, emergency_number)
        extra = [t for t in intent.topics if t in loaded and t not in topics]
        topics = (topics + extra)[:MAX_TOPICS] if extra else topics
        if not topics and not terms:
            topics = list(r.content.menu)
        if intent.guide:
            rows.append(_button(r.ui("guide_button"), cb.GuideStart()))
    elif topics or terms:
        text = texts.text("found")
    else:
        text = texts.text("not_found")
        topics = list(r.content.menu)
    level = prefs.level
    term_rows = [
        _button(
            r.content.glossary[term_id].term,
            cb.ShowTerm(term_id, _home_topic(r, term_id, topics), level),
        )
        for term_id in terms
    ]
    topic_rows = [
        _button(loaded[topic_id].button, cb.ShowTopic(topic_id, level)) for topic_id in topics
    ]
    # "What is Enhertu?" asks for the word first; "herceptin heart" for the topic.
    rows += term_rows + topic_rows if found.definition else topic_rows + term_rows
    rows.append(_button(r.ui("menu_button"), cb.ShowMenu()))
    return _page(text, rows)


def _home_topic(r: Renderer, term_id: str, offered: list[str]) -> str | None:
    """The topic whose word list holds the term (one offered beside it first), so the entry
    leads back to its topic rather than only to the menu."""
    holders = [t.id for t in r.content.topics.values() if term_id in t.glossary]
    return next((t for t in offered if t in holders), holders[0] if holders else None)


def slow_down(texts: SafetyContent) -> Page:
    return _page(texts.text("slow_down"), [])
