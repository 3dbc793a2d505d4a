"""The urgent-symptom check: reading typed text, typos, negation, replies, broken content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from her2bot.config import DEFAULT_EMERGENCY_NUMBER, DEFAULT_POISON_CONTROL_NUMBER
from her2bot.content import ContentError, default_content_dir
from her2bot.freetext import FreeText
from her2bot.phrases import Lexicon, Vocabulary, clauses, edit_distance
from her2bot.safety import Alert, AlertKind, SafetyNet
from her2bot.safety_content import SafetyContent
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
    alert = Alert(AlertKind.MEDICAL, ("breathing",), "Trouble breathing needs help now.")
    assert "<b>911</b>" in net.reply(alert, "911")
    default = net.reply(alert, "")
    assert DEFAULT_EMERGENCY_NUMBER in default
    assert "24-hour" in to_plain_text(default)


def test_urgent_reply_is_escaped_valid_telegram_html(net: SafetyNet) -> None:
    text = net.reply(Alert(AlertKind.MEDICAL, (), "<b>"), "<script>")
    assert "&lt;script&gt;" in text
    to_plain_text(text)


@pytest.mark.parametrize("text, category, first_line", [
    ("temp 101F", "fever", "A fever during cancer treatment can be serious."),
    ("my wife cant breathe", "breathing", "Trouble breathing needs help now."),
    ("i took too many of my pills", "overdose", "Taking too much of a medicine"),
    ("back pain and my legs went numb", "spinal_cord", "New back pain with numb or weak legs"),
])
def test_urgent_replies_name_the_kind_of_problem_and_never_ask_to_wait(
    net: SafetyNet, text: str, category: str, first_line: str
) -> None:
    alert = net.check(text)
    assert alert is not None and category in alert.categories
    reply = to_plain_text(net.reply(alert, "911", "0800 POISON"))
    assert reply.startswith(first_line)
    assert "wait for me" not in reply.lower()
    assert len(reply) < 400  # short: act first, read later


def test_an_overdose_gets_poison_control_first_then_the_care_team(net: SafetyNet) -> None:
    alert = net.check("I accidentally took a double dose of capecitabine")
    assert alert is not None and alert.kind is AlertKind.OVERDOSE
    reply = to_plain_text(net.reply(alert, "911", "1-800-POISON"))
    assert reply.index("1-800-POISON") < reply.index("911") < reply.index("care team")
    default = to_plain_text(net.reply(alert, "", ""))
    assert DEFAULT_POISON_CONTROL_NUMBER in default


def test_a_carer_at_risk_is_helped_as_themselves(net: SafetyNet) -> None:
    # Set up as a caregiver, writing about their own thoughts: the reply speaks to them.
    alert = net.check("I can't go on like this, I want to die")
    assert alert is not None and alert.kind is AlertKind.SELF_HARM
    text = to_plain_text(net.reply(alert, "112", caregiver=True))
    assert "If you might act" in text
    assert "they might" not in text
    for line in net.crisis_lines:
        assert line.region in text
        assert to_plain_text(line.how) in text


def test_someone_elses_thoughts_of_self_harm_get_advice_for_them(net: SafetyNet) -> None:
    alert = net.check("my husband keeps saying he wants to die")
    assert alert is not None and alert.kind is AlertKind.SELF_HARM_OTHER
    text = to_plain_text(net.reply(alert, "112"))
    assert "stay with them" in text and "112" in text
    assert all(line.region in text for line in net.crisis_lines)


@pytest.mark.parametrize("text", [
    "im thinking about giving up treatment", "should i give up chemo",
    "i gave up sugar and coffee", "never give up",
])
def test_giving_up_a_treatment_or_a_habit_is_not_a_crisis(net: SafetyNet, text: str) -> None:
    assert net.check(text) is None


@pytest.mark.parametrize("text, fever", [
    ("temp 101F", True), ("38.3 degrees", True), ("39°C", True), ("temp 38,5", True),
    ("thermometer says 100.4", True), ("100.4 f", True), ("temperature of 38", True),
    ("my temp is 99.5", False), ("37.9C", False), ("temp 37.2 this morning", False),
    ("I am 38 years old", False), ("she had 40 mg of something", False),
])
def test_temperatures_are_read_as_numbers_against_the_threshold(
    net: SafetyNet, text: str, fever: bool
) -> None:
    assert net.fever.is_fever(text) is fever
    assert (net.check(text) is not None) is fever


def test_the_fever_threshold_is_content(content_copy: Path) -> None:
    urgent = content_copy / "safety" / "urgent.yaml"
    text = urgent.read_text(encoding="utf-8")
    urgent.write_text(text.replace("threshold_celsius: 38.0", "threshold_celsius: 37.5"),
                      encoding="utf-8")
    lower = SafetyNet.load(content_copy)
    assert lower.check("temp 37.6") is not None
    assert lower.check("temp 99.6F") is not None  # 37.56 °C


def find(phrase: str, text: str, vocabulary: Vocabulary | None = None,
         typos: bool = True) -> tuple[int, int] | None:
    lexicon = Lexicon(vocabulary or Vocabulary())
    (compiled,) = lexicon.compile([phrase])
    clause = lexicon.read(text).clauses[0]
    return compiled.find(clause, typos)


def test_phrase_syntax_gaps_word_starts_and_alternatives() -> None:
    phrase = "pain ... (chest|left arm) bleed*"
    assert find(phrase, "pain in my chest bleeding") == (0, 5)
    assert find(phrase, "pain in my left arm bleeds") == (0, 6)
    # Four words in between is too far.
    assert find(phrase, "pain a b c d chest bleed") is None
    # Phrases are rewritten like text: "can not" in a list meets "cannot" typed.
    vocabulary = Vocabulary(rewrites={("can", "not"): ("cant",), ("cannot",): ("cant",)})
    assert find("can not breathe", "I cannot breathe", vocabulary) is not None


def test_known_words_are_never_read_as_typos() -> None:
    assert find("fever", "fevor") is not None
    assert find("fever", "fevor", Vocabulary(known_words=frozenset({"fevor"}))) is None
    assert find("fever", "fevor", typos=False) is None  # exact comparison
    assert find("chest", "cehst") is not None  # a swap of the first two letters


def test_her_is_never_taken_for_her2() -> None:
    vocabulary = Vocabulary(rewrites={("her", "2"): ("her2",)})
    assert find("her2", "what do i say to her", vocabulary) is None
    assert find("her2", "she is her-2 positive", vocabulary) is not None
    assert find("her2", "HER2+ and ER-", vocabulary) is not None


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
    before = "id: self_harm\n    kind: self_harm\n"
    assert before in text
    urgent.write_text(text.replace(before, before + "    negatable: true\n", 1).replace(
        "negatable: true\n    says: \"I'm really glad you told me.\"\n    negatable: false\n",
        "negatable: true\n    says: \"I'm really glad you told me.\"\n",
    ), encoding="utf-8")
    with pytest.raises(ContentError, match=r"urgent.yaml: categories\[self_harm\].*negatable"):
        SafetyNet.load(content_copy)


def test_a_broken_phrase_names_file_and_field(content_copy: Path) -> None:
    urgent = content_copy / "safety" / "urgent.yaml"
    text = urgent.read_text(encoding="utf-8")
    broken = text.replace("      - feverish\n", "      - ... feverish\n")
    urgent.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError, match=r"urgent.yaml: categories\[fever\].phrases"):
        SafetyNet.load(content_copy)


def test_a_misspelt_field_is_caught(content_copy: Path) -> None:
    urgent = content_copy / "safety" / "urgent.yaml"
    text = urgent.read_text(encoding="utf-8")
    urgent.write_text(text.replace("    negatable: true\n", "    negateable: true\n", 1),
                      encoding="utf-8")
    with pytest.raises(ContentError, match=r"urgent.yaml: categories\[fever\].negateable"):
        SafetyNet.load(content_copy)


def test_an_unquoted_no_in_the_negators_is_caught(content_copy: Path) -> None:
    synonyms = content_copy / "safety" / "synonyms.yaml"
    text = synonyms.read_text(encoding="utf-8")
    synonyms.write_text(text.replace('negators: ["no",', "negators: [no,"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"synonyms.yaml: negators.*quote no"):
        SafetyNet.load(content_copy)


def test_synonyms_are_read_once_for_the_safety_net_and_free_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[str] = []
    original = Path.read_text

    def counting(self: Path, *args: object, **kwargs: object) -> str:
        reads.append(self.name)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", counting)
    content = SafetyContent(default_content_dir())
    SafetyNet(content)
    FreeText(content)
    assert reads.count("synonyms.yaml") == 1
