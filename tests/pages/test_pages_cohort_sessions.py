"""AppTest, hosted for a cohort, between the sessions: the facilitator sets the three session
dates on the cohort page (typed day first; the course's rhythm shown until set; absurd ones
refused with the reason); a trainee's case page and part pages follow their cohort's dates
and say which cohort; the cohort view shows per trainee which assignment is done or open,
never what an unshared case says."""

from __future__ import annotations

import datetime as dt

from tests.apptest import texts
from tests.pages.test_pages_cohorts import FRIDA, TOM, button, cohort_of, hosted, user
from workbook.accounts.access import CaseAccess
from workbook.accounts.cohorts import CohortAccess
from workbook.case.model import Case
from workbook.case.store import Store
from workbook.framework import course

PAGE = "app_pages/cohort.py"
SEPT = (dt.date(2026, 9, 27), dt.date(2026, 10, 20), dt.date(2026, 11, 3))


def frida(db_url) -> CohortAccess:
    return CohortAccess(Store(db_url), user(FRIDA), True)


def keys(cohort_id: str) -> list[str]:
    return [f"sessions:{cohort_id}:{n}" for n in (1, 2, 3)]


def test_the_facilitator_sets_the_dates_typed_day_first(db_url):
    made = cohort_of(db_url)
    at = hosted(FRIDA, page=PAGE, lang="en")
    assert not at.exception and "Session dates" in texts(at) and "Not set yet" in texts(at)
    fields = [at.text_input(key=k) for k in keys(made.id)]
    assert [f.value for f in fields] == ["", "", ""]
    made_on = frida(db_url).mine()[0].created_at.date()  # the rhythm from that day, shown
    assert [f.placeholder for f in fields] == [
        d.strftime("%d/%m/%Y") for d in course.session_dates(made_on)]
    assert fields[0].label == "Session 1 (DD/MM/YYYY)"
    # session 1 alone: sessions 2 and 3 follow the course's rhythm
    at.text_input(key=keys(made.id)[0]).input("27-9-2026")
    button(at, "Save the dates").click().run()
    assert not at.exception
    assert ("Session dates of Gent voorjaar saved: 27 Sep 2026, 20 Oct 2026, 3 Nov 2026"
            in texts(at))
    assert frida(db_url).sessions(made.id) == SEPT
    assert [at.text_input(key=k).value for k in keys(made.id)] == [
        "27/09/2026", "20/10/2026", "03/11/2026"]
    # all three typed, in Dutch
    at = hosted(FRIDA, page=PAGE, lang="nl")
    for key, value in zip(keys(made.id), ("01/02/2027", "22 februari 2027", "2027-03-08")):
        at.text_input(key=key).input(value)
    button(at, "Data bewaren").click().run()
    assert not at.exception and "Sessiedata van Gent voorjaar bewaard" in texts(at)
    assert frida(db_url).sessions(made.id) == (dt.date(2027, 2, 1), dt.date(2027, 2, 22),
                                               dt.date(2027, 3, 8))


def test_absurd_or_unreadable_dates_are_refused_with_the_reason(db_url):
    made = cohort_of(db_url)
    frida(db_url).set_sessions(made.id, SEPT)
    at = hosted(FRIDA, page=PAGE, lang="en")
    assert [at.text_input(key=k).value for k in keys(made.id)] == [
        "27/09/2026", "20/10/2026", "03/11/2026"]
    assert "Your trainees see these dates." in texts(at)
    for values, words in [
            (("20/10/2026", "27/09/2026", "03/11/2026"), "session 2 must come after session 1"),
            (("31/02/2026", "20/10/2026", "03/11/2026"), "does not exist"),
            (("09/15/2026", "20/10/2026", "03/11/2026"), "there is no month 15"),
            (("27/09/2026", "20/10/2026", "03/11/2029"), "a course lasts a year at most"),
            (("27/09/2026", "", "03/11/2026"), "session 2 has no date")]:
        for key, value in zip(keys(made.id), values):
            at.text_input(key=key).input(value)
        button(at, "Save the dates").click().run()
        assert not at.exception and "Session dates not saved" in texts(at), values
        assert words in texts(at), (values, texts(at))
        assert frida(db_url).sessions(made.id) == SEPT
    button(at, "Clear the dates (the course's rhythm)").click().run()
    assert not at.exception and "are cleared" in texts(at)
    assert frida(db_url).sessions(made.id) == ()
    assert [at.text_input(key=k).value for k in keys(made.id)] == ["", "", ""]


