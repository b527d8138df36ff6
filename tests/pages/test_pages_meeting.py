"""AppTest: the intervision meeting page. A facilitator plans a meeting, starts it, moves
through the phases with the clock, records questions and advice (tagged with a game changer
and pitfalls), the case-bringer takes an advice (it becomes an action in the plan naming the
meeting), sets the follow-up, ends it, and the minutes and the comparison show no name while
anonymised, nor does the sidebar name a case."""

from __future__ import annotations

import datetime as dt

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, start, texts
from tests.conftest import ROOT
from workbook import i18n
from workbook.case.files import read_case
from workbook.case.model import Case
from workbook.case.store import Store

CASE = ROOT / "casestudies" / "politie_jongeren.yaml"
PAGE = "app_pages/meeting.py"


@pytest.fixture
def case_id(store) -> str:
    return store.create(read_case(CASE.read_bytes(), "case")).case.id


def stored(case_id: str):
    return Store().get(case_id).case


def plan(at, method: str = "wij_zij_advice"):
    at.radio(key="meeting_new_method").set_value(method).run()
    at.text_input(key="meeting_new_title").input("Intervisie Ter Heide")
    at.text_input(key="meeting_new_facilitator").input("Griet Van Damme")
    at.text_input(key="meeting_new_bringer").input("Stad Ter Heide")
    at.text_area(key="meeting_new_participants").input("Koen Maes\nLien De Smet")
    next(b for b in at.button if b.label == i18n.t("meeting.plan", "nl")).click().run()
    return at


def sidebar_strings(at) -> str:
    """Every string the sidebar sends to the browser (labels, options, values, captions, help)."""
    found: list[str] = []

    def strings(msg: Message) -> None:
        for field, value in msg.ListFields():
            for v in value if field.is_repeated else [value]:
                if isinstance(v, Message):
                    strings(v)
                elif isinstance(v, str):
                    found.append(v)

    def visit(node) -> None:
        if isinstance(getattr(node, "proto", None), Message):
            strings(node.proto)
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at.sidebar)
    return "\n".join(found)


def test_without_a_case_the_page_says_what_to_do(db_url):
    at = start(page=PAGE)
    assert not at.exception
    assert i18n.t("meeting.need_case", "nl") in texts(at)
    # the sidebar hides the case list here (anonymised by default): a way to open a case
    assert [link.proto.label for link in at.get("page_link")] == [i18n.t("nav.case", "nl")]


def test_planning_shows_the_methods_with_their_origin(case_id):
    at = start(case_id, page=PAGE)
    assert not at.exception
    options = at.radio(key="meeting_new_method").options
    assert any("Wij-Zij" in o for o in options) and any("Incident" in o for o in options)
    at.radio(key="meeting_new_method").set_value("incident").run()
    assert "Hendriksen" in texts(at)


