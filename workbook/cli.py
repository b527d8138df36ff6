"""`python -m workbook`: validate, import, export and list cases from the command line.

Bad input never shows a traceback: one line per problem and exit code 1. The command line is
the server administrator's tool: it reads and writes every case, whoever owns it; `import`
names the owner of the new case (`--owner ISSUER SUBJECT`, else the local user) and `list`
shows each case's owner. `retention` applies the configured retention period once.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

from workbook import i18n, yamlio
from workbook.case.files import MAX_CASE_BYTES, dump_case
from workbook.framework.check import load_checked, load_import
from workbook.inputfile import read_input
from workbook.framework.loader import Catalogue, fragment_problems, load_dir, load_file
from workbook.problems import InputRejected, Problem
from workbook.framework.schema import Fragment, Framework
from workbook.meetings.methods import is_method_doc, read_method
from workbook.case.caserows import CaseRow
from workbook.case.store import CaseNotFound, Store, StoreUnavailable, StoreUnreachable
from workbook.accounts import retention
from workbook.accounts.access import now
from workbook.accounts.users import LOCAL, User


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = args.lang or os.environ.get("WORKBOOK_LANG", "en")
    try:
        return args.func(args, lang)
    except InputRejected as exc:
        print(exc.format(lang), file=sys.stderr)
        return 1
    except CaseNotFound as exc:
        print(i18n.t("cli.not_found", lang, id=exc.args[0]), file=sys.stderr)
        return 1
    except StoreUnreachable as exc:
        print(i18n.t("store.cli_unreachable", lang, reason=exc.message(lang)), file=sys.stderr)
        return 1
    except StoreUnavailable as exc:
        print(i18n.t("cli.store_unavailable", lang, reason=exc.message(lang)), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m workbook", description="Polarisation workbook")
    _lang_option(p, None)
    sub = p.add_subparsers(required=True, metavar="COMMAND")
    v = sub.add_parser("validate", help="check framework, method or case files")
    v.add_argument("paths", nargs="+", type=Path)
    v.set_defaults(func=cmd_validate)
    i = sub.add_parser("import", help="import a case file as a new case; prints its id")
    i.add_argument("file", type=Path)
    i.add_argument("--owner", nargs=2, metavar=("ISSUER", "SUBJECT"),
                   help="whose case it becomes: a login's issuer and subject, as `list` shows "
                   "them (default: the local user of local mode)")
    i.set_defaults(func=cmd_import)
    e = sub.add_parser("export", help="export a case (yaml, html report, pdf report, png map)")
    e.add_argument("id")
    e.add_argument("--format", choices=["yaml", "html", "pdf", "png"], default="yaml")
    e.add_argument("--anonymise", "--anonymize", action="store_true",
                   help="replace actor names by pseudonyms everywhere")
    e.add_argument("--output", type=Path, help="file to write (default: standard output)")
    e.set_defaults(func=cmd_export)
    ia = sub.add_parser("import-actors", help="add the actors of a CSV file to a case")
    ia.add_argument("id")
    ia.add_argument("file", type=Path)
    ia.set_defaults(func=cmd_import_actors)
    ls = sub.add_parser("list", help="list the cases, one a line: id, last change, owner, "
                        "title (tab-separated)")
    ls.add_argument("--owner", nargs=2, metavar=("ISSUER", "SUBJECT"),
                    help="only the cases of this owner")
    ls.set_defaults(func=cmd_list)
    r = sub.add_parser("retention", help="warn the owners of cases nobody touched for the "
                       "retention period less a month; delete those warned a month ago")
    r.add_argument("--months", type=float, help="the period (default: [workbook] "
                   "retention_months in the secrets file)")
    r.add_argument("--secrets", type=Path, default=Path(".streamlit/secrets.toml"),
                   help="the secrets file to read the period from")
    r.set_defaults(func=cmd_retention)
    for command in (v, i, e, ia, ls, r):  # --lang after the command as well as before it
        _lang_option(command, argparse.SUPPRESS)
    return p


def _lang_option(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--lang", choices=["nl", "en"], default=default,
                        help="language of messages (default: en, or WORKBOOK_LANG); before "
                        "or after the command")


def cmd_validate(args, lang: str) -> int:
    catalogue = load_dir()
    problems: list[Problem] = []
    for path in args.paths:
        found = validate_path(path, catalogue)
        problems.extend(found)
        if not found:
            print(i18n.t("cli.valid", lang, source=str(path)))
    for problem in problems:
        print(problem.format(lang))
    return 1 if problems else 0


def _framework_of(path: Path, catalogue: Catalogue) -> Framework | None:
    """The framework a method file belongs to: the one whose folder holds it
    (frameworks/<id>/methods/), else the default."""
    for part in reversed(path.resolve().parts):
        if part in catalogue.frameworks:
            return catalogue.frameworks[part]
    return catalogue.default()


def validate_path(path: Path, catalogue: Catalogue) -> list[Problem]:
    """Problems of one framework, worksheet-fragment, method or case file; [] when valid."""
    source = str(path)
    try:
        raw = read_input(path, max(MAX_CASE_BYTES, yamlio.MAX_BYTES))
        doc = yamlio.read_bytes(raw, source)
        if not isinstance(doc.data, dict):
            return [Problem(source, "not_mapping", line=1)]
        if "format_version" in doc.data:
            load_checked(raw, source, catalogue.frameworks)
            return []
        if "concepts" in doc.data or "parts" in doc.data:
            return load_file(path)[1]
        if is_method_doc(doc.data):  # an intervision method: checked against the framework
            return read_method(raw, source, _framework_of(path, catalogue))[1]
        if set(doc.data) <= set(Fragment.model_fields):
            frag = yamlio.validate(doc, Fragment.model_validate)
            fw = catalogue.default()  # what the fragment names is checked against it
            return fragment_problems(doc, frag, fw) if fw is not None else []
        return [Problem(source, "not_a_case_or_framework", line=1)]
    except InputRejected as exc:
        return exc.problems
    except OSError as exc:
        return [Problem(source, "unreadable", detail=exc.strerror or str(exc))]


def owner_of(args, lang: str) -> str | None:
    """The store key of `--owner ISSUER SUBJECT` (the local user without it); None, and
    said on stderr, when it names no user."""
    if not args.owner:
        return LOCAL.key
    try:
        return User(*args.owner).key
    except ValueError:
        print(i18n.t("cli.bad_owner", lang), file=sys.stderr)
        return None


def cmd_import(args, lang: str) -> int:
    owner = owner_of(args, lang)
    if owner is None:
        return 1
    raw = read_input(args.file, MAX_CASE_BYTES)
    case = load_import(raw, str(args.file), load_dir().frameworks)
    saved = Store().create(case, kind="import", note=args.file.name[:100], owner=owner)
    print(i18n.t("cli.imported", lang, title=saved.case.title))
    print(saved.case.id)
    return 0


def cmd_export(args, lang: str) -> int:
    from workbook.share.export import BINARY_FORMATS, MapRenderError, export

    case = Store().get(args.id).case
    if args.format == "yaml" and not args.anonymise:
        data = dump_case(case).encode("utf-8")
    else:
        catalogue = load_dir()
        fw = catalogue.get(case.framework.id) or catalogue.default()
        if fw is None:
            raise InputRejected([Problem("frameworks", "unknown_framework",
                                         params={"id": case.framework.id})])
        if args.format in BINARY_FORMATS and not args.output and sys.stdout.isatty():
            print(i18n.t("export.binary_needs_output", lang, format=args.format),
                  file=sys.stderr)
            return 1
        try:
            data = export(case, fw, args.format, lang, anonymised=args.anonymise)
        except MapRenderError as exc:
            print(exc.message(lang), file=sys.stderr)
            return 1
    if args.output:
        args.output.write_bytes(data)
    elif args.format in ("yaml", "html"):
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def cmd_import_actors(args, lang: str) -> int:
    from workbook.share.csvimport import MAX_CSV_BYTES, add_ops, read_actors

    raw = read_input(args.file, MAX_CSV_BYTES)
    store = Store()
    case = store.get(args.id).case
    fw = load_dir().get(case.framework.id)
    actors = read_actors(raw, str(args.file), fw, lang)
    # added to the newest revision: a tab editing the actors meanwhile keeps its work
    saved = store.apply_ops(case.id, add_ops(case, actors), note="csv")
    print(i18n.t("export.csv.cli_added", lang, n=len(actors), title=saved.case.title))
    return 0


def cmd_retention(args, lang: str) -> int:
    """Apply the retention period once (the app does so by itself at most once an hour)."""
    months = args.months
    if months is None:
        months = _configured_months(args.secrets)
    if months is None:
        print(i18n.t("cli.retention_unset", lang), file=sys.stderr)
        return 1
    try:
        keep_for = retention.period(months)
    except ValueError:
        print(i18n.t("cli.retention_short", lang, months=retention.MIN_MONTHS), file=sys.stderr)
        return 1
    done = retention.run(Store(), keep_for, now())
    print(i18n.t("cli.retention_done", lang, warned=done.warned, deleted=done.deleted))
    return 0


def _configured_months(path: Path) -> object:
    """`[workbook] retention_months` of a secrets file, or None."""
    try:
        with path.open("rb") as fh:
            section = tomllib.load(fh).get("workbook")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return section.get("retention_months") if isinstance(section, dict) else None


def cmd_list(args, lang: str) -> int:
    owner = owner_of(args, lang) if args.owner else None
    if args.owner and owner is None:
        return 1
    for info in Store().list(where=CaseRow.owner == owner if owner else None):
        print(f"{info.id}\t{info.updated_at:%Y-%m-%d %H:%M}\t{info.owner}\t{info.title}")
    return 0
