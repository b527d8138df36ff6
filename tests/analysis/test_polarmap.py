"""The polarisation map: placement by role zone, determinism, labels that never overlap on the
case studies, fuel arrows, escaping of user text, the empty state, and speed."""

from __future__ import annotations

import datetime as dt
import html
import re
import json
import random

import plotly.graph_objects as go
import pytest

from workbook import i18n
from workbook.case.model import Actor, Case, FuelEvent, Pole
from workbook.analysis.polarmap import (CROWDED, MAX_LABELS_CROWDED, POLE_ZONE, BETWEEN_ZONE,
                                        MIDDLE_HALF, Box, actor_ids, build_map, esc, labelled_ids,
                                        map_parts, marker_zoom, place_actors, place_labels,
                                        y_bottom)

from workbook.analysis.presentation import screen
from ui.analysis.strategyview import MAP_HEIGHT as PART3_HEIGHT, MAP_WIDTH as PART3_WIDTH  # noqa: E402
from ui.analysis.practice import MAP_HEIGHT as PRACTICE_HEIGHT, MAP_WIDTH as PRACTICE_WIDTH  # noqa: E402

# the sizes pages show the map at: part 2 (and practice), map page, default, slide; Part 3's
# narrow side column (two maps stacked) comes last
SIZES = [(460, 500), (820, 660), (900, 560), (1280, 720), (PRACTICE_WIDTH, PRACTICE_HEIGHT),
         (PART3_WIDTH, PART3_HEIGHT)]
NARROW = (PART3_WIDTH, PART3_HEIGHT)


def _actors(n: int, seed: int = 1, roles=("pusher", "joiner", "silent", "bridge_builder",
                                             "scapegoat", "")) -> list[Actor]:
    rnd = random.Random(seed)
    return [Actor(id=f"a{i}", name=f"Actor {i} with a longer name", role=rnd.choice(roles),
                  side=rnd.choice(["a", "b", "none"]), stance=round(rnd.uniform(-1, 1), 2),
                  influence=rnd.randint(1, 5), notes="notes") for i in range(n)]


def _big_case(n: int, events: int, seed: int = 1) -> Case:
    rnd = random.Random(seed)
    actors = _actors(n, seed)
    fuel = [FuelEvent(id=f"f{j}", date=dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randint(0, 300)),
                      source=f"a{rnd.randrange(n)}", description="said something",
                      intensity=rnd.randint(1, 5)) for j in range(events)]
    return Case(title="big", actors=actors, fuel=fuel)


def _valid(fig: go.Figure) -> go.Figure:
    """Plotly's full validation of what the map module builds without it."""
    return go.Figure(fig.to_dict())


# -- placement -------------------------------------------------------------------------------
@pytest.mark.parametrize("side", ["a", "b", "none"])
@pytest.mark.parametrize("stance", [-1.0, -0.6, -0.1, 0.0, 0.3, 0.9, 1.0])
def test_every_role_lands_in_its_zone(framework, side, stance):
    actors = [Actor(id=f"{r.id}-{k}", name=r.id, role=r.id, side=side, stance=stance,
                    influence=1 + k % 5)
              for r in framework.concepts.roles for k in range(4)]
    actors.append(Actor(id="nobody", name="nobody", side=side, stance=stance))
    for p in place_actors(actors, framework):
        zone = p.role.zone if p.role else None
        lean = {"a": -1, "b": 1}.get(side) or (-1 if stance <= -0.05 else 1 if stance >= 0.05 else 0)
        if zone == "pole":  # at a pole, on its own side
            assert POLE_ZONE[0] <= abs(p.x) <= POLE_ZONE[1], p
            assert lean == 0 or p.x * lean > 0, p
            assert abs(p.y) <= 0.33
        elif zone == "between":  # between pole and middle, leaning to its side
            assert BETWEEN_ZONE[0] <= abs(p.x) <= BETWEEN_ZONE[1], p
            assert lean == 0 or p.x * lean > 0, p
            assert abs(p.y) <= 0.33
        elif zone == "middle":  # the silent: in the centre
            assert abs(p.x) <= MIDDLE_HALF and abs(p.y) <= 0.33, p
        elif zone == "above":  # bridge builders: above the axis, over the middle
            assert abs(p.x) <= 0.45 and p.y >= 0.4, p
        elif zone == "under_fire":  # the scapegoat: in the middle, marked under the axis
            assert abs(p.x) <= MIDDLE_HALF and -0.7 <= p.y <= -0.35, p
        else:  # no role yet: a band of its own at the bottom
            assert p.y <= -0.7, p


