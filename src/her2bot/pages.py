"""One function per screen. Each returns a Page: keyword arguments that work with both
`message.reply_text(**page)` (commands, typed text) and `query.edit_message_text(**page)`
(buttons).

Every text comes from content: ui.yaml (through the Renderer), the topics, the guide, and
content/safety/ for the urgent replies, small talk and language notes. Buttons lead only to
content that exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Protocol, TypedDict
from urllib.parse import urlencode

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from her2bot import callbacks as cb
from her2bot.content import Content
from her2bot.content.render import Renderer
from her2bot.freetext import MAX_TOPICS, OTHER_SCRIPT, Answer
from her2bot.safety import Alert, SafetyNet
from her2bot.safety_content import SafetyContent
from her2bot.store import Preferences
from her2bot.vocabulary import Level, Reader, Situation

Row = list[InlineKeyboardButton]
CHECK = "✓ "
# ui.yaml strings these screens ask for beyond the content loader's REQUIRED_UI (a test checks
# the shipped ui.yaml has them).
UI_KEYS = ("stale_answer", "personal_question", "typed_found", "typed_not_found", "slow_down")


class GuideWords(Protocol):
    """What the guide screens need of the guide's words (her2bot.guide.GuideContent has it);
    a protocol, so that pages never imports the guide package above it."""

    def html_text(self, key: str, reader: Reader, level: Level) -> str: ...

    def plain_text(self, key: str, reader: Reader, level: Level) -> str: ...


class MadeGuide(Protocol):
    """A guide just made (her2bot.guide.Guide): whom it is for and its chat messages."""

    @property
    def reader(self) -> Reader: ...

    @property
    def level(self) -> Level: ...

    @property
    def chat(self) -> Mapping[str, str]: ...


class Page(TypedDict):
    text: str
    reply_markup: InlineKeyboardMarkup | None


def _button(label: str, data: cb.CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data.encode())


def _page(text: str, rows: Sequence[Row] = ()) -> Page:
    return Page(text=text, reply_markup=InlineKeyboardMarkup(rows) if rows else None)


def _menu_row(r: Renderer) -> Row:
    return [_button(r.ui("menu_button"), cb.ShowMenu())]


# --- first contact -------------------------------------------------------------------------
def ask_reader(r: Renderer, target: str | None, *, greet: bool = True) -> Page:
    text = str(r.ui("ask_reader"))
    if greet:
        text = f"{r.ui('welcome')}\n\n{text}"
    return _page(text, [
        [_button(r.ui(f"reader_{reader.value}"), cb.Onboard(reader, None, target))]
        for reader in Reader
    ])


def ask_level(r: Renderer, reader: Reader, target: str | None) -> Page:
    hints = "\n".join(r.ui(f"level_{level.value}_hint") for level in Level)
    return _page(f"{r.ui('ask_level')}\n\n{hints}", [
        [_button(r.ui(f"level_{level.value}"), cb.Onboard(reader, level, target))]
        for level in Level
    ])


# --- the main menu -------------------------------------------------------------------------
def menu(r: Renderer, prefs: Preferences, notice: str | None = None) -> Page:
    text = str(r.ui(
        "menu_title",
        caregiver=prefs.reader is Reader.CAREGIVER,
        level_label=r.ui(f"level_{prefs.level.value}"),
    ))
    if notice:
        text = f"{notice}\n\n{text}"
    rows = [
        [_button(r.content.topics[topic_id].button, cb.ShowTopic(topic_id, prefs.level))]
        for topic_id in r.content.menu
    ]
    rows.append([
        _button(r.ui("settings_button"), cb.ShowSettings()),
        _button(r.ui("about_button"), cb.ShowAbout()),
    ])
    return _page(text, rows)


def notice_and_menu(r: Renderer, prefs: Preferences, key: str, **values: str) -> Page:
    """A short word about what just happened (odd input, stale button), then the menu."""
    return menu(r, prefs, notice=r.ui(key, **values))


# --- topics --------------------------------------------------------------------------------
def topic(
    r: Renderer,
    topic_id: str,
    level: Level,
    reader: Reader,
    *,
    page: int = 0,
    numbers_ok: bool = False,
    origin: str | None = None,
    has_pictures: bool = False,
    local_links: Sequence[tuple[str, str]] = (),
) -> Page:
    t = r.content.topics[topic_id]
    if t.gate and not numbers_ok:
        return _page(r.explanation(f"<b>{escape(t.title, quote=False)}</b>\n\n{t.gate}"), [
            [_button(r.ui("gate_yes_button"), cb.ShowTopic(topic_id, level, 0, True, origin))],
            [_button(r.ui("gate_no_button"), _back_target(origin, level))],
        ])
    texts = r.topic_pages(topic_id, level, reader)
    page = _clamp(page, texts)
    rows = _paging_rows(
        r, page, len(texts), lambda n: cb.ShowTopic(topic_id, level, n, True, origin)
    )
    switch: Row = []
    if (simpler := level.simpler()) is not None:
        switch.append(_button(
            r.ui("simpler_button"), cb.ChangeLevel(topic_id, simpler, numbers_ok, origin)
        ))
    if (detailed := level.more_detailed()) is not None:
        switch.append(_button(
            r.ui("more_detail_button"), cb.ChangeLevel(topic_id, detailed, numbers_ok, origin)
        ))
    rows.append(switch)
    if has_pictures:  # only past the gate: the reader chose to see the numbers
        rows.insert(0, [_button(r.ui("picture_button"), cb.ShowPicture(topic_id, level))])
    # Link buttons (helpline web pages): the topic's own, then the lines set for this country.
    links = [*((link.label, link.url) for link in t.links),
             *(local_links if topic_id == HELPLINES_TOPIC else ())]
    rows[0:0] = [[InlineKeyboardButton(label, url=url)] for label, url in links]
    if topic_id == GUIDE_TOPIC:
        rows.insert(0, [_button(r.ui("guide_button"), cb.GuideStart())])
    for related_id in t.related:
        rows.append([_button(
            r.content.topics[related_id].button, cb.ShowTopic(related_id, level, origin=topic_id)
        )])
    extras: Row = []
    if t.glossary:
        extras.append(_button(r.ui("glossary_button"), cb.ShowWordList(topic_id, level)))
    extras.append(_button(r.ui("sources_button"), cb.ShowSources(topic_id, level)))
    rows.append(extras)
    rows.append(_back_row(r, origin, level))
    return _page(texts[page], rows)


def _clamp(page: int, texts: Sequence[str]) -> int:
    # An old button may point past the end of a topic that has since been shortened.
    return min(max(page, 0), len(texts) - 1)


def _paging_rows(
    r: Renderer, page: int, total: int, to_page: Callable[[int], cb.CallbackData]
) -> list[Row]:
    row: Row = []
    if page > 0:
        row.append(_button(r.ui("previous_page_button"), to_page(page - 1)))
    if page < total - 1:
        row.append(_button(r.ui("next_page_button"), to_page(page + 1)))
    return [row] if row else []


def _back_target(origin: str | None, level: Level) -> cb.CallbackData:
    return cb.ShowTopic(origin, level) if origin else cb.ShowMenu()


def _back_row(r: Renderer, origin: str | None, level: Level) -> Row:
    row = _menu_row(r)
    if origin:
        row.insert(0, _button(r.ui("back_button"), cb.ShowTopic(origin, level)))
    return row


def sources(r: Renderer, topic_id: str, level: Level, page: int = 0) -> Page:
    texts = r.sources_pages(topic_id)
    page = _clamp(page, texts)
    rows = _paging_rows(r, page, len(texts), lambda n: cb.ShowSources(topic_id, level, n))
    rows.append([_button(r.ui("back_button"), cb.ShowTopic(topic_id, level, numbers_ok=True))])
    rows.append(_menu_row(r))
    return _page(texts[page], rows)


def word_list(r: Renderer, topic_id: str, level: Level) -> Page:
    t = r.content.topics[topic_id]
    rows = [
        [_button(r.content.glossary[term].term, cb.ShowTerm(term, topic_id, level))]
        for term in t.glossary
    ]
    rows.append([_button(r.ui("back_button"), cb.ShowTopic(topic_id, level, numbers_ok=True))])
    rows.append(_menu_row(r))
    return _page(r.ui("glossary_title", topic=t.title), rows)


def term(r: Renderer, term_id: str, topic_id: str | None, level: Level) -> Page:
    rows: list[Row] = []
    if topic_id:
        rows.append([_button(r.ui("back_button"), cb.ShowWordList(topic_id, level))])
    rows.append(_menu_row(r))
    return _page(r.glossary_text(r.content.glossary[term_id]), rows)


# --- settings and information --------------------------------------------------------------
def settings(r: Renderer, prefs: Preferences, *, saved: bool = False) -> Page:
    text = str(r.ui(
        "settings_title",
        reader_label=r.ui(f"reader_{prefs.reader.value}"),
        level_label=r.ui(f"level_{prefs.level.value}"),
    ))
    if saved:
        text = f"{r.ui('settings_saved')}\n\n{text}"
    rows: list[Row] = [[
        _button(
            (CHECK if level is prefs.level else "")
            + r.ui("settings_level_button", label=r.ui(f"level_{level.value}")),
            cb.SetLevel(level),
        )
    ] for level in Level]
    rows += [[
        _button(
            (CHECK if reader is prefs.reader else "")
            + r.ui("settings_reader_button", label=r.ui(f"reader_{reader.value}")),
            cb.SetReader(reader),
        )
    ] for reader in Reader]
    rows.append(_menu_row(r))
    return _page(text, rows)


def about(r: Renderer) -> Page:
    return _page(r.ui("about", sources=list(r.content.sources.values())), [_menu_row(r)])


def help_page(r: Renderer, level: Level = Level.STANDARD) -> Page:
    return _page(r.ui("help"), [*_helplines_row(r, level), _menu_row(r)])


def _helplines_row(r: Renderer, level: Level) -> list[Row]:
    """A "Talk to a person" button, where the helplines topic exists."""
    t = r.content.topics.get(HELPLINES_TOPIC)
    return [[_button(t.button, cb.ShowTopic(HELPLINES_TOPIC, level))]] if t else []


def privacy(r: Renderer, retention_days: int) -> Page:
    return _page(r.ui("privacy", retention_days=retention_days), [_menu_row(r)])


def forget_ask(r: Renderer) -> Page:
    return _page(r.ui("forget_ask"), [
        [_button(r.ui("forget_yes_button"), cb.Forget(True))],
        [_button(r.ui("forget_no_button"), cb.Forget(False))],
    ])


def forgotten(r: Renderer, had_data: bool) -> Page:
    key = "forgotten" if had_data else "nothing_to_forget"
    return _page(r.ui(key), [[_button(r.ui("menu_button"), cb.ShowMenu())]])


# --- the doctor discussion guide -----------------------------------------------------------
GUIDE_TOPIC = "questions"  # the topic whose page offers to make the question list
HELPLINES_TOPIC = "helplines"  # "Talk to a person": also shows HER2BOT_LOCAL_HELPLINES


def guide_ask_reader(r: Renderer, guide: GuideWords, prefs: Preferences) -> Page:
    """Step 1: who is the list for?"""
    return _page(guide.html_text("ask_reader", prefs.reader, prefs.level), [
        *([_button(
            guide.plain_text(f"readers.{reader.value}.button", reader, prefs.level),
            cb.GuideFor(reader),
        )] for reader in Reader),
        _menu_row(r),
    ])


def guide_ask_situation(
    r: Renderer, guide: GuideWords, prefs: Preferences, reader: Reader
) -> Page:
    """Step 2: what is happening now? Each answer makes the list."""
    return _page(guide.html_text("ask_situation", reader, prefs.level), [
        *([_button(
            guide.plain_text(f"situations.{situation.value}.button", reader, prefs.level),
            cb.MakeGuide(reader, situation),
        )] for situation in Situation),
        [_button(r.ui("back_button"), cb.GuideStart()), *_menu_row(r)],
    ])


def guide_sent(r: Renderer, guide: GuideWords, made: MadeGuide, bot_username: str) -> Page:
    """After the checklist and the PDF: share the guide with family, or make another."""
    share_text = guide.plain_text("share.text", made.reader, made.level)
    share = InlineKeyboardButton(
        guide.plain_text("buttons.share", made.reader, made.level),
        url=share_url(bot_username, share_text),
    )
    again = _button(guide.plain_text("buttons.again", made.reader, made.level), cb.GuideStart())
    return _page(
        made.chat["sent"], [[share], [again], *_helplines_row(r, made.level), _menu_row(r)]
    )


def share_url(bot_username: str, text: str) -> str:
    """A t.me share link to this bot's guide: /start guide opens the two steps."""
    link = f"https://t.me/{bot_username}?start=guide"
    return "https://t.me/share/url?" + urlencode({"url": link, "text": text})


