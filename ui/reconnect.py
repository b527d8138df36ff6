"""After the browser reconnects (the server restarted, or a replica went away and the proxy
sent the tab to another), the whole page runs once.

Streamlit's browser side asks for no run when it reconnects while the page is idle, and a new
server session drops the rerun of a fragment it has not run yet ("does not exist anymore"): the
first answer typed after the reconnect (answers rerun a fragment) would be lost without a word.
This small component (components v2, inline, nothing loaded from outside, nothing drawn) sits
outside every fragment, watches the app's connection state, and when the connection comes back
asks for a run of the whole page, so the new session knows every fragment before the next
edit arrives.
"""

from __future__ import annotations

import streamlit as st

_JS = """
export default function (component) {
  const { setTriggerValue } = component;
  const w = (window.__workbookReconnect = window.__workbookReconnect || {});
  w.send = setTriggerValue;  // the newest instance's: it answers after every run
  if (w.observer) return;  // one watcher per tab
  const app = document.querySelector("[data-testid=stApp]");
  if (!app) return;
  let lost = false;
  w.observer = new MutationObserver(() => {
    if (app.getAttribute("data-test-connection-state") !== "CONNECTED") {
      lost = true;
    } else if (lost) {
      lost = false;
      w.send("reconnected", Date.now());
    }
  });
  w.observer.observe(app, { attributes: true, attributeFilter: ["data-test-connection-state"] });
}
"""
_component = st.components.v2.component("workbook_reconnect", js=_JS,
                                        css=":host { display: none; }")


def watch() -> None:
    """Draw the watcher (outside every fragment: its run is the whole page's)."""
    _component(key="_reconnect", default={"reconnected": None},
               on_reconnected_change=lambda: None)
