"""An actor list from a CSV file (as Excel or a spreadsheet saves it).

Columns: name, kind, role, side, stance, influence, notes, with Dutch or English headers
(naam, soort, rol, kant, houding, invloed, notities); only the name is required. Separated by
`;` (Excel with a Dutch or Belgian locale), `,` or a tab; UTF-8 with or without BOM, or
Windows-1252. Values may be given as ids or as the words a user sees, in either language
("groep", "Aanjager", "pool A", "-0,5"). Every problem is reported as `file:line: column: message`
in the user's language, all at once; nothing is imported while there is one.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from workbook import i18n
from workbook.case.model import ACTOR_KINDS, Actor, Case, new_id
from workbook.case.ops import AddOp
from workbook.problems import InputRejected, Problem
from workbook.framework.schema import Framework
from workbook.text import LANGS

MAX_CSV_BYTES = 1024 * 1024
MAX_ROWS = 1000
MAX_NAME = 300
MAX_NOTES = 20_000
MAX_PROBLEMS = 50

COLUMNS = ("name", "kind", "role", "side", "stance", "influence", "notes")
HEADERS = {
    "name": ("name", "naam", "actor", "wie", "who"),
    "kind": ("kind", "soort", "type"),
    "role": ("role", "rol"),
    "side": ("side", "kant", "pool", "pole"),
    "stance": ("stance", "houding", "positie", "position"),
    "influence": ("influence", "invloed"),
    "notes": ("notes", "notities", "notitie", "note", "opmerkingen", "opmerking", "toelichting"),
}
KIND_WORDS = {
    "person": ("person", "persoon", "individu", "individual"),
    "group": ("group", "groep"),
    "organisation": ("organisation", "organization", "organisatie", "vereniging"),
    "media": ("media", "medium", "pers", "press"),
    "institution": ("institution", "instelling", "overheid", "government", "institutie"),
}
SIDE_WORDS = {
    "a": ("a", "pool a", "pole a", "kant a", "side a"),
    "b": ("b", "pool b", "pole b", "kant b", "side b"),
    "none": ("", "none", "geen", "geen kant", "no side", "midden", "middle", "-", "neutraal",
             "neutral"),
}


@dataclass(frozen=True)
class CsvProblem(Problem):
    """A problem whose message lives under `errors_csv.*` (general ones under `errors.*`)."""

    def message(self, lang: str = "en") -> str:
        key = f"errors_csv.{self.kind}"
        if key not in i18n.catalogue():
            return super().message(lang)
        # a parameter given per language ({"nl": ..., "en": ...}) follows the reader's language
        params = {k: (v.get(lang) or v.get("en", "")) if isinstance(v, dict) else v
                  for k, v in self.params.items()}
        text = i18n.t(key, lang, **params)
        if self.loc:
            text = f"{self.loc}: {text}"
        return text


def _key(text: str) -> str:
    """Compare words loosely: case, accents, spaces and punctuation at the ends ignored."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.strip().strip(".:*").casefold())


_HEADER_LOOKUP = {_key(h): col for col, names in HEADERS.items() for h in names}


def read_actors(raw: bytes, source: str, framework: Framework | None = None,
                lang: str = "nl") -> list[Actor]:
    """The actors in a CSV file; raise InputRejected listing every problem."""
    text = _decode(raw, source)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    problems: list[Problem] = []
    try:
        header = _next_row(reader)
        while header is not None and not any(c.strip() for c in header):
            header = _next_row(reader)  # blank lines before the header
    except csv.Error as exc:
        raise InputRejected([CsvProblem(source, "bad_csv", line=reader.line_num or 1,
                                        detail=str(exc))]) from None
    if header is None:
        raise InputRejected([Problem(source, "empty")])
    header_line = reader.line_num
    columns = _columns(header, source, header_line, problems)
    if problems:
        raise InputRejected(problems)
    roles = _role_lookup(framework)
    actors: list[Actor] = []
    line = reader.line_num + 1
    while True:
        try:
            row = _next_row(reader)
        except csv.Error as exc:
            problems.append(CsvProblem(source, "bad_csv", line=line, detail=str(exc)))
            break
        if row is None:
            break
        if any(cell.strip() for cell in row):
            if len(actors) >= MAX_ROWS:
                problems.append(CsvProblem(source, "too_many_rows", line=line,
                                           params={"max": MAX_ROWS}))
                break
            actor = _actor(row, columns, header, roles, framework, source, line, lang, problems)
            if actor is not None:
                actors.append(actor)
        if len(problems) >= MAX_PROBLEMS:
            break
        line = reader.line_num + 1
    if not actors and not problems:
        problems.append(CsvProblem(source, "no_rows", line=header_line))
    if problems:
        raise InputRejected(problems)
    return actors


def _next_row(reader) -> list[str] | None:
    try:
        return next(reader)
    except StopIteration:
        return None


