"""A long-text box that saves while the user types.

Streamlit's own text area hands its value over only on blur or Ctrl+Enter, so a reload or a
closed tab right after typing would lose the text. This small component (Streamlit's
components v2: inline HTML/JS, nothing loaded from outside) reports the text after a short
pause, on blur and when the page is hidden. The label and text are set as text, never as
markup.
"""

from __future__ import annotations

from typing import Callable

import streamlit as st

_JS = """
export default function (component) {
  const { data, setStateValue, parentElement } = component;
  let box = parentElement.querySelector("textarea");
  const status = () => parentElement.querySelector(".status");
  if (!box) {
    const label = document.createElement("label");
    label.className = "label";
    label.textContent = data.label;
    box = document.createElement("textarea");
    box.placeholder = data.placeholder || "";
    box.setAttribute("aria-label", data.label);
    box.value = data.value;
    box.dataset.sent = data.value;
    const foot = document.createElement("div");
    foot.className = "foot";
    const help = document.createElement("span");
    help.className = "help";
    help.textContent = data.help || "";
    const state = document.createElement("span");
    state.className = "status";
    foot.append(help, state);
    parentElement.append(label, box, foot);
    let timer = null;
    const flush = () => {
      clearTimeout(timer);
      timer = null;
      if (box.value !== box.dataset.sent) {
        box.dataset.sent = box.value;
        setStateValue("value", box.value);
      }
    };
    box.addEventListener("input", () => {
      box.dataset.typed = "1";
      status().textContent = "…";
      clearTimeout(timer);
      timer = setTimeout(flush, data.pause_ms);
    });
    box.addEventListener("blur", flush);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") flush();
    });
    window.addEventListener("pagehide", flush);
  } else {
    const focused = parentElement.getRootNode().activeElement === box;
    // A new stored value (undo, another tab) replaces the text unless the user is typing.
    if (!focused && box.value === box.dataset.sent && data.value !== box.value) {
      box.value = data.value;
      box.dataset.sent = data.value;
    }
    parentElement.querySelector(".label").textContent = data.label;
    parentElement.querySelector(".help").textContent = data.help || "";
    box.placeholder = data.placeholder || "";
    box.setAttribute("aria-label", data.label);
  }
  if (box.dataset.typed && box.value === data.value) status().textContent = data.saved_mark;
}
"""

_CSS = """
:host { display: block; }
.label { display: block; font-family: var(--st-font); font-size: 0.875rem;
  color: var(--st-text-color); margin-bottom: 0.25rem; }
textarea { box-sizing: border-box; width: 100%; min-height: 6.5rem; resize: vertical;
  padding: 0.6rem 0.75rem; font-family: var(--st-font); font-size: 1rem; line-height: 1.5;
  color: var(--st-text-color); background: var(--st-secondary-background-color);
  border: 1px solid var(--st-border-color, transparent); border-radius: 0.5rem; outline: none; }
textarea:focus { border-color: var(--st-primary-color); }
.foot { display: flex; justify-content: space-between; gap: 1rem; min-height: 1.1rem;
  font-family: var(--st-font); font-size: 0.8rem; opacity: 0.7; color: var(--st-text-color); }
"""

_component = st.components.v2.component("workbook_autosave_area", js=_JS, css=_CSS)
PAUSE_MS = 800


def autosave_area(key: str, label: str, value: str, on_save: Callable[[str], bool],
                  help: str = "", placeholder: str = "") -> None:
    """Draw the box; when the user has typed something new, hand it to `on_save`. A save that
    returns False (the store refused it) leaves the text in the box, and the next run tries
    again.

    The browser's text arrives through the change callback, which Streamlit runs before the
    page is drawn, like every other widget's: so a save that meets a newer revision (another
    tab) is stored on top of it and reported, instead of being replaced by the reload."""
    base_key = f"_base:{key}"
    if st.session_state.get(base_key, value) != value and key in st.session_state:
        del st.session_state[key]  # the stored text changed elsewhere: start from it
    st.session_state[base_key] = value

    def save(typed: str) -> None:
        if on_save(typed) is not False:
            st.session_state[base_key] = typed

    def changed() -> None:
        typed = _text_of(st.session_state.get(key))
        if typed is not None and typed != st.session_state.get(base_key):
            save(typed)

    result = _component(
        key=key, default={"value": value}, on_value_change=changed,
        data={"label": label, "value": value, "help": help, "placeholder": placeholder,
              "pause_ms": PAUSE_MS, "saved_mark": "✓"},
    )
    typed = _text_of(result)
    if typed is not None and typed != value:  # set without the callback (tests, old state),
        save(typed)  # or a save the store refused: try again


def _text_of(state: object) -> str | None:
    value = state.get("value") if hasattr(state, "get") else getattr(state, "value", None)
    return value if isinstance(value, str) else None
