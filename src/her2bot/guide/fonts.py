"""The printed guide's font: Roboto, installed from PyPI with the bot (package font-roboto,
Apache License 2.0), so any Latin, Greek, Cyrillic or Vietnamese name prints with no network.

Parsing the full fonts costs most of a PDF's time, so the first guide subsets them to the
characters a guide can hold and keeps the small copies in the user's cache folder; every later
guide loads those. Where the cache cannot be written, the full fonts are used: slower, same PDF.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from pathlib import Path

import font_roboto
from fontTools import subset
from fontTools.ttLib import TTFont
from platformdirs import user_cache_dir

# Latin (with the extended blocks Vietnamese and most European names need), Greek, Cyrillic,
# combining accents, punctuation, currency, arrows and the replacement character.
UNICODES = (
    "U+0000-024F,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,"
    "U+2100-218F,U+2190-21FF,U+2200-22FF,U+FFFD"
)
_STYLES = {"": "Roboto-Regular.ttf", "B": "Roboto-Bold.ttf"}
_VERSION = "2"  # bump when UNICODES changes, so old cached subsets are not reused


@functools.cache
def font_files() -> dict[str, Path]:
    """fpdf2 style ("" or "B") -> a TTF file to load."""
    source = Path(font_roboto.font_directory)
    originals = {style: source / name for style, name in _STYLES.items()}
    cache = Path(user_cache_dir("her2bot", appauthor=False)) / "fonts" / f"v{_VERSION}"
    try:
        return {style: _subset(path, cache) for style, path in originals.items()}
    except OSError:
        return originals


def _subset(original: Path, cache: Path) -> Path:
    target = cache / original.name
    if target.exists() and target.stat().st_mtime >= original.stat().st_mtime:
        return target
    cache.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern"]
    font = TTFont(str(original))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    # Write beside the target and rename: two processes making it at once both end up right.
    handle, temporary = tempfile.mkstemp(dir=cache, suffix=".ttf")
    os.close(handle)
    try:
        font.save(temporary)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return target