def _decode(raw: bytes, source: str) -> str:
    if len(raw) > MAX_CSV_BYTES:
        raise InputRejected([Problem(source, "too_large",
                                     params={"mb": max(1, MAX_CSV_BYTES // (1024 * 1024))})])
    if b"\x00" in raw:
        raise InputRejected([Problem(source, "binary")])
    if not raw.strip():
        raise InputRejected([Problem(source, "empty")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")  # Excel on Windows, "CSV (gescheiden door lijstscheidingsteken)"
        except UnicodeDecodeError:
            raise InputRejected([Problem(source, "not_utf8")]) from None
    return text.lstrip("\ufeff")


def _delimiter(text: str) -> str:
    """The separator of the first non-blank line, counted outside quotes."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: 0 for d in (";", ",", "\t")}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: list[str], source: str, line: int, problems: list[Problem]
             ) -> dict[str, int]:
    columns: dict[str, int] = {}
    known = ", ".join(f"{HEADERS[c][0]}/{HEADERS[c][1]}" for c in COLUMNS)
    for i, cell in enumerate(header):
        name = _key(cell)
        if not name:
            continue
        # "Invloed (1-5)", as the app's own table calls it, is the influence column too
        col = _HEADER_LOOKUP.get(name) or _HEADER_LOOKUP.get(_key(re.sub(r"\(.*?\)", "", cell)))
        if col is None:
            problems.append(CsvProblem(source, "unknown_column", line=line,
                                       params={"column": cell.strip()[:40], "known": known}))
        elif col in columns:
            problems.append(CsvProblem(source, "duplicate_column", line=line,
                                       params={"column": cell.strip()[:40]}))
        else:
            columns[col] = i
    if "name" not in columns and not problems:
        found = ", ".join(c.strip()[:40] for c in header if c.strip()) or "-"
        problems.append(CsvProblem(source, "no_name_column", line=line,
                                   params={"found": found}))
    return columns


def _role_lookup(framework: Framework | None) -> dict[str, str]:
    """Every way to write a role (id, name in either language, the word in brackets)."""
    out: dict[str, str] = {}
    if framework is None:
        return out
    for role in framework.concepts.roles:
        words = [role.id, role.id.replace("_", " "), role.name.nl, role.name.en]
        for name in (role.name.nl, role.name.en):
            words += re.findall(r"\(([^)]+)\)", name)
            words.append(re.sub(r"\s*\([^)]*\)", "", name))
            words.append(re.sub(r"^(het|de|the)\s+", "", name, flags=re.I))
        for lang in ("nl", "en"):
            key = f"export.anon.role_{role.id}"
            if key in i18n.catalogue():
                words.append(i18n.t(key, lang))
        for word in words:
            out.setdefault(_key(word), role.id)
    return out


def _actor(row: list[str], columns: dict[str, int], header: list[str], roles: dict[str, str],
           framework: Framework | None, source: str, line: int, lang: str,
           problems: list[Problem]) -> Actor | None:
    found = len(problems)

    def cell(col: str) -> str:
        i = columns.get(col)
        return row[i].strip() if i is not None and i < len(row) else ""

    def problem(col: str, kind: str, **params) -> None:
        loc = header[columns[col]].strip()[:40] if col in columns else col
        problems.append(CsvProblem(source, kind, line=line, loc=loc, params=params))

    extra = [c for c in row[len(header):] if c.strip()]
    if extra:
        problems.append(CsvProblem(source, "too_many_cells", line=line,
                                   params={"found": len(header) + len(extra),
                                           "columns": len(header)}))
    name = " ".join(cell("name").split())
    if not name:
        problem("name", "missing_name")
    elif len(name) > MAX_NAME:
        problem("name", "too_long", max=MAX_NAME)
    kind = _choice(cell("kind"), KIND_WORDS, "person")
    if kind is None:
        problem("kind", "bad_kind", value=cell("kind")[:40],
                known={lg: ", ".join(i18n.t(f"actor.kind_{k}", lg) for k in ACTOR_KINDS)
                       for lg in LANGS})
    role = ""
    if cell("role"):
        role = roles.get(_key(cell("role")), "")
        if not role:
            known = {lg: ", ".join(r.name(lg) for r in framework.concepts.roles)
                     if framework else "-" for lg in LANGS}
            problem("role", "bad_role", value=cell("role")[:40], known=known)
    side = _choice(cell("side"), SIDE_WORDS, "none")
    if side is None:
        problem("side", "bad_side", value=cell("side")[:40])
    given = cell("stance").strip()  # an empty cell: a stance not set yet
    stance = _number(given, 0.0) if given else None
    if given and (stance is None or not -1.0 <= stance <= 1.0):
        problem("stance", "bad_stance", value=cell("stance")[:40])
    influence = _number(cell("influence"), 3.0)
    if influence is None or influence != int(influence) or not 1 <= influence <= 5:
        problem("influence", "bad_influence", value=cell("influence")[:40])
    notes = cell("notes").replace("\r\n", "\n")
    if len(notes) > MAX_NOTES:
        problem("notes", "too_long", max=MAX_NOTES)
    if len(problems) > found:
        return None
    return Actor(id=new_id(), name=name, kind=kind, role=role, side=side, stance=stance,
                 influence=int(influence), notes=notes)


def _choice(value: str, words: dict[str, tuple[str, ...]], default: str) -> str | None:
    if not value.strip():
        return default
    key = _key(value)
    return next((k for k, options in words.items() if key in options), None)


def _number(value: str, default: float) -> float | None:
    """'0.5', '0,5', '+1', ' -1 ' -> float; '' -> default; anything else None."""
    value = value.strip().replace("\u2212", "-")
    if not value:
        return default
    if re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", value) is None:
        return None
    return float(value.replace(",", "."))


def add_ops(case: Case, actors: list[Actor]) -> list[AddOp]:
    """Add `actors` at the end of the case's actors, under ids of their own."""
    taken = {a.id for a in case.actors}
    out = []
    for actor in actors:
        ident = actor.id
        while ident in taken:
            ident = new_id()
        taken.add(ident)
        out.append(AddOp(collection=("actors",), row={**actor.model_dump(mode="json"),
                                                      "id": ident}))
    return out


def add_actors(case: Case, actors: list[Actor]) -> list[dict]:
    """The case's actor list (as stored) with `actors` appended under ids of their own."""
    taken = {a.id for a in case.actors}
    out = [a.model_dump(mode="json") for a in case.actors]
    for actor in actors:
        ident = actor.id
        while ident in taken:
            ident = new_id()
        taken.add(ident)
        out.append({**actor.model_dump(mode="json"), "id": ident})
    return out
