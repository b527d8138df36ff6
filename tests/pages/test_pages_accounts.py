"""AppTest, hosted mode (`[auth]` in the secrets, `at.user` as the login): every page asks to
log in first; each user sees only their own cases and those shared with them; another user's
case id answers as one that does not exist; local mode needs no login, as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, start, texts
from workbook import i18n
from workbook.accounts.access import CaseAccess
from workbook.accounts.users import User
from workbook.case.model import Case
from workbook.case.store import Store

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 40,
        "client_id": "workbook", "client_secret": "s3cr3t",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
ISSUER = "https://id.example.org"
ANNA = {"is_logged_in": True, "iss": ISSUER, "sub": "anna-0001", "name": "Anna **Peeters**",
        "email": "anna@example.org"}
BERT = {"is_logged_in": True, "iss": ISSUER, "sub": "bert-0002", "name": "Bert",
        "email": "bert@example.org"}
MISSING = "0123456789abcdef0123456789abcdef"


def hosted(login: dict | None, case_id: str | None = None, lang: str = "nl",
           page: str | None = None, auth: dict | None = None) -> AppTest:
    """The app's first run in a fresh browser session of a hosted deployment."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = auth or AUTH
    at.user = dict(login) if login else {"is_logged_in": False}
    at.query_params["lang"] = lang
    if case_id:
        at.query_params["case"] = case_id
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def access(db_url: str, login: dict) -> CaseAccess:
    return CaseAccess(Store(db_url), User.from_claims(login))


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def listed(at: AppTest) -> list[str]:
    """The case picker's labels (the titles listed in the sidebar)."""
    return list(at.sidebar.selectbox(key="case_picker").options)


@pytest.mark.parametrize("lang,words", [("nl", "Meld je eerst aan"), ("en", "Log in first")])
def test_every_page_asks_to_log_in_first_and_shows_no_case(db_url, lang, words):
    cid = access(db_url, ANNA).create(Case(title="Stationsplein")).case.id
    for page in (None, "app_pages/map.py"):
        at = hosted(None, cid, lang=lang, page=page)
        assert not at.exception
        assert words in texts(at)
        assert [b.label for b in at.button] == ["Aanmelden" if lang == "nl" else "Log in"]
        assert "Stationsplein" not in texts(at) and not at.selectbox
        assert "_loaded" not in at.session_state  # nothing of the case was read


def test_a_new_case_is_listed_for_its_maker_only(db_url):
    anna = hosted(ANNA)
    button(anna, "Nieuwe casus").click().run()
    cid = anna.session_state["case"]
    assert listed(anna) == ["Nieuwe casus"]
    assert Store(db_url).info(cid).owner == f"{ISSUER} anna-0001"
    bert = hosted(BERT)
    assert not bert.exception and listed(bert) == [] and not bert.session_state["case"]


def test_another_users_case_in_the_url_answers_as_a_case_that_does_not_exist(db_url):
    # an id with the characters Markdown escapes, as about half of the new ids have
    cid = access(db_url, ANNA).create(Case(id="Kx-9_aQ2-Lm_07pZr-Tw_4Yb", title="Klas 3B")).case.id
    theirs, missing = hosted(BERT, cid), hosted(BERT, MISSING)
    assert not theirs.exception and f"Casus {cid} bestaat niet" in texts(theirs)
    assert texts(theirs).replace(cid, "ID") == texts(missing).replace(MISSING, "ID")
    assert "Klas 3B" not in texts(theirs) and listed(theirs) == []
    assert "case" not in theirs.query_params  # the URL no longer names it
    for page in ("app_pages/map.py", "app_pages/history.py", "app_pages/part2.py"):
        theirs.switch_page(page).run()
        missing.switch_page(page).run()
        assert not theirs.exception and "Klas 3B" not in texts(theirs)
        assert texts(theirs) == texts(missing)
    assert Store(db_url).get(cid).head == 1


def test_each_user_reopens_on_their_own_last_case(db_url):
    anna = access(db_url, ANNA)
    older = anna.create(Case(title="Eerste")).case.id
    anna.create(Case(title="Tweede"))
    bert_case = access(db_url, BERT).create(Case(title="Van Bert")).case.id
    hosted(ANNA, older)  # Anna opens the older one
    assert hosted(ANNA).session_state["case"] == older  # and finds it again next time
    assert hosted(BERT).session_state["case"] == bert_case


def test_the_sidebar_names_who_is_logged_in_as_plain_text_and_offers_to_log_out(db_url):
    at = hosted(ANNA, lang="en")
    assert "Anna **Peeters** · anna@example.org" in [el.value for el in at.sidebar.text]
    assert "Logged in as" in [c.value for c in at.sidebar.caption]
    assert [b.label for b in at.sidebar.button if b.key == "logout"] == ["Log out"]
    at.sidebar.button(key="logout").click().run()
    assert not at.exception and at.user == {"is_logged_in": False}


