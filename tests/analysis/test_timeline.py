"""Over time: the fuel timeline and its temperature, snapshots of the map and their animation,
the role balance, and the case format that keeps snapshots (version 2, migrated from 1)."""

from __future__ import annotations

import datetime as dt
import html
import json

import plotly.graph_objects as go
import pytest
import yaml

from workbook.analysis import snapshots
from workbook.analysis.balance import balance_figure, role_balance
from workbook.case.model import FORMAT_VERSION, Actor, Case, FuelEvent, Pole
from workbook.case.files import dump_case, read_case
from workbook.analysis.polarmap import POLE_COLOURS
from workbook.analysis.timeline import (HALF_LIFE_DAYS, MAX_POINTS, build_timeline, dated_events,
                                        temperature, undated_count)
from tests.conftest import ROOT

D = dt.date(2026, 9, 1)
SCRIPT = "<script>alert(1)</script>"


def _case() -> Case:
    return Case(
        poles=[Pole(side="a", label="Jongeren"), Pole(side="b", label="Politie")],
        actors=[Actor(id="ya", name="Yassin", role="pusher", side="a", stance=-0.9),
                Actor(id="bc", name="Buurtcomité", role="pusher", side="b", stance=0.9),
                Actor(id="jw", name="Jeugdwerker", role="bridge_builder")],
        fuel=[FuelEvent(id="e1", date=D, source="ya", intensity=4, description="filmpje"),
              FuelEvent(id="e2", date=D + dt.timedelta(days=14), source="bc", intensity=3),
              FuelEvent(id="e3", date=D + dt.timedelta(days=14), source="bc", intensity=3),
              FuelEvent(id="e4", date=None, source="jw", intensity=2)],
    )


# -- temperature -----------------------------------------------------------------------------
def test_temperature_rises_with_fuel_and_halves_every_half_life():
    heat = dict(temperature([FuelEvent(date=D, intensity=4)]))
    assert heat[D] == pytest.approx(4)
    assert heat[D + dt.timedelta(days=HALF_LIFE_DAYS)] == pytest.approx(2, rel=1e-3)
    assert heat[D + dt.timedelta(days=2 * HALF_LIFE_DAYS)] == pytest.approx(1, rel=1e-3)


def test_temperature_adds_up_events():
    heat = dict(temperature([FuelEvent(date=D, intensity=2), FuelEvent(date=D, intensity=3),
                             FuelEvent(date=D + dt.timedelta(days=7), intensity=1)]))
    assert heat[D] == pytest.approx(5)
    assert heat[D + dt.timedelta(days=7)] == pytest.approx(5 * 0.5 ** 0.5 + 1, rel=1e-3)


def test_temperature_of_a_long_period_stays_small():
    events = [FuelEvent(date=dt.date(1990, 1, 1), intensity=1),
              FuelEvent(date=dt.date(2026, 1, 1), intensity=5)]
    heat = temperature(events)
    assert len(heat) <= MAX_POINTS + 1
    assert max(v for _, v in heat) == pytest.approx(5, rel=0.1)


def test_no_dated_fuel_no_temperature():
    assert temperature([FuelEvent(intensity=5)]) == []


# -- the timeline figure ---------------------------------------------------------------------
def test_the_timeline_colours_events_by_the_pole_they_come_from(framework):
    case = _case()
    fig = go.Figure(build_timeline(case, framework, "nl").to_dict())  # valid Plotly
    points = {t.customdata[i]: t.marker.color for t in fig.data
              if t.mode == "markers" for i in range(len(t.customdata or ()))}
    assert points == {"e1": POLE_COLOURS["a"], "e2": POLE_COLOURS["b"],
                      "e3": POLE_COLOURS["b"]}  # e4 has no date: not on the line
    assert undated_count(case) == 1 and len(dated_events(case)) == 3
    ys = [y for t in fig.data if t.mode == "markers" for y in t.y]
    assert sorted(ys)[:2] != [3, 3]  # two events on one day and level do not hide each other
    temp = next(t for t in fig.data if t.yaxis == "y2")
    assert max(temp.y) == pytest.approx(4 * 0.5 + 6, rel=0.01)


def test_the_timeline_escapes_user_text_and_marks_snapshots(framework):
    case = _case()
    case = case.model_copy(update={
        "actors": [case.actors[0].model_copy(update={"name": SCRIPT}), *case.actors[1:]],
        "fuel": [case.fuel[0].model_copy(update={"description": SCRIPT}), *case.fuel[1:]]})
    snap = snapshots.take(case, D + dt.timedelta(days=3), SCRIPT)
    case = Case.model_validate({**case.to_doc(), "snapshots": snapshots.added(case, snap)})
    text = json.dumps(build_timeline(case, framework, "en").to_plotly_json(), default=str)
    assert "<script>" not in text and html.escape("<script>") in text
    assert any(s["type"] == "line" for s in build_timeline(case, framework).layout.shapes
               if s.x0 == (D + dt.timedelta(days=3)).isoformat())


def test_an_empty_timeline_says_what_to_do(framework):
    fig = build_timeline(Case(), framework, "en")
    assert any("No dated fuel yet" in a.text for a in fig.layout.annotations)


