"""The case in use in this browser session, and saving every change at once.

`st.session_state["case"]` holds the case id (bound to the `?case=` URL parameter by the
sidebar). `_loaded` keeps the case this session shows and the revision it last saw: the
stored case, plus the changes the store refused that wait to be stored (`UNSAVED`). Every
change is a list of operations (workbook.case.ops) applied to the newest revision. Widgets
that edit the case use keys starting with `w:` (plus `case_title`); they are cleared whenever
the case is reloaded, so they show the stored values again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import uuid
from typing import Any, Callable, Iterator

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from pydantic import ValidationError

from workbook.case.model import Case
from workbook.case.edits import Path
from workbook.case.ops import Batch, Op, apply_ops, from_path, note_of
from workbook.plain import md
from workbook.problems import first_problem
from workbook.case.store import CaseNotFound, Saved, StoreUnavailable, StoreUnreachable
from workbook.accounts.access import ReadOnly
from ui import clock, conflicts, kept, outage
from ui.i18n import held_lang, lang, t
from ui.account import browser_key, session_user
from ui.resources import framework_for, store

WIDGET_PREFIX = "w:"
TITLE_KEY = "case_title"


def case_id() -> str | None:
    return st.session_state.get("case") or None


def current(fresh: bool = False, heads: dict[str, int] | None = None) -> Case | None:
    """The open case. With `fresh` (where a run starts: app.py), and in a rerun of a fragment
    alone, the store is asked whether another session changed it, and it is reloaded if so.
    `heads` (case id -> newest revision, just read with the case list) saves asking again.
    While the store cannot be read, the case this tab has open is shown as it last saw it;
    with none open, StoreUnreachable is raised."""
    cid = case_id()
    if not cid:
        return None
    in_fragment = _fragment_run()
    if in_fragment and _queue():
        retry_unsaved()  # moving inside a fragment (a worksheet of Part 2) retries too
    loaded: Saved | None = st.session_state.get("_loaded")
    if loaded is not None and loaded.case.id == cid and not (fresh or in_fragment):
        return loaded.case
    try:
        head = heads[cid] if heads and cid in heads else store().head(cid)
        if loaded is None or loaded.case.id != cid or loaded.head != head:
            newer = store().get(cid)
            if loaded is not None and loaded.case.id == cid:
                st.session_state["_notice"] = ("info", t("app.reloaded"))
            _take(Saved(_with_waiting(newer.case), newer.head))
    except CaseNotFound:
        st.session_state.pop("_loaded", None)
        return None
    except StoreUnavailable as err:
        if loaded is None or loaded.case.id != cid:
            raise
        outage.note(err)  # go on with this tab's copy; edits are kept until the store answers
        return loaded.case
    return st.session_state["_loaded"].case


def _fragment_run() -> bool:
    """Whether this run reruns a fragment alone (app.py did not run first)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def head() -> int | None:
    loaded: Saved | None = st.session_state.get("_loaded")
    return loaded.head if loaded else None


UNSAVED = "_unsaved"  # Batches the store refused, oldest first; also kept in the browser
DONE = "_kept_done"  # ids of batches stored (or dropped) in this session: the browser drops them
NOTICES = "_notices"  # more notices, shown after `_notice`: (kind, text)


