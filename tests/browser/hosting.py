"""The hosted setup for browser journeys: deploy/replicas.py as shipped (two app processes on
one fresh PostgreSQL database, nginx in front), Chromium that reaches the proxy by a host name,
and users, each a browser profile of its own that the proxy has given a replica.

The host name matters: Streamlit trusts 127.0.0.1 and localhost whatever the Host header
says, so only under another name does the websocket show that the proxy passes the Host on
as the browser sent it.
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
from urllib.parse import urlencode, urlparse

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, keep_screenshot, new_context
from tests.browser.conftest import free_port, skip_or_fail
from tests.browser.helpers import TIMEOUT, settle
from tests.browser.oidc import PROVIDER_CSS
from tests.nginxproxy import run_folder, skip_without_nginx
from workbook.case.store import Store

HOST = "workbook.test"  # the proxy's name in the browser
START_TIMEOUT_S = 300  # two cold Streamlit processes and nginx on a small, busy machine


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
def replica_secrets():
    """What writes the secrets file all replicas share, given the proxy's address (a module
    overrides this to log in at a local provider); None: no secrets file, local mode."""
    return None


@pytest.fixture(scope="module")
def hosted(postgres, replica_secrets):
    skip_without_nginx()
    db_url = postgres.new_database()
    folder = run_folder()
    listen, *ports = _distinct_ports(3)
    env = {**os.environ, "WORKBOOK_DB": db_url, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("WORKBOOK_LANG", None)
    secrets_args = []
    if replica_secrets is not None:
        secrets_file = replica_secrets(f"http://{HOST}:{listen}")
        secrets_args = ["--secrets", str(secrets_file)]
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "replicas.py"), "--listen",
         f"127.0.0.1:{listen}", "--ports", ",".join(map(str, ports)), "--run-dir", str(folder),
         *secrets_args],
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
        context.route(f"{PROVIDER_CSS}**", lambda route: route.abort())
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
        # the proxy, and the local login provider (on loopback) with its own stylesheet,
        # which the browser asked for and was refused
        assert [u for u in watch.outside if urlparse(u).hostname not in (HOST, "127.0.0.1")
                and not u.startswith(PROVIDER_CSS)] == []


def wait_for_log(hosted: Hosted, check, what: str, timeout_s: float = 30) -> list:
    deadline = time.monotonic() + timeout_s
    while True:
        entries = hosted.access_log()
        if check(entries):
            return entries
        assert time.monotonic() < deadline, f"{what}; nginx logged:\n" + "\n".join(
            " ".join(e) for e in entries[-30:])
        time.sleep(0.5)


