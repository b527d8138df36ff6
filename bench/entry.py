"""How fast a case is entered: `entry_s_per_actor`.

In headless Chromium against `streamlit run app.py` (a store of its own, a case with two
named poles), a trainee adds nine actors with their roles through the quick-entry form beside
the actor table, with the keyboard alone (tests/browser/helpers.py: name, Tab, role, Tab,
side, Enter), each timed from the first key until the map draws the new name. The baseline,
in the same run and the same tab: typing one short text answer of the intake worksheet and
leaving the field, until the page has stored it. `entry_s_per_actor` is the first over the
second (medians).

    python bench/entry.py          # prints the figures, the last line one JSON object
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POLES = """format_version: 3
title: Entry bench
poles:
  - {id: pa, side: a, label: Jongeren}
  - {id: pb, side: b, label: Buurt}
"""
NINE = [("Yassin", "pusher", "a"), ("Voorzitter", "pusher", "b"), ("Vrienden", "joiner", "a"),
        ("Handelaars", "joiner", "b"), ("Ouders", "silent", "none"),
        ("Buren", "silent", "none"), ("Jeugdwerker", "bridge_builder", "none"),
        ("Wijkagent", "scapegoat", "none"), ("Krant", "joiner", "b")]
ANSWERS = ("Het stationsplein", "Het plein en de straten rond het station", "Het station")


def missing_browser() -> str | None:
    from tests.browser.conftest import missing_browser as missing

    return missing()


def bench_entry(workdir: Path) -> dict:
    """The figures, measured once each (nine actors; three text answers)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, AppServer
    from tests.browser.helpers import (INIT_SCRIPT, add_actor_by_keyboard, framework, main,
                                       open_app, open_entry_form, settle, t,
                                       wait_for_map_text)

    server = AppServer(workdir).start()
    try:
        case_file = workdir / "entry.yaml"
        case_file.write_text(POLES, encoding="utf-8")
        case_id = server.import_case(case_file)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.add_init_script(INIT_SCRIPT)
            page.set_default_timeout(60_000)
            open_app(page, server, "part2", case=case_id, ws="intake", lang="nl")
            label = framework().worksheet("intake").field("where").label("nl")
            box = main(page).get_by_role("textbox", name=label, exact=True)
            texts = []
            for answer in ANSWERS:
                box.fill("")
                box.focus()
                start = time.perf_counter()
                page.keyboard.type(answer)
                page.keyboard.press("Tab")  # leaving the field stores it
                _wait_stored(server, case_id, answer)
                settle(page, quiet_ms=50)
                texts.append(time.perf_counter() - start)
            open_app(page, server, "part2", case=case_id, ws="actors", lang="nl")
            open_entry_form(page, "actor", "nl")
            actors = []
            for name, role, side in NINE:
                start = time.perf_counter()
                add_actor_by_keyboard(page, name, framework().role(role).name("nl"), side)
                wait_for_map_text(page, name)
                actors.append(time.perf_counter() - start)
            stored = [(a.name, a.role, a.side) for a in server.store().get(case_id).case.actors]
            browser.close()
    finally:
        server.stop()
    if stored != NINE:
        raise RuntimeError(f"the nine actors were not stored as entered: {stored}")
    actor_s, text_s = statistics.median(actors), statistics.median(texts)
    print(f"entry: one actor with the form {actor_s:.2f} s (map included, nine in a row), "
          f"one text answer {text_s:.2f} s", file=sys.stderr, flush=True)
    return {"entry_s_per_actor": round(actor_s / text_s, 2), "entry_actor_s": round(actor_s, 2),
            "entry_text_answer_s": round(text_s, 2)}


def _wait_stored(server, case_id: str, answer: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    store = server.store()
    while store.get(case_id).case.answer("intake", "where") != answer:
        if time.monotonic() > deadline:
            raise RuntimeError("the text answer was not stored")
        time.sleep(0.02)


def main() -> int:
    reason = missing_browser()
    if reason:
        print(json.dumps({"entry_note": reason}))
        return 1
    with tempfile.TemporaryDirectory(prefix="workbook-entry-") as tmp:
        print(json.dumps(bench_entry(Path(tmp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
