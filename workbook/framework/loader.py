"""Loading frameworks from YAML: one file per framework, plus the files it includes.

A broken framework file is reported and skipped; the others still load. A broken included
file (a worksheet a facilitator just added, say) is reported and only that file is skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from workbook import yamlio
from workbook.problems import InputRejected, Problem, loc_to_str
from workbook.framework.scenario_sets import scenario_refusals
from workbook.framework.schema import Fragment, Framework

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS_DIR = ROOT / "frameworks"


@dataclass
class Catalogue:
    frameworks: dict[str, Framework] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, framework_id: str) -> Framework | None:
        return self.frameworks.get(framework_id)

    def default(self) -> Framework | None:
        return next(iter(self.frameworks.values()), None)


def display_name(path: Path) -> str:
    """A path as a user would recognise it: relative to the project where possible."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def signature(directory: Path = FRAMEWORKS_DIR) -> tuple:
    """Changes whenever any YAML file below `directory` changes; a cache key."""
    return yamlio.files_signature(list(directory.rglob("*.yaml")) if directory.is_dir() else [])


def load_dir(directory: Path = FRAMEWORKS_DIR) -> Catalogue:
    """Every `*.yaml` directly in `directory` is a framework."""
    cat = Catalogue()
    for path in sorted(directory.glob("*.yaml")):
        fw, problems = load_file(path)
        cat.problems.extend(problems)
        if fw is None:
            continue
        if fw.id in cat.frameworks:
            cat.problems.append(Problem(display_name(path), "duplicate_framework",
                                        params={"id": fw.id}))
            continue
        cat.frameworks[fw.id] = fw
    return cat


def load_file(path: Path) -> tuple[Framework | None, list[Problem]]:
    """Load one framework file and its includes; never raises for bad input."""
    source = display_name(path)
    try:
        doc = yamlio.read_bytes(path.read_bytes(), source)
        _expect_mapping(doc)
        fw = yamlio.validate(doc, Framework.model_validate)
    except InputRejected as exc:
        return None, exc.problems
    except OSError as exc:
        return None, [Problem(source, "unreadable", detail=exc.strerror or str(exc))]
    problems: list[Problem] = []
    for inc in _included_files(path, fw.include):
        fw = _merge_fragment(fw, inc, problems)
    for at, ids in fw.unknown_field_rules():  # rules may come from a file read later
        problems.append(Problem(source, "scenario_unknown_rules", loc=loc_to_str(at),
                                params={"ids": ids}))
    return fw, problems


def _expect_mapping(doc: yamlio.YamlDoc) -> None:
    if not isinstance(doc.data, dict):
        raise InputRejected([Problem(doc.source, "not_mapping", line=1)])


def _included_files(path: Path, patterns: list[str]) -> list[Path]:
    base = path.parent.resolve()
    found: list[Path] = []
    for pattern in patterns:
        for inc in sorted(base.glob(pattern)):
            real = inc.resolve()
            # an include may not reach outside the framework's own folder
            if real.is_file() and os.path.commonpath([base, real]) == str(base) and real not in found:
                found.append(real)
    return found


def _merge_fragment(fw: Framework, path: Path, problems: list[Problem]) -> Framework:
    source = display_name(path)
    try:
        doc = yamlio.read_bytes(path.read_bytes(), source)
        _expect_mapping(doc)
        frag = yamlio.validate(doc, Fragment.model_validate)
        located = fragment_problems(doc, frag, fw)
        if located:
            problems.extend(located)
            return fw
        merged = fw.model_dump(by_alias=False)
        merged["worksheets"] = [*merged["worksheets"], *[w.model_dump() for w in frag.worksheets]]
        merged["exercises"] = [*merged["exercises"], *[e.model_dump() for e in frag.exercises]]
        merged["coach_rules"] = [*merged["coach_rules"],
                                 *[r.model_dump(by_alias=True, exclude_none=True)
                                   for r in frag.coach_rules]]
        merged["lexicons"] = [*merged["lexicons"], *[x.model_dump() for x in frag.lexicons]]
        merged["scenarios"] = [*merged["scenarios"], *[x.model_dump() for x in frag.scenarios]]
        return Framework.model_validate(merged)
    except InputRejected as exc:
        problems.extend(exc.problems)
    except OSError as exc:
        problems.append(Problem(source, "unreadable", detail=exc.strerror or str(exc)))
    except ValueError as exc:  # the merge broke a framework-wide rule (a duplicate id, ...)
        problems.append(Problem(source, "invalid", detail=_first_error(exc)))
    return fw


def fragment_problems(doc: yamlio.YamlDoc, frag: Fragment, fw: Framework) -> list[Problem]:
    """What an included file names that the framework does not know, with its line: for
    now the ids its scenarios name (game changers, pitfalls, concepts, sources, rules)."""
    rules = fw.model_copy(update={"coach_rules": [*fw.coach_rules, *frag.coach_rules]})
    out = []
    for at, key, params in scenario_refusals(frag.scenarios, rules):
        loc = ("scenarios", *at)
        out.append(Problem(doc.source, key, line=doc.line_of(loc), loc=loc_to_str(loc),
                           params=params))
    return out


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
    return str(exc)
