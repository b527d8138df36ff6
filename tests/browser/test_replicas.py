"""Hosted for a cohort, in a real browser: two app processes on one PostgreSQL database behind
nginx, started by deploy/replicas.py exactly as shipped (tests/browser/hosting.py), both with
one secrets file that logs in at a local OpenID Connect provider (oidc-provider-mock). Two
users (two browser profiles) log in through the proxy, land on different replicas and stay
there, across reloads, by the proxy's cookie: every request, the websocket included, reaches
their own replica (nginx's access log). Each edits a case of their own at the same time:
nothing is lost, and neither sees nor opens the other's case (it answers as a case that does
not exist), a new one included. A replica that goes away mid-session loses nothing either.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.helpers import (TIMEOUT, exceptions, field_value, notices_seen, pick_worksheet,
                                   runs, settle, sidebar, t, type_answer)
from tests.browser.hosting import (HOST, START_TIMEOUT_S, User, hosted,  # noqa: F401
                                   open_page, proxied_chromium, reload, two_users,
                                   wait_for_log)
from tests.browser.oidc import Provider, secrets_toml
from tests.browser.oidc import sign_in as log_in_at
from workbook.case.model import Case

pytestmark = pytest.mark.browser

CONNECTED = """() => { const app = document.querySelector('[data-testid=stApp]');
    return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'; }"""
SUBJECTS = {"Ann": "ann-0001", "Bo": "bo-0002"}


@pytest.fixture(scope="module")
def provider(_browser_available):
    pytest.importorskip("oidc_provider_mock", reason="pip install -r requirements-dev.txt")
    running = Provider()
    for name, subject in SUBJECTS.items():
        running.add_user(subject, name=name, email=f"{name.lower()}@example.org")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def replica_secrets(provider, tmp_path_factory):
    """One secrets file for both replicas: the login at the local provider, through the
    proxy's address (its redirect_uri), one cookie secret."""
    folder = tmp_path_factory.mktemp("replica-secrets")

    def write(proxy: str):
        path = folder / "secrets.toml"
        path.write_text(secrets_toml(provider, f"{proxy}/oauth2callback",
                                     secrets.token_urlsafe(32)))
        return path

    return write


def sign_in(user: User, hosted, provider: Provider) -> None:
    """Log this user in through the proxy (on their own replica) at the local provider."""
    open_page(user, hosted, lang="en")
    log_in_at(user.page, provider, SUBJECTS[user.name], f"http://{HOST}:{hosted.listen_port}",
              lang="en")


def own_case(hosted, provider: Provider, user: User, title: str) -> str:
    """A case of this user's own, stored as the app would store it."""
    return hosted.store().create(Case(title=title),
                                 owner=provider.key(SUBJECTS[user.name])).case.id


def _text_fields():
    """A worksheet of part 2 with two free-text fields, and those fields."""
    from tests.browser.helpers import framework

    for ws in framework().worksheets:
        texts = [f for f in ws.fields if f.type in ("text", "longtext")]
        if ws.part == 2 and len(texts) >= 2:
            return ws, texts[0], texts[1]
    raise LookupError("no worksheet of part 2 with two free-text fields")


# -- the journey ------------------------------------------------------------------------------
def test_two_users_on_two_replicas_edit_their_own_cases_and_see_only_their_own(
        hosted, provider, two_users):
    ann, bo = two_users
    assert {ann.replica, bo.replica} == {f"127.0.0.1:{p}" for p in hosted.ports}
    ws, one, other = _text_fields()
    cases = {user.name: own_case(hosted, provider, user, f"Casus van {user.name}")
             for user in two_users}
    for user in two_users:
        sign_in(user, hosted, provider)
        served = open_page(user, hosted, "part2", case=cases[user.name], lang="en", ws=ws.id)
        assert served == user.replica, "the page comes from the user's own replica"
        pick_worksheet(user.page, ws.title("en"))

    # the websocket works through the proxy: typing saves, on the same database, at once
    type_answer(ann.page, one.label("en"), "Ann, on her replica")
    type_answer(bo.page, one.label("en"), "Bo, on his")
    type_answer(ann.page, other.label("en"), "Ann's second answer")
    type_answer(bo.page, other.label("en"), "Bo's second answer")
    store = hosted.store()
    for user, first, second in ((ann, "Ann, on her replica", "Ann's second answer"),
                                (bo, "Bo, on his", "Bo's second answer")):
        case = store.get(cases[user.name]).case
        assert (case.answer(ws.id, one.id), case.answer(ws.id, other.id)) == (first, second)
        assert store.head(cases[user.name]) == 3

    # a reload stays on the same replica, and shows what was typed
    for user in two_users:
        assert reload(user) == user.replica, f"{user.name} was moved to another replica"
        pick_worksheet(user.page, ws.title("en"))
        assert field_value(user.page, other.label("en")) == store.get(
            cases[user.name]).case.answer(ws.id, other.id)
        assert exceptions(user.page) == []

    # neither sees the other's case listed, nor opens it by its link (a new one included)
    with_ann = new_case(ann)
    for user, theirs in ((bo, cases["Ann"]), (bo, with_ann), (ann, cases["Bo"])):
        served = open_page(user, hosted, "part2", case=theirs, lang="en")
        assert served == user.replica
        missing = t("app.case_not_found", id=theirs)
        assert any(missing in n for n in notices_seen(user.page)), notices_seen(user.page)
        assert parse_qs(urlparse(user.page.url).query).get("case") != [theirs]
        shown = sidebar(user.page).inner_text() + " ".join(notices_seen(user.page))
        other_name = "Bo" if user is ann else "Ann"
        assert f"Casus van {other_name}" not in shown
    assert {c.id for c in store.list()} == {*cases.values(), with_ann}

    # every request of each user, the websocket included, reached the user's own replica
    routes = {user.route(): user for user in two_users}
    for user in two_users:
        user.page.close()  # ends the websockets: nginx logs a request when it ends
    entries = wait_for_log(
        hosted, lambda log: all(sum(1 for route, request, _ in log if route == r
                                    and request.startswith("GET /_stcore/stream")
                                    and request.endswith(" 101")) >= 2 for r in routes),
        "each user's websockets (the first page, the reload) in nginx's log")
    for route, user in routes.items():
        served = {up for r, _request, up in entries if r == route}
        assert served == {user.replica}, f"{user.name}'s requests went to {served}"


def new_case(user: User) -> str:
    """Click "New case" in the sidebar; returns the new case's id from the address bar."""
    before = parse_qs(urlparse(user.page.url).query).get("case")
    button = sidebar(user.page).get_by_role("button", name=t("sidebar.new_case"))
    button.click()
    user.page.wait_for_url(lambda url: parse_qs(urlparse(url).query).get("case") != before)
    settle(user.page)
    return parse_qs(urlparse(user.page.url).query)["case"][0]


def test_a_replica_that_goes_away_loses_nothing(hosted, provider, two_users):
    """Ann's replica stops at once (a crash, or a restart for an update). Her tab carries on
    by itself on the other replica, with nothing lost, and her next edit is stored; the
    launcher starts the replica again."""
    ann, bo = two_users
    ws, one, _other = _text_fields()
    case_id = own_case(hosted, provider, ann, "Stationsplein")
    sign_in(ann, hosted, provider)
    open_page(ann, hosted, "part2", case=case_id, lang="en", ws=ws.id)
    pick_worksheet(ann.page, ws.title("en"))
    type_answer(ann.page, one.label("en"), "Before her replica went")

    ran = runs(ann.page)["ended"]
    os.kill(hosted.pid(ann.replica), signal.SIGKILL)
    ann.page.wait_for_function(CONNECTED, timeout=2 * TIMEOUT)  # reconnected, elsewhere
    # the tab runs the whole page on the new replica by itself (ui/reconnect.py), so the
    # new session knows the fragment the next answer reruns
    ann.page.wait_for_function("n => window.__st && window.__st.ended > n", arg=ran,
                               timeout=2 * TIMEOUT)
    settle(ann.page, timeout=2 * TIMEOUT)
    assert field_value(ann.page, one.label("en")) == "Before her replica went"
    type_answer(ann.page, one.label("en"), "After, on the other replica")
    assert hosted.store().get(case_id).case.answer(ws.id, one.id) \
        == "After, on the other replica"
    assert exceptions(ann.page) == []
    history = [hosted.store().revision(case_id, r.number).answer(ws.id, one.id)
               for r in hosted.store().history(case_id)]
    assert history == ["After, on the other replica", "Before her replica went", None]
    route, other = ann.route(), bo.replica
    ann.page.close()  # nginx logs a websocket when it ends
    wait_for_log(hosted, lambda log: any(
        r == route and request.startswith("GET /_stcore/stream") and up.endswith(other)
        for r, request, up in log), "Ann's tab's websocket on the other replica")
    deadline = time.monotonic() + START_TIMEOUT_S
    while not any("starting it again" in line for line in hosted.said):
        assert time.monotonic() < deadline, "the launcher did not start the replica again"
        hosted.said.append(hosted.proc.stdout.readline().rstrip("\n"))
