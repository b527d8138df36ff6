"""Patches between JSON documents (workbook.case.delta): applying the patch of a and b to a
gives exactly b, always; and a patch is about what changed, not the whole document."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from workbook.case.delta import diff, patch, text

leaves = (st.none() | st.booleans() | st.integers(-10**20, 10**20)
          | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30)
          | st.sampled_from([0, 0.0, -0.0, 1, 1.0, True, False, "", "1"]))
json_values = st.recursive(
    leaves, lambda inner: st.lists(inner, max_size=6)
    | st.dictionaries(st.text(max_size=6), inner, max_size=6), max_leaves=40)
ids = st.sampled_from([f"r{n}" for n in range(8)])
rows = st.lists(st.fixed_dictionaries({"id": ids}, optional={"x": json_values, "y": leaves}),
                max_size=8, unique_by=lambda r: r["id"])
docs = st.fixed_dictionaries({"rows": rows, "other": json_values, "text": st.text(max_size=300)})


def same(a, b) -> bool:
    return json.dumps(a) == json.dumps(b)


def check(a, b) -> None:
    before = copy.deepcopy(a)
    p = diff(a, b)
    assert same(patch(a, json.loads(json.dumps(p))), b)
    assert same(a, before), "diff and patch leave the old document as it was"
    assert p is not None or same(a, b)


@given(json_values, json_values)
def test_any_two_values(a, b):
    check(a, b)


mutations = st.lists(st.tuples(st.sampled_from(["add", "drop", "move", "edit", "key", "type",
                                                 "text", "order"]),
                               st.integers(0, 10), json_values), max_size=6)


def mutate(doc: dict, steps) -> dict:
    doc = copy.deepcopy(doc)
    rows_ = doc["rows"]
    for what, n, value in steps:
        if what == "add":
            taken = {r["id"] for r in rows_}
            free = [f"r{k}" for k in range(20) if f"r{k}" not in taken]
            rows_.insert(n % (len(rows_) + 1), {"id": free[0], "x": value})
        elif rows_ and what == "drop":
            rows_.pop(n % len(rows_))
        elif rows_ and what == "move":
            rows_.insert(n % len(rows_), rows_.pop(0))
        elif rows_ and what == "edit":
            rows_[n % len(rows_)]["x"] = value
        elif what == "key":
            doc[f"k{n}"] = value
        elif what == "type" and rows_:  # the same number as another JSON type
            rows_[n % len(rows_)]["y"] = [1, 1.0, True, 0, -0.0, False][n % 6]
        elif what == "text":
            doc["text"] = doc["text"][: n * 7] + "ingetypt" + doc["text"][n * 7:]
        elif what == "order":
            doc = dict(reversed(list(doc.items())))
    return doc


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(docs, mutations)
def test_documents_and_their_edits(a, steps):
    check(a, mutate(a, steps))


def test_one_changed_row_of_sixty_costs_that_row():
    a = {"actors": [{"id": f"a{n}", "name": f"Actor {n}", "notes": "x" * 200}
                    for n in range(60)]}
    b = copy.deepcopy(a)
    b["actors"][30]["name"] = "Wijkagent"
    b["actors"].append({"id": "new", "name": "Nieuw"})
    b["actors"].insert(5, b["actors"].pop(40))
    p = diff(a, b)
    assert same(patch(a, p), b)
    assert len(text(p)) < 200, text(p)


def test_typing_in_a_long_answer_stores_what_was_typed():
    before = "De jongeren op het plein zeggen " * 40
    after = before[:500] + "en toen kwam de wijkagent " + before[500:]
    p = diff({"a": before}, {"a": after})
    assert len(text(p)) < 80, text(p)
    assert patch({"a": before}, p) == {"a": after}


def test_numbers_keep_their_json_type():
    for a, b in [(1, 1.0), (1, True), (0.0, -0.0), ([1], [1.0]), ({"k": 0}, {"k": False})]:
        p = diff({"v": a}, {"v": b})
        assert p is not None and text(patch({"v": a}, p)) == text({"v": b})
