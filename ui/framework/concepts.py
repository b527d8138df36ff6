"""The concept explorer: browse and search every concept of the framework, in nl or en."""

from __future__ import annotations

import streamlit as st

from workbook.analysis.animation import build_animation, role_key, step_text, step_title, steps
from workbook.framework.explorer import (CATEGORIES, Entry, glyph, search, search_glossary,
                                         sources_of)
from workbook.framework.schema import Framework, GameChanger, Role
from workbook.plain import md
from ui.i18n import lang, t, tx


def _label(entry: Entry) -> str:
    c = entry.concept
    if isinstance(c, Role):
        return f"{glyph(c.symbol)} {tx(c.name)}"
    if isinstance(c, GameChanger):
        return f"{c.number}. {tx(c.name)}"
    return tx(c.name)


def concept_card(entry: Entry, fw: Framework, expanded: bool = False) -> None:
    c = entry.concept
    with st.expander(_label(entry), expanded=expanded):
        st.markdown(tx(c.definition))
        if isinstance(c, Role):
            st.markdown(f"**{t('part1.explorer.where')}:** {t(f'part1.explorer.zone_{c.zone}')}  \n"
                        f"**{t('part1.explorer.marker')}:** {glyph(c.symbol)}")
        if isinstance(c, GameChanger):
            st.markdown(f"**{t('part1.explorer.from')}:** {tx(c.from_)}  \n"
                        f"**{t('part1.explorer.to')}:** {tx(c.to)}")
        if c.recognise:
            st.markdown(f"**{t('part1.explorer.recognise')}**  \n{tx(c.recognise)}")
        if c.example:
            st.markdown(f"**{t('part1.explorer.example')}**")
            st.info(tx(c.example), icon=":material/location_city:")
        cited_caption(fw, c)


def cited_caption(fw: Framework, item: object) -> None:
    """'Bronnen: ...' under a text that cites sources (nothing when it cites none)."""
    cited = sources_of(fw, item)
    if cited:
        st.caption(t("part1.explorer.cited", list="; ".join(s.citation.rstrip(".") for s in cited)))


def explorer(fw: Framework) -> None:
    st.markdown(t("part1.explorer.intro"))
    st.caption(t("part1.explorer.role_key"))
    st.plotly_chart(role_key(fw, lang()), key="p1_role_key", width="stretch",
                    config={"displayModeBar": False})
    query = st.text_input(t("part1.explorer.search"), key="p1_search",
                          placeholder=t("part1.explorer.search_placeholder"),
                          icon=":material/search:")
    names = {cat: t(f"part1.explorer.{cat}") for cat in CATEGORIES}
    picked = st.pills(t("part1.explorer.category"), options=list(names), format_func=names.get,
                      selection_mode="multi", key="p1_categories")
    categories = list(picked) or list(CATEGORIES)
    found = search(fw, query or "", categories)
    if query and query.strip():
        if found:
            st.caption(t("part1.explorer.found", n=len(found)))
        else:
            st.warning(t("part1.explorer.no_results", query=md(query.strip()[:60])))
        for i, entry in enumerate(found):
            concept_card(entry, fw, expanded=i == 0)  # the best hit opens by itself
    else:
        for cat in CATEGORIES:
            group = [e for e in found if e.category == cat]
            if group:
                st.subheader(names[cat])
                for entry in group:
                    concept_card(entry, fw)
    _glossary(fw, query or "")
    _sources(fw)
    st.caption(t("part1.explorer.own_words"))


def _glossary(fw: Framework, query: str) -> None:
    rows = search_glossary(fw, query)
    if not rows:
        return
    st.subheader(t("part1.explorer.glossary"))
    first, second = ("en", "nl") if lang() == "en" else ("nl", "en")
    st.dataframe(
        [{t(f"part1.explorer.glossary_{first}"): getattr(g, first),
          t(f"part1.explorer.glossary_{second}"): getattr(g, second),
          t("part1.explorer.glossary_note"): tx(g.note)} for g in rows],
        hide_index=True, width="stretch",
    )


def _sources(fw: Framework) -> None:
    with st.expander(t("part1.explorer.sources"), icon=":material/menu_book:"):
        for s in fw.concepts.sources:
            line = f"- {s.citation}"
            if s.url:
                line += f" {s.url}"
            if s.note:
                line += f"  \n  *{tx(s.note)}*"
            st.markdown(line)


def dynamic_panel(fw: Framework) -> None:
    """The animated dynamic, with the same steps as a table for those who cannot watch it."""
    st.markdown(t("part1.anim.intro"))
    st.plotly_chart(build_animation(fw, lang()), key="p1_dynamic", width="stretch",
                    config={"displaylogo": False, "displayModeBar": False})
    with st.expander(t("part1.anim.table_caption"), icon=":material/table:"):
        st.dataframe([{
            t("part1.anim.col_step"): i + 1,
            t("part1.anim.col_what"): f"{step_title(s, lang())}: {step_text(s, lang())}",
            t("part1.anim.col_fuel"): s.fuel,
            t("part1.anim.col_middle"): s.middle,
            t("part1.anim.col_joiners"): s.counts.get("joiner", 0),
            t("part1.anim.col_other"): f"{s.counts.get('bridge_builder', 0)} / "
                                       f"{s.counts.get('scapegoat', 0)}",
        } for i, s in enumerate(steps())], hide_index=True, width="stretch")
    st.caption(t("part1.anim.note"))


def cheatsheet_panel(fw: Framework) -> None:
    """The one-page summary to download, in the language in use (made when clicked)."""
    # the PDF library loads when a cheat sheet is shown, not with every page that links here
    from workbook.share.cheatsheet import build_cheatsheet, file_name

    st.markdown(t("part1.cheat.intro"))
    chosen = lang()
    st.download_button(t("part1.cheat.download"), data=lambda: build_cheatsheet(fw, chosen),
                       file_name=file_name(chosen), mime="application/pdf",
                       icon=":material/download:", key=f"p1_cheatsheet_{chosen}",
                       type="primary")
