"""The doctor discussion guide: a personal list of questions for the next appointment.

content/guide/ -> checked GuideContent (loader) -> one Guide for a reader, situation and level
(build) -> a Telegram checklist (chat) and a printable PDF (pdf). No Telegram here: the
handlers ask for text and bytes.
"""

from her2bot.guide.build import build_guide
from her2bot.guide.chat import checklist_messages
from her2bot.guide.loader import default_guide_content, load_guide_content
from her2bot.guide.models import Guide, GuideContent
from her2bot.guide.pdf import render_pdf
from her2bot.vocabulary import Situation

__all__ = [
    "Guide",
    "GuideContent",
    "Situation",
    "build_guide",
    "checklist_messages",
    "default_guide_content",
    "load_guide_content",
    "render_pdf",
]
