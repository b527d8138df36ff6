"""Benchmarks of the workbook, each against a baseline measured in the same run.

    python bench/run.py            # everything (about ten minutes)
    python bench/run.py --quick    # fewer repetitions

Prints what it measures as it goes, and one JSON object on its last line:

  rerun_ratio       median server-side rerun of Part 2 (the analysis page, with the map) on a
                    60-actor case, divided by the median rerun of an empty Streamlit script:
                    both served by `streamlit run` with the app's settings, reruns asked over
                    the websocket as a browser tab does (bench/wsclient.py).       goal <= 3
  map_ms_1000       median ms to build the map of 1000 actors and 2000 fuel events and
                    serialise it as Streamlit does (plotly.io.to_json).           goal <= 100
  map_growth        map_ms_1000 divided by the same for 100 actors and 200 fuel events
                    (10x the input: linear growth is 10).                          goal <= 12
  pdf_ms, png_ms    median warm export of the 60-actor case (workbook.share.export).
                                                                  goals <= 2000 and <= 500
  cold_start_ratio  `streamlit run app.py` until the map is drawn in headless Chromium
                    (/map?case=ID), divided by the same for a hello-world script until its
                    text shows.                                                    goal <= 1.5
  cold_start_floor_ratio  the same for a script that draws one small Plotly chart: what any
                    page with a chart costs before the app does anything (Plotly's code).
  rerun_over_floor  Part 2's rerun over the floor page's (the same elements, none of the
                    app's logic: bench/floorpage.py).                              goal <= 1.2
  cold_start_over_floor  the app to its map over the one-chart page (both from
                    `streamlit run`).                                              goal <= 1.3
  session_start_ratio  a new browser session on a warm server to the map drawn, over the
                    same for the one-chart page; `session_start_figure_ratio`: that page
                    drawing the map page's own figure instead.                     goal <= 1.2
  session_start_over_map_floor, cold_start_over_map_floor  the same two starts of the map
                    page over those of its floor: a page at the same path sending the same
                    elements (sidebar, navigation and both charts included) with none of the
                    app's logic (bench/floorpage.py): what the app adds to Streamlit's cost.
  cohort_p95_ratio  30 sessions on one server, each saving an edit every 2 s for a minute
                    (bench/cohort.py): p95 edit time over one session's median; p50 and
                    p95 at 1, 16 and 30 sessions; `cohort_edits_lost` must be 0.  goal <= 4
  bytes_per_revision  the store's growth per revision of typical edits on a 60-actor case
                    (SQLite; `_pg` PostgreSQL rows), and undo, history, older revision and
                    read times (bench/storebench.py).                        goal <= 2048
  entry_s_per_actor seconds to add one actor with the quick-entry form, the keyboard alone,
                    until the map draws it (nine in a row), over the seconds to type one
                    short text answer until it is stored (bench/entry.py); measured when a
                    browser is there, else `entry_note` says why.
  room_p95_s, room_lost  the live intervision room (bench/room.py): 30 participants and a
                    facilitator, each a websocket session, every participant sending a
                    question every few seconds for a minute (--quick: 20 s); the 95th
                    percentile of submit -> on the facilitator's screen (goal <= 3 s), the
                    questions lost (goal 0), and room_cpu_pct, room_rss_mb (the server's).

Cases are generated here, deterministically. Nothing is sent anywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHROMIUM = os.environ.get("WORKBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
PORTS = range(8620, 8661)
GOALS = {"rerun_ratio": 3, "map_ms_1000": 100, "map_growth": 12, "pdf_ms": 2000,
         "png_ms": 500, "cold_start_ratio": 1.5, "bytes_per_revision": 2048,
         "rerun_over_floor": 1.2, "cold_start_over_floor": 1.3, "session_start_ratio": 1.2,
         "cohort_p95_ratio": 4, "cohort_edits_lost": 0, "room_p95_s": 3, "room_lost": 0}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def median_ms(fn, repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# -- generated cases -------------------------------------------------------------------------
WORDS = ("buurt plein school jongeren politie gemeente markt moskee kerk club raad wijk "
         "ouders leraren handelaars bewoners jeugdwerk media").split()


def make_case(actors: int, fuel: int, seed: int = 6):
    """A full case: two poles, `actors` actors over every role and side, `fuel` events from
    them, and every text field of part 2 answered."""
    from workbook.case.model import Case
    from workbook.framework.loader import load_dir

    rng = random.Random(seed)
    fw = load_dir().get("brandsma")
    roles = [r.id for r in fw.concepts.roles]

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()

    doc = {
        "format_version": 1, "id": f"bench-{actors}-{fuel}", "title": f"Bench {actors} actors",
        "poles": [{"side": "a", "label": "Jongeren van het plein", "identity": words(12)},
                  {"side": "b", "label": "Politie en buurt", "identity": words(12)}],
        "actors": [{"id": f"a{i:04d}", "name": f"{words(2)} {i}",
                    "kind": rng.choice(["person", "group", "organisation"]),
                    "role": roles[i % len(roles)], "side": rng.choice(["a", "b", "none"]),
                    "stance": round(rng.uniform(-1, 1), 2), "influence": rng.randint(1, 5),
                    "notes": words(rng.randint(0, 25))} for i in range(actors)],
        "fuel": [{"id": f"f{i:04d}", "date": (dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)).isoformat(),
                  "source": f"a{rng.randrange(actors):04d}", "description": words(10),
                  "channel": rng.choice(["TikTok", "krant", "raad", "straat"]),
                  "intensity": rng.randint(1, 5)} for i in range(fuel)],
        "answers": {},
    }
    for ws in fw.worksheets_of(2):
        for field in ws.fields:
            if field.type in ("text", "longtext"):
                doc["answers"].setdefault(ws.id, {})[field.id] = words(30)
    from workbook.case.migrate import migrate

    return Case.model_validate(migrate(doc, "bench")), fw


# -- map ---------------------------------------------------------------------------------------
def bench_map(repeat: int) -> dict:
    import plotly.io as pio

    from workbook.analysis.polarmap import build_map

    def timing(actors: int, fuel: int) -> float:
        case, fw = make_case(actors, fuel)
        return median_ms(lambda: pio.to_json(build_map(case, fw, "nl"), validate=False),
                         repeat)

    small = timing(100, 200)
    large = timing(1000, 2000)
    say(f"map: 100 actors {small:.1f} ms, 1000 actors {large:.1f} ms")
    return {"map_ms_100": round(small, 1), "map_ms_1000": round(large, 1),
            "map_growth": round(large / small, 2)}


# -- reruns --------------------------------------------------------------------------------------
def bench_rerun(repeat: int, workdir: Path) -> dict:
    """Real servers (`streamlit run`), the app and an empty script, with the same runner
    settings; a websocket client asks each for reruns as a browser tab does. A third page
    draws what Part 2 drew, with none of the app's logic (bench/floorpage.py): the floor
    under any page showing what Part 2 shows."""
    from floorpage import write_floor_page
    from wsclient import median_reruns

    from workbook.case.store import Store

    db = f"sqlite:///{workdir / 'rerun.db'}"
    case, _ = make_case(60, 120)
    case_id = Store(db).create(case).case.id
    empty_dir = _baseline_dir(workdir, "empty", "import streamlit as st\n")
    env = {**os.environ, "WORKBOOK_DB": db, "PYTHONDONTWRITEBYTECODE": "1"}
    part2_target = f"case={case_id}&lang=nl", "part2"
    with _server("empty.py", empty_dir, env) as empty_port, \
            _server("app.py", ROOT, env) as app_port:
        (probe,) = median_reruns([(app_port, *part2_target)], repeat=1, warmup=1)
        if not probe.deltas.get("plotly_chart"):
            raise RuntimeError(f"part 2 drew no map: {probe.deltas}")
        floor_dir = _baseline_dir(workdir, "floor", "")
        write_floor_page(floor_dir, probe.deltas, probe.charts)
        with _server("floor.py", floor_dir, env) as floor_port:
            empty, floor, part2 = median_reruns(
                [(empty_port, "", ""), (floor_port, "", ""), (app_port, *part2_target)],
                repeat=repeat)
    if floor.deltas != part2.deltas:
        raise RuntimeError(f"the floor page drew {floor.deltas}, part 2 {part2.deltas}")
    say(f"rerun: empty script {empty.ms:.1f} ms, Part 2's elements alone {floor.ms:.1f} ms, "
        f"part 2 {part2.ms:.1f} ms ({sum(part2.deltas.values())} elements: {part2.deltas})")
    return {"rerun_ms_empty": round(empty.ms, 1), "rerun_ms_floor": round(floor.ms, 1),
            "rerun_ms_part2": round(part2.ms, 1),
            "rerun_ratio": round(part2.ms / empty.ms, 2),
            "rerun_floor_ratio": round(floor.ms / empty.ms, 2),
            "rerun_over_floor": round(part2.ms / floor.ms, 2),
            "rerun_elements_part2": sum(part2.deltas.values())}


@contextlib.contextmanager
def _server(script: str, cwd: Path, env: dict):
    """A Streamlit server for `script`, ready, on a free port; stopped afterwards."""
    port = free_port()
    proc = _serve(script, cwd, env, port)
    try:
        _wait_healthy(proc, port, script)
        yield port
    finally:
        _stop(proc)


# -- a cohort on one server -----------------------------------------------------------------------
COHORT_SIZES = (1, 16, 30)


def bench_cohort(seconds: float, workdir: Path) -> dict:
    """1, 16 and 30 sessions on one server, each on its own 60-actor case in Part 2, each
    saving an edit of a text field every 2 seconds for `seconds` (bench/cohort.py); p50 and
    p95 of the edit times, the edits the store does not have, and p95 at 30 over the median
    of one session alone."""
    from cohort import lost_edits, run_cohort, summary

    from workbook.case.files import fresh_copy
    from workbook.case.store import Store

    db = f"sqlite:///{workdir / 'cohort.db'}"
    store = Store(db)
    case, fw = make_case(60, 120)
    ids = [store.create(fresh_copy(case)).case.id for _ in range(max(COHORT_SIZES))]
    sheet = fw.worksheets_of(2)[0]
    field = next(f for f in sheet.fields if f.type == "text")
    env = {**os.environ, "WORKBOOK_DB": db, "PYTHONDONTWRITEBYTECODE": "1"}
    result: dict = {}
    lost = 0
    with _server("app.py", ROOT, env) as port:
        for n in COHORT_SIZES:
            heads = {cid: store.head(cid) for cid in ids[:n]}
            sessions = run_cohort(port, ids[:n], edits=max(1, round(seconds / 2)),
                                  interval=2.0, tag=f"{n} sessies")
            figures = summary(sessions)
            lost += lost_edits(store, sessions, (sheet.id, field.id), heads)
            result[f"cohort_p50_ms_{n}"] = figures["p50"]
            result[f"cohort_p95_ms_{n}"] = figures["p95"]
            say(f"cohort: {n} sessions, {figures['edits']} edits: p50 {figures['p50']} ms, "
                f"p95 {figures['p95']} ms, {figures['errors']} errors")
    single = result[f"cohort_p50_ms_{COHORT_SIZES[0]}"]
    result["cohort_p95_ratio"] = round(result[f"cohort_p95_ms_{COHORT_SIZES[-1]}"] / single, 2)
    result["cohort_edits_lost"] = lost
    return result


# -- the store ---------------------------------------------------------------------------------
def bench_store(count: int, repeat: int, workdir: Path) -> dict:
    """Bytes per revision of typical edits on a 60-actor case (SQLite file growth; on
    PostgreSQL, when it can run here, the rows' sizes), and what undo, the history and an
    older revision cost (bench/storebench.py)."""
    from storebench import bytes_per_revision, timings

    case, _ = make_case(60, 120)
    per_rev, store, case_id = bytes_per_revision(f"sqlite:///{workdir / 'store.db'}", case,
                                                 count)
    result = {"bytes_per_revision": round(per_rev), **timings(store, case_id, repeat)}
    say(f"store: {per_rev:.0f} bytes a revision on SQLite; " +
        ", ".join(f"{k} {v}" for k, v in result.items() if k.endswith("_ms")))
    pg = _postgres()
    if pg is None:
        result["bytes_per_revision_pg"] = None
        return result
    try:
        url = pg.new_database()
        per_rev_pg, store_pg, case_pg = bytes_per_revision(url, case, count)
        result["bytes_per_revision_pg"] = round(per_rev_pg)
        pg_times = {f"{k}_pg": v for k, v in timings(store_pg, case_pg, repeat).items()}
        result.update(pg_times)
        say(f"store: {per_rev_pg:.0f} bytes a revision on PostgreSQL (rows); " +
            ", ".join(f"{k} {v}" for k, v in pg_times.items()))
    finally:
        pg.remove()
    return result


def _postgres():
    """A private PostgreSQL server (tests/pgserver.py), or None when it cannot run here."""
    try:
        from tests.pgserver import PgServer, missing_postgres
    except ImportError:
        return None
    if missing_postgres():
        return None
    server = PgServer()
    server.start()
    return server


# -- exports -------------------------------------------------------------------------------------
def bench_exports(repeat: int) -> dict:
    case, fw = make_case(60, 120)
    try:
        from workbook.share import export
    except ImportError:
        export = None
    if export is not None and hasattr(export, "to_pdf") and hasattr(export, "to_png"):
        export.to_png(case, fw, "nl")  # starts the headless browser once: not counted
        png = median_ms(lambda: export.to_png(case, fw, "nl"), repeat)
        pdf = median_ms(lambda: export.to_pdf(case, fw, "nl"), repeat)
        say(f"exports: png {png:.0f} ms, pdf {pdf:.0f} ms")
        return {"png_ms": round(png), "pdf_ms": round(pdf)}
    import kaleido

    from workbook.analysis.polarmap import build_map

    kaleido.start_sync_server(silence_warnings=True)
    fig = build_map(case, fw, "nl")
    png = median_ms(lambda: fig.to_image(format="png", width=1600, height=900), repeat)
    say(f"exports: png {png:.0f} ms (plotly + kaleido), pdf not measured")
    return {"png_ms": round(png), "pdf_ms": None,
            "pdf_note": "workbook/export.py has no to_pdf yet"}


# -- cold start ----------------------------------------------------------------------------------
def free_port() -> int:
    for port in random.sample(list(PORTS), len(PORTS)):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def _serve(script: str, cwd: Path, env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)


def _cold(browser, script: str, cwd: Path, env: dict, path: str, ready: str) -> float:
    """Seconds from starting the server to `ready` showing in a fresh browser tab."""
    port = free_port()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    proc = _serve(script, cwd, env, port)
    try:
        _wait_healthy(proc, port, script)
        page.goto(f"http://127.0.0.1:{port}/{path}")
        page.locator(ready).first.wait_for(state="visible", timeout=120_000)
        return time.perf_counter() - start
    finally:
        context.close()
        _stop(proc)


def _wait_healthy(proc: subprocess.Popen, port: int, script: str) -> None:
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited ({proc.returncode}) for {script}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                        timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _baseline_dir(workdir: Path, name: str, source: str) -> Path:
    """A folder with one script and the app's own Streamlit settings, so a baseline runs
    under the same settings as the app."""
    folder = workdir / name
    (folder / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / f"{name}.py").write_text(source)
    return folder


PLOTLY_HELLO = ("import plotly.graph_objects as go\nimport streamlit as st\n\n"
                "st.plotly_chart(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])))\n")


def bench_cold_start(repeat: int, workdir: Path) -> dict:
    """The app to its map, a hello-world script to its text, and (the floor of any page with
    a chart) a one-chart Plotly script to its chart, each from `streamlit run`, in turn."""
    from playwright.sync_api import sync_playwright

    from workbook.case.store import Store

    db = f"sqlite:///{workdir / 'cold.db'}"
    case, _ = make_case(60, 120)
    case_id = Store(db).create(case).case.id
    env = {**os.environ, "WORKBOOK_DB": db, "PYTHONDONTWRITEBYTECODE": "1"}
    map_path = f"map?case={case_id}&lang=nl"
    targets = {  # name: (script, folder, path, what shows when it is ready)
        "hello": ("hello.py", _baseline_dir(workdir, "hello", 'import streamlit as st\n\n'
                                            'st.write("Hello world")\n'), "", "text=Hello world"),
        "plotly": ("chart.py", _baseline_dir(workdir, "chart", PLOTLY_HELLO), "",
                   ".js-plotly-plot"),
        "app": ("app.py", ROOT, map_path, ".js-plotly-plot"),
        "floor": ("floorapp.py", map_floor(workdir, env, case_id, "cold_floor"), "map",
                  ".js-plotly-plot"),
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (script, folder, path, ready) in targets.items():
            _cold(browser, script, folder, env, path, ready)  # not counted: disk caches
        for _ in range(repeat):
            for name, (script, folder, path, ready) in targets.items():
                times[name].append(_cold(browser, script, folder, env, path, ready))
        browser.close()
    hello, plotly_s, app_s, floor_s = (statistics.median(times[n])
                                       for n in ("hello", "plotly", "app", "floor"))
    say(f"cold start: hello world {hello:.2f} s, one Plotly chart {plotly_s:.2f} s, "
        f"the map page's elements alone {floor_s:.2f} s, app to the map {app_s:.2f} s")
    return {"cold_start_s_hello": round(hello, 2), "cold_start_s_plotly": round(plotly_s, 2),
            "cold_start_s_app": round(app_s, 2), "cold_start_ratio": round(app_s / hello, 2),
            "cold_start_floor_ratio": round(plotly_s / hello, 2),
            "cold_start_over_floor": round(app_s / plotly_s, 2),
            "cold_start_s_map_floor": round(floor_s, 2),
            "cold_start_over_map_floor": round(app_s / floor_s, 2)}


def bench_session_start(repeat: int, workdir: Path) -> dict:
    """A new browser session on a warm server: the app (one session already served) to its
    map, over a one-chart Plotly script (one session already served) to its chart, in turn,
    each in a fresh browser context (nothing cached in the browser)."""
    from playwright.sync_api import sync_playwright

    from workbook.case.store import Store

    db = f"sqlite:///{workdir / 'session.db'}"
    case, _ = make_case(60, 120)
    case_id = Store(db).create(case).case.id
    env = {**os.environ, "WORKBOOK_DB": db, "PYTHONDONTWRITEBYTECODE": "1"}
    chart_dir = _baseline_dir(workdir, "session_chart", PLOTLY_HELLO)
    figure_dir = _figure_page(workdir, case)
    floor_dir = map_floor(workdir, env, case_id, "session_floor")
    times: dict[str, list[float]] = {"plotly": [], "figure": [], "floor": [], "app": []}
    with _server("session_chart.py", chart_dir, env) as chart_port, \
            _server("figure.py", figure_dir, env) as figure_port, \
            _server("floorapp.py", floor_dir, env) as floor_port, \
            _server("app.py", ROOT, env) as app_port, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        targets = {"plotly": f"http://127.0.0.1:{chart_port}/",
                   "figure": f"http://127.0.0.1:{figure_port}/",
                   "floor": f"http://127.0.0.1:{floor_port}/map",
                   "app": f"http://127.0.0.1:{app_port}/map?case={case_id}&lang=nl"}
        for url in targets.values():
            _visit(browser, url, ".js-plotly-plot")  # not counted: the server's first session
        for _ in range(repeat):
            for name, url in targets.items():
                times[name].append(_visit(browser, url, ".js-plotly-plot"))
        browser.close()
    plotly_s, figure_s, floor_s, app_s = (statistics.median(times[n])
                                          for n in ("plotly", "figure", "floor", "app"))
    say(f"session start: one Plotly chart {plotly_s:.2f} s, that chart being the app's map "
        f"{figure_s:.2f} s, the map page's elements alone {floor_s:.2f} s, "
        f"app to the map {app_s:.2f} s")
    return {"session_start_s_plotly": round(plotly_s, 2), "session_start_s_app": round(app_s, 2),
            "session_start_s_figure": round(figure_s, 2),
            "session_start_ratio": round(app_s / plotly_s, 2),
            "session_start_figure_ratio": round(figure_s / plotly_s, 2),
            "session_start_s_map_floor": round(floor_s, 2),
            "session_start_over_map_floor": round(app_s / floor_s, 2)}


def map_floor(workdir: Path, env: dict, case_id: str, name: str) -> Path:
    """A folder with floorapp.py: what a new session's first run of the map page of case
    `case_id` sends, with none of the app's logic (bench/floorpage.py), under the same
    navigation, at the same path. Checked to send the same elements."""
    from floorpage import write_floor_app
    from wsclient import median_reruns

    target = f"case={case_id}&lang=nl", "map"
    with _server("app.py", ROOT, env) as app_port:
        (probe,) = median_reruns([(app_port, *target)], repeat=1, warmup=0)
    if not probe.deltas.get("plotly_chart"):
        raise RuntimeError(f"the map page drew no map: {probe.deltas}")
    folder = _baseline_dir(workdir, name, "")
    write_floor_app(folder, probe, "map")
    with _server("floorapp.py", folder, env) as floor_port:
        (floor,) = median_reruns([(floor_port, "", "map")], repeat=1, warmup=0)
    if (floor.deltas, floor.sidebar, floor.pages) != (probe.deltas, probe.sidebar, probe.pages):
        raise RuntimeError(f"the floor drew {floor.deltas} ({floor.sidebar} in the sidebar), "
                           f"the map page {probe.deltas} ({probe.sidebar})")
    return folder


def _figure_page(workdir: Path, case) -> Path:
    """A one-chart page whose chart is the map page's own figure of `case` (what the chart
    itself costs the browser, without the rest of the app)."""
    import plotly.io as pio

    from workbook.analysis.polarmap import build_map
    from workbook.framework.loader import load_dir

    fw = load_dir().get("brandsma")
    spec = workdir / "figure.json"
    spec.write_text(pio.to_json(build_map(case, fw, "nl", width=820, height=660),
                                validate=False))
    return _baseline_dir(workdir, "figure", (
        "import plotly.io as pio\nimport streamlit as st\n\n"
        f"st.plotly_chart(pio.from_json(open({str(spec)!r}).read()), width='stretch')\n"))


def _visit(browser, url: str, ready: str) -> float:
    """Seconds from opening `url` in a fresh browser context until `ready` shows."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        page.locator(ready).first.wait_for(state="visible", timeout=120_000)
        return time.perf_counter() - start
    finally:
        context.close()


