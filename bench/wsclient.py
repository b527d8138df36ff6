"""Ask a running Streamlit server for reruns over its websocket, as a browser tab does, and
time each one until the server reports the script finished.

Only what a browser would send: a `rerun_script` message with the URL's query string and the
page's path. The client acknowledges every packet at once (TCP_QUICKACK), so no delayed-ACK
stall of the loopback connection is counted as the server's time.
"""

from __future__ import annotations

import asyncio
import contextlib
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
    deltas: dict[str, int] = {}
    charts: list[str] = []
    while True:
        _quick_ack(sock)
        fwd = ForwardMsg()
        fwd.ParseFromString(await ws.recv())
        kind = fwd.WhichOneof("type")
        if kind == "delta":
            which = fwd.delta.WhichOneof("type")
            name = fwd.delta.new_element.WhichOneof("type") if which == "new_element" else which
            deltas[name] = deltas.get(name, 0) + 1
            if name == "plotly_chart":
                charts.append(fwd.delta.new_element.plotly_chart.spec)
        elif kind == "script_finished":
            return Rerun((time.perf_counter() - start) * 1000, deltas, charts)


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
    return [Rerun(statistics.median(t), r.deltas, r.charts) for t, r in zip(times, last)]


def median_reruns(targets: list[tuple[int, str, str]], repeat: int = 21,
                  warmup: int = 3) -> list[Rerun]:
    """For each (port, query string, page url path): the median rerun of one browser session,
    and the elements its last rerun sent."""
    return asyncio.run(_compare(targets, repeat, warmup))
