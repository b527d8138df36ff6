"""Content a Wij-Zij trainer signs off on (issue #15, item 1): each correction, in Dutch and in
English, resting on a source the YAML cites.

The texts checked here are everything a user reads: the framework (concepts, parts,
worksheets, exercises; not the coach rules, which another developer is rewriting), the worked
case studies and the interface words of workbook/locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from workbook import i18n
from workbook.case.files import read_case
from workbook.coach.patterns import text_matches
from workbook.coach.vocabulary import Pattern, Words
from workbook.framework.schema import Framework

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK_FILES = [ROOT / "frameworks" / "brandsma.yaml",
                   *sorted((ROOT / "frameworks" / "brandsma").glob("worksheets/*.yaml")),
                   *sorted((ROOT / "frameworks" / "brandsma").glob("exercises/*.yaml"))]
CASE_FILES = {"nl": sorted((ROOT / "casestudies").glob("*.yaml")),
              "en": sorted((ROOT / "casestudies" / "en").glob("*.yaml"))}
LANGS = ("nl", "en")


# -- collecting what a user reads -------------------------------------------------------------
def _bilingual(node, where: str, out: dict[str, list[tuple[str, str]]]) -> None:
    """Every {nl: ..., en: ...} text under `node`, by language, with where it was found."""
    if isinstance(node, dict):
        if set(node) >= {"nl", "en"} and all(isinstance(node[k], str) for k in LANGS):
            for lang in LANGS:
                out[lang].append((where, node[lang]))
        for key, value in node.items():
            if key not in LANGS:
                _bilingual(value, f"{where}.{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _bilingual(value, f"{where}[{i}]", out)


def _strings(node, where: str, out: list[tuple[str, str]]) -> None:
    if isinstance(node, str):
        out.append((where, node))
    elif isinstance(node, dict):
        for key, value in node.items():
            _strings(value, f"{where}.{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _strings(value, f"{where}[{i}]", out)


def texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) for every text in `lang`: framework files, case studies, locale."""
    found: dict[str, list[tuple[str, str]]] = {"nl": [], "en": []}
    for path in FRAMEWORK_FILES:
        _bilingual(yaml.safe_load(path.read_text("utf-8")), path.name, found)
    for key, entry in i18n.catalogue().items():
        if not key.startswith("practice.stopwords"):
            found[lang].append((f"locale:{key}", entry[lang]))
    out = found[lang]
    for path in CASE_FILES[lang]:
        _strings(yaml.safe_load(path.read_text("utf-8")), f"{path.parent.name}/{path.name}", out)
    return out


def hits(lang: str, pattern: str) -> list[str]:
    rx = re.compile(pattern, re.IGNORECASE)
    return [f"{where}: {text[:90]}" for where, text in texts(lang) if rx.search(text)]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!:;])\s+", text) if s.strip()]


NEGATION = re.compile(r"\b(niet|geen|nooit|not|no|never)\b", re.IGNORECASE)


def affirming(lang: str, pattern: str) -> list[str]:
    """Sentences that use `pattern` without denying it ('geen fase', 'not a phase' are fine)."""
    rx = re.compile(pattern, re.IGNORECASE)
    return [f"{where}: {s[:90]}" for where, text in texts(lang) for s in sentences(text)
            if rx.search(s) and not NEGATION.search(s)]


@pytest.fixture(scope="module")
def fw(framework) -> Framework:
    return framework


def concept(fw: Framework, cid: str):
    found = fw.concept(cid)
    assert found is not None, cid
    return found


# -- sources: every content item may cite them, and the loader checks them ------------------------
def test_parts_worksheets_fields_and_exercise_items_cite_known_sources(fw):
    assert set(fw.parts[0].sources) >= {"inside_polarisation", "kov_roles"}
    assert fw.worksheet("intake").field("signals").sources == ["esau_bruns_2023"]
    assert "jordan_glasl" in fw.worksheet("escalation").sources
    mayor = next(i for e in fw.exercises if e.id == "which_role" for i in e.items
                 if i.id == "mayor_compromise")
    assert "decreet_lokaal_bestuur" in mayor.sources
    assert [s.id for s in fw.sources_of(fw.parts[0])] == fw.parts[0].sources


def test_an_unknown_source_is_refused_with_where_it_is(fw):
    doc = fw.model_dump()
    doc["parts"][0]["sources"] = ["no_such_source"]
    with pytest.raises(ValidationError) as err:
        Framework.model_validate(doc)
    assert "no_such_source" in str(err.value)
    assert err.value.errors()[0]["ctx"]["at"] == ("parts", 0, "sources")


