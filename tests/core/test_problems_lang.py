"""Refusals read fully in the user's language: the kind of problem and what exactly is wrong.

Every hostile file that is refused (tests/hostile/) and a broken framework of each sort go
through the same path as `python -m workbook validate --lang nl FILE` (and import); no Dutch
message may carry pydantic's or our validators' English words. Only a parser's own words
(YAML syntax detail) may stay, as a technical detail in brackets.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Callable

import pytest
import yaml
from pydantic import ValidationError

from tests.test_hostile import CORPUS, REFUSED
from workbook import cli, i18n, problems
from workbook.case.model import Case
from workbook.framework.check import load_checked
from workbook.problems import InputRejected, Problem, first_problem

ROOT = Path(__file__).resolve().parents[2]
# Kinds whose detail is a parser's own words, allowed to stay untranslated.
PARSER_KINDS = {"syntax", "bad_tag", "bad_date", "unreadable"}
# Words of pydantic and of our validators in English; none may reach a Dutch reader.
ENGLISH = re.compile(
    r"\b(input|should|must|unique|valid|required|permitted|at most|at least|characters|"
    r"integer|number|expected|needs|field|item|options? (?:is|are)|not one of|string|"
    r"greater|less than|value error|the actors|pole on side|choose from)\b", re.IGNORECASE)
# Dutch words of our hints; none may reach an English reader.
DUTCH = re.compile(r"\b(hoogstens|minstens|hier hoort|kies uit|elke id|dubbel|gebruik|"
                   r"tekens|pool aan kant|onderdeel|werkblad|begrippen)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def catalogue():
    from workbook.framework.loader import load_dir

    return load_dir()


def _words(problem: Problem, lang: str) -> str:
    """What a reader gets in `lang`, less the location (field names are the file's own) and
    a parser's own words."""
    text = problem.message(lang).removeprefix(f"{problem.loc}: " if problem.loc else "")
    if problem.kind in PARSER_KINDS and problem.detail:
        text = text.replace(f"({problem.detail})", "")
    return text


def _assert_in_language(found: list[Problem], where: str) -> None:
    assert found, f"{where} should be refused"
    for p in found:
        nl, en = _words(p, "nl"), _words(p, "en")
        assert not ENGLISH.search(nl), f"{where}: English in Dutch: {p.format('nl')}"
        assert not DUTCH.search(en), f"{where}: Dutch in English: {p.format('en')}"
        for text in (nl, en):
            assert "{" not in text and "errors." not in text, f"{where}: unfilled: {text}"
        if p.kind not in PARSER_KINDS:
            assert not (p.show_detail and p.detail), f"{where}: untranslated: {p.format('nl')}"


REFUSED_FILES = sorted(REFUSED)


@pytest.mark.parametrize("name", REFUSED_FILES)
def test_every_refused_hostile_file_reads_in_dutch_and_in_english(name, catalogue):
    path = CORPUS / name
    _assert_in_language(cli.validate_path(path, catalogue), f"validate {name}")
    with pytest.raises(InputRejected) as caught:
        load_checked(path.read_bytes(), name, catalogue.frameworks)
    _assert_in_language(caught.value.problems, f"import {name}")


def test_the_command_line_prints_these_messages_located(catalogue, capsys):
    files = [CORPUS / n for n in REFUSED_FILES]
    assert cli.main(["--lang", "nl", "validate", *map(str, files)]) == 1
    printed = capsys.readouterr().out.splitlines()
    expected = [p.format("nl") for f in files for p in cli.validate_path(f, catalogue)]
    assert printed == expected


@pytest.mark.parametrize("name, line, start", [
    ("duplicate_actor_ids.yaml", 6, "actors[1].id: ongeldige waarde (elke id mag maar één keer"
                                    " voorkomen bij de actoren; dubbel: same)"),
    ("one_sided_poles.yaml", 4, "poles: ongeldige waarde (een casus heeft een pool aan kant a"),
    ("huge_number.yaml", 6, "actors[0].influence: waarde buiten het toegelaten bereik "
                            "(hoogstens 5)"),
    ("title_too_long.yaml", 2, "title: tekst te lang (hoogstens 300 tekens)"),
    ("stance_nan.yaml", 6, "actors[0].stance: waarde buiten het toegelaten bereik (geef een"),
    ("bad_actor_id.yaml", 4, "actors[0].id: ongeldige opmaak (gebruik 1 tot 40 letters"),
    ("unknown_key.yaml", 5, "actors[0].nmae: onbekende sleutel (tikfout?)"),
    ("bad_date.yaml", 4, "geen geldige datum (JJJJ-MM-DD) ('2026-13-45' bestaat niet als datum)"),
])
def test_dutch_messages_keep_file_line_and_field(name, line, start, catalogue):
    found = cli.validate_path(CORPUS / name, catalogue)
    assert found[0].format("nl").startswith(f"{CORPUS / name}:{line}: {start}")


def test_a_choice_is_offered_with_the_readers_word_for_or():
    doc = Case().to_doc()
    doc["actors"] = [{"id": "a1", "side": "left"}]
    with pytest.raises(ValidationError) as caught:
        Case.model_validate(doc)
    found = problems.from_validation_error(caught.value, "c.yaml", lambda loc: 3)
    assert found[0].message("nl") == ("actors[0].side: geen toegelaten waarde "
                                      "(kies uit 'a', 'b' of 'none')")
    assert found[0].message("en") == ("actors[0].side: not an allowed value "
                                      "(choose from 'a', 'b' or 'none')")


def test_numbers_are_written_the_readers_way():
    p = Problem("x", "out_of_range", hint="at_least", params={"limit": -0.5})
    assert p.message("nl").endswith("(minstens -0,5)")
    assert p.message("en").endswith("(at least -0.5)")
    assert Problem("x", "out_of_range", hint="at_most", params={"limit": 1.0}).message("nl") \
        .endswith("(hoogstens 1)")


def test_a_refused_save_gives_its_reason_in_the_readers_language():
    case = Case()
    with pytest.raises(ValueError) as caught:
        Case.model_validate({**case.to_doc(), "title": "x" * 301})
    reason = first_problem(caught.value)
    assert reason.message("nl") == "tekst te lang (hoogstens 300 tekens)"
    assert reason.message("en") == "text too long (at most 300 characters)"
    assert "300" in reason.detail  # pydantic's own words stay for logs


# -- frameworks: each of our own refusals, through `validate` ------------------------------
MINIMAL = {
    "id": "mini", "version": "1", "title": {"nl": "Mini", "en": "Mini"},
    "description": {"nl": "Klein", "en": "Small"},
    "parts": [{"number": 1, "title": {"nl": "Deel", "en": "Part"},
               "intro": {"nl": "Inleiding", "en": "Introduction"}}],
    "concepts": {"roles": [{"id": "pusher", "name": {"nl": "Aanjager", "en": "Pusher"},
                            "definition": {"nl": "Brandstof", "en": "Fuel"},
                            "colour": "#D55E00", "symbol": "triangle-up", "zone": "pole"}]},
    "worksheets": [{"id": "first", "part": 1, "title": {"nl": "Eerste", "en": "First"},
                    "fields": [{"id": "a", "type": "text", "label": {"nl": "V", "en": "Q"}}]}],
}
TEXT = {"nl": "t", "en": "t"}


def _choice_set(**changes) -> dict:
    item = {"id": "q1", "prompt": TEXT, "answer": "pusher", "feedback": TEXT}
    ex = {"id": "ex1", "kind": "choice", "title": TEXT, "options_from": "roles",
          "items": [item]}
    ex.update(changes.pop("set", {}))
    item.update(changes)
    return ex


def _field(**changes) -> Callable[[dict], None]:
    def apply(fw: dict) -> None:
        fw["worksheets"][0]["fields"].append({"id": "f", "label": TEXT, **changes})
    return apply


def _exercise(ex: dict) -> Callable[[dict], None]:
    def apply(fw: dict) -> None:
        fw["exercises"] = [ex]
    return apply


def _set(path: tuple, value) -> Callable[[dict], None]:
    def apply(fw: dict) -> None:
        node = fw
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return apply


REWRITE = {"id": "rw", "kind": "rewrite", "title": TEXT,
           "checklist": [{"id": "calm", "label": TEXT}],
           "items": [{"id": "s1", "sentence": TEXT, "model": TEXT, "explanation": TEXT,
                      "checklist": ["loud"]}]}
BROKEN: dict[str, tuple[Callable[[dict], None], str]] = {
    "choice without options": (_field(type="choice"), "needs_options"),
    "text with options": (_field(type="text", options_from="roles"), "takes_no_options"),
    "table without columns": (_field(type="table"), "table_columns"),
    "scale the wrong way": (_field(type="scale", min=5, max=1), "scale_range"),
    "two option ids alike": (_field(type="choice", options=[{"id": "x", "label": TEXT},
                                                            {"id": "x", "label": TEXT}]),
                             "duplicate_ids"),
    "two field ids alike": (_field(type="text", id="a"), "duplicate_ids"),
    "worksheet in no part": (_set(("worksheets", 0, "part"), 3), "part_not_defined"),
    "two worksheets alike": (lambda fw: fw["worksheets"].append(
        copy.deepcopy(fw["worksheets"][0])), "duplicate_ids"),
    "two concepts alike": (lambda fw: fw["concepts"].__setitem__(
        "laws", [{"id": "pusher", "name": TEXT, "definition": TEXT}]), "duplicate_ids"),
    "bad colour": (_set(("concepts", "roles", 0, "colour"), "orange"), "colour_code"),
    "bad id": (_set(("worksheets", 0, "id"), "First Sheet"), "key_chars"),
    "answer not a role": (_exercise(_choice_set(answer="nobody")), "answer_not_option"),
    "wrong not a role": (_exercise(_choice_set(wrong={"ghost": TEXT})), "wrong_not_option"),
    "wrong is the answer": (_exercise(_choice_set(wrong={"pusher": TEXT})), "wrong_is_answer"),
    "unknown concept": (_exercise(_choice_set(concepts=["nonsense"])), "unknown_concepts"),
    "options and options_from": (_exercise(_choice_set(set={"options": [
        {"id": "pusher", "label": TEXT}]})), "options_and_from"),
    "no options anywhere": (_exercise(_choice_set(set={"options_from": None})),
                            "item_without_options"),
    "answer not a listed option": (_exercise(_choice_set(set={
        "options_from": None, "options": [{"id": "early", "label": TEXT}]})),
        "answer_not_option"),
    "unknown checklist point": (_exercise(REWRITE), "unknown_checklist"),
    "unknown kind": (_exercise(_choice_set(set={"kind": "quiz"})), "bad_kind"),
    "coach rule on things not defined": (lambda fw: fw.__setitem__("coach_rules", [{
        "id": "r1", "severity": "hint", "concept": "nonsense", "title": TEXT, "message": TEXT,
        "when": {"any": {"actors": {"role": "pushr"}}}}]), "coach_rules"),
    "two items alike": (_exercise(_choice_set(set={"items": [
        {"id": "q", "prompt": TEXT, "answer": "pusher", "feedback": TEXT}] * 2})),
        "duplicate_ids"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_every_framework_refusal_reads_in_dutch(name, tmp_path, catalogue):
    change, hint = BROKEN[name]
    doc = copy.deepcopy(MINIMAL)
    change(doc)
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    found = cli.validate_path(path, catalogue)
    assert [p.hint for p in found] == [hint], [p.format("en") for p in found]
    assert found[0].line is not None
    _assert_in_language(found, name)


# -- the catalogue has every key these messages use ----------------------------------------
def _keys_used_in_code() -> set[str]:
    """errors.* keys named in workbook/: Problem kinds and hints, refusal types, list names."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "workbook").rglob("*.py"))
    keys = {f"errors.{k}" for k in re.findall(r'\bProblem\(\s*[\w.]+,\s*"(\w+)"', code)}
    keys |= {f"errors.{k}" for k in re.findall(r'\bhint="(\w+)"', code)}
    keys |= {f"errors.{k}" for k in re.findall(r'\brefusal\(\s*"(\w+)"', code)}
    keys |= {f"errors.what.{k}" for k in re.findall(r'\bcheck_unique\(\s*"(\w+)"', code)}
    coach = (ROOT / "workbook" / "coach" / "checks.py").read_text(encoding="utf-8")  # rule_problems
    keys |= {f"errors.coach_{k}" for k in re.findall(r'\b(?:say|append)\(\(?"(\w+)"', coach)}
    return keys


def test_every_errors_key_used_exists_in_both_languages():
    used = _keys_used_in_code()
    assert "errors.duplicate_ids" in used and "errors.what.actors" in used, "the scan broke"
    assert {"errors.coach_role", "errors.coach_rule_ids"} <= used, "the scan broke"
    for kind, hint in problems._PYDANTIC_KINDS.values():
        used |= {f"errors.{kind}"} | ({f"errors.{hint}"} if hint else set())
    used |= {f"errors.{k}" for k in problems._PATTERNS.values()}
    used |= {"errors.or", "errors.duplicate_ids", "errors.not_finite", "errors.pattern"}
    cat = i18n.catalogue()
    missing = sorted(k for k in used
                     if not (cat.get(k, {}).get("nl") and cat.get(k, {}).get("en")))
    assert missing == []


def test_the_model_patterns_are_said_in_words():
    from workbook.case.model import ShortId
    from workbook.framework.schema import Colour, Id

    for alias in (ShortId, Id, Colour):
        pattern = next(m.pattern for m in alias.__metadata__ if getattr(m, "pattern", None))
        assert pattern in problems._PATTERNS
