"""The benchmark's floor page draws exactly the elements it is given, and refuses a kind of
element it has no stand-in for (so a new element on Part 2 cannot slip past the floor)."""

from __future__ import annotations

import sys

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from floorpage import STAND_INS, floor_script, write_floor_page  # noqa: E402


def test_an_element_without_a_stand_in_is_refused():
    with pytest.raises(ValueError, match="vega_lite_chart"):
        floor_script({"markdown": 2, "vega_lite_chart": 1})


def test_the_floor_page_draws_what_it_is_given(tmp_path, monkeypatch):
    deltas = {"markdown": 3, "checkbox": 2, "radio": 1, "plotly_chart": 2, "heading": 1}
    charts = [pio.to_json(go.Figure(go.Scatter(x=[0, n], y=[n, 0], name=f"c{n}")))
              for n in (1, 2)]
    write_floor_page(tmp_path, deltas, charts)
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("floorparts", None)
    at = AppTest.from_file(str(tmp_path / "floor.py")).run()
    assert not at.exception
    assert len(at.markdown) == 3 and len(at.checkbox) == 2 and len(at.radio) == 1
    assert len(at.subheader) == 1
    drawn = [el.proto.spec for el in at.get("plotly_chart")]
    assert [pio.from_json(s).data[0].name for s in drawn] == ["c1", "c2"]


def test_every_stand_in_is_one_line_of_streamlit():
    script = floor_script({kind: 1 for kind in STAND_INS})
    compile(script, "floor.py", "exec")
    assert sum(line.startswith(("st.", "NOOP(")) for line in script.splitlines()) == len(STAND_INS)


def test_the_floor_app_draws_a_pages_first_run_under_its_navigation(tmp_path, monkeypatch):
    from wsclient import Rerun

    from floorpage import write_floor_app

    chart = pio.to_json(go.Figure(go.Scatter(x=[0, 1], y=[1, 0], name="map")))
    run = Rerun(0.0, deltas={"markdown": 3, "button": 2, "plotly_chart": 1, "selectbox": 1},
                charts=[chart], sidebar={"button": 2, "selectbox": 1}, nav_position="sidebar",
                pages=[{"title": "Start", "icon": ":material/home:", "url_path": "",
                        "section": "Case", "default": True, "hidden": False},
                       {"title": "Other", "icon": "", "url_path": "other", "section": "Case",
                        "default": False, "hidden": True}])
    write_floor_app(tmp_path, run, "")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("floorparts", None)
    at = AppTest.from_file(str(tmp_path / "floorapp.py")).run()
    assert not at.exception
    assert len(at.main.markdown) == 3 and len(at.sidebar.button) == 2
    assert len(at.sidebar.selectbox) == 1 and not at.main.button
    assert pio.from_json(at.get("plotly_chart")[0].proto.spec).data[0].name == "map"
    with pytest.raises(ValueError, match="vega_lite_chart"):
        write_floor_app(tmp_path, Rerun(0.0, deltas={"vega_lite_chart": 1}), "")
