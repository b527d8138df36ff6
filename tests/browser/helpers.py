"""What a user does in the app, in Playwright terms: open a page, wait until the app is idle,
type an answer, pick a worksheet, add an actor, read the map and the notices.

Labels come from the locale catalogue and the framework YAML, never from copies here, so
the journeys follow the content as it changes. Add a helper here when a journey needs a new
kind of step; keep the test files readable as stories.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import urlparse

from workbook import i18n
from workbook.framework.loader import load_dir
from workbook.framework.schema import Framework, Worksheet, WorksheetField

APP = "[data-testid=stApp]"
# Counts finished script runs: Streamlit flips data-test-script-state on the app's root
# element to "running" and back. A quick run can start and end between two polls of
# Playwright, and a very quick one (a cached fragment) may not flip it at all, so the page
# also counts the messages the server sends over its websocket.
INIT_SCRIPT = """
(() => {
  window.__st = {ended: 0, started: 0, messages: 0, seen: []};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { window.__st.messages++; });
    }
  };
  const remember = () => {  // the notices a run left on the page; the next run may clear them
    for (const e of document.querySelectorAll('[data-testid=stAlert], [data-testid=stToast]')) {
      const text = e.innerText.trim();
      if (text && !window.__st.seen.includes(text)) window.__st.seen.push(text);
    }
  };
  new MutationObserver(records => {
    for (const r of records) {
      const now = r.target.getAttribute('data-test-script-state');
      if (r.oldValue === 'running' && now !== 'running') { window.__st.ended++; remember(); }
      if (now === 'running' && r.oldValue !== 'running') window.__st.started++;
    }
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
})();
"""
IDLE_JS = """(before) => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && !!window.__st
    && (window.__st.ended > before.ended || window.__st.messages > before.messages)
    && app.getAttribute('data-test-script-state') !== 'running'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED';
}"""
COUNTS_JS = "() => window.__st ? {ended: window.__st.ended, messages: window.__st.messages} : {ended: 0, messages: 0}"
RUNNING_JS = ("() => document.querySelector('[data-testid=stApp]')"
              ".getAttribute('data-test-script-state') === 'running'")


def t(key: str, lang: str = "en", **params) -> str:
    return i18n.t(key, lang, **params)


# -- waiting -------------------------------------------------------------------------------
TIMEOUT = 60_000  # ms; generous: CI machines are small and busy


def runs(page) -> dict:
    """The page's counts of finished runs and of messages from the server, to wait beyond."""
    return page.evaluate(COUNTS_JS)


