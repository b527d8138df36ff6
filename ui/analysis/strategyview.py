"""Part 3's side panel: today's map next to the intended one, the changes per actor, and the
strategy on one page."""

from __future__ import annotations

import streamlit as st

from workbook.case import strategy
from workbook.case.model import Case
from workbook.analysis.polarmap import build_map, unlabelled
from workbook.analysis.polarmap.markers import stance_text
from workbook.framework.schema import Framework
from ui.i18n import lang, t, tx
from ui.analysis.mapview import unlabelled_note
from ui.memo import PreparedFigure, for_case, prepared

# what the side column of Part 3 (two fifths of the page) shows at a usual laptop width; the
# names on the map are fitted to it
MAP_WIDTH, MAP_HEIGHT = 370, 360


def maps_stacked(case: Case, fw: Framework) -> None:
    """Today's map above the intended one, each with the actors it has no room to name,
    then what changes per actor."""
    maps = for_case("p3_maps", (case, fw), (lang(),), lambda: _two_maps(case, fw))
    for title, (fig, missing), key in zip((t("plan.today_map"), t("plan.intended_map")), maps,
                                         ("p3_today", "p3_intended")):
        st.markdown(f"**{title}**")
        st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False})
        unlabelled_note(missing)
    changes_list(case, fw)


def _two_maps(case: Case, fw: Framework) -> list[tuple[PreparedFigure, list[str]]]:
    out = []
    for shown in (case, strategy.intended_case(case)):
        fig = build_map(shown, fw, lang(), width=MAP_WIDTH, height=MAP_HEIGHT)
        fig.update_layout(showlegend=False, margin=dict(l=0, r=0, t=30, b=0))
        out.append((prepared(fig), [a.name or "?" for a in unlabelled(shown.actors, fig)]))
    return out


def changes_list(case: Case, fw: Framework) -> None:
    st.markdown(f"**{t('plan.changes')}**")
    found = strategy.changes(case)
    if not found:
        st.caption(t("plan.no_changes"))
        return
    roles = {r.id: tx(r.name) for r in fw.concepts.roles}
    for change in found:
        parts = []
        for key, before in change.before.items():
            after = change.after[key]
            if key == "role":
                before, after = roles.get(before, "?"), roles.get(after, "?")
            elif key == "side":
                before, after = t(f"actor.side_{before}"), t(f"actor.side_{after}")
            elif key == "stance":
                before, after = stance_text(before), stance_text(after)
            label = t(f"actor.{key}").split(" (")[0]
            parts.append(f"{label}: {before} → {after}")
        st.text(f"{change.name}: " + "; ".join(parts))


def summary_panel(case: Case, fw: Framework) -> None:
    s = strategy.summary(case, fw, lang())
    empty = t("plan.summary_empty")
    with st.container(border=True):
        st.subheader(t("plan.summary"))
        st.markdown(f"**{t('plan.summary_case')}**")
        st.text(s.case_sentence or empty)
        st.markdown(f"**{t('plan.summary_question')}**")
        st.text(s.question or empty)
        for name, text in s.game_changers:
            st.markdown(f"**{name}**")
            st.text(text or empty)
        st.markdown(f"**{t('plan.summary_plan')}**")
        if s.actions:
            st.dataframe([{t("plan.action"): a, t("plan.owner"): o, t("plan.date"): d,
                           t("plan.status"): st_} for a, o, d, st_ in s.actions],
                         hide_index=True, width="stretch")
        else:
            st.text(empty)
        st.download_button(t("plan.download_summary_md"),
                           data=lambda: strategy.summary_markdown(s, lang()),
                           file_name=f"{case.id}-strategy.md", mime="text/markdown",
                           icon=":material/download:", on_click="ignore")
