"""Map images: the PNG slide and the picture in the PDF, drawn by a local headless Chromium.

One `Renderer` (`workbook.share.mapimage`) is started on first use, reused for every image and
closed when Python exits. `map_figure` is the polarisation map at a given size, the figure the
HTML report, the PDF and the PNG all start from. If Chromium is missing or does not answer,
`MapRenderError` says so in the user's language instead of hanging.
"""

from __future__ import annotations

import atexit
import html

import plotly.graph_objects as go

from workbook import i18n
from workbook.analysis.polarmap import build_map
from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.share.mapimage import Renderer

SLIDE_SIZE = (1600, 900)
SLIDE_SCALE = 1.25  # draw at 1280 x 720 and scale up: bigger type and markers on a slide

_RENDERER = Renderer()
atexit.register(_RENDERER.close)


def map_figure(case: Case, fw: Framework, lang: str, width: int, height: int) -> go.Figure:
    """The case's polarisation map, laid out for width x height pixels."""
    try:
        return build_map(case, fw, lang, width=width, height=height)
    except TypeError:  # a build_map without size arguments
        fig = build_map(case, fw, lang)
        fig.update_layout(width=width, height=height)
        return fig


def images_available() -> bool:
    """Whether PNG (and the PDF's map) can be drawn on this machine."""
    return _RENDERER.available()


def render_image(fig: go.Figure, width: int, height: int, scale: float = 1.0) -> bytes:
    return _RENDERER.render(fig, "png", width, height, scale)


def to_png(case: Case, fw: Framework, lang: str = "nl", *, size: tuple[int, int] = SLIDE_SIZE,
           scale: float = SLIDE_SCALE) -> bytes:
    """The map for a slide: 1600 x 900 pixels, the case title on top."""
    width, height = round(size[0] / scale), round(size[1] / scale)
    fig = map_figure(case, fw, lang, width, height - 50)
    title = case.title or i18n.t("export.report.untitled", lang)
    margin = dict(fig.layout.margin.to_plotly_json()) if fig.layout.margin else {}
    margin["t"] = max(margin.get("t") or 0, 50)
    fig.update_layout(
        width=width, height=height, margin=margin, paper_bgcolor="#ffffff",
        title=dict(text=html.escape(title[:120]), x=0.02, xanchor="left", y=0.98,
                   yanchor="top", font=dict(size=20)),
    )
    return render_image(fig, width, height, scale)
