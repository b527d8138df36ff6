"""The map as an image: a headless Chromium, started once, draws Plotly figures with plotly.js.

One page that holds plotly.js stays loaded between images: each image is one call into it
(`Plotly.toImage`, the same drawing kaleido does), so plotly.js is parsed once, not per
image, and its code stays warm. The page is reloaded every `RELOAD_EVERY` images, between
calls, so nothing can pile up in it. The page loads plotly.js from the installed plotly
package and may load nothing else: no CDN, no network.

The browser is driven through choreographer (kaleido's browser layer, kaleido's own
dependency) on an event-loop thread of its own; every wait has a time limit, and a browser
that is missing, crashes or stops answering gives a `MapRenderError`, never a hang.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import shutil
import signal
import tempfile
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import plotly.io as pio
from plotly.utils import PlotlyJSONEncoder

from workbook import i18n

_log = logging.getLogger(__name__)
RELOAD_EVERY = 100  # images per page load
IMAGE_FORMATS = frozenset({"png", "jpeg", "webp", "svg"})
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# The page may run its own scripts and the local plotly.js, and show data: images (the
# SVG that Plotly.toImage rasterises); it may fetch nothing.
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
script-src 'unsafe-inline' file:; style-src 'unsafe-inline'; img-src data: blob:">
<script src="{plotly}" charset="utf-8"></script>
<script>
if (window.Plotly) window.renderFigure = function (figJson, format, width, height, scale) {{
  const fig = JSON.parse(figJson);
  const config = Object.assign({{plotGlPixelRatio: scale * 2}}, fig.config);
  return Plotly.toImage({{data: fig.data || [], layout: fig.layout || {{}}, config: config}},
                        {{format: format, width: width, height: height, scale: scale,
                          imageDataOnly: true}});
}};
</script></head><body style="margin: 0"></body></html>
"""
CALL = "function (...args) { return this(...args); }"


class MapRenderError(RuntimeError):
    """The map could not be drawn as an image; the message is in the user's language."""

    def __init__(self, key: str, **params: object):
        self.key, self.params = key, params
        super().__init__(i18n.t(key, "en", **params))

    def message(self, lang: str = "nl") -> str:
        return i18n.t(self.key, lang, **self.params)


class _PageError(RuntimeError):
    """The page or plotly.js reported an error (said in words by `Renderer.render`)."""


