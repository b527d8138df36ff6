"""Hosted mode in a real browser, with a real OpenID Connect login against a local provider
(oidc-provider-mock, offline): user A logs in and starts a case; user B, in a browser of their
own, does not see it listed and its link answers as a case that does not exist; a forged login
cookie gets the login page with a notice. Local mode still opens without a login."""

from __future__ import annotations

import json
import secrets
import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import AppServer, check_watch, new_context
from tests.browser.helpers import main, main_text, open_app, rerun, sidebar, t
from tests.browser.oidc import PROVIDER_CSS, Provider, secrets_toml, sign_in
from workbook.case.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def provider(_browser_available):
    pytest.importorskip("oidc_provider_mock", reason="pip install -r requirements-dev.txt")
    running = Provider()
    running.add_user("anna-0001", name="Anna Peeters", email="anna@example.org")
    running.add_user("bert-0002", name="Bert <b>Jacobs</b>", email="bert@example.org")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def hosted(tmp_path_factory, provider):
    """The app with a login: a secrets file of its own, pointing at the local provider."""
    workdir = tmp_path_factory.mktemp("hosted")
    secrets_file = workdir / "secrets.toml"
    cookie_secret = secrets.token_urlsafe(32)
    secrets_file.write_text(secrets_toml(provider, "http://127.0.0.1:{port}/oauth2callback",
                                         cookie_secret))
    server = AppServer(workdir)
    server.args = ["--secrets.files", str(secrets_file)]
    server.cookie_secret = cookie_secret
    server.start()
    yield server
    server.stop()


@pytest.fixture
def person(chromium, request):
    """A browser of a person's own (own cookies); the provider's stylesheet is not fetched."""
    contexts = []

    def make():
        context = new_context(chromium)
        context.route(f"{PROVIDER_CSS}**", lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
        context.watch.outside[:] = [u for u in context.watch.outside
                                    if not u.startswith(PROVIDER_CSS)]
        check_watch(context)


def log_in(page, app: AppServer, provider: Provider, subject: str, **params: str) -> None:
    """Open the app, press log in, say who you are at the provider, and come back."""
    open_app(page, app, **params)
    sign_in(page, provider, subject, app.base)


def url_case(page) -> str | None:
    return (parse_qs(urlparse(page.url).query).get("case") or [None])[0]


def test_every_page_asks_to_log_in_first(hosted, person):
    page = person()
    open_app(page, hosted, "map")
    assert t("account.login_intro", "nl")[:40] in main_text(page)
    assert main(page).get_by_role("button", name=t("account.login", "nl")).count() == 1
    assert sidebar(page).get_by_text(t("sidebar.new_case", "nl")).count() == 0


def test_a_case_of_one_user_is_not_there_for_another(hosted, provider, person):
    anna = person()
    log_in(anna, hosted, provider, "anna-0001")
    assert "Anna Peeters · anna@example.org" in sidebar(anna).inner_text()
    title = "Jongeren en de wijkagent op het Stationsplein"
    main(anna).get_by_label(t("case.new_title", "nl"), exact=True).fill(title)
    with rerun(anna):
        main(anna).get_by_role("button", name=t("case.start", "nl")).click()
    case_id = url_case(anna)
    assert case_id and len(case_id) >= 22
    store = Store(hosted.db_url)
    assert store.info(case_id).owner == f"{provider.issuer} anna-0001"
    assert store.get(case_id).case.title == title

    bert = person()
    log_in(bert, hosted, provider, "bert-0002")
    shown = sidebar(bert).inner_text()
    assert "Bert <b>Jacobs</b> · bert@example.org" in shown  # as text, never as markup
    assert title not in shown and t("sidebar.no_cases", "nl") in sidebar(bert).inner_html()
    open_app(bert, hosted, case=case_id)  # A's link, opened by B (still logged in)
    assert t("app.case_not_found", "nl", id=case_id) in main_text(bert)
    assert title not in main_text(bert) + sidebar(bert).inner_text()
    assert url_case(bert) is None
    missing = "0123456789abcdef0123456789abcdef"
    open_app(bert, hosted, case=missing)
    assert t("app.case_not_found", "nl", id=missing) in main_text(bert)

    open_app(anna, hosted)  # A comes back: on her own last case
    assert url_case(anna) == case_id
    assert store.get(case_id).head == 1


def test_log_out_then_the_login_page_again(hosted, provider, person):
    page = person()
    log_in(page, hosted, provider, "anna-0001")
    sidebar(page).get_by_role("button", name=t("account.logout", "nl")).click()
    page.wait_for_url("**/end_session**", timeout=60_000)  # the provider ends its session too
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{hosted.base}/**", timeout=60_000)
    open_app(page, hosted)
    assert main(page).get_by_role("button", name=t("account.login", "nl")).count() == 1
    assert sidebar(page).get_by_text("Anna Peeters").count() == 0


def test_a_forged_login_cookie_gets_the_login_page_and_a_notice(hosted, person):
    page = person()
    page.context.add_cookies([{"name": "_streamlit_user", "url": hosted.base,
                               "value": "eyJpc19sb2dnZWRfaW4iOnRydWV9.forged.signature"}])
    open_app(page, hosted, lang="en")
    assert t("account.login_expired", "en") in main_text(page)
    assert main(page).get_by_role("button", name=t("account.login", "en")).count() == 1
    assert sidebar(page).get_by_text(t("sidebar.new_case", "en")).count() == 0


def login_cookie(app: AppServer, provider: Provider, age_days: float) -> dict:
    """A login cookie as Streamlit signs it, for Anna, made `age_days` ago."""
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    class Back(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age_days * 86400)

    claims = {"iss": provider.issuer, "sub": "anna-0001", "name": "Anna Peeters",
              "email": "anna@example.org", "origin": app.base, "is_logged_in": True,
              "provider": "default"}
    signed = URLSafeTimedSerializer(app.cookie_secret, salt="_streamlit_user",
                                    signer=Back).dumps(json.dumps(claims))
    return {"name": "_streamlit_user", "value": signed, "url": app.base}


def test_an_expired_login_cookie_gets_the_login_page_and_a_notice(hosted, provider, person):
    fresh = person()  # the same cookie, made now, logs Anna in: only its age differs below
    fresh.context.add_cookies([login_cookie(hosted, provider, age_days=0)])
    open_app(fresh, hosted, lang="en")
    assert "Anna Peeters" in sidebar(fresh).inner_text()
    page = person()
    page.context.add_cookies([login_cookie(hosted, provider, age_days=40)])
    open_app(page, hosted, lang="en")
    assert t("account.login_expired", "en") in main_text(page)
    assert "Anna Peeters" not in sidebar(page).inner_text()
    assert sidebar(page).get_by_text(t("sidebar.new_case", "en")).count() == 0


def test_the_server_log_holds_nothing_of_the_logins(hosted):
    log = hosted.log.read_text(errors="replace")
    assert "Uvicorn server started" in log or "You can now view" in log
    said = [w for w in ("anna@example.org", "bert@example.org", "Anna Peeters", "anna-0001",
                        "eyJ") if w in log]
    assert said == [], log[-2000:]


def test_local_mode_still_opens_without_a_login(app, tab):
    open_app(tab, app)
    assert main(tab).get_by_role("button", name=t("account.login", "nl")).count() == 0
    assert sidebar(tab).get_by_role("button", name=t("sidebar.new_case", "nl")).count() == 1
    assert sidebar(tab).get_by_role("button", name=t("account.logout", "nl")).count() == 0

