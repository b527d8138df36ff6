"""What the first page needs, prepared while the server starts and the browser loads.

`streamlit run app.py` imports app.py once to find its `st.App` and then starts serving; the
first browser tab connects a second or more later (it loads Streamlit's own scripts first),
and only then does the app's first run start. Before, that run did everything itself, in
line: importing the interface and the domain (SQLAlchemy, pydantic models, Plotly, pandas),
reading the interface's words and the framework (YAML), opening the store (and upgrading an
older database). Now the server starts a thread (`start`) that does these while the browser
is busy, and the first run takes what is ready and waits for what is still being made, so
nothing is done twice.

Nothing here changes what a run does or shows: a step that fails here (a store that cannot
be reached, say) is done again by the run itself, which fails or succeeds as it did before.
Without `start` (tests driving the script directly, the command line) nothing waits.
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
# the pages most often opened first: the default page (the case), the map (a link shared
# to present it) and Part 2 (a link to a worksheet). Others import what they need more when
# opened; importing everything here would take the processor from the browser loading.
PAGES = ("case", "map", "part2")
# loaded by Streamlit only when a page first draws a table or a chart: part of every first
# page. Imported before any run: Plotly looks for pandas among the loaded modules, and one half
# imported by this thread would break a figure that a run builds meanwhile.
LATER_BY_STREAMLIT = ("pandas", "pyarrow", "plotly.io")

_log = logging.getLogger(__name__)
_thread: threading.Thread | None = None
_imported = threading.Event()
_ready: dict[str, Future] = {}
_lock = threading.Lock()


def start() -> None:
    """Prepare in the background (once per process)."""
    global _thread
    with _lock:
        if _thread is not None:
            return
        for name in ("words", "store", "frameworks"):
            _ready[name] = Future()
        _thread = threading.Thread(target=_run, name="workbook-warmup", daemon=True)
        _thread.start()


def wait_for_imports() -> None:
    """Before a run imports the app's modules: let the warm-up finish importing them, so
    two threads never import the same modules at once."""
    if _thread is not None:
        _imported.wait()


def result(name: str, make: Callable[[], Any]) -> Any:
    """What the warm-up made for `name` (waiting if it is still at it); `make()` when it
    was not started, or failed (then the run meets the failure itself)."""
    future = _ready.get(name)
    if future is not None:
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - made again below, where it is reported as ever
            pass
    return make()


def modules() -> list[str]:
    """The modules app.py and its pages import, app.py's first, then page by page."""
    names: list[str] = []
    for path in [ROOT / "app.py", *(ROOT / "app_pages" / f"{p}.py" for p in PAGES)]:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    names += LATER_BY_STREAMLIT
    return list(dict.fromkeys(names))


def _run() -> None:
    try:
        _import(modules())
    finally:
        _imported.set()
    _quiet_first_element()
    from ui import resources
    from workbook import i18n

    _make("words", i18n.catalogue)
    _make("store", resources.open_store)
    _make("frameworks", resources.load_frameworks)


def _import(names: list[str] | tuple[str, ...]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:  # `from package import name` of a name that is no module
            pass
        except Exception:  # noqa: BLE001 - the run imports it again and says what fails
            _log.debug("warm-up: importing %s failed", name, exc_info=True)


def _quiet_first_element() -> None:
    """Streamlit checks, before a process's first element, whether it runs in a Python
    console, by reading the source of every frame on the stack (`inspect.stack()`: with the
    app's modules loaded, a few tenths of a second of the first page). The app only ever
    runs under `streamlit run`, so the check (which only prints a warning) is marked done."""
    from streamlit import delta_generator

    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


def _make(name: str, make: Callable[[], Any]) -> None:
    future = _ready[name]
    try:
        future.set_result(make())
    except BaseException as err:  # noqa: BLE001 - handed to the run, which makes it again
        future.set_exception(err)
