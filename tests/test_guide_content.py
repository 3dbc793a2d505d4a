"""content/guide/ loads, fits every reader and situation, and bad edits fail with a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from her2bot.authoring.check import check_content
from her2bot.content import ContentError, default_content_dir
from her2bot.guide import Situation, load_guide_content
from her2bot.guide.loader import MAX_QUESTIONS, MIN_QUESTIONS
from her2bot.guide.models import GuideContent
from her2bot.vocabulary import Level, Reader
from tests.conftest import unexpected_problems

COMBINATIONS = [(r, s, lv) for r in Reader for s in Situation for lv in Level]


@pytest.fixture(scope="module")
def content() -> GuideContent:
    return load_guide_content()


@pytest.mark.parametrize(("reader", "situation", "level"), COMBINATIONS)
def test_every_combination_has_12_to_25_questions(
    content: GuideContent, reader: Reader, situation: Situation, level: Level
) -> None:
    chosen = content.questions_for(reader, situation, level)
    count = sum(len(questions) for _, questions in chosen)
    assert MIN_QUESTIONS <= count <= MAX_QUESTIONS == 25
    assert MIN_QUESTIONS == 12


def test_questions_cover_the_eight_groups(content: GuideContent) -> None:
    assert [g.id for g in content.groups] == [
        "diagnosis", "treatment", "side_effects", "symptoms", "trials", "daily_life", "practical",
        "report",
    ]
    for situation in Situation:
        groups = content.questions_for(Reader.PATIENT, situation, Level.STANDARD)
        # Every situation touches side effects, symptoms, trials and support.
        assert {"side_effects", "symptoms", "trials", "daily_life"} <= {g.id for g, _ in groups}


def test_questions_speak_in_the_readers_voice(content: GuideContent) -> None:
    texts = {q.id: q for g in content.groups for q in g.questions}
    receptors = texts["receptors"]
    assert "my cancer" in receptors.texts[(Level.SIMPLE, Reader.PATIENT)]
    assert "their cancer" in receptors.texts[(Level.SIMPLE, Reader.CAREGIVER)]
    trial = texts["trial_fit"].texts[(Level.SIMPLE, Reader.CAREGIVER)]
    assert trial.endswith("fit the person I care for?")
    for question in texts.values():
        for (_, reader), text in question.texts.items():
            assert "{{" not in text and "{%" not in text
            if reader is Reader.CAREGIVER:
                assert " my " not in f" {text} ", (question.id, text)


def test_retesting_after_recurrence_and_brain_mri_are_asked(content: GuideContent) -> None:
    recurrence = [
        q.id for _, qs in content.questions_for(Reader.PATIENT, Situation.RECURRENCE, Level.SIMPLE)
        for q in qs
    ]
    assert "new_biopsy" in recurrence
    detailed = [
        q.id for _, qs in content.questions_for(Reader.CAREGIVER, Situation.CHECKIN, Level.DETAILED)
        for q in qs
    ]
    assert {"brain_mri", "heart_checks", "trial_fit"} <= set(detailed)


def test_caregiver_only_questions_stay_out_of_a_patients_list(content: GuideContent) -> None:
    for situation in Situation:
        for level in Level:
            ids = {
                q.id for _, qs in content.questions_for(Reader.PATIENT, situation, level)
                for q in qs
            }
            assert "help_at_home" not in ids


def test_the_pdf_disclaimer_is_the_bots_disclaimer_for_that_reader(content: GuideContent) -> None:
    ui = yaml.safe_load((default_content_dir() / "ui.yaml").read_text(encoding="utf-8"))
    for reader, key in ((Reader.PATIENT, "disclaimer"), (Reader.CAREGIVER, "disclaimer_caregiver")):
        words = ui["strings"][key].replace("<i>", "").replace("</i>", "").split()
        assert content.disclaimers[reader] == " ".join(words)
        assert "<" not in content.disclaimers[reader]
    assert content.disclaimers[Reader.PATIENT] != content.disclaimers[Reader.CAREGIVER]


# --- broken content fails with the file and the field named ---------------------------------

@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_invalid_yaml_names_the_file(content_copy: Path) -> None:
    _edit(content_copy / "guide" / "questions.yaml", "groups:", "groups: [")
    with pytest.raises(ContentError, match=r"^questions\.yaml: not valid YAML"):
        load_guide_content(content_copy)


def test_missing_text_names_the_question_and_level(content_copy: Path) -> None:
    _edit(
        content_copy / "guide" / "questions.yaml",
        "          detailed: >-\n            Which next-line options",
        "          detailled: >-\n            Which next-line options",
    )
    with pytest.raises(ContentError) as error:
        load_guide_content(content_copy)
    message = str(error.value)
    assert message.startswith(
        "questions.yaml: groups[treatment].questions[next_options].text.detailled:"
    )
    assert "detailled" in message


def test_unknown_situation_is_named(content_copy: Path) -> None:
    _edit(
        content_copy / "guide" / "questions.yaml",
        "      - id: still_best\n        situations: [checkin]",
        "      - id: still_best\n        situations: [check_in]",
    )
    refusal = r"groups\[treatment\]\.questions\[still_best\]\.situations\[0\]: Input should be"
    with pytest.raises(ContentError, match=refusal):
        load_guide_content(content_copy)


def test_a_misspelt_variable_is_named(content_copy: Path) -> None:
    _edit(content_copy / "guide" / "questions.yaml", "{{ their }} body", "{{ thier }} body")
    where = r"groups\[diagnosis\]\.questions\[where_spread\]\.text\.simple: .*thier"
    with pytest.raises(ContentError, match=where):
        load_guide_content(content_copy)


def test_an_unknown_source_is_named(content_copy: Path) -> None:
    _edit(content_copy / "guide" / "questions.yaml", "sources: [s004]", "sources: [s404]")
    with pytest.raises(ContentError, match=r"sources: no source 's404' in sources\.yaml"):
        load_guide_content(content_copy)


def test_too_few_questions_for_a_situation_is_refused(content_copy: Path) -> None:
    path = content_copy / "guide" / "questions.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Keep only the questions written for a check-in alone: far too few for a list.
    for group in doc["groups"]:
        for question in group["questions"]:
            situations = question["situations"]
            if len(situations) > 1 and "checkin" in situations:
                situations.remove("checkin")
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    refusal = r"[0-9] questions for patient / checkin / simple; a guide needs 12 to 25"
    with pytest.raises(ContentError, match=refusal):
        load_guide_content(content_copy)


def test_a_missing_string_is_named(content_copy: Path) -> None:
    _edit(content_copy / "guide" / "strings.yaml", "  made_with:", "  made_by:")
    refusal = r"^strings\.yaml: pdf\.made_with: expected non-empty text"
    with pytest.raises(ContentError, match=refusal):
        load_guide_content(content_copy)


def test_invalid_chat_html_is_refused(content_copy: Path) -> None:
    _edit(
        content_copy / "guide" / "strings.yaml",
        'continued: "<i>(continued)</i>"',
        'continued: "<i>(continued)"',
    )
    with pytest.raises(ContentError, match=r"chat\.continued: not valid Telegram HTML"):
        load_guide_content(content_copy)


def test_a_long_button_label_is_refused(content_copy: Path) -> None:
    _edit(
        content_copy / "guide" / "strings.yaml",
        'button: "A general check-in"',
        'button: "A general check-in with the whole care team"',
    )
    with pytest.raises(ContentError, match=r"situations\.checkin\.button: longer than 32"):
        load_guide_content(content_copy)


def test_the_guide_button_in_ui_yaml_is_required(content_copy: Path) -> None:
    _edit(content_copy / "ui.yaml", "  guide_button:", "  guide_buton:")
    with pytest.raises(ContentError, match=r"^ui\.yaml: strings\.guide_button: expected"):
        load_guide_content(content_copy)


def test_step_texts_know_the_reader(content: GuideContent) -> None:
    patient = content.html_text("ask_situation", Reader.PATIENT, Level.SIMPLE)
    assert patient == "What is happening right now?"
    label = content.plain_text("readers.caregiver.button", Reader.CAREGIVER, Level.DETAILED)
    assert label == "For someone I care for"


def test_content_check_reports_a_broken_guide(content_copy: Path) -> None:
    _edit(content_copy / "guide" / "questions.yaml", "{{ their }} body", "{{ thier }} body")
    report = check_content(content_copy)
    assert not report.passed
    [problem] = [p for p in report.problems if p.where == "guide"]
    assert "where_spread" in problem.message and "thier" in problem.message


def test_content_check_holds_guide_questions_to_the_reading_level(content_copy: Path) -> None:
    assert unexpected_problems(check_content(content_copy)) == []
    path = content_copy / "guide" / "questions.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    jargon = (
        "What is the therapeutic objective underlying the contemplated multimodality "
        "pharmacological intervention, considering comorbidities and anticipated toxicities?"
    )
    for group in doc["groups"]:
        for question in group["questions"]:
            if "simple" in question["text"]:
                question["text"]["simple"] = jargon
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    report = check_content(content_copy)
    flagged = sorted({p.where for p in report.problems if p.where.startswith("guide/")})
    assert flagged == [
        "guide/questions.yaml, level simple, caregiver",
        "guide/questions.yaml, level simple, patient",
    ]
