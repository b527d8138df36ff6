"""What a change merged onto a newer revision did, in the reader's words: which field of which
row it overwrote, which rows were removed elsewhere before it arrived.

Names of rows are user text: they are escaped for Markdown here (the notices render it).
"""

from __future__ import annotations

from typing import Any

from workbook.case.model import Case
from workbook.case.ops import Report
from workbook.framework.schema import Framework
from workbook.plain import md
from ui.i18n import t, tx

KINDS = {("actors",): "actors", ("fuel",): "fuel", ("poles",): "poles",
         ("strategy", "actions"): "actions", ("snapshots",): "snapshots"}
FIELD_KEYS = {
    "actors": {f: f"actor.{f}" for f in
               ("name", "kind", "role", "side", "stance", "influence", "notes")},
    "fuel": {f: f"fuel.{f}" for f in ("date", "source", "description", "channel", "intensity")},
    "actions": {"title": "plan.action", **{f: f"plan.{f}" for f in
                ("owner", "date", "targets", "game_changers", "status", "reflection")}},
    "poles": {"label": "field.pole_label", "identity": "field.pole_identity",
              "thought_construct": "field.pole_thought_construct"},
    "snapshots": {"label": "mapview.snapshot_label", "date": "mapview.snapshot_date"},
}
NAME_FIELDS = ("name", "title", "label", "description")
PLACE_KEYS = {"role": "actor.role", "side": "actor.side", "stance": "actor.stance",
              "influence": "actor.influence"}


def notices(report: Report | None, case: Case, fw: Framework | None,
            shown: Case | None = None) -> list[tuple[str, str]]:
    """("warning", text) for the fields overwritten and the rows found gone. `case` is the
    newest revision, `shown` what the tab displayed (where gone rows still have a name)."""
    if report is None:
        return []
    out = []
    over = [_overwrite(o.where, o.row, o.field, case, fw) for o in report.overwritten]
    if over:
        out.append(("warning", t("ops.overwritten", what="; ".join(dict.fromkeys(over)))))
    gone = [_row(g.where, g.row, shown, fw) for g in report.gone if g.op in ("update", "move")]
    if gone:
        out.append(("warning", t("ops.gone", what="; ".join(dict.fromkeys(gone)))))
    return out


def _overwrite(where: tuple[str, ...], row_id: str | None, field: str, case: Case,
               fw: Framework | None) -> str:
    if row_id is not None:
        return t("ops.field_of_row", field=_field(where, field, fw),
                 row=_row(where, row_id, case, fw))
    if where == ():
        return t("case.title") if field == "title" else md(field)
    if len(where) == 1 and where[0] == "answers":
        return md(field)
    if len(where) == 2 and where[0] == "answers":
        return _answer_label(where[1], field, fw)
    if len(where) == 3 and where[:2] == ("strategy", "intended"):
        actor = case.actor(where[2])
        return t("ops.intended_of", field=t(PLACE_KEYS.get(field, "actor.role")),
                 name=md(actor.name if actor and actor.name else t("ops.unnamed")))
    if where == ("strategy",) and field == "me":
        return t("plan.me")
    return md(".".join((*where, field)))


def _answer_label(ws_id: str, field_id: str, fw: Framework | None) -> str:
    sheet = fw.worksheet(ws_id) if fw else None
    field = sheet.field(field_id) if sheet else None
    if sheet is None or field is None:
        return md(f"{ws_id}.{field_id}")
    return f"{md(tx(sheet.title))} · {md(tx(field.label))}"


def _field(where: tuple[str, ...], field: str, fw: Framework | None) -> str:
    kind = KINDS.get(where)
    if kind and field in FIELD_KEYS.get(kind, {}):
        return t(FIELD_KEYS[kind][field])
    if len(where) == 3 and where[0] == "answers" and fw is not None:
        sheet = fw.worksheet(where[1])
        table = sheet.field(where[2]) if sheet else None
        column = next((c for c in (table.columns if table else []) if c.id == field), None)
        if column is not None:
            return md(tx(column.label))
    return md(field)


def _row(where: tuple[str, ...], row_id: str, case: Case | None, fw: Framework | None) -> str:
    kind = KINDS.get(where, "row")
    row = _find(case, where, row_id) if case is not None else None
    name = next((row[f] for f in NAME_FIELDS if row and isinstance(row.get(f), str)
                 and row[f].strip()), None)
    if name is None and row:
        name = next((v for k, v in row.items() if k != "id" and isinstance(v, str) and v.strip()),
                    None)
    label = md(name[:60]) if name else t("ops.unnamed")
    if kind == "row" and len(where) == 3:
        return t("ops.row", kind=_answer_label(where[1], where[2], fw), name=label)
    return t("ops.row", kind=t(f"ops.kind_{kind}"), name=label)


def _find(case: Case, where: tuple[str, ...], row_id: str) -> dict | None:
    node: Any = case.to_doc()
    for key in where:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, list):
        return None
    return next((r for r in node if isinstance(r, dict) and r.get("id") == row_id), None)
