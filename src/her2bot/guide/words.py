"""The words that change with the reader: the guide is asked in the reader's own voice."""

from __future__ import annotations

from her2bot.vocabulary import Level, Reader

# A patient asks about "my" cancer; a caregiver about "their" cancer. Verbs that fit both
# "I" and "they" (have, need, can, will) let one sentence serve both readers.
_WORDS: dict[Reader, dict[str, str]] = {
    Reader.PATIENT: {
        "they": "I", "They": "I", "them": "me", "their": "my", "Their": "My", "person": "me",
    },
    Reader.CAREGIVER: {
        "they": "they", "They": "They", "them": "them", "their": "their", "Their": "Their",
        "person": "the person I care for",
    },
}


def reader_words(reader: Reader) -> dict[str, object]:
    return {**_WORDS[reader], "caregiver": reader is Reader.CAREGIVER}


def sample_values(reader: Reader, level: Level = Level.STANDARD) -> dict[str, object]:
    """Every variable a guide string may use, with stand-in values, for the load-time check."""
    return {
        **reader_words(reader),
        "level": level.value,
        "situation": "a general check-in",
        "who": "the patient",
        "date": "1 January 2026",
        "name": "",
        "page": 1,
        "pages": 2,
    }
