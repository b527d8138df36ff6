"""The coach on one piece of text: the same rules (and word lists) that read a case read what a
trainee writes in a scenario or while working out a question, and say the same."""

from __future__ import annotations

from workbook import coach
from workbook.case.model import Case


def test_the_tone_rule_reads_one_text_as_it_reads_the_tone_worksheet(framework):
    text = "Die mensen moeten zich aanpassen."
    alone = {h.id for h in coach.text_hints(text, ["tone_moralises"], framework)}
    case = Case(answers={"tone": {"rewrites": [{"rewrite": text}]}})
    in_case = {h.id for h in coach.hints(case, framework) if h.id == "tone_moralises"}
    assert alone == in_case == {"tone_moralises"}


def test_the_identity_rule_reads_a_question(framework):
    assert [h.id for h in coach.text_hints("Wie zijn wij als wijk?", ["topic_identity"],
                                           framework)] == ["topic_identity"]
    assert coach.text_hints("Hoe blijft het plein 's avonds een plek voor iedereen?",
                            ["topic_identity"], framework) == []


def test_blank_text_and_unknown_rules_say_nothing(framework):
    assert coach.text_hints("   ", ["tone_moralises"], framework) == []
    assert coach.text_hints("Schande!", ["no_such_rule"], framework) == []


def test_what_a_rule_reads(framework):
    rules = {r.id: r for r in framework.coach_rules}
    assert coach.answers_read(rules["tone_moralises"]) == {("tone", "rewrites")}
    assert coach.answers_read(rules["question_side_unheard"]) == {
        ("authentic_question", f) for f in ("question", "heard_a", "heard_b", "heard_middle")}
