"""AppTest: quick entry. A clear button beside the actor, fuel and action tables opens one
form; saving adds the row (the map shows it), empties the form and keeps it open for the
next one; editing a row from the list beside the table, too. Dates are typed day first in
both languages: 15/09/2026 is 15 September, 31/02/2026 is refused with a reason, never read
another way. The tables pin their name column, show what fits and leave empty cells empty."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.apptest import start, texts
from workbook import i18n
from workbook.case.model import Action, Actor, Case, FuelEvent, Pole

PART2, PART3 = "app_pages/part2.py", "app_pages/part3.py"


@pytest.fixture
def case_id(store) -> str:
    case = Case(title="Plein", poles=[Pole(side="a", label="Jongeren"),
                                      Pole(side="b", label="Buurt")],
                actors=[Actor(id="a1", name="Ann", role="pusher", side="a")],
                fuel=[FuelEvent(id="f1", description="Filmpje", date=dt.date(2026, 9, 2))],
                strategy={"actions": [Action(id="x1", title="Gesprek")]})
    return store.create(case).case.id


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def prefix(kind: str, row_id: str = "new") -> str:
    return f"w:entry:panel:{kind}:{row_id}:"


def open_form(at, kind: str, lang: str = "nl"):
    button(at, i18n.t(f"entry.add_{kind}", lang)).click().run()
    assert not at.exception
    return at


def map_names(at) -> set[str]:
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                if c.proto.id.endswith("part2_map"))
    return {t for trace in spec["data"] for t in (trace.get("text") or []) if isinstance(t, str)}


def test_adding_actors_one_after_another_with_the_form(store, case_id):
    at = start(case_id, page=PART2, ws="actors")
    open_form(at, "actor")
    p = prefix("actor")
    for name, role in (("Bo <b>B</b>", "joiner"), ("Cas", "silent")):
        at.text_input(key=p + "name").input(name)
        at.selectbox(key=p + "role").set_value(role)
        at.radio(key=p + "side").set_value("b")
        button(at, "Toevoegen").click().run()
        assert not at.exception
        assert at.text_input(key=p + "name").value == "", "the form is empty for the next one"
    actors = store.get(case_id).case.actors
    assert [(a.name, a.role, a.side) for a in actors] == [
        ("Ann", "pusher", "a"), ("Bo <b>B</b>", "joiner", "b"), ("Cas", "silent", "b")]
    assert "‘Cas’ staat op de kaart" in texts(at)
    assert "Cas" in " ".join(map_names(at))


def test_an_actor_without_a_name_is_not_added(store, case_id):
    at = open_form(start(case_id, page=PART2, ws="actors"), "actor")
    button(at, "Toevoegen").click().run()
    assert "Geef de actor eerst een naam." in texts(at)
    assert len(store.get(case_id).case.actors) == 1


def test_editing_an_actor_picked_beside_the_table(store, case_id):
    at = start(case_id, page=PART2, ws="actors")
    at.selectbox(key="entry-pick-actor").set_value("a1").run()
    p = prefix("actor", "a1")
    assert at.text_input(key=p + "name").value == "Ann"
    at.slider(key=p + "influence").set_value(5)
    button(at, "Opslaan").click().run()
    assert not at.exception
    assert store.get(case_id).case.actor("a1").influence == 5
    assert not [t for t in at.text_input if (t.key or "").startswith(p)], "the form closed"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_fuel_date_is_read_day_first_in_both_languages(store, case_id, lang):
    at = open_form(start(case_id, lang=lang, page=PART2, ws="fuel"), "fuel", lang)
    p = prefix("fuel")
    at.text_input(key=p + "description").input("Brief aan de raad")
    at.text_input(key=p + "date").input("15/09/2026")
    button(at, i18n.t("entry.add", lang)).click().run()
    assert not at.exception
    added = store.get(case_id).case.fuel[-1]
    assert (added.description, added.date) == ("Brief aan de raad", dt.date(2026, 9, 15))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_impossible_date_is_refused_with_a_reason_and_nothing_stored(store, case_id, lang):
    at = open_form(start(case_id, lang=lang, page=PART2, ws="fuel"), "fuel", lang)
    p = prefix("fuel")
    at.text_input(key=p + "description").input("Affiche")
    at.text_input(key=p + "date").input("31/02/2026")
    button(at, i18n.t("entry.add", lang)).click().run()
    assert len(store.get(case_id).case.fuel) == 1
    shown = texts(at)
    assert i18n.t("dates.refused", lang, reason="").strip() in shown and "31/02/2026" in shown
    assert at.text_input(key=p + "date").value == "31/02/2026", "what was typed stays"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_date_typed_in_the_fuel_table_is_read_day_first(store, case_id, lang):
    from tests.pages.test_editor_ops import do, open_tab

    at = open_tab(case_id)
    at.session_state["lang"] = lang
    do(at, "ui.worksheets.tables", "_save_fuel",
       **{"w:fuel": {"edited_rows": {0: {"date": "15/09/2026"}}}})
    assert store.get(case_id).case.fuel[0].date == dt.date(2026, 9, 15)
    do(at, "ui.worksheets.tables", "_save_fuel",
       **{"w:fuel": {"edited_rows": {0: {"date": "31/02/2026", "channel": "TikTok"}}}})
    event = store.get(case_id).case.fuel[0]
    assert (event.date, event.channel) == (dt.date(2026, 9, 15), "TikTok")
    assert any("31/02/2026" in e.value for e in at.error)


def test_the_fuel_table_shows_dates_in_the_readers_format(case_id):
    for lang, shown in (("nl", "02/09/2026"), ("en", "2 Sep 2026")):
        at = start(case_id, lang=lang, page=PART2, ws="fuel")
        grid = next(e for e in at.dataframe)
        assert shown in str(grid.value["date"].tolist())


def test_adding_an_action_with_the_form(store, case_id):
    at = open_form(start(case_id, page=PART3, ws="plan"), "action")
    p = prefix("action")
    at.text_input(key=p + "title").input("Gesprek met de ouders")
    at.text_input(key=p + "owner").input("Jeugdwerk")
    at.text_input(key=p + "date").input("1-10-2026")
    at.multiselect(key=p + "targets").set_value(["a1"])
    button(at, "Toevoegen").click().run()
    assert not at.exception
    action = store.get(case_id).case.strategy.actions[-1]
    assert (action.title, action.owner, action.date, action.targets) == (
        "Gesprek met de ouders", "Jeugdwerk", dt.date(2026, 10, 1), ["a1"])


def test_the_tables_pin_the_name_show_what_fits_and_leave_empty_cells_empty(case_id):
    at = start(case_id, page=PART2, ws="actors")
    grid = next(e for e in at.dataframe)
    config = json.loads(grid.proto.columns)
    assert config["name"]["pinned"] is True
    assert list(grid.proto.column_order) == ["name", "role", "side", "influence"]
    assert grid.proto.placeholder == ""
    at = start(case_id, page=PART3, ws="plan")
    grid = next(e for e in at.dataframe)
    assert list(grid.proto.column_order)[:5] == ["title", "owner", "date", "targets",
                                                 "game_changers"]
    assert json.loads(grid.proto.columns)["title"]["pinned"] is True


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_worksheets_date_field_is_read_day_first_and_refuses_impossible_dates(
        store, case_id, lang):
    at = start(case_id, lang=lang, page=PART2, ws="intake")
    at.text_input(key="w:intake:since").input("15/09/2026").run()
    assert store.get(case_id).case.answer("intake", "since") == "2026-09-15"
    assert i18n.t("dates.read_as", lang, date="15 " + ("september" if lang == "nl"
                                                        else "September") + " 2026") in texts(at)
    at.text_input(key="w:intake:since").input("31/02/2026").run()
    assert store.get(case_id).case.answer("intake", "since") == "2026-09-15"
    assert any("31/02/2026" in e.value for e in at.error)


@pytest.mark.parametrize("page, ws", [(PART2, "actors"), (PART2, "fuel"), (PART3, "plan"),
                                      (PART3, "tone")])
def test_the_tables_of_an_empty_case(store, page, ws):
    cid = store.create(Case(title="Leeg")).case.id
    for lang in ("nl", "en"):
        at = start(cid, lang=lang, page=page, ws=ws)
        assert not at.exception, at.exception
