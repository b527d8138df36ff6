"""Nothing of a login (the e-mail address, the name, the subject, the issuer, tokens) goes
into a case, its history or its exports: those can be handed on, the login cannot."""

from __future__ import annotations

import pytest

from workbook.accounts.access import CaseAccess
from workbook.accounts.users import User
from workbook.case.files import dump_case
from workbook.case.model import Actor, Case

ANNA = User("https://login.example.org/tenant/v2.0", "sub-0f3a9", name="Anna Peeters",
            email="anna.peeters@example.org")
LOGIN = (ANNA.email, ANNA.name, ANNA.subject, ANNA.issuer, "example.org")


@pytest.mark.parametrize("fmt", ["yaml", "html"])
def test_an_export_holds_nothing_of_the_login(store, framework, fmt):
    from workbook.share.export import export

    mine = CaseAccess(store, ANNA)
    cid = mine.create(Case(title="Klas 3B", actors=[Actor(name="Yusuf")])).case.id
    mine.apply(cid, ("narrative",), "Twee groepen.")
    mine.duplicate(cid, "Klas 3B (kopie)")
    case = mine.get(cid).case
    data = dump_case(case) if fmt == "yaml" else export(case, framework, fmt, "nl").decode()
    assert "Yusuf" in data
    assert [part for part in LOGIN if part in data] == []
    notes = [f"{r.kind} {r.note}" for c in mine.list() for r in mine.history(c.id)]
    assert [part for part in LOGIN if any(part in note for note in notes)] == []
