"""The authentic question worked out step by step: five steps in YAML, the coach at each step
(also on what the trainee wrote from each side), and the result taken over as the topic of
game changer 2."""

from __future__ import annotations

from workbook.case.model import Case
from workbook.framework import steps
from workbook.framework.worksheets import part_progress

QUESTION = "Hoe blijft het plein 's avonds een plek waar iedereen zich veilig voelt?"


def sheet(framework):
    return framework.worksheet("authentic_question")


def case_with(**answers) -> Case:
    return Case(answers={"authentic_question": answers})


def test_five_steps_cover_every_field_once(framework):
    ws = sheet(framework)
    assert [s.id for s in ws.steps] == ["concerns", "draft", "heard", "credible",
                                        "free_of_identity"]
    assert sorted(f for s in ws.steps for f in s.fields) == sorted(f.id for f in ws.fields)
    assert {f.perspective for f in ws.fields if f.perspective} == {"a", "b", "middle"}
    assert ws.field("concerns").from_answer == ["middle", "concerns"]
    # worked out in its own tab: not among the worksheets picked on the strategy tab
    assert steps.stepped(framework, 3) == [ws]


def test_step_states_follow_the_answers(framework):
    ws = sheet(framework)
    states = steps.step_states(case_with(concerns="Veilig naar de bus.", question=QUESTION), ws)
    assert [(s.answered, s.total) for s in states] == [(1, 2), (1, 1), (0, 3), (0, 2), (0, 1)]
    assert states[1].done and not states[0].done


def test_the_identity_check_speaks_at_the_step_of_the_question(framework):
    ws = sheet(framework)
    draft = next(s for s in ws.steps if s.id == "draft")
    case = case_with(question="Wie hoort hier thuis?")
    assert "topic_identity" in [h.id for h in steps.step_hints(case, framework, ws, draft)]
    assert steps.step_hints(case_with(question=QUESTION), framework, ws, draft) == []


def test_the_coach_reads_what_was_written_from_each_side(framework):
    ws = sheet(framework)
    heard = next(s for s in ws.steps if s.id == "heard")
    case = case_with(question=QUESTION, heard_a="Daar gaan we weer: wij zijn het probleem.",
                     heard_b="Goed.", heard_middle="Weer iets van de gemeente, niet mijn probleem.")
    found = {h.id for h in steps.step_hints(case, framework, ws, heard)}
    assert {"question_heard_as_blame", "question_not_the_middles"} <= found
    # and not at a step that has nothing to do with it
    concerns = next(s for s in ws.steps if s.id == "concerns")
    assert steps.step_hints(case, framework, ws, concerns) == []


def test_the_result_becomes_the_topic_of_game_changer_2(framework):
    ws = sheet(framework)
    case = case_with(question=QUESTION, credible=["a_believes", "middle_recognises"],
                     checks=["no_identity", "no_guilt", "concrete"])
    changes = dict(steps.takeover(case, framework, ws))
    assert changes[("answers", "topic", "question")] == QUESTION
    # only the checks the topic worksheet has, joined, in its own order
    assert changes[("answers", "topic", "checks")] == ["middle_recognises", "no_guilt",
                                                       "concrete"]
    assert not steps.taken_over(case, framework, ws)
    done = case.model_copy(update={"answers": {**case.answers, "topic": {
        "question": QUESTION, "checks": ["middle_recognises", "no_guilt", "concrete"]}}})
    assert steps.taken_over(done, framework, ws)
    assert steps.takeover(Case(), framework, ws) == []


def test_it_counts_in_the_part_3_progress(framework):
    before = part_progress(Case(), framework, 3)
    after = part_progress(case_with(question=QUESTION), framework, 3)
    assert after[0] == before[0] + 1 and after[1] == before[1]