def test_the_new_sources_have_addresses(fw):
    sources = {s.id: s for s in fw.concepts.sources}
    for sid in ("kov_roles", "polarisatie_nl", "jordan_glasl", "esau_bruns_2023",
                "overheid_neutraliteit", "brandsma_binnenlands_bestuur_2019"):
        assert sources[sid].url and sources[sid].url.startswith("http"), sid
    assert "bruns" not in sources  # the old entry without a reference is gone


# -- polarisation is natural and neutral, no role good or bad -----------------------------------------
def test_part_1_says_the_dynamic_is_natural_and_neutral(fw):
    intro = fw.parts[0].intro
    assert "natuurlijk" in intro.nl and "neutraal" in intro.nl
    assert "geen enkele rol is goed of fout" in intro.nl.lower()
    assert "natural" in intro.en and "neutral" in intro.en and "no role is good or bad" in intro.en.lower()
    natural = concept(fw, "natural_dynamic")
    assert {"inside_polarisation", "kov_roles"} <= set(natural.sources)
    assert "verrijken" in natural.definition.nl and "enrich" in natural.definition.en
    # the explorer lists it first among the other concepts
    assert fw.concepts.topics[0].id == "natural_dynamic"


# -- mayors are not neutral by office ---------------------------------------------------------------
NEUTRAL_LISTS = [("concept", "silent", "definition"), ("concept", "neutral_by_profession", "definition"),
                 ("field", "my_role", "neutral_by_profession"), ("field", "middle", "members")]


def _neutral_texts(fw):
    for kind, a, b in NEUTRAL_LISTS:
        yield (getattr(concept(fw, a), b) if kind == "concept"
               else fw.worksheet(a).field(b).help)


@pytest.mark.parametrize("lang,mayor,judges,civil", [
    ("nl", "burgemeester", "rechters", "ambtenaren"),
    ("en", "mayor", "judges", "civil servants")])
def test_no_mayor_among_those_neutral_by_office(fw, lang, mayor, judges, civil):
    for text in _neutral_texts(fw):
        value = text(lang)
        assert judges in value and civil in value, value
        for sentence in sentences(value):
            if judges in sentence:  # the list of those neutral by office
                assert mayor not in sentence.lower(), sentence
        if mayor in value.lower():  # named only to say the mayor is not neutral by office
            assert any(mayor in s.lower() and NEGATION.search(s) for s in sentences(value)), value
    double = concept(fw, "neutral_by_profession").definition(lang)
    assert ("dubbele positie" if lang == "nl" else "double position") in double
    assert {"kov_roles", "decreet_lokaal_bestuur", "brandsma_binnenlands_bestuur_2019"} <= set(
        concept(fw, "neutral_by_profession").sources)


def test_the_mayor_exercise_explains_the_double_position(fw):
    item = next(i for e in fw.exercises if e.id == "which_role" for i in e.items
                if i.id == "mayor_compromise")
    assert "neutraal uit beroep" in item.feedback.nl and "niet neutraal" in item.feedback.nl
    assert "not neutral by profession" in item.feedback.en
    assert "dubbele positie" in item.feedback.nl and "double position" in item.feedback.en


# -- Glasl: stage 4, stages never phases, the conflict parties only -----------------------------------
def test_glasl_stage_4_is_images_and_coalitions(fw):
    option = next(o for o in fw.worksheet("escalation").field("stage").options
                  if o.id == "images_coalitions")
    assert option.label.nl == "4 · Beeldvorming en coalities"
    assert option.label.en == "4 · Images and coalitions"
    assert "4 beeldvorming en coalities" in concept(fw, "glasl").recognise.nl
    for lang in LANGS:
        assert hits(lang, r"\bimago\b|zorg om imago|care for (their )?image|work on their image") == []


@pytest.mark.parametrize("lang,word", [("nl", r"\bfas(e|en|es)\b"), ("en", r"\bphases?\b")])
def test_glasl_stages_and_brandsmas_four_stages_are_never_phases(fw, lang, word):
    # the book's four stages (prevention ... reconciliation) and Glasl's nine
    assert affirming(lang, word) == []
    assert fw.worksheet("intake").field("phase").label(lang) == (
        "In welk stadium zitten we?" if lang == "nl" else "Which stage are we in?")
    assert i18n.t("part1.explorer.phases", lang) == ("Stadia" if lang == "nl" else "Stages")


