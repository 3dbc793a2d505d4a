"""A secret key kept in a file: made once, readable only by its owner, never half-written.

The key is written whole to a private temporary file (mode 0600, from `tempfile.mkstemp`) in
the same folder, flushed to disk, then linked into place with `os.link`, which fails when the
file already exists. So two processes starting together agree on one key, and neither can read
a file the other has only begun to write.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

KEY_BYTES = 32


class KeyFileError(ValueError):
    """The key file exists but cannot be a key (empty or too short)."""


def load_or_create(path: Path, size: int = KEY_BYTES) -> bytes:
    """The key in `path`, made (random, `size` bytes) if the file does not exist yet."""
    try:
        return _read(path, size)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(size)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:  # another process made it first: use theirs
            return _read(path, size)
    finally:
        os.unlink(temporary)
    return key


def _read(path: Path, size: int) -> bytes:
    key = path.read_bytes()
    if len(key) < size:
        raise KeyFileError(f"{path}: holds {len(key)} bytes, not a key of {size}; remove it")
    return key
