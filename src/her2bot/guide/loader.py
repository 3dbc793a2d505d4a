"""Load content/guide/ (questions and strings): YAML -> checked GuideContent.

Every mistake fails at load time with the file and the field named, the way the rest of
content/ does, so a clinician's edit can never break a guide in a chat.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined, Template, TemplateError

from her2bot.content import ContentError, default_content_dir
from her2bot.content.loader import read_yaml
from her2bot.content.templating import make_environment
from her2bot.guide.models import Group, GuideContent, Question
from her2bot.guide.words import reader_words, sample_values
from her2bot.telegram_html import HtmlError, to_plain_text
from her2bot.vocabulary import Level, Reader, Situation

QUESTIONS_FILE = "questions.yaml"
STRINGS_FILE = "strings.yaml"
# The guide is a short list to take along: enough to cover the ground, few enough to ask.
MIN_QUESTIONS = 12
MAX_QUESTIONS = 25
MAX_BUTTON_LABEL = 32

_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")

# Every string the code asks for; a missing one fails at load time.
REQUIRED_PLAIN = {
    "buttons": ("share", "again"),
    "share": ("text",),
    "pdf": (
        "title", "name_label", "prepared_by", "situation", "made_on", "appointment",
        "with_whom", "intro", "notes_title", "bring_title", "care_number", "page", "made_with",
    ),
    "receptors": ("title", "note", "corner"),
}
REQUIRED_HTML = (
    "ask_reader", "ask_situation", "title", "intro", "continued", "bring_title",
    "pdf_caption", "sent",
)
# Strings shown before a guide is built know only the reader and the level.
_STEP_HTML = frozenset({"ask_reader", "ask_situation"})
# The label of the "make my question list" button on the questions topic, in ui.yaml with the
# bot's other buttons.
GUIDE_BUTTON = "guide_button"


def _plain_environment() -> Environment:
    # The questions and PDF texts are plain text: nothing to escape for paper. The chat
    # escapes them when it puts them into HTML.
    return Environment(
        autoescape=False, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )


@cache
def default_guide_content() -> GuideContent:
    """The guide shipped with the package, loaded once per process."""
    return load_guide_content()


def load_guide_content(content_dir: Path | None = None) -> GuideContent:
    content_dir = content_dir or default_content_dir()
    guide_dir = content_dir / "guide"
    plain_env = _plain_environment()
    html_env = make_environment(content_dir / "templates")

    known_sources = _source_ids(content_dir / "sources.yaml")
    groups = _load_questions(guide_dir / QUESTIONS_FILE, plain_env, known_sources)
    strings = read_yaml(guide_dir / STRINGS_FILE)
    path = guide_dir / STRINGS_FILE

    plain: dict[str, Template] = {}
    for situation in Situation:
        entry = _mapping(strings, f"situations.{situation.value}", path)
        for key in ("button", "label"):
            plain[f"situations.{situation.value}.{key}"] = _compile(
                plain_env, entry.get(key), path, f"situations.{situation.value}.{key}"
            )
    for reader in Reader:
        entry = _mapping(strings, f"readers.{reader.value}", path)
        for key in ("button", "who"):
            plain[f"readers.{reader.value}.{key}"] = _compile(
                plain_env, entry.get(key), path, f"readers.{reader.value}.{key}"
            )
    for section, keys in REQUIRED_PLAIN.items():
        entries = _mapping(strings, section, path)
        for key in keys:
            plain[f"{section}.{key}"] = _compile(
                plain_env, entries.get(key), path, f"{section}.{key}"
            )
    html: dict[str, Template] = {}
    chat = _mapping(strings, "chat", path)
    for key in REQUIRED_HTML:
        html[key] = _compile(html_env, chat.get(key), path, f"chat.{key}", keep_lines=True)
    bring = tuple(
        _compile(plain_env, item, path, f"bring[{index}]")
        for index, item in enumerate(_list(strings, "bring", path))
    )
    if not bring:
        raise ContentError(f"{path.name}: bring: the list is empty")
    receptors = _mapping(strings, "receptors", path)
    columns = tuple(
        _text(c, path, f"receptors.columns[{i}]")
        for i, c in enumerate(_list(receptors, "columns", path))
    )
    rows = tuple(
        _text(r, path, f"receptors.rows[{i}]") for i, r in enumerate(_list(receptors, "rows", path))
    )
    if not columns or not rows:
        raise ContentError(f"{path.name}: receptors: columns and rows must not be empty")

    content = GuideContent(
        groups=groups,
        plain=plain,
        html=html,
        bring=bring,
        receptor_columns=columns,
        receptor_rows=rows,
        disclaimer=_disclaimer_from_ui(content_dir / "ui.yaml", html_env),
    )
    _check_rendering(content, path)
    _check_counts(content, guide_dir / QUESTIONS_FILE)
    return content


def _load_questions(
    path: Path, env: Environment, known_sources: frozenset[str]
) -> tuple[Group, ...]:
    doc = read_yaml(path)
    groups: list[Group] = []
    seen: dict[str, str] = {}
    for g_index, group_doc in enumerate(_list(doc, "groups", path)):
        where = f"groups[{g_index}]"
        if not isinstance(group_doc, Mapping):
            raise ContentError(f"{path.name}: {where}: expected a mapping")
        group_id = _id(group_doc, path, where)
        where = f"groups.{group_id}"
        cited = tuple(str(s) for s in _list(group_doc, "sources", path, where))
        if not cited:
            raise ContentError(f"{path.name}: {where}.sources: cite at least one source")
        for source_id in cited:
            if source_id not in known_sources:
                raise ContentError(
                    f"{path.name}: {where}.sources: no source '{source_id}' in sources.yaml"
                )
        questions = []
        for q_index, q_doc in enumerate(_list(group_doc, "questions", path, where)):
            q_where = f"{where}.questions[{q_index}]"
            if not isinstance(q_doc, Mapping):
                raise ContentError(f"{path.name}: {q_where}: expected a mapping")
            question = _load_question(q_doc, path, q_where, env)
            if question.id in seen:
                raise ContentError(
                    f"{path.name}: {q_where}.id: '{question.id}' is already used in "
                    f"{seen[question.id]}"
                )
            seen[question.id] = where
            questions.append(question)
        groups.append(Group(
            id=group_id,
            title=_text(group_doc.get("title"), path, f"{where}.title"),
            sources=cited,
            questions=tuple(questions),
        ))
    if not groups:
        raise ContentError(f"{path.name}: groups: no groups")
    return tuple(groups)


def _load_question(doc: Mapping[str, Any], path: Path, where: str, env: Environment) -> Question:
    question_id = _id(doc, path, where)
    where = where.rsplit(".", 1)[0] + f".{question_id}"
    situations = frozenset(_enum_list(doc, "situations", Situation, path, where, required=True))
    readers = frozenset(_enum_list(doc, "readers", Reader, path, where) or Reader)
    levels = frozenset(_enum_list(doc, "levels", Level, path, where) or Level)
    text_doc = _mapping(doc, "text", path, where)
    extra = sorted(set(map(str, text_doc)) - {level.value for level in levels})
    if extra:
        raise ContentError(
            f"{path.name}: {where}.text: text for {', '.join(extra)}, a level the question is "
            "not for (see its levels:)"
        )
    texts: dict[tuple[Level, Reader], str] = {}
    for level in levels:
        field = f"{where}.text.{level.value}"
        value = text_doc.get(level.value)
        for reader in readers:
            if isinstance(value, Mapping):
                source = value.get(reader.value)
                reader_field = f"{field}.{reader.value}"
            else:
                source, reader_field = value, field
            template = _compile(env, source, path, reader_field)
            texts[(level, reader)] = _render(template, path, reader_field, reader_words(reader))
    return Question(
        id=question_id, situations=situations, readers=readers, levels=levels, texts=texts
    )


def _check_rendering(content: GuideContent, path: Path) -> None:
    """Render every string for every reader and level, so a typo fails here, not in a chat."""
    for reader in Reader:
        for level in Level:
            values = sample_values(reader, level)
            step_values = {**reader_words(reader), "level": level.value}
            for key, template in content.plain.items():
                is_button = key.endswith(".button") or key.startswith("buttons.")
                outside_guide = is_button or key.startswith("share.")
                text = _render(template, path, key, step_values if outside_guide else values)
                if is_button and len(text) > MAX_BUTTON_LABEL:
                    raise ContentError(
                        f"{path.name}: {key}: longer than {MAX_BUTTON_LABEL} characters"
                    )
            for index, template in enumerate(content.bring):
                _render(template, path, f"bring[{index}]", values)
            for key, template in content.html.items():
                text = _render(
                    template, path, f"chat.{key}", step_values if key in _STEP_HTML else values,
                    keep_lines=True,
                )
                try:
                    to_plain_text(text)
                except HtmlError as exc:
                    raise ContentError(
                        f"{path.name}: chat.{key}: not valid Telegram HTML: {exc}"
                    ) from exc


def _check_counts(content: GuideContent, path: Path) -> None:
    for reader in Reader:
        for situation in Situation:
            for level in Level:
                count = sum(
                    len(qs) for _, qs in content.questions_for(reader, situation, level)
                )
                if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
                    raise ContentError(
                        f"{path.name}: {count} questions for {reader.value} / {situation.value} / "
                        f"{level.value}; a guide needs {MIN_QUESTIONS} to {MAX_QUESTIONS}"
                    )


def _disclaimer_from_ui(ui_file: Path, env: Environment) -> str:
    """The bot's disclaimer as plain text for the PDF; and a check of the guide's button there."""
    strings = _mapping(read_yaml(ui_file), "strings", ui_file)
    label = _text(strings.get(GUIDE_BUTTON), ui_file, f"strings.{GUIDE_BUTTON}")
    if len(label) > MAX_BUTTON_LABEL:
        raise ContentError(
            f"{ui_file.name}: strings.{GUIDE_BUTTON}: longer than {MAX_BUTTON_LABEL} characters"
        )
    template = _compile(env, strings.get("disclaimer"), ui_file, "strings.disclaimer")
    rendered = _render(template, ui_file, "strings.disclaimer", {})
    try:
        plain = to_plain_text(rendered)
    except HtmlError as exc:
        raise ContentError(f"{ui_file.name}: strings.disclaimer: {exc}") from exc
    return " ".join(plain.split())


def _source_ids(path: Path) -> frozenset[str]:
    ids = set()
    for index, item in enumerate(_list(read_yaml(path), "sources", path)):
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            raise ContentError(f"{path.name}: sources[{index}].id: expected an id")
        ids.add(item["id"])
    return frozenset(ids)


# --- small checked readers ------------------------------------------------------------------

def _field(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _lookup(doc: Mapping[str, Any], dotted: str) -> object:
    value: object = doc
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _mapping(
    doc: Mapping[str, Any], key: str, path: Path, where: str = ""
) -> Mapping[str, Any]:
    value = _lookup(doc, key)
    if not isinstance(value, Mapping):
        raise ContentError(f"{path.name}: {_field(where, key)}: expected a mapping")
    return value


def _list(doc: Mapping[str, Any], key: str, path: Path, where: str = "") -> list[Any]:
    value = doc.get(key)
    if not isinstance(value, list):
        raise ContentError(f"{path.name}: {_field(where, key)}: expected a list")
    return value


def _enum_list(
    doc: Mapping[str, Any],
    key: str,
    kind: type[Situation] | type[Reader] | type[Level],
    path: Path,
    where: str,
    *,
    required: bool = False,
) -> list[Any]:
    value = doc.get(key)
    if value is None and not required:
        return []
    allowed = [member.value for member in kind]
    if not isinstance(value, list) or not value:
        raise ContentError(
            f"{path.name}: {where}.{key}: expected a list of {', '.join(allowed)}"
        )
    members = []
    for item in value:
        if item not in allowed:
            raise ContentError(
                f"{path.name}: {where}.{key}: '{item}' is not one of {', '.join(allowed)}"
            )
        members.append(kind(item))
    return members


def _text(value: object, path: Path, field: str, *, keep: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{path.name}: {field}: expected non-empty text")
    return value.strip() if keep else " ".join(value.split())


def _id(doc: Mapping[str, Any], path: Path, where: str) -> str:
    value = doc.get("id")
    if not isinstance(value, str) or not _ID.match(value):
        raise ContentError(
            f"{path.name}: {where}.id: expected a short id of lowercase letters, digits and _"
        )
    return value


def _compile(
    env: Environment, value: object, path: Path, field: str, *, keep_lines: bool = False
) -> Template:
    # Plain texts flow into PDF paragraphs and buttons, so their line breaks are YAML's, not
    # the writer's; chat HTML keeps the writer's line breaks.
    text = _text(value, path, field) if not keep_lines else _text(value, path, field, keep=True)
    try:
        return env.from_string(text)
    except TemplateError as exc:
        raise ContentError(f"{path.name}: {field}: template error: {exc}") from exc


def _render(
    template: Template,
    path: Path,
    field: str,
    values: Mapping[str, object],
    *,
    keep_lines: bool = False,
) -> str:
    try:
        rendered = template.render(**values)
    except TemplateError as exc:
        raise ContentError(f"{path.name}: {field}: {exc}") from exc
    return rendered.strip() if keep_lines else " ".join(rendered.split())
