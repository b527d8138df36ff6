"""The security headers on every HTTP response of the app (ASGI middleware for `st.App`).

The Content-Security-Policy lets the page load and contact nothing but the app's own server:
no script, style, font, image, frame or connection from any other address, so a name or a
note that slipped through as markup still could not fetch or send anything. What Streamlit
itself needs is allowed, on the same origin only:

- its scripts (`'self'`), the one small inline script of its `index.html` (by its hash,
  read from the installed file) and `blob:` modules: Streamlit loads the inline JS of a
  components v2 component (ui/worksheets/autosave.py, ui/analysis/mapview.py) from a blob
  URL that a script already on the page made;
- inline styles (`'unsafe-inline'` in style-src): Streamlit and its components write their
  CSS into `<style>` elements at run time; styles cannot run code;
- images, fonts and media from the app, `data:` and `blob:` (charts, icons, downloads);
- its websocket and requests to the same origin (`connect-src 'self'`).

`frame-ancestors 'self'` keeps other sites from framing the app; `nosniff` and `no-referrer`
complete the set.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def inline_script_hashes(index_html: str) -> list[str]:
    """CSP sources ('sha256-…') for the inline scripts of an HTML page."""
    return ["'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            + "'" for body in _INLINE_SCRIPT.findall(index_html)]


def _streamlit_index() -> str:
    import streamlit

    path = Path(streamlit.__file__).parent / "static" / "index.html"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    scripts = " ".join(["'self'", *inline_script_hashes(_streamlit_index()), "blob:",
                        "'wasm-unsafe-eval'"])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


def security_headers() -> list[tuple[bytes, bytes]]:
    return [(b"content-security-policy", content_security_policy().encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer")]


class SecurityHeaders:
    """Adds the headers to every HTTP response (replacing any of the same name); websocket
    and lifespan traffic passes untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = security_headers()
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", [])
                        if k.lower() not in self.names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


MIDDLEWARE = [Middleware(SecurityHeaders)]
