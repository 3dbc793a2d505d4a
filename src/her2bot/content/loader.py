"""Load content/ at start-up: each file read once, YAML -> typed models (content/models.py),
every template compiled once in one Jinja2 environment; errors name file and field in one line.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from jinja2 import Environment, Template, TemplateError
from pydantic import BaseModel, ValidationError

from her2bot.content.errors import ContentError
from her2bot.content.models import (
    TOPIC_PARTS,
    CheckFile,
    Content,
    GlossaryFile,
    GlossaryTerm,
    Source,
    SourcesFile,
    Topic,
    TopicFile,
    TopicPart,
    UiFile,
)
from her2bot.content.templating import compile_text, make_environment
from her2bot.telegram_html import HtmlError, to_plain_text
from her2bot.vocabulary import Level, Reader

__all__ = [
    "ContentError", "default_content_dir", "load_content", "read_model", "read_yaml",
    "render_values",
]

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
    "disclaimer_caregiver", "in_short_heading", "what_you_can_do_heading", "group_hint",
})

# The commands the bot handles; their descriptions live in ui.yaml.
REQUIRED_COMMANDS = (
    "start", "menu", "help", "settings", "guide", "about", "privacy", "forget",
)

_M = TypeVar("_M", bound=BaseModel)
# libyaml's parser when PyYAML was built with it (the wheels are): the same safe subset of YAML,
# parsed in C, which is most of start-up's time otherwise (measured in benchmarks/README.md).
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def default_content_dir() -> Path:
    """content/ as installed inside the package, or the source tree's own content/."""
    packaged = Path(str(resources.files("her2bot"))) / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "content"


# --- reading one file -----------------------------------------------------------------------


def read_yaml(path: Path, name: str | None = None) -> Any:
    """A content file parsed (once); errors name the file as `name` (default: its name)."""
    name = name or path.name
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
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


