"""The format-v2 gates (issue 10): each fails on a small broken example."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from her2bot.authoring import gates
from her2bot.authoring.check import check_content
from her2bot.content import load_content
from her2bot.content.models import CheckFile, Topic
from her2bot.vocabulary import Level
from tests.conftest import SOURCES, MakeContent, level_doc, topic_doc

TODAY = date(2026, 12, 1)
TRIALS = {"sources": [
    {**SOURCES["sources"][0], "figures": [
        {"value": "37", "what": "a test figure", "population": "any"},
        {"value": "40", "what": "median PFS, trial A", "population": "metastatic_her2_positive",
         "tags": ["survival"], "trial": "TRIAL-A"},
        {"value": "26", "what": "median PFS, trial B", "population": "metastatic_her2_positive",
         "tags": ["survival"], "trial": "TRIAL-B"},
        {"value": "15", "what": "share of all breast cancers", "population": "all_breast_cancer"},
    ]},
    {"id": "s901", "title": "Old", "publisher": "Tests", "date": "2019", "kind": "review",
     "url": "https://example.org/old", "figures": []},
]}


def _problems(make_content: MakeContent, *topics: dict[str, Any], **kwargs: Any) -> list[str]:
    root = make_content(topics=list(topics), sources=TRIALS, **kwargs)
    return [str(p) for p in check_content(root, today=TODAY).problems]


def _with_body(topic_id: str, body: str, level: str = "standard", **extra: Any) -> dict[str, Any]:
    doc = topic_doc(topic_id, **extra)
    doc["levels"][level] = level_doc(body)  # type: ignore[index]
    return doc


def _hits(problems: list[str], text: str) -> list[str]:
    return [p for p in problems if text in p]


def test_survival_figures_only_in_the_optin_topic(make_content: MakeContent) -> None:
    body = "Half of people went 40 months before the cancer grew."
    problems = _problems(make_content, _with_body("alpha", body), _with_body("outlook", body))
    assert _hits(problems, "survival figure '40' outside the opt-in topic")
    assert not _hits([p for p in problems if "(outlook)" in p], "survival figure")


def test_survival_in_a_glossary_meaning_is_refused(make_content: MakeContent) -> None:
    glossary = {"terms": [{
        "id": "widget", "term": "Widget", "kind": "term", "meaning": "Like 40 months.",
        "sources": ["s900"],
    }]}
    problems = _problems(make_content, topic_doc("alpha"), glossary=glossary)
    assert _hits(problems, "glossary.yaml (widget), meaning: survival figure '40'")


def test_two_trials_survival_figures_never_in_one_sentence(make_content: MakeContent) -> None:
    body = "It was 40 months with one drug and 26 months with another."
    problems = _problems(make_content, _with_body("outlook", body))
    assert _hits(problems, "different trials (TRIAL-A, TRIAL-B)")
    apart = "It was 40 months with one drug.\n\nIn another trial it was 26 months."
    assert not _hits(_problems(make_content, _with_body("outlook", apart)), "different trials")


def test_a_figure_must_be_for_the_topics_population_or_cited(make_content: MakeContent) -> None:
    body = "About 15 in 100 breast cancers are like this."
    problems = _problems(make_content, _with_body("alpha", body))
    assert _hits(problems, "figure '15' is not a figure of s900 source for population "
                           "metastatic_her2_positive")
    cited = 'About 15 in 100{{ cite("s900", "all_breast_cancer") }} breast cancers are like this.'
    assert not _hits(_problems(make_content, _with_body("alpha", cited)), "figure '15'")
    # The next sentence inherits the cite: its population too.
    inherited = cited + " Another 15 in 100 are not."
    assert not _hits(_problems(make_content, _with_body("alpha", inherited)), "figure '15'")


def test_a_cite_names_a_source_of_the_topic(make_content: MakeContent) -> None:
    body = 'About 37 in 100{{ cite("s999") }}.\n\nAbout 37 in 100{{ cite("s901") }}.'
    problems = _problems(make_content, _with_body("alpha", body))
    assert _hits(problems, "cite('s999'): no such source")
    assert _hits(problems, "cite('s901'): list s901 in the topic's sources")


def test_currency_review_age_and_source_age(make_content: MakeContent) -> None:
    old_review = topic_doc("alpha", last_reviewed=date(2025, 10, 1))
    only_old = topic_doc("beta", sources=["s901"])
    old_and_new = topic_doc("gamma", sources=["s901", "s900"])
    problems = _problems(make_content, old_review, only_old, old_and_new)
    assert _hits(problems, "(alpha): last_reviewed 2025-10-01 is 14 months ago")
    assert _hits(problems, "(beta): every source it cites is older than 36 months (s901: 2019)")
    assert not _hits(problems, "(gamma): every source")


def test_as_of_beside_every_drug(make_content: MakeContent) -> None:
    glossary = {"terms": [{
        "id": "widget", "term": "Widget", "kind": "drug", "aliases": ["gadget"],
        "meaning": "A test drug.", "sources": ["s900"],
    }]}
    body = "Widget is used, as of {{ as_of }}.\n\nGadget is also used."
    doc = _with_body("alpha", body, as_of="2026-12")
    problems = _problems(make_content, doc, glossary=glossary)
    assert _hits(problems, "level standard: body paragraph 2 names a drug but not 'as of "
                           "December 2026'")
    assert not _hits(problems, "body paragraph 1 names a drug")
    assert _hits(problems, "level simple: body: say 'as of December 2026' once")


def test_pemat_structure(make_content: MakeContent) -> None:
    doc = topic_doc("alpha")
    levels: Any = doc["levels"]
    levels["simple"] = level_doc("Short words.", in_short="One. Two. Three. Four.")
    levels["standard"] = level_doc("Some words.", what_you_can_do="Ask the care team.")
    levels["detailed"] = level_doc("No header here.\n\n" + "word " * 95)
    problems = _problems(make_content, doc)
    assert _hits(problems, "level simple: in_short: 4 sentences; write 1 to 3")
    assert _hits(problems, "level standard: what_you_can_do: needs at least one line")
    assert _hits(problems, "level detailed: body: Detailed needs at least one <b>header</b>")
    assert _hits(problems, "level detailed: body paragraph 2: 95 words, more than 90")


def test_help_card_reachable_from_every_symptom_topic(
    make_content: MakeContent, tmp_path: Path
) -> None:
    root = make_content(topics=[topic_doc("alpha"), topic_doc("side_effects")])
    (root / "check.yaml").write_text(yaml.safe_dump({"symptom_topics": ["side_effects", "brain"]}))
    problems = [str(p) for p in check_content(root, today=TODAY).problems]
    assert _hits(problems, "no 'get_help' topic")
    assert _hits(problems, "check.yaml: symptom_topics: no topic 'brain'")
    assert _hits(problems, "(side_effects), related: a symptom topic must list get_help")
    root = make_content(topics=[topic_doc("get_help"), topic_doc("side_effects",
                                                                 related=["get_help"])],
                        menu=["side_effects"])
    (root / "check.yaml").write_text(yaml.safe_dump({"symptom_topics": ["side_effects"]}))
    problems = [str(p) for p in check_content(root, today=TODAY).problems]
    assert _hits(problems, "ui.yaml: menu: 'get_help' must be in the menu")
    assert not _hits(problems, "must list get_help")


def test_the_real_help_card_is_in_the_menu_and_every_symptom_topic() -> None:
    content = load_content()
    assert gates.GET_HELP in content.menu
    for topic_id in content.check.symptom_topics:
        assert gates.GET_HELP in content.topics[topic_id].related, topic_id


def test_every_real_survival_figure_is_behind_the_optin() -> None:
    """Every survival-tagged figure a topic shows is shown by the opt-in topic only."""
    content = load_content()
    optin = content.topics[content.check.optin_topic]
    assert optin.gate, "the opt-in topic asks before it shows its figures"
    report = check_content(content.directory)
    assert not [p for p in report.problems if "survival figure" in p.message]


def test_pure_helpers() -> None:
    assert gates.months_between(date(2025, 12, 1), date(2026, 12, 1)) == 12
    assert gates.months_between(date(2025, 12, 2), date(2026, 12, 1)) == 11
    assert gates.chunks("Intro line\n• one two\n• three") == ["Intro line", "• one two",
                                                               "• three"]
    topic = Topic.model_validate({**topic_doc("alpha"), "file": "alpha.yaml"})
    sources = load_content().sources
    fresh = topic.model_copy(update={"sources": ("s000",)})
    assert gates.currency_problems(fresh, sources, CheckFile(), TODAY) == []
    assert gates.pemat_problems(Level.SIMPLE, "One.", "Body.", "• Do it.", 60) == []


def test_the_as_of_date_is_not_a_figure_but_other_years_are() -> None:
    # "as of December 2026" dates the text itself; a bare year is still a figure to trace.
    assert gates.figures_in("As of December 2026, this is the usual start.", []) == []
    assert gates.figures_in("It was approved in 2025.", []) == ["2025"]
    assert gates.figures_in("as of 2026 about 12 in 100 had it", []) == ["2026", "12"]
