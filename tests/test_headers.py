"""The security headers (ui/headers.py): `streamlit run app.py` serves the app through the
`st.App` in app.py, whose middleware puts a Content-Security-Policy that allows nothing from
another address, nosniff and no-referrer on every HTTP response. (The browser journey
tests/browser/test_markup.py checks them on a running server, with Chromium.)"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

import streamlit
from streamlit.web.server.app_discovery import discover_asgi_app

from ui.headers import SecurityHeaders, content_security_policy, inline_script_hashes

ROOT = Path(__file__).resolve().parent.parent


def directives() -> dict[str, list[str]]:
    policy = content_security_policy()
    return {name: sources for name, *sources in (d.split() for d in policy.split("; "))}


def served(scope_type: str = "http", headers: list | None = None) -> list[dict]:
    """The messages an app answering with `headers` sends through the middleware."""
    sent: list[dict] = []

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": headers or []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def send(message):
        sent.append(message)

    asyncio.run(SecurityHeaders(inner)({"type": scope_type}, None, send))
    return sent


def test_streamlit_run_app_py_serves_it_through_st_app():
    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app and found.import_string == "app:app"


def test_imported_by_the_server_app_py_makes_the_app_and_runs_no_page():
    code = ("import app, streamlit as st; "
            "print(type(app.app).__name__, hasattr(app, 'main'), app.app.script_path.name)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["App", "True", "app.py"]


def test_every_http_response_gets_the_headers_once():
    start = served(headers=[(b"content-type", b"text/html"),
                            (b"X-Content-Type-Options", b"sniff")])[0]
    names = [name.lower() for name, _ in start["headers"]]
    assert sorted(names) == sorted([b"content-type", b"content-security-policy",
                                    b"x-content-type-options", b"referrer-policy"])
    got = dict(start["headers"])
    assert got[b"x-content-type-options"] == b"nosniff"
    assert got[b"referrer-policy"] == b"no-referrer"
    assert got[b"content-security-policy"].decode() == content_security_policy()


def test_websockets_pass_untouched():
    assert served("websocket", headers=[(b"a", b"b")])[0]["headers"] == [(b"a", b"b")]


def test_the_policy_allows_nothing_from_another_address():
    allowed = {"'self'", "'none'", "data:", "blob:", "'unsafe-inline'", "'wasm-unsafe-eval'"}
    found = directives()
    others = {s for sources in found.values() for s in sources
              if s not in allowed and not s.startswith("'sha256-")}
    assert others == set(), "a host, a scheme or a wildcard would let the page reach out"
    assert found["default-src"] == ["'self'"]
    assert found["connect-src"] == ["'self'"] and found["frame-ancestors"] == ["'self'"]
    assert found["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in found["script-src"]  # styles only: they run no code
    assert "'unsafe-eval'" not in found["script-src"]


def test_the_inline_script_of_streamlits_page_is_allowed_by_its_hash():
    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(inline) == 1  # Streamlit 1.67: window.prerenderReady = false
    assert inline_script_hashes(page)[0] in directives()["script-src"]
