"""The markup corpus: user text that would become an image, a link, HTML, a colour, maths,
bold type, an icon or an emoji if the app rendered it as markup; a case that holds it in
every field a user fills in; and `markup_in`, which says what a Markdown body would turn
into markup. Shared by the unit, page (AppTest) and browser tests.

`markup_in` renders the body with markdown-it (CommonMark, tables, strikethrough, raw HTML
on: the strictest reading) and then looks for what Streamlit's renderer finds in the text
after parsing (bare addresses, `:material/…:` icons, `:smile:` emoji), and for a `$` that
no backslash escapes (remark-math).
"""

from __future__ import annotations

import datetime as dt
import html
import re

from markdown_it import MarkdownIt

from workbook.case.model import (Action, Actor, Case, FuelEvent, Meeting, MeetingItem, Place,
                                 Placement, Pole, Reading, Snapshot,
                                 Strategy)
from workbook.framework.schema import Framework

EVIL = "evil.example"
CORPUS = (
    "![x](https://evil.example/x.png)",
    "[log in](https://evil.example/login)",
    "https://evil.example/bare",
    "www.evil.example",
    "me@evil.example",
    "<img src=https://evil.example/i.png onerror=alert(1)>",
    "<script>alert(1)</script>",
    ":red[alarm]",
    "$\\frac{1}{2}$",
    "**bold**",
    ":material/warning:",
    ":smile:",
)
TEXT = " ".join(CORPUS)  # all of it in one piece of text: it fits a title (300 characters)

RENDER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_TAGS = re.compile(r"<(a|img|script|iframe|svg|style|object|embed)\b", re.I)
_AFTER_PARSING = {  # what Streamlit's Markdown finds in the text nodes, escaped or not
    "a bare address made a link": re.compile(r"(https?://|www\.)[-.\w]*evil|@evil\.", re.I),
    "an icon": re.compile(r":material[/_]warning:"),
    "an emoji": re.compile(r":smile:"),
    "a colour": re.compile(r":red\["),
}
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)(?:\\\\)*\$")


def markup_in(body: str) -> list[str]:
    """What in a Markdown body would be drawn as markup rather than as the corpus' text."""
    rendered = RENDER.render(body)
    found = [f"<{m.group(1).lower()}> element" for m in _TAGS.finditer(rendered)]
    if "<strong>bold</strong>" in rendered:
        found.append("bold type")
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    found += [name for name, pattern in _AFTER_PARSING.items() if pattern.search(text)]
    if "frac" in body and _UNESCAPED_DOLLAR.search(body):
        found.append("maths")
    return found


def shown_text(body: str) -> str:
    """The text a reader sees of a Markdown body (markdown-it's reading), joiners removed."""
    rendered = RENDER.render(body)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u2060", "").strip()


def corpus_case(fw: Framework, practice_of: str = "") -> Case:
    """A case with the corpus in every field a user fills in: title, story, poles, actors,
    fuel, every free-text and table answer, the plan, a snapshot, stored progress."""
    actors = [Actor(id="a1", name=TEXT, role="pusher", side="a", stance=-0.8, influence=4,
                    notes=TEXT),
              Actor(id="a2", name=CORPUS[0], role="joiner", side="b", stance=0.6),
              Actor(id="a3", name=CORPUS[3], role="bridge_builder", side="none")]
    poles = [Pole(id=f"p{side}", side=side, label=TEXT, identity=TEXT, thought_construct=TEXT)
             for side in ("a", "b")]
    fuel = [FuelEvent(id="f1", date=dt.date(2026, 3, 1), source="a1", description=TEXT,
                      channel=TEXT, intensity=4)]
    strategy = Strategy(me="a3", intended={"a1": Place(role="bridge_builder", stance=0.0)},
                        actions=[Action(id="act1", title=TEXT, owner=TEXT, reflection=TEXT,
                                        targets=["a1"], date=dt.date(2026, 4, 1)),
                                 Action(id="act2", title=TEXT, meeting="m1")])
    snapshot = Snapshot(id="s1", date=dt.date(2026, 2, 1), label=TEXT, poles=poles,
                        actors=actors)
    sets = [ex for ex in fw.exercises if getattr(ex, "items", None)]
    progress = {"practice": {"score": TEXT, "date": TEXT}}
    if sets:
        progress[sets[0].id] = {"answers": {sets[0].items[0].id: "x"}, "updated": TEXT}
    # an intervision meeting, open at the case-bringer's choice of advice
    meeting = Meeting(id="m1", method="wij_zij_advice", title=TEXT, date=dt.date(2026, 5, 1),
                      facilitator=TEXT, case_bringer=TEXT, participants=[TEXT, CORPUS[0]],
                      phase="choice", follow_up=dt.date(2026, 6, 1), follow_up_note=TEXT,
                      phase_times={"advice": 600.0})
    items = [MeetingItem(id=f"i{n}", meeting="m1", phase=phase, kind=kind, text=TEXT,
                         game_changer="topic" if kind == "advice" else "",
                         pitfalls=["podium_for_pushers"] if kind == "advice" else [],
                         taken=n == 4, action="act2" if n == 4 else "")
             for n, (phase, kind) in enumerate([("authentic_question", "note"),
                                                ("understand", "question"),
                                                ("input", "analysis"), ("advice", "advice"),
                                                ("advice", "advice")], start=1)]
    readings = [Reading(id=f"r{n}", meeting="m1", reader=name, placements={
        "a1": Placement(role=role, side="a", stance=-0.5), "a2": Placement(role="joiner")})
        for n, (name, role) in enumerate([(TEXT, "pusher"), (CORPUS[1], "joiner")], start=1)]
    return Case(title=TEXT, narrative=f"{TEXT}\n\n{TEXT}", practice_of=practice_of,
                poles=poles, actors=actors, fuel=fuel, answers=_answers(fw),
                strategy=strategy, snapshots=[snapshot], progress=progress,
                meetings=[meeting], meeting_items=items, meeting_readings=readings)


def _answers(fw: Framework) -> dict[str, dict]:
    answers: dict[str, dict] = {}
    for ws in fw.worksheets:
        for field in ws.fields:
            value = None
            if field.type in ("text", "longtext"):
                value = TEXT
            elif field.type == "table":
                value = [{c.id: TEXT for c in field.columns if c.type == "text"}]
            elif field.type in ("multichoice", "choice") and field.options_from == "actors":
                value = ["a1", "a2"] if field.type == "multichoice" else "a1"
            if value is not None:
                answers.setdefault(ws.id, {})[field.id] = value
    return answers
