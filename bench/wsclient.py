"""Ask a running Streamlit server for reruns over its websocket, as a browser tab does, and
time each one until the server reports the script finished.

Only what a browser would send: a `rerun_script` message with the URL's query string and the
page's path. The client acknowledges every packet at once (TCP_QUICKACK), so no delayed-ACK
stall of the loopback connection is counted as the server's time.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
import statistics
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect


@dataclass
class Rerun:
    ms: float
    deltas: dict[str, int] = field(default_factory=dict)  # element type -> how many were sent
    charts: list[str] = field(default_factory=list)  # the Plotly figures sent, as JSON
    sidebar: dict[str, int] = field(default_factory=dict)  # those of `deltas` in the sidebar
    pages: list[dict] = field(default_factory=list)  # the navigation's pages, as sent
    nav_position: str = "hidden"  # where the navigation was shown ("sidebar", "hidden")


SIDEBAR = 1  # a delta path's first step: the root container (0 the main area, 1 the sidebar)


def _no_delay(ws) -> socket.socket | None:
    sock = ws.transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _quick_ack(sock: socket.socket | None) -> None:
    if sock is not None and hasattr(socket, "TCP_QUICKACK"):  # Linux; elsewhere, best effort
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


async def _rerun(ws, sock, query: str, page: str) -> Rerun:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    run = Rerun(0.0)
    while True:
        _quick_ack(sock)
        fwd = ForwardMsg()
        fwd.ParseFromString(await ws.recv())
        kind = fwd.WhichOneof("type")
        if kind == "delta":
            which = fwd.delta.WhichOneof("type")
            name = fwd.delta.new_element.WhichOneof("type") if which == "new_element" else which
            run.deltas[name] = run.deltas.get(name, 0) + 1
            if list(fwd.metadata.delta_path[:1]) == [SIDEBAR]:
                run.sidebar[name] = run.sidebar.get(name, 0) + 1
            if name == "plotly_chart":
                run.charts.append(fwd.delta.new_element.plotly_chart.spec)
        elif kind == "navigation":
            _navigation(run, fwd.navigation)
        elif kind == "script_finished":
            run.ms = (time.perf_counter() - start) * 1000
            return run


def _navigation(run: Rerun, nav) -> None:
    """The pages a run's st.navigation sent, and where it showed them."""
    from streamlit.proto.Navigation_pb2 import Navigation

    run.nav_position = Navigation.Position.Name(nav.position).lower()
    run.pages = [{"title": p.page_name, "icon": p.icon, "url_path": p.url_pathname,
                  "section": p.section_header, "default": p.is_default, "hidden": p.is_hidden}
                 for p in nav.app_pages]


async def _compare(targets: list[tuple[int, str, str]], repeat: int, warmup: int) -> list[Rerun]:
    """One session per (port, query, page); reruns taken in turn, so a busy moment of the
    machine weighs on every target alike."""
    async with contextlib.AsyncExitStack() as stack:
        sessions = []
        for port, query, page in targets:
            ws = await stack.enter_async_context(connect(
                f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                max_size=None, compression=None))
            sessions.append((ws, _no_delay(ws), query, page))
        last: list[Rerun] = []
        for _ in range(warmup):
            last = [await _rerun(*session) for session in sessions]
        times: list[list[float]] = [[] for _ in sessions]
        for _ in range(repeat):
            last = [await _rerun(*session) for session in sessions]
            for i, rerun in enumerate(last):
                times[i].append(rerun.ms)
    return [dataclasses.replace(r, ms=statistics.median(t)) for t, r in zip(times, last)]


def median_reruns(targets: list[tuple[int, str, str]], repeat: int = 21,
                  warmup: int = 3) -> list[Rerun]:
    """For each (port, query string, page url path): the median rerun of one browser session,
    and the elements its last rerun sent."""
    return asyncio.run(_compare(targets, repeat, warmup))