# --- deep-link targets: where `/start <payload>` and the end of first-time set-up lead ----
GUIDE = "guide"
_TOPIC_PREFIX = "topic_"


def resolve_target(content: Content, payload: str | None) -> str | None:
    """`guide`, `topic_<id>` or a bare topic id -> a target; anything else -> None (the menu)."""
    if not payload:
        return None
    payload = payload.strip().lower()
    if payload == GUIDE:
        return GUIDE
    topic_id = payload.removeprefix(_TOPIC_PREFIX)
    return topic_id if topic_id in content.topics else None


def open_target(
    r: Renderer, prefs: Preferences, target: str | None, guide: GuideWords | None = None
) -> Page:
    if target == GUIDE and guide is not None:
        return guide_ask_reader(r, guide, prefs)
    if target == GUIDE:
        # The questions topic leads to the doctor discussion guide.
        target = GUIDE_TOPIC if GUIDE_TOPIC in r.content.topics else None
    if target and target in r.content.topics:
        return topic(r, target, prefs.level, prefs.reader)
    return menu(r, prefs)


# --- typed messages: the urgent reply, and what free text found ---------------------------
def urgent(
    net: SafetyNet, alert: Alert, prefs: Preferences, emergency_number: str,
    poison_control_number: str = "",
) -> Page:
    """Act first: no buttons here; the handler sends the menu as a second message."""
    caregiver = prefs.reader is Reader.CAREGIVER
    return _page(net.reply(alert, emergency_number, poison_control_number, caregiver=caregiver))


