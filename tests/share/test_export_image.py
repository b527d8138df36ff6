"""The map as an image (workbook.share.mapimage): one kept page draws every image, each image shows
its own figure only, the page fetches nothing, and a failure is said in words."""

from __future__ import annotations

import asyncio
import http.server
import io
import threading
from concurrent.futures import ThreadPoolExecutor

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageChops

from tests.share.test_export import png_size, rich_case
from workbook.share import export as ex
from workbook.share import images
from workbook.share import mapimage
from workbook.case.model import Case


@pytest.fixture(scope="module")
def rich(framework) -> Case:
    return Case.model_validate(rich_case(framework).to_doc())


@pytest.fixture
def renderer():
    r = mapimage.Renderer()
    yield r
    r.close()


def small_figure(title: str = "Een kaart") -> go.Figure:
    fig = go.Figure(go.Scatter(x=[0, 1, 2], y=[2, 0, 1], mode="markers+text",
                               text=["a", "b", "c"], marker={"size": 14}))
    fig.update_layout(title=title, paper_bgcolor="#ffffff")
    return fig


def same_pixels(a: bytes, b: bytes) -> bool:
    one, two = (Image.open(io.BytesIO(x)).convert("RGBA") for x in (a, b))
    return one.size == two.size and ImageChops.difference(one, two).getbbox() is None


def test_the_kept_page_draws_each_case_as_a_fresh_browser_would(rich, framework, monkeypatch):
    first = ex.to_png(rich, framework, "nl")
    other = ex.to_png(rich.model_copy(update={"title": "Een andere casus",
                                              "actors": rich.actors[:2]}), framework, "nl")
    again = ex.to_png(rich, framework, "nl")
    assert other != first
    assert again == first  # nothing of the other case is left in the page
    fresh = mapimage.Renderer()
    monkeypatch.setattr(images, "_RENDERER", fresh)
    try:
        assert ex.to_png(rich, framework, "nl") == first
    finally:
        fresh.close()


def test_the_image_is_the_picture_kaleido_draws(rich, framework):
    """Same drawing as before the kept page: plotly.js's own toImage, at the same scale."""
    kaleido = pytest.importorskip("kaleido")
    width, height = round(ex.SLIDE_SIZE[0] / ex.SLIDE_SCALE), round(ex.SLIDE_SIZE[1] / ex.SLIDE_SCALE)
    fig = images.map_figure(rich, framework, "nl", width, height)
    fig.update_layout(width=width, height=height, paper_bgcolor="#ffffff")
    ours = ex.render_image(fig, width, height, ex.SLIDE_SCALE)

    async def theirs() -> bytes:
        async with kaleido.Kaleido(n=1, mathjax=False, enable_extensions=False) as k:
            opts = {"format": "png", "width": width, "height": height, "scale": ex.SLIDE_SCALE}
            return await k.calc_fig(fig, opts=opts)

    assert png_size(ours) == ex.SLIDE_SIZE
    assert same_pixels(ours, asyncio.run(theirs()))


def test_the_page_is_reloaded_now_and_then_and_draws_the_same(renderer, monkeypatch):
    monkeypatch.setattr(mapimage, "RELOAD_EVERY", 2)
    loads = []
    load_page = mapimage.Renderer._load_page

    async def counted(self):
        loads.append(1)
        await load_page(self)

    monkeypatch.setattr(mapimage.Renderer, "_load_page", counted)
    images = [renderer.render(small_figure(), "png", 400, 300) for _ in range(5)]
    assert len(set(images)) == 1 and png_size(images[0]) == (400, 300)
    assert len(loads) == 3  # at the start, then before the 3rd and the 5th image


def test_the_page_fetches_nothing(renderer):
    """A figure that points at a web address draws without it: the page may load nothing."""
    asked: list[str] = []

    class Server(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        fig = small_figure()
        fig.update_layout(images=[{"source": f"http://127.0.0.1:{server.server_port}/x.png",
                                   "xref": "paper", "yref": "paper", "x": 0, "y": 1,
                                   "sizex": 1, "sizey": 1}])
        assert png_size(renderer.render(fig, "png", 400, 300)) == (400, 300)
    finally:
        server.shutdown()
    assert asked == []


def test_a_figure_plotly_refuses_is_said_in_words_and_the_browser_stays(renderer):
    first = renderer.render(small_figure(), "png", 400, 300)
    browser = renderer._browser
    with pytest.raises(mapimage.MapRenderError) as err:
        renderer.render(small_figure(), "png", 0, 300)
    assert "pixel" in err.value.message("en") and "\n" not in err.value.message("en")
    assert "niet getekend" in err.value.message("nl")
    assert renderer.render(small_figure(), "png", 400, 300) == first
    assert renderer._browser is browser  # no restart for a bad figure


def test_images_asked_for_at_once_are_each_their_own(rich, framework):
    cases = [rich.model_copy(update={"title": f"Casus {n}"}) for n in range(3)]
    alone = [ex.to_png(case, framework, "nl") for case in cases]
    with ThreadPoolExecutor(max_workers=3) as pool:
        together = list(pool.map(lambda case: ex.to_png(case, framework, "nl"), cases * 2))
    assert together == alone * 2
    assert len(set(alone)) == 3


def test_an_unknown_image_format_is_refused(renderer):
    with pytest.raises(ValueError):
        renderer.render(small_figure(), "pdf")
