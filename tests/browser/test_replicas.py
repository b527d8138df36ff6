"""Hosted for a cohort, in a real browser: two app processes on one PostgreSQL database behind
nginx, started by deploy/replicas.py exactly as shipped. Two users (two browser profiles)
land on different replicas and stay there, across reloads, by the proxy's cookie: every
request, the websocket included, reaches their own replica (nginx's access log). Both edit
the same case: nothing is lost, and each sees the other's edit, through the database.

The browser reaches the proxy by a host name (mapped to 127.0.0.1 inside Chromium), not by
127.0.0.1 or localhost, which Streamlit trusts whatever the Host header says: so the
websocket only opens if the proxy passes the Host on as the browser sent it.

Login and private cases come with issue #14's other items: once they are in, set
PRIVATE_CASES and fill in `sign_in`; the journey then checks that neither user can open the
other's case. Until then (local mode, no login) it checks that both can, on either replica.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, keep_screenshot, new_context
from tests.browser.conftest import free_port, skip_or_fail
from tests.browser.helpers import (TIMEOUT, exceptions, field_value, notices_seen, pick_worksheet,
                                   settle, sidebar, t, type_answer)
from tests.nginxproxy import run_folder, skip_without_nginx
from workbook.case.model import Case
from workbook.case.store import Store

pytestmark = pytest.mark.browser

HOST = "workbook.test"  # the proxy's name in the browser
PRIVATE_CASES = False  # True once login and private cases are in (issue #14)
START_TIMEOUT_S = 300  # two cold Streamlit processes and nginx on a small, busy machine


def sign_in(page, user: str) -> None:
    """Sign this user in, once login is in; in local mode there is nobody to sign in."""
    if PRIVATE_CASES:
        raise NotImplementedError("sign in through the OpenID Connect provider of the tests")


# -- the replicas -----------------------------------------------------------------------------
@dataclass
class Hosted:
    """deploy/replicas.py running: the proxy's port, the replicas' ports, the database."""

    proc: subprocess.Popen
    folder: Path
    listen_port: int
    ports: list[int]
    db_url: str
    said: list[str] = field(default_factory=list)

    def url(self, page: str = "", **params: str) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"http://{HOST}:{self.listen_port}/{page.lstrip('/')}{query}"

    def store(self) -> Store:
        return Store(self.db_url)

    def pid(self, replica: str) -> int:
        """The process id of the replica at 127.0.0.1:PORT, as the launcher printed it."""
        line = next(x for x in self.said if x.startswith("replica") and f"//{replica} " in x)
        return int(re.search(r" pid (\d+)", line).group(1))

    def access_log(self) -> list[tuple[str, str, str]]:
        """(route cookie, request, replica) for each request nginx has finished."""
        pattern = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) upstream=(?P<up>.*?) '
                             r'route=(?P<route>\S+)')
        found = (pattern.search(line) for line in
                 (self.folder / "access.log").read_text().splitlines())
        return [(m["route"], f"{m['request']} {m['status']}", m["up"]) for m in found if m]


def _distinct_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


def _wait_ready(proc: subprocess.Popen, said: list[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        said.append(line.rstrip("\n"))
        if line.startswith("ready:"):
            return
    raise RuntimeError("deploy/replicas.py did not get ready:\n" + "\n".join(said))


@pytest.fixture(scope="module")
def hosted(postgres):
    skip_without_nginx()
    db_url = postgres.new_database()
    folder = run_folder()
    listen, *ports = _distinct_ports(3)
    env = {**os.environ, "WORKBOOK_DB": db_url, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("WORKBOOK_LANG", None)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "replicas.py"), "--listen",
         f"127.0.0.1:{listen}", "--ports", ",".join(map(str, ports)), "--run-dir", str(folder)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    running = Hosted(proc, folder, listen, ports, db_url)
    try:
        _wait_ready(proc, running.said)
        yield running
    finally:
        _stop(proc)
        postgres.drop_database(db_url)
    logs = [(folder / f"replica-{port}.log").read_text(errors="replace") for port in ports]
    shutil.rmtree(folder, ignore_errors=True)
    for log in logs:
        assert "Traceback" not in log, log[-3000:]


def _stop(proc: subprocess.Popen) -> None:
    """Stop the launcher, which stops its replicas and nginx; kill its group if it hangs."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


