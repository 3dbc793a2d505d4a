"""The one error content can raise: its message names the file and the field, in one line."""

from __future__ import annotations


class ContentError(ValueError):
    """Content that cannot be served; the message names the file and the field."""
