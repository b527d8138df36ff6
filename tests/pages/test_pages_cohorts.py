"""AppTest, hosted for a cohort: a facilitator makes a cohort and gets its join link; a
trainee joins with it (a revoked or unknown link says so and changes nothing); the case
page shares the case with the cohort and takes it back; comments show next to the
question; the cohort page shows progress in counts only; "my data" downloads everything and
deletes the account after the confirmation word. Local mode shows none of it."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.apptest import start, texts
from tests.pages.test_pages_accounts import AUTH, ISSUER
from workbook.accounts.access import CaseAccess
from workbook.accounts.cohorts import CohortAccess
from workbook.accounts.users import User
from workbook.case.model import Case
from workbook.case.store import CaseNotFound, Store

FRIDA = {"is_logged_in": True, "iss": ISSUER, "sub": "frida-01", "name": "Frida **F**",
         "email": "frida@example.org", "email_verified": True}
TOM = {"is_logged_in": True, "iss": ISSUER, "sub": "tom-02", "name": "Tom",
       "email": "tom@example.org"}
UMA = {"is_logged_in": True, "iss": ISSUER, "sub": "uma-03", "name": "Uma"}
SETTINGS = {"facilitators": ["frida@example.org"]}


def hosted(login, case_id=None, lang="nl", page=None, params=None, settings=None):
    from streamlit.testing.v1 import AppTest
    from tests.apptest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["workbook"] = settings or SETTINGS
    at.user = dict(login)
    at.query_params["lang"] = lang
    if case_id:
        at.query_params["case"] = case_id
    at.query_params.update(params or {})
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def user(login) -> User:
    return User.from_claims(login)


def cohort_of(db_url, name="Gent voorjaar"):
    made = CohortAccess(Store(db_url), user(FRIDA), True).create(name, "Frida")
    return made


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_a_facilitator_makes_a_cohort_and_gets_its_join_link(db_url):
    at = hosted(FRIDA, page="app_pages/cohort.py", lang="en")
    assert not at.exception and "Make a cohort and send the trainees" in texts(at)
    at.text_input(key="cohort_name").input("Gent <b>voorjaar</b>")
    at.text_input(key="cohort_my_name").input("Frida")
    button(at, "Make the cohort").click().run()
    assert not at.exception and "Cohort Gent <b>voorjaar</b> made" in texts(at)
    links = [c.value for c in at.code]
    assert len(links) == 1 and links[0].startswith("http://localhost:8501/join?code=")
    assert len(links[0].rsplit("=", 1)[1]) >= 22
    assert [(c.name, c.role) for c in CohortAccess(Store(db_url), user(FRIDA), True).mine()] == [
        ("Gent <b>voorjaar</b>", "facilitator")]


def test_a_trainee_cannot_make_a_cohort_and_sees_none_yet(db_url):
    at = hosted(TOM, page="app_pages/cohort.py", lang="en")
    assert not at.exception and "You are not in a cohort yet" in texts(at)
    assert not [t for t in at.text_input if t.key == "cohort_name"]


def test_a_trainee_joins_with_the_link_under_a_name_of_their_choosing(db_url):
    made = cohort_of(db_url, "Klas **3B** begeleiders")
    at = hosted(TOM, page="app_pages/join.py", params={"code": made.join_code}, lang="en")
    assert not at.exception
    assert "You are invited to the cohort **Klas **3B** begeleiders**" in texts(at)
    assert "\\*\\*3B\\*\\*" in "".join(m.value for m in at.markdown)  # the name as text
    at.text_input(key="join_name").input("Tom V.")
    button(at, "Join").click().run()
    assert not at.exception and "You are now in the cohort" in texts(at)
    members = CohortAccess(Store(db_url), user(FRIDA), True).members(made.id)
    assert [(m.name, m.role) for m in members] == [("Frida", "facilitator"), ("Tom V.", "trainee")]


@pytest.mark.parametrize("lang,words", [("nl", "Deze link opent geen groep"),
                                        ("en", "This link opens no cohort")])
def test_a_revoked_or_unknown_join_link_says_so_and_changes_nothing(db_url, lang, words):
    made = cohort_of(db_url)
    CohortAccess(Store(db_url), user(FRIDA), True).revoke_link(made.id)
    for code in (made.join_code, "not-a-code", "<b>x</b>"):
        at = hosted(UMA, page="app_pages/join.py", params={"code": code}, lang=lang)
        assert not at.exception and words in texts(at)
        assert code not in texts(at) and not [b for b in at.button if b.label in ("Join",
                                                                                  "Meedoen")]
    assert CohortAccess(Store(db_url), user(UMA)).mine() == []


def test_the_login_page_says_the_join_link_opens_after_logging_in(db_url):
    made = cohort_of(db_url)
    at = hosted({"is_logged_in": False}, params={"code": made.join_code}, lang="en")
    assert not at.exception and "Log in first: the link opens right after." in texts(at)


def test_the_owner_shares_with_the_cohort_and_takes_it_back_on_the_case_page(db_url):
    made = cohort_of(db_url)
    CohortAccess(Store(db_url), user(TOM)).join(made.join_code, "Tom")
    cid = CaseAccess(Store(db_url), user(TOM)).create(Case(title="Ahmed en agent Claes")).case.id
    at = hosted(TOM, cid, lang="en")
    at.session_state["share_panel"] = True  # as the browser reports the panel opened
    at.run()
    assert not at.exception
    at.selectbox(key="share_cohort").select(made.id)
    at.radio(key="share_permission").set_value("comment")
    button(at, "Share").click().run()
    assert not at.exception and "Shared with the facilitators of Gent voorjaar" in texts(at)
    frida = CaseAccess(Store(db_url), user(FRIDA), True)
    assert frida.permission(cid) == "comment"
    facilitator = hosted(FRIDA, cid, lang="en")
    assert not facilitator.exception
    assert "Ahmed en agent Claes · shared" in facilitator.sidebar.selectbox(
        key="case_picker").options
    button(at, "Take back").click().run()
    assert not at.exception and "No longer shared with Gent voorjaar" in texts(at)
    assert frida.permission(cid) is None
    again = hosted(FRIDA, cid, lang="en")
    assert f"Case {cid} does not exist" in texts(again).replace("\\", "")


def test_comments_show_next_to_the_question_as_plain_text(db_url, framework):
    made = cohort_of(db_url)
    CohortAccess(Store(db_url), user(TOM)).join(made.join_code, "Tom")
    tom = CaseAccess(Store(db_url), user(TOM))
    cid = tom.create(Case(title="Klas 3B")).case.id
    tom.share_cohort(cid, made.id, "comment")
    ws = framework.worksheets_of(2)[0]
    field = ws.fields[0]
    CaseAccess(Store(db_url), user(FRIDA), True).comment(cid, ws.id, field.id,
                                                         "Wie is **de brug**? [x](http://e.vil)")
    at = hosted(TOM, cid, page="app_pages/part2.py", lang="en")
    assert not at.exception
    shown = texts(at)
    assert "Comments (1)" in shown and "Frida ·" in shown
    assert "Wie is **de brug**? [x](http://e.vil)" in shown
    assert all("**de brug**" not in m.value or "\\*" in m.value for m in at.markdown)
    # a facilitator can add a comment next to any question
    fac = hosted(FRIDA, cid, page="app_pages/part2.py", lang="en")
    key = f"comment:{ws.id}:{ws.fields[1].id}"
    fac.text_area(key=key).input("Goed gezien.")
    next(b for b in fac.button if b.label == "Post" and key in str(b.form_id or "")
         ).click().run()
    assert not fac.exception
    texts_now = [c.text for c in tom.comments(cid)]
    assert texts_now[-1] == "Goed gezien."


def test_the_cohort_page_shows_progress_in_counts_never_an_unshared_title(db_url):
    made = cohort_of(db_url)
    CohortAccess(Store(db_url), user(TOM)).join(made.join_code, "Tom")
    tom = CaseAccess(Store(db_url), user(TOM))
    tom.create(Case(title="Ahmed Y. en agent Claes"))
    at = hosted(FRIDA, page="app_pages/cohort.py", lang="en")
    assert not at.exception
    frames = [df.value for df in at.dataframe]
    progress = frames[-1]
    assert list(progress["Name"]) == ["Frida", "Tom"] and list(progress["Cases"]) == ["", "1"]
    assert list(progress["Role"]) == ["facilitator", "trainee"]
    assert progress["Part 2"][1].startswith("0/") and progress["Part 2"][0] == ""
    assert "Ahmed" not in texts(at) + repr(frames)
    shared = tom.create(Case(title="Gedeelde casus")).case.id
    tom.share_cohort(shared, made.id, "read")
    at = hosted(FRIDA, page="app_pages/cohort.py", lang="en")
    assert "Gedeelde casus · read" in texts(at) and "Ahmed" not in texts(at)
    button(at, "Open").click().run()
    assert not at.exception and at.session_state["case"] == shared


def test_my_data_downloads_everything_and_deletes_after_the_word(db_url):
    tom = CaseAccess(Store(db_url), user(TOM))
    cid = tom.create(Case(title="Klas 3B")).case.id
    at = hosted(TOM, page="app_pages/mydata.py", lang="en")
    assert not at.exception
    button(at, "Make the zip").click().run()
    assert not at.exception and at.session_state["_my_data_zip"]
    archive = zipfile.ZipFile(io.BytesIO(at.session_state["_my_data_zip"]))
    assert any(cid in n for n in archive.namelist()) and "README.txt" in archive.namelist()
    at.text_input(key="delete_confirm").input("delete")
    button(at, "Delete my account and everything in it").click().run()
    assert not at.exception and "Type DELETE in the box" in texts(at)
    assert Store(db_url).info(cid).title == "Klas 3B"
    at.text_input(key="delete_confirm").input("DELETE")
    button(at, "Delete my account and everything in it").click().run()
    assert not at.exception and at.user == {"is_logged_in": False}
    with pytest.raises(CaseNotFound):
        Store(db_url).info(cid)


def test_retention_warns_the_owner_on_the_case_page(db_url):
    import datetime as dt
    from workbook.accounts import retention

    store = Store(db_url)
    tom = CaseAccess(store, user(TOM))
    cid = tom.create(Case(title="Oude casus")).case.id
    with store.writing() as s:  # untouched for 400 days
        from workbook.case.caserows import CaseRow
        s.get(CaseRow, cid).updated_at -= dt.timedelta(days=400)
    retention.run(store, retention.period(12), store.info(cid).updated_at
                  + dt.timedelta(days=400))
    at = hosted(TOM, cid, lang="en", settings={**SETTINGS, "retention_months": 12})
    assert not at.exception and "it will be deleted for good on" in texts(at)
    button(at, "Keep it").click().run()
    assert not at.exception and tom.due() == []


def test_local_mode_has_no_cohort_pages_and_the_join_link_says_why(store):
    at = start(lang="en")
    assert not at.exception
    assert "My cohort" not in [p for p in repr(at).split("'")]
    at = start(lang="en", page="app_pages/join.py")
    assert not at.exception and "Cohorts exist only when the workbook is hosted" in texts(at)
