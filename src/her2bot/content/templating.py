"""The one Jinja2 environment: autoescaped, strict, whitespace-tidy."""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup


def cite(source_id: str, population: str | None = None) -> Markup:
    """`{{ cite("s101") }}` marks the sentence it sits in for the content check; readers see
    nothing. The check renders with its own `cite` that leaves a marker."""
    return Markup("")


def make_environment(templates: Path) -> Environment:
    # autoescape: every variable (a name, a search phrase) is escaped for Telegram HTML;
    # StrictUndefined: a misspelt variable fails the content check instead of vanishing.
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["cite"] = cite
    return env


# Each distinct text is compiled once per environment: the guide repeats one question's text
# for several levels and readers, and compiling is most of start-up's time.
_COMPILED: WeakKeyDictionary[Environment, dict[str, Template]] = WeakKeyDictionary()


def compile_text(env: Environment, text: str) -> Template:
    """A template from text, compiled once per environment (raises jinja2.TemplateError)."""
    cache = _COMPILED.setdefault(env, {})
    template = cache.get(text)
    if template is None:
        template = cache[text] = env.from_string(text)
    return template


def plain_template(env: Environment, text: str) -> Template:
    """A plain-text template (PDF, button labels) in the same environment, not escaped."""
    return compile_text(env, "{% autoescape false %}" + text + "{% endautoescape %}")
