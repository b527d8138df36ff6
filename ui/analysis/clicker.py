"""What the presentation needs from the browser: the window's size, and the keys a
presentation clicker sends (arrow keys, Page Up / Page Down, Home, End).

A small inline component (Streamlit components v2; nothing loaded from outside) that draws
nothing. It reports the window's size when it changes, and on a key sends the step to go to:
counted from the last step the server drew, plus the presses not answered yet, so quick
presses are never lost. Keys are left alone while the user types in a field or a dialog is
open. The page's fixed stylesheet (no user text in it) lives here too.
"""

from __future__ import annotations

from typing import Callable

import streamlit as st

_JS = """
export default function (component) {
  const { data, setStateValue, setTriggerValue } = component;
  const box = (window.__workbookClicker = window.__workbookClicker || {});
  if (box.step !== data.step) { box.step = data.step; box.pending = null; }
  box.count = data.count;
  box.send = setTriggerValue;
  const NEXT = ["ArrowRight", "ArrowDown", "PageDown", " ", "n"];
  const PREV = ["ArrowLeft", "ArrowUp", "PageUp", "Backspace", "p"];
  const typing = (el) => {
    if (!el) return false;
    const tag = (el.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  };
  const onKey = (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const active = document.activeElement;
    if (typing(active) || document.querySelector("[role=dialog]")) return;
    if (event.key === " " && active && active.closest && active.closest("button, a")) return;
    const base = box.pending ?? box.step;
    let target = null;
    if (NEXT.includes(event.key)) target = Math.min(box.count, base + 1);
    else if (PREV.includes(event.key)) target = Math.max(1, base - 1);
    else if (event.key === "Home") target = 1;
    else if (event.key === "End") target = box.count;
    if (target === null) return;
    event.preventDefault();
    if (target === base) return;
    box.pending = target;
    box.send("goto", target);
  };
  let timer = null;
  const report = () => {
    const size = { w: window.innerWidth, h: window.innerHeight };
    const known = data.size || {};
    if (size.w !== known.w || size.h !== known.h) setStateValue("size", size);
  };
  const onResize = () => { clearTimeout(timer); timer = setTimeout(report, 250); };
  if (box.onKey) window.removeEventListener("keydown", box.onKey, true);
  if (box.onResize) window.removeEventListener("resize", box.onResize);
  box.onKey = onKey;
  box.onResize = onResize;
  window.addEventListener("keydown", onKey, true);
  window.addEventListener("resize", onResize);
  report();
  return () => {
    window.removeEventListener("keydown", box.onKey, true);
    window.removeEventListener("resize", box.onResize);
    box.onKey = box.onResize = null;
  };
}
"""
_component = st.components.v2.component("workbook_present_clicker", js=_JS,
                                        css=":host { display: none; }")
KEY = "present_clicker"
DEFAULT_SIZE = (1280, 720)

# The presentation's own page: no sidebar, no Streamlit header or toolbar, little padding,
# large type. A fixed stylesheet: nothing in it comes from a user.
CHROME_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], header,
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 10px 20px 0 20px !important;
  max-width: none !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { overflow: hidden; }
.st-key-present_clicker { display: none !important; }
.st-key-present_bar p { font-size: clamp(18px, 1.6vw, 30px); line-height: 1.25; margin: 0; }
.st-key-present_bar button p, .st-key-present_bar a p { font-size: clamp(15px, 1.1vw, 22px);
  white-space: nowrap; }
.st-key-present_title p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.st-key-present_side p, .st-key-present_side li {
  font-size: clamp(17px, 1.35vw, 28px); line-height: 1.35; }
.st-key-present_side [data-testid="stCaptionContainer"] p { font-size: clamp(13px, 0.9vw, 18px); }
.st-key-present_side h3 { font-size: clamp(20px, 1.6vw, 32px); padding-top: 0; }
.st-key-present_maps p { font-size: clamp(16px, 1.2vw, 24px); margin: 0; }
.st-key-present_names_on { background: #b00020; border-radius: 6px; padding: 4px 12px; }
.st-key-present_names_on p { color: #ffffff; font-weight: 700;
  font-size: clamp(16px, 1.2vw, 24px); }
</style>
"""


def clicker(step: int, count: int, on_goto: Callable[[int], None]) -> tuple[int, int]:
    """Listen for the clicker's keys (a key calls `on_goto` with the step to show, before
    the page is drawn) and return the window's size as last reported."""
    known = st.session_state.get("_present_size")

    def goto() -> None:
        target = _value(st.session_state.get(KEY), "goto")
        if isinstance(target, (int, float)) and not isinstance(target, bool):
            on_goto(int(target))

    result = _component(key=KEY, data={"step": step, "count": count,
                                       "size": dict(zip("wh", known)) if known else None},
                        default={"size": None}, on_size_change=lambda: None,
                        on_goto_change=goto)
    size = _value(result, "size")
    if isinstance(size, dict) and all(isinstance(size.get(k), (int, float)) for k in "wh"):
        known = (int(size["w"]), int(size["h"]))
        st.session_state["_present_size"] = known
    return known or DEFAULT_SIZE


def _value(state: object, name: str) -> object:
    return state.get(name) if hasattr(state, "get") else getattr(state, name, None)
