"""`her2bot content preview --out DIR`: static HTML pages for clinicians to review the content.

One page per topic with its three levels side by side (as the person with cancer reads them,
with the caregiver wording where it differs), its sources, primary studies and figures, the
measured reading grades, review status and last-reviewed date; an index; and the glossary.
The pages are self-contained (inline CSS, no scripts), so they open from a folder or an email.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nh3
import yaml
from markupsafe import Markup

from her2bot.authoring.check import LIMITS, Grade, check_content
from her2bot.content.loader import default_content_dir, load_content
from her2bot.content.models import Content, Topic
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


def _figures_by_source(content_dir: Path) -> dict[str, list[dict[str, str]]]:
    """Figures with their explanation ('what'), which the loaded models do not keep."""
    doc: Mapping[str, Any] = yaml.safe_load(
        (content_dir / "sources.yaml").read_text(encoding="utf-8")
    ) or {}
    result: dict[str, list[dict[str, str]]] = {}
    for source in doc.get("sources") or []:
        result[str(source.get("id"))] = [
            {"value": str(f.get("value")), "what": str(f.get("what", ""))}
            for f in source.get("figures") or []
            if isinstance(f, Mapping)
        ]
    return result


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
        views.append({
            "label": content.ui.get(f"level_{level.value}", level.value.title()),
            "body": telegram_to_html(patient),
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
    figures = _figures_by_source(content_dir)
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
            sources=[{
                "title": s.title, "publisher": s.publisher, "year": s.year, "file": s.file,
                "note": s.note, "primary_studies": s.primary_studies,
                "figures": figures.get(s.id, []),
            } for s in (content.sources[i] for i in topic.sources)],
            glossary=[content.glossary[g] for g in topic.glossary],
            related=[content.topics[r] for r in topic.related],
        )
    return written