def settle(page, before: dict | None = None, timeout: float = TIMEOUT, quiet_ms: int = 350) -> None:
    """Wait until the server answered something after `before` (a run ended or a message
    arrived), the app is idle, and nothing more arrives for a moment (a callback may cause a
    second run). Without `before`: just wait for idle and quiet."""
    if before is None:
        now = runs(page)
        before = {"ended": now["ended"] - 1, "messages": now["messages"] - 1}
    try:
        page.wait_for_function(IDLE_JS, arg=before, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - say what the app was doing
        state = page.evaluate("""() => { const a = document.querySelector('[data-testid=stApp]');
            return {counts: window.__st, script: a && a.getAttribute('data-test-script-state'),
                    connection: a && a.getAttribute('data-test-connection-state')}; }""")
        raise AssertionError(f"the app did not answer after {before} within "
                             f"{timeout / 1000:.0f}s: {state} at {page.url}") from exc
    while True:
        counts = runs(page)
        page.wait_for_timeout(quiet_ms)
        if runs(page) == counts and not page.evaluate(RUNNING_JS):
            return
        page.wait_for_function(IDLE_JS, arg=counts, timeout=timeout)


@contextmanager
def rerun(page, timeout: float = TIMEOUT):
    """`with rerun(page): <an action>` waits for the rerun that the action causes."""
    before = runs(page)
    yield
    settle(page, before, timeout)


def open_app(page, app, path: str = "", **params) -> None:
    """Load a page of the app (a fresh session) and wait for its first run to finish."""
    page.goto(app.url(path, **params))
    settle(page, before={"ended": 0, "messages": 0}, timeout=2 * TIMEOUT, quiet_ms=700)


def reload(page) -> None:
    """Reload the tab (a new session on the same URL) and wait for its first run."""
    page.reload()
    settle(page, before={"ended": 0, "messages": 0}, timeout=2 * TIMEOUT, quiet_ms=700)


def main(page):
    return page.locator("[data-testid=stMain]")


def sidebar(page):
    return page.locator("[data-testid=stSidebar]")


def main_text(page) -> str:
    """What a reader sees in the main area: without the invisible word joiners that keep
    Streamlit from reading patterns in user text (workbook.plain; a case id with `--`)."""
    return main(page).inner_text().replace("\u2060", "")


def notices(page) -> list[str]:
    """The text of every st.info / success / warning / error box on the page."""
    return [n.strip() for n in page.locator("[data-testid=stAlert]").all_inner_texts()]


def notices_seen(page) -> list[str]:
    """Every notice shown since the page loaded, including ones a later run took away."""
    page.evaluate("""() => { for (const e of document.querySelectorAll(
        '[data-testid=stAlert], [data-testid=stToast]')) { const t = e.innerText.trim();
        if (t && !window.__st.seen.includes(t)) window.__st.seen.push(t); } }""")
    return page.evaluate("() => window.__st.seen.slice()")


def exceptions(page) -> list[str]:
    return page.locator("[data-testid=stException]").all_inner_texts()


# -- doing ---------------------------------------------------------------------------------
def type_answer(page, label: str, value: str) -> None:
    """Type into the text field or text area with this label, then leave it (which saves)."""
    box = main(page).get_by_label(label, exact=True)
    box.scroll_into_view_if_needed()
    box.focus()
    box.fill(value)
    shown = box.input_value()
    assert shown == value, f"typed {value!r} into {label!r}, the box shows {shown!r}"
    with rerun(page):
        box.evaluate("e => e.blur()")


def field_value(page, label: str) -> str:
    return main(page).get_by_label(label, exact=True).input_value()


def choose(page, group: str, option: str, scope=None) -> None:
    """Click an option of a radio group or segmented control (both are radiogroups)."""
    where = scope if scope is not None else main(page)
    radio = where.get_by_role("radiogroup", name=group, exact=True).get_by_role(
        "radio", name=option, exact=True)
    radio.wait_for(state="attached")
    if radio.get_attribute("aria-checked") == "true" or radio.evaluate("e => e.checked === true"):
        return  # already chosen: clicking again changes nothing and runs nothing
    with rerun(page):
        clickable(radio).click()


def chosen(page, group: str, scope=None) -> str | None:
    where = scope if scope is not None else main(page)
    group_el = where.get_by_role("radiogroup", name=group, exact=True)
    button = group_el.locator("button[role=radio][aria-checked=true]")  # segmented control
    if button.count():
        return button.inner_text().strip()
    radio = group_el.locator("input[type=radio]:checked")  # st.radio
    if radio.count():
        return clickable(radio).inner_text().strip()
    return None


def clickable(control):
    """A radio button or checkbox as a user clicks it: Streamlit hides the <input> under its
    label, which takes the click."""
    if control.evaluate("e => e.tagName") == "INPUT":
        return control.locator("xpath=ancestor::label[1]")
    return control


def switch_language(page, name: str) -> None:
    """The sidebar's language switch: 'Nederlands' or 'English'."""
    choose(page, "Taal · Language", name, scope=sidebar(page))


def go_to(page, nav_label: str) -> None:
    """Follow a link of the sidebar navigation."""
    link = sidebar(page).get_by_role("link", name=nav_label)
    path = urlparse(link.get_attribute("href")).path
    with rerun(page):
        link.click()
    page.wait_for_url(lambda url: urlparse(url).path == path)


def pick_worksheet(page, title: str, lang: str = "en") -> None:
    choose(page, t("part.worksheet", lang), title)


ROW_HEIGHT = 35   # Streamlit's data grid: header and rows are 35 px high
ROW_MARKER = 33   # the row-selection column at the left; the first data column starts here


def add_actor(page, name: str, table: int = 0) -> None:
    """Add a row to an editable table (a canvas grid) and type a name into its first column:
    the grid's 'Add row' button, a click on the new row's first cell, Enter to edit it."""
    grid = main(page).locator("[data-testid=stDataFrame]").nth(table)
    grid.scroll_into_view_if_needed()
    rows = grid.locator("[role=row]").count() - 1  # the first is the header
    editor = page.locator("textarea.gdg-input")

    def cell() -> tuple[float, float]:  # measured again each time: pages move
        box = grid.bounding_box()
        return box["x"] + ROW_MARKER + 30, box["y"] + ROW_HEIGHT * (rows + 1.5)

    grid.hover()
    # dispatched, not clicked: on a short grid the toolbar overlaps the canvas
    grid.get_by_role("button", name="Add row").dispatch_event("click")
    grid.locator("[role=row]").nth(rows + 1).wait_for(state="attached")
    settle(page, quiet_ms=500)
    for attempt in range(6):
        page.mouse.click(*cell())
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        try:
            editor.wait_for(timeout=2_000 + 1_000 * attempt)  # a busy machine draws slowly
            break
        except Exception:  # noqa: BLE001 - the grid was redrawn under the click: again
            if attempt == 5:
                raise
            settle(page, quiet_ms=500)
    editor.fill(name)
    with rerun(page):
        page.keyboard.press("Enter")


def map_texts(page, index: int = 0) -> list[str]:
    """Every text drawn in a Plotly chart on the page (names, pole labels, legend)."""
    chart = page.locator(".js-plotly-plot").nth(index)
    chart.wait_for()
    return chart.locator("text").all_text_contents()


def map_points(page, index: int = 0) -> int:
    """How many markers the chart drew."""
    return page.locator(".js-plotly-plot").nth(index).locator(".scatterlayer .point").count()


# -- the framework, to find fields by what they are rather than where they sit -------------
@lru_cache(maxsize=1)
def framework() -> Framework:
    return load_dir().get("brandsma")


def worksheet_with(field_type: str, part: int | None = None) -> tuple[Worksheet, WorksheetField]:
    """The first worksheet (of a part) with a field of this type, and that field."""
    for ws in framework().worksheets:
        if part is not None and ws.part != part:
            continue
        for field in ws.fields:
            if field.type == field_type:
                return ws, field
    raise LookupError(f"no worksheet has a {field_type} field")


# -- any worksheet field, by its type ------------------------------------------------------
SETTABLE = ("text", "longtext", "choice", "scale", "yesno", "checklist", "number")


def option_labels(field: WorksheetField, lang: str = "en") -> list[tuple[str, str]]:
    from workbook.framework.worksheets import field_options

    return [(oid, label(lang) if callable(label) else label)
            for oid, label in field_options(field, framework(), None)]


def set_field(page, field: WorksheetField, value, lang: str = "en") -> None:
    """Answer a field as a user would. `value` is what the store should then hold."""
    label = field.label(lang)
    if field.type in ("text", "longtext"):
        type_answer(page, label, value)
    elif field.type == "number":
        type_answer(page, label, str(value))
    elif field.type == "choice":
        choose(page, label, dict(option_labels(field, lang))[value])
    elif field.type == "scale":
        choose(page, label, str(value))
    elif field.type == "yesno":
        choose(page, label, t("field.answer_yes" if value else "field.answer_no", lang))
    elif field.type == "checklist":
        names = dict(option_labels(field, lang))
        for oid in value:
            box = main(page).get_by_role("checkbox", name=names[oid], exact=True)
            if not box.is_checked():
                with rerun(page):
                    clickable(box).click()
    else:
        raise NotImplementedError(field.type)


def shown_value(page, field: WorksheetField, lang: str = "en"):
    """What the page shows for a field, in the store's terms."""
    label = field.label(lang)
    if field.type in ("text", "longtext"):
        return field_value(page, label)
    if field.type == "number":
        return float(field_value(page, label))
    if field.type == "choice":
        by_label = {v: k for k, v in option_labels(field, lang)}
        return by_label.get(chosen(page, label))
    if field.type == "scale":
        value = chosen(page, label)
        return int(value) if value else None
    if field.type == "yesno":
        value = chosen(page, label)
        return None if value is None else value == t("field.answer_yes", lang)
    if field.type == "checklist":
        return [oid for oid, name in option_labels(field, lang)
                if main(page).get_by_role("checkbox", name=name, exact=True).is_checked()]
    raise NotImplementedError(field.type)


def sample_answer(field: WorksheetField, n: int = 0):
    """A deterministic answer that fits the field."""
    if field.type in ("text", "longtext"):
        return f"Answer {n} to '{field.id}': the mayor's café — “quoted” <b>as text</b>"
    if field.type == "number":
        return float((field.min or 0) + 1)
    if field.type in ("choice",):
        options = option_labels(field)
        return options[min(1, len(options) - 1)][0]
    if field.type == "scale":
        return field.max - 1 if field.max - 1 >= field.min else field.max
    if field.type == "yesno":
        return True
    if field.type == "checklist":
        return [oid for oid, _ in option_labels(field)[:2]]
    raise NotImplementedError(field.type)


# -- tables: edit a cell, delete a row, move a row -----------------------------------------
def table(page, index: int = 0):
    return main(page).locator("[data-testid=stDataFrame]").nth(index)


def _open_cell(page, grid, row: int, column: int) -> None:
    """Open the text editor of a cell: click the row's first cell, arrow right to the column,
    Enter. Tried again when the grid was redrawn under the click (its rows changed) and the
    editor opened elsewhere, or not at all."""
    editor = page.locator("textarea.gdg-input")
    for attempt in range(6):
        settle(page, quiet_ms=500)
        box = grid.bounding_box()
        top = box["y"] + ROW_HEIGHT * (row + 1)
        page.mouse.click(box["x"] + ROW_MARKER + 20, top + ROW_HEIGHT / 2)
        page.wait_for_timeout(300 + 200 * attempt)
        for _ in range(column):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        try:
            editor.wait_for(timeout=2_000 + 1_000 * attempt)
            where = editor.bounding_box()
            if where and abs(where["y"] - top) < ROW_HEIGHT * 0.6:
                return
        except Exception:  # noqa: BLE001 - a busy machine draws slowly: again
            pass
        if attempt == 5:
            raise AssertionError(f"no editor opened on row {row}, column {column}")
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")


def edit_cell(page, row: int, column: int, value: str, index: int = 0) -> None:
    """Type `value` into a text cell of an editable table (row and column from 0, as shown)."""
    grid = table(page, index)
    grid.scroll_into_view_if_needed()
    _open_cell(page, grid, row, column)
    page.locator("textarea.gdg-input").fill(value)
    with rerun(page):
        page.keyboard.press("Enter")


def add_row(page, value: str, column: int = 0, index: int = 0) -> None:
    """Add a row to an editable table and type `value` into one of its text columns. A table
    without a required column stores the blank row at once, and the tab may then show rows
    another person added meanwhile: the new row is the last one either way."""
    grid = table(page, index)
    grid.scroll_into_view_if_needed()
    rows = grid.locator("[role=row]").count() - 1  # the first is the header
    grid.hover()
    # dispatched, not clicked: on a short grid the toolbar overlaps the canvas
    grid.get_by_role("button", name="Add row").dispatch_event("click")
    grid.locator("[role=row]").nth(rows + 1).wait_for(state="attached")
    settle(page, quiet_ms=700)
    last = grid.locator("[role=row]").count() - 2
    _open_cell(page, grid, last, column)
    page.locator("textarea.gdg-input").fill(value)
    with rerun(page):
        page.keyboard.press("Enter")


def delete_row(page, row: int, index: int = 0) -> None:
    """Select a row by its marker at the left and delete it with the table's toolbar."""
    grid = table(page, index)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + ROW_MARKER / 2, box["y"] + ROW_HEIGHT * (row + 1.5))
    grid.hover()
    button = grid.get_by_role("button", name="Delete row(s)")
    button.wait_for(state="attached")
    with rerun(page):
        button.dispatch_event("click")


