#!/usr/bin/env python3
"""Run the workbook as several app processes (replicas) behind nginx, on one machine.

    WORKBOOK_DB=postgresql+psycopg://wb@localhost/workbook .venv/bin/python deploy/replicas.py

starts two `streamlit run app.py` processes on 127.0.0.1:8501 and :8502, both on that one
database, and nginx (deploy/nginx.conf, which includes deploy/workbook.conf) on
127.0.0.1:8080 in front of them, keeping each browser on one replica by a cookie. It prints
one line per process and then `ready: URL`; Ctrl-C (or SIGTERM) stops them all. A replica
that exits is started again; if nginx exits, everything stops (exit code 1).

`--no-proxy` starts the replicas only, for a server whose own nginx includes workbook.conf.
All replicas get the same `server.cookieSecret` (STREAMLIT_SERVER_COOKIE_SECRET if set, else
a new one), as Streamlit asks of replicas. Standard library only; nginx from Debian
(`apt-get install nginx`); run it with the Python that has the app's requirements.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
LISTEN = "127.0.0.1:8080"  # as written in workbook.conf
PORTS = (8501, 8502)  # as written in workbook.conf
START_TIMEOUT_S = 120  # a cold `streamlit run` on a small, busy machine
RESTART_S = 5  # a replica that keeps failing is started again at most this often
SERVER_LINE = re.compile(r"^([ \t]*)server 127\.0\.0\.1:\d+;\n", re.MULTILINE)


# -- the nginx configuration ------------------------------------------------------------------
def render(folder: Path, listen: str = LISTEN, ports: Sequence[int] = PORTS) -> Path:
    """Write nginx.conf and workbook.conf into `folder`, listening on `listen` and passing to
    the replicas on `ports`; returns the path of nginx.conf. Only those two things change."""
    site = (DEPLOY / "workbook.conf").read_text(encoding="utf-8")
    if site.count(f"listen {LISTEN};") != 1 or len(SERVER_LINE.findall(site)) != len(PORTS):
        raise ValueError("deploy/workbook.conf no longer has the lines this script changes")
    site = site.replace(f"listen {LISTEN};", f"listen {listen};")
    lines = list(SERVER_LINE.finditer(site))  # one after the other in the upstream block
    servers = "".join(f"{lines[0].group(1)}server 127.0.0.1:{port};\n" for port in ports)
    site = site[:lines[0].start()] + servers + site[lines[-1].end():]
    (folder / "workbook.conf").write_text(site, encoding="utf-8")
    shutil.copy(DEPLOY / "nginx.conf", folder / "nginx.conf")
    return folder / "nginx.conf"


def nginx_binary() -> str | None:
    """WORKBOOK_NGINX if set, else nginx on the PATH or in /usr/sbin, where Debian puts it
    (not on every user's PATH); None when there is none."""
    wanted = os.environ.get("WORKBOOK_NGINX")
    places = [wanted] if wanted else [shutil.which("nginx"), "/usr/sbin/nginx"]
    return next((p for p in places if p and os.access(p, os.X_OK)), None)


def nginx_command(nginx: str, folder: Path, *extra: str) -> list[str]:
    """nginx with `folder` as its prefix: pid, logs and temporary files all go there."""
    return [nginx, "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), *extra]


def reachable_by_workers(folder: Path) -> None:
    """Started by root, nginx runs its workers as `nobody`; they keep temporary files in the
    prefix folder, so it and every folder above it must let others pass."""
    folder.chmod(0o711)
    for above in folder.parents:
        if not above.stat().st_mode & 0o001:
            raise RuntimeError(f"nginx's workers (user nobody) cannot reach {folder}: "
                               f"{above} lets no one else pass; choose another --run-dir")


# -- the processes ----------------------------------------------------------------------------
def replica_command(port: int, python: str = sys.executable,
                    secrets_file: Path | None = None) -> list[str]:
    """One app process, reachable on loopback only (users come through the proxy); with
    `secrets_file`, every replica reads that one (the login's settings, its cookie secret)."""
    extra = ["--secrets.files", str(secrets_file)] if secrets_file else []
    return [python, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *extra]


def replica_env(secret: str) -> dict[str, str]:
    return {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secret,
            "PYTHONDONTWRITEBYTECODE": "1"}


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def log_tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Replicas:
    """The app processes and nginx in front of them, started and stopped together."""

    def __init__(self, folder: Path, listen: str, ports: Sequence[int], proxy: bool,
                 nginx: str | None, secrets_file: Path | None = None) -> None:
        self.folder, self.listen, self.ports, self.proxy = folder, listen, list(ports), proxy
        self.nginx, self.secrets_file = nginx, secrets_file
        self.secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
        self.apps: dict[int, subprocess.Popen] = {}
        self.front: subprocess.Popen | None = None

    def log(self, port: int) -> Path:
        return self.folder / f"replica-{port}.log"

    def start_replica(self, port: int) -> subprocess.Popen:
        with self.log(port).open("a") as log:
            proc = subprocess.Popen(replica_command(port, secrets_file=self.secrets_file),
                                    cwd=ROOT, env=replica_env(self.secret),
                                    stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
        self.apps[port] = proc
        return proc

    def wait(self, url: str, proc: subprocess.Popen, log: Path) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not start:\n{log_tail(log)}")
            time.sleep(0.3)

    def start(self) -> None:
        for port in self.ports:
            self.start_replica(port)
        for port in self.ports:
            self.wait(f"http://127.0.0.1:{port}", self.apps[port], self.log(port))
            say(f"replica    http://127.0.0.1:{port}  pid {self.apps[port].pid}  "
                f"log {self.log(port)}")
        if self.proxy:
            self.start_proxy()

    def start_proxy(self) -> None:
        if self.nginx is None:
            raise RuntimeError("nginx is not installed (Debian: apt-get install nginx)")
        render(self.folder, self.listen, self.ports)
        if os.geteuid() == 0:
            reachable_by_workers(self.folder)
        check = subprocess.run(nginx_command(self.nginx, self.folder, "-t"),
                               capture_output=True, text=True, timeout=60)
        if check.returncode != 0:
            raise RuntimeError(f"nginx refuses the configuration:\n{check.stderr}")
        errors = self.folder / "nginx.out"
        with errors.open("a") as out:
            self.front = subprocess.Popen(
                nginx_command(self.nginx, self.folder, "-g", "daemon off;"),
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.wait(f"http://{self.listen}", self.front, self.folder / "error.log")
        say(f"proxy      http://{self.listen}  pid {self.front.pid}  "
            f"logs {self.folder / 'access.log'}, {self.folder / 'error.log'}")

    def supervise(self, stopping: list[bool]) -> int:
        """Start again a replica that exited (at most every few seconds); stop everything
        when nginx exits."""
        started = {port: time.monotonic() for port in self.apps}
        while not stopping:
            if self.front is not None and self.front.poll() is not None:
                say(f"nginx exited ({self.front.returncode}):\n"
                    f"{log_tail(self.folder / 'error.log')}")
                return 1
            for port, proc in list(self.apps.items()):
                if proc.poll() is not None and time.monotonic() - started[port] > RESTART_S:
                    say(f"replica on port {port} exited ({proc.returncode}); starting it again")
                    self.start_replica(port)
                    started[port] = time.monotonic()
            time.sleep(0.5)
        return 0

    def stop(self) -> None:
        procs = [p for p in (self.front, *self.apps.values()) if p is not None]
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGQUIT if proc is self.front else signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def say(line: str) -> None:
    print(line, flush=True)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", default=LISTEN, help=f"the proxy's address ({LISTEN})")
    parser.add_argument("--ports", default=",".join(map(str, PORTS)),
                        help="the replicas' loopback ports (8501,8502)")
    parser.add_argument("--run-dir", type=Path, help="pid, logs and temporary files of nginx "
                        "and the replicas' logs (default: a new temporary folder)")
    parser.add_argument("--no-proxy", action="store_true",
                        help="start the replicas only (a server's own nginx is in front)")
    parser.add_argument("--secrets", type=Path, help="the secrets file every replica reads "
                        "(default: .streamlit/secrets.toml, as Streamlit finds it)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if not os.environ.get("WORKBOOK_DB"):
        say("Set WORKBOOK_DB to the database all replicas share "
            "(postgresql+psycopg://user:password@host/workbook).")
        return 2
    ports = [int(p) for p in args.ports.split(",") if p.strip()]
    folder = args.run_dir or Path(tempfile.mkdtemp(prefix="workbook-replicas-"))
    folder.mkdir(parents=True, exist_ok=True)
    replicas = Replicas(folder.resolve(), args.listen, ports, not args.no_proxy,
                        nginx_binary(), args.secrets.resolve() if args.secrets else None)
    stopping: list[bool] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))
    try:
        replicas.start()
        say(f"ready: http://{args.listen}" if replicas.proxy else "ready")
        return replicas.supervise(stopping)
    except RuntimeError as err:
        say(str(err))
        return 1
    finally:
        replicas.stop()


if __name__ == "__main__":
    sys.exit(main())
