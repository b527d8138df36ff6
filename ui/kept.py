"""The browser's copy of the changes the store refused: kept in local storage, so a server
restart, a reload or a closed and reopened tab does not lose them.

A small inline component (Streamlit's components v2, nothing loaded from outside, nothing
drawn) writes this session's waiting batches under `workbook:kept:<case id>` and removes the
ones stored since. On the first run of a session (a new server, a reload, a reopened tab) it
reads every kept batch back and hands them to the server, which replays them in order once
the store writes. The store stores a batch once (by its id), so a batch kept by two tabs of
one browser is never applied twice.

Hosted mode ties the kept batches to the logged-in user: their key is
`workbook:kept:<user>:<case id>`, where `<user>` is a one-way hash of the login's issuer and
subject (never the e-mail address; workbook.accounts.users.hashed_identity). A tab reads and
replays only its own user's batches and removes every other user's; the login page (where
everyone lands after logging out) removes them all. So the next person on a shared computer
neither sees nor replays them. Local mode keeps `workbook:kept:<case id>`, as before.
"""

from __future__ import annotations

import json
from typing import Any, Callable

import streamlit as st
from pydantic import ValidationError

from workbook.case.ops import Batch

PREFIX = "workbook:kept:"
MAX_BATCHES = 1000  # read back from the browser at most
MAX_BYTES = 4 * 1024 * 1024

_JS = """
export default function (component) {
  const { data, setStateValue } = component;
  const PREFIX = data.prefix;  // workbook:kept:, then the user's hash and ":" when hosted
  let store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) return;
  const keys = () => {
    const out = [];
    for (let i = 0; i < store.length; i++) { const k = store.key(i); if (k) out.push(k); }
    return out;
  };
  // hosted: every other user's kept batches go (logged out, or another person now);
  // the login page (no user) removes them all
  if (data.hosted)
    for (const key of keys())
      if (key.startsWith(data.base) && !(data.user && key.startsWith(PREFIX)))
        store.removeItem(key);
  if (!data.user && data.hosted) return;
  const read = () => {
    const out = {};
    for (const key of keys()) {
      if (!key.startsWith(PREFIX) || key.slice(PREFIX.length).includes(":")) continue;
      try {
        const list = JSON.parse(store.getItem(key));
        if (Array.isArray(list)) out[key.slice(PREFIX.length)] = list;
      } catch (e) { /* not ours, or damaged: left alone */ }
    }
    return out;
  };
  // write: this session's waiting batches in, the ones stored since out
  const done = new Set(data.done);
  const mine = {};
  for (const b of data.pending) (mine[b.case] = mine[b.case] || []).push(b);
  const kept = read();
  for (const cid of new Set([...Object.keys(kept), ...Object.keys(mine)])) {
    const merged = new Map();
    for (const b of kept[cid] || []) if (b && b.id && !done.has(b.id)) merged.set(b.id, b);
    for (const b of mine[cid] || []) merged.set(b.id, b);
    const list = [...merged.values()].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    try {
      if (list.length) store.setItem(PREFIX + cid, JSON.stringify(list));
      else store.removeItem(PREFIX + cid);
    } catch (e) { /* storage full: the server still keeps them while it runs */ }
  }
  // read back once per session of the server (a reload, a reopened tab, a new server)
  const seen = (window.__workbookKept = window.__workbookKept || {});
  if (seen.session === data.session) return;
  seen.session = data.session;
  const known = new Set([...data.pending.map((b) => b.id), ...data.done]);
  const found = [];
  for (const list of Object.values(read()))
    for (const b of list) if (b && b.id && !known.has(b.id)) found.push(b);
  if (found.length) setStateValue("found", { session: data.session, batches: found });
}
"""

_component = st.components.v2.component("workbook_kept_edits", js=_JS,
                                        css=":host { display: none; }")


def prefix(user: str) -> str:
    """Where a user's batches are kept: `user` is their hash in hosted mode, "" in local."""
    return f"{PREFIX}{user}:" if user else PREFIX


def forget_all() -> None:
    """Remove every user's kept batches from this browser (hosted mode's login page)."""
    _component(key="_kept:forget",
               data={"prefix": PREFIX, "base": PREFIX, "hosted": True, "user": "",
                     "session": "", "done": [], "pending": []})


def sync(key: str, pending: list[Batch], done: list[str], session: str,
         on_found: Callable[[list[Batch]], None], user: str = "") -> None:
    """Draw the (invisible) component: the browser's copy follows `pending` and `done`;
    batches found there that this session does not know go to `on_found`, oldest first.
    `user`: the logged-in user's hash (hosted mode), "" in local mode."""
    handled = f"{key}:handled"

    def found(value: Any = None) -> bool:
        value = _value(st.session_state.get(key)) if value is None else value
        mark = json.dumps(value, sort_keys=True, default=str)[:100_000]
        if st.session_state.get(handled) == mark:
            return False
        st.session_state[handled] = mark
        batches = parse(value, session)
        if batches:
            on_found(batches)
        return bool(batches)

    result = _component(key=key, default={"found": None}, on_found_change=found,
                        data={"prefix": prefix(user), "base": PREFIX, "hosted": bool(user),
                              "user": user, "session": session, "done": done[-500:],
                              "pending": [b.model_dump(mode="json") for b in pending]})
    value = _value(result)
    if value is not None and found(value):  # a state set without its callback (AppTest)
        st.rerun()


def _value(state: Any) -> Any:
    return state.get("found") if hasattr(state, "get") else getattr(state, "found", None)


def parse(found: Any, session: str) -> list[Batch]:
    """The batches the browser handed back, checked (they come from outside): only for this
    session's request, within limits, each a valid batch; the invalid ones are left out."""
    if not isinstance(found, dict) or found.get("session") != session:
        return []
    raw = found.get("batches")
    if not isinstance(raw, list) or len(json.dumps(raw)) > MAX_BYTES:
        return []
    out = []
    for item in raw[:MAX_BATCHES]:
        try:
            out.append(Batch.model_validate(item))
        except ValidationError:
            continue
    return sorted(out, key=lambda b: b.at)
