"""The coach's word patterns beyond plain words: lemmas (every inflected form of a base form,
Dutch and English, offline), words of one sentence together, compound heads, and text between
quotation marks left out. All declarative: the YAML names words, never a regex."""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError

from workbook import cli, coach
from workbook.coach.patterns import forms, unquote


def pattern(**data) -> coach.Pattern:
    return coach.Pattern.model_validate({"of": "action_title", **data})


@pytest.mark.parametrize("text", [
    "Wij veroordelen dit gedrag.", "Het stadsbestuur veroordeelt de rellen.",
    "Dat werd door iedereen veroordeeld.", "We condemn the violence.",
    "The council condemned it.", "Condemning them will not help.",
])
def test_a_lemma_matches_every_inflected_form(text):
    assert coach.text_matches(pattern(words={"match": "lemmas", "nl": ["veroordelen"],
                                             "en": ["condemn"]}), text)


@pytest.mark.parametrize("text", ["Veroordeling", "condemnation", "Wij oordelen niet."])
def test_a_lemma_is_a_whole_word(text):
    assert not coach.text_matches(pattern(words={"match": "lemmas", "nl": ["veroordelen"],
                                                 "en": ["condemn"]}), text)


def test_a_lemma_phrase_and_compound_heads():
    p = pattern(words={"match": "lemmas", "nl": ["zich schamen", "*barbecue"],
                       "en": ["be ashamed"]})
    assert coach.text_matches(p, "Jullie moeten zich schamen.")
    assert coach.text_matches(p, "They were ashamed of it.")
    assert coach.text_matches(p, "Een buurtbarbecue op zaterdag")
    assert coach.text_matches(p, "Barbecues in de zomer")
    assert not coach.text_matches(p, "Ze schamen zich.")  # a phrase keeps its order
    plain = pattern(words={"nl": ["*barbecue"]})  # the same in plain words
    assert coach.text_matches(plain, "de zomerbarbecue") and not coach.text_matches(plain, "bbq")


def test_words_of_one_sentence_together():
    p = pattern(together=[{"match": "lemmas", "nl": ["we", "wij"], "en": ["we"]},
                          {"match": "lemmas", "nl": ["tolereren", "dulden"],
                           "en": ["tolerate"]},
                          {"match": "lemmas", "nl": ["niet", "geen"], "en": ["not", "no"]}])
    assert coach.text_matches(p, "Dit tolereren wij niet langer.")
    assert coach.text_matches(p, "We geven uitleg. Geen geweld dulden we hier.")
    assert coach.text_matches(p, "We won't tolerate it.")  # "won't" is also 'not'
    assert not coach.text_matches(p, "We tolereren veel. Niet alles is goed.")  # two sentences
    assert not coach.text_matches(p, "Geweld wordt niet getolereerd.")  # no 'we'


def test_text_between_quotes_can_be_left_out():
    assert unquote("Je noemt ze 'tuig' omdat je 's nachts wakker ligt.") == \
        "Je noemt ze   omdat je 's nachts wakker ligt."
    assert unquote("zo'n avond en auto's") == "zo'n avond en auto's"
    assert unquote('He said "shame on you" and left.') == "He said   and left."
    p = pattern(unquoted=True, words={"nl": ["tuig"]})
    assert not coach.text_matches(p, "Ze zeiden 'dat tuig moet weg'.")
    assert coach.text_matches(p, "Dat tuig moet weg.")


def test_forms_know_both_languages():
    assert {"zijn", "be"} <= forms("is")
    assert "not" in forms("won't")


@pytest.mark.parametrize("data,message", [
    ({"together": [{"nl": ["x"]}]}, "at least two"),
    ({"together": [{"nl": ["x"]}, {"match": "lemmas"}]}, "at least two"),
    ({"words": {"nl": ["x"], "match": "stems"}}, "words"),
])
def test_bad_word_patterns_are_refused(data, message):
    with pytest.raises(ValidationError) as err:
        pattern(**data)
    assert message in str(err.value)


def test_a_together_without_two_lists_is_refused_in_both_languages(tmp_path, catalogue):
    from tests.core.test_problems_lang import MINIMAL, TEXT, _assert_in_language

    doc = copy.deepcopy(MINIMAL)
    doc["coach_rules"] = [{"id": "r1", "severity": "hint", "concept": "pusher",
                           "title": TEXT, "message": TEXT,
                           "when": {"pattern": {"answer": ["first", "a"],
                                                "together": [{"nl": ["x"]}]}}}]
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    found = cli.validate_path(path, catalogue)
    assert [p.hint for p in found] == ["coach_together"]
    assert "minstens twee woordenlijsten" in found[0].message("nl")
    _assert_in_language(found, "together")


def test_an_unknown_lexicon_inside_together_is_reported(framework):
    from workbook.framework.schema import Framework

    data = framework.model_dump(by_alias=True)
    rule = {"id": "extra", "severity": "hint", "concept": "fuel",
            "title": {"nl": "x", "en": "x"}, "message": {"nl": "y", "en": "y"},
            "when": {"pattern": {"answer": ["topic", "question"],
                                 "together": [{"lexicon": ["nope"]}, {"nl": ["x"]}]}}}
    data["coach_rules"] = [*data["coach_rules"], rule]
    with pytest.raises(ValidationError) as err:
        Framework.model_validate(data)
    assert "unknown lexicon 'nope'" in str(err.value)
