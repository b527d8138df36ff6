"""A page that draws what a page of the app drew, with none of the app's logic: the floor
under any rerun of that page in Streamlit.

`write_floor_page` writes one stand-in per element the app's rerun sent (the counts by
type that `wsclient` records), and the app's own Plotly figures as they were sent, drawn the
app's way (`ui.memo.PreparedFigure`, built once per server). An element type without a
stand-in is an error, so a new kind of element on the page is noticed here.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# element type as a rerun sends it -> one line of Streamlit that sends one of it; {i} numbers
STAND_INS = {
    "add_block": "st.container(key='k{i}')",
    "bidi_component": "NOOP(key='k{i}', data={{'i': {i}}})",
    "button": "st.button('b{i}', key='k{i}')",
    "button_group": "st.segmented_control('g{i}', ['a', 'b'], key='k{i}')",
    "checkbox": "st.checkbox('c{i}', key='k{i}')",
    "date_input": "st.date_input('d{i}', value=None, key='k{i}')",
    "empty": "st.empty()",
    "heading": "st.subheader('h{i}', anchor=False)",
    "markdown": "st.markdown('m{i}')",
    "metric": "st.metric('m{i}', '{i}')",
    "multiselect": "st.multiselect('s{i}', ['a', 'b'], key='k{i}')",
    "page_link": "st.page_link('http://127.0.0.1/', label='l{i}')",
    "number_input": "st.number_input('n{i}', key='k{i}')",
    "plotly_chart": "st.plotly_chart(FIGURES[{chart}], key='k{i}')",
    "radio": "st.radio('r{i}', ['a', 'b'], key='k{i}')",
    "selectbox": "st.selectbox('s{i}', ['a', 'b'], key='k{i}')",
    "slider": "st.slider('s{i}', 0, 5, key='k{i}')",
    "text_area": "st.text_area('t{i}', key='k{i}')",
    "text_input": "st.text_input('t{i}', key='k{i}')",
}

# Made once per server, as the app makes its own (a module is imported once); the page only
# draws. Written beside the page as floorparts.py.
PARTS = f"""import json
import sys
from pathlib import Path

sys.path.insert(0, {str(ROOT)!r})
import plotly.graph_objects as go
import streamlit as st

from ui.memo import prepared

NOOP = st.components.v2.component("floor_noop", js="export default function () {{}}",
                                   css=":host {{ display: none; }}")
SPECS = json.loads((Path(__file__).parent / "charts.json").read_text())
FIGURES = [prepared(go.Figure(json.loads(spec))) for spec in SPECS]
"""

HEADER = "import streamlit as st\n\nfrom floorparts import FIGURES, NOOP\n"


def write_floor_page(folder: Path, deltas: dict[str, int], charts: list[str]) -> None:
    """floor.py in `folder`: a page sending `deltas` (element type -> count), the Plotly
    figures among them being `charts` (as JSON), and nothing else."""
    (folder / "charts.json").write_text(json.dumps(charts))
    (folder / "floorparts.py").write_text(PARTS)
    (folder / "floor.py").write_text(floor_script(deltas))


def floor_script(deltas: dict[str, int]) -> str:
    """The source of a page sending `deltas` (element type -> count) and nothing else."""
    return "\n".join([HEADER, *_stand_ins(deltas, 0)]) + "\n"


def write_floor_app(folder: Path, run, page: str) -> None:
    """floorapp.py in `folder`: a multipage app whose page at `page` (its url path) sends what a
    session's first run of one of the app's pages sent (a `wsclient.Rerun`), the sidebar's
    elements in the sidebar, under a navigation of the same pages in the same place, and
    nothing else: the floor under any page of the app's kind, started in a new session."""
    (folder / "charts.json").write_text(json.dumps(run.charts))
    (folder / "floorparts.py").write_text(PARTS)
    (folder / "floorapp.py").write_text(floor_app_script(run, page))


def floor_app_script(run, page: str) -> str:
    """The source of floorapp.py (see `write_floor_app`)."""
    main = {k: n - run.sidebar.get(k, 0) for k, n in run.deltas.items()}
    lines = [HEADER, 'st.set_page_config(page_title="floor", layout="wide")', "",
             "", "def shown():"]
    lines += ["    " + line for line in _stand_ins(main, 0)] or ["    pass"]
    lines += ["", "", "def other():", "    pass", "", "", "with st.sidebar:"]
    lines += ["    " + line for line in _stand_ins(run.sidebar, 10_000)] or ["    pass"]
    lines += ["", "PAGES = {}"]
    for one in run.pages:
        shows = "shown" if one["url_path"] == page else "other"
        options = (f"title={one['title']!r}, url_path={one['url_path']!r}, "
                   f"default={one['default']!r}"
                   + (", visibility='hidden'" if one["hidden"] else "")
                   + (f", icon={one['icon']!r}" if one["icon"] else ""))
        lines.append(f"PAGES.setdefault({one['section']!r}, []).append("
                     f"st.Page({shows}, {options}))")
    lines.append(f"st.navigation(PAGES, position={run.nav_position!r}).run()")
    return "\n".join(lines) + "\n"


def _stand_ins(deltas: dict[str, int], start: int) -> list[str]:
    """One line of Streamlit per element of `deltas`, numbered from `start`; an element type
    without a stand-in is refused."""
    unknown = sorted(set(deltas) - set(STAND_INS))
    if unknown:
        raise ValueError(f"no stand-in for the element types {unknown}: add them to STAND_INS")
    out, i, chart = [], start, 0
    for kind, count in sorted(deltas.items()):
        for _ in range(count):
            out.append(STAND_INS[kind].format(i=i, chart=chart))
            chart += kind == "plotly_chart"
            i += 1
    return out
