"""The live room under load: 30 participants and a facilitator on one server, each a
websocket session that speaks to Streamlit as a browser tab does (bench/wsclient.py): the
participants join through the room page's form and send a question every few seconds for a
minute, their pages ticking their room fragment as a browser would; the facilitator's page
(the meeting's room tab) ticks its live fragment as a browser would, and every question is
timed from the moment its participant sent it until the facilitator's screen received it.

    python bench/room.py [--participants 30] [--seconds 60] [--every 4]

Figures (the last line is JSON):
  room_p95_s      95th percentile of submit -> on the facilitator's screen (goal <= 3 s)
  room_median_s   the median of the same
  room_lost       questions a participant was told were sent that never reached the
                  facilitator's screen, or the store (goal 0)
  room_sent       questions sent (and confirmed)
  room_cpu_pct    the server's CPU during the minute (100 = one core)
  room_rss_mb     the server's resident memory at the end; room_rss_peak_mb its peak
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from wsclient import _no_delay, _quick_ack  # noqa: E402

TOKEN = re.compile(r"Q(\d+)x(\d+)z")
GOALS = {"room_p95_s": 3, "room_lost": 0}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Tab:
    """One browser tab's session: reruns (whole page or one fragment) with widget values,
    the elements each run sent, and the fragments that ask to rerun on a timer."""

    def __init__(self, ws, query: str, page: str):
        self.ws, self.sock = ws, _no_delay(ws)
        self.query, self.page = query, page
        self.timers: dict[str, float] = {}  # fragment id -> interval (s)
        self.seen: dict[str, float] = {}  # tokens -> when first received

    async def run(self, widgets: list | None = None, fragment: str = "") -> list:
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = self.page
        if fragment:
            msg.rerun_script.fragment_id = fragment
            msg.rerun_script.is_auto_rerun = True
        for state in widgets or []:
            msg.rerun_script.widget_states.widgets.append(state)
        if not fragment:  # a whole run registers the page's timers anew (old ids are gone)
            self.timers = {}
        await self.ws.send(msg.SerializeToString())
        elements = []
        while True:
            _quick_ack(self.sock)
            fwd = ForwardMsg()
            try:
                fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=20))
            except TimeoutError:
                say(f"no answer in 20 s: {self.page} fragment={fragment!r} got {len(elements)}")
                return elements
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                elements.append(element)
                which = element.WhichOneof("type")
                if which in ("markdown", "alert"):
                    body = getattr(element, which).body
                    for m in TOKEN.finditer(body):
                        self.seen.setdefault(m.group(0), time.monotonic())
            elif kind == "auto_rerun":
                self.timers[fwd.auto_rerun.fragment_id] = fwd.auto_rerun.interval
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    elements = []  # the page asked to run again (st.rerun): wait for that run
                    self.timers = {}
                    continue
                return elements


def widget(elements: list, kind: str, label: str):
    for element in elements:
        if element.WhichOneof("type") == kind and getattr(element, kind).label == label:
            return getattr(element, kind)
    raise LookupError(f"no {kind} labelled {label!r}")


def state(ident: str, **value):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    out = WidgetState(id=ident)
    for name, v in value.items():
        setattr(out, name, v)
    return out


async def participant(n: int, port: int, code: str, stop_at: float, every: float,
                      sent: dict, refused: list) -> None:
    from workbook import i18n

    t = lambda key: i18n.t(key, "nl")  # noqa: E731
    async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                       max_size=None, compression=None) as ws:
        tab = Tab(ws, f"room={code}&lang=nl", "room")
        first = await tab.run()
        name = widget(first, "text_input", t("room.your_name"))
        join = widget(first, "button", t("room.join"))
        page = await tab.run([state(name.id, string_value=f"Deelnemer {n}"),
                              state(join.id, trigger_value=True)])
        rng = random.Random(n)
        await asyncio.sleep(rng.uniform(0, every))
        seq = 0
        next_send = time.monotonic()
        while time.monotonic() < stop_at:
            now = time.monotonic()
            if now >= next_send:
                seq += 1
                token = f"Q{n}x{seq}z"
                box = widget(page, "text_area", t("room.ask_question"))
                send = widget(page, "button", t("room.send"))
                at = time.monotonic()
                page = await tab.run([state(box.id, string_value=f"Vraag {token}"),
                                      state(send.id, trigger_value=True)])
                said = " ".join(e.alert.body for e in page if e.WhichOneof("type") == "alert")
                if t("room.sent_question") in said:
                    sent[token] = at
                else:
                    refused.append(said[:200])
                next_send = at + every * rng.uniform(0.75, 1.25)
            else:  # the page's room fragment ticks, as a browser's timer would
                interval = min(tab.timers.values(), default=1.5)
                await asyncio.sleep(min(interval, max(0.0, next_send - now)))
                if time.monotonic() < next_send:
                    for fid in list(tab.timers):
                        await tab.run(fragment=fid)


async def facilitator(port: int, case_id: str, stop_at: float, seen: dict) -> None:
    async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                       max_size=None, compression=None) as ws:
        tab = Tab(ws, f"case={case_id}&tab=room&lang=nl", "meeting")
        tab.seen = seen
        await tab.run()
        if not tab.timers:
            raise RuntimeError("the facilitator's room tab has no live fragment")
        while time.monotonic() < stop_at:
            interval = min(tab.timers.values())
            started = time.monotonic()
            for fid in list(tab.timers):
                await tab.run(fragment=fid)
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - started)))


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory_mb(pid: int) -> tuple[float, float]:
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return round(found.get("VmRSS", 0), 1), round(found.get("VmHWM", 0), 1)


def prepare(db_url: str) -> tuple[str, str, str]:
    """A worked case with a meeting at its question phase and an open room (everyone with
    the link is let in): (case id, meeting id, room code)."""
    from workbook.accounts.users import LOCAL
    from workbook.case.files import read_case
    from workbook.case.store import Store
    from workbook.framework.loader import load_dir
    from workbook.meetings import meeting as mt
    from workbook.meetings.methods import load_methods
    from workbook.rooms.room import RoomAccess

    store = Store(db_url)
    method = load_methods(load_dir().get("brandsma")).get("wij_zij_advice")
    saved = store.create(read_case((ROOT / "casestudies" / "politie_jongeren.yaml")
                                   .read_bytes(), "case"))
    meeting, ops = mt.plan(method, "Bench")
    saved = store.apply_ops(saved.case.id, ops)
    saved = store.apply_ops(saved.case.id, mt.start(saved.case.meeting(meeting.id), method))
    saved = store.apply_ops(saved.case.id, mt.go_to(saved.case.meeting(meeting.id), method,
                                                    "understand"))
    room = RoomAccess(store, LOCAL).open(saved.case.id, meeting.id, "cohort")
    return saved.case.id, meeting.id, room.code


def stored(db_url: str, code: str) -> set[str]:
    from sqlalchemy import select

    from workbook.case.roomrows import SubmissionRow
    from workbook.case.store import Store

    with Store(db_url).reading() as conn:
        texts = conn.execute(select(SubmissionRow.payload).where(SubmissionRow.code == code))
        return {m.group(0) for (p,) in texts for m in TOKEN.finditer(json.loads(p)["text"])}


async def _load(port: int, case_id: str, code: str, participants: int, seconds: float,
                every: float) -> tuple[dict, dict, list]:
    sent: dict[str, float] = {}
    seen: dict[str, float] = {}
    refused: list[str] = []
    stop_at = time.monotonic() + seconds
    fac = asyncio.create_task(facilitator(port, case_id, stop_at + 8, seen))
    await asyncio.sleep(1.0)
    people = [asyncio.create_task(participant(n, port, code, stop_at, every, sent, refused))
              for n in range(1, participants + 1)]
    await asyncio.gather(*people)
    await fac
    return sent, seen, refused


def bench_room(workdir: Path, participants: int = 30, seconds: float = 60,
               every: float = 4.0) -> dict:
    from run import _serve, _stop, _wait_healthy, free_port

    db_url = f"sqlite:///{workdir / 'room.db'}"
    case_id, _, code = prepare(db_url)
    port = free_port()
    env = {**os.environ, "WORKBOOK_DB": db_url}
    proc = _serve("app.py", ROOT, env, port)
    try:
        _wait_healthy(proc, port, "app.py")
        cpu0, t0 = _cpu_seconds(proc.pid), time.monotonic()
        sent, seen, refused = asyncio.run(_load(port, case_id, code, participants, seconds,
                                                every))
        cpu = (_cpu_seconds(proc.pid) - cpu0) / (time.monotonic() - t0) * 100
        rss, peak = _memory_mb(proc.pid)
    finally:
        _stop(proc)
    in_store = stored(db_url, code)
    waits = sorted(seen[k] - sent[k] for k in sent if k in seen)
    lost = sum(1 for k in sent if k not in seen or k not in in_store)
    p95 = waits[min(len(waits) - 1, int(round(0.95 * (len(waits) - 1))))] if waits else None
    result = {"room_p95_s": round(p95, 2) if p95 is not None else None,
              "room_median_s": round(statistics.median(waits), 2) if waits else None,
              "room_lost": lost, "room_sent": len(sent), "room_refused": len(refused),
              "room_participants": participants, "room_seconds": seconds,
              "room_cpu_pct": round(cpu, 1), "room_rss_mb": rss, "room_rss_peak_mb": peak}
    say(f"room: {len(sent)} questions from {participants} participants in {seconds:.0f} s, "
        f"p95 {result['room_p95_s']} s, median {result['room_median_s']} s, lost {lost}, "
        f"server CPU {result['room_cpu_pct']}%, RSS {rss} MB (peak {peak})")
    if refused:
        say(f"room: {len(refused)} refused, e.g. {refused[0]!r}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--every", type=float, default=4.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="workbook-room-") as tmp:
        result = bench_room(Path(tmp), args.participants, args.seconds, args.every)
    result["goals"] = GOALS
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
