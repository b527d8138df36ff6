"""A framework's coach rules checked against the framework itself: every concept, worksheet,
answer field, column, role and lexicon a rule names must exist."""

from __future__ import annotations

from typing import Any

from workbook.coach.vocabulary import CoachRule, Condition, Filter, Match, _walk

# -- checks against a framework ------------------------------------------------------------------
Finding = tuple[str, dict]  # key under errors.coach_*, its parameters


def rule_problems(rules: list[CoachRule], framework: Any) -> list[Finding]:
    """What the rules refer to that the framework does not define (concepts, worksheets,
    answer fields, role ids, lexicons), as (key, parameters) for the locale catalogue's
    `errors.coach_<key>`. Called by the framework's own validation."""
    found: list[Finding] = []
    ids = [r.id for r in rules]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        found.append(("rule_ids", {"ids": ", ".join(dupes)}))
    lexicon_ids = [x.id for x in getattr(framework, "lexicons", []) or []]
    dupes = sorted({i for i in lexicon_ids if lexicon_ids.count(i) > 1})
    if dupes:
        found.append(("lexicon_ids", {"ids": ", ".join(dupes)}))
    concepts = {c.id for c in framework.concepts.all()}
    roles = {r.id for r in framework.concepts.roles}
    sheets = {w.id: {f.id: f for f in w.fields} for w in framework.worksheets}
    for rule in rules:
        def say(key: str, **params: str) -> None:
            found.append((key, {"rule": rule.id, **params}))

        if rule.concept not in concepts:
            say("concept", concept=rule.concept)
        if rule.worksheet and rule.worksheet not in sheets:
            say("worksheet", worksheet=rule.worksheet)
        for cond in _walk(rule.when):
            for ws, fid in _answer_refs(cond):
                if ws not in sheets or fid not in sheets[ws]:
                    say("field", field=f"{ws}.{fid}")
            pattern = cond.pattern
            if pattern is not None and pattern.answer is not None and len(pattern.answer) == 3:
                ws, fid, col = pattern.answer
                found_field = sheets.get(ws, {}).get(fid)
                if found_field is not None and col not in {c.id for c in found_field.columns}:
                    say("column", column=col, field=f"{ws}.{fid}")
            listed = ([pattern.words, pattern.unless, *(pattern.together or [])]
                      if pattern is not None else [])
            for words in listed:
                for name in (words.lexicon if words is not None else []):
                    if name not in lexicon_ids:
                        say("lexicon", lexicon=name)
            for ws in cond.begun or []:
                if ws not in sheets:
                    say("worksheet", worksheet=ws)
            for spec in _actor_filters(cond):
                for value in _filter_values(spec.get("role")):
                    if value and value not in roles:
                        say("role", role=value)
    return found


def _filters(cond: Condition) -> list[Filter]:
    out = [getattr(items, items.collection) for items in (cond.any, cond.count)
           if items is not None and items.collection != "answer"]
    return out + [f for f in (cond.me, cond.me_intended, cond.this) if f is not None]


def _actor_filters(cond: Condition) -> list[Filter]:
    out = [items.actors for items in (cond.any, cond.count)
           if items is not None and items.actors is not None]
    return out + [f for f in (cond.me, cond.me_intended) if f is not None]


def _answer_refs(cond: Condition) -> list[list[str]]:
    """Every worksheet answer the condition reads, as [worksheet_id, field_id]."""
    refs = [ref.answer for ref in (cond.empty, cond.equals) if ref is not None]
    for items in (cond.any, cond.count):
        if items is not None and items.answer is not None:
            refs.append(items.answer)
    if cond.pattern is not None and cond.pattern.answer is not None:
        refs.append(list(cond.pattern.answer[:2]))
    for spec in _filters(cond):
        for value in spec.values():
            if isinstance(value, Match) and value.in_answer is not None:
                refs.append(value.in_answer)
    return refs


def _filter_values(spec: Any) -> list[Any]:
    if spec is None:
        return []
    if isinstance(spec, Match):
        return _filter_values(spec.not_) if spec.not_ is not None else []
    return list(spec) if isinstance(spec, list) else [spec]