def _case(path: Path):
    return read_case(path.read_bytes(), path.name)


@pytest.mark.parametrize("path", CASE_FILES["nl"] + CASE_FILES["en"], ids=lambda p: p.name)
def test_glasl_evidence_never_places_a_third_party_on_the_ladder(path):
    case = _case(path)
    evidence = str(case.answer("escalation", "evidence", "") or "")
    if not evidence:
        return
    titles = {"wijkagent", "neighbourhood", "officer", "community"}
    third = [w for a in case.actors if a.role == "scapegoat"
             for w in re.sub(r"\(.*?\)", "", a.name).split() if w.lower() not in titles]
    for sentence in sentences(evidence):
        if re.search(r"trap 5|stage 5|gezichtsverlies|loss of face", sentence, re.I):
            for name in third:
                if name in sentence:
                    assert NEGATION.search(sentence), sentence


# -- claims with a source, or said as the app's own guidance -------------------------------------
def test_the_five_signals_are_sourced_not_after_bruns(fw):
    for lang in LANGS:
        assert hits(lang, r"naar Bruns|after Bruns|as used in the course") == []
    signals = concept(fw, "destructive_signals")
    assert signals.sources == ["esau_bruns_2023"]
    assert "Esau" in signals.definition.nl and "Esau" in signals.definition.en


def test_the_sketch_map_is_the_workbooks_own_design(fw):
    for lang in LANGS:
        assert hits(lang, r"de cursus tekent|the course draws") == []
    sketch = concept(fw, "sketch_map")
    assert sketch.sources[0] == "inside_polarisation"
    assert "eigen uitwerking" in sketch.definition.nl and "own design" in sketch.definition.en


# -- no overpromises about the scapegoat --------------------------------------------------------------
def test_no_overpromises_about_the_scapegoat(fw):
    assert hits("nl", r"niemand hoeft nog zondebok") == []
    assert hits("en", r"nobody has to be the scapegoat") == []
    scapegoat = concept(fw, "scapegoat")
    assert "geen meetlat" in scapegoat.definition.nl
    assert "not a measure" in scapegoat.definition.en
    assert "polarisatie_nl" in scapegoat.sources


# -- one word per role ---------------------------------------------------------------------------------
def _role_word(name: str) -> str:
    word = re.sub(r"\s*\([^)]*\)", "", name).strip()
    word = re.sub(r"^(het|de|the)\s+", "", word, flags=re.I)
    return word[:1].upper() + word[1:]


@pytest.mark.parametrize("lang", LANGS)
def test_the_anonymiser_uses_the_apps_word_for_each_role(fw, lang):
    for role in fw.concepts.roles:
        assert i18n.t(f"export.anon.role_{role.id}", lang) == _role_word(role.name(lang)), role.id
    for word in ("Middenfiguur", "Aanjager A", "Meeloper B"):
        assert hits(lang, re.escape(word)) == []


# -- the bridge builder is not a mediator ----------------------------------------------------------------
def test_the_bridge_builder_is_not_called_a_mediator(fw):
    assert "bemiddel" not in i18n.t("map.empty_actors", "nl")
    assert "mediat" not in i18n.t("map.empty_actors", "en")
    recognise = concept(fw, "scapegoat").recognise
    assert "bemiddelde" not in recognise.nl and "mediated" not in recognise.en


# -- language ------------------------------------------------------------------------------------------
BAD_NL = [r"valt er een zondebok", r"valt in het midden", r"\bleun\w* mee\b", r"\bmeeleun",
          r"Na te gaan,", r"nagaanbare?", r"\bkunt\b", r"werkmap", r"\bneutraal uit beroep\b.*burgemeesters"]
BAD_EN = [r"falls (in|into) the middle", r"\blean\w* along\b", r"community officer", r"\bpodium\b"]


@pytest.mark.parametrize("pattern", BAD_NL)
def test_dutch_reads_well(pattern):
    assert hits("nl", pattern) == []


@pytest.mark.parametrize("pattern", BAD_EN)
def test_english_reads_well(pattern):
    assert hits("en", pattern) == []


