"""The JSON Schema of every content file, generated from the models, published in content/schema/.

Editors that speak YAML language server get completion and checks from it: put
`# yaml-language-server: $schema=../schema/topic.schema.json` at the top of a topic (see
content/README.md). Regenerate after changing a model:

    her2bot content schema            (or: python -m her2bot.authoring.schema)

tests/test_library.py fails when the committed files differ from what the models generate.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from her2bot.content.loader import default_content_dir
from her2bot.content.models import (
    CheckFile,
    GlossaryFile,
    QuestionsFile,
    SourcesFile,
    StringsFile,
    TopicFile,
    UiFile,
)
from her2bot.safety_content import (
    CrisisLinesFile,
    LanguagesFile,
    PersonalFile,
    SearchFile,
    SmallTalkFile,
    Synonyms,
    UrgentFile,
)

# schema file name -> (the content file(s) it describes, model)
SCHEMAS: dict[str, tuple[str, type[BaseModel]]] = {
    "sources": ("sources.yaml", SourcesFile),
    "topic": ("topics/*.yaml", TopicFile),
    "glossary": ("glossary.yaml", GlossaryFile),
    "ui": ("ui.yaml", UiFile),
    "check": ("check.yaml", CheckFile),
    "guide_questions": ("guide/questions.yaml", QuestionsFile),
    "guide_strings": ("guide/strings.yaml", StringsFile),
    "safety_urgent": ("safety/urgent.yaml", UrgentFile),
    "safety_crisis_lines": ("safety/crisis_lines.yaml", CrisisLinesFile),
    "safety_personal": ("safety/personal.yaml", PersonalFile),
    "safety_search": ("safety/search.yaml", SearchFile),
    "safety_smalltalk": ("safety/smalltalk.yaml", SmallTalkFile),
    "safety_languages": ("safety/languages.yaml", LanguagesFile),
    "safety_synonyms": ("safety/synonyms.yaml", Synonyms),
}


def generate() -> dict[str, str]:
    """file name -> JSON text, as written to content/schema/."""
    files = {}
    for name, (described, model) in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$comment": f"her2bot content/{described}. Generated from the models: "
                        "run `her2bot content schema`; do not edit.",
            **schema,
        }
        files[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return files


def write_schemas(out_dir: Path | None = None) -> list[Path]:
    out_dir = out_dir or default_content_dir() / "schema"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    paths = write_schemas(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(f"wrote {len(paths)} schema files")
