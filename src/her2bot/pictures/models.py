"""content/pictures.yaml as typed, validated data: which figures become icon arrays.

Every number a picture shows must be a figure of its source (as for topic texts), and the
picture belongs to a topic that cites that source. Errors name the file and the field.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from her2bot.content.models import Source, Topic

FILE_NAME = "pictures.yaml"
_ID = r"^[a-z][a-z0-9_]{0,23}$"


class PictureError(ValueError):
    """pictures.yaml cannot be used; the message names the file and the field."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Group(_Frozen):
    """One array of 100 people: who they are, and how many of them are counted."""

    label: str = Field(min_length=1, max_length=48)
    value: str

    @field_validator("value")
    @classmethod
    def _whole_number_of_100(cls, value: str) -> str:
        if not re.fullmatch(r"\d{1,3}", value) or not 0 <= int(value) <= 100:
            raise ValueError("must be a whole number from 0 to 100, written as in the source")
        return value

    @property
    def count(self) -> int:
        return int(self.value)


class Picture(_Frozen):
    id: str = Field(pattern=_ID)
    topic: str = Field(pattern=_ID)
    source: str
    title: str = Field(min_length=1, max_length=60)
    time_frame: str = Field(min_length=1, max_length=40)
    counted: str = Field(min_length=1, max_length=40)
    counted_plain: str = Field(min_length=1, max_length=80)
    groups: tuple[Group, ...] = Field(min_length=1, max_length=2)

    @property
    def cache_key(self) -> str:
        """Changes whenever anything drawn changes, so an old upload is never reused."""
        digest = hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]
        return f"picture:{self.id}:{digest}"


class PictureStrings(_Frozen):
    number: str
    legend: str
    caption_group: str
    caption_layout: str
    layout_one: str
    layout_two: str
    caption_note: str
    caption_source: str


class PictureFile(_Frozen):
    strings: PictureStrings
    pictures: tuple[Picture, ...]


@dataclass(frozen=True)
class Pictures:
    strings: PictureStrings
    by_id: Mapping[str, Picture]
    source_lines: Mapping[str, str]  # picture id -> "Source: ..." for the caption

    @classmethod
    def none(cls) -> Pictures:
        """No pictures (content without pictures.yaml)."""
        return cls(strings=_EMPTY.strings, by_id={}, source_lines={})

    def for_topic(self, topic_id: str) -> tuple[Picture, ...]:
        return tuple(p for p in self.by_id.values() if p.topic == topic_id)


def load_pictures(
    directory: Path,
    topics: Mapping[str, Topic],
    sources: Mapping[str, Source],
    optin_topic: str = "outlook",
) -> Pictures:
    """Read and check content/pictures.yaml; a missing file means no pictures.

    Like a topic's text: every value is a figure of the picture's source, cited by its topic;
    a survival figure may be drawn only in the opt-in topic (check.yaml `optin_topic`)."""
    path = directory / FILE_NAME
    if not path.exists():
        return Pictures.none()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        parsed = PictureFile.model_validate(raw)
    except yaml.YAMLError as exc:
        raise PictureError(f"{path.name}: not valid YAML: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise PictureError(f"{path.name}: {where}: {first['msg']}") from exc
    by_id: dict[str, Picture] = {}
    lines: dict[str, str] = {}
    for picture in parsed.pictures:
        where = f"{path.name}: pictures.{picture.id}"
        if picture.id in by_id:
            raise PictureError(f"{where}: id used twice")
        topic = topics.get(picture.topic)
        if topic is None:
            raise PictureError(f"{where}: topic: no topic '{picture.topic}'")
        source = sources.get(picture.source)
        if source is None:
            raise PictureError(f"{where}: source: no source '{picture.source}'")
        if picture.source not in topic.sources:
            raise PictureError(f"{where}: source: topic '{picture.topic}' does not cite it")
        for group in picture.groups:
            matched = [f for f in source.figures if f.value == group.value]
            if not matched:
                raise PictureError(
                    f"{where}: value {group.value}: not a figure of source {picture.source}"
                )
            if any(f.survival for f in matched) and picture.topic != optin_topic:
                raise PictureError(
                    f"{where}: value {group.value}: a survival figure, drawn only in "
                    f"'{optin_topic}' (behind its opt-in)"
                )
        by_id[picture.id] = picture
        lines[picture.id] = parsed.strings.caption_source.format(
            source=f"{source.publisher}, {source.title}"
        )
    return Pictures(strings=parsed.strings, by_id=by_id, source_lines=lines)


_EMPTY = PictureFile(
    strings=PictureStrings(
        number="{value} in 100", legend="", caption_group="", caption_layout="", layout_one="",
        layout_two="", caption_note="", caption_source="",
    ),
    pictures=(),
)