# -- the exercise model rewrites follow the app's own advice --------------------------------------------
def test_model_rewrites_propose_no_plenary_evenings(fw):
    lexicons = {lex.id: lex for lex in fw.lexicons}
    events = Pattern(of="action_title", words=Words(lexicon=["dialogue_events"]),
                     unless=Words(lexicon=["negation"]))
    rewrite = next(e for e in fw.exercises if e.id == "mediative_tone")
    for item in rewrite.items:
        for lang in LANGS:
            model = item.model(lang)
            assert not text_matches(events, model, lexicons), (item.id, model)
            plain = re.sub(r"'s avonds|in the evening", "", model)
            assert not re.search(r"avond|evening", plain, re.I), (item.id, model)


# -- the police and young people case: a model answer with the young people in it -------------------
POLICE = {"nl": ROOT / "casestudies" / "politie_jongeren.yaml",
          "en": ROOT / "casestudies" / "en" / "politie_jongeren.yaml"}
YOUNG = {"nl": "jongeren", "en": "young people"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_police_case_works_with_the_young_people(lang):
    case = _case(POLICE[lang])
    young = [a for a in case.actors if a.role == "silent" and YOUNG[lang] in a.name.lower()]
    assert len(young) == 1, [a.name for a in case.actors]
    yid = young[0].id
    assert yid in case.answer("target_group", "who")
    assert yid in case.answer("dialogue", "with")
    assert yid in case.answer("middle", "members")
    working_group = next(a for a in case.strategy.actions
                         if "werkgroep" in a.title.lower() or "working group" in a.title.lower())
    assert yid in working_group.targets and YOUNG[lang] in working_group.title.lower()
    # a police officer who seeks a connection together with the young people (the seed interview)
    sofie = next(a.id for a in case.actors if "Sofie" in a.name)
    assert any({yid, sofie} <= set(a.targets) for a in case.strategy.actions)
    assert YOUNG[lang] in case.answer("target_group", "why").lower()


@pytest.mark.parametrize("lang,others", [("nl", ("buren", "controles")),
                                         ("en", ("neighbours", "checks"))])
def test_the_police_case_asks_a_question_everyone_finds_credible(lang, others):
    case = _case(POLICE[lang])
    question = case.answer("topic", "question")
    assert "not_one_pole" in case.answer("topic", "checks")
    # the young people's stake beside the neighbours', not one pole's concerns alone
    assert YOUNG[lang] in question.lower() and all(w in question for w in others)
    assert not re.search(r"gerust naartoe|happy to let their children", question)


# -- the small example has an English twin -------------------------------------------------------------
def test_stationsplein_has_a_faithful_english_twin():
    nl = _case(ROOT / "casestudies" / "stationsplein.yaml")
    en = _case(ROOT / "casestudies" / "en" / "stationsplein.yaml")
    assert en.id == nl.id + "-en" and en.format_version == nl.format_version

    def shape(a):
        return (a.id, a.kind, a.role, a.side, a.stance, a.influence, bool(a.notes))

    assert [shape(a) for a in en.actors] == [shape(a) for a in nl.actors]
    assert [(e.date, e.source, e.intensity) for e in en.fuel] == \
        [(e.date, e.source, e.intensity) for e in nl.fuel]
    assert [p.side for p in en.poles] == [p.side for p in nl.poles]
    assert en.answers.keys() == nl.answers.keys()
    for sheet, answers in nl.answers.items():
        assert en.answers[sheet].keys() == answers.keys()
        for field, value in answers.items():
            if isinstance(value, str) and len(value) > 20:
                assert en.answers[sheet][field] != value  # translated
            else:
                assert en.answers[sheet][field] == value  # the same choice or date
    # every text translated
    assert en.title != nl.title
    assert all(x.name != y.name for x, y in zip(en.actors, nl.actors))
    assert all(x.notes != y.notes for x, y in zip(en.actors, nl.actors) if y.notes)
    assert all(x.description != y.description for x, y in zip(en.fuel, nl.fuel))
    assert all((x.label, x.identity) != (y.label, y.identity) for x, y in zip(en.poles, nl.poles))
    text = (ROOT / "casestudies" / "en" / "stationsplein.yaml").read_text("utf-8")
    assert text.startswith("#") and "Invented" in text[:300]


def test_the_english_library_shows_the_english_stationsplein():
    from workbook.framework.casestudies import load_library
    english = {c.id: c for c in load_library("en")[0]}
    assert "ex-stationsplein-en" in english and "ex-stationsplein" not in english
    assert english["ex-stationsplein-en"].title == "Young people and police at the station square"
