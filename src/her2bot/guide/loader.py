"""Load content/guide/ (questions and strings): YAML -> checked GuideContent.

The files are validated by their models in content/models.py (QuestionsFile, StringsFile) and
compiled in the content's one Jinja2 environment; what they refer to (sources, the disclaimer,
the guide's button in ui.yaml) comes from the already loaded Content, so nothing is read twice.
Every mistake fails at load time with the file and the field named.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateError

from her2bot.content import Content, ContentError, load_content
from her2bot.content.loader import check_html, read_model
from her2bot.content.models import Question as QuestionDoc
from her2bot.content.models import QuestionsFile, StringsFile
from her2bot.content.templating import compile_text, plain_template
from her2bot.guide.models import Group, GuideContent, Question
from her2bot.guide.words import reader_words, sample_values
from her2bot.telegram_html import to_plain_text
from her2bot.vocabulary import Level, Reader, Situation

QUESTIONS_FILE = "questions.yaml"
STRINGS_FILE = "strings.yaml"
# The guide is a short list to take along: enough to cover the ground, few enough to ask.
MIN_QUESTIONS = 12
MAX_QUESTIONS = 25
MAX_BUTTON_LABEL = 32

# Every string the code asks for; a missing one fails at load time.
REQUIRED_PLAIN = {
    "buttons": ("share", "again"),
    "share": ("text",),
    "pdf": (
        "title", "name_label", "prepared_by", "situation", "made_on", "appointment",
        "with_whom", "intro", "notes_title", "bring_title", "care_number", "page", "made_with",
    ),
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


@cache
def default_guide_content() -> GuideContent:
    """The guide shipped with the package, loaded once per process."""
    return load_guide_content()


def load_guide_content(
    content_dir: Path | None = None, content: Content | None = None
) -> GuideContent:
    """The guide of a content folder; pass the loaded `content` to read only guide/."""
    content = content or load_content(content_dir)
    guide_dir = content.directory / "guide"
    questions_doc = read_model(guide_dir / QUESTIONS_FILE, QuestionsFile)
    strings = read_model(guide_dir / STRINGS_FILE, StringsFile)
    groups = _groups(questions_doc, content)
    file = STRINGS_FILE

    plain: dict[str, Template] = {}
    # The words of each situation and reader: its button, and its label or who it is.
    named: tuple[tuple[str, Mapping[str, Any], tuple[str, ...]], ...] = (
        ("situations", {s.value: strings.situations.get(s) for s in Situation},
         ("button", "label")),
        ("readers", {r.value: strings.readers.get(r) for r in Reader}, ("button", "who")),
    )
    for group, found, names in named:
        for value, words in found.items():
            if words is None:
                raise ContentError(f"{file}: {group}.{value}: expected a mapping")
            for name in names:
                key = f"{group}.{value}.{name}"
                plain[key] = _plain(content, getattr(words, name), file, key)
    sections: Mapping[str, Mapping[str, str]] = {
        "buttons": strings.buttons, "share": strings.share, "pdf": strings.pdf,
        "receptors": {
            "title": strings.receptors.title, "note": strings.receptors.note,
            "corner": strings.receptors.corner,
        },
    }
    for section, keys in {**REQUIRED_PLAIN, "receptors": ("title", "note", "corner")}.items():
        for key in keys:
            text = sections[section].get(key)
            if not text:
                raise ContentError(f"{file}: {section}.{key}: expected non-empty text")
            plain[f"{section}.{key}"] = _plain(content, text, file, f"{section}.{key}")
    html: dict[str, Template] = {}
    for key in REQUIRED_HTML:
        text = strings.chat.get(key)
        if not text:
            raise ContentError(f"{file}: chat.{key}: expected non-empty text")
        html[key] = _compile(content, text, file, f"chat.{key}")
    bring = tuple(
        _plain(content, item, file, f"bring[{index}]") for index, item in enumerate(strings.bring)
    )
    guide = GuideContent(
        groups=groups,
        plain=plain,
        html=html,
        bring=bring,
        receptor_columns=strings.receptors.columns,
        receptor_rows=strings.receptors.rows,
        disclaimers=_disclaimers(content),
    )
    _check_rendering(guide)
    _check_counts(guide)
    return guide


def _groups(doc: QuestionsFile, content: Content) -> tuple[Group, ...]:
    groups: list[Group] = []
    seen: dict[str, str] = {}
    for group in doc.groups:
        where = f"groups[{group.id}]"
        for source_id in group.sources:
            if source_id not in content.sources:
                raise ContentError(
                    f"{QUESTIONS_FILE}: {where}.sources: no source '{source_id}' in sources.yaml"
                )
        questions = []
        for question_doc in group.questions:
            q_where = f"{where}.questions[{question_doc.id}]"
            if question_doc.id in seen:
                raise ContentError(
                    f"{QUESTIONS_FILE}: {q_where}.id: '{question_doc.id}' is already used in "
                    f"{seen[question_doc.id]}"
                )
            seen[question_doc.id] = where
            questions.append(_question(question_doc, q_where, content))
        groups.append(Group(
            id=group.id, title=group.title, sources=group.sources, questions=tuple(questions),
        ))
    return tuple(groups)


def _question(doc: QuestionDoc, where: str, content: Content) -> Question:
    readers = frozenset(doc.readers or Reader)
    levels = frozenset(doc.levels or Level)
    extra = sorted(level.value for level in doc.text if level not in levels)
    if extra:
        raise ContentError(
            f"{QUESTIONS_FILE}: {where}.text: text for {', '.join(extra)}, a level the question "
            "is not for (see its levels:)"
        )
    texts: dict[tuple[Level, Reader], str] = {}
    for level in levels:
        field = f"{where}.text.{level.value}"
        value = doc.text.get(level)
        if value is None:
            raise ContentError(f"{QUESTIONS_FILE}: {field}: expected non-empty text")
        for reader in readers:
            source, reader_field = (
                (value.get(reader), f"{field}.{reader.value}") if isinstance(value, dict)
                else (value, field)
            )
            if not source or not source.strip():
                raise ContentError(f"{QUESTIONS_FILE}: {reader_field}: expected non-empty text")
            template = _plain(content, source, QUESTIONS_FILE, reader_field)
            texts[(level, reader)] = _render(
                template, QUESTIONS_FILE, reader_field, reader_words(reader)
            )
    return Question(
        id=doc.id, situations=frozenset(doc.situations), readers=readers, levels=levels,
        texts=texts,
    )


def _check_rendering(content: GuideContent) -> None:
    """Render every string for every reader and level, so a typo fails here, not in a chat."""
    for reader in Reader:
        for level in Level:
            values = sample_values(reader, level)
            step_values = {**reader_words(reader), "level": level.value}
            for key, template in content.plain.items():
                is_button = key.endswith(".button") or key.startswith("buttons.")
                outside_guide = is_button or key.startswith("share.")
                text = _render(template, STRINGS_FILE, key,
                               step_values if outside_guide else values)
                if is_button and len(text) > MAX_BUTTON_LABEL:
                    raise ContentError(
                        f"{STRINGS_FILE}: {key}: longer than {MAX_BUTTON_LABEL} characters"
                    )
            for index, template in enumerate(content.bring):
                _render(template, STRINGS_FILE, f"bring[{index}]", values)
            for key, template in content.html.items():
                text = _render(
                    template, STRINGS_FILE, f"chat.{key}",
                    step_values if key in _STEP_HTML else values, keep_lines=True,
                )
                check_html(text, f"{STRINGS_FILE}: chat.{key}")


def _check_counts(content: GuideContent) -> None:
    for reader in Reader:
        for situation in Situation:
            for level in Level:
                count = sum(
                    len(qs) for _, qs in content.questions_for(reader, situation, level)
                )
                if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
                    raise ContentError(
                        f"{QUESTIONS_FILE}: {count} questions for {reader.value} / "
                        f"{situation.value} / {level.value}; a guide needs {MIN_QUESTIONS} to "
                        f"{MAX_QUESTIONS}"
                    )


def _disclaimers(content: Content) -> dict[Reader, str]:
    """The bot's disclaimer for each reader as plain text for the PDF; and a check of the
    guide's button."""
    label = content.ui.get(GUIDE_BUTTON)
    if not label:
        raise ContentError(f"ui.yaml: strings.{GUIDE_BUTTON}: expected non-empty text")
    if len(label) > MAX_BUTTON_LABEL:
        raise ContentError(
            f"ui.yaml: strings.{GUIDE_BUTTON}: longer than {MAX_BUTTON_LABEL} characters"
        )
    keys = {Reader.PATIENT: "disclaimer", Reader.CAREGIVER: "disclaimer_caregiver"}
    return {
        reader: " ".join(to_plain_text(
            _render(content.ui_templates[key], "ui.yaml", f"strings.{key}", {})
        ).split())
        for reader, key in keys.items()
    }


def _plain(content: Content, text: str, file: str, field: str) -> Template:
    # Plain texts flow into PDF paragraphs and buttons, so their line breaks are YAML's, not
    # the writer's: folded to single spaces.
    try:
        return plain_template(content.env, " ".join(text.split()))
    except TemplateError as exc:
        raise ContentError(f"{file}: {field}: template error: {exc}") from exc


def _compile(content: Content, text: str, file: str, field: str) -> Template:
    # Chat HTML keeps the writer's line breaks.
    try:
        return compile_text(content.env, text.strip())
    except TemplateError as exc:
        raise ContentError(f"{file}: {field}: template error: {exc}") from exc


def _render(
    template: Template,
    file: str,
    field: str,
    values: Mapping[str, object],
    *,
    keep_lines: bool = False,
) -> str:
    try:
        rendered = template.render(**values)
    except TemplateError as exc:
        raise ContentError(f"{file}: {field}: {exc}") from exc
    return rendered.strip() if keep_lines else " ".join(rendered.split())
