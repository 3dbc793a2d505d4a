"""Render content to Telegram HTML: topics (paged to fit), sources, glossary, UI strings.

The educational disclaimer is appended in exactly one place, `Renderer.explanation`, which every
explanation passes through, so no template can forget it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from jinja2 import Template
from markupsafe import Markup

from her2bot.content.models import Content, GlossaryTerm, Topic
from her2bot.content.templating import make_environment
from her2bot.levels import Level, Reader
from her2bot.telegram_html import MAX_MESSAGE_LENGTH, to_plain_text, utf16_length


class Renderer:
    def __init__(self, content: Content) -> None:
        self.content = content
        self._env = make_environment(content.templates)
        self._ui = {key: self._env.from_string(text) for key, text in content.ui.items()}
        self._levels: dict[tuple[str, Level], Template] = {
            (topic.id, level): self._env.from_string(text)
            for topic in content.topics.values()
            for level, text in topic.levels.items()
        }
        # Rendering is pure, so each (topic, level, reader) is paged once and reused.
        self.topic_pages = lru_cache(maxsize=1024)(self._topic_pages)
        self.sources_pages = lru_cache(maxsize=256)(self._sources_pages)

    # --- the single place the disclaimer is added ---------------------------------------
    def explanation(self, body: str) -> str:
        return str(f"{body}\n\n{self.ui('disclaimer')}")

    # Rendered text is Markup: safe HTML that is not escaped again when nested in a template.
    def ui(self, key: str, **values: Any) -> Markup:
        return Markup(self._ui[key].render(**values).strip())

    def template(self, name: str, **values: Any) -> Markup:
        return Markup(self._env.get_template(name).render(**values).strip())

    def topic_body(self, topic: Topic, level: Level, reader: Reader) -> str:
        """The topic's own text at a level, phrased for the reader; no layout."""
        template = self._levels[(topic.id, level)]
        return template.render(reader=reader.value, caregiver=reader is Reader.CAREGIVER).strip()

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
            ))

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
