"""Case files: reading YAML (with migration and located errors) and writing it."""

from __future__ import annotations

from typing import Any

from workbook import yamlio
from workbook.case.model import Case, new_case_id
from workbook.case.migrate import migrate
from workbook.problems import InputRejected, Problem

MAX_CASE_BYTES = 8 * 1024 * 1024


def read_case(raw: bytes, source: str) -> Case:
    """Parse a case file; raise InputRejected with every problem found."""
    return parse(raw, source)[0]


def parse(raw: bytes, source: str) -> tuple[Case, yamlio.YamlDoc]:
    doc = yamlio.read_bytes(raw, source, max_bytes=MAX_CASE_BYTES)
    if not isinstance(doc.data, dict):
        raise InputRejected([Problem(source, "not_mapping", line=1)])
    data = migrate(doc.data, source, doc.line_of)
    case = yamlio.validate(yamlio.YamlDoc(data, doc.root, source), Case.model_validate)
    return case, doc


def case_from_doc(doc: dict[str, Any], source: str = "store") -> Case:
    """A stored document (JSON) to a case, migrating older versions."""
    return Case.model_validate(migrate(dict(doc), source))


def dump_case(case: Case) -> str:
    return yamlio.dump(case.to_doc())


def fresh_copy(case: Case, title: str | None = None) -> Case:
    """The same content under a new, unguessable id (import, duplicate, an example)."""
    data = case.to_doc()
    data["id"] = new_case_id()
    if title is not None:
        data["title"] = title
    return Case.model_validate(data)
