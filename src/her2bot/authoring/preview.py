"""`her2bot content preview --out DIR`: static HTML pages for clinicians to review the content.

One page per topic with its three levels side by side (as the person with cancer reads them,
with the caregiver wording where it differs), its sources, primary studies and figures, the
measured reading grades, review status and last-reviewed date; an index; and the glossary.
The pages are self-contained (inline CSS, no scripts), so they open from a folder or an email.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nh3
from markupsafe import Markup

from her2bot.authoring import gates
from her2bot.authoring.check import LIMITS, Grade, check_content
from her2bot.content.loader import default_content_dir, load_content
from her2bot.content.models import TOPIC_PARTS, Content, Topic
from her2bot.content.render import Renderer
from her2bot.content.templating import make_environment
from her2bot.telegram_html import to_plain_text
from her2bot.vocabulary import Level, Reader

# Telegram HTML tags that are also plain HTML, kept as such; nh3 drops anything else.
_KEPT_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre",
              "blockquote", "a"}
_SAFE_SCHEMES = {"https", "http", "tg"}


def _sanitise(fragment: str) -> str:
    """Web HTML with only safe tags and links; all text escaped (nh3, the Rust ammonia)."""
    return nh3.clean(
        fragment,
        tags=_KEPT_TAGS,
        attributes={"a": {"href"}},
        url_schemes=_SAFE_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def telegram_to_html(text: str) -> Markup:
    """Telegram HTML (blank lines between paragraphs) as safe web HTML paragraphs."""
    to_plain_text(text)  # raises on markup Telegram would reject
    paragraphs = []
    for paragraph in text.split("\n\n"):
        if not paragraph.strip():
            continue
        paragraphs.append("<p>" + _sanitise(paragraph.strip()).replace("\n", "<br>\n") + "</p>")
    return Markup("\n".join(paragraphs))


_TAG = re.compile(r"(<[^>]*>)")
_SHOWN_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w])")


def with_figure_titles(page: Markup, numbers: Sequence[gates.Number]) -> Markup:
    """Each traced number gets a title: its source's own words (quote), else the figure's
    'what', so a clinician sees on hover what supports it. Only text between tags changes."""
    titles: dict[str, list[str]] = {}
    for number in numbers:
        for source, figure in number.candidates:
            title = f"{source.id}: {figure.quote or figure.what}"
            if title not in titles.setdefault(number.value.split()[0], []):
                titles[number.value.split()[0]].append(title)

    def mark(match: re.Match[str]) -> str:
        found = titles.get(match.group(1))
        if not found:
            return match.group(0)
        title = html.escape(" | ".join(found))
        return f'<span class="figure" title="{title}">{match.group(0)}</span>'

    parts = _TAG.split(str(page))
    return Markup("".join(
        part if part.startswith("<") else _SHOWN_NUMBER.sub(mark, part) for part in parts
    ))


def _limit_text(level: Level) -> str:
    fk, smog = LIMITS[level]
    parts = []
    if fk is not None:
        parts.append(f"FK ≤ {fk:g}")
    if smog is not None:
        parts.append(f"SMOG ≤ {smog:g}")
    return ", ".join(parts)


def _level_views(
    content: Content, renderer: Renderer, topic: Topic, grades: Mapping[tuple[str, Level], Grade]
) -> list[dict[str, Any]]:
    views = []
    for level in Level:
        patient = renderer.topic_body(topic, level, Reader.PATIENT)
        caregiver = renderer.topic_body(topic, level, Reader.CAREGIVER)
        grade = grades.get((topic.id, level))
        marked = "\n\n".join(
            renderer.topic_part(topic, level, Reader.PATIENT, part, cite=gates.marking_cite)
            for part in TOPIC_PARTS
        )
        numbers, _ = gates.trace(
            marked, content.sources, topic.sources, topic.population, content.not_figures
        )
        views.append({
            "label": content.ui.get(f"level_{level.value}", level.value.title()),
            "body": with_figure_titles(telegram_to_html(patient), numbers),
            "caregiver_body": telegram_to_html(caregiver) if caregiver != patient else "",
            "fk": f"{grade.fk:.1f}" if grade else "n/a",
            "smog": f"{grade.smog:.1f}" if grade else "n/a",
            "chars": grade.chars if grade else len(to_plain_text(patient)),
            "limit": _limit_text(level),
        })
    return views


def write_preview(content_dir: Path | None, out_dir: Path) -> list[Path]:
    """Write index.html, glossary.html and one page per topic into out_dir; return the paths."""
    content_dir = content_dir or default_content_dir()
    content = load_content(content_dir)
    renderer = Renderer(content)
    report = check_content(content_dir)
    grades = {(g.topic, g.level): g for g in report.grades}
    env = make_environment(content_dir / "templates" / "preview")
    out_dir.mkdir(parents=True, exist_ok=True)

    menu_first = [content.topics[t] for t in content.menu]
    others = sorted(
        (t for t in content.topics.values() if t.id not in content.menu),
        key=lambda t: (t.order, t.id),
    )
    topics = menu_first + others
    sources = sorted(content.sources.values(), key=lambda s: s.id)

    written: list[Path] = []

    def write(name: str, template: str, **values: Any) -> None:
        path = out_dir / name
        path.write_text(env.get_template(template).render(**values), encoding="utf-8")
        written.append(path)

    rows = []
    for topic in topics:
        row_grades = []
        for level in Level:
            grade = grades.get((topic.id, level))
            row_grades.append(
                f"{grade.fk:.1f} / {grade.smog:.1f} / {grade.chars}" if grade else "n/a"
            )
        rows.append({
            "href": f"{topic.id}.html", "title": topic.title, "in_menu": topic.id in content.menu,
            "review_status": topic.review_status,
            "review_label": content.review_statuses[topic.review_status],
            "last_reviewed": topic.last_reviewed.isoformat(), "grades": row_grades,
        })
    write(
        "index.html", "index.html.j2", page_title="her2bot: content for review",
        rows=rows, sources=sources, problems=[str(p) for p in report.problems],
        figures_traced=report.figures_traced,
        levels=[{"label": content.ui.get(f"level_{lv.value}", lv.value)} for lv in Level],
    )
    terms = sorted(content.glossary.values(), key=lambda t: t.term.lower())
    write(
        "glossary.html", "glossary.html.j2", page_title="Glossary",
        terms=[{
            "id": t.id, "term": t.term, "aliases": t.aliases,
            "meaning": telegram_to_html(t.meaning),
            "sources": [content.sources[s].title for s in t.sources],
        } for t in terms],
    )
    for topic in topics:
        write(
            f"{topic.id}.html", "topic.html.j2", page_title=topic.title, topic=topic,
            review_label=content.review_statuses[topic.review_status],
            gate=telegram_to_html(topic.gate) if topic.gate else "",
            levels=_level_views(content, renderer, topic, grades),
            as_of=topic.as_of_text,
            sources=[content.sources[i] for i in topic.sources],
            glossary=[content.glossary[g] for g in topic.glossary],
            related=[content.topics[r] for r in topic.related],
        )
    return written
