"""The map in words: one row per actor, as text, whatever is still unset."""

from workbook.analysis.maptext import actor_rows
from workbook.case.model import Actor, Case


def test_an_actor_without_a_stance_reads_as_a_dash(framework):
    case = Case(actors=[Actor(id="a1", name="Buurt", role="pusher", side="a"),
                        Actor(id="a2", name="School", side="b", stance=0.5)])
    rows = actor_rows(case, framework, "en")
    assert [r["stance"] for r in rows] == ["–", "+0.5"]
    assert rows[0]["name"] == "Buurt" and rows[1]["influence"] == "3/5"
