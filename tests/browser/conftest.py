"""Fixtures for real-browser journeys: the app served by `streamlit run app.py` on a free port
with a store of its own, and Debian's Chromium driven by Playwright.

Without Chromium or Playwright these tests skip and say why; with REQUIRE_BROWSER=1 (set by
.ci/run) they fail instead, so CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import random
import re
import signal
import tempfile
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from workbook.case.store import Store

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("WORKBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
PORTS = range(8620, 8661)
VIEWPORT = {"width": 1400, "height": 1100}
LOCAL_HOSTS = ("127.0.0.1", "localhost")
FAILURES = Path(tempfile.gettempdir()) / "workbook-browser-failures"


def require_browser() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip() not in ("", "0")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).is_file():
        return f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def skip_or_fail(reason: str) -> None:
    if require_browser():
        pytest.fail(f"REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}",
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="module")
def _browser_available():
    reason = missing_browser()
    if reason:
        skip_or_fail(reason)


# -- the app under test --------------------------------------------------------------------
def free_port() -> int:
    """A port of PORTS that nothing listens on, tried in random order: another run of this
    suite (or a colleague's server) may be using the first ones."""
    for port in random.sample(list(PORTS), len(PORTS)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                continue  # something listens there
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


class AppServer:
    """`streamlit run app.py` in a subprocess, on its own port and its own SQLite store."""

    def __init__(self, workdir: Path, root: Path = ROOT, port: int | None = None):
        self.root = root
        self.workdir = workdir
        self.db_url = f"sqlite:///{workdir / 'workbook.db'}"
        self.port = port or free_port()
        self.log = workdir / "streamlit.log"
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.args: list[str] = []  # more options for `streamlit run` (a secrets file)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {**os.environ, "WORKBOOK_DB": self.db_url, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("WORKBOOK_LANG", None)
        return env

    def start(self, timeout: float = 90, keep_port: bool = False) -> "AppServer":
        """Start the server and wait until it answers. If its port was taken in the meantime
        (Streamlit says so and exits), try another one, unless the port must stay."""
        for _ in range(1 if keep_port else 5):
            if self._spawn(timeout):
                return self
            if keep_port or "is not available" not in self.log_tail(5):
                break
            self.port = free_port()
        raise RuntimeError(f"streamlit did not start on {self.base}:\n{self.log_tail()}")

    def _spawn(self, timeout: float) -> bool:
        self.starts += 1
        mark = f"--- start {self.starts} on port {self.port} ---"
        with self.log.open("a") as log:
            log.write(f"\n{mark}\n")
            log.flush()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py",
                 "--server.port", str(self.port), "--server.address", "127.0.0.1",
                 "--server.headless", "true", "--server.fileWatcherType", "none",
                 "--browser.gatherUsageStats", "false", *self.args],
                cwd=self.root, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            # Only our own server counts: it must say it started, and still run.
            said = self.log.read_text(errors="replace").split(mark)[-1]
            ours = "server started" in said or "You can now view" in said
            if ours:
                try:
                    with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as r:
                        if r.status == 200 and self.proc.poll() is None:
                            return True
                except OSError:
                    pass
            time.sleep(0.2)
        self.stop()
        return False

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """End the server at once (SIGKILL: no chance to tidy up), as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> None:
        self.kill()
        self.start(keep_port=True)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def url(self, page: str = "", **params: str) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base}/{page.lstrip('/')}{query}"

    def store(self) -> Store:
        return Store(self.db_url)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=self.root,
                              env=self.env(), capture_output=True, text=True, timeout=120)

    def import_case(self, path: Path | str) -> str:
        """Import a case file through the command line; returns the new case's id."""
        run = self.cli("import", str(path))
        assert run.returncode == 0, run.stderr
        return run.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def app(tmp_path_factory, _browser_available):
    """One server per test module (starting one takes a few seconds)."""
    server = AppServer(tmp_path_factory.mktemp("app"))
    server.start()
    yield server
    server.stop()


# -- the browser ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chromium(_browser_available):
    from playwright.sync_api import sync_playwright

    try:
        pw = sync_playwright().start()
    except Exception as exc:  # noqa: BLE001
        skip_or_fail(f"Playwright does not start: {exc}")
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001
        pw.stop()
        skip_or_fail(f"Chromium does not start: {exc}")
    yield browser
    browser.close()
    pw.stop()


class Watch:
    """What pages did that a user should never see: dialogs (an injected script's alert),
    uncaught script errors, requests to anywhere but the app's own server."""

    def __init__(self, context):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        context.on("weberror", lambda err: self.errors.append(str(err.error)[:300]))
        context.on("dialog", self._dialog)
        context.on("request", self._request)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message[:200])
        dialog.dismiss()

    def _request(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:", "file:")):
            return
        host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
        if host not in LOCAL_HOSTS:
            self.outside.append(url[:200])


def new_context(chromium, **options):
    """A fresh browser profile (its own cookies and storage), watched."""
    from tests.browser.helpers import INIT_SCRIPT

    context = chromium.new_context(**{"viewport": VIEWPORT, "accept_downloads": True,
                                      "locale": "en-GB", **options})
    context.set_default_timeout(60_000)
    context.add_init_script(INIT_SCRIPT)
    context.watch = Watch(context)
    return context


def check_watch(context) -> None:
    watch = context.watch
    assert watch.dialogs == [], f"a page opened dialogs (injected script?): {watch.dialogs}"
    assert watch.outside == [], f"a page contacted other servers: {watch.outside}"


@pytest.fixture
def browser_context(chromium):
    context = new_context(chromium)
    yield context
    context.close()
    check_watch(context)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def keep_screenshot(request, page, suffix: str = "") -> None:
    """After a failed test, save what the tab showed (printed with the test's output)."""
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed or page.is_closed():
        return
    FAILURES.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[:100] + suffix
    target = FAILURES / f"{name}.png"
    try:
        page.screenshot(path=str(target), full_page=True)
        print(f"screenshot of the failure: {target} (url {page.url})")
    except Exception as exc:  # noqa: BLE001 - a screenshot must never hide the failure
        print(f"no screenshot: {exc}")


@pytest.fixture
def tab(browser_context, request):
    """One browser tab."""
    page = browser_context.new_page()
    yield page
    keep_screenshot(request, page)
