"""Load content/ at start-up: YAML -> typed models, failing fast with file and field named."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateError

from her2bot.content.models import Content, GlossaryTerm, Source, Topic
from her2bot.content.templating import make_environment
from her2bot.levels import Level, Reader
from her2bot.telegram_html import HtmlError, to_plain_text

# Ids travel inside callback data (64 bytes in all), so they stay short and plain.
_ID = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
MAX_BUTTON_LABEL = 32

# Every UI string the code asks for. A missing one fails at start-up, not in a chat.
REQUIRED_UI = frozenset({
    "welcome", "welcome_back", "ask_reader", "ask_level", "reader_patient", "reader_caregiver",
    "level_simple", "level_standard", "level_detailed", "level_simple_hint",
    "level_standard_hint", "level_detailed_hint", "menu_title", "menu_button", "back_button",
    "simpler_button", "more_detail_button", "next_page_button", "previous_page_button",
    "sources_button", "glossary_button", "gate_yes_button", "gate_no_button", "settings_title",
    "settings_button", "settings_level_button", "settings_reader_button", "settings_saved",
    "about_button", "about", "help", "privacy", "forget_ask", "forget_yes_button",
    "forget_no_button", "forgotten", "forget_cancelled", "nothing_to_forget",
    "unknown_command", "non_text", "stale_notice", "error", "sources_title",
    "glossary_title", "glossary_index_title", "review_line", "page_counter", "disclaimer",
    "group_hint",
})


# The commands the bot handles; their descriptions live in ui.yaml.
REQUIRED_COMMANDS = (
    "start", "menu", "help", "settings", "guide", "about", "privacy", "forget",
)


class ContentError(ValueError):
    """Content that cannot be served; the message names the file and the field."""


def default_content_dir() -> Path:
    """content/ as installed inside the package, or the source tree's own content/."""
    packaged = Path(str(resources.files("her2bot"))) / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "content"


def load_content(directory: Path | None = None) -> Content:
    directory = directory or default_content_dir()
    if not directory.is_dir():
        raise ContentError(f"{directory}: content folder not found")
    env = make_environment(directory / "templates")

    ui_file = directory / "ui.yaml"
    ui_doc = read_yaml(ui_file)
    strings = _mapping(ui_doc, "strings", ui_file)
    ui = {str(k): _text(v, ui_file, f"strings.{k}") for k, v in strings.items()}
    missing = sorted(REQUIRED_UI - ui.keys())
    if missing:
        raise ContentError(f"{ui_file.name}: strings missing: {', '.join(missing)}")
    for key, value in ui.items():
        _compile(env, value, ui_file, f"strings.{key}")
    review_statuses = {
        str(k): _text(v, ui_file, f"review_statuses.{k}")
        for k, v in _mapping(ui_doc, "review_statuses", ui_file).items()
    }

    sources = _load_sources(directory / "sources.yaml")
    glossary = _load_glossary(directory / "glossary.yaml", sources)
    topics: dict[str, Topic] = {}
    topic_files = sorted((directory / "topics").glob("*.yaml"))
    if not topic_files:
        raise ContentError(f"{directory / 'topics'}: no topics")
    for path in topic_files:
        topic = _load_topic(path, env, sources, review_statuses)
        if topic.id in topics:
            first = topics[topic.id].file
            raise ContentError(f"{path.name}: id '{topic.id}' already used by {first}")
        topics[topic.id] = topic
    for topic in topics.values():
        for related in topic.related:
            if related not in topics:
                raise ContentError(f"{topic.file}: related: no topic '{related}'")
        for term in topic.glossary:
            if term not in glossary:
                raise ContentError(f"{topic.file}: glossary: no term '{term}'")

    menu = tuple(_list(ui_doc, "menu", ui_file))
    if not menu:
        raise ContentError(f"{ui_file.name}: menu: empty")
    for topic_id in menu:
        if topic_id not in topics:
            raise ContentError(f"{ui_file.name}: menu: no topic '{topic_id}'")
    commands = tuple(
        (str(name), _text(text, ui_file, f"commands.{name}"))
        for name, text in _mapping(ui_doc, "commands", ui_file).items()
    )
    for name in REQUIRED_COMMANDS:
        if name not in dict(commands):
            raise ContentError(f"{ui_file.name}: commands: missing '{name}'")
    return Content(
        topics=topics, glossary=glossary, sources=sources, ui=ui,
        review_statuses=review_statuses, menu=menu, commands=commands,
        templates=directory / "templates",
    )


