"""Anonymisation: a copy of a case in which no one can be recognised by name.

What is replaced, and by what, is the case's anonymisation list (`workbook.share.pseudonyms`):
every actor's pseudonym ("Pusher A", "Joinergroep A"), or the facilitator's own choice, or its
descriptive name kept as it is; the terms found in group names and those the facilitator
added (places, streets, schools, a club). Every listed phrase is replaced as a whole phrase
(`workbook.share.phrases`: never inside a word, the longest first, all in one pass, so a
pseudonym is never replaced again) in every free text of the case: the title, poles, notes,
fuel events, worksheet answers, plan, and whatever text the case document grows later (the
walk covers the whole document, skipping only structural values such as ids, sides and option
ids). Actor ids (often made from names) are replaced by neutral ones and references follow.
The list itself, which holds the real names, is left out of the copy.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.share.phrases import Replacer
from workbook.share.pseudonyms import (Entry, all_actors, anonymisation_list, phrases,
                                       pseudonyms)

__all__ = ["Anonymiser", "all_actors", "anonymise", "pseudonyms", "replaced_phrases"]

# values under these keys are structure (ids, enums, numbers), never free text
STRUCTURAL_KEYS = frozenset({
    "id", "format_version", "framework", "side", "kind", "role", "source", "targets", "status",
    "game_changers", "date", "stance", "influence", "intensity", "practice_of",
    # meetings: the method and its phases, the advice's tags, the clock, links by id
    "method", "phase", "game_changer", "pitfalls", "taken", "action", "meeting",
    "running_since", "elapsed", "phase_times", "ended", "follow_up",
})
# answers of these field types hold option ids, numbers or dates, not text
NON_TEXT_FIELDS = frozenset({"choice", "multichoice", "checklist", "scale", "yesno", "date",
                             "number"})
# values under these keys refer to actors by id
ID_KEYS = frozenset({"id", "source", "targets", "actor", "actor_id", "me"})
# dictionaries under these keys are keyed by actor id (the intended map, a reading)
ID_KEYED = frozenset({"intended", "placements"})


def anonymise(case: Case, fw: Framework | None, lang: str = "nl") -> Case:
    """A copy of `case` with pseudonyms for all actors and every listed phrase replaced."""
    return Anonymiser(case, fw, lang).run()


def replaced_phrases(case: Case, fw: Framework | None, lang: str = "nl") -> list[str]:
    """Every phrase anonymisation replaces (for checks: none may survive)."""
    return [p.text for p in phrases(anonymisation_list(case, fw, lang))]


class Anonymiser:
    def __init__(self, case: Case, fw: Framework | None, lang: str):
        self.case = case
        self.fw = fw
        self.entries: list[Entry] = anonymisation_list(case, fw, lang)
        self.replace = Replacer(phrases(self.entries))
        # an actor's name: its pseudonym, or its kept name with the others' names replaced
        self.names = {e.actor_id: self.replace(e.original) if e.keep else e.pseudonym
                      for e in self.entries if e.actor_id}
        self.ids = {a.id: f"actor-{i}" for i, a in enumerate(all_actors(case), start=1)}

    def run(self) -> Case:
        doc = self.case.to_doc()
        doc["anonymisation"] = []  # the list names everyone: it never leaves anonymised
        for key, value in list(doc.items()):
            if key == "answers":
                doc[key] = {ws: {f: self._answer(ws, f, v) for f, v in fields.items()}
                            for ws, fields in value.items()}
            elif key == "actors":
                doc[key] = [{**self._walk(a), "id": self.ids[a["id"]],
                             "name": self.names[a["id"]]} for a in value]
            elif key not in STRUCTURAL_KEYS:
                doc[key] = self._walk(value)
        if self._leaks(doc["id"]):
            doc["id"] = "anonymised"
        for i, event in enumerate(doc.get("fuel", []), start=1):
            if self._leaks(event["id"]):
                event["id"] = f"fuel-{i}"
        for i, action in enumerate(doc.get("strategy", {}).get("actions", []), start=1):
            if self._leaks(action["id"]):
                action["id"] = f"action-{i}"
        return self._validate(doc)

    def _leaks(self, ident: str) -> bool:
        """Whether an id (often made from a name, like 'yassin') gives a name away."""
        low = ident.casefold()
        return any(p.text.casefold() in low or (_slug(p.text) and _slug(p.text) in low)
                   for p in self.replace.phrases)

    def _answer(self, ws_id: str, field_id: str, value: Any) -> Any:
        ws = self.fw.worksheet(ws_id) if self.fw else None
        field = ws.field(field_id) if ws else None
        if field is not None and field.options_from == "actors":
            return self._map_ids(value)
        if field is not None and field.type in NON_TEXT_FIELDS:
            return value
        return self._walk(value)

    def _map_ids(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.ids.get(value, value)
        if isinstance(value, list):
            return [self._map_ids(v) for v in value]
        return value

    def _walk(self, value: Any, key: str = "") -> Any:
        """Free text replaced, references to actors followed, structure left alone."""
        if key in ID_KEYS:
            return self._map_ids(value)
        if key == "owner" and isinstance(value, str) and value in self.ids:
            return self.names[value]
        if key in STRUCTURAL_KEYS:
            return value
        if isinstance(value, str):
            return self.replace(value)
        if isinstance(value, list):
            return [self._walk(v) for v in value]
        if isinstance(value, dict) and key in ID_KEYED:
            return {self.ids.get(k, k): self._walk(v) for k, v in value.items()}
        if isinstance(value, dict):
            out = {k: self._walk(v, str(k)) for k, v in value.items()}
            if "name" in value and value.get("id") in self.ids:  # an actor (in a snapshot)
                out["name"] = self.names[value["id"]]
            return out
        return value

    def _validate(self, doc: dict[str, Any]) -> Case:
        """Replacements can lengthen a text past its limit: shorten those and try again."""
        for _ in range(20):
            try:
                return Case.model_validate(doc)
            except ValidationError as err:
                too_long = [e for e in err.errors(include_url=False)
                            if e["type"] == "string_too_long"]
                if not too_long:
                    raise
                for e in too_long:
                    _shorten(doc, e["loc"], e["ctx"]["max_length"], self.replace)
        return Case.model_validate(doc)


def _shorten(doc: Any, loc: tuple, limit: int, replace: Replacer) -> None:
    """A text made too long by its replacements, shortened (a name never comes back)."""
    node = doc
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = replace.fit(node[loc[-1]], limit)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())
