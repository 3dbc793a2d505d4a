"""Render content to Telegram HTML: topics (paged to fit), sources, glossary, UI strings.

The educational disclaimer is appended in exactly one place, `Renderer.explanation`, which every
explanation passes through, so no template can forget it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from her2bot.content.loader import render_values
from her2bot.content.models import TOPIC_PARTS, Content, GlossaryTerm, Topic, TopicPart
from her2bot.telegram_html import MAX_MESSAGE_LENGTH, to_plain_text, utf16_length
from her2bot.vocabulary import Level, Reader


class Renderer:
    def __init__(self, content: Content) -> None:
        self.content = content
        # The templates were compiled once, by the loader, in the content's one environment.
        self._env = content.env
        self._ui = content.ui_templates
        # Rendering is pure, so each (topic, level, reader) is paged once and reused.
        self.topic_pages = lru_cache(maxsize=1024)(self._topic_pages)
        self.sources_pages = lru_cache(maxsize=256)(self._sources_pages)

    # --- the single place the disclaimer is added ---------------------------------------
    def explanation(self, body: str, reader: Reader = Reader.PATIENT) -> str:
        key = "disclaimer_caregiver" if reader is Reader.CAREGIVER else "disclaimer"
        return str(f"{body}\n\n{self.ui(key)}")

    # Rendered text is Markup: safe HTML that is not escaped again when nested in a template.
    def ui(self, key: str, **values: Any) -> Markup:
        return Markup(self._ui[key].render(**values).strip())

    def template(self, name: str, **values: Any) -> Markup:
        return Markup(self._env.get_template(name).render(**values).strip())

    def topic_part(
        self, topic: Topic, level: Level, reader: Reader, part: TopicPart, **values: Any
    ) -> str:
        """One part of a level (in_short, body, what_you_can_do), phrased for the reader."""
        template = self.content.topic_templates[(topic.id, level, part)]
        return template.render(**render_values(topic, reader), **values).strip()

    def topic_text(self, topic: Topic, level: Level, reader: Reader, **values: Any) -> str:
        """The three parts of a level without headings: what readability is measured on."""
        return "\n\n".join(
            self.topic_part(topic, level, reader, part, **values) for part in TOPIC_PARTS
        )

    def topic_body(self, topic: Topic, level: Level, reader: Reader) -> str:
        """A level as the reader sees it: In short, the explanation, What you can do."""
        in_short, body, actions = (
            self.topic_part(topic, level, reader, part) for part in TOPIC_PARTS
        )
        return (
            f"<b>{self.ui('in_short_heading')}</b>\n{in_short}\n\n{body}\n\n"
            f"<b>{self.ui('what_you_can_do_heading')}</b>\n{actions}"
        )

    def _topic_pages(self, topic_id: str, level: Level, reader: Reader) -> tuple[str, ...]:
        """Complete messages for a topic, split at paragraphs so each fits Telegram's limit."""
        topic = self.content.topics[topic_id]
        paragraphs = self.topic_body(topic, level, reader).split("\n\n")

        def page(chunk: list[str], counter: str) -> str:
            return self.explanation(self.template(
                "topic.html.j2",
                title=topic.title,
                level_label=self.ui(f"level_{level.value}"),
                body=Markup("\n\n".join(chunk)),
                review_line=self.review_line(topic),
                page_counter=counter,
            ), reader)

        return self._paged(paragraphs, page, topic.file)

    def _sources_pages(self, topic_id: str) -> tuple[str, ...]:
        """A topic's sources, one paragraph each, paged like topics."""
        topic = self.content.topics[topic_id]
        blocks = [
            self.template("source.html.j2", source=self.content.sources[source_id])
            for source_id in topic.sources
        ]

        def page(chunk: list[str], counter: str) -> str:
            return self.explanation(self.template(
                "sources.html.j2",
                title=self.ui("sources_title", topic=topic.title),
                body=Markup("\n\n".join(chunk)),
                review_line=self.review_line(topic),
                page_counter=counter,
            ))

        return self._paged(blocks, page, topic.file)

    def _paged(
        self, paragraphs: Sequence[str], page: Callable[[list[str], str], str], where: str
    ) -> tuple[str, ...]:
        """Greedily fill pages with whole paragraphs; every page is a complete message."""
        paragraphs = [p for p in paragraphs if p.strip()]
        # Measure with the longest counter a page may get, so adding it later cannot overflow.
        widest = str(self.ui("page_counter", page=99, pages=99))
        chunks: list[list[str]] = [[]]
        for paragraph in paragraphs:
            candidate = [*chunks[-1], paragraph]
            if chunks[-1] and _too_long(page(candidate, widest)):
                chunks.append([paragraph])
            else:
                chunks[-1] = candidate
        total = len(chunks)
        pages = tuple(
            page(chunk, str(self.ui("page_counter", page=n, pages=total)) if total > 1 else "")
            for n, chunk in enumerate(chunks, start=1)
        )
        for text in pages:
            if _too_long(text):
                raise ValueError(f"{where}: a single paragraph is too long for one message")
        return pages

    def review_line(self, topic: Topic) -> Markup:
        return self.ui(
            "review_line",
            date=topic.last_reviewed.isoformat(),
            status=self.content.review_statuses[topic.review_status],
        )

    def glossary_text(self, term: GlossaryTerm) -> str:
        return self.explanation(self.template(
            "glossary.html.j2",
            term=term,
            meaning=Markup(term.meaning),
            sources=[self.content.sources[s] for s in term.sources],
        ))


def _too_long(text: str) -> bool:
    return utf16_length(to_plain_text(text)) > MAX_MESSAGE_LENGTH
