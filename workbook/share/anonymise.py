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

from workbook import i18n
from workbook.case.model import Actor, Case, Meeting
from workbook.framework.schema import Framework
from workbook.share.phrases import Phrase, Replacer
from workbook.share.pseudonyms import (Entry, actor_phrases, all_actors, anonymisation_list,
                                       phrases, pseudonyms)

__all__ = ["Anonymiser", "all_actors", "anonymise", "people_phrases", "pseudonyms",
           "replaced_phrases"]

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
        self.lang = lang
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
        for meeting in self.case.meetings:
            self._meeting_people(doc, meeting)
        return self._validate(doc)

    def _meeting_people(self, doc: dict[str, Any], meeting: Meeting) -> None:
        """The people of a meeting (facilitator, case-bringer, participants, readers) by
        their part in it, in its own fields and wherever its texts name them."""
        readers = [r.reader for r in self.case.meeting_readings if r.meeting == meeting.id]
        replace = Replacer(people_phrases(meeting, readers, self.lang))
        t = lambda key, **kw: i18n.t(key, self.lang, **kw)  # noqa: E731
        for row in doc.get("meetings", []):
            if row.get("id") != meeting.id:
                continue
            row["title"] = replace(row.get("title", ""))
            row["follow_up_note"] = replace(row.get("follow_up_note", ""))
            row["facilitator"] = t("minutes.the_facilitator") if meeting.facilitator else ""
            row["case_bringer"] = t("minutes.the_case_bringer") if meeting.case_bringer else ""
            row["participants"] = [t("minutes.participant_n", n=n)
                                   for n in range(1, len(meeting.participants) + 1)]
        for item in doc.get("meeting_items", []):
            if item.get("meeting") == meeting.id:
                item["text"] = replace(item.get("text", ""))
                item["by"] = ""  # who gave it (a live room): never named when anonymised
        n = 0
        for reading in doc.get("meeting_readings", []):
            if reading.get("meeting") == meeting.id:
                n += 1
                reading["reader"] = t("compare.reader_n", n=n)
        for action in doc.get("strategy", {}).get("actions", []):
            if action.get("meeting") == meeting.id:
                action["title"] = replace(action.get("title", ""))
                action["reflection"] = replace(action.get("reflection", ""))

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


def people_phrases(meeting: Meeting, readers: list[str], lang: str) -> list[Phrase]:
    """The names of a meeting's people, each replaced by their part in it: a person's whole
    name, the name without what follows in brackets or a comma, and each capitalised word of
    it (a first name, a surname), as for an actor who is a person. The case-bringer is often
    an organisation ('Stad Ter Heide'): only their whole name."""
    persons = [(meeting.facilitator, i18n.t("minutes.the_facilitator", lang))]
    persons += [(p, i18n.t("minutes.participant_n", lang, n=i))
                for i, p in enumerate(meeting.participants, start=1)]
    persons += [(r, i18n.t("compare.reader_n", lang, n=i)) for i, r in enumerate(readers, start=1)]
    out: list[Phrase] = []
    seen: set[str] = set()

    def add(text: str, part: str, capital: bool = False) -> None:
        if text.strip() and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(Phrase(text, part, capital))

    bringer = " ".join(meeting.case_bringer.split())
    if len(bringer) >= 2:
        add(bringer, i18n.t("minutes.the_case_bringer", lang))
    for name, part in persons:
        anycase, capital = actor_phrases(Actor(name=name[:300], kind="person"))
        for text in anycase:
            add(text, part)
        for text in capital:
            add(text, part, True)
    return out


def _shorten(doc: Any, loc: tuple, limit: int, replace: Replacer) -> None:
    """A text made too long by its replacements, shortened (a name never comes back)."""
    node = doc
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = replace.fit(node[loc[-1]], limit)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())
