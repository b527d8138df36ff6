"""Case files: reading (with migration and located errors), checking and writing YAML."""

from __future__ import annotations

from typing import Any

from workbook import yamlio
from workbook.case import Case, new_id
from workbook.migrate import migrate
from workbook.problems import InputRejected, Problem
from workbook.schema import Framework

MAX_CASE_BYTES = 8 * 1024 * 1024


def read_case(raw: bytes, source: str) -> Case:
    """Parse a case file; raise InputRejected with every problem found."""
    return _parse(raw, source)[0]


def _parse(raw: bytes, source: str) -> tuple[Case, yamlio.YamlDoc]:
    doc = yamlio.read_bytes(raw, source, max_bytes=MAX_CASE_BYTES)
    if not isinstance(doc.data, dict):
        raise InputRejected([Problem(source, "not_mapping", line=1)])
    data = migrate(doc.data, source, doc.line_of)
    case = yamlio.validate(yamlio.YamlDoc(data, doc.root, source), Case.model_validate)
    return case, doc


def case_from_doc(doc: dict[str, Any], source: str = "store") -> Case:
    """A stored document (JSON) to a case, migrating older versions."""
    return Case.model_validate(migrate(dict(doc), source))


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
    case, doc = _parse(raw, source)
    problems = check_against(case, frameworks.get(case.framework.id), source, doc.line_of)
    if problems:
        raise InputRejected(problems)
    return case


def dump_case(case: Case) -> str:
    return yamlio.dump(case.to_doc())


def fresh_copy(case: Case, title: str | None = None) -> Case:
    """The same content under a new id (import, duplicate)."""
    data = case.to_doc()
    data["id"] = new_id()
    if title is not None:
        data["title"] = title
    return Case.model_validate(data)
