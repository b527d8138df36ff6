"""The kit to pass the framework on: printable A4 landscape slides from the framework's YAML,
in Dutch or English; with the trainee's own map as the example it is anonymised, so no name
of the case is in it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from workbook.case.model import Actor, Case, FuelEvent, Pole
from workbook.share import kit
from workbook.share.images import images_available
from workbook.text import LANGS

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"),
                                reason="poppler-utils not installed (pdftotext)")
NAMES = ["Yassin", "Greet Verhulst", "Bakkerij Pauwels", "Sofie"]


def named_case() -> Case:
    return Case(
        title="Yassin en Greet Verhulst op het Kooiplein",
        poles=[Pole(side="a", label="De jongeren", identity="Yassin zegt: de politie viseert ons."),
               Pole(side="b", label="De buurt", identity="Greet Verhulst: geen respect.")],
        actors=[Actor(id="yassin", name="Yassin", role="pusher", side="a", stance=-0.9),
                Actor(id="greet", name="Greet Verhulst", role="pusher", side="b", stance=0.9),
                Actor(id="bakker", name="Bakkerij Pauwels", kind="organisation",
                      role="silent"),
                Actor(id="sofie", name="Sofie", role="bridge_builder",
                      notes="Sofie belt Yassin elke week.")],
        fuel=[FuelEvent(source="greet", description="Greet Verhulst post over Yassin.")])


def text_of(pdf: bytes, tmp_path) -> tuple[str, int]:
    path = tmp_path / "kit.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(l for l in info.splitlines() if l.startswith("Pages:")).split()[1])
    assert "841.89 x 595.28" in info  # A4 landscape
    return text, pages


@pytest.mark.parametrize("lang", LANGS)
def test_the_kit_opens_with_its_slides_from_the_framework(framework, tmp_path, lang):
    text, pages = text_of(kit.build_kit(framework, lang), tmp_path)
    assert pages == 5  # title, laws, roles, game changers, sources
    slides = [p for p in text.split("\f") if p.strip()]
    assert len(slides) == 5
    c = framework.concepts
    assert len(c.laws) == 3 and len(c.roles) == 5 and len(c.game_changers) == 4
    for concept in c.laws:
        assert concept.name(lang).split(" (")[0] in slides[1], concept.id
    for concept in c.roles:
        assert concept.name(lang).split(" (")[0] in slides[2], concept.id
    for concept in c.game_changers:
        assert concept.name(lang) in slides[3], concept.id
    assert "Brandsma" in slides[4]
    other = "De drie basiswetten" if lang == "en" else "The three basic laws"
    assert other not in text


def test_the_kit_with_the_own_map_is_anonymised(framework, tmp_path):
    drawn: list[Case] = []

    def render(case, fw, lang):  # what the map image is drawn from
        drawn.append(case)
        return None

    pdf = kit.build_kit(framework, "nl", named_case(), render=render)
    text, pages = text_of(pdf, tmp_path)
    assert pages == 6
    for name in NAMES:
        assert name not in text, name
        assert name.split()[0] not in text
    assert "Een voorbeeld uit de praktijk" in text and "Pusher A" in text  # the pseudonym title
    (shown,) = drawn
    everything = shown.model_dump_json()
    assert not [n for n in NAMES if n in everything]
    assert {a.name for a in shown.actors} >= {"Pusher A", "Pusher B"}


@pytest.mark.skipif(not images_available(), reason="no Chromium to draw the map")
def test_the_kit_draws_the_anonymised_map(framework, tmp_path):
    pdf = kit.build_kit(framework, "en", named_case())
    text, pages = text_of(pdf, tmp_path)
    assert pages == 6 and b"/Image" in pdf
    assert not [n for n in NAMES if n in text]


def test_the_kit_without_the_dejavu_fonts(framework, tmp_path, monkeypatch):
    monkeypatch.setattr(kit, "font_files", lambda: None)
    text, pages = text_of(kit.build_kit(framework, "en"), tmp_path)
    assert pages == 5 and "The four game changers" in text
