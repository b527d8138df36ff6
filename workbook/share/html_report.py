"""The HTML report: one self-contained file with every worksheet, the tables and the live map.

The page is the Jinja2 template `templates/report.html.j2` (with `templates/report.css`); this
module gathers what it shows (`report`, the interface texts, the map) and fills it in.

Escaping: autoescape is on, and every `{{ value }}` passes `_escaped` first, which escapes with
`html.escape(quote=True)` as this report always has (markupsafe, Jinja2's own escaper, writes
&#34; and &#39; where html.escape writes &quot; and &#x27;), so the file is byte for byte what
it was. Only the plotly map is trusted markup (`Markup`), and macros' output is Markup too.

Nothing leaves the machine: the page embeds plotly.js and its content security policy forbids
loading anything else.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from pathlib import Path
from typing import Any

import plotly.io as pio
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from workbook import dates
from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.share.images import map_figure
from workbook.share.report import report, translator

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"
# a date cell, as the report shows it (workbook.dates: nl 15/09/2026, en 15 Sep 2026)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}|\d{1,2} [A-Z][a-z]{2} \d{4}")
_NUMERAL = re.compile(r"[+-]?\d+(\.\d+)?")


def to_html(case: Case, fw: Framework, lang: str = "nl", *, anonymised: bool = False) -> str:
    """One HTML file that opens offline: every worksheet, the tables and the interactive map."""
    t = translator(lang)
    today = dates.show(dt.date.today(), lang)
    words = {
        "app_name": t("app.name"),
        "subtitle": t("export.report.subtitle"),
        "framework": t("export.report.framework", title=fw.title(lang)),
        "made": t("export.report.made", date=today),
        "anonymised": t("export.anonymised"),
        "anonymised_note": t("export.report.anonymised_note"),
        "sensitive": t("export.report.sensitive"),
        "contents": t("export.report.contents"),
        "map": t("export.report.map"),
        "unanswered": t("export.report.unanswered"),
    }
    return _template().render(
        lang=lang, title=case.title or t("export.report.untitled"), anonymised=anonymised,
        words=words, sections=report(case, fw, lang), map_html=Markup(_map_html(case, fw, lang)),
    )


def _map_html(case: Case, fw: Framework, lang: str) -> str:
    """The interactive map as plotly's markup, plotly.js inline."""
    fig = map_figure(case, fw, lang, 920, 600)
    fig.update_layout(autosize=True)
    return pio.to_html(
        fig, full_html=False, include_plotlyjs=True, include_mathjax=False,
        div_id="polarisation-map", default_width="100%", default_height="600px",
        config={"displaylogo": False, "responsive": True,
                "toImageButtonOptions": {"format": "png", "filename": "map", "width": 1600,
                                         "height": 900}},
    )


def _escaped(value: Any) -> Markup:
    """What a `{{ value }}` writes: text escaped (quotes too), trusted markup as it is."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


@functools.cache
def _environment() -> Environment:
    """The templates' Jinja2 environment, made once; found next to this file from any folder."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, finalize=_escaped,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.tests["iso_date"] = lambda cell: _ISO_DATE.fullmatch(cell) is not None
    env.tests["numeral"] = lambda cell: _NUMERAL.fullmatch(cell) is not None
    return env


def _template() -> Template:
    # the environment keeps the compiled template, and reloads it when the file changes
    return _environment().get_template(TEMPLATE)