def test_a_whole_meeting_from_plan_to_minutes(case_id):
    at = plan(start(case_id, page=PAGE))
    assert not at.exception
    case = stored(case_id)
    assert len(case.meetings) == 1 and case.meetings[0].participants == ["Koen Maes",
                                                                        "Lien De Smet"]
    meeting = case.meetings[0]
    assert i18n.t("meeting.not_started", "nl", minutes=80) in texts(at)
    at.button(key="meeting_start").click().run()
    meeting = stored(case_id).meeting(meeting.id)
    assert meeting.phase == "authentic_question" and meeting.running_since is not None
    assert "Stap 1 van 6" in texts(at)
    # the clock: running, then paused (the pause keeps the time), then on again
    at.button(key="meeting_pause").click().run()
    assert stored(case_id).meeting(meeting.id).running_since is None
    assert i18n.t("meeting.clock_paused", "nl") in texts(at)
    at.button(key="meeting_resume").click().run()
    at.text_area(key="meeting_new_note").input("Hoe krijgen we de ouders van de Kooi mee?")
    next(b for b in at.button if b.label == i18n.t("meeting.add", "nl")).click().run()
    at.button(key="meeting_next").click().run()
    assert stored(case_id).meeting(meeting.id).phase == "understand"
    at.text_area(key="meeting_new_question").input("Wat deed de wijkagent na het incident?")
    next(b for b in at.button if b.label == i18n.t("meeting.add", "nl")).click().run()
    at.button(key="meeting_next").click().run()  # tailored input
    at.button(key="meeting_next").click().run()  # advice
    assert stored(case_id).meeting(meeting.id).phase == "advice"
    at.text_area(key="meeting_new_advice").input("Spreek de ouders aan over wat zij nodig hebben.")
    at.selectbox(key="meeting_new_advice_gc").set_value("target_group")
    at.multiselect(key="meeting_new_advice_pitfalls").set_value(["podium_for_pushers"])
    next(b for b in at.button if b.label == i18n.t("meeting.add_advice", "nl")).click().run()
    item = next(i for i in stored(case_id).meeting_items if i.kind == "advice")
    assert item.game_changer == "target_group" and item.pitfalls == ["podium_for_pushers"]
    at.button(key="meeting_next").click().run()  # the municipality chooses
    at.checkbox(key=f"meeting_take_{item.id}").check().run()
    assert not at.exception
    case = stored(case_id)
    action = next(a for a in case.strategy.actions if a.meeting == meeting.id)
    assert action.title.startswith("Spreek de ouders aan") and action.game_changers == ["target_group"]
    assert i18n.t("meeting.in_plan", "nl", n=1) in texts(at)
    at.button(key="meeting_next").click().run()  # follow-up
    at.date_input(key=f"meeting_fu_date_{meeting.id}").set_value(dt.date(2027, 1, 15))
    at.text_area(key=f"meeting_fu_note_{meeting.id}").input("Terugblik met de stad.")
    next(b for b in at.button if b.label == i18n.t("meeting.save", "nl")).click().run()
    at.button(key="meeting_end").click().run()
    meeting = stored(case_id).meeting(meeting.id)
    assert meeting.ended and meeting.follow_up == dt.date(2027, 1, 15)
    assert set(meeting.phase_times) == {"authentic_question", "understand", "input", "advice",
                                        "choice", "follow_up"}
    # the minutes, anonymised by default: no name of an actor or of the meeting's people
    at = start(case_id, page=PAGE, tab="minutes")
    assert not at.exception
    shown = texts(at) + " ".join(str(df.value.to_dict()) for df in at.dataframe)
    assert "aan over wat zij nodig hebben." in shown  # ("Ouders" is an actor: a pseudonym)
    assert "Terugblik met de stad." in shown
    for name in ["Griet", "Van Damme", "Koen Maes", "Lien", "Ilyas", "Kooi"]:
        assert name not in shown, name
    assert "15/01/2027" in shown
    # the plan shows the action, and where it came from
    part3 = start(case_id, page="app_pages/part3.py", ws="plan")
    assert not part3.exception
    grid = next(df.value for df in part3.dataframe if "meeting" in df.value.columns)
    row = grid[grid["title"].str.startswith("Spreek de ouders aan")].iloc[0]
    assert row["meeting"] == "Intervisie Ter Heide"


def test_the_run_tab_shows_what_was_recorded_without_names_until_names_are_shown(case_id):
    at = plan(start(case_id, page=PAGE))
    at.button(key="meeting_start").click().run()
    actor = stored(case_id).actors[0].name
    at.text_area(key="meeting_new_note").input(f"{actor} zegt dat Koen Maes het weet.")
    next(b for b in at.button if b.label == i18n.t("meeting.add", "nl")).click().run()
    shown = texts(at)  # anonymised by default
    assert actor not in shown and "Koen" not in shown and "zegt dat Deelnemer 1 het weet." in shown
    at.toggle(key="meeting_anonymise").set_value(False).run()
    assert f"{actor} zegt dat Koen Maes het weet." in texts(at)  # names shown: as typed
    assert stored(case_id).meeting_items[0].text == f"{actor} zegt dat Koen Maes het weet."