def _load_sources(path: Path) -> dict[str, Source]:
    doc = read_yaml(path)
    sources: dict[str, Source] = {}
    for index, item in enumerate(_list(doc, "sources", path)):
        where = f"sources[{index}]"
        if not isinstance(item, Mapping):
            raise ContentError(f"{path.name}: {where}: expected a mapping")
        source_id = _id(item, path, where)
        figures = item.get("figures") or []
        if not isinstance(figures, list):
            raise ContentError(f"{path.name}: {where}.figures: expected a list")
        sources[source_id] = Source(
            id=source_id,
            title=_text(item.get("title"), path, f"{where}.title"),
            publisher=_text(item.get("publisher"), path, f"{where}.publisher"),
            year=_int(item.get("year"), path, f"{where}.year"),
            file=_text(item.get("file"), path, f"{where}.file"),
            note=str(item.get("note") or ""),
            primary_studies=tuple(str(s) for s in item.get("primary_studies") or []),
            figures=frozenset(
                str(f["value"] if isinstance(f, Mapping) else f) for f in figures
            ),
        )
    return sources


def _load_glossary(path: Path, sources: Mapping[str, Source]) -> dict[str, GlossaryTerm]:
    doc = read_yaml(path)
    terms: dict[str, GlossaryTerm] = {}
    for index, item in enumerate(_list(doc, "terms", path)):
        where = f"terms[{index}]"
        if not isinstance(item, Mapping):
            raise ContentError(f"{path.name}: {where}: expected a mapping")
        term_id = _id(item, path, where)
        meaning = _text(item.get("meaning"), path, f"{where}.meaning")
        _check_html(meaning, path, f"{where}.meaning")
        cited = tuple(str(s) for s in item.get("sources") or [])
        for source_id in cited:
            if source_id not in sources:
                raise ContentError(f"{path.name}: {where}.sources: no source '{source_id}'")
        terms[term_id] = GlossaryTerm(
            id=term_id,
            term=_text(item.get("term"), path, f"{where}.term"),
            aliases=tuple(str(a) for a in item.get("aliases") or []),
            meaning=meaning,
            sources=cited,
        )
    return terms


def _load_topic(
    path: Path, env: Any, sources: Mapping[str, Source], review_statuses: Mapping[str, str]
) -> Topic:
    doc = read_yaml(path)
    topic_id = _id(doc, path, "")
    button = _text(doc.get("button"), path, "button")
    if len(button) > MAX_BUTTON_LABEL:
        raise ContentError(f"{path.name}: button: longer than {MAX_BUTTON_LABEL} characters")
    levels_doc = _mapping(doc, "levels", path)
    levels: dict[Level, str] = {}
    for level in Level:
        text = _text(levels_doc.get(level.value), path, f"levels.{level.value}")
        template = _compile(env, text, path, f"levels.{level.value}")
        for reader in Reader:
            try:
                caregiver = reader is Reader.CAREGIVER
                rendered = template.render(reader=reader.value, caregiver=caregiver)
            except TemplateError as exc:
                raise ContentError(f"{path.name}: levels.{level.value}: {exc}") from exc
            for number, paragraph in enumerate(rendered.split("\n\n"), start=1):
                _check_html(paragraph, path, f"levels.{level.value} paragraph {number}")
        levels[level] = text
    cited = tuple(str(s) for s in _list(doc, "sources", path))
    if not cited:
        raise ContentError(f"{path.name}: sources: a topic cites at least one source")
    for source_id in cited:
        if source_id not in sources:
            raise ContentError(f"{path.name}: sources: no source '{source_id}'")
    status = _text(doc.get("review_status"), path, "review_status")
    if status not in review_statuses:
        raise ContentError(
            f"{path.name}: review_status: '{status}' is not one of {sorted(review_statuses)}"
        )
    reviewed = doc.get("last_reviewed")
    if not isinstance(reviewed, date):
        raise ContentError(f"{path.name}: last_reviewed: expected a date like 2026-11-23")
    gate = doc.get("gate")
    if gate is not None:
        gate = _text(gate, path, "gate")
        _check_html(gate, path, "gate")
    links = _links(doc.get("links"), path)
    return Topic(
        id=topic_id,
        title=_text(doc.get("title"), path, "title"),
        button=button,
        summary=_text(doc.get("summary"), path, "summary"),
        in_menu=bool(doc.get("in_menu", True)),
        order=_int(doc.get("order", 100), path, "order"),
        related=tuple(str(r) for r in doc.get("related") or []),
        sources=cited,
        glossary=tuple(str(g) for g in doc.get("glossary") or []),
        last_reviewed=reviewed,
        review_status=status,
        gate=gate,
        levels=levels,
        file=path.name,
        links=links,
    )


