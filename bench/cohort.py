"""A cohort on one server: many browser sessions, each on a case of its own in Part 2, each
saving an edit every so many seconds, as trainees typing at once.

Each session is a websocket client as `wsclient.py` is: it opens Part 2 (a full run), finds
the worksheet's short text field, and then, every `interval` seconds, sends what a browser
sends when that field changes (the widget's new value, a rerun of the fragment it sits in),
and times it until the server reports the run finished. The sessions start spread over the
interval, so the edits arrive evenly, as from people who type independently. Afterwards the
store is asked whether every edit was kept: an edit lost is a value sent that is not a
revision of its case, or a case whose newest text is not the last one sent.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from wsclient import _no_delay, _quick_ack


@dataclass
class Session:
    case_id: str
    sent: list[str] = field(default_factory=list)  # every value sent, in order
    times: list[float] = field(default_factory=list)  # ms of each edit
    errors: list[str] = field(default_factory=list)


async def _run(ws, sock, msg: BackMsg, errors: list[str]) -> tuple[float, list[ForwardMsg]]:
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    got: list[ForwardMsg] = []
    while True:
        _quick_ack(sock)
        fwd = ForwardMsg()
        fwd.ParseFromString(await ws.recv())
        got.append(fwd)
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                and fwd.delta.new_element.WhichOneof("type") == "exception":
            errors.append(fwd.delta.new_element.exception.message[:200])
        if kind == "script_finished":
            return (time.perf_counter() - start) * 1000, got


def _text_field(messages: list[ForwardMsg]) -> tuple[str, str]:
    """The id of the page's short text field, and the fragment it is drawn in."""
    for fwd in messages:
        if fwd.WhichOneof("type") == "delta" \
                and fwd.delta.WhichOneof("type") == "new_element" \
                and fwd.delta.new_element.WhichOneof("type") == "text_input":
            return fwd.delta.new_element.text_input.id, fwd.delta.fragment_id
    raise RuntimeError("Part 2 drew no text field")


async def _cohort(port: int, case_ids: list[str], edits: int, interval: float,
                  tag: str) -> list[Session]:
    """Open every session first (a full run of Part 2 each), then start the clock for all:
    session i edits at i * interval / n, then every `interval` seconds."""
    sessions = [Session(cid) for cid in case_ids]
    ready, opened, clock = asyncio.Event(), [], {}
    tasks = [asyncio.create_task(_edit(port, s, i * interval / len(sessions), edits, interval,
                                       ready, opened, clock, tag))
             for i, s in enumerate(sessions)]
    while len(opened) < len(sessions) and not any(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    clock["start"] = time.perf_counter() + 0.5
    ready.set()
    await asyncio.gather(*tasks)
    return sessions


async def _edit(port: int, session: Session, offset: float, edits: int, interval: float,
                ready: asyncio.Event, opened: list, clock: dict, tag: str) -> None:
    query = f"case={session.case_id}&lang=nl"
    async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                       max_size=None, compression=None) as ws:
        sock = _no_delay(ws)
        first = BackMsg()
        first.rerun_script.query_string = query
        first.rerun_script.page_name = "part2"
        _, messages = await _run(ws, sock, first, session.errors)
        widget, fragment = _text_field(messages)
        opened.append(session)
        await ready.wait()
        start = clock["start"] + offset
        for n in range(edits):
            await asyncio.sleep(max(0.0, start + n * interval - time.perf_counter()))
            value = f"{tag} bewerking {n} van {session.case_id}"
            msg = BackMsg()
            msg.rerun_script.query_string = query
            msg.rerun_script.page_name = "part2"
            msg.rerun_script.fragment_id = fragment
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = widget
            state.string_value = value
            ms, _ = await _run(ws, sock, msg, session.errors)
            session.sent.append(value)
            session.times.append(ms)


def run_cohort(port: int, case_ids: list[str], edits: int, interval: float,
               tag: str = "") -> list[Session]:
    """Every session edits its case `edits` times, one edit every `interval` seconds; each
    value sent is new (`tag` tells runs apart)."""
    return asyncio.run(_cohort(port, case_ids, edits, interval, tag))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def lost_edits(store, sessions: list[Session], field_path: tuple[str, str],
               heads_before: dict[str, int]) -> int:
    """Edits sent that the store does not have: each value sent must be the field's text in
    one revision of its case, and the newest revision must hold the last one."""
    lost = 0
    for s in sessions:
        head = store.head(s.case_id)
        kept = {store.revision(s.case_id, n).answer(*field_path)
                for n in range(heads_before[s.case_id] + 1, head + 1)}
        lost += sum(1 for value in s.sent if value not in kept)
        if s.sent and store.get(s.case_id).case.answer(*field_path) != s.sent[-1]:
            lost += 1
    return lost


def summary(sessions: list[Session]) -> dict:
    times = [t for s in sessions for t in s.times]
    return {"p50": round(statistics.median(times), 1) if times else None,
            "p95": round(percentile(times, 0.95), 1) if times else None,
            "edits": len(times), "errors": sum(len(s.errors) for s in sessions)}
