"""Anonymisation: a copy of a case in which no actor can be recognised by name.

Every actor gets a pseudonym made from its role and kind in the chosen language ("Pusher A",
"Joiner B (groep)", "Persoon 1"), consistent within the case. Each name is then replaced in
every free text of the case: the title, poles, notes, fuel events, worksheet answers, plan, and
whatever text the case document grows later (the walk covers the whole document, skipping only
structural values such as ids, sides and option ids).

Matching is case-insensitive and on whole words, so "Ali" leaves "Alibaba" alone; names of
three characters or fewer match case-sensitively so a name like "Al" does not eat the Dutch "al".
Besides a full name, the name-like words of a person's name ("Yassin" in "Yassin (19),
woordvoerder") and capitalised words inside a group's name ("Vriendengroep van Yassin") are
replaced too. All replacements happen in one pass, so a pseudonym is never replaced again.
Actor ids (often made from names) are replaced by neutral ones and references follow.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from workbook import i18n
from workbook.case.model import Actor, Case
from workbook.framework.schema import Framework

# values under these keys are structure (ids, enums, numbers), never free text
STRUCTURAL_KEYS = frozenset({
    "id", "format_version", "framework", "side", "kind", "role", "source", "targets", "status",
    "game_changers", "date", "stance", "influence", "intensity", "practice_of",
})
# answers of these field types hold option ids, numbers or dates, not text
NON_TEXT_FIELDS = frozenset({"choice", "multichoice", "checklist", "scale", "yesno", "date",
                             "number"})
# values under these keys refer to actors by id
ID_KEYS = frozenset({"id", "source", "targets", "actor", "actor_id", "me"})
# dictionaries under these keys are keyed by actor id (the intended map)
ID_KEYED = frozenset({"intended"})
STOPWORDS = frozenset("""
van de der den het een en of te ten ter op in aan bij met voor uit tot om
von zu und le la les du des da di del dos el al bin ben ibn
the of and a an at to for on in by with from
""".split())
SHORT_NAME = 3  # names of at most this many characters match case-sensitively


def anonymise(case: Case, fw: Framework | None, lang: str = "nl") -> Case:
    """A copy of `case` with pseudonyms for all actors and their names replaced everywhere."""
    return Anonymiser(case, fw, lang).run()


def all_actors(case: Case) -> list[Actor]:
    """The case's actors, then those only found in snapshots of the map (deleted since)."""
    seen = {a.id for a in case.actors}
    out = list(case.actors)
    for snapshot in getattr(case, "snapshots", []):
        for actor in snapshot.actors:
            if actor.id not in seen:
                seen.add(actor.id)
                out.append(actor)
    return out


def pseudonyms(case: Case, fw: Framework | None, lang: str = "nl") -> dict[str, str]:
    """Actor id -> pseudonym, in the case's actor order."""
    counters: dict[str, int] = {}
    out: dict[str, str] = {}
    for actor in all_actors(case):
        role = fw.role(actor.role) if (fw and actor.role) else None
        kind = i18n.t(f"export.anon.kind_{actor.kind}", lang)
        if role is not None:
            base = _role_word(role.id, role.name(lang), lang)
            n = counters[base] = counters.get(base, 0) + 1
            name = f"{base} {_letters(n)}"
            if actor.kind != "person":
                name += f" ({kind.lower()})"
        else:
            base = kind[:1].upper() + kind[1:]
            n = counters[base] = counters.get(base, 0) + 1
            name = f"{base} {n}"
        out[actor.id] = name
    return out


def _role_word(role_id: str, name: str, lang: str) -> str:
    key = f"export.anon.role_{role_id}"
    if key in i18n.catalogue():
        return i18n.t(key, lang)
    # "Pusher (aanjager)": the Dutch word in brackets for Dutch, the rest otherwise
    inner = re.search(r"\(([^)]+)\)", name)
    if inner and lang == "nl":
        word = inner.group(1).strip()
    else:
        word = re.sub(r"\s*\([^)]*\)", "", name).strip() or name
    return word[:1].upper() + word[1:40]


def _letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class _Term:
    text: str
    replacement: str
    full: bool  # a whole name (as opposed to one word of a name)


