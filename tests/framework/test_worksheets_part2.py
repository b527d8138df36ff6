"""Part 2's analysis worksheets: in the order a strategist works, complete in both languages,
fitting the example case and the coach, and usable on the page."""

from __future__ import annotations

import pytest

from tests.apptest import start, texts
from tests.conftest import ROOT
from workbook.coach import checks, vocabulary
from workbook.case.files import read_case
from workbook.framework.check import check_against
from workbook.text import LANGS

EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"
ORDER = ["intake", "constructs", "fuel", "actors", "middle", "gut_feeling", "escalation"]


@pytest.fixture(scope="module")
def sheets(framework):
    return {w.id: w for w in framework.worksheets_of(2)}


def test_part_two_in_the_order_a_strategist_works(framework):
    assert [w.id for w in framework.worksheets_of(2)] == ORDER


def test_every_text_is_in_both_languages_and_help_is_translated(sheets):
    for ws in sheets.values():
        texts_ = [ws.title, ws.intro]
        for f in ws.fields:
            texts_ += [f.label, f.help, f.placeholder, f.min_label, f.max_label]
            texts_ += [o.label for o in f.options] + [o.help for o in f.options]
        for text in filter(None, texts_):
            assert all(text(lang).strip() for lang in LANGS), ws.id
        assert ws.intro is not None and ws.intro.nl != ws.intro.en, ws.id
        for f in ws.fields:
            if f.help:
                assert f.help.nl != f.help.en, f"{ws.id}.{f.id}"


def test_every_worksheet_names_known_concepts(framework, sheets):
    for ws in sheets.values():
        assert ws.concepts, ws.id
        unknown = [c for c in ws.concepts if framework.concept(c) is None]
        assert unknown == [], ws.id


def test_intake(sheets):
    ws = sheets["intake"]
    assert {"what", "where", "since", "phase", "nature", "conflict_owners", "signals"} <= {
        f.id for f in ws.fields}
    assert ws.field("since").type == "date"
    assert ws.field("phase").type == "choice" and ws.field("phase").options_from == "phases"
    nature = ws.field("nature")
    assert {o.id for o in nature.options} >= {"polarisation", "conflict", "both"}
    signals = ws.field("signals")
    assert signals.type == "checklist" and len(signals.options) == 5


def test_constructs_fuel_and_actors_use_the_typed_tables(sheets):
    assert sheets["constructs"].fields[0].type == "poles"
    assert sheets["fuel"].fields[0].type == "fuel"
    assert sheets["actors"].fields[0].type == "actors"
    assert sheets["actors"].field("own_role").options_from == "roles"


def test_the_middle_and_the_perception_gap(sheets):
    ws = sheets["middle"]
    members = ws.field("members")
    assert members.type == "multichoice" and members.options_from == "actors"
    assert ws.field("size").type == "scale"
    assert ws.field("concerns").type == "longtext"
    # the exercise: first the estimate, then what was heard locally
    ids = [f.id for f in ws.fields]
    assert ids.index("gap_estimate") < ids.index("gap_heard") < ids.index("gap_difference")


def test_gut_feeling_and_the_optional_glasl_ladder(sheets):
    assert sheets["gut_feeling"].field("at_stake_actors").options_from == "actors"
    assert sheets["gut_feeling"].field("at_stake").type == "longtext"
    stage = sheets["escalation"].field("stage")
    assert [o.label.en.split(" · ")[0] for o in stage.options] == [str(n) for n in range(1, 10)]


def test_the_example_case_fits_the_worksheets(framework):
    case = read_case(EXAMPLE.read_bytes(), "example")
    assert check_against(case, framework, "example") == []
    for sheet, answers in case.answers.items():
        ws = framework.worksheet(sheet)
        assert ws is not None, sheet
        assert set(answers) <= {f.id for f in ws.fields}, sheet
    phases = {p.id for p in framework.concepts.phases}
    assert case.answer("intake", "phase") in phases


def test_every_answer_the_coach_reads_is_a_worksheet_field(framework):
    fields = {(w.id, f.id) for w in framework.worksheets for f in w.fields}
    read = [tuple(ref) for rule in framework.coach_rules
            for c in vocabulary._walk(rule.when) for ref in checks._answer_refs(c)]
    assert read, "the coach reads no answers at all"
    assert set(read) <= fields
    assert ("middle", "concerns") in read and ("middle", "members") in read




@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_worksheet_renders_on_the_page(store, lang, framework):
    cid = store.create(read_case(EXAMPLE.read_bytes(), "example")).case.id
    at = start(cid, lang=lang, page="app_pages/part2.py")
    assert not at.exception
    for ws in framework.worksheets_of(2):
        at.session_state["ws2"] = ws.id
        at.run()
        assert not at.exception, ws.id
        assert ws.title(lang) in texts(at), ws.id
        labels = [w.label for kind in ("text_input", "radio", "multiselect", "date_input")
                  for w in getattr(at, kind)]
        # (long texts are an autosaving component of their own, not a text_area widget)
        plain = [f for f in ws.fields if f.type in ("text", "choice", "date", "multichoice")]
        for f in plain:  # a date's label adds the format to type it in
            assert any(label == f.label(lang) or label.startswith(f.label(lang) + " (")
                       for label in labels), f"{ws.id}.{f.id}"


def test_a_choice_from_the_middle_worksheet_is_saved(store):
    cid = store.create(read_case(EXAMPLE.read_bytes(), "example")).case.id
    at = start(cid, page="app_pages/part2.py")
    at.session_state["ws2"] = "middle"
    at.run()
    box = next(m for m in at.multiselect if m.label.startswith("Wie uit je actorentabel"))
    assert "Ouders en buurtbewoners die niet kiezen" in box.options
    box.select("ouders").run()
    assert not at.exception
    assert store.get(cid).case.answer("middle", "members") == ["ouders"]
