"""The anonymisation list: what is replaced when a case is anonymised, and by what.

One entry per actor (its name, and the parts of the name that identify it on their own) and one
per term: a word that names a place inside a group's name ("Jongens Kooi": "Kooi"), or a term
the facilitator added (a place, a street, a school, a club). Each has a generated pseudonym,
which the facilitator may replace by one of their own; an actor with a descriptive name that
identifies no one ("young people of the youth centre") may keep it. Those choices are stored
with the case (`Case.anonymisation`), so every presentation and export uses the same names.

Generated pseudonyms read as names and never nest: a person by role and letter ("Pusher A",
"Zondebok A"), a group by its role's group word ("Joinergroep A", "Joiner group A"), an
organisation, medium or institution by its kind ("Organisatie A"), an actor without a role by
its kind ("Persoon A"), a term by a letter from the end of the alphabet ("X", "Y", "Z").

Which parts of a name are replaced:
- a person: the whole name, and the name without what follows in brackets or after a comma
  ("Yassin" of "Yassin (19), woordvoerder"), in any letter case; each capitalised word of a
  longer name ("Sofie" of "Wijkagent Sofie") only where written with its capital;
- a group, organisation, medium or institution: the whole name, a quoted part of it ("Kiel
  Leeft" of "Facebookgroep 'Kiel Leeft'"), and, as terms of their own, its capitalised words
  after the first outside quotes (a place: "Kooi", "Lindelaan"), only with their capital.
Ordinary words of a name ("buren", "Facebookgroep" as a description in brackets) stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbook import i18n
from workbook.case.model import Actor, Alias, Case
from workbook.framework.schema import Framework
from workbook.share.phrases import Phrase, Replacer, nfc

STOPWORDS = frozenset("""
van de der den het een en of te ten ter op in aan bij met voor uit tot om
von zu und le la les du des da di del dos el al bin ben ibn
the of and a an at to for on in by with from
""".split())
TERM_LETTERS = "XYZWVUTSRQ"
QUOTED = re.compile(r"['‘’\"“”„«»]\s*([^'‘’\"“”„«»]{2,}?)\s*['‘’\"“”„«»]")
WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass
class Entry:
    """One line of the list: `original` (and its `variants`) shown as `pseudonym`."""

    key: str  # "actor:<id>" or "term:<casefolded term>"
    kind: str  # "actor", "word" (found in a group's name) or "term" (the facilitator's)
    original: str
    generated: str
    pseudonym: str  # what is shown: the facilitator's choice, else the generated one
    keep: bool = False
    actor_id: str = ""
    variants: list[Phrase] = field(default_factory=list)  # more phrases, same replacement
    refused: str = ""  # a chosen pseudonym that was not used, since it names someone
    descriptive: bool = False  # a group's name that names no one: one the list may keep
    alias_id: str = ""  # the stored line of the list this entry follows, if any

    @property
    def shown(self) -> str:
        return self.original if self.keep else self.pseudonym


def all_actors(case: Case) -> list[Actor]:
    """The case's actors, then those only found in snapshots of the map (deleted since)."""
    seen = {a.id for a in case.actors}
    out = list(case.actors)
    for snapshot in case.snapshots:
        for actor in snapshot.actors:
            if actor.id not in seen:
                seen.add(actor.id)
                out.append(actor)
    return out


# -- generated pseudonyms --------------------------------------------------------------------
def pseudonyms(case: Case, fw: Framework | None, lang: str = "nl") -> dict[str, str]:
    """Actor id -> generated pseudonym, in the case's actor order."""
    counters: dict[str, int] = {}
    out: dict[str, str] = {}
    for actor in all_actors(case):
        base = _base(actor, fw, lang)
        n = counters[base] = counters.get(base, 0) + 1
        out[actor.id] = f"{base} {letters(n)}"
    return out


def _base(actor: Actor, fw: Framework | None, lang: str) -> str:
    role = fw.role(actor.role) if (fw and actor.role) else None
    if role is not None and actor.kind == "person":
        return _word(f"export.anon.role_{role.id}", role.name(lang), lang)
    if role is not None and actor.kind == "group":
        return _word(f"export.anon.group_{role.id}", role.name(lang), lang)
    kind = i18n.t(f"export.anon.kind_{actor.kind}", lang)
    return kind[:1].upper() + kind[1:]


def _word(key: str, name: str, lang: str) -> str:
    if key in i18n.catalogue():
        return i18n.t(key, lang)
    # a framework's own role without a word here: its name, without a gloss in brackets
    word = re.sub(r"\s*\([^)]*\)", "", name).strip() or name
    return word[:1].upper() + word[1:40]


def letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def term_letter(n: int) -> str:
    """1 -> X, 2 -> Y, ..., then X2, Y2, ..."""
    k, i = divmod(n - 1, len(TERM_LETTERS))
    return TERM_LETTERS[i] + (str(k + 1) if k else "")