def test_undo_takes_back_a_step_of_the_meeting(case_id):
    at = plan(start(case_id, page=PAGE))
    at.button(key="meeting_start").click().run()
    meeting = stored(case_id).meetings[0]
    assert meeting.phase == "authentic_question"
    at.toggle(key="meeting_anonymise").set_value(False).run()  # undo: with names shown only
    undo = next(b for b in at.sidebar.button if b.label == i18n.t("sidebar.undo", "nl"))
    undo.click().run()
    assert stored(case_id).meetings[0].phase == ""


def test_the_comparison_of_kept_readings_names_no_one_while_anonymised(case_id):
    at = plan(start(case_id, page=PAGE))
    at.button(key="meeting_start").click().run()
    at.button(key="meeting_next").click().run()
    at.button(key="meeting_next").click().run()  # tailored input: collects readings
    at.text_input(key="meeting_reader").input("Koen Maes")
    # Koen sees the first actor as a joiner of side B, the rest as the case has them
    at.session_state["meeting_reading_table"] = {
        "edited_rows": {0: {"role": "joiner", "side": "b", "stance": 0.4}},
        "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if b.label == i18n.t("meeting.keep_reading", "nl")).click().run()
    assert not at.exception
    case = stored(case_id)
    assert len(case.meeting_readings) == 1 and case.meeting_readings[0].reader == "Koen Maes"
    placed = case.meeting_readings[0].placements
    first, second = case.actors[0], case.actors[1]
    assert (placed[first.id].role, placed[first.id].side, placed[first.id].stance) == (
        "joiner", "b", 0.4)
    assert placed[second.id].role == second.role
    at = start(case_id, page=PAGE, tab="compare")
    assert not at.exception
    shown = texts(at) + " ".join(el.proto.spec for el in at.get("plotly_chart"))
    shown += " ".join(str(df.value.to_dict()) for df in at.dataframe)
    for name in ["Koen", "Ilyas", "Marc", "Kooi", "Lindelaan"]:
        assert name not in shown, name
    assert i18n.t("compare.reader_n", "nl", n=2) in shown


def test_anonymised_the_sidebar_names_no_case_until_names_are_shown(case_id):
    """On a shared screen the meeting page's switch (on by default) hides the sidebar's case
    list, new case and undo too: no title of the open case or of another one, from the first
    run on the page on; switched off, they are back on the very run, and on again, gone."""
    title = stored(case_id).title
    other = "Ruzie in de klas van meester Jan"
    Store().create(Case(title=other))
    at = start(case_id)  # the case page: the list names both cases
    assert title in sidebar_strings(at) and other in sidebar_strings(at)

    def hidden(at) -> bool:
        assert not at.exception
        shown = sidebar_strings(at)
        gone = title not in shown and other not in shown
        assert gone == (len(at.sidebar.selectbox) == 0 and len(at.sidebar.button) == 0)
        if gone:
            assert i18n.t("sidebar.anonymised", "nl") in shown
        return gone

    first = AppTest.from_file(APP, default_timeout=60)  # a first load of the meeting's link
    first.query_params.update(lang="nl", case=case_id)
    first.switch_page(PAGE).run()
    assert first.toggle(key="meeting_anonymise").value is True and hidden(first)
    at.switch_page(PAGE).run()  # from another page
    assert at.toggle(key="meeting_anonymise").value is True and hidden(at)
    at = plan(at)  # a meeting on screen, and a change that undo could take back
    assert hidden(at)
    at.toggle(key="meeting_anonymise").set_value(False).run()
    assert not hidden(at)
    assert at.sidebar.selectbox(key="case_picker").value == case_id
    assert title in sidebar_strings(at) and other in sidebar_strings(at)
    assert any(b.label == i18n.t("sidebar.undo", "nl") for b in at.sidebar.button)
    at.toggle(key="meeting_anonymise").set_value(True).run()
    assert hidden(at)
    at.switch_page("app_pages/map.py").run()  # elsewhere the list is back; on return, hidden
    assert not hidden(at)
    at.switch_page(PAGE).run()
    assert at.toggle(key="meeting_anonymise").value is True and hidden(at)