# -- snapshots -------------------------------------------------------------------------------
def test_a_snapshot_keeps_the_map_as_it_was():
    case = _case()
    snap = snapshots.take(case, D, "voor de infoavond")
    later = case.model_copy(update={"actors": [a.model_copy(update={"role": "joiner"})
                                               for a in case.actors]})
    assert [a.role for a in snap.actors] == ["pusher", "pusher", "bridge_builder"]
    assert [a.role for a in later.actors] == ["joiner"] * 3
    assert snap.poles[0].label == "Jongeren" and snap.date == D


def test_snapshots_are_kept_in_date_order_and_can_be_removed():
    case = _case()
    late, early = snapshots.take(case, D + dt.timedelta(days=30), "laat"), snapshots.take(case, D, "vroeg")
    case = Case.model_validate({**case.to_doc(), "snapshots": snapshots.added(case, late)})
    case = Case.model_validate({**case.to_doc(), "snapshots": snapshots.added(case, early)})
    assert [s.label for s in case.snapshots] == ["vroeg", "laat"]
    case = Case.model_validate({**case.to_doc(), "snapshots": snapshots.removed(case, early.id)})
    assert [s.label for s in case.snapshots] == ["laat"]


def test_the_animation_plays_the_snapshots_in_order(framework):
    case = _case()
    first = snapshots.take(case, D, "begin")
    moved = case.model_copy(update={"actors": [case.actors[0].model_copy(update={"role": "joiner"}),
                                               *case.actors[1:]]})
    second = snapshots.take(moved, D + dt.timedelta(days=20), SCRIPT)
    doc = {**case.to_doc(), "snapshots": [first.model_dump(mode="json"),
                                          second.model_dump(mode="json")]}
    case = Case.model_validate(doc)
    fig = go.Figure(snapshots.build_animation(case, framework, "nl").to_dict())  # valid Plotly
    assert [f.name for f in fig.frames] == ["f0", "f1", "f2"]  # two snapshots, then now
    assert len({len(f.data) for f in fig.frames}) == 1  # frames line up trace by trace
    steps = fig.layout.sliders[0].steps
    assert steps[0].label.startswith("01/09/2026") and html.escape("<script>")[:6] in steps[1].label
    assert "<script>" not in json.dumps(fig.to_plotly_json(), default=str)
    assert fig.layout.updatemenus[0].buttons[0].args[1]["frame"]["duration"] > 0  # play

    def role_of(frame, actor_id):
        return next(t.name for t in frame.data if t.ids is not None and actor_id in t.ids)
    assert role_of(fig.frames[0], "ya") != role_of(fig.frames[1], "ya")
    # fuel in a frame is the fuel up to that snapshot's date
    heads = [next(t for t in f.data if t.legendgroup == "fuel" and t.mode == "markers")
             for f in fig.frames]
    assert len(heads[0].x) < len(heads[2].x)


# -- role balance ----------------------------------------------------------------------------
def test_role_balance_counts_roles_and_estimates_the_middle(framework, library):
    case = next(c for c in library if c.id == "ex-stationsplein")
    balance = role_balance(case, framework, "nl")
    assert balance.count("pusher") == 2 and balance.count("joiner") == 2
    assert balance.count("silent") == 1 and balance.count("scapegoat") == 1
    assert balance.middle == 2 and balance.with_role == 7
    assert balance.middle_share == pytest.approx(2 / 7)
    assert (balance.side_a, balance.side_b) == (2, 2)
    empty = role_balance(Case(), framework)
    assert empty.middle_share is None and empty.total == 0
    fig = go.Figure(balance_figure(balance, "en").to_dict())
    assert list(fig.data[0].x) == [2, 2, 1, 1, 1]


# -- the case format -------------------------------------------------------------------------
def test_a_version_1_case_opens_migrated_with_no_snapshots():
    raw = (ROOT / "casestudies" / "stationsplein.yaml").read_bytes()
    doc = yaml.safe_load(raw)
    doc["format_version"] = 1
    doc.pop("snapshots", None)
    case = read_case(yaml.safe_dump(doc, allow_unicode=True).encode(), "v1.yaml")
    assert case.format_version == FORMAT_VERSION == 5  # migrated through 2, 3 and 4 to 5
    assert case.snapshots == [] and case.actors and case.poles[0].label


def test_a_stored_version_1_document_opens_too(db_url):
    from dataclasses import replace

    from tests.case.wholedocs import WholeDocs, old_database
    from workbook.case.store import Store
    case = _case()
    old = case.to_doc()  # a document stored as version 1, before snapshots
    old["format_version"] = 1
    old.pop("snapshots")
    whole = WholeDocs(case)
    whole.revs[0] = replace(whole.revs[0], doc=old)
    old_database(db_url, {case.id: whole})
    store = Store(db_url)
    for read in (store.get(case.id).case, store.revision(case.id, 1)):
        assert read.format_version == FORMAT_VERSION and read.snapshots == []
    assert store.document(case.id, 1)["format_version"] == 1, "stored as it was"


def test_snapshots_survive_a_round_trip(store):
    case = _case()
    saved = store.create(case)
    snap = snapshots.take(case, D, "begin")
    store.apply(case.id, ("snapshots",), snapshots.added(case, snap))
    again = store.get(saved.case.id).case
    assert again.snapshots[0].actors == case.actors
    text = dump_case(again)
    assert read_case(text.encode(), "x.yaml").snapshots == again.snapshots