def table_column(page, column: int, index: int = 0) -> list[str]:
    """The text of one column of a table, top to bottom (from its accessible cells)."""
    grid = table(page, index)
    return [c.inner_text().strip() for c in
            grid.locator(f"[role=gridcell][aria-colindex='{column + 1}']").all()]


def move_row(page, label: str, down: bool = False, lang: str = "en") -> None:
    """The table's Order menu: pick the row whose label contains `label`, move it one place
    up (or down)."""
    menu = main(page).get_by_role("button", name=t("ops.order", lang))
    menu.scroll_into_view_if_needed()
    body = page.locator("[data-testid=stPopoverBody]")
    if not body.count():
        with rerun(page):  # the menu draws its content when it opens
            menu.click()
    group = body.get_by_role("radiogroup", name=t("ops.order_row", lang))
    option = group.get_by_role("radio", name=re.compile(re.escape(label))).first
    option.wait_for(state="attached")
    if not option.evaluate("e => e.checked === true"):
        with rerun(page):
            clickable(option).click()
    button = body.get_by_role("button", name=t("ops.move_down" if down else "ops.move_up", lang))
    with rerun(page):
        button.click()
    page.keyboard.press("Escape")


# -- quick entry: the form beside a table, with the keyboard alone -------------------------
FOCUSED_JS = """() => { const e = document.activeElement;
  return e ? (e.getAttribute('aria-label') || e.innerText || e.tagName).trim() : ''; }"""


