"""The case model, its files and their format versions."""

import pytest

from workbook.case import migrate as migrate_mod
from workbook.case.model import FORMAT_VERSION, Case
from workbook.case.files import dump_case, read_case
from workbook.framework.check import check_against, load_checked
from workbook.case.edits import apply_edit
from workbook.problems import InputRejected


def test_a_new_case_has_two_poles_and_the_current_format():
    case = Case()
    assert [p.side for p in case.poles] == ["a", "b"]
    assert case.format_version == FORMAT_VERSION


def test_a_case_needs_a_pole_on_each_side():
    with pytest.raises(ValueError):
        Case(poles=[{"side": "a"}, {"side": "a"}])


def test_more_than_one_thought_construct_is_allowed():
    case = Case(poles=[{"side": "a", "thought_construct": "1"}, {"side": "b"},
                       {"side": "a", "thought_construct": "2"}, {"side": "b"}])
    assert len(case.poles) == 4


def test_example_round_trips_through_yaml(library):
    for case in library:
        text = dump_case(case)
        assert dump_case(read_case(text.encode(), "x.yaml")) == text


def test_a_newer_format_is_refused_with_a_message():
    with pytest.raises(InputRejected) as exc:
        read_case(f"format_version: {FORMAT_VERSION + 1}\n".encode(), "new.yaml")
    message = exc.value.format("en")
    assert "newer than this app knows" in message and message.startswith("new.yaml:1:")


def test_an_older_format_is_migrated_not_refused(monkeypatch):
    """Pretend the app is one format further; a current file must then be migrated."""
    import workbook.case.model as case_mod

    calls = []

    def upgrade(doc):
        calls.append(doc["format_version"])
        return {**doc, "title": doc["title"] + " (migrated)"}

    monkeypatch.setattr(migrate_mod, "FORMAT_VERSION", FORMAT_VERSION + 1)
    monkeypatch.setitem(migrate_mod.MIGRATIONS, FORMAT_VERSION, upgrade)
    doc = migrate_mod.migrate({**Case(title="Oud").to_doc()}, "old.yaml")
    assert calls == [FORMAT_VERSION]
    assert doc["format_version"] == FORMAT_VERSION + 1 and doc["title"] == "Oud (migrated)"
    assert case_mod.FORMAT_VERSION == FORMAT_VERSION  # the model itself was not touched


@pytest.mark.parametrize("value", ["'1'", "0", "true", "1.5"])
def test_a_nonsense_format_version_is_refused(value):
    with pytest.raises(InputRejected) as exc:
        read_case(f"format_version: {value}\n".encode(), "x.yaml")
    assert exc.value.problems[0].loc == "format_version"


def test_unknown_roles_and_sources_are_located(catalogue):
    text = dump_case(Case(actors=[{"id": "a1", "name": "X", "role": "villain"}],
                          fuel=[{"source": "nobody"}]))
    with pytest.raises(InputRejected) as exc:
        load_checked(text.encode(), "c.yaml", catalogue.frameworks)
    kinds = {p.kind for p in exc.value.problems}
    assert kinds == {"unknown_role", "unknown_actor"}
    role = next(p for p in exc.value.problems if p.kind == "unknown_role")
    assert role.line == text.splitlines().index("  role: villain") + 1


def test_check_against_a_sound_case_is_empty(library, framework):
    for case in library:
        assert check_against(case, framework, "x") == []


def test_edits_cannot_change_identity_and_are_validated():
    case = Case()
    with pytest.raises(ValueError):
        apply_edit(case, ("id",), "other")
    with pytest.raises(ValueError):
        apply_edit(case, ("actors",), [{"stance": 4}])
    assert apply_edit(case, ("answers", "w", "f"), ["a"]).answer("w", "f") == ["a"]


def test_a_version_2_document_gets_the_same_row_ids_each_time_it_is_read():
    """Format 3 names every row by an id. Ids given to an older document come from the
    rows' places, so two tabs (or two processes) reading it name its rows alike."""
    from workbook.case.files import case_from_doc

    old = {"format_version": 2, "id": "oud", "title": "Oud",
           "poles": [{"side": "a", "label": "Wij"}, {"side": "b", "label": "Zij"}],
           "snapshots": [{"id": "s1", "poles": [{"side": "a"}, {"side": "b"}], "actors": []}],
           "answers": {"tone": {"rewrites": [{"original": "x"}, {"id": "r1", "original": "y"}],
                                "what": "tekst"}}}
    first, second = case_from_doc(old), case_from_doc(old)
    assert first == second and first.format_version == FORMAT_VERSION == 5
    assert [p.id for p in first.poles] == ["pole1", "pole2"]
    assert [p.id for p in first.snapshots[0].poles] == ["pole1", "pole2"]
    rows = first.answer("tone", "rewrites")
    assert [r["id"] for r in rows] == ["r1-1", "r1"] and first.answer("tone", "what") == "tekst"
    assert old["poles"][0] == {"side": "a", "label": "Wij"}, "the stored document is untouched"


def test_every_example_case_loads_with_ids_on_every_row(library):
    for case in library:
        assert all(p.id for p in case.poles)
        for fields in case.answers.values():
            for value in fields.values():
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    assert all(r.get("id") for r in value)


# -- version 4: a stance that was never set ------------------------------------------------------
def test_a_version_2_stance_of_0_on_a_side_was_never_set():
    """Version 2 gave every new actor stance 0; on side A or B that says 'between the poles'
    against the side, so it was never set. In the middle, 0 is a real answer and stays."""
    raw = ("format_version: 2\nactors:\n"
           "  - {id: p, name: P, role: pusher, side: a, stance: 0.0}\n"
           "  - {id: j, name: J, role: joiner, side: b}\n"
           "  - {id: s, name: S, role: silent, side: none, stance: 0.0}\n"
           "  - {id: q, name: Q, role: pusher, side: b, stance: 0.8}\n"
           "snapshots:\n  - actors:\n    - {id: p, name: P, side: a, stance: 0}\n")
    case = read_case(raw.encode(), "v2.yaml")
    assert case.format_version == FORMAT_VERSION == 5
    assert [a.stance for a in case.actors] == [None, None, 0.0, 0.8]
    assert case.snapshots[0].actors[0].stance is None
    assert case.anonymisation == []


def test_a_new_actor_has_no_stance_until_one_is_set():
    from workbook.case.model import Actor

    assert Actor(name="x").stance is None
    assert Actor(name="x", stance=-0.5).stance == -0.5
