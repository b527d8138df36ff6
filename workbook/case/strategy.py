"""Part 3 in the domain: the intended map, what changes per actor, and the strategist's place.

The intended map is today's case with each actor moved to where the strategy should bring
them (`Strategy.intended`); only what the user changed differs, so the two maps can be put
side by side with the changes highlighted.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Any

from workbook import dates
from workbook.case.model import Actor, Case, Place
from workbook.plain import md, md_lines
from workbook.case.ops import SetOp

PLACE_FIELDS = ("role", "side", "stance", "influence")


@dataclass(frozen=True)
class Change:
    actor_id: str
    name: str
    before: dict[str, Any]
    after: dict[str, Any]


def moved(actor: Actor, place: Place | None) -> Actor:
    """The actor at its intended place (unchanged where the place says nothing)."""
    if place is None:
        return actor
    update = {f: getattr(place, f) for f in PLACE_FIELDS if getattr(place, f) is not None}
    return actor.model_copy(update=update)


def intended_case(case: Case) -> Case:
    """Today's case with every actor at its intended place."""
    actors = [moved(a, case.strategy.intended.get(a.id)) for a in case.actors]
    return case.model_copy(update={"actors": actors})


def changes(case: Case) -> list[Change]:
    """Per actor, the place fields that the strategy changes; unchanged actors are left out."""
    out = []
    for actor in case.actors:
        after_actor = moved(actor, case.strategy.intended.get(actor.id))
        diff = [f for f in PLACE_FIELDS if getattr(actor, f) != getattr(after_actor, f)]
        if diff:
            out.append(Change(actor.id, actor.name,
                              {f: getattr(actor, f) for f in diff},
                              {f: getattr(after_actor, f) for f in diff}))
    return out


def set_place(case: Case, actor_id: str, values: dict[str, Any],
              intended: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """The new `intended` mapping after the user set an actor's intended values.

    Starts from `intended` (default: the case's). A value equal to today's is stored as None
    (no change), so the intended map differs from today's exactly where the user said so."""
    actor = case.actor(actor_id)
    if actor is None:
        raise KeyError(actor_id)
    if intended is None:
        intended = {k: v.model_dump() for k, v in case.strategy.intended.items()}
    current = dict(intended.get(actor_id) or Place().model_dump())
    for key, value in values.items():
        if key in PLACE_FIELDS:
            current[key] = None if value == getattr(actor, key) else value
    out = dict(intended)
    if any(v is not None for v in current.values()):
        out[actor_id] = current
    else:
        out.pop(actor_id, None)
    return out


def place_ops(case: Case, actor_id: str, values: dict[str, Any]) -> list[SetOp]:
    """The operations that set an actor's intended values, field by field (so two tabs that
    change different fields of one actor's place both keep theirs). A value equal to today's
    is stored as None (no change), as in `set_place`."""
    actor = case.actor(actor_id)
    if actor is None:
        raise KeyError(actor_id)
    place = case.strategy.intended.get(actor_id)
    out = []
    for key, value in values.items():
        if key not in PLACE_FIELDS:
            continue
        new = None if value == getattr(actor, key) else value
        old = getattr(place, key) if place is not None else None
        if new != old:
            out.append(SetOp(path=("strategy", "intended", actor_id, key), value=new, was=old))
    return out


def me(case: Case) -> Actor | None:
    return case.actor(case.strategy.me) if case.strategy.me else None


@dataclass(frozen=True)
class Summary:
    """The strategy on one page: every part already in the user's language."""

    title: str
    case_sentence: str
    question: str
    game_changers: list[tuple[str, str]]  # (game changer name, what this case does)
    actions: list[tuple[str, str, str, str]]  # (action, owner, date, status)


def summary(case: Case, fw, lang: str) -> Summary:
    """Collect the one-page strategy from the answers (missing parts stay empty)."""
    from workbook import i18n

    def answer(ws: str, field: str) -> str:
        value = case.answer(ws, field)
        return value.strip() if isinstance(value, str) else ""

    names = {a.id: a.name or a.id for a in case.actors}
    roles = {r.id: r.name(lang) for r in fw.concepts.roles}
    who = ", ".join(names.get(i, i) for i in case.answer("target_group", "who") or [])
    mine = me(case)
    position = ""
    if mine is not None:
        goal = moved(mine, case.strategy.intended.get(mine.id))
        position = f"{roles.get(mine.role, '?')} → {roles.get(goal.role, '?')}"
    rewrites = case.answer("tone", "rewrites") or []
    tone = " / ".join(r.get("rewrite", "") for r in rewrites if r.get("rewrite"))[:400]
    # the authentic question has a section of its own: said once, here the shift towards it
    topic = answer("topic", "pushers_topic")
    shift = (i18n.t("plan.summary_topic_shift", lang, topic=one_sentence(topic))
             if topic else "")
    per_changer = {"target_group": who, "topic": shift, "position": position, "tone": tone}
    changers = [(g.name(lang), per_changer.get(g.id, "")) for g in fw.concepts.game_changers]
    actions = [(a.title, a.owner, dates.show(a.date, lang),
                i18n.t(f"plan.status_{a.status}", lang)) for a in case.strategy.actions]
    return Summary(case.title, one_sentence(answer("intake", "what")),
                   answer("topic", "question"), changers, actions)


SENTENCE_LIMIT = 240


def one_sentence(text: str) -> str:
    """The first sentence of a text (of its first paragraph), at most SENTENCE_LIMIT
    characters, cut at a word with '…' when longer."""
    first = next((p.strip() for p in text.split("\n") if p.strip()), "")
    found = re.match(r"(.+?[.!?…])(?=\s|$)", first)
    sentence = found.group(1) if found else first
    if len(sentence) <= SENTENCE_LIMIT:
        return sentence
    cut = sentence[:SENTENCE_LIMIT].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def summary_markdown(s: Summary, lang: str) -> str:
    """Plain text (Markdown) for download; user text is escaped for Markdown."""
    from workbook import i18n

    empty = i18n.t("plan.summary_empty", lang)
    lines = [f"# {md(s.title) or empty}", "",
             f"## {i18n.t('plan.summary_case', lang)}", md_lines(s.case_sentence) or empty, "",
             f"## {i18n.t('plan.summary_question', lang)}", md_lines(s.question) or empty, ""]
    for name, text in s.game_changers:
        lines += [f"## {name}", md_lines(text) or empty, ""]
    lines += [f"## {i18n.t('plan.summary_plan', lang)}"]
    lines += [f"- {md(a)} ({', '.join(md(x) for x in rest if x)})" for a, *rest in s.actions]
    if not s.actions:
        lines.append(empty)
    return "\n".join(lines) + "\n"