def test_a_trainee_sets_no_dates_but_sees_them(db_url):
    made = cohort_of(db_url)
    CohortAccess(Store(db_url), user(TOM)).join(made.join_code, "Tom")
    frida(db_url).set_sessions(made.id, SEPT)
    at = hosted(TOM, page=PAGE, lang="en")
    assert not at.exception
    assert not [f for f in at.text_input if str(f.key).startswith("sessions:")]
    assert not [b for b in at.button if b.label == "Save the dates"]
    assert "**Session dates**: 27 Sep 2026, 20 Oct 2026, 3 Nov 2026" in texts(at)


def test_the_trainees_case_page_follows_the_cohorts_dates_and_says_which(db_url):
    made = cohort_of(db_url)
    tom_cohorts = CohortAccess(Store(db_url), user(TOM))
    tom_cohorts.join(made.join_code, "Tom")
    tom = CaseAccess(Store(db_url), user(TOM))
    cid = tom.create(Case(title="Klas 3B")).case.id
    # no dates yet: the rhythm from the trainee's own first session, which they can set
    at = hosted(TOM, cid, lang="en")
    assert not at.exception
    assert "Your cohort Gent voorjaar has no session dates yet" in texts(at)
    assert [d for d in at.date_input if d.key == "w:course:first"]
    frida(db_url).set_sessions(made.id, SEPT)
    at = hosted(TOM, cid, lang="en")
    shown = texts(at)
    assert not at.exception
    assert "The dates of your cohort Gent voorjaar, as its facilitator set them." in shown
    assert "Session 1 · " in shown and ": 27 Sep 2026" in shown
    assert ": 20 Oct 2026" in shown and ": 03 Nov 2026" in shown
    assert "several cohorts" not in shown
    assert not [d for d in at.date_input if d.key == "w:course:first"]  # the cohort's
    part1 = hosted(TOM, cid, lang="en", page="app_pages/part1.py")
    assert not part1.exception and "By session 2, 20 Oct 2026" in texts(part1)
    # a second cohort, joined later: its dates, and the panel says why
    autumn = cohort_of(db_url, "Gent najaar")
    later = (dt.date(2027, 2, 1), dt.date(2027, 2, 22), dt.date(2027, 3, 8))
    frida(db_url).set_sessions(autumn.id, later)
    tom_cohorts.join(autumn.join_code, "Tom")
    at = hosted(TOM, cid, lang="nl")
    shown = texts(at)
    assert "De data van je groep Gent najaar" in shown and ": 01/02/2027" in shown
    assert "dit is de groep waarbij je het laatst kwam" in shown
    # shared with the first, in the same session: the first's dates at once
    at = hosted(TOM, cid, lang="en")
    assert "Gent najaar" in texts(at)
    at.session_state["share_panel"] = True  # as the browser reports the panel opened
    at.run()
    at.selectbox(key="share_cohort").select(made.id)
    button(at, "Share").click().run()
    assert not at.exception
    assert CaseAccess(Store(db_url), user(FRIDA), True).permission(cid) == "read"
    shown = texts(at)
    assert "The dates of your cohort Gent voorjaar" in shown and ": 27 Sep 2026" in shown
    assert "this is the one this case is shared with" in shown


def test_the_cohort_view_shows_done_and_open_never_an_unshared_note(db_url):
    made = cohort_of(db_url)
    CohortAccess(Store(db_url), user(TOM)).join(made.join_code, "Tom")
    tom = CaseAccess(Store(db_url), user(TOM))
    cid = tom.create(Case(title="Ahmed Y. en agent Claes")).case.id
    tom.apply(cid, ("progress", course.ASSIGNMENTS_KEY, "2"),
              course.task_entry(True, "De bakker Mourad zei: ik wil gewoon rust."))
    tom.apply(cid, ("progress", course.ASSIGNMENTS_KEY, "1"),
              course.task_entry(False, "Geheime notitie over de wijkagent"))
    at = hosted(FRIDA, page=PAGE, lang="en")
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table["Name"]) == ["Frida", "Tom"]
    assert list(table["Assignment 1"]) == ["", "open"]
    assert list(table["Assignment 2"]) == ["", "done"]
    assert list(table["Assignment 3"]) == ["", "open"]
    assert "Part 2" in table.columns  # next to progress per part
    seen = texts(at) + repr(table.to_dict())
    for secret in ("Mourad", "bakker", "Geheime", "wijkagent", "Ahmed"):
        assert secret not in seen
    # with the cohort's dates: an open assignment whose date passed says so
    first = dt.date.today() - dt.timedelta(days=60)
    frida(db_url).set_sessions(made.id, course.session_dates(first))
    at = hosted(FRIDA, page=PAGE, lang="nl")
    table = at.dataframe[-1].value
    assert list(table["Opdracht 1"]) == ["", "open, datum voorbij"]
    assert list(table["Opdracht 2"]) == ["", "gedaan"]
    assert list(table["Opdracht 3"]) == ["", "open"]
    assert "Mourad" not in texts(at) + repr(table.to_dict())