def _links(raw: Any, path: Path) -> tuple[tuple[str, str], ...]:
    """`links: [{label, url}]`: URL buttons. Telegram buttons open only http(s):// and tg://."""
    links: list[tuple[str, str]] = []
    for number, item in enumerate(raw or [], start=1):
        where = f"links[{number}]"
        if not isinstance(item, Mapping) or set(item) != {"label", "url"}:
            raise ContentError(f"{path.name}: {where}: expected {{label, url}}")
        label, url = str(item["label"]).strip(), str(item["url"]).strip()
        if not label or len(label) > 64:
            raise ContentError(f"{path.name}: {where}: label must be 1-64 characters")
        if not re.fullmatch(r"(https://|tg://)\S+", url):
            raise ContentError(
                f"{path.name}: {where}: url must start with https:// or tg:// (Telegram buttons "
                "cannot open tel: links; put the phone number in the text)"
            )
        links.append((label, url))
    return tuple(links)


def read_yaml(path: Path, name: str | None = None) -> Mapping[str, Any]:
    """A content file's top-level mapping; errors name the file as `name` (default: its name)."""
    name = name or path.name
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"{name}: file not found") from exc
    except yaml.YAMLError as exc:
        # One line, with the place: the bot stops on this, and a terminal shows it whole.
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise ContentError(f"{name}: not valid YAML{where}: {problem}") from exc
    if not isinstance(doc, Mapping):
        raise ContentError(f"{name}: expected a mapping at the top")
    return doc


def _mapping(doc: Mapping[str, Any], key: str, path: Path) -> Mapping[str, Any]:
    value = doc.get(key)
    if not isinstance(value, Mapping):
        raise ContentError(f"{path.name}: {key}: expected a mapping")
    return value


def _list(doc: Mapping[str, Any], key: str, path: Path) -> list[Any]:
    value = doc.get(key)
    if not isinstance(value, list):
        raise ContentError(f"{path.name}: {key}: expected a list")
    return value


def _text(value: object, path: Path, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{path.name}: {field}: expected non-empty text")
    return value.strip()


def _int(value: object, path: Path, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ContentError(f"{path.name}: {field}: expected a whole number")
    return value


def _id(doc: Mapping[str, Any], path: Path, where: str) -> str:
    value = doc.get("id")
    field = f"{where}.id" if where else "id"
    if not isinstance(value, str) or not _ID.match(value):
        raise ContentError(
            f"{path.name}: {field}: expected a short id of lowercase letters, digits and _"
        )
    return value


def _compile(env: Any, text: str, path: Path, field: str) -> Any:
    try:
        return env.from_string(text)
    except TemplateError as exc:
        raise ContentError(f"{path.name}: {field}: template error: {exc}") from exc


def _check_html(text: str, path: Path, field: str) -> None:
    try:
        to_plain_text(text)
    except HtmlError as exc:
        raise ContentError(f"{path.name}: {field}: not valid Telegram HTML: {exc}") from exc
