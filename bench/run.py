"""Benchmarks of the workbook, printed as ratios against baselines measured in the same run.

    .venv/bin/python bench/run.py            # all figures (needs Debian's chromium for three)
    .venv/bin/python bench/run.py --quick    # fewer repetitions

The last line printed is one JSON object with the figures and their goals:
rerun_ratio, map_ms_1000, map_growth, pdf_ms, png_ms, cold_start_ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbook.case import Actor, Case, FuelEvent  # noqa: E402
from workbook.frameworks import load_dir  # noqa: E402

GOALS = {"rerun_ratio": 3, "map_ms_1000": 100, "map_growth": 12, "pdf_ms": 2000, "png_ms": 500,
         "cold_start_ratio": 1.5}
ROLES = ["pusher", "joiner", "joiner", "silent", "silent", "silent", "bridge_builder", "scapegoat"]
CHROMIUM = "/usr/bin/chromium"


def synthetic_case(actors: int, events: int, seed: int = 7) -> Case:
    """A deterministic case of the given size, every role present."""
    rnd = random.Random(seed)
    people = []
    for i in range(actors):
        role = ROLES[i % len(ROLES)]
        side = {"pusher": "ab"[i % 2], "joiner": "ab"[(i // 2) % 2]}.get(role, "none")
        people.append(Actor(id=f"a{i}", name=f"Actor {i}", role=role, side=side,
                            stance=round(rnd.uniform(-1, 1), 2), influence=rnd.randint(1, 5),
                            notes=f"Notes about actor {i}"))
    fuel = [FuelEvent(id=f"f{j}", source=f"a{rnd.randrange(actors)}",
                      description=f"Statement {j}", channel="social media",
                      intensity=rnd.randint(1, 5),
                      date=f"2026-{1 + j % 12:02d}-{1 + j % 28:02d}") for j in range(events)]
    return Case(title=f"Bench {actors}", poles=[{"side": "a", "label": "Wij", "identity": "Zij"},
                                                {"side": "b", "label": "Zij", "identity": "Wij"}],
                actors=people, fuel=fuel)


def median_ms(fn, repeat: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_map(fw, repeat: int) -> dict:
    from workbook.polarmap import build_map

    big, small = synthetic_case(1000, 2000), synthetic_case(100, 200)
    ms_big = median_ms(lambda: build_map(big, fw, "nl").to_json(), repeat)
    ms_small = median_ms(lambda: build_map(small, fw, "nl").to_json(), repeat)
    return {"map_ms_1000": round(ms_big, 1), "map_ms_100": round(ms_small, 1),
            "map_growth": round(ms_big / ms_small, 2)}


def bench_rerun(repeat: int) -> dict:
    from streamlit.testing.v1 import AppTest

    from workbook.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WORKBOOK_DB"] = f"sqlite:///{tmp}/bench.db"
        cid = Store().create(synthetic_case(60, 40)).case.id
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["case"] = cid
        at.run()
        at.switch_page("app_pages/part2.py").run()
        page_ms = median_ms(at.run, repeat)
        empty = AppTest.from_string("import streamlit as st\nst.write('hello')\n")
        empty.run()
        empty_ms = median_ms(empty.run, repeat)
    return {"rerun_ms": round(page_ms, 1), "empty_rerun_ms": round(empty_ms, 1),
            "rerun_ratio": round(page_ms / empty_ms, 2)}


def bench_exports(fw, repeat: int) -> dict:
    from workbook import export

    case = synthetic_case(60, 40)
    try:
        png = median_ms(lambda: export.to_png(case, fw, "nl"), repeat)
        pdf = median_ms(lambda: export.to_pdf(case, fw, "nl"), repeat)
    except Exception as exc:  # no browser for kaleido: say so instead of a figure
        return {"png_ms": None, "pdf_ms": None, "export_error": str(exc)[:200]}
    return {"png_ms": round(png, 1), "pdf_ms": round(pdf, 1)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cold_start(script: Path, path: str, selector: str, env: dict) -> float:
    """Seconds from `streamlit run` to `selector` visible in headless Chromium."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script),
                             "--server.port", str(port), "--server.headless", "true"],
                            cwd=script.parent, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic"])
            page = browser.new_page()
            deadline = time.time() + 60
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}{path}", timeout=5000)
                    break
                except Exception:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.05)
            page.wait_for_selector(selector, timeout=60000)
            elapsed = time.perf_counter() - start
            browser.close()
    finally:
        proc.kill()
        proc.wait()
    return elapsed


def bench_cold_start(repeat: int) -> dict:
    if not Path(CHROMIUM).exists():
        return {"cold_start_ratio": None, "cold_start_error": "no /usr/bin/chromium"}
    from workbook.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WORKBOOK_DB": f"sqlite:///{tmp}/cold.db"}
        os.environ["WORKBOOK_DB"] = env["WORKBOOK_DB"]
        cid = Store().create(synthetic_case(60, 40)).case.id
        hello = Path(tmp) / "hello.py"
        hello.write_text("import streamlit as st\nst.write('hello world')\n")
        apps, hellos = [], []
        for _ in range(repeat):
            hellos.append(_cold_start(hello, "/", "text=hello world", env))
            apps.append(_cold_start(ROOT / "app.py", f"/map?case={cid}", ".js-plotly-plot", env))
    app_s, hello_s = statistics.median(apps), statistics.median(hellos)
    return {"cold_start_s": round(app_s, 2), "hello_start_s": round(hello_s, 2),
            "cold_start_ratio": round(app_s / hello_s, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    fw = load_dir().default()
    results: dict = {}
    for name, run in (("map", lambda: bench_map(fw, repeat)),
                      ("rerun", lambda: bench_rerun(repeat)),
                      ("exports", lambda: bench_exports(fw, max(2, repeat // 2))),
                      ("cold start", lambda: bench_cold_start(2 if args.quick else 3))):
        figures = run()
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
        results.update(figures)
    results["goals"] = GOALS
    results["met"] = {k: (results.get(k) is not None and results[k] <= goal)
                      for k, goal in GOALS.items()}
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