def test_a_case_shared_to_read_is_listed_and_read_but_not_changed(db_url):
    anna = access(db_url, ANNA)
    cid = anna.create(Case(title="Gedeeld")).case.id
    anna.share(cid, User.from_claims(BERT), "read")
    bert = hosted(BERT, cid)
    assert listed(bert) == ["Gedeeld · gedeeld"] and bert.session_state["case"] == cid
    bert.text_input(key="case_title").input("Van Bert nu").run()
    assert not bert.exception and "gedeeld om te lezen" in texts(bert)
    assert bert.text_input(key="case_title").value == "Gedeeld"
    assert Store(db_url).get(cid).case.title == "Gedeeld" and Store(db_url).head(cid) == 1
    anna.revoke(cid, User.from_claims(BERT))
    again = hosted(BERT, cid)
    assert listed(again) == [] and "bestaat niet" in texts(again)


def test_a_login_that_does_not_say_who_it_is_opens_nothing(db_url):
    at = hosted({"is_logged_in": True, "email": "x@example.org"}, lang="en")
    assert not at.exception and "does not say who you are" in texts(at)
    assert [b.label for b in at.button] == ["Log out"] and not at.selectbox


def test_an_incomplete_login_setup_says_what_is_missing_and_opens_nothing(db_url):
    Store(db_url).create(Case(title="Lokaal"))  # a local case: must stay out of sight
    auth = {k: v for k, v in AUTH.items() if k not in ("client_secret", "cookie_secret")}
    at = hosted(ANNA, auth=auth, lang="en")
    assert not at.exception and "Login is not set up correctly" in texts(at)
    shown = "\n".join(c.value for c in at.code)
    assert "cookie_secret" in shown and "client_secret" in shown
    assert "Lokaal" not in texts(at) and not at.button and not at.selectbox


def test_named_providers_each_get_a_button(db_url):
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    auth = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"],
            "microsoft": provider, "google": dict(provider)}
    at = hosted(None, auth=auth, lang="en")
    assert [b.label for b in at.button] == ["Log in with Microsoft", "Log in with Google"]


def test_a_secrets_file_that_cannot_be_read_opens_nothing(db_url, tmp_path: Path):
    Store(db_url).create(Case(title="Lokaal"))
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback\n')
    before = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(broken)])
    try:
        at = start(lang="en")
    finally:
        config.set_option("secrets.files", before)
    assert not at.exception and "Login is not set up correctly" in texts(at)
    assert "cannot be read" in "\n".join(c.value for c in at.code)
    assert "Lokaal" not in texts(at) and not at.selectbox


def test_local_mode_needs_no_login_and_shows_no_account(store):
    cid = store.create(Case(title="Van voor de accounts")).case.id
    at = start()
    assert not at.exception and at.session_state["case"] == cid
    assert not [b for b in at.sidebar.button if b.key == "logout"]
    assert "Aanmelden" not in texts(at) and not at.sidebar.text


def test_a_rerun_in_hosted_mode_asks_the_store_no_more_than_in_local_mode(db_url):
    Store(db_url).create(Case(title="Lokaal"))
    access(db_url, ANNA).create(Case(title="Van Anna"))
    counts = {}
    for name, at in (("local", start()), ("hosted", hosted(ANNA))):
        statements: list[str] = []
        engine = Store(db_url).engine

        def count(conn, cursor, statement, *args) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            at.run()
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts[name] = len(statements)
    assert 0 < counts["hosted"] <= counts["local"], counts


def test_a_session_never_keeps_another_users_case(db_url):
    cid = access(db_url, ANNA).create(Case(title="Van Anna")).case.id
    at = hosted(ANNA, cid)
    assert at.session_state["case"] == cid
    at.user = dict(BERT)  # cannot happen without a new session; the state is dropped anyway
    at.run()
    assert not at.exception and not at.session_state["case"]
    assert "Van Anna" not in texts(at) and listed(at) == []


def test_an_upload_is_a_new_case_of_the_uploader_even_with_another_users_id(db_url):
    anna = access(db_url, ANNA)
    cid = anna.create(Case(title="Van Anna")).case.id
    from workbook.case.files import dump_case

    forged = dump_case(Case(id=cid, title="Overschreven?")).encode()
    at = hosted(BERT, lang="en")
    at.file_uploader(key="import_file").set_value(("anna.yaml", forged, "application/x-yaml"))
    at.run()
    button(at, "Import").click().run()
    assert not at.exception
    new = at.session_state["case"]
    assert new != cid and Store(db_url).info(new).owner == f"{ISSUER} bert-0002"
    assert anna.get(cid).case.title == "Van Anna" and anna.get(cid).head == 1
    assert listed(at) == ["Overschreven?"]


@pytest.mark.parametrize("address,warned", [("127.0.0.1", False), ("0.0.0.0", True),
                                            ("", True)])
def test_local_mode_warns_when_it_listens_beyond_this_computer(db_url, address, warned):
    before = config.get_option("server.address")
    config.set_option("server.address", address or None)
    try:
        at = start(lang="en")
    finally:
        config.set_option("server.address", before)
    said = [w.value for w in at.sidebar.warning]
    assert bool(said) == warned
    if warned:
        assert said == [i18n.t("account.local_exposed", "en")]