def name_terms(case: Case, names: dict[str, str], lang: str = "nl") -> list[_Term]:
    """What to look for in text, and what to put instead; full names win over name words."""
    ambiguous = i18n.t("export.anon.ambiguous", lang)
    # every name an actor has had: in the case and in snapshots (renamed, deleted since)
    named = [*case.actors, *(a for s in getattr(case, "snapshots", []) for a in s.actors)]
    full: dict[str, str] = {}
    for actor in named:
        name = " ".join(_nfc(actor.name).split())
        if not _usable(name):
            continue
        prev = next((k for k in full if k.casefold() == name.casefold()), None)
        if prev is None:
            full[name] = names[actor.id]
        elif full[prev] != names[actor.id]:
            full[prev] = ambiguous  # two actors with one name: a mention names neither
    # a word of a name: a person's own name wins over the same word in a group's name
    words: dict[str, tuple[int, str]] = {}
    for actor in named:
        rank = 0 if actor.kind == "person" else 1
        for word in _name_words(_nfc(actor.name), actor.kind):
            if any(word.casefold() == k.casefold() for k in full):
                continue
            prev = next((k for k in words if k.casefold() == word.casefold()), None)
            if prev is None or rank < words[prev][0]:
                words.pop(prev, None)
                words[word] = (rank, names[actor.id])
            elif rank == words[prev][0] and words[prev][1] != names[actor.id]:
                words[prev] = (rank, ambiguous)
    terms = [_Term(k, v, True) for k, v in full.items()]
    terms += [_Term(k, v, False) for k, (_, v) in words.items()]
    return sorted(terms, key=lambda term: (-len(term.text), not term.full, term.text))


def _usable(name: str) -> bool:
    return len(name) >= 2 or (len(name) == 1 and not name.isascii())


def _name_words(name: str, kind: str) -> list[str]:
    """The words of a name that identify someone on their own."""
    tokens = re.findall(r"\w+(?:['’-]\w+)*", name)
    if len(tokens) < 2:
        return []
    out = []
    for i, token in enumerate(tokens):
        if token.casefold() in STOPWORDS or token.isdigit() or len(token) < 3:
            continue
        cased = token[:1].isupper()
        uncased = not token[:1].isupper() and not token[:1].islower()  # Arabic, Hebrew, CJK …
        if kind == "person" and (cased or uncased):
            out.append(token)
        elif kind != "person" and i > 0 and cased:
            out.append(token)
    return out


def _pattern(term: str) -> str:
    parts = [re.escape(p) for p in term.split()]
    body = r"\s+".join(parts)
    if re.match(r"\w", term):
        body = r"(?<!\w)" + body
    if re.search(r"\w$", term):
        # a possessive or plural "s" may follow ("Yassin's", "Yassins"); it stays in the text
        body += r"(?=(?:['’]?s)?(?!\w))"
    flags = "" if len(term) <= SHORT_NAME else "(?i:"
    return f"{flags}{body})" if flags else f"(?:{body})"


class Replacer:
    """Replace all terms in one pass (so a pseudonym is never replaced again)."""

    def __init__(self, terms: list[_Term]):
        self.terms = terms
        if terms:
            alternatives = "|".join(f"({_pattern(t.text)})" for t in terms)
            self.regex: re.Pattern | None = re.compile(alternatives)
        else:
            self.regex = None

    def __call__(self, text: str) -> str:
        if self.regex is None or not text:
            return text
        text = _nfc(text)
        return self.regex.sub(lambda m: self.terms[m.lastindex - 1].replacement, text)

    def fit(self, text: str, limit: int) -> str:
        """Replace, then shorten to `limit` characters without letting a name reappear."""
        out = self(text)
        cut = limit - 1
        while len(out) > limit and cut > 0:
            out = self(out[:cut].rstrip() + "…")
            cut -= max(1, len(out) - limit)
        return out if len(out) <= limit else "…"


class Anonymiser:
    def __init__(self, case: Case, fw: Framework | None, lang: str):
        self.case = case
        self.fw = fw
        self.names = pseudonyms(case, fw, lang)
        self.replace = Replacer(name_terms(case, self.names, lang))
        self.ids = {a.id: f"actor-{i}" for i, a in enumerate(all_actors(case), start=1)}

    def run(self) -> Case:
        doc = self.case.to_doc()
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
        return any(t.text.casefold() in low or (_slug(t.text) and _slug(t.text) in low)
                   for t in self.replace.terms)

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
    node = doc
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = replace.fit(node[loc[-1]], limit)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())