# -- the parts of a name ------------------------------------------------------------------------
def clean(text: str) -> str:
    return " ".join(nfc(text).split())


def usable(text: str) -> bool:
    return len(text) >= 2 or (len(text) == 1 and not text.isascii())


def main_part(name: str) -> str:
    """A person's name without what follows in brackets or after a comma."""
    return clean(re.split(r"[(,\[]", name, maxsplit=1)[0])


def _capitalised(word: str) -> bool:
    return (word[:1].isupper() and word.casefold() not in STOPWORDS and len(word) >= 3
            and not word.isdigit())


def _uncased(word: str) -> bool:
    """A word of a script without capitals (Arabic, Hebrew, CJK …)."""
    return word[:1].isalpha() and not word[:1].isupper() and not word[:1].islower()


def person_words(name: str) -> list[str]:
    """The words of a person's longer name that identify them on their own, and each run of
    such words ("Sofie Peeters" of "Wijkagent Sofie Peeters"), so a run is one phrase."""
    words = WORD.findall(main_part(name))
    if len(words) < 2:
        return []
    named = [(_capitalised(w) or (_uncased(w) and len(w) >= 2)) and w.casefold() not in STOPWORDS
             for w in words]
    out = [w for w, ok in zip(words, named) if ok]
    for i in range(len(words)):
        for j in range(i + 2, len(words) + (i > 0)):
            if all(named[i:j]):
                out.append(" ".join(words[i:j]))
    return out


def quoted_parts(name: str) -> list[str]:
    return [clean(q) for q in QUOTED.findall(name) if usable(clean(q))]


def place_words(name: str) -> list[str]:
    """Capitalised words after the first of a group's (or organisation's) name, outside
    quotes: mostly a place ('Jongens Kooi', 'Buren Lindelaan')."""
    outside = QUOTED.sub(" ", main_part(name) if "(" in name else name)
    words = WORD.findall(outside)
    return [w for w in words[1:] if _capitalised(w) or (_uncased(w) and len(w) >= 2)]


def descriptive(actor: Actor) -> bool:
    """A group's (organisation's …) name of ordinary words only, no place, number or quote:
    'Jongeren van de wijk', not 'Jongens Kooi' or 'Ouders 4B'."""
    name = clean(actor.name)
    return (actor.kind != "person" and usable(name) and not place_words(name)
            and not quoted_parts(name) and not any(ch.isdigit() for ch in name))


def actor_phrases(actor: Actor) -> tuple[list[str], list[str]]:
    """(phrases in any letter case, single words only with their capital) of an actor."""
    name = clean(actor.name)
    if not usable(name):
        return [], []
    anycase = [name]
    if actor.kind == "person":
        main = main_part(name)
        if usable(main) and main != name:
            anycase.append(main)
        return anycase, [w for w in person_words(name) if w.casefold() != main.casefold()]
    anycase += [q for q in quoted_parts(name) if q.casefold() != name.casefold()]
    return anycase, []


# -- the list -----------------------------------------------------------------------------------
OWN, FULL, PART, WORD_OF_NAME, PLACE = -1, 0, 1, 2, 3  # which claim on a phrase wins


def anonymisation_list(case: Case, fw: Framework | None, lang: str = "nl") -> list[Entry]:
    """The actors' entries (case order), then the terms: those found in group names, then
    the facilitator's own, in the order they were added.

    A phrase claimed twice goes to the strongest claim: a term the facilitator added, then a
    whole name, a part of a name (without brackets, a quoted part), a word of a person's name,
    a word of a group's name. Two actors with an equally strong claim (two called "Jan")
    share it: a mention names neither ("[naam]")."""
    chosen = {a.actor: a for a in case.anonymisation if a.actor}
    generated = pseudonyms(case, fw, lang)
    entries = []
    for actor in all_actors(case):
        alias = chosen.get(actor.id)
        own = alias.pseudonym.strip() if alias else ""
        entries.append(Entry(f"actor:{actor.id}", "actor", clean(actor.name) or "?",
                             generated[actor.id], own or generated[actor.id],
                             keep=bool(alias and alias.keep), actor_id=actor.id,
                             descriptive=descriptive(actor), alias_id=alias.id if alias else ""))
    claims = _claims(case, {e.actor_id: e for e in entries})
    terms: list[Entry] = []
    lettered = 0  # terms named by a letter so far
    ambiguous = i18n.t("export.anon.ambiguous", lang)
    for claim in claims.values():
        # a kept name never shelters someone else's: a claim to replace comes first
        order = min((_kept(c[1]), c[0]) for c in claim)
        best = [c for c in claim if (_kept(c[1]), c[0]) == order]
        rank, owner, text, capital = best[0]
        if rank in (OWN, PLACE):
            actor = next((c[1] for c in claim if isinstance(c[1], Entry)), None)
            lettered += actor is None
            terms.append(_term(text, rank, lettered, owner, actor))
        elif len({id(c[1]) for c in best}) > 1:
            owner.variants.append(Phrase(text, ambiguous, capital))
        else:
            owner.variants.append(Phrase(text, "", capital))
    entries += sorted(terms, key=lambda e: e.kind == "term")  # words found, then own terms
    _check_chosen(entries)
    return entries