def change(ops: list[Op], note: str = "") -> bool:
    """Store what the user did (operations naming rows by id) on the newest revision.
    Returns False (and says why) if it was not stored now. A change the store could not
    write is kept, in this session and in the browser, shown as if stored, and stored before
    the next change (or at the start of the next run) once the store writes again, so no
    edit overtakes an older one."""
    cid = case_id()
    if not cid:
        return False
    if not ops:
        return True
    batch = Batch(id=uuid.uuid4().hex, case=cid, ops=list(ops), note=note or note_of(ops),
                  at=dt.datetime.now())
    if _queue():
        if not _keep(batch):
            return False
        retry_unsaved()
        return batch.id in st.session_state.get(DONE, [])
    shown = _shown(cid)
    try:
        saved = store().apply_ops(cid, batch.ops, expected_head=head(), note=batch.note,
                                  batch=batch.id)
    except (ValidationError, ValueError) as err:
        _refused(err)
        return False
    except CaseNotFound:
        st.session_state["_notice"] = ("error", t("app.case_not_found", id=md(cid)))
        return False
    except ReadOnly:  # shared to read: the fields show the stored values again
        read_only()
        return False
    except StoreUnavailable as err:  # the field keeps what was typed: nothing is reset
        if _keep(batch):
            store_failed(err)
        return False
    outage.answered()
    _report(saved, shown)
    if saved.conflict:
        st.session_state["_notice"] = ("warning", t("app.saved_conflict"))
        _take(saved)
    else:
        st.session_state["_loaded"] = Saved(saved.case, saved.head)
    st.session_state["_saved_at"] = dt.datetime.now()
    return True


def save(path: Path, value: Any, note: str = "") -> bool:
    """Store one value (a path of keys; a list position names the row shown there, by id).
    Returns False (and says why) if it was not stored now; see `change`."""
    cid = case_id()
    if not cid:
        return False
    shown = _shown(cid)
    if shown is None:
        shown = current()
    try:
        ops = from_path(shown, path, value) if shown is not None else []
    except ValueError as err:
        _refused(err)
        return False
    return change(ops, note or ".".join(str(p) for p in path))


def retry_unsaved() -> bool:
    """Store the changes the store refused before, oldest first. True when none is left
    waiting; False (and the user is told) while the store still refuses."""
    queue = _queue()
    if not queue:
        return True
    loaded: Saved | None = st.session_state.get("_loaded")
    before = loaded.case if loaded is not None else None
    stored, conflict, touched = 0, False, False
    while queue:
        batch = queue[0]
        mine = loaded is not None and loaded.case.id == batch.case
        try:
            saved = store().apply_ops(batch.case, batch.ops, note=batch.note, batch=batch.id,
                                      expected_head=loaded.head if mine else None)
        except StoreUnavailable as err:
            store_failed(err)
            if touched:  # the open case: what is stored by now, plus what still waits
                st.session_state["_loaded"] = Saved(_with_waiting(loaded.case), loaded.head)
            return False
        except (CaseNotFound, ReadOnly):  # no longer there, or only to read: nothing to keep
            saved = None
        except (ValidationError, ValueError) as err:  # no longer fits the case
            _more("warning", t("ops.kept_dropped", reason=md(_reason(err))))
            saved = None
        queue.pop(0)
        _done(batch.id)
        if saved is None:
            continue
        stored += 1
        if mine:
            touched = True
            _report(saved, before)
            conflict = conflict or saved.conflict
            loaded = Saved(saved.case, saved.head)
            st.session_state["_loaded"] = loaded
    # the store writes again: what it said when it refused is no longer true
    if st.session_state.pop(STORE_NOTICE, False):
        st.session_state.pop("_notice", None)
    outage.answered()
    if stored:
        now = dt.datetime.now()
        st.session_state["_saved_at"] = now
        _more("success", t("ops.kept_stored", count=stored, time=clock.clock(now)))
    if conflict:
        st.session_state["_notice"] = ("warning", t("app.saved_conflict"))
    if touched:
        # the widgets start again from what is now stored: a table's kept edit, built on
        # the older revision, would otherwise add its row a second time
        _take(loaded)
    return True


def waiting() -> list[Batch]:
    """The changes kept while the store refused, oldest first."""
    return list(_queue())


def _queue() -> list[Batch]:
    return st.session_state.setdefault(UNSAVED, [])


def _done(batch_id: str) -> None:
    done = st.session_state.setdefault(DONE, [])
    done.append(batch_id)
    del done[:-500]


def _shown(cid: str) -> Case | None:
    loaded: Saved | None = st.session_state.get("_loaded")
    return loaded.case if loaded is not None and loaded.case.id == cid else None