def _entry(work: Path) -> dict:
    """entry_s_per_actor (bench/entry.py), when Chromium and Playwright are there."""
    import entry

    reason = entry.missing_browser()
    if reason:
        say(f"entry: not measured ({reason})")
        return {"entry_note": reason}
    folder = work / "entry"
    folder.mkdir()
    return entry.bench_entry(folder)


def _room(work: Path, seconds: float) -> dict:
    """The live room under load (bench/room.py)."""
    import room

    folder = work / "room"
    folder.mkdir()
    return room.bench_room(folder, participants=30, seconds=seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["map", "rerun", "store", "cohort", "exports", "cold", "session",
                                 "entry", "room"],
                        help="parts to leave out")
    args = parser.parse_args(argv)
    n = 3 if args.quick else 1
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="workbook-bench-") as tmp:
        work = Path(tmp)
        parts = [("map", lambda: bench_map(15 // n)),
                 ("rerun", lambda: bench_rerun(21 // n, work)),
                 ("store", lambda: bench_store(200 // n, 15 // n, work)),
                 ("cohort", lambda: bench_cohort(60 / n, work)),
                 ("exports", lambda: bench_exports(max(3, 7 // n))),
                 ("cold", lambda: bench_cold_start(max(2, 5 // n), work)),
                 ("session", lambda: bench_session_start(max(3, 9 // n), work)),
                 ("entry", lambda: _entry(work)),
                 ("room", lambda: _room(work, 20 if args.quick else 60))]
        for name, run in parts:
            if name in args.skip:
                continue
            try:
                result.update(run())
            except Exception as exc:  # noqa: BLE001 - report what could not be measured
                result[f"{name}_error"] = f"{type(exc).__name__}: {exc}"[:300]
    result["goals"] = GOALS
    result["met"] = {k: isinstance(result.get(k), (int, float)) and result[k] <= goal
                     for k, goal in GOALS.items()}
    result["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                         "load": round(os.getloadavg()[0], 2)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
