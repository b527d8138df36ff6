"""The map in words: what a screen reader, a printout or a colour-blind reader gets instead of
the picture. The role balance in one line, and each actor with its role and side, in the
case's order."""

from __future__ import annotations

from workbook import i18n
from workbook.analysis.balance import role_balance
from workbook.analysis.polarmap.markers import stance_text
from workbook.case.model import Case
from workbook.framework.schema import Framework

# what fits beside a worksheet (half the page) without scrolling sideways; stance and
# influence are in the hover text of the map and in the form
COLUMNS = ("name", "role", "side")


def balance_line(case: Case, fw: Framework, lang: str) -> str:
    """'Pusher: 2 · Joiner: 3 · … · middle 29% of the actors with a role'."""
    balance = role_balance(case, fw, lang)
    parts = [f"{r.name}: {r.count}" for r in balance.roles if r.count]
    if balance.middle_share is not None:
        parts.append(i18n.t("maptext.middle", lang, share=f"{balance.middle_share:.0%}"))
    return " · ".join(parts)


def actor_rows(case: Case, fw: Framework, lang: str) -> list[dict[str, str]]:
    """One row per actor, as text: name, role, side (the pole's name, else 'pole A'), stance,
    influence (the page shows the COLUMNS)."""
    poles = {}
    for side in ("a", "b"):
        pole = next((p for p in case.poles if p.side == side), None)
        label = pole.label.strip() if pole is not None else ""
        poles[side] = label or i18n.t(f"actor.side_{side}", lang)
    poles["none"] = i18n.t("actor.side_none", lang)
    rows = []
    for actor in case.actors:
        role = fw.role(actor.role) if actor.role else None
        rows.append({"name": actor.name or "–",
                     "role": role.name(lang) if role else i18n.t("mapview.no_role", lang),
                     "side": poles.get(actor.side, actor.side),
                     "stance": stance_text(actor.stance), "influence": f"{actor.influence}/5"})
    return rows