def _keep(batch: Batch) -> bool:
    """Keep a batch the store could not write yet, and show the case as if it were stored.
    False (and the user is told why) when the change does not fit the case at all."""
    loaded: Saved | None = st.session_state.get("_loaded")
    if loaded is not None and loaded.case.id == batch.case:
        try:
            shown, _ = apply_ops(loaded.case, batch.ops)
        except (ValidationError, ValueError) as err:
            _refused(err)
            return False
        st.session_state["_loaded"] = Saved(shown, loaded.head)
    _queue().append(batch)
    return True


def _with_waiting(case: Case) -> Case:
    """`case` (as stored) with this session's waiting changes on it; those that no longer
    fit are left out."""
    for batch in _queue():
        if batch.case == case.id:
            try:
                case, _ = apply_ops(case, batch.ops)
            except (ValidationError, ValueError):
                continue
    return case


def _report(saved: Saved, shown: Case | None) -> None:
    """Say which fields the change overwrote and which rows were gone (if any)."""
    if saved.report is None or not (saved.report.overwritten or saved.report.gone):
        return
    fw = framework_for(saved.case.framework.id)
    for kind, text in conflicts.notices(saved.report, saved.case, fw, shown):
        _more(kind, text)


def _refused(err: Exception) -> None:
    st.session_state["_notice"] = ("error", t("app.not_saved", reason=md(_reason(err))))
    reset_widgets()


def _reason(err: Exception) -> str:
    if isinstance(err, ValidationError):
        return first_problem(err).message(lang())
    return str(err)[:200]


def _more(kind: str, text: str) -> None:
    notices = st.session_state.setdefault(NOTICES, [])
    if (kind, text) not in notices:
        notices.append((kind, text))


STORE_NOTICE = "_notice_is_store"  # the waiting notice says the store refused a write


def store_failed(err: StoreUnavailable) -> None:
    """Say that nothing was stored: the database refused a write (locked, full, read-only),
    or cannot be reached (then the notice stays until it answers). The reason is said in
    the user's words; the driver's message goes to the server log."""
    if isinstance(err, StoreUnreachable):
        outage.note(err)
        return
    outage.logged(err)
    # the reason is the app's own words (workbook/locale/store.yaml), never the driver's
    st.session_state["_notice"] = ("error", t("app.store_unavailable",
                                              reason=err.message(lang())))
    st.session_state[STORE_NOTICE] = True


def storing(callback: Callable[..., None]) -> Callable[..., None]:
    """For a button's callback that writes to the store: a write the database refuses is
    said on the page, not raised, and the session stays as it was."""
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            callback(*args, **kwargs)
        except StoreUnavailable as err:
            store_failed(err)
        except ReadOnly:
            read_only()
    return run


# -- the browser's copy of the waiting changes ---------------------------------------------
def keep_in_browser(in_sidebar: bool = False) -> None:
    """Draw the (invisible) keeper of the waiting changes in the browser, once per run: in
    the page when a fragment that edits the case draws it (its reruns do not reach the
    sidebar), else in the sidebar."""
    if in_sidebar and st.session_state.get("_kept_in_page"):
        return
    if not in_sidebar:
        st.session_state["_kept_in_page"] = True
    session = st.session_state.setdefault("_kept_session", uuid.uuid4().hex)
    kept.sync("_kept:sidebar" if in_sidebar else "_kept:page", _queue(),
              list(st.session_state.get(DONE, [])), session, _found,
              user=browser_key(session_user()))


def _found(batches: list[Batch]) -> None:
    """Batches the browser kept that this session does not know (a reload, a reopened tab, a
    new server): wait with the others, in order, and store them if the store writes."""
    queue = _queue()
    known = {b.id for b in queue} | set(st.session_state.get(DONE, []))
    new = [b for b in batches if b.id not in known]
    if not new:
        return
    queue.extend(new)
    queue.sort(key=lambda b: b.at)
    _more("info", t("ops.kept_found", count=len(new), time=clock.clock(new[0].at)))
    if retry_unsaved():
        return
    cid = case_id()
    loaded: Saved | None = st.session_state.get("_loaded")
    if cid and loaded is not None and loaded.case.id == cid:
        try:
            fresh = store().get(cid)
        except CaseNotFound:
            return
        _take(Saved(_with_waiting(fresh.case), fresh.head))


