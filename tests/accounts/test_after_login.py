"""A join or room link opened before logging in is kept in the tab and opened after the login
(ui/accounts/afterlogin.py): only a link of a kind the app opens, with a code of its form."""

from __future__ import annotations

import json

import pytest

from streamlit.testing.v1 import AppTest

from tests.apptest import APP
from tests.pages.test_pages_accounts import ANNA, AUTH, access, hosted
from workbook.case.model import Case
from ui.accounts.afterlogin import _target, valid_join_code
from workbook.accounts.cohorts import new_code

ROOM = "r" * 20


def test_a_join_code_as_made_has_the_form():
    assert all(valid_join_code(new_code()) for _ in range(50))


@pytest.mark.parametrize("answer,target", [
    ({"kind": "room", "code": ROOM}, ("room", ROOM)),
    ({"kind": "join", "code": "J" * 22}, ("join", "J" * 22)),
    ({}, None),  # the tab kept nothing
    ({"kind": "part2", "code": ROOM}, None),  # no kind of link the app opens after a login
    ({"kind": "room", "code": "<b>x</b>"}, None),
    ({"kind": "room", "code": "../" * 8}, None),
    ({"kind": "join", "code": "J" * 65}, None),
    ({"kind": "join", "code": ["J" * 22]}, None),
    ("room", None),
    (None, None),
])
def test_only_a_link_of_a_kind_and_form_the_app_opens_is_followed(answer, target):
    assert _target(answer) == target


def kept_links(at) -> list[dict]:
    return [json.loads(el.proto.json)["keep"] for el in at.get("bidi_component")
            if "keep" in json.loads(el.proto.json or "{}")]


def login_page(**params: str):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.query_params.update({"lang": "en", **params})
    return at.run()


def test_the_login_page_keeps_a_room_or_join_link_and_nothing_else(db_url):
    assert kept_links(login_page()) == []
    assert kept_links(login_page(room=ROOM)) == [{"kind": "room", "code": ROOM, "lang": "en"}]
    assert kept_links(login_page(code="J" * 22)) == [{"kind": "join", "code": "J" * 22,
                                                      "lang": "en"}]
    assert kept_links(login_page(room="<script>")) == []
    assert kept_links(login_page(code="x")) == []


def asked(at) -> int:
    return sum("within_ms" in json.loads(el.proto.json or "{}")
               for el in at.get("bidi_component"))


def test_a_session_that_starts_where_a_login_lands_asks_its_first_runs_only(db_url):
    from tests.apptest import start
    from ui.accounts.afterlogin import ASK_RUNS

    anna = hosted(ANNA, lang="en")  # the start page, no link: where the provider lands
    assert not anna.exception and asked(anna) == 1
    for _ in range(ASK_RUNS - 1):
        assert asked(anna.run()) == 1  # no browser here to answer: asked again
    assert asked(anna.run()) == 0  # a tab that kept a link answers long before
    case_id = access(db_url, ANNA).create(Case(title="Plein")).case.id
    assert asked(hosted(ANNA, case_id, lang="en")) == 0  # a link of its own: no detour
    assert asked(hosted(ANNA, lang="en", page="app_pages/part2.py")) == 1  # landed at start
    assert asked(start()) == 0  # local mode: no login, no detour