class Renderer:
    """A headless Chromium with plotly.js loaded, started once and reused for every image.

    It lives on its own event-loop thread; one image is drawn at a time (a lock). A browser
    that is missing, crashes or does not answer in time is killed and reported as a
    MapRenderError; the next call then starts a fresh one.
    """

    def __init__(self, start_timeout: float = 40, render_timeout: float = 40,
                 browser_path: str | None = None):
        self.start_timeout = start_timeout
        self.render_timeout = render_timeout
        self.browser_path = browser_path
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._browser = None  # a started choreographer.Browser
        self._pending = None  # the browser being started, so a failed start can be killed
        self._tab = None
        self._draw_fn: str | None = None  # the page's renderFigure, as a remote object id
        self._page_dir: Path | None = None
        self._drawn = 0  # images since the page was loaded

    def available(self) -> bool:
        """Whether a browser to draw images with can be found (without starting it)."""
        path = self._path()
        if path:
            return Path(path).is_file() and os.access(path, os.X_OK)
        try:
            from choreographer.browsers.chromium import Chromium

            return Chromium.find_browser(skip_local=False) is not None
        except Exception:  # noqa: BLE001
            return False

    def _path(self) -> str | None:
        return self.browser_path or os.environ.get("BROWSER_PATH") or None

    # -- called from any thread --------------------------------------------------------------
    def render(self, fig: go.Figure | dict, fmt: str = "png", width: int = 1600,
               height: int = 900, scale: float = 1.0) -> bytes:
        """The figure drawn as `fmt` at width x height CSS pixels times `scale`."""
        if fmt not in IMAGE_FORMATS:
            raise ValueError(f"unknown image format {fmt!r}")
        fig_json = figure_json(fig)
        with self._lock:
            self._ensure_started()
            future = asyncio.run_coroutine_threadsafe(
                self._draw(fig_json, fmt, width, height, scale), self._loop)
            try:
                return future.result(timeout=self.render_timeout)
            except FutureTimeout:
                future.cancel()
                self._stop(kill=True)
                raise MapRenderError("export.render_timeout",
                                     seconds=int(self.render_timeout)) from None
            except _PageError as exc:  # plotly.js refused the figure: the browser is fine
                raise MapRenderError("export.render_failed", detail=str(exc)) from exc
            except Exception as exc:  # noqa: BLE001 - any browser failure, said in words
                self._stop(kill=True)
                raise MapRenderError("export.render_failed",
                                     detail=f"{type(exc).__name__}: {str(exc)[:200]}") from exc

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _ensure_started(self) -> None:
        if self._browser is not None:
            return
        if not self.available():
            raise MapRenderError("export.browser_missing")
        if not PLOTLY_JS.is_file():
            raise MapRenderError("export.render_failed", detail=f"{PLOTLY_JS} is missing")
        from choreographer.browsers.chromium import ChromeNotFoundError

        loop = asyncio.new_event_loop()
        # a browser that failed is reported through MapRenderError; keep the loop quiet
        loop.set_exception_handler(lambda _loop, ctx: _log.debug("chromium: %s", ctx))
        threading.Thread(target=loop.run_forever, name="map-image", daemon=True).start()
        self._loop = loop
        self._page_dir = _write_page()
        future = asyncio.run_coroutine_threadsafe(self._start(), loop)
        try:
            future.result(timeout=self.start_timeout)
        except FutureTimeout:
            future.cancel()
            self._stop(kill=True)
            raise MapRenderError("export.render_timeout", seconds=int(self.start_timeout)) \
                from None
        except ChromeNotFoundError:
            self._stop(kill=True)
            raise MapRenderError("export.browser_missing") from None
        except Exception as exc:  # noqa: BLE001
            self._stop(kill=True)
            raise MapRenderError("export.render_failed",
                                 detail=f"{type(exc).__name__}: {str(exc)[:200]}") from exc

    def _stop(self, kill: bool = False) -> None:
        """Close the browser and its loop; with `kill`, end the process at once."""
        loop, browser = self._loop, self._browser or self._pending
        self._loop = self._browser = self._pending = self._tab = self._draw_fn = None
        page_dir, self._page_dir = self._page_dir, None
        try:
            if browser is not None and kill:
                _kill_browser(browser)
            if loop is None or not loop.is_running():
                return
            if browser is not None and not kill:
                try:
                    asyncio.run_coroutine_threadsafe(browser.close(), loop).result(timeout=5)
                except Exception:  # noqa: BLE001
                    _kill_browser(browser)

            def shutdown() -> None:
                for task in asyncio.all_tasks(loop):
                    task.cancel()
                loop.stop()

            loop.call_soon_threadsafe(shutdown)
        finally:
            if page_dir is not None:
                shutil.rmtree(page_dir, ignore_errors=True)

    # -- on the loop thread ----------------------------------------------------------------------
    async def _start(self) -> None:
        import choreographer

        path = self._path()
        kwargs = {"path": path} if path else {}
        browser = choreographer.Browser(enable_extensions=False, **kwargs)
        self._pending = browser
        await browser.open()
        tab = browser.get_tab() or await browser.create_tab()
        await _send(tab, "Page.enable")
        self._tab = tab
        await self._load_page()
        self._browser, self._pending = browser, None

    async def _load_page(self) -> None:
        """(Re)load the page and find its renderFigure function."""
        loaded = self._tab.subscribe_once("Page.loadEventFired")
        await _send(self._tab, "Page.navigate", {"url": (self._page_dir / "map.html").as_uri()})
        await loaded
        found = await _send(self._tab, "Runtime.evaluate", {"expression": "window.renderFigure"})
        self._draw_fn = found.get("objectId")
        if found.get("type") != "function" or not self._draw_fn:
            raise _PageError("plotly.js did not load in the page")
        self._drawn = 0

    async def _draw(self, fig_json: str, fmt: str, width: int, height: int,
                    scale: float) -> bytes:
        if self._drawn >= RELOAD_EVERY:
            await self._load_page()
        self._drawn += 1
        try:
            result = await _send(self._tab, "Runtime.callFunctionOn", {
                "functionDeclaration": CALL, "objectId": self._draw_fn,
                "arguments": [{"value": v} for v in (fig_json, fmt, width, height, scale)],
                "awaitPromise": True, "returnByValue": True})
        except _PageError:
            self._drawn = RELOAD_EVERY  # a clean page for the next image
            raise
        data = result.get("value")
        if not isinstance(data, str) or not data:
            raise _PageError(f"plotly.js returned no image ({result.get('type')})")
        return data.encode("utf-8") if fmt == "svg" else base64.b64decode(data)


async def _send(tab, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """A DevTools command's `result.result` (or `result`); a page error as _PageError."""
    response = await tab.send_command(method, params=params)
    if "error" in response:
        raise _PageError(f"{method}: {response['error'].get('message', response['error'])}")
    result = response.get("result", {})
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        text = (details.get("exception") or {}).get("description") or details.get("text")
        raise _PageError(str(text).strip().split("\n")[0][:200])  # the message, not the stack
    return result.get("result", result)


def figure_json(fig: go.Figure | dict) -> str:
    """The figure as JSON for plotly.js. A Figure's own data and layout are written as they
    are: `plotly.io.to_json` deep-copies them first, which takes three times as long."""
    data, layout = getattr(fig, "_data", None), getattr(fig, "_layout", None)
    if isinstance(data, list) and isinstance(layout, dict):
        return json.dumps({"data": data, "layout": layout}, cls=PlotlyJSONEncoder)
    return pio.to_json(fig, validate=False)


def _write_page() -> Path:
    """A private directory holding the page (removed when the browser stops)."""
    folder = Path(tempfile.mkdtemp(prefix="workbook-map-"))
    page = PAGE.format(plotly=PLOTLY_JS.as_uri())  # as_uri percent-encodes quotes
    (folder / "map.html").write_text(page, encoding="utf-8")
    return folder


def _kill_browser(browser) -> None:
    """End a browser process and its children (it leads its own process group)."""
    proc = getattr(browser, "subprocess", None)
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, AttributeError):
        try:
            proc.kill()
        except OSError:
            pass
    try:
        proc.wait(timeout=3)
    except Exception:  # noqa: BLE001
        pass
