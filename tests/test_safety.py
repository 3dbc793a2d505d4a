"""The urgent-symptom check: reading typed text, typos, negation, replies, broken content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from her2bot.config import DEFAULT_EMERGENCY_NUMBER
from her2bot.content import ContentError, default_content_dir
from her2bot.phrases import Phrase, Vocabulary, clauses, edit_distance
from her2bot.safety import Alert, AlertKind, SafetyNet
from her2bot.telegram_html import to_plain_text


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return SafetyNet.load(default_content_dir())


def kind(net: SafetyNet, text: str) -> AlertKind | None:
    alert = net.check(text)
    return alert.kind if alert else None


@pytest.mark.parametrize("text", [
    "MY MOM CAN’T BREATHE",          # capitals, curly apostrophe
    "my mom cannot breathe",
    "my mom is unable to breathe",
    "my mom cant breeeeathe",         # repeated letters
    "my mom cant breth",              # a slip
    "she has a fiévér",               # accents do not hide the word
    "fevr 38.5",
    "chest pian",                     # swapped letters
    "she has the chills",
])
def test_typed_text_is_read_the_way_it_is_meant(net: SafetyNet, text: str) -> None:
    assert kind(net, text) is AlertKind.MEDICAL


@pytest.mark.parametrize("text", [
    "I never get fewer side effects",   # "never" and "fewer" are words, not typos of fever
    "what does chest wall radiation mean",
    "herceptin heart",
    "I'm confused about my results",
    "can you chill out about the numbers",
])
def test_ordinary_text_is_not_an_alarm(net: SafetyNet, text: str) -> None:
    assert net.check(text) is None


def test_a_plain_negation_cancels_a_symptom(net: SafetyNet) -> None:
    assert net.check("no fever, just tired") is None
    assert net.check("she doesn't have a fever") is None
    assert net.check("he is not having trouble breathing") is None


def test_a_negation_is_not_trusted_when_things_changed(net: SafetyNet) -> None:
    assert kind(net, "no fever yesterday but now 39") is AlertKind.MEDICAL
    assert kind(net, "didn't have a fever, it started an hour ago") is AlertKind.MEDICAL
    # The symptom itself can hold a negation: that is the symptom, not a cancellation.
    assert kind(net, "she is not breathing") is AlertKind.MEDICAL


def test_negation_never_cancels_thoughts_of_self_harm(net: SafetyNet) -> None:
    assert kind(net, "I don't want to live anymore") is AlertKind.SELF_HARM
    assert kind(net, "no reason to go on") is AlertKind.SELF_HARM


def test_self_harm_wins_over_a_medical_symptom(net: SafetyNet) -> None:
    alert = net.check("I have a fever and I want to die")
    assert alert is not None
    assert alert.kind is AlertKind.SELF_HARM
    assert set(alert.categories) == {"fever", "self_harm"}


def test_urgent_reply_names_the_configured_number_or_a_plain_default(net: SafetyNet) -> None:
    alert = Alert(AlertKind.MEDICAL, ("breathing",))
    assert "<b>911</b>" in net.reply(alert, "911")
    default = net.reply(alert, "")
    assert DEFAULT_EMERGENCY_NUMBER in default
    assert "24-hour" in to_plain_text(default)


def test_urgent_reply_is_escaped_valid_telegram_html(net: SafetyNet) -> None:
    text = net.reply(Alert(AlertKind.MEDICAL, ()), "<script>")
    assert "&lt;script&gt;" in text
    to_plain_text(text)


def test_self_harm_reply_lists_every_crisis_line(net: SafetyNet) -> None:
    text = to_plain_text(net.reply(Alert(AlertKind.SELF_HARM, ()), "112", caregiver=True))
    assert net.crisis_lines
    for line in net.crisis_lines:
        assert line.region in text
        assert to_plain_text(line.how) in text
    assert "112" in text


def test_phrase_syntax_gaps_word_starts_and_alternatives() -> None:
    vocabulary = Vocabulary(rewrites={("can", "not"): ("cant",)})
    phrase = Phrase.compile("pain ... (chest|left arm) bleed*", vocabulary)
    assert phrase.find(("pain", "in", "my", "chest", "bleeding"), frozenset()) == (0, 5)
    assert phrase.find(("pain", "in", "my", "left", "arm", "bleeds"), frozenset()) == (0, 6)
    # Four words in between is too far.
    assert phrase.find(("pain", "a", "b", "c", "d", "chest", "bleed"), frozenset()) is None
    # Phrases are rewritten like text: "can not" in a list meets "cannot" typed.
    rewritten = Phrase.compile("can not breathe", vocabulary)
    assert rewritten.find(clauses("I can not breathe", vocabulary)[0], frozenset()) is not None


def test_known_words_are_never_read_as_typos() -> None:
    phrase = Phrase.compile("fever", Vocabulary())
    assert phrase.find(("fevor",), frozenset()) is not None
    assert phrase.find(("fevor",), frozenset({"fevor"})) is None
    assert phrase.find(("fevor",), None) is None  # None: exact comparison


def test_edit_distance_counts_a_swap_as_one_slip() -> None:
    assert edit_distance("chest", "cehst", 2) == 1
    assert edit_distance("fever", "fevr", 2) == 1
    assert edit_distance("breathe", "brain", 1) == 2  # capped at limit + 1


def test_clauses_keep_decimal_numbers_and_split_sentences() -> None:
    assert clauses("Temp 38.5. No cough", Vocabulary()) == [
        ("temp", "38", "5"), ("no", "cough"),
    ]


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


def test_self_harm_can_never_be_negatable(content_copy: Path) -> None:
    urgent = content_copy / "safety" / "urgent.yaml"
    text = urgent.read_text(encoding="utf-8")
    before = "kind: self_harm\n    negatable: false"
    urgent.write_text(text.replace(before, before.replace("false", "true")), encoding="utf-8")
    with pytest.raises(ContentError, match=r"urgent.yaml: categories\[self_harm\].negatable"):
        SafetyNet.load(content_copy)


def test_a_broken_phrase_names_file_and_field(content_copy: Path) -> None:
    urgent = content_copy / "safety" / "urgent.yaml"
    text = urgent.read_text(encoding="utf-8")
    broken = text.replace("      - feverish\n", "      - ... feverish\n")
    urgent.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError, match=r"urgent.yaml: categories\[fever\].phrases"):
        SafetyNet.load(content_copy)


def test_an_unquoted_no_in_the_negators_is_caught(content_copy: Path) -> None:
    synonyms = content_copy / "safety" / "synonyms.yaml"
    text = synonyms.read_text(encoding="utf-8")
    synonyms.write_text(text.replace('negators: ["no",', "negators: [no,"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"synonyms.yaml: negators"):
        SafetyNet.load(content_copy)
