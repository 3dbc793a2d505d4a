"""All of content/, loaded once: topics and the rest (Content), the guide, the safety lists,
the pictures.

`load_library` reads each content file once, validates it against its model and compiles every
template once in one Jinja2 environment. It sits above the three loaders it joins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from her2bot.content import Content, load_content
from her2bot.guide.loader import load_guide_content
from her2bot.guide.models import GuideContent
from her2bot.pictures import Pictures, load_pictures
from her2bot.safety_content import SafetyContent


@dataclass(frozen=True, eq=False)
class Library:
    content: Content
    guide: GuideContent
    safety: SafetyContent
    pictures: Pictures  # content/pictures.yaml: figures drawn as icon arrays


def load_library(content_dir: Path | None = None, content: Content | None = None) -> Library:
    """content: already loaded topics (tests pass their own); the rest is loaded beside it."""
    content = content or load_content(content_dir)
    return Library(
        content=content,
        guide=load_guide_content(content=content),
        safety=SafetyContent(content.directory, env=content.env),
        pictures=load_pictures(
            content.directory, content.topics, content.sources, content.check.optin_topic
        ),
    )