def typed_answer(
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
    rows: list[Row] = []
    guide_row = [_button(r.ui("guide_button"), cb.GuideStart())]
    if found.language is not None:
        if found.language == OTHER_SCRIPT:
            text = texts.languages.other_script_note
        else:
            text = texts.language_notes[found.language]
        topics, terms = list(r.content.menu), []
    elif found.personal:
        text = r.ui("personal_question", caregiver=caregiver, has_topics=bool(topics or terms))
        # The doctor discussion guide: a question list to take to the care team.
        rows.append(guide_row)
        rows += _helplines_row(r, prefs.level)  # someone to talk it through with, today
    elif found.intent is not None:
        intent = texts.intents[found.intent]
        text = texts.intent_reply(found.intent, emergency_number)
        extra = [t for t in intent.topics if t in loaded and t not in topics]
        topics = (topics + extra)[:MAX_TOPICS] if extra else topics
        if not topics and not terms:
            topics = list(r.content.menu)
        if intent.guide:
            rows.append(guide_row)
    elif topics or terms:
        text = r.ui("typed_found")
    else:
        text = r.ui("typed_not_found")
        topics = list(r.content.menu)
    level = prefs.level
    term_rows = [
        [_button(
            r.content.glossary[term_id].term,
            cb.ShowTerm(term_id, _home_topic(r, term_id, topics), level),
        )]
        for term_id in terms
    ]
    topic_rows = [
        [_button(loaded[topic_id].button, cb.ShowTopic(topic_id, level))] for topic_id in topics
    ]
    # "What is Enhertu?" asks for the word first; "herceptin heart" for the topic.
    rows += term_rows + topic_rows if found.definition else topic_rows + term_rows
    rows.append(_menu_row(r))
    return _page(text, rows)


def _home_topic(r: Renderer, term_id: str, offered: list[str]) -> str | None:
    """The topic whose word list holds the term (one offered beside it first), so the entry
    leads back to its topic rather than only to the menu."""
    holders = [t.id for t in r.content.topics.values() if term_id in t.glossary]
    return next((t for t in offered if t in holders), holders[0] if holders else None)


def slow_down(r: Renderer) -> Page:
    return _page(r.ui("slow_down"))
