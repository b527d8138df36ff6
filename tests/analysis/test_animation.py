"""The animated dynamic: fuel up, middle down, a scapegoat; the game changers turn it back.
Every role is drawn in its framework colour and its own symbol, in both languages."""

from __future__ import annotations

import json

import pytest

from workbook import i18n
from workbook.analysis.animation import PEOPLE, STEPS, build_animation, frame_summary, role_key
from workbook.text import LANGS


@pytest.fixture(scope="module")
def figures(framework):
    return {lang: build_animation(framework, lang) for lang in LANGS}


def test_frames_with_a_slider_and_a_play_button(figures):
    fig = figures["nl"]
    assert len(fig.frames) == len(STEPS) >= 8
    slider = fig.layout.sliders[0]
    assert [s.args[0][0] for s in slider.steps] == [f.name for f in fig.frames]
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.method for b in buttons] == ["animate", "animate"]
    assert buttons[0].args[0] is None  # play: all frames from the current one
    assert "Afspelen" in buttons[0].label and "Play" in figures["en"].layout.updatemenus[0].buttons[0].label


def test_the_middle_shrinks_while_fuel_rises_then_recovers(figures):
    rows = frame_summary(figures["en"])
    peak = max(range(len(rows)), key=lambda i: rows[i]["fuel"])
    rising, falling = rows[: peak + 1], rows[peak:]
    assert len(rising) >= 4 and len(falling) >= 4
    for before, after in zip(rising, rising[1:]):
        assert after["fuel"] > before["fuel"]
        assert after["silent"] < before["silent"]
        assert after["joiner"] > before["joiner"]
    for before, after in zip(falling, falling[1:]):
        assert after["fuel"] < before["fuel"]
        assert after["silent"] > before["silent"]
    assert rows[peak]["scapegoat"] == 1 and rows[0]["scapegoat"] == 0
    assert rows[-1]["scapegoat"] == 0
    assert rows[-1]["silent"] > 2 * rows[peak]["silent"]
    # pushers: always two, one at each pole
    assert all(r["pusher"] == 2 for r in rows)
    assert any(r["bridge_builder"] for r in rows[:peak])


def test_everyone_is_somewhere_in_every_frame(figures):
    for row in frame_summary(figures["nl"]):
        assert sum(row[r] for r in ("pusher", "joiner", "silent", "bridge_builder",
                                    "scapegoat")) == PEOPLE


def test_the_game_changers_are_applied_in_order(figures, framework):
    applied = [s.game_changer for s in STEPS if s.game_changer]
    assert applied == [g.id for g in framework.concepts.game_changers]


def test_every_role_has_its_colour_and_symbol_in_every_frame(figures, framework):
    roles = {r.id: r for r in framework.concepts.roles}
    for fig in figures.values():
        for frame in fig.frames:
            traces = {t.meta: t for t in frame.data if t.meta in roles}
            assert set(traces) == set(roles), frame.name
            for rid, trace in traces.items():
                assert trace.marker.color == roles[rid].colour
                assert trace.marker.symbol == roles[rid].symbol
                assert trace.showlegend
    symbols = [t.marker.symbol for t in figures["nl"].data if t.meta in roles]
    assert len(set(symbols)) == len(symbols) == 5  # readable in greyscale


@pytest.mark.parametrize("lang", LANGS)
def test_frames_are_labelled_in_the_chosen_language(figures, framework, lang):
    fig = figures[lang]
    for step, frame in zip(STEPS, fig.frames):
        title = frame.layout.title.text
        assert i18n.t(f"part1.anim.{step.id}_title", lang) in title
        assert i18n.t(f"part1.anim.{step.id}_text", lang).split("'")[0] in title
        names = [t.name for t in frame.data if t.meta in ("pusher", "silent")]
        assert names[0].startswith(framework.role("pusher").name(lang))
    other = figures["en" if lang == "nl" else "nl"]
    assert fig.frames[0].layout.title.text != other.frames[0].layout.title.text


def test_the_fuel_indicator_follows_the_steps(figures):
    for step, frame in zip(STEPS, figures["nl"].frames):
        bars = next(t for t in frame.data if t.meta == "bars")
        assert bars.y[0] == step.fuel
        assert bars.y[1] == round(100 * step.middle / PEOPLE)


def test_deterministic(framework):
    a = build_animation(framework, "nl").to_json()
    b = build_animation(framework, "nl").to_json()
    assert a == b
    json.loads(a)


def test_role_key_shows_each_role(framework):
    fig = role_key(framework, "en")
    assert [t.meta for t in fig.data] == [r.id for r in framework.concepts.roles]
    assert all(t.text[0] for t in fig.data)