def validate(doc: Any, model: type[_M], name: str) -> _M:
    """A parsed document as its model; the first error as 'file: field: problem'."""
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = field_name(doc, first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        # YAML reads a bare no/yes/on/off as true or false: say so when a word is a bool.
        hint = " (quote no, yes, on, off)" if isinstance(first.get("input"), bool) else ""
        raise ContentError(f"{name}: {field}: {message}{hint}") from exc


def read_model(path: Path, model: type[_M], name: str | None = None) -> _M:
    name = name or path.name
    return validate(read_yaml(path, name), model, name)


def field_name(doc: Any, loc: tuple[int | str, ...]) -> str:
    """"categories[fever].phrases" rather than "categories.0.phrases": items with an id are
    named by it, as a reviewer knows them."""
    name = ""
    for part in loc:
        if part == "[key]":  # pydantic's mark for a mapping key that is not allowed
            continue
        if isinstance(part, int) and isinstance(doc, list) and part < len(doc):
            doc = doc[part]
            ident = doc.get("id") if isinstance(doc, dict) else None
            name += f"[{ident}]" if isinstance(ident, str) else f"[{part}]"
        else:
            doc = doc.get(part) if isinstance(doc, dict) else None
            name += f".{part}" if name else str(part)
    return name or "top"


# --- the content library --------------------------------------------------------------------


def render_values(topic: Topic, reader: Reader) -> dict[str, Any]:
    """What a topic's text may use: reader, caregiver and (when the topic has it) as_of."""
    values: dict[str, Any] = {"reader": reader.value, "caregiver": reader is Reader.CAREGIVER}
    if topic.as_of_text:
        values["as_of"] = topic.as_of_text
    return values


def load_content(directory: Path | None = None) -> Content:
    """topics/, sources.yaml, glossary.yaml, ui.yaml and check.yaml: each read once."""
    directory = directory or default_content_dir()
    if not directory.is_dir():
        raise ContentError(f"{directory}: content folder not found")
    env = make_environment(directory / "templates")

    ui_doc = read_model(directory / "ui.yaml", UiFile)
    missing = sorted(REQUIRED_UI - ui_doc.strings.keys())
    if missing:
        raise ContentError(f"ui.yaml: strings missing: {', '.join(missing)}")
    ui_templates = {
        key: compile_template(env, value, "ui.yaml", f"strings.{key}")
        for key, value in ui_doc.strings.items()
    }
    for name in REQUIRED_COMMANDS:
        if name not in ui_doc.commands:
            raise ContentError(f"ui.yaml: commands: missing '{name}'")

    sources_doc = read_model(directory / "sources.yaml", SourcesFile)
    sources: dict[str, Source] = {}
    for source in sources_doc.sources:
        if source.id in sources:
            raise ContentError(f"sources.yaml: sources[{source.id}].id: used twice")
        sources[source.id] = source
    glossary = _glossary(read_model(directory / "glossary.yaml", GlossaryFile), sources)
    check_path = directory / "check.yaml"
    check = read_model(check_path, CheckFile) if check_path.is_file() else CheckFile()
    _check_populations(sources_doc, check)

    topics: dict[str, Topic] = {}
    topic_templates: dict[tuple[str, Level, TopicPart], Template] = {}
    topic_files = sorted((directory / "topics").glob("*.yaml"))
    if not topic_files:
        raise ContentError(f"{directory / 'topics'}: no topics")
    for path in topic_files:
        parsed = read_model(path, TopicFile)
        topic = Topic(**parsed.__dict__, file=path.name)
        if topic.id in topics:
            raise ContentError(f"{path.name}: id '{topic.id}' already used by "
                               f"{topics[topic.id].file}")
        _check_topic(topic, sources, ui_doc.review_statuses)
        if check.populations and topic.population not in check.populations:
            raise ContentError(f"{topic.file}: population: '{topic.population}' is not one of "
                               "check.yaml's populations")
        topic_templates.update(_compile_topic(env, topic))
        topics[topic.id] = topic
    for topic in topics.values():
        for related in topic.related:
            if related not in topics:
                raise ContentError(f"{topic.file}: related: no topic '{related}'")
        for term in topic.glossary:
            if term not in glossary:
                raise ContentError(f"{topic.file}: glossary: no term '{term}'")
    for topic_id in ui_doc.menu:
        if topic_id not in topics:
            raise ContentError(f"ui.yaml: menu: no topic '{topic_id}'")
    return Content(
        topics=topics, glossary=glossary, sources=sources, ui=dict(ui_doc.strings),
        review_statuses=dict(ui_doc.review_statuses), menu=tuple(ui_doc.menu),
        commands=tuple(ui_doc.commands.items()), not_figures=tuple(sources_doc.not_figures),
        check=check, env=env, ui_templates=ui_templates, topic_templates=topic_templates,
        directory=directory,
    )


def _check_populations(doc: SourcesFile, check: CheckFile) -> None:
    if not check.populations:
        return
    for source in doc.sources:
        for index, figure in enumerate(source.figures):
            if figure.population not in check.populations:
                raise ContentError(
                    f"sources.yaml: sources[{source.id}].figures[{index}].population: "
                    f"'{figure.population}' is not one of check.yaml's populations"
                )


def _glossary(doc: GlossaryFile, sources: Mapping[str, Source]) -> dict[str, GlossaryTerm]:
    terms: dict[str, GlossaryTerm] = {}
    for term in doc.terms:
        where = f"glossary.yaml: terms[{term.id}]"
        if term.id in terms:
            raise ContentError(f"{where}.id: used twice")
        check_html(term.meaning, f"{where}.meaning")
        for source_id in term.sources:
            if source_id not in sources:
                raise ContentError(f"{where}.sources: no source '{source_id}'")
        terms[term.id] = term
    return terms


def _check_topic(
    topic: Topic, sources: Mapping[str, Source], review_statuses: Mapping[str, str]
) -> None:
    for source_id in topic.sources:
        if source_id not in sources:
            raise ContentError(f"{topic.file}: sources: no source '{source_id}'")
    if topic.review_status not in review_statuses:
        raise ContentError(
            f"{topic.file}: review_status: '{topic.review_status}' is not one of "
            f"{sorted(review_statuses)}"
        )
    if topic.gate is not None:
        check_html(topic.gate, f"{topic.file}: gate")


def _compile_topic(env: Environment, topic: Topic) -> dict[tuple[str, Level, TopicPart], Template]:
    """Compile each part of each level once; render it for every reader to fail early."""
    compiled: dict[tuple[str, Level, TopicPart], Template] = {}
    for level in Level:
        for part in TOPIC_PARTS:
            field = f"levels.{level.value}.{part}"
            template = compile_template(env, getattr(topic.levels[level], part), topic.file, field)
            for reader in Reader:
                try:
                    rendered = template.render(**render_values(topic, reader))
                except TemplateError as exc:
                    raise ContentError(f"{topic.file}: {field}: {exc}") from exc
                for number, paragraph in enumerate(rendered.split("\n\n"), start=1):
                    check_html(paragraph, f"{topic.file}: {field} paragraph {number}")
            compiled[(topic.id, level, part)] = template
    return compiled


def compile_template(env: Environment, text: str, file: str, field: str) -> Template:
    try:
        return compile_text(env, text)
    except TemplateError as exc:
        raise ContentError(f"{file}: {field}: template error: {exc}") from exc


def check_html(text: str, where: str) -> None:
    """where: 'file: field'."""
    try:
        to_plain_text(text)
    except HtmlError as exc:
        raise ContentError(f"{where}: not valid Telegram HTML: {exc}") from exc