def test_an_actor_whose_stance_was_never_set_stands_by_its_side_and_role(framework):
    """Not at 0: a pusher of side A far out at pole A, a joiner of side B between the middle
    and pole B, the middle and the bridge builder leaning a little to their side."""
    def x(role: str, side: str) -> float:
        actor = Actor(id=f"{role}-{side}", name="n", role=role, side=side)
        assert actor.stance is None
        return place_actors([actor], framework)[0].x

    assert x("pusher", "a") < -0.8 and x("pusher", "b") > 0.8
    assert -BETWEEN_ZONE[1] < x("joiner", "a") < -0.4 and 0.4 < x("joiner", "b") < BETWEEN_ZONE[1]
    assert -MIDDLE_HALF < x("silent", "a") < -0.05 and 0.05 < x("silent", "b") < MIDDLE_HALF
    assert x("silent", "none") == 0 and x("bridge_builder", "b") > 0.05
    assert x("", "a") < -0.3  # no role yet: still on its side


def test_the_example_reads_as_the_framework_describes(framework, library):
    case = next(c for c in library if c.id == "ex-stationsplein")
    at = {p.actor.id: (p.x, p.y) for p in place_actors(case.actors, framework)}
    assert at["yassin"][0] < at["vrienden"][0] < at["ouders"][0] < at["handelaars"][0] \
        < at["buurtcomite"][0]
    assert at["jeugdwerker"][1] > 0.4 > at["ouders"][1]  # the bridge builder above the poles
    assert at["wijkagent"][1] < 0 and abs(at["wijkagent"][0]) < MIDDLE_HALF  # in the middle


def test_same_case_same_picture_whatever_the_order(framework, library):
    for case in library:
        first = build_map(case, framework, "nl").to_json()
        assert build_map(case, framework, "nl").to_json() == first
        shuffled = case.model_copy(update={"actors": list(reversed(case.actors))})
        assert build_map(shuffled, framework, "nl").to_json() == first


def test_markers_do_not_overlap_where_there_is_room(framework):
    """A realistic cast of 40: a few pushers, bridge builders and a scapegoat, many others."""
    roles = ("pusher",) * 3 + ("joiner",) * 10 + ("silent",) * 12 + ("bridge_builder",) * 3 \
        + ("scapegoat",) + ("",) * 3
    placed = place_actors(_actors(40, seed=3, roles=roles), framework)
    from workbook.analysis.polarmap.geometry import PLACE_H, PLACE_W, units as _units
    ux, uy = _units(PLACE_W, PLACE_H)
    for i, p in enumerate(placed):
        for q in placed[i + 1:]:
            gap = ((p.x - q.x) * ux) ** 2 + ((p.y - q.y) * uy) ** 2
            assert gap >= ((p.size + q.size) / 2) ** 2 - 1e-6, (p.actor.id, q.actor.id)


def test_marker_size_follows_influence(framework):
    actors = [Actor(id=f"i{k}", role="silent", influence=k) for k in range(1, 6)]
    sizes = {p.actor.influence: p.size for p in place_actors(actors, framework)}
    assert sizes[1] < sizes[2] < sizes[3] < sizes[4] < sizes[5]


def test_colour_and_symbol_come_from_the_framework(framework, library):
    fig = build_map(library[0], framework, "en")
    for role in framework.concepts.roles:
        trace = next(t for t in fig.data if t.name == role.name("en"))
        assert trace.marker.color == role.colour and trace.marker.symbol == role.symbol
        assert trace.showlegend


