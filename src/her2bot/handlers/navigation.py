"""Deep-link targets: where `/start <payload>` and the end of first-time set-up lead."""

from __future__ import annotations

from her2bot import pages
from her2bot.content import Content
from her2bot.content.render import Renderer
from her2bot.guide import GuideContent
from her2bot.store import Preferences

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
    r: Renderer, prefs: Preferences, target: str | None, guide: GuideContent | None = None
) -> pages.Page:
    if target == GUIDE and guide is not None:
        return pages.guide_ask_reader(r, guide, prefs)
    if target == GUIDE:
        # The questions topic leads to the doctor discussion guide.
        target = "questions" if "questions" in r.content.topics else None
    if target and target in r.content.topics:
        return pages.topic(r, target, prefs.level, prefs.reader)
    return pages.menu(r, prefs)
