"""The content layer: YAML and Jinja2 in content/ -> validated models -> Telegram HTML.

It knows nothing of Telegram's API: handlers and pages ask it for text.
"""

from her2bot.content.errors import ContentError
from her2bot.content.loader import default_content_dir, load_content
from her2bot.content.models import Content, GlossaryTerm, Source, Topic

__all__ = [
    "Content",
    "ContentError",
    "GlossaryTerm",
    "Source",
    "Topic",
    "default_content_dir",
    "load_content",
]