# -- the users --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def proxied_chromium(hosted):
    """Chromium, with the proxy's host name mapped to this machine."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=[
            *CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
    except Exception as exc:  # noqa: BLE001
        pw.stop()
        skip_or_fail(f"Chromium does not start: {exc}")
    yield chromium
    chromium.close()
    pw.stop()


@dataclass
class User:
    name: str
    context: object
    page: object
    replica: str  # 127.0.0.1:PORT, as nginx's X-Upstream says

    def route(self) -> str:
        return next(c["value"] for c in self.context.cookies() if c["name"] == "workbook_route")


def replica_of(response) -> str:
    assert response is not None and response.ok, response and response.status
    return response.headers["x-upstream"]


def open_page(user: User, hosted: Hosted, path: str = "", **params: str) -> str:
    """Load a page (a fresh session) through the proxy; returns the replica that served it."""
    served = replica_of(user.page.goto(hosted.url(path, **params)))
    settle(user.page, before={"ended": 0, "messages": 0}, timeout=2 * TIMEOUT, quiet_ms=700)
    return served


def reload(user: User) -> str:
    served = replica_of(user.page.reload())
    settle(user.page, before={"ended": 0, "messages": 0}, timeout=2 * TIMEOUT, quiet_ms=700)
    return served


def arrive(browser, hosted: Hosted, name: str, not_on: str | None = None) -> User:
    """A new user: a browser profile of its own, given a replica by the proxy. For a second
    user, new profiles are tried until one lands on the other replica (each does so by
    chance, one in two)."""
    for _ in range(20):
        context = new_context(browser)
        page = context.new_page()
        replica = replica_of(page.goto(hosted.url("_stcore/health")))
        if replica != not_on:
            return User(name, context, page, replica)
        context.close()
    raise AssertionError(f"20 new browsers all landed on {not_on}")


@pytest.fixture
def two_users(proxied_chromium, hosted, request):
    first = arrive(proxied_chromium, hosted, "Ann")
    second = arrive(proxied_chromium, hosted, "Bo", not_on=first.replica)
    users = [first, second]
    yield users
    for user in users:
        keep_screenshot(request, user.page, f"-{user.name}")
        user.context.close()
        watch = user.context.watch
        assert watch.dialogs == [], watch.dialogs
        assert [u for u in watch.outside if urlparse(u).hostname != HOST] == []


def _text_fields():
    """A worksheet of part 2 with two free-text fields, and those fields."""
    from tests.browser.helpers import framework

    for ws in framework().worksheets:
        texts = [f for f in ws.fields if f.type in ("text", "longtext")]
        if ws.part == 2 and len(texts) >= 2:
            return ws, texts[0], texts[1]
    raise LookupError("no worksheet of part 2 with two free-text fields")


def _wait_for_log(hosted: Hosted, check, what: str, timeout_s: float = 30) -> list:
    deadline = time.monotonic() + timeout_s
    while True:
        entries = hosted.access_log()
        if check(entries):
            return entries
        assert time.monotonic() < deadline, f"{what}; nginx logged:\n" + "\n".join(
            " ".join(e) for e in entries[-30:])
        time.sleep(0.5)


# -- the journey ------------------------------------------------------------------------------
def test_two_users_on_two_replicas_edit_one_case_and_lose_nothing(hosted, two_users):
    ann, bo = two_users
    assert {ann.replica, bo.replica} == {f"127.0.0.1:{p}" for p in hosted.ports}
    ws, one, other = _text_fields()
    case_id = hosted.store().create(Case(title="Stationsplein")).case.id
    for user in two_users:
        sign_in(user.page, user.name)
        served = open_page(user, hosted, "part2", case=case_id, lang="en", ws=ws.id)
        assert served == user.replica, "the page comes from the user's own replica"
        pick_worksheet(user.page, ws.title("en"))

    # the websocket works through the proxy: typing saves, on the same database
    type_answer(ann.page, one.label("en"), "Ann, on replica one")
    type_answer(bo.page, other.label("en"), "Bo, who had not seen Ann's answer")
    type_answer(ann.page, one.label("en"), "Ann again, who had not seen Bo's")
    store = hosted.store()
    case = store.get(case_id).case
    assert (case.answer(ws.id, one.id), case.answer(ws.id, other.id)) == (
        "Ann again, who had not seen Bo's", "Bo, who had not seen Ann's answer")
    assert store.head(case_id) == 4, [(r.number, r.note) for r in store.history(case_id)]
    assert t("app.saved_conflict") in notices_seen(bo.page), notices_seen(bo.page)

    # a reload stays on the same replica, and shows what the other user typed there
    for user in two_users:
        assert reload(user) == user.replica, f"{user.name} was moved to another replica"
        pick_worksheet(user.page, ws.title("en"))
        assert field_value(user.page, one.label("en")) == "Ann again, who had not seen Bo's"
        assert field_value(user.page, other.label("en")) == "Bo, who had not seen Ann's answer"
        assert exceptions(user.page) == []

    # a case of Ann's own, and whether Bo can open it on his replica
    with_ann = new_case(ann)
    served = open_page(bo, hosted, "part2", case=with_ann, lang="en")
    assert served == bo.replica
    missing = t("app.case_not_found", id=with_ann)
    if PRIVATE_CASES:  # answered exactly as a case that does not exist
        assert any(missing in n for n in notices_seen(bo.page)), notices_seen(bo.page)
    else:
        assert not any(missing in n for n in notices_seen(bo.page)), notices_seen(bo.page)
        assert parse_qs(urlparse(bo.page.url).query).get("case") == [with_ann]

    # every request of each user, the websocket included, reached the user's own replica
    routes = {user.route(): user for user in two_users}
    for user in two_users:
        user.page.close()  # ends the websockets: nginx logs a request when it ends
    entries = _wait_for_log(
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


def test_a_replica_that_goes_away_loses_nothing(hosted, two_users):
    """Ann's replica stops at once (a crash, or a restart for an update). Her tab carries on
    by itself on the other replica, with nothing lost, and her next edit is stored; the
    launcher starts the replica again."""
    ann, bo = two_users
    ws, one, _other = _text_fields()
    case_id = hosted.store().create(Case(title="Stationsplein")).case.id
    sign_in(ann.page, ann.name)
    open_page(ann, hosted, "part2", case=case_id, lang="en", ws=ws.id)
    pick_worksheet(ann.page, ws.title("en"))
    type_answer(ann.page, one.label("en"), "Before her replica went")

    os.kill(hosted.pid(ann.replica), signal.SIGKILL)
    ann.page.wait_for_function(CONNECTED, timeout=2 * TIMEOUT)  # reconnected, elsewhere
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
    _wait_for_log(hosted, lambda log: any(
        r == route and request.startswith("GET /_stcore/stream") and up.endswith(other)
        for r, request, up in log), "Ann's tab's websocket on the other replica")
    deadline = time.monotonic() + START_TIMEOUT_S
    while not any("starting it again" in line for line in hosted.said):
        assert time.monotonic() < deadline, "the launcher did not start the replica again"
        hosted.said.append(hosted.proc.stdout.readline().rstrip("\n"))


CONNECTED = """() => { const app = document.querySelector('[data-testid=stApp]');
    return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'; }"""
