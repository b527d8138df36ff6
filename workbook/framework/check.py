"""A case checked against the framework it names: the roles and actors it refers to."""

from __future__ import annotations

from workbook.case.files import fresh_copy, parse
from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.problems import InputRejected, Problem


def check_against(case: Case, framework: Framework | None, source: str,
                  line_of=lambda loc: None) -> list[Problem]:
    """What a case refers to that its framework does not know (roles, for now)."""
    if framework is None:
        return [Problem(source, "unknown_framework", loc="framework.id",
                        line=line_of(("framework", "id")), params={"id": case.framework.id})]
    roles = {r.id for r in framework.concepts.roles}
    problems = []
    for i, actor in enumerate(case.actors):
        if actor.role and actor.role not in roles:
            loc = ("actors", i, "role")
            problems.append(Problem(source, "unknown_role", line=line_of(loc),
                                    loc=f"actors[{i}].role",
                                    params={"role": actor.role[:40], "known": ", ".join(sorted(roles))}))
    ids = {a.id for a in case.actors}
    for i, event in enumerate(case.fuel):
        if event.source and event.source not in ids:
            loc = ("fuel", i, "source")
            problems.append(Problem(source, "unknown_actor", line=line_of(loc),
                                    loc=f"fuel[{i}].source", params={"actor": event.source[:40]}))
    return problems


def load_checked(raw: bytes, source: str, frameworks: dict[str, Framework]) -> Case:
    """Read a case file and check it against the framework it names."""
    case, doc = parse(raw, source)
    problems = check_against(case, frameworks.get(case.framework.id), source, doc.line_of)
    if problems:
        raise InputRejected(problems)
    return case


def load_import(raw: bytes, source: str, frameworks: dict[str, Framework]) -> Case:
    """A case file read for import: checked, and given a new unguessable id of its own. The
    id written in the file is never used: it may name a case that exists, or be guessable."""
    return fresh_copy(load_checked(raw, source, frameworks))
