"""The worked case studies (casestudies/*.yaml and their English versions in casestudies/en/):
one per typical situation of the Wij-Zij network - police and young people, a school class, a
far-reaching policy decision. Each must be a complete, sound analysis and strategy in the
framework's terms, in Dutch and in English with the same structure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbook import coach
from workbook.case.files import dump_case, read_case
from workbook.framework.check import check_against
from workbook.framework.schema import CHOICE_TYPES, TYPED_FIELDS
from workbook.framework.worksheets import field_options, is_answered

ROOT = Path(__file__).resolve().parents[2]
CASES = {"politie_jongeren": "cs-politie-jongeren", "klas": "cs-klas", "beleid": "cs-beleid"}
PATHS = [ROOT / "casestudies" / f"{name}.yaml" for name in CASES] + \
        [ROOT / "casestudies" / "en" / f"{name}.yaml" for name in CASES]
# Coach rules that may fire on a sound case: the case really has a scapegoat and a bridge
# builder (that is what the rules say), and the case-bringer honestly names their own
# bridge-builder reflex (a hint).
EXPECTED_COACH = {"scapegoat", "bridge_builder"}


def load(path: Path):
    return read_case(path.read_bytes(), str(path.relative_to(ROOT)))


def pair(name: str):
    return (load(ROOT / "casestudies" / f"{name}.yaml"),
            load(ROOT / "casestudies" / "en" / f"{name}.yaml"))


def by_id(case):
    return {a.id: a for a in case.actors}


def ids(path: Path):
    return str(path.relative_to(ROOT))


@pytest.fixture(params=PATHS, ids=ids)
def case(request):
    return load(request.param)


# -- reading -------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", PATHS, ids=ids)
def test_reads_validates_and_fits_the_framework(path, framework):
    case = load(path)
    assert case.format_version == 3  # migrated from the files' version 2
    assert case.framework.id == "brandsma"
    expected = CASES[path.stem] + ("-en" if path.parent.name == "en" else "")
    assert case.id == expected
    assert check_against(case, framework, path.name) == []
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#") and ("VERZONNEN" in text[:400] or "INVENTED" in text[:400])


def test_round_trip_through_yaml(case):
    once = dump_case(case)
    assert dump_case(read_case(once.encode(), "x")) == once


def test_the_dutch_cases_are_in_the_library(library):
    ids = {c.id for c in library}
    assert set(CASES.values()) <= ids


# -- the story and the poles ----------------------------------------------------------------------
def test_narrative_as_a_case_bringer_tells_it(case):
    words = len(case.narrative.split())
    assert 150 <= words <= 300, words
    assert case.title.strip()


def test_two_poles_with_identity_statements(case):
    assert {p.side for p in case.poles} == {"a", "b"}
    for pole in case.poles:
        assert pole.label.strip() and pole.identity.strip() and pole.thought_construct.strip()


# -- actors and roles -------------------------------------------------------------------------------
def test_actors_cover_all_five_roles(case, framework):
    assert 8 <= len(case.actors) <= 14
    roles = {a.role for a in case.actors}
    assert roles == {r.id for r in framework.concepts.roles}
    pushers = {a.side for a in case.actors if a.role == "pusher"}
    assert pushers == {"a", "b"}, "there are always two pushers, one at each pole"
    joiners = {a.side for a in case.actors if a.role == "joiner"}
    assert joiners == {"a", "b"}
    assert sum(a.role == "silent" for a in case.actors) >= 3
    for a in case.actors:
        assert a.name.strip() and a.notes.strip()
        if a.role in ("pusher", "joiner"):
            assert a.side != "none" and (a.stance < 0) == (a.side == "a")
        else:
            assert a.side == "none"


# -- fuel -------------------------------------------------------------------------------------------
def test_fuel_comes_from_actors_over_months(case):
    actors = by_id(case)
    assert 5 <= len(case.fuel) <= 10
    assert all(e.source in actors for e in case.fuel)
    assert all(e.description.strip() and e.channel.strip() and e.date for e in case.fuel)
    dates = sorted(e.date for e in case.fuel)
    assert (dates[-1] - dates[0]).days >= 60
    assert len({(d.year, d.month) for d in dates}) >= 3
    # both poles supply fuel, and so does someone meaning well
    sides = {actors[e.source].side for e in case.fuel}
    assert {"a", "b"} <= sides
    assert any(actors[e.source].role == "bridge_builder" for e in case.fuel)


# -- every worksheet -------------------------------------------------------------------------------
def test_every_field_of_every_worksheet_is_answered(case, framework):
    assert framework.worksheets
    missing = [f"{ws.id}.{f.id}" for ws in framework.worksheets for f in ws.fields
               if not is_answered(case, ws, f)]
    assert missing == []


def test_answers_fit_their_fields(case, framework):
    sheets = {ws.id: ws for ws in framework.worksheets}
    for sheet_id, answers in case.answers.items():
        assert sheet_id in sheets, sheet_id
        for field_id, value in answers.items():
            field = sheets[sheet_id].field(field_id)
            assert field is not None and field.type not in TYPED_FIELDS, (sheet_id, field_id)
            where = f"{sheet_id}.{field_id}"
            if field.type in CHOICE_TYPES:
                options = {o for o, _ in field_options(field, framework, case)}
                values = [value] if field.type == "choice" else value
                assert isinstance(values, list) and values, where
                assert set(values) <= options, where
            elif field.type in ("text", "longtext"):
                assert isinstance(value, str) and len(value.strip()) >= 20, where
            elif field.type == "scale":
                assert isinstance(value, int) and field.min <= value <= field.max, where
            elif field.type == "yesno":
                assert isinstance(value, bool), where
            elif field.type == "date":
                dt.date.fromisoformat(value)
            elif field.type == "table":
                columns = {c.id for c in field.columns}
                assert len(value) >= 3, where
                for row in value:
                    assert set(row) == columns and all(str(v).strip() for v in row.values()), where


def test_the_analysis_is_sound(case):
    actors = by_id(case)
    members = case.answer("middle", "members")
    assert all(actors[m].role in ("silent", "scapegoat") for m in members)
    assert case.answer("intake", "signals")
    assert case.answer("actors", "own_role") == "bridge_builder"  # an honest self-image
    assert case.answer("my_role", "fitting_role") == "silent"
    assert case.answer("my_role", "neutral_by_profession") is True
    # the perception gap: an estimate, what was heard, and the difference
    gap = [case.answer("middle", f) for f in ("gap_estimate", "gap_heard", "gap_difference")]
    assert len(set(gap)) == 3


# -- the model strategy ------------------------------------------------------------------------------
def test_target_group_is_the_middle(case):
    actors = by_id(case)
    who = case.answer("target_group", "who")
    assert who and all(actors[i].role == "silent" for i in who)


def test_topic_is_an_authentic_question(case, framework):
    sheet = next(ws for ws in framework.worksheets if ws.id == "topic")
    all_checks = {o.id for o in sheet.field("checks").options}
    assert set(case.answer("topic", "checks")) == all_checks
    assert case.answer("topic", "question").rstrip().endswith("?")


def test_position_moves_from_above_the_poles_into_the_middle(case):
    me = case.actor(case.strategy.me)
    assert me is not None and me.role == "bridge_builder" and me.side == "none"
    assert case.strategy.intended[me.id].role == "silent"


def test_tone_rewrites_statements_that_circulate(case):
    rows = case.answer("tone", "rewrites")
    assert len(rows) >= 3
    assert all(r["original"] != r["rewrite"] for r in rows)


def test_dialogue_with_the_middle_not_between_the_poles(case):
    actors = by_id(case)
    assert case.answer("dialogue", "planned") is True
    assert case.answer("dialogue", "kind") not in ("poles_meet", "public_debate")
    assert all(actors[i].role in ("silent", "scapegoat") for i in case.answer("dialogue", "with"))


def test_actions_have_owners_dates_targets_in_the_middle(case, framework):
    actors = by_id(case)
    changers = {g.id for g in framework.concepts.game_changers}
    actions = case.strategy.actions
    assert 4 <= len(actions) <= 6
    for a in actions:
        assert a.title.strip() and a.owner.strip() and a.date, a.id
        assert a.targets and all(actors[t].role in ("silent", "scapegoat") for t in a.targets), a.id
        assert a.game_changers and set(a.game_changers) <= changers, a.id
        if a.status != "planned":
            assert a.reflection.strip(), a.id
    done = [a for a in actions if a.status == "done"]
    assert len(done) >= 2
    assert any(a.status == "planned" for a in actions)
    assert {g for a in actions for g in a.game_changers} == changers


def test_intended_map_strengthens_the_middle(case):
    actors = by_id(case)
    intended = case.strategy.intended
    assert set(intended) <= set(actors)
    back = [i for i, p in intended.items() if actors[i].role == "joiner" and p.role == "silent"]
    assert back, "some joiners should move back to the middle"
    for i, place in intended.items():
        assert place.role != "pusher"
        if actors[i].role == "pusher":
            assert place.influence is not None and place.influence < actors[i].influence


# -- snapshots -------------------------------------------------------------------------------------
def test_snapshots_show_the_middle_shrinking(case):
    snaps = case.snapshots
    assert 2 <= len(snaps) <= 3
    dates = [s.date for s in snaps]
    assert dates == sorted(dates) and dates[-1] <= max(e.date for e in case.fuel)
    for s in snaps:
        assert s.label.strip()
        assert [a.id for a in s.actors] == [a.id for a in case.actors]

    def count(actors, role):
        return sum(a.role == role for a in actors)

    frames = [s.actors for s in snaps] + [case.actors]
    joiners = [count(f, "joiner") for f in frames]
    silent = [count(f, "silent") for f in frames]
    assert joiners == sorted(joiners) and joiners[0] < joiners[-1]
    assert silent == sorted(silent, reverse=True) and silent[0] > silent[-1]


# -- the coach ------------------------------------------------------------------------------------
def test_the_coach_finds_nothing_unexpected(case, framework):
    fired = coach.hints(case, framework)
    serious = {h.id for h in fired if h.severity in ("urgent", "warning")}
    assert serious <= EXPECTED_COACH, serious
    assert "scapegoat" in serious  # the case really has one


# -- Dutch and English -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(CASES))
def test_english_has_the_same_structure_and_other_texts(name):
    nl, en = pair(name)
    assert en.id == nl.id + "-en"

    def shape(a):
        return (a.id, a.kind, a.role, a.side, a.stance, a.influence)

    assert [shape(a) for a in en.actors] == [shape(a) for a in nl.actors]
    assert [(e.id, e.date, e.source, e.intensity) for e in en.fuel] == \
        [(e.id, e.date, e.source, e.intensity) for e in nl.fuel]
    assert [p.side for p in en.poles] == [p.side for p in nl.poles]
    assert en.strategy.me == nl.strategy.me
    assert en.strategy.intended == nl.strategy.intended
    assert [(a.id, a.date, a.targets, a.game_changers, a.status) for a in en.strategy.actions] == \
        [(a.id, a.date, a.targets, a.game_changers, a.status) for a in nl.strategy.actions]
    assert [(s.id, s.date, [shape(a) for a in s.actors]) for s in en.snapshots] == \
        [(s.id, s.date, [shape(a) for a in s.actors]) for s in nl.snapshots]
    assert set(en.answers) == set(nl.answers)
    for sheet, answers in nl.answers.items():
        assert set(en.answers[sheet]) == set(answers), sheet
        for field, value in answers.items():
            other = en.answers[sheet][field]
            if isinstance(value, str) and len(value) > 20:
                assert other != value, (sheet, field)  # translated
            elif not isinstance(value, (str, list)) or field in ("members", "who", "with",
                                                                "at_stake_actors", "signals",
                                                                "checks", "pressures"):
                assert other == value, (sheet, field)  # the same choice
    # the texts are translated
    assert en.title != nl.title and en.narrative != nl.narrative
    assert all(x.notes != y.notes for x, y in zip(en.actors, nl.actors))
    assert all(x.description != y.description for x, y in zip(en.fuel, nl.fuel))
    assert all(x.identity != y.identity for x, y in zip(en.poles, nl.poles))
    assert all(x.title != y.title for x, y in zip(en.strategy.actions, nl.strategy.actions))
