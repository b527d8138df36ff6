"""A join link or a live room's link opened before logging in opens after logging in.

The login provider sends everyone back to the start page, so the link's code would be lost on
the way. The login page therefore leaves the link's kind and code in this tab's own storage
(`sessionStorage`: this tab only, this server only, gone when the tab closes), and the first
runs after logging in ask for it once, take it out and, when it is recent and has the form
such a code has, open that page as the link would have. Nothing else is kept, and nothing
leaves the browser but back to this server. Hosted mode only: without a login there is no
detour.
"""

from __future__ import annotations

import re

import streamlit as st

from ui import urlstate
from ui.i18n import lang

STORAGE_KEY = "workbook:after-login"
WITHIN_MS = 30 * 60 * 1000  # a login that takes longer starts afresh
KINDS = {"room": "app_pages/room.py", "join": "app_pages/join.py"}
LANGS = ("nl", "en")
RUNS = "_after_login_runs"  # how many more runs of this session ask the tab
ASK_RUNS = 5  # the tab answers right after the first (only when it kept a link)
_JOIN_CODE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")  # workbook.accounts.cohorts.new_code's form

_JS = """
export default function (component) {
  const { data, setStateValue } = component;
  const KEY = "workbook:after-login";
  if (data.keep) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ ...data.keep, at: Date.now() }));
    } catch (e) {}  // storage refused (a private window): the link is opened by hand
    return;
  }
  // This page load's answer, taken out of the tab once (a state value: it stays with the
  // session until the run that reads it).
  const w = (window.__workbookAfterLogin = window.__workbookAfterLogin || {});
  if (!("answer" in w)) {
    let kept = null;
    try {
      kept = sessionStorage.getItem(KEY);
      sessionStorage.removeItem(KEY);
    } catch (e) {}
    w.answer = null;
    try {
      const parsed = JSON.parse(kept || "null");
      if (parsed && Date.now() - Number(parsed.at) <= data.within_ms) {
        w.answer = { kind: String(parsed.kind), code: String(parsed.code),
                     lang: String(parsed.lang) };
      }
    } catch (e) {}
  }
  if (w.answer) setStateValue("answered", w.answer);  // nothing kept: no run asked for
}
"""
_component = st.components.v2.component("workbook_after_login", js=_JS,
                                        css=":host { display: none; }")


def link_asked() -> tuple[str, str] | None:
    """The (kind, code) of a join or room link in this page's URL, if it has the form."""
    room = st.query_params.get("room")
    if room and urlstate.valid("room", room):
        return "room", room
    code = st.query_params.get("code")
    if code and valid_join_code(code):
        return "join", code
    return None


def valid_join_code(code: object) -> bool:
    """Whether `code` has a join code's form (URL-safe letters, 8 to 64 of them)."""
    return isinstance(code, str) and _JOIN_CODE.fullmatch(code) is not None


def keep_for_after_login(kind: str, code: str) -> None:
    """On the login page: leave a join or room link (`link_asked`) in this tab, for after it."""
    _component(key="_after_login_keep",
                data={"keep": {"kind": kind, "code": code, "lang": lang()}})


def open_kept_link(page_path: str) -> None:
    """On the first runs of a session that starts where a login lands (the start page, no
    link): ask the tab for a link kept before the login, and open it when it holds a recent
    one of the right form. Draws nothing; a tab that kept nothing causes no run."""
    runs = st.session_state.get(RUNS)
    if runs is None:
        landed = page_path == "" and all(name == "lang" for name in st.query_params)
        runs = ASK_RUNS if landed else 0
    st.session_state[RUNS] = max(runs - 1, 0)
    if runs <= 0:
        return
    result = _component(key="_after_login_open", data={"within_ms": WITHIN_MS},
                        default={"answered": None}, on_answered_change=lambda: None)
    answer = result.get("answered") if hasattr(result, "get") else None
    target = _target(answer)
    if answer is not None:
        st.session_state[RUNS] = 0  # answered: never asked again
    if target is None:
        return
    kind, code = target
    language = answer.get("lang") if answer.get("lang") in LANGS else None  # lost on the way
    if kind == "room":
        urlstate.go(KINDS["room"], lang=language, room=code)
    else:
        urlstate.go(KINDS["join"], query={"code": code}, lang=language)


def _target(answer: object) -> tuple[str, str] | None:
    """(kind, code) from the tab's answer, only when both have the form they must have."""
    if not isinstance(answer, dict):
        return None
    kind, code = answer.get("kind"), answer.get("code")
    if kind == "room" and urlstate.valid("room", code):
        return "room", code
    if kind == "join" and valid_join_code(code):
        return "join", code
    return None