def read_only() -> None:
    """Say that the case was shared to read: nothing was stored."""
    st.session_state["_notice"] = ("warning", t("account.read_only"))
    reset_widgets()


def open_case(cid: str, saved: Saved | None = None) -> None:
    """Switch this session to a case (call from a callback, before widgets are drawn)."""
    st.session_state["case"] = cid
    saved = saved or store().get(cid)
    _take(Saved(_with_waiting(saved.case), saved.head))


def replace(saved: Saved) -> None:
    """After undo or restore: show the given revision."""
    _take(saved)
    st.session_state["_saved_at"] = dt.datetime.now()


def _take(saved: Saved) -> None:
    st.session_state["_loaded"] = saved
    reset_widgets()


IN_BODY = "_in_run_body"
RESET_PENDING = "_reset_widgets_pending"


def reset_widgets() -> None:
    """Draw every field again from the case now loaded. Asked for from a change callback,
    the reset waits until the run's body starts: the other callbacks of the same run still
    find their widgets' values (a table row typed just before a box that saves on top of a
    newer revision is stored, not dropped)."""
    if st.session_state.get(IN_BODY, True):  # absent: a script without run_body (tests)
        _clear_widgets()
    else:
        st.session_state[RESET_PENDING] = True


def _clear_widgets() -> None:
    st.session_state.pop(RESET_PENDING, None)
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and (key.startswith(WIDGET_PREFIX) or key == TITLE_KEY):
            del st.session_state[key]


@contextlib.contextmanager
def run_body() -> Iterator[None]:
    """Around the body of a run (the app's script, or a fragment that reruns alone): a reset
    the callbacks asked for happens first; resets asked for inside happen at once."""
    if st.session_state.get(RESET_PENDING):
        _clear_widgets()
    outer = st.session_state.get(IN_BODY, False)  # a fragment inside the app's full run
    st.session_state[IN_BODY] = True
    try:
        if not outer and _fragment_run():  # a fragment rerun alone: app.py holds none
            with held_lang():
                yield
        else:
            yield
    finally:
        st.session_state[IN_BODY] = outer


def widget_value(key: str, value: Any) -> None:
    """Give a widget its stored value the first time it is drawn after a (re)load."""
    if key not in st.session_state:
        st.session_state[key] = value


def show_notice() -> None:
    """The notices a change left, once (Markdown: whoever sets them escapes the user text in
    them). In a fragment that reruns alone, a store that went away meanwhile runs the whole
    app again: app.py says so at the top of the page."""
    if _fragment_run():
        outage.to_page()
    notice = st.session_state.pop("_notice", None)
    st.session_state.pop(STORE_NOTICE, None)
    if notice:
        kind, text = notice
        getattr(st, kind)(text)
    for kind, text in st.session_state.pop(NOTICES, []):
        getattr(st, kind)(text)


def saved_sign(in_sidebar: bool = False) -> None:
    """'Saved at 14:02:11'. A page whose edits rerun a fragment alone draws the sign inside
    that fragment (the sidebar is not redrawn then); the sidebar then leaves it out."""
    keep_in_browser(in_sidebar)
    if in_sidebar and st.session_state.pop("_sign_in_page", False):
        return
    if not in_sidebar:
        st.session_state["_sign_in_page"] = True
    queue = _queue()
    if queue:
        st.caption(":material/cloud_off: " + t("ops.waiting", count=len(queue),
                                                time=clock.clock(queue[0].at)))
    when = st.session_state.get("_saved_at")
    if when is not None:
        st.caption(":material/cloud_done: " + t("app.saved", time=clock.clock(when, seconds=True)))
