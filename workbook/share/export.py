"""Exports of a case: YAML (lossless), a self-contained HTML report, a PDF report, a PNG map.

Each `to_*` function takes (case, framework, lang) and returns text or bytes; `export` adds
anonymisation and picks the format. The HTML and PDF reports share one description of the
content (`report`), so both list every worksheet of the framework with its answers, the poles,
the actors and the fuel events.

Nothing leaves the machine: the HTML embeds plotly.js and forbids loading anything else; the
map image is drawn by a local headless Chromium (`workbook.mapimage`), started once and
reused. If Chromium is missing or does not answer, `MapRenderError` says so in the user's
language instead of hanging.
"""

from __future__ import annotations

import atexit
import datetime as dt
import html
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go
import plotly.io as pio

from workbook import i18n
from workbook.share.anonymise import anonymise
from workbook.case.model import Case
from workbook.case.files import dump_case
from workbook.case.edits import jsonable
from workbook.share.mapimage import MapRenderError, Renderer
from workbook.analysis.polarmap import build_map
from workbook.framework.schema import Framework, Worksheet, WorksheetField
from workbook.framework.worksheets import field_options, field_value, is_answered

Format = Literal["yaml", "html", "pdf", "png"]
FORMATS: tuple[str, ...] = ("yaml", "html", "pdf", "png")
BINARY_FORMATS = frozenset({"pdf", "png"})
MIME = {"yaml": "application/yaml", "html": "text/html", "pdf": "application/pdf",
        "png": "image/png"}
