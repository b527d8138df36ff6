"""deploy/: nginx in front of several app processes, checked against two small stand-in
replicas (no Streamlit, so it takes a second): new browsers spread over both replicas, each
browser stays on its own by the cookie the proxy gives it, the websocket's upgrade and the
Host (with its port) reach the replica, and a replica that is down is passed over.

The real thing, two users in Chromium on two app processes and PostgreSQL:
tests/browser/test_replicas.py.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.nginxproxy import launcher, run_folder, skip_without_nginx

ROOT = Path(__file__).resolve().parent.parent
ROUTE = re.compile(r"workbook_route=([0-9a-f]{32});")


class Echo(BaseHTTPRequestHandler):
    """Answers every request with the replica's port and the headers it received."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = json.dumps({"port": self.server.server_port,
                           "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


def stand_in() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    def __init__(self, listen: str, replicas: list[ThreadingHTTPServer]) -> None:
        self.listen, self.replicas = listen, replicas
        self.tried: list[str] = []  # the replicas the last request went to, in order

    def get(self, route: str | None = None, **headers: str) -> tuple[int, dict, str | None]:
        """One request of a browser with this route cookie (or none): the replica's port and
        the headers it got, and the route cookie the proxy set, if any."""
        host, port = self.listen.split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=20)
        if route is not None:
            headers["Cookie"] = f"other=1; workbook_route={route}"
        try:
            conn.request("GET", "/app/page?x=1", headers=headers)
            answer = conn.getresponse()
            seen = json.loads(answer.read())
            assert answer.status == 200
            tried = answer.getheader("X-Upstream").split(", ")  # more than one: a failover
            assert tried[-1] == f"127.0.0.1:{seen['port']}"
            self.tried = tried
            given = ROUTE.search(answer.getheader("Set-Cookie") or "")
            return seen["port"], seen["headers"], given and given.group(1)
        finally:
            conn.close()


@pytest.fixture(scope="module")
def proxy():
    nginx = skip_without_nginx()
    replicas = [stand_in(), stand_in()]
    folder = run_folder()
    listen = f"127.0.0.1:{free_port()}"
    front = launcher().Replicas(folder, listen, [r.server_port for r in replicas], proxy=True,
                                nginx=nginx)
    try:
        front.start_proxy()
        yield Proxy(listen, replicas)
    finally:
        front.stop()
        for replica in replicas:
            replica.shutdown()
            replica.server_close()
        shutil.rmtree(folder, ignore_errors=True)


def test_new_browsers_spread_over_the_replicas_and_each_stays_on_its_own(proxy):
    browsers = {}
    for _ in range(24):
        port, _headers, route = proxy.get()
        assert route, "a new browser is given a route cookie"
        browsers[route] = port
    assert set(browsers.values()) == {r.server_port for r in proxy.replicas}
    for route, port in browsers.items():
        for _ in range(3):
            again, _headers, given = proxy.get(route)
            assert (again, given) == (port, None), "same replica, and no new cookie"


@pytest.mark.parametrize("forged", ["x", "0" * 31, "../../etc", "A" * 32])
def test_a_cookie_the_proxy_did_not_give_is_replaced(proxy, forged):
    _port, _headers, route = proxy.get(forged)
    assert route and route != forged


def test_the_websocket_upgrade_and_the_host_reach_the_replica(proxy):
    _port, plain, route = proxy.get()
    assert "upgrade" not in plain and plain.get("connection", "") != "upgrade"
    _port, upgrade, _ = proxy.get(route, Upgrade="websocket", Connection="Upgrade")
    assert (upgrade["upgrade"], upgrade["connection"]) == ("websocket", "upgrade")
    # Streamlit accepts a websocket whose Origin is this Host, port included
    assert upgrade["host"] == proxy.listen
    assert upgrade["x-forwarded-for"] == "127.0.0.1"


def test_a_replica_that_is_down_is_passed_over(proxy):
    routes = {}
    while len(routes) < 2:
        port, _headers, route = proxy.get()
        routes[port] = route
    down = proxy.replicas[0]
    down.shutdown()
    down.server_close()
    port, _headers, given = proxy.get(routes[down.server_port])
    assert port == proxy.replicas[1].server_port and given is None
    assert proxy.tried[0] == f"127.0.0.1:{down.server_port}", "its own replica was tried first"


def test_uploads_streamlit_accepts_pass_the_proxy():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    limit_mb = config["server"]["maxUploadSize"]
    site = (ROOT / "deploy" / "workbook.conf").read_text()
    proxy_mb = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    assert proxy_mb > limit_mb


def test_the_launcher_changes_only_the_ports(tmp_path):
    conf = launcher().render(tmp_path, "127.0.0.1:9000", [9001, 9002, 9003])
    assert conf.read_text() == (ROOT / "deploy" / "nginx.conf").read_text()
    shipped = (ROOT / "deploy" / "workbook.conf").read_text().splitlines()
    rendered = (tmp_path / "workbook.conf").read_text().splitlines()
    assert [line for line in rendered if line not in shipped] == [
        "    server 127.0.0.1:9001;", "    server 127.0.0.1:9002;",
        "    server 127.0.0.1:9003;", "    listen 127.0.0.1:9000;"]
    assert len(rendered) == len(shipped) + 1


def test_the_launcher_asks_for_the_shared_database_first(monkeypatch, capsys):
    monkeypatch.delenv("WORKBOOK_DB", raising=False)
    assert launcher().main(["--ports", "1,2"]) == 2
    assert "WORKBOOK_DB" in capsys.readouterr().out
