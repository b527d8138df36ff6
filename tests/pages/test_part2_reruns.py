"""Part 2 on a real server, spoken to over the websocket as a browser tab does: an answer typed
in the worksheet reruns the worksheet alone (the map beside it is not sent again), and is
stored; what the side shows is compared by value, so only a change to the map, the coach or
the trainee's own estimate asks for the whole page."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import run as bench  # noqa: E402

from workbook.case.files import fresh_copy  # noqa: E402
from workbook.case.store import Store  # noqa: E402
from ui.analysis.sidepanel import side_shows  # noqa: E402


def _elements(messages: list[ForwardMsg]) -> list[tuple[str, object, str]]:
    out = []
    for fwd in messages:
        if fwd.WhichOneof("type") == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            kind = fwd.delta.new_element.WhichOneof("type")
            out.append((kind, getattr(fwd.delta.new_element, kind), fwd.delta.fragment_id))
    return out


async def _run(ws, msg: BackMsg) -> list[ForwardMsg]:
    await ws.send(msg.SerializeToString())
    got = []
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await ws.recv())
        got.append(fwd)
        if fwd.WhichOneof("type") == "script_finished":
            return got


def _rerun(query: str, fragment: str = "", widget: str = "", value: str = "") -> BackMsg:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = "part2"
    if fragment:
        msg.rerun_script.fragment_id = fragment
        state = msg.rerun_script.widget_states.widgets.add()
        state.id, state.string_value = widget, value
    return msg


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    work = tmp_path_factory.mktemp("part2-reruns")
    db = f"sqlite:///{work / 'store.db'}"
    case, fw = bench.make_case(12, 10)
    store = Store(db)
    case_id = store.create(fresh_copy(case)).case.id
    env = {**os.environ, "WORKBOOK_DB": db}
    with bench._server("app.py", ROOT, env) as port:
        yield port, store, case_id, fw


def test_an_answer_typed_reruns_the_worksheet_alone_and_is_stored(served):
    port, store, case_id, fw = served
    query = f"case={case_id}&lang=nl"
    sheet = fw.worksheets_of(2)[0]
    field = next(f for f in sheet.fields if f.type == "text")

    async def talk():
        async with connect(f"ws://127.0.0.1:{port}/_stcore/stream",
                           subprotocols=["streamlit"], max_size=None) as ws:
            whole = _elements(await _run(ws, _rerun(query)))
            label = field.label.nl
            (widget, fragment), = [(el.id, frag) for kind, el, frag in whole
                                   if kind == "text_input" and el.label == label]
            typed = _elements(await _run(ws, _rerun(query, fragment, widget, "Nieuw antwoord")))
            return whole, typed

    whole, typed = asyncio.run(talk())
    assert not [el for kind, el, _ in whole + typed if kind == "exception"]
    kinds = [kind for kind, _, _ in typed]
    assert "plotly_chart" in [kind for kind, _, _ in whole]
    assert "plotly_chart" not in kinds  # the map beside it is not drawn again
    assert "text_input" in kinds and len(typed) < len(whole) / 1.5
    assert store.get(case_id).case.answer(sheet.id, field.id) == "Nieuw antwoord"


def test_only_a_change_to_what_the_side_shows_counts(served):
    _, store, case_id, fw = served
    case = store.get(case_id).case
    sheet = fw.worksheets_of(2)[0]
    field = next(f for f in sheet.fields if f.type == "text")
    typed = case.model_copy(update={"answers": {**case.answers, sheet.id: {
        **case.answers.get(sheet.id, {}), field.id: "iets anders"}}})
    moved = case.model_copy(update={"actors": [
        case.actors[0].model_copy(update={"role": "bridge_builder" if case.actors[0].role
                                          != "bridge_builder" else "pusher"}),
        *case.actors[1:]]})
    assert side_shows(typed, fw) == side_shows(case, fw)
    assert side_shows(moved, fw) != side_shows(case, fw)
