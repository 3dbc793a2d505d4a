"""Screens for typed messages: the urgent reply, a personal question, what free text found.

Same contract as pages.py: each function returns a Page for `reply_text(**page)`. The texts
come from content/safety/replies.yaml; buttons lead only to content that exists.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from her2bot import callbacks as cb
from her2bot.content.render import Renderer
from her2bot.freetext import Answer
from her2bot.levels import Reader
from her2bot.pages import Page
from her2bot.safety import Alert, SafetyNet
from her2bot.store import Preferences


def _button(label: str, data: cb.CallbackData) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(label, callback_data=data.encode())]


def _page(text: str, rows: list[list[InlineKeyboardButton]]) -> Page:
    return Page(text=text, reply_markup=InlineKeyboardMarkup(rows) if rows else None)


def urgent(net: SafetyNet, alert: Alert, prefs: Preferences, emergency_number: str) -> Page:
    """Act first: no buttons here; the handler sends the menu as a second message."""
    caregiver = prefs.reader is Reader.CAREGIVER
    return _page(net.reply(alert, emergency_number, caregiver=caregiver), [])


def answer(r: Renderer, net: SafetyNet, found: Answer, prefs: Preferences) -> Page:
    """Buttons for the topics and words a typed message led to; a personal question first gets
    the care-team reply and the guide. Nothing found: a hint, then the menu's topics."""
    caregiver = prefs.reader is Reader.CAREGIVER
    topics = [t for t in found.topics if t in r.content.topics]
    terms = [t for t in found.terms if t in r.content.glossary]
    rows: list[list[InlineKeyboardButton]] = []
    if found.personal:
        text = net.text("personal", caregiver=caregiver, has_topics=bool(topics or terms))
        # The doctor discussion guide: a question list to take to the care team.
        rows.append(_button(r.ui("guide_button"), cb.GuideStart()))
    elif topics or terms:
        text = net.text("found")
    else:
        text = net.text("not_found")
        topics = list(r.content.menu)
    level = prefs.level
    term_rows = [
        _button(r.content.glossary[term_id].term, cb.ShowTerm(term_id, None, level))
        for term_id in terms
    ]
    topic_rows = [
        _button(r.content.topics[topic_id].button, cb.ShowTopic(topic_id, level))
        for topic_id in topics
    ]
    # "What is Enhertu?" asks for the word first; "herceptin heart" for the topic.
    rows += term_rows + topic_rows if found.definition else topic_rows + term_rows
    rows.append(_button(r.ui("menu_button"), cb.ShowMenu()))
    return _page(text, rows)


def slow_down(net: SafetyNet) -> Page:
    return _page(net.text("slow_down"), [])