Claim = tuple  # (rank, owner: Entry | Alias | None, text, capital)


def _kept(owner) -> bool:
    return isinstance(owner, Entry) and owner.keep


def _claims(case: Case, by_id: dict[str, Entry]) -> dict[str, list[Claim]]:
    """Every phrase to replace (casefolded) with every claim on it, in a stable order."""
    claims: dict[str, list[Claim]] = {}

    def claim(rank: int, owner, text: str, capital: bool = False) -> None:
        claims.setdefault(text.casefold(), []).append((rank, owner, text, capital))

    named = [*case.actors, *(a for s in case.snapshots for a in s.actors)]
    for actor in named:  # a name in a snapshot (renamed or deleted since) counts too
        anycase, capital = actor_phrases(actor)
        for i, text in enumerate(anycase):
            claim(FULL if i == 0 else PART, by_id[actor.id], text)
        for text in capital:
            claim(WORD_OF_NAME, by_id[actor.id], text, True)
    for actor in named:
        if actor.kind != "person":
            for word in place_words(actor.name):
                claim(PLACE, None, word, True)
    for alias in case.anonymisation:
        term = clean(alias.term)
        if not alias.actor and usable(term):
            claim(OWN, alias, term)
    for key, found in claims.items():  # a stored choice on a word found in a name
        if any(c[0] == PLACE for c in found):
            alias = next((c[1] for c in found if c[0] == OWN), None)
            if alias is not None:
                claims[key] = [c for c in found if c[0] != OWN]
                claims[key] = [(c[0], alias, c[2], c[3]) if c[0] == PLACE else c
                               for c in claims[key]]
    return claims


def _term(text: str, rank: int, n: int, alias: Alias | None, actor: Entry | None) -> Entry:
    """A term's entry; a term that is also part of an actor's name gets the actor's name."""
    generated = actor.pseudonym if actor is not None else term_letter(n)
    own = alias.pseudonym.strip() if alias else ""
    kind = "term" if rank == OWN else "word"
    entry = Entry(f"term:{text.casefold()}", kind, text, generated, own or generated,
                  keep=bool(alias and alias.keep), alias_id=alias.id if alias else "")
    entry.variants.append(Phrase(text, "", rank == PLACE))
    return entry


def _check_chosen(entries: list[Entry]) -> None:
    """A chosen pseudonym that contains a phrase still to be replaced would bring it back,
    and one that is another entry's name would make two one: the generated one is used
    instead, and the entry says why."""
    finder = Replacer([p for e in entries if not e.keep for p in e.variants])
    for entry in entries:
        if entry.pseudonym == entry.generated:
            continue
        mine = entry.pseudonym.casefold()
        taken = any(mine in (other.generated.casefold(), other.shown.casefold())
                    for other in entries if other is not entry)
        if taken or finder.found(entry.pseudonym):
            entry.refused, entry.pseudonym = entry.pseudonym, entry.generated


def phrases(entries: list[Entry]) -> list[Phrase]:
    """What to replace in text, and by what: every phrase of every entry not kept."""
    return [Phrase(p.text, p.replacement or entry.pseudonym, p.capital)
            for entry in entries if not entry.keep for p in entry.variants]


def stored(entries: list[Entry], changes: dict[str, dict] | None = None,
           added: list[dict] | None = None, removed: set[str] = frozenset()) -> list[dict]:
    """The list to store after the facilitator's edits: `changes` (entry key -> pseudonym
    and/or keep), terms `added` ({term, pseudonym}), entry keys `removed` (own terms). Only
    what differs from the generated list is stored."""
    changes = changes or {}
    out: list[dict] = []
    for entry in entries:
        if entry.key in removed and entry.kind == "term":
            continue
        want = {"pseudonym": entry.pseudonym if entry.pseudonym != entry.generated else "",
                "keep": entry.keep, **changes.get(entry.key, {})}
        pseudonym = str(want.get("pseudonym") or "").strip()[:300]
        pseudonym = "" if pseudonym == entry.generated else pseudonym
        keep = bool(want.get("keep"))
        if entry.kind == "term" or pseudonym or keep:
            line = {"actor": entry.actor_id,
                    "term": "" if entry.actor_id else entry.original[:300],
                    "pseudonym": pseudonym, "keep": keep}
            out.append({"id": entry.alias_id, **line} if entry.alias_id else line)
    known = {e.key for e in entries if e.key not in removed or e.kind != "term"}
    for term in added or []:
        text = clean(str(term.get("term") or ""))[:300]
        if usable(text) and f"term:{text.casefold()}" not in known:
            known.add(f"term:{text.casefold()}")
            out.append({"actor": "", "term": text, "keep": False,
                        "pseudonym": clean(str(term.get("pseudonym") or ""))[:300]})
    return out