# -- labels ----------------------------------------------------------------------------------
@pytest.mark.parametrize("width,height", SIZES)
def test_labels_do_not_overlap_on_the_case_studies(framework, library, width, height):
    for case in library:
        parts = map_parts(case.poles, case.actors, case.fuel, framework, "nl", width, height)
        labels = list(parts["labels"].values())
        named = {lab.actor_id for lab in labels}
        if (width, height) == NARROW:  # no room for every name: the most influential first
            assert {a.id for a in case.actors if a.influence >= 4} <= named, case.id
            assert len(named) >= 0.75 * len(case.actors), case.id
        else:
            assert named == {a.id for a in case.actors}, case.id
        boxes = [lab.box for lab in labels]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not a.overlaps(b), (case.id, a, b)
        from workbook.analysis.polarmap.geometry import to_px as _px
        for p in parts["placed"]:  # no label covers a marker
            px, py = _px(p.x, p.y, width, height, parts["bottom"])
            r = p.size / 2
            marker = Box(px - r, px + r, py - r, py + r)
            assert not any(b.overlaps(marker) for b in boxes), (case.id, p.actor.id)


# the presentation's sizes and type: a projector at 1280 x 720, 1920 x 1080 and 1024 x 768,
# and the two maps side by side of its last step
PRESENT = [(s.map_width // k, s.map_height, s.scale)
           for s in (screen(1280, 720), screen(1920, 1080), screen(1024, 768)) for k in (1, 2)]


def _random_cases(count: int = 6) -> list[Case]:
    """Cases such as trainees make: 6 to 40 actors of every role, some without a stance or a
    side, names short and long, some fuel."""
    out = []
    for seed in range(count):
        rnd = random.Random(100 + seed)
        n = rnd.randint(6, 40)
        actors = [Actor(id=f"r{seed}-{i}", name=rnd.choice(
            ["Jo", "Ilyas (20)", "Wijkagent Sofie Peeters", "Buren van de Lindelaan",
             "Facebookgroep 'Veilig Ter Heide'", "Directeur", "Ouders van 4B"]) + f" {i}",
            kind=rnd.choice(["person", "group"]),
            role=rnd.choice(["pusher", "joiner", "silent", "silent", "bridge_builder",
                             "scapegoat", ""]),
            side=rnd.choice(["a", "b", "none"]),
            stance=rnd.choice([None, round(rnd.uniform(-1, 1), 2)]),
            influence=rnd.randint(1, 5)) for i in range(n)]
        fuel = [FuelEvent(source=rnd.choice(actors).id, intensity=rnd.randint(1, 5))
                for _ in range(rnd.randint(0, 12))]
        out.append(Case(id=f"random{seed}", actors=actors, fuel=fuel))
    return out


def label_rule_breaks(parts: dict, width: int, height: int, scale: float = 1.0) -> list:
    """Every way the names of one map break the label rules: a name crossing another name,
    a marker, the axis, the pole statements or the plot's edge; a leader line through
    another marker."""
    from workbook.analysis.polarmap.geometry import MARGIN, SYMBOL_EXTENT, segment_near, to_px
    from workbook.analysis.polarmap.labels import axis_box

    bottom = parts["bottom"]
    labels = list(parts["labels"].values())
    markers = {}
    for p in parts["placed"]:  # as far as the symbol reaches (a diamond's tips)
        px, py = to_px(p.x, p.y, width, height, bottom, scale)
        markers[p.actor.id] = (px, py, p.size / 2 * SYMBOL_EXTENT.get(p.role.symbol if p.role
                                                                      else "", 1.0))
    axis = axis_box(width, height, bottom, scale)
    right = width - MARGIN["l"] - MARGIN["r"]
    low = to_px(0, bottom, width, height, bottom, scale)[1]
    breaks = []
    for i, lab in enumerate(labels):
        b = lab.box
        breaks += [("label", lab.actor_id, o.actor_id) for o in labels[i + 1:]
                   if b.overlaps(o.box)]
        breaks += [("marker", lab.actor_id, aid) for aid, (x, y, r) in markers.items()
                   if b.overlaps(Box(x - r, x + r, y - r, y + r))]
        if b.overlaps(axis):
            breaks.append(("axis", lab.actor_id))
        if not (0 <= b.x0 and b.x1 <= right and 0 <= b.y0 and b.y1 <= low):
            breaks.append(("edge", lab.actor_id))
        if lab.offset is not None:
            end = (lab.anchor[0] + lab.offset[0], lab.anchor[1] + lab.offset[1])
            breaks += [("leader", lab.actor_id, aid) for aid, (x, y, r) in markers.items()
                       if aid != lab.actor_id and segment_near(lab.anchor, end, (x, y), r)]
    return breaks


@pytest.mark.parametrize("width,height,scale", [(w, h, 1.0) for w, h in SIZES] + PRESENT)
def test_names_cross_no_axis_marker_name_or_leader_line(framework, library, width, height,
                                                       scale):
    """The label rules on every case study and on random cases, at every size the app draws
    the map at, and on a projector with larger type."""
    for case in [*library, *_random_cases()]:
        zoom = marker_zoom(width, height, scale) if scale != 1.0 else 1.0
        parts = map_parts(case.poles, case.actors, case.fuel, framework, "nl", width, height,
                          scale=scale, zoom=zoom)
        assert label_rule_breaks(parts, width, height, scale) == [], case.id
        from workbook.analysis.polarmap.backdrop import pole_annotations
        _, statements = pole_annotations(case.poles, "nl", width, height, parts["bottom"],
                                         scale)
        for lab in parts["labels"].values():
            assert not any(lab.box.overlaps(s) for s in statements), (case.id, lab.actor_id)


@pytest.mark.parametrize("width,height", [NARROW, (PRACTICE_WIDTH, PRACTICE_HEIGHT)])
def test_a_small_map_names_every_actor_or_lists_those_it_does_not(framework, library, width,
                                                                  height):
    from workbook.analysis.polarmap import unlabelled

    for case in [*library, *_random_cases()]:
        fig = build_map(case, framework, "nl", width=width, height=height)
        missing = {a.id for a in unlabelled(case.actors, fig)}
        assert missing | labelled_ids(fig) == {a.id for a in case.actors}, case.id
        assert not missing & labelled_ids(fig)


def test_a_crowded_map_names_only_the_most_influential(framework):
    case = _big_case(1000, 2000)
    fig = build_map(case, framework, "nl", width=820, height=660)
    ids = actor_ids(fig)
    assert len(ids) == 1000 and len(set(ids)) == 1000  # every actor is there, to hover
    named = labelled_ids(fig)
    assert 0 < len(named) <= MAX_LABELS_CROWDED
    by_id = {a.id: a for a in case.actors}
    weakest_named = min(by_id[i].influence for i in named)
    assert weakest_named >= 4  # names go to the most influential first
    hover = [h for t in fig.data if t.mode == "markers+text" for h in t.hovertext]
    assert len(hover) == 1000 and all(hover)


def test_labels_thin_out_smoothly(framework):
    for n in (10, CROWDED, CROWDED + 1, 200):
        placed = place_actors(_actors(n, seed=5), framework)
        labels = place_labels(placed, 900, 560, y_bottom(_actors(n, seed=5), framework))
        boxes = [lab.box for lab in labels.values()]
        assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        assert len(labels) >= min(n, 10)


# -- fuel ------------------------------------------------------------------------------------
def _heads(fig):
    return next(t for t in fig.data if t.legendgroup == "fuel" and t.mode == "markers")


def test_fuel_goes_from_the_source_toward_the_other_pole(framework):
    actors = [Actor(id="pa", name="A", role="pusher", side="a", stance=-0.9),
              Actor(id="pb", name="B", role="pusher", side="b", stance=0.9),
              Actor(id="bb", name="Bridge", role="bridge_builder", side="none", stance=0.0)]
    fuel = [FuelEvent(source="pa", intensity=5), FuelEvent(source="pb", intensity=1),
            FuelEvent(source="bb", intensity=2)]
    case = Case(actors=actors, fuel=fuel)
    placed = {p.actor.id: p for p in place_actors(actors, framework)}
    heads = _heads(build_map(case, framework))
    by_hover = {}
    for x, text in zip(heads.x, heads.hovertext):
        by_hover.setdefault(text.split(":")[0], []).append(x)
    xa = next(v for k, v in by_hover.items() if ">A" in k or " A" in k)
    xb = next(v for k, v in by_hover.items() if " B" in k)
    assert all(x > placed["pa"].x for x in xa)  # from pole A toward pole B
    assert all(x < placed["pb"].x for x in xb)
    bridge = next(v for k, v in by_hover.items() if "Bridge" in k)
    assert len(bridge) == 2  # from the middle toward both poles
    lines = [t for t in build_map(case, framework).data
             if t.legendgroup == "fuel" and t.mode == "lines" and t.x]
    widths = sorted(t.line.width for t in lines)
    assert widths[0] < widths[-1]  # intensity shows as width


def test_the_number_of_traces_does_not_grow_with_the_data(framework):
    small = build_map(Case(), framework)
    big = build_map(_big_case(300, 2000), framework)
    assert len(small.data) == len(big.data) < 30


# -- escaping --------------------------------------------------------------------------------
SCRIPT = "<script>alert('x')</script>"


def test_hover_and_labels_escape_user_text(framework):
    case = Case(
        poles=[Pole(side="a", label=SCRIPT, identity="<b>wij</b>"),
               Pole(side="b", label="<a href='x'>B</a>", identity=SCRIPT)],
        actors=[Actor(id="x1", name=SCRIPT, role="pusher", side="a", notes=f"<i>{SCRIPT}</i>"),
                Actor(id="x2", name="<img src=x onerror=alert(1)>", role="joiner", side="b")],
        fuel=[FuelEvent(source="x1", description=SCRIPT, channel="<b>tv</b>")],
    )
    fig = build_map(case, framework, "nl")
    text = json.dumps(fig.to_plotly_json(), default=str)
    assert "<script>" not in text and "<img" not in text and "<a href" not in text
    assert "&lt;script&gt;" in text
    hover = [h for t in fig.data if t.mode == "markers+text" for h in t.hovertext]
    assert any("&lt;script&gt;alert(" in h for h in hover)
    assert "<script>" not in esc(SCRIPT)


# -- the empty state -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_empty_map_tells_a_newcomer_what_to_add_first(framework, lang):
    fig = _valid(build_map(Case(), framework, lang))
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert html.escape(i18n.t("mapview.empty_title", lang)) in notes
    assert html.escape(i18n.t("mapview.empty_poles", lang)) in notes
    assert i18n.t("mapview.hint_bridge", lang) in notes
    named = Case(poles=[Pole(side="a", label="Wij"), Pole(side="b", label="Zij")])
    notes = " ".join(a.text for a in build_map(named, framework, lang).layout.annotations)
    assert "✓" in notes and "<b>Wij</b>" in notes


def test_every_figure_is_valid_plotly(framework, library):
    for case in [*library, Case(), _big_case(120, 300)]:
        for lang in ("nl", "en"):
            _valid(build_map(case, framework, lang))
    many_constructs = Case(poles=[Pole(side="a"), Pole(side="b"), Pole(side="a"), Pole(side="b")])
    _valid(build_map(many_constructs, framework))


def test_zoom_is_kept_across_changes(framework, library):
    case = library[0]
    assert build_map(case, framework).layout.uirevision == case.id


# -- what keeps it fast (the time itself is measured by bench/run.py, not here) ------------
def test_a_thousand_actors_cost_what_a_hundred_do_ten_times_over(framework):
    """A bigger case adds points to the same traces, not traces or labels: the figure (and
    what Streamlit sends and the browser draws) grows with the actors, no faster."""
    small = build_map(_big_case(100, 2000), framework, "nl", width=820, height=660)
    big = build_map(_big_case(1000, 2000), framework, "nl", width=820, height=660)
    assert len(big.data) == len(small.data)
    assert len(big.layout.annotations) <= len(small.layout.annotations) + MAX_LABELS_CROWDED
    assert len(big.to_json()) / len(small.to_json()) < 10 * 1.5


@pytest.mark.parametrize("width", [360, 460, 900])
def test_the_empty_maps_advice_fits_the_map_it_is_drawn_on(framework, width):
    """Each line of the advice fits the chart's width (a chart cuts off what reaches past its
    edges: Part 2's narrow map once showed 'll empty. Start like this')."""
    from workbook.analysis.polarmap.backdrop import CHAR_PX, empty_line_chars

    title = html.escape(i18n.t("mapview.empty_title", "en"))
    note = next(a.text for a in build_map(Case(), framework, "en", width=width).layout.annotations
                if title in a.text)
    lines = [re.sub(r"<[^>]+>", "", line) for line in note.split("<br>")]
    chars = empty_line_chars(width)
    assert all(len(html.unescape(line)) <= chars for line in lines[1:])
    assert chars * CHAR_PX + 60 <= width or chars == 24
    shown = " ".join(html.unescape(" ".join(lines)).split())
    for step in ("empty_poles", "empty_fuel", "empty_actors"):
        assert " ".join(i18n.t(f"mapview.{step}", "en").split()) in shown  # nothing lost