SLIDE_SIZE = (1600, 900)
SLIDE_SCALE = 1.25  # draw at 1280 x 720 and scale up: bigger type and markers on a slide
PDF_MAP_SIZE = (1100, 700)
PDF_COMPRESS = True
PDF_MAP_SCALE = 1.5  # 1650 px over 18 cm: about 230 dpi on paper
FONT_DIR = Path(os.environ.get("WORKBOOK_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))


# -- the one entry point ----------------------------------------------------------------------
def export(case: Case, fw: Framework, fmt: str, lang: str = "nl",
           anonymised: bool = False) -> bytes:
    """The case in `fmt` as bytes, anonymised first if asked."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if anonymised:
        case = anonymise(case, fw, lang)
    if fmt == "yaml":
        return to_yaml(case, fw, lang).encode("utf-8")
    if fmt == "html":
        return to_html(case, fw, lang, anonymised=anonymised).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(case, fw, lang, anonymised=anonymised)
    return to_png(case, fw, lang)


def file_name(case: Case, fmt: str, anonymised: bool = False) -> str:
    """A safe file name: the title's letters and digits, else the id."""
    stem = "anonymised" if anonymised else _slug(case.title) or case.id
    return f"{stem[:60]}.{fmt}"


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


# -- YAML ---------------------------------------------------------------------------------------
def to_yaml(case: Case, fw: Framework | None = None, lang: str = "nl") -> str:
    """The case file: importing it and exporting again gives the same text."""
    return dump_case(case)


# -- the content of a report, shared by HTML and PDF ----------------------------------------------
@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    long: int | None = None  # the column holding long text (the PDF puts it under the table)
    key: tuple[int, ...] = (0,)  # the columns that name a row above its long text in the PDF


@dataclass
class Item:
    """One answered (or open) field: a label and a value in one of four shapes."""

    label: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None
    tables: list[tuple[str, Table]] = field(default_factory=list)  # titled tables (poles)
    answered: bool = True
    help: str = ""


@dataclass
class Section:
    title: str
    level: int  # 1 part, 2 worksheet
    intro: str = ""
    items: list[Item] = field(default_factory=list)
    anchor: str = ""


def report(case: Case, fw: Framework, lang: str) -> list[Section]:
    """Every part and worksheet of the framework with the case's answers, in order."""
    t = _t(lang)
    sections: list[Section] = []
    shown: set[str] = set()
    story = getattr(case, "narrative", "")
    if story.strip():
        sections.append(Section(t("export.report.narrative"), 1, anchor="narrative",
                                items=[Item("", text=story)]))
    for part in fw.parts:
        sheets = fw.worksheets_of(part.number)
        if not sheets:
            continue
        sections.append(Section(t("export.report.part", n=part.number, title=part.title(lang)),
                                1, anchor=f"part-{part.number}"))
        for ws in sheets:
            sec = Section(ws.title(lang), 2, anchor=f"ws-{ws.id}")
            for fld in ws.fields:
                shown.add(fld.type)
                sec.items.append(_item(case, fw, ws, fld, lang))
            sections.append(sec)
    typed = [k for k in ("poles", "actors", "fuel") if k not in shown]
    shown_plan = "actions" in shown
    extra = Section(t("export.report.case_data"), 1, anchor="case-data")
    for kind in typed:
        if kind == "poles":
            extra.items.append(Item(t("export.report.pole"), tables=_pole_tables(case, lang)))
        elif kind == "actors" and case.actors:
            extra.items.append(Item(t("case.actors"), table=_actor_table(case, fw, lang)))
        elif kind == "fuel" and case.fuel:
            extra.items.append(Item(t("case.fuel_events"), table=_fuel_table(case, lang)))
    if extra.items:
        sections.append(extra)
    if case.strategy.actions and not shown_plan:
        sections.append(Section(t("export.report.plan"), 1, anchor="plan", items=[
            Item(t("export.report.plan"), table=_action_table(case, fw, lang))]))
    other = _other_answers(case, fw, lang)
    if other:
        sections.append(Section(t("export.report.other_answers"), 1, anchor="other",
                                intro=t("export.report.other_answers_help"), items=other))
    return sections


def _t(lang: str):
    return lambda key, **kw: i18n.t(key, lang, **kw)


def _item(case: Case, fw: Framework, ws: Worksheet, fld: WorksheetField, lang: str) -> Item:
    t = _t(lang)
    item = Item(fld.label(lang))
    value = field_value(case, ws, fld)
    if fld.type == "poles":
        item.tables = _pole_tables(case, lang)
        item.answered = is_answered(case, ws, fld)
        return item
    if fld.type == "actors":
        item.table = _actor_table(case, fw, lang) if case.actors else None
    elif fld.type == "fuel":
        item.table = _fuel_table(case, lang) if case.fuel else None
    elif fld.type == "actions":
        item.table = _action_table(case, fw, lang) if case.strategy.actions else None
    elif fld.type == "intended":
        item.table = _intended_table(case, fw, lang)
    if fld.type in ("actors", "fuel", "actions", "intended"):
        item.answered = item.table is not None
        return item
    if not is_answered(case, ws, fld):
        item.answered = False
        return item
    if fld.type == "position":
        actor = case.actor(value) if isinstance(value, str) else None
        item.text = (actor.name or actor.id) if actor else _plain(value)
        return item
    if fld.type == "table":
        item.table = _answer_table(fld, value, lang)
        return item
    labels = {oid: (lab(lang) if callable(lab) else lab)
              for oid, lab in field_options(fld, fw, case)}
    if fld.type == "choice":
        item.text = _label(labels, value)
    elif fld.type in ("multichoice", "checklist"):
        values = value if isinstance(value, list) else [value]
        item.items = [_label(labels, v) for v in values]
    elif fld.type == "scale":
        item.text = t("export.report.scale_value", value=_plain(value), min=fld.min, max=fld.max)
        ends = [x(lang) for x in (fld.min_label, fld.max_label) if x is not None]
        if len(ends) == 2:
            item.text += f" ({fld.min} = {ends[0]}; {fld.max} = {ends[1]})"
    elif fld.type == "yesno":
        item.text = t("field.answer_yes") if _truthy(value) else t("field.answer_no")
    elif fld.type == "date":
        item.text = _date(value)
    else:  # text, longtext, number, and whatever a newer framework adds
        item.text = _plain(jsonable(value))
    return item


def _answer_table(fld: WorksheetField, value: Any, lang: str) -> Table:
    """A `table` field: one row per dict, choice columns by their labels."""
    rows = value if isinstance(value, list) else [value]
    header = [c.label(lang) for c in fld.columns]
    out = []
    for row in rows:
        row = row if isinstance(row, dict) else {}
        cells = []
        for col in fld.columns:
            cell = row.get(col.id)
            labels = {o.id: o.label(lang) for o in col.options}
            cells.append(labels.get(cell, _plain(cell)) if isinstance(cell, str) else
                         _plain(jsonable(cell)))
        out.append(cells)
    longs = [i for i, c in enumerate(fld.columns) if c.type == "longtext"]
    return Table(header, out, long=longs[-1] if len(longs) == 1 else None)


def _intended_table(case: Case, fw: Framework, lang: str) -> Table | None:
    """Per actor that the strategy moves: today's value -> the intended one."""
    t = _t(lang)
    intended = getattr(case.strategy, "intended", {}) or {}
    poles = {"a": case.pole("a").label or t("field.pole_a"),
             "b": case.pole("b").label or t("field.pole_b"), "none": t("actor.side_none")}

    def show(what: str, value: Any) -> str:
        if what == "role":
            role = fw.role(value) if value else None
            return role.name(lang) if role else (value or t("field.unknown"))
        if what == "side":
            return poles.get(value, str(value))
        if what == "stance":
            return f"{value:+.1f}"
        return str(value)

    rows = []
    for actor in case.actors:
        place = intended.get(actor.id)
        if place is None:
            continue
        cells, moved = [actor.name or actor.id], False
        for what in ("role", "side", "stance", "influence"):
            new = getattr(place, what, None)
            old = getattr(actor, what)
            if new is None or new == old:
                cells.append("")
            else:
                cells.append(f"{show(what, old)} → {show(what, new)}")
                moved = True
        if moved:
            rows.append(cells)
    if not rows:
        return None
    return Table([t("actor.name"), t("actor.role"), t("actor.side"), t("export.report.stance"),
                  t("export.report.influence")], rows)


def _label(labels: dict[str, str], value: Any) -> str:
    return labels.get(value, _plain(value)) if isinstance(value, str) else _plain(value)


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("yes", "ja", "true", "1", "y", "j")
    return bool(value)


def _date(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return _plain(value)


def _plain(value: Any) -> str:
    """Any stored value as readable text (lists joined, dicts as key: value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)


def _pole_tables(case: Case, lang: str) -> list[tuple[str, Table]]:
    t = _t(lang)
    a_side = [p for p in case.poles if p.side == "a"]
    b_side = [p for p in case.poles if p.side == "b"]
    out = []
    for n, (a, b) in enumerate(zip(a_side, b_side), start=1):
        construct = a.thought_construct or b.thought_construct
        title = t("export.report.construct", n=n) + (f": {construct}" if construct else "")
        rows = [[t("field.pole_a"), a.label, a.identity], [t("field.pole_b"), b.label, b.identity]]
        out.append((title, Table([t("export.report.pole"), t("field.pole_label"),
                                  t("field.pole_identity")], rows, long=2)))
    return out


def _actor_table(case: Case, fw: Framework, lang: str) -> Table:
    t = _t(lang)
    poles = {"a": case.pole("a").label or t("field.pole_a"),
             "b": case.pole("b").label or t("field.pole_b"), "none": t("actor.side_none")}
    rows = []
    for a in case.actors:
        role = fw.role(a.role)
        rows.append([a.name, t(f"actor.kind_{a.kind}"),
                     role.name(lang) if role else (a.role or t("field.unknown")),
                     poles.get(a.side, a.side), f"{a.stance:+.1f}", str(a.influence), a.notes])
    return Table([t("actor.name"), t("actor.kind"), t("actor.role"), t("actor.side"),
                  t("export.report.stance"), t("export.report.influence"), t("actor.notes")],
                 rows, long=6)


def _fuel_table(case: Case, lang: str) -> Table:
    t = _t(lang)
    names = {a.id: a.name or a.id for a in case.actors}
    events = sorted(case.fuel, key=lambda e: (e.date is None, e.date or dt.date.min))
    rows = [[e.date.isoformat() if e.date else "", names.get(e.source, e.source), e.channel,
             str(e.intensity), e.description] for e in events]
    return Table([t("fuel.date"), t("export.report.source"), t("fuel.channel"),
                  t("export.report.intensity"), t("export.report.description")], rows, long=4,
                 key=(0, 1))


def _action_table(case: Case, fw: Framework, lang: str) -> Table:
    t = _t(lang)
    names = {a.id: a.name or a.id for a in case.actors}
    changers = {g.id: g.name(lang) for g in fw.concepts.game_changers}
    rows = [[a.title, a.owner, a.date.isoformat() if a.date else "",
             ", ".join(names.get(x, x) for x in a.targets),
             ", ".join(changers.get(g, g) for g in a.game_changers),
             t(f"export.report.status_{a.status}"), a.reflection]
            for a in case.strategy.actions]
    return Table([t("export.report.action_title"), t("export.report.action_owner"),
                  t("export.report.action_date"), t("export.report.action_targets"),
                  t("export.report.action_game_changers"), t("export.report.action_status"),
                  t("export.report.action_reflection")], rows, long=6)


def _other_answers(case: Case, fw: Framework, lang: str) -> list[Item]:
    items = []
    for ws_id, fields in case.answers.items():
        ws = fw.worksheet(ws_id)
        for field_id, value in fields.items():
            if ws is not None and ws.field(field_id) is not None:
                continue
            if value in (None, "", [], {}):
                continue
            items.append(Item(f"{ws_id} · {field_id}", text=_plain(value)))
    return items


# -- HTML -----------------------------------------------------------------------------------------
def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


# Only what the file holds may run or show: no scripts, styles, fonts or images from elsewhere.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; "
       "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
       "base-uri 'none'; form-action 'none'")

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d0d4da; --accent: #1f5f8b; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
       color: var(--ink); margin: 0; line-height: 1.45; background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; }
header.report { border-bottom: 3px solid var(--accent); margin-bottom: 18px; padding-bottom: 10px; }
header.report h1 { margin: 0 0 4px; font-size: 1.9em; overflow-wrap: anywhere; }
.meta { color: var(--muted); font-size: 0.92em; margin: 2px 0; }
.badge { display: inline-block; background: #fff3cd; border: 1px solid #e0c36b; color: #5c4400;
         border-radius: 4px; padding: 1px 8px; font-size: 0.85em; font-weight: 600; }
.notice { background: #f4f6f8; border-left: 4px solid var(--accent); padding: 6px 12px;
          font-size: 0.9em; color: var(--muted); }
nav.toc ol { margin: 4px 0 0; padding-left: 22px; columns: 2; font-size: 0.95em; }
nav.toc a { color: var(--accent); text-decoration: none; }
h2 { font-size: 1.45em; margin: 30px 0 6px; color: var(--accent); border-bottom: 1px solid var(--line); }
h3 { font-size: 1.15em; margin: 20px 0 6px; }
h4 { font-size: 1em; margin: 14px 0 4px; }
.field { margin: 8px 0 12px; break-inside: avoid; }
.field .label { font-weight: 600; }
.answer { white-space: pre-wrap; overflow-wrap: anywhere; margin: 2px 0 0; }
.open { color: var(--muted); font-style: italic; }
ul.answer { white-space: normal; margin: 2px 0; padding-left: 22px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 0.9em; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top;
         white-space: pre-wrap; overflow-wrap: break-word; }
td.num, td.date { white-space: nowrap; }
.tablewrap { overflow-x: auto; }
th { background: #eef2f6; }
tr { break-inside: avoid; }
.map { border: 1px solid var(--line); border-radius: 6px; padding: 4px; }
footer { margin-top: 36px; color: var(--muted); font-size: 0.85em; border-top: 1px solid var(--line);
         padding-top: 8px; }
@page { size: A4; margin: 14mm; }
@media print {
  main { max-width: none; padding: 0; }
  nav.toc, .modebar-container { display: none !important; }
  h2 { break-before: auto; break-after: avoid; }
  h3, h4 { break-after: avoid; }
  a { color: inherit; }
}
"""


def to_html(case: Case, fw: Framework, lang: str = "nl", *, anonymised: bool = False) -> str:
    """One HTML file that opens offline: every worksheet, the tables and the interactive map."""
    t = _t(lang)
    sections = report(case, fw, lang)
    title = case.title or t("export.report.untitled")
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="robots" content="noindex">',
        f"<title>{esc(title)} · {esc(i18n.t('app.name', lang))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
        '<header class="report">',
        f'<p class="meta">{esc(t("export.report.subtitle"))}</p>',
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{esc(t("export.report.framework", title=fw.title(lang)))} · '
        f'{esc(t("export.report.made", date=dt.date.today().isoformat()))}</p>',
    ]
    if anonymised:
        out.append(f'<p><span class="badge">{esc(t("export.anonymised"))}</span> '
                   f'<span class="meta">{esc(t("export.report.anonymised_note"))}</span></p>')
    else:
        out.append(f'<p class="notice">{esc(t("export.report.sensitive"))}</p>')
    out.append("</header>")
    out.append(f'<nav class="toc"><strong>{esc(t("export.report.contents"))}</strong><ol>')
    out.append(f'<li><a href="#map">{esc(t("export.report.map"))}</a></li>')
    for sec in sections:
        if sec.level == 1:
            out.append(f'<li><a href="#{esc(sec.anchor)}">{esc(sec.title)}</a></li>')
    out.append("</ol></nav>")
    out.append(f'<section id="map"><h2>{esc(t("export.report.map"))}</h2>')
    out.append(f'<div class="map">{_map_html(case, fw, lang)}</div></section>')
    for sec in sections:
        tag = "h2" if sec.level == 1 else "h3"
        out.append(f'<section id="{esc(sec.anchor)}"><{tag}>{esc(sec.title)}</{tag}>')
        if sec.intro:
            out.append(f'<p class="meta">{esc(sec.intro)}</p>')
        for item in sec.items:
            out.append(_item_html(item, lang))
        out.append("</section>")
    out.append(f'<footer>{esc(t("export.report.made", date=dt.date.today().isoformat()))} · '
               f'{esc(t("export.report.framework", title=fw.title(lang)))}</footer>')
    out.append("</main></body></html>")
    return "\n".join(out)


def _item_html(item: Item, lang: str) -> str:
    parts = ['<div class="field">']
    if item.label:
        parts.append(f'<div class="label">{esc(item.label)}</div>')
    if not item.answered and not item.tables:
        parts.append(f'<p class="answer open">{esc(i18n.t("export.report.unanswered", lang))}</p>')
    if item.text:
        parts.append(f'<p class="answer">{esc(item.text)}</p>')
    if item.items:
        parts.append('<ul class="answer">' + "".join(f"<li>{esc(v)}</li>" for v in item.items)
                     + "</ul>")
    for title, table in item.tables:
        parts.append(f"<h4>{esc(title)}</h4>" + _table_html(table))
    if item.table is not None:
        parts.append(_table_html(item.table))
    parts.append("</div>")
    return "".join(parts)


def _table_html(table: Table) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in table.header)
    body = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in table.rows)
    return (f'<div class="tablewrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _td(cell: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        return f'<td class="date">{esc(cell)}</td>'
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", cell):
        return f'<td class="num">{esc(cell)}</td>'
    return f"<td>{esc(cell)}</td>"


def _figure(case: Case, fw: Framework, lang: str, width: int, height: int) -> go.Figure:
    try:
        return build_map(case, fw, lang, width=width, height=height)
    except TypeError:  # a build_map without size arguments
        fig = build_map(case, fw, lang)
        fig.update_layout(width=width, height=height)
        return fig


def _map_html(case: Case, fw: Framework, lang: str) -> str:
    fig = _figure(case, fw, lang, 920, 600)
    fig.update_layout(autosize=True)
    return pio.to_html(
        fig, full_html=False, include_plotlyjs=True, include_mathjax=False,
        div_id="polarisation-map", default_width="100%", default_height="600px",
        config={"displaylogo": False, "responsive": True,
                "toImageButtonOptions": {"format": "png", "filename": "map", "width": 1600,
                                         "height": 900}},
    )


# -- images (drawn by workbook.mapimage) --------------------------------------------------------
_RENDERER = Renderer()
atexit.register(_RENDERER.close)


def images_available() -> bool:
    """Whether PNG (and the PDF's map) can be drawn on this machine."""
    return _RENDERER.available()


def render_image(fig: go.Figure, width: int, height: int, scale: float = 1.0) -> bytes:
    return _RENDERER.render(fig, "png", width, height, scale)


def to_png(case: Case, fw: Framework, lang: str = "nl", *, size: tuple[int, int] = SLIDE_SIZE,
           scale: float = SLIDE_SCALE) -> bytes:
    """The map for a slide: 1600 x 900 pixels, the case title on top."""
    width, height = round(size[0] / scale), round(size[1] / scale)
    fig = _figure(case, fw, lang, width, height - 50)
    title = case.title or i18n.t("export.report.untitled", lang)
    margin = dict(fig.layout.margin.to_plotly_json()) if fig.layout.margin else {}
    margin["t"] = max(margin.get("t") or 0, 50)
    fig.update_layout(
        width=width, height=height, margin=margin, paper_bgcolor="#ffffff",
        title=dict(text=html.escape(title[:120]), x=0.02, xanchor="left", y=0.98,
                   yanchor="top", font=dict(size=20)),
    )
    return render_image(fig, width, height, scale)


# -- PDF -------------------------------------------------------------------------------------------
def to_pdf(case: Case, fw: Framework, lang: str = "nl", *, anonymised: bool = False,
           map_png: bytes | None = None) -> bytes:
    """An A4 report to print: the map as an image, then every worksheet."""
    t = _t(lang)
    if map_png is None:
        try:
            fig = _figure(case, fw, lang, *PDF_MAP_SIZE)
            fig.update_layout(width=PDF_MAP_SIZE[0], height=PDF_MAP_SIZE[1],
                              paper_bgcolor="#ffffff")
            map_png = render_image(fig, *PDF_MAP_SIZE, scale=PDF_MAP_SCALE)
            map_problem = ""
        except MapRenderError as exc:
            map_png, map_problem = None, exc.message(lang)
    else:
        map_problem = ""
    pdf = _Pdf(lang)
    title = case.title or t("export.report.untitled")
    pdf.set_title(pdf.safe(title))
    pdf.set_creator(pdf.safe(i18n.t("app.name", lang)))
    pdf.add_page()
    pdf.font(9, colour=(95, 99, 104))
    pdf.multi_cell(0, 5, pdf.safe(t("export.report.subtitle")), new_x="LMARGIN", new_y="NEXT")
    pdf.font(20, "B")
    pdf.multi_cell(0, 9, pdf.safe(title), new_x="LMARGIN", new_y="NEXT")
    pdf.font(9, colour=(95, 99, 104))
    pdf.multi_cell(0, 5, pdf.safe(t("export.report.framework", title=fw.title(lang)) + " · "
                                  + t("export.report.made", date=dt.date.today().isoformat())),
                   new_x="LMARGIN", new_y="NEXT")
    note = t("export.report.anonymised_note") if anonymised else t("export.report.sensitive")
    pdf.font(9, "B" if anonymised else "", colour=(92, 68, 0) if anonymised else (95, 99, 104))
    pdf.multi_cell(0, 5, pdf.safe(note), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.heading(t("export.report.map"), 1)
    if map_png:
        width = pdf.epw
        height = width * PDF_MAP_SIZE[1] / PDF_MAP_SIZE[0]
        pdf.image(io.BytesIO(map_png), x=pdf.l_margin, w=width, h=height)
        pdf.ln(2)
    else:
        pdf.font(10, "I", colour=(95, 99, 104))
        pdf.multi_cell(0, 5, pdf.safe(t("export.no_map", reason=map_problem)),
                       new_x="LMARGIN", new_y="NEXT")
    for sec in report(case, fw, lang):
        pdf.heading(sec.title, sec.level)
        if sec.intro:
            pdf.font(9, "I", colour=(95, 99, 104))
            pdf.multi_cell(0, 5, pdf.safe(sec.intro), new_x="LMARGIN", new_y="NEXT")
        for item in sec.items:
            pdf.item(item)
    return bytes(pdf.output())


def _fonts() -> dict[str, Path] | None:
    # regular and bold only: each font costs a parse per document; "italic" text is grey
    files = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
    paths = {style: FONT_DIR / name for style, name in files.items()}
    return paths if all(p.is_file() for p in paths.values()) else None


_LATIN1 = str.maketrans({"‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "…": "...", "•": "-", "·": "-", "→": "->",
                         "←": "<-", "✓": "v", "✗": "x", "×": "x", "\u00a0": " "})


def latin1(text: str) -> str:
    """Text the PDF core fonts can show: look-alikes for common signs, '?' for the rest."""
    text = unicodedata.normalize("NFC", text).translate(_LATIN1)
    return text.encode("latin-1", "replace").decode("latin-1")


def _pdf_class():
    from fpdf import FPDF

    class Pdf(FPDF):
        def __init__(self, lang: str):
            super().__init__(orientation="portrait", unit="mm", format="A4")
            self.lang = lang
            self.set_compression(PDF_COMPRESS)
            self.set_margins(16, 16, 16)
            self.set_auto_page_break(True, margin=16)
            self.alias_nb_pages()
            fonts = _fonts()
            self.unicode = fonts is not None
            if fonts:
                for style, path in fonts.items():
                    self.add_font("DejaVu", style, str(path))
                self.family = "DejaVu"
            else:
                self.family = "helvetica"
            self.set_font(self.family, size=10)

        def safe(self, text: str) -> str:
            text = _breakable(_printable(text))
            return text if self.unicode else latin1(text)

        def font(self, size: float, style: str = "", colour=(29, 29, 31)) -> None:
            if self.unicode:
                style = style.replace("I", "")
            self.set_font(self.family, style, size)
            self.set_text_color(*colour)

        def footer(self) -> None:
            self.set_y(-12)
            self.font(8, colour=(120, 120, 120))
            self.cell(0, 5, self.safe(i18n.t("export.report.page", self.lang, n=self.page_no())),
                      align="R")

        def heading(self, text: str, level: int) -> None:
            size = {1: 15, 2: 12.5}.get(level, 11)
            if self.get_y() > self.h - 50:
                self.add_page()
            self.ln(4 if level == 1 else 2)
            self.font(size, "B", colour=(31, 95, 139) if level == 1 else (29, 29, 31))
            self.multi_cell(0, size * 0.5, self.safe(text), new_x="LMARGIN", new_y="NEXT")
            if level == 1:
                self.set_draw_color(208, 212, 218)
                self.line(self.l_margin, self.get_y() + 0.5, self.w - self.r_margin,
                          self.get_y() + 0.5)
                self.ln(2)

        def item(self, item: Item) -> None:
            if self.get_y() > self.h - 35:
                self.add_page()
            if item.label:
                self.font(10, "B")
                self.multi_cell(0, 5, self.safe(item.label), new_x="LMARGIN", new_y="NEXT")
            if not item.answered and not item.tables:
                self.font(10, "I", colour=(120, 120, 120))
                self.multi_cell(0, 5, self.safe(i18n.t("export.report.unanswered", self.lang)),
                                new_x="LMARGIN", new_y="NEXT")
            if item.text:
                self.font(10)
                self.multi_cell(0, 5, self.safe(item.text), new_x="LMARGIN", new_y="NEXT")
            for value in item.items:
                self.font(10)
                self.multi_cell(0, 5, self.safe("• " + value), new_x="LMARGIN", new_y="NEXT")
            for title, table in item.tables:
                self.font(9.5, "B", colour=(95, 99, 104))
                self.multi_cell(0, 5, self.safe(title), new_x="LMARGIN", new_y="NEXT")
                self.table_(table)
            if item.table is not None:
                self.table_(item.table)
            self.ln(2)

        def table_(self, table: Table) -> None:
            """Short columns as a table; the long column as paragraphs under it."""
            cols = [i for i in range(len(table.header)) if i != table.long]
            widths = _widths([[table.header[i]] + [r[i] for r in table.rows] for i in cols])
            self.font(8.5)
            self.set_draw_color(208, 212, 218)
            with self.table(col_widths=widths, text_align="LEFT", line_height=4.2,
                            first_row_as_headings=True, width=self.epw,
                            headings_style=_heading_style(self.family)) as grid:
                grid.row([self.safe(_cell(table.header[i])) for i in cols])
                for r in table.rows:
                    grid.row([self.safe(_cell(r[i])) for i in cols])
            if table.long is None:
                return
            longs = [(" · ".join(r[k] for k in table.key if r[k]), r[table.long])
                     for r in table.rows if r[table.long].strip()]
            if not longs:
                return
            self.ln(1)
            self.font(9.5, "B", colour=(95, 99, 104))
            self.multi_cell(0, 5, self.safe(table.header[table.long]), new_x="LMARGIN",
                            new_y="NEXT")
            for who, text in longs:
                self.font(9, "B")
                self.multi_cell(0, 4.5, self.safe(who or "-"), new_x="LMARGIN", new_y="NEXT")
                self.font(9)
                self.set_x(self.l_margin + 4)
                self.multi_cell(self.epw - 4, 4.5, self.safe(text), new_x="LMARGIN",
                                new_y="NEXT")
            self.ln(1)

    return Pdf


def _heading_style(family: str):
    from fpdf.fonts import FontFace

    return FontFace(family=family, emphasis="BOLD", fill_color=(238, 242, 246))


CELL_LIMIT = 400  # a table cell shows at most this much; long texts go under the table


def _cell(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def _widths(columns: list[list[str]]) -> tuple[float, ...]:
    """Relative column widths from the text they hold, so short columns stay narrow."""
    out = []
    for col in columns:
        longest = max((min(len(w), 30) for c in col for w in (c.split() or [""])), default=1)
        typical = sum(min(len(c), 80) for c in col) / max(1, len(col))
        out.append(max(6.0, longest, min(typical, 60)))
    return tuple(out)


LONG_WORD = 60
_LONG_WORD = re.compile(r"\S{%d}(?=\S)" % LONG_WORD)


def _breakable(text: str) -> str:
    """Break words longer than LONG_WORD characters (pasted links, 'xxxxx…'): fpdf2's line
    breaking takes time quadratic in the length of one word."""
    return _LONG_WORD.sub(lambda m: m.group(0) + " ", text)


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))


def _printable(text: str) -> str:
    """Drop control characters (except tab and newline) and lone surrogates a PDF cannot hold."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)
    return text.encode("utf-8", "replace").decode("utf-8").replace("\t", "    ")


class _PdfFactory:
    cls = None


def _Pdf(lang: str):
    if _PdfFactory.cls is None:
        _PdfFactory.cls = _pdf_class()
    return _PdfFactory.cls(lang)