def focused(page) -> str:
    """The accessible name (or text) of the element that has the keyboard's focus."""
    return page.evaluate(FOCUSED_JS)


def open_entry_form(page, kind: str, lang: str = "en") -> None:
    """Reach the table's 'Add …' button and press Enter on it, as a keyboard user does after
    tabbing to it: the form opens with the cursor in its first field."""
    button = main(page).get_by_role("button", name=t(f"entry.add_{kind}", lang))
    button.scroll_into_view_if_needed()
    button.focus()
    with rerun(page):
        page.keyboard.press("Enter")
    first = t({"actor": "actor.name", "fuel": "fuel.description",
               "action": "plan.action"}[kind], lang)
    page.wait_for_function(f"() => ({FOCUSED_JS})() === {first!r}", timeout=TIMEOUT)


SIDE_KEYS = {"none": [], "a": ["ArrowDown"], "b": ["ArrowUp"]}  # from 'no side', wrapping


def add_actor_by_keyboard(page, name: str, role: str, side: str = "none") -> None:
    """With the actor form open and the cursor in its name: type the name, Tab to the role
    and pick it by typing, Tab to the side and choose it with the arrows, back to the name
    with Shift+Tab, Enter saves. Waits until the form is empty for the next one."""
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(role)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    for key in SIDE_KEYS[side]:
        page.keyboard.press(key)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.value") == name, focused(page)
    with rerun(page):
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.tagName === 'INPUT'"
                           " && document.activeElement.value === ''", timeout=TIMEOUT)


def wait_for_map_text(page, text: str, index: int = 0) -> None:
    """Until the chart draws a label that starts as `text` does (a long name is broken over
    lines and may end in '…', so its first word counts)."""
    page.locator(".js-plotly-plot").nth(index).locator("text").filter(
        has_text=text.split()[0][:12]).first.wait_for(timeout=TIMEOUT)
