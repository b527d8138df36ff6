"""Presenting a case step by step: which steps, what each shows, the step from the URL, and
a map that fits the screen with room for every name."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.analysis import presentation as pres
from workbook.analysis.polarmap import actor_ids, labelled_ids
from workbook.case.model import Actor, Case, FuelEvent, Place

D = dt.date


@pytest.fixture
def politie(library) -> Case:
    return next(c for c in library if c.id == "cs-politie-jongeren")


def keys(steps) -> list[str]:
    return [s.key for s in steps]


def test_the_steps_follow_the_framework(politie, framework):
    steps = pres.steps(politie, framework)
    assert keys(steps)[:6] == ["poles", "pushers", "joiners", "middle", "bridge", "scapegoat"]
    assert set(keys(steps)[6:-1]) == {"fuel"} and keys(steps)[-1] == "intended"
    assert 1 < keys(steps).count("fuel") <= pres.MAX_FUEL_STEPS + 1


def test_each_step_shows_what_the_steps_before_showed_and_more(politie, framework):
    steps = pres.steps(politie, framework)
    shown = [pres.shown_ids(politie, framework, s) for s in steps]
    assert shown[0] == set()  # the poles alone
    assert all(a <= b for a, b in zip(shown, shown[1:]))
    roles = {a.id: a.role for a in politie.actors}
    assert {roles[i] for i in shown[1]} == {"pusher"}
    assert {roles[i] for i in shown[2]} == {"pusher", "joiner"}
    assert {roles[i] for i in shown[5]} == {"pusher", "joiner", "silent", "bridge_builder",
                                            "scapegoat"}
    fuel = [s for s in steps if s.fuel]
    counts = [len(pres.fuel_shown(politie, s)) for s in fuel]
    assert counts == sorted(counts) and counts[-1] == len(politie.fuel)
    # together the steps list every fuel event once
    listed = [e.id for s in fuel for e in pres.new_fuel(politie, s)]
    assert sorted(listed) == sorted(e.id for e in politie.fuel)
    assert not any(s.fuel for s in steps[:6]) and not steps[-1].fuel


def test_steps_with_nothing_to_show_are_left_out(framework):
    case = Case(actors=[Actor(id="p", name="P", role="pusher", side="a"),
                        Actor(id="q", name="Q", role="pusher", side="b"),
                        Actor(id="m", name="M", role="silent")])
    assert keys(pres.steps(case, framework)) == ["poles", "pushers", "middle"]
    assert keys(pres.steps(Case(), framework)) == ["poles"]
    undecided = Case(actors=[Actor(id="x", name="X")])
    assert keys(pres.steps(undecided, framework)) == ["poles", "everyone"]


def test_fuel_is_played_month_by_month_or_in_four_stretches(framework):
    def case(dates):
        return Case(actors=[Actor(id="p", name="P", role="pusher", side="a")],
                    fuel=[FuelEvent(source="p", date=d) for d in dates])

    few = pres.steps(case([D(2026, 3, 2), D(2026, 3, 20), D(2026, 5, 1), None]), framework)
    fuel = [s for s in few if s.fuel]
    assert [(s.until, s.all_fuel) for s in fuel] == [
        (D(2026, 3, 20), False), (D(2026, 5, 1), False), (None, True)]
    many = [D(2026, m, 1) for m in range(1, 13)]
    assert len([s for s in pres.steps(case(many), framework) if s.fuel]) == pres.MAX_FUEL_STEPS


@pytest.mark.parametrize("raw,expected", [("3", 3), ("1", 1), ("0", 1), ("-4", 1), ("99", 9),
                                          ("2.6", 3), ("abc", 1), ("", 1), (None, 1),
                                          ("nan", 1), ("inf", 9), ("1e9", 9), (" 4 ", 4)])
def test_a_step_from_the_url_is_brought_to_the_nearest_valid_one(raw, expected):
    assert pres.step_number(raw, 9) == expected


def test_the_middles_concerns_sentence_by_sentence(politie):
    found = pres.concerns(politie)
    assert 2 <= len(found) <= pres.MAX_CONCERNS
    assert found[0].startswith("Ouders:")
    assert pres.concerns(Case()) == []


def test_every_step_draws_exactly_its_actors_with_their_names(politie, framework):
    s = pres.screen(1280, 720)
    whole = None
    for step in pres.steps(politie, framework):
        if step.key == "intended":
            today, goal = pres.intended_maps(politie, framework, "nl", s.map_width // 2,
                                             s.map_height, s.scale)
            assert len(actor_ids(today)) == len(actor_ids(goal)) == len(politie.actors)
            continue
        fig = pres.step_map(politie, framework, "nl", step, s.map_width, s.map_height, s.scale)
        drawn = set(actor_ids(fig))
        assert drawn == pres.shown_ids(politie, framework, step)
        assert labelled_ids(fig) == drawn  # room for every name on a projector
        legend = {t.name for t in fig.data if t.showlegend}
        assert all(t.x is not None and len(t.x) for t in fig.data if t.showlegend), legend
        whole = fig
    # no one moves while the map fills up: the last step's places are the whole map's
    from workbook.analysis.polarmap import build_map
    full = build_map(politie, framework, "nl", width=s.map_width, height=s.map_height,
                     scale=s.scale)
    where = {cid: (x, y) for t in full.data if t.mode == "markers+text"
             for cid, x, y in zip(t.customdata, t.x, t.y)}
    for t in whole.data:
        if t.mode == "markers+text":
            for cid, x, y in zip(t.customdata, t.x, t.y):
                assert where[cid] == (x, y)


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080), (1024, 768)])
def test_the_map_fits_the_window_with_larger_type(width, height):
    s = pres.screen(width, height)
    assert s.map_width + s.side_width <= width - 40 and s.map_height <= height - 70
    assert 1.2 <= s.scale <= 2.0
    assert pres.screen(1920, 1080).scale > pres.screen(1280, 720).scale
