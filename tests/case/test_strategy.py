"""Part 3 in the domain: the intended map, its differences, the plan table, the summary."""

import datetime as dt

from workbook.case import strategy, tables
from workbook.case.model import Case


def case_with_actors() -> Case:
    return Case(title="Plein", actors=[
        {"id": "p1", "name": "Yassin", "role": "pusher", "side": "a", "stance": -0.9},
        {"id": "j1", "name": "Handelaars", "role": "joiner", "side": "b", "stance": 0.5},
        {"id": "me", "name": "Jeugdwerker", "role": "bridge_builder", "influence": 3},
    ])


def test_the_intended_map_differs_exactly_where_the_user_said():
    case = case_with_actors()
    intended = strategy.set_place(case, "j1", {"role": "silent", "side": "none", "stance": 0.5})
    intended = strategy.set_place(case, "me", {"role": "silent", "influence": 3}, intended)
    case.strategy.intended = intended
    case = Case.model_validate(case.model_dump())
    future = strategy.intended_case(case)
    assert [(a.id, a.role, a.side, a.stance) for a in future.actors] == [
        ("p1", "pusher", "a", -0.9), ("j1", "silent", "none", 0.5), ("me", "silent", "none", None)]
    changes = {c.actor_id: (c.before, c.after) for c in strategy.changes(case)}
    assert changes == {
        "j1": ({"role": "joiner", "side": "b"}, {"role": "silent", "side": "none"}),
        "me": ({"role": "bridge_builder"}, {"role": "silent"}),
    }
    # the stance the user re-entered unchanged, and influence 3 (today's), are no change at all
    assert case.strategy.intended["me"].influence is None


def test_setting_a_place_back_to_today_removes_it():
    case = case_with_actors()
    intended = strategy.set_place(case, "p1", {"influence": 1})
    assert "p1" in intended
    assert "p1" not in strategy.set_place(case, "p1", {"influence": 3}, intended)


def test_action_grid_keeps_valid_targets_and_game_changers_only():
    case = case_with_actors()
    delta = {"added_rows": [{"title": "Buurtgesprek over het plein", "targets": ["j1", "ghost"],
                             "game_changers": ["target_group", "nonsense"], "status": "weird",
                             "date": dt.date(2026, 12, 1)}]}
    [action] = tables.apply_action_grid(case, delta, {"target_group", "topic"})
    assert action.targets == ["j1"] and action.game_changers == ["target_group"]
    assert action.status == "planned" and action.date == dt.date(2026, 12, 1)
    case.strategy.actions = [action]
    done = tables.apply_action_grid(case, {"edited_rows": {0: {"status": "done",
                                                                "reflection": "Goed verlopen"}}},
                                    {"target_group"})
    assert done[0].status == "done" and done[0].id == action.id


def test_table_grid_edits_add_and_delete_rows():
    rows = [{"original": "Zij zijn tuig", "rewrite": ""}]
    out = tables.apply_table_grid(rows, {"edited_rows": {0: {"rewrite": "Wat maakt het plein onveilig?"}},
                                         "added_rows": [{"original": "Schandalig"}],
                                         "deleted_rows": []}, ["original", "rewrite"])
    assert out == [{"original": "Zij zijn tuig", "rewrite": "Wat maakt het plein onveilig?"},
                   {"original": "Schandalig", "rewrite": None}]
    assert tables.apply_table_grid(out, {"deleted_rows": [0]}, ["original", "rewrite"]) == out[1:]


def test_summary_collects_the_four_game_changers_and_escapes_markdown(framework):
    case = case_with_actors()
    case.answers = {"topic": {"question": "Hoe blijft het plein van iedereen?"},
                    "target_group": {"who": ["j1"]}, "intake": {"what": "Spanning *op* het plein"}}
    case.strategy.me = "me"
    s = strategy.summary(case, framework, "nl")
    assert [name for name, _ in s.game_changers] == [g.name("nl") for g in framework.concepts.game_changers]
    assert dict(s.game_changers)[framework.concepts.game_changers[0].name("nl")] == "Handelaars"
    text = strategy.summary_markdown(s, "en")
    assert "Spanning \\*op\\* het plein" in text and "Hoe blijft het plein van iedereen?" in text


def test_the_one_page_strategy_says_the_case_in_one_sentence_and_the_question_once(framework):
    case = case_with_actors()
    question = "Hoe blijft het plein 's avonds een plek voor iedereen?"
    case.answers = {"topic": {"question": question, "pushers_topic": "Die jongeren. Tuig."},
                    "intake": {"what": "Sinds mei hangen jongeren rond. Buren klagen.\nMeer."}}
    s = strategy.summary(case, framework, "nl")
    assert s.case_sentence == "Sinds mei hangen jongeren rond."
    assert s.question == question
    assert all(question not in text for _, text in s.game_changers)
    topic = dict(s.game_changers)[framework.concept("topic").name("nl")]
    assert "Die jongeren." in topic and "hierboven" in topic
    assert strategy.summary_markdown(s, "nl").count("plein 's avonds") == 1


def test_one_sentence_is_cut_at_a_word_when_long():
    long = "woord " * 100
    cut = strategy.one_sentence(long)
    assert cut.endswith("…") and len(cut) <= strategy.SENTENCE_LIMIT + 1
    assert strategy.one_sentence("") == ""
