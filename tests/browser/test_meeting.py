"""A whole intervision meeting in a real browser: a facilitator plans it, starts it, watches
the clock run, pauses it, moves through the phases recording a note, a question and an advice
(with the game changer it serves and a pitfall), the case-bringer takes the advice (it is in
the action plan, naming the meeting), the follow-up is set, the meeting ends, the minutes
download as HTML and PDF with no name in them; then three readings of the case (the case and
two participants' exports) are compared: the agreement matrix, the maps side by side, the
consensus map and the points to discuss, with no name while anonymised."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.browser.helpers import (clickable, exceptions, main, main_text, map_texts,
                                   open_app, rerun, settle, t)
from workbook.case.files import dump_case, read_case
from workbook.meetings.methods import load_methods
from workbook.framework.loader import load_dir

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "casestudies" / "politie_jongeren.yaml"
PEOPLE = ("Griet Van Damme", "Koen Maes", "Lien De Smet")
CLOCK = re.compile(r"\b(\d\d):(\d\d)\b")


def button(page, label: str):
    return main(page).get_by_role("button", name=label, exact=True)


def click(page, label: str) -> None:
    with rerun(page):
        button(page, label).click()


def wait_text(page, text: str) -> None:
    main(page).get_by_text(text, exact=False).first.wait_for(timeout=60_000)


def clock_seconds(page) -> int:
    box = main(page).locator(".st-key-meeting_clock")
    box.wait_for()
    found = CLOCK.search(box.inner_text())
    assert found, box.inner_text()
    return int(found.group(1)) * 60 + int(found.group(2))


def fill(page, label: str, value: str) -> None:
    box = main(page).get_by_role("textbox", name=label, exact=True)
    box.fill(value)


def pick(page, label: str, option: str, several: bool = False) -> None:
    """Choose an option of a select box or multiselect (in a form: no run; what was chosen
    shows once the form is sent)."""
    box = main(page).get_by_role("combobox", name=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    if several:  # a multiselect stays open for more
        page.keyboard.press("Escape")


def phase_is(page, n: int, title: str) -> None:
    wait_text(page, t("meeting.phase_of", n=n, total=6, title=title))


def exports(tmp_path: Path) -> list[Path]:
    """Two participants' exports of the case, each placing some actors elsewhere; the second
    names one actor by another id (matched by its name)."""
    case = read_case(CASE.read_bytes(), "case")
    pusher = next(a for a in case.actors if a.role == "pusher")
    second = case.actors[1]
    one = case.model_copy(update={"actors": [
        a.model_copy(update={"role": "joiner"}) if a.id == pusher.id else a
        for a in case.actors]})
    two = case.model_copy(update={"actors": [
        a.model_copy(update={"id": "other-id", "role": "bridge_builder", "side": "none",
                             "stance": None}) if a.id == second.id else
        a.model_copy(update={"role": "scapegoat"}) if a.id == pusher.id else a
        for a in case.actors]})
    paths = []
    for name, doc in (("koen_maes.yaml", one), ("lien_de_smet.yaml", two)):
        path = tmp_path / name
        path.write_text(dump_case(doc))
        paths.append(path)
    return paths


def test_a_whole_meeting_from_start_to_minutes_and_three_readings(app, tab, tmp_path):
    page = tab
    case_id = app.import_case(CASE)
    case = app.store().get(case_id).case
    names = [a.name for a in case.actors]
    fw = load_dir().get("brandsma")
    method = load_methods(fw).get("wij_zij_advice")
    titles = [p.title("en") for p in method.phases]
    open_app(page, app, "meeting", case=case_id, lang="en")
    assert exceptions(page) == []

    # -- plan it
    fill(page, t("meeting.name"), "Meeting with the city")
    fill(page, t("meeting.facilitator"), PEOPLE[0])
    fill(page, t("meeting.case_bringer"), "Stad Ter Heide")
    fill(page, t("meeting.participants"), f"{PEOPLE[1]}\n{PEOPLE[2]}")
    click(page, t("meeting.plan"))
    button(page, t("meeting.start")).wait_for()

    # -- start: phase 1, the instructions, the clock runs
    click(page, t("meeting.start"))
    phase_is(page, 1, titles[0])
    assert method.phases[0].facilitator("en")[:40] in main_text(page)
    first = clock_seconds(page)
    time.sleep(2.5)
    assert clock_seconds(page) > first  # it runs, on its own, without a click
    assert "left of 10:00" in main_text(page)
    click(page, t("meeting.pause"))
    wait_text(page, t("meeting.clock_paused"))
    paused = clock_seconds(page)
    time.sleep(2)
    assert clock_seconds(page) == paused  # paused: it stands still
    click(page, t("meeting.resume"))
    wait_text(page, t("meeting.clock_running"))

    fill(page, t("meeting.kind_note_new"), "Which concern do all parents share?")
    click(page, t("meeting.add"))
    wait_text(page, "Which concern do all parents share?")

    # -- phase 2: a question
    click(page, t("meeting.next"))
    phase_is(page, 2, titles[1])
    fill(page, t("meeting.kind_question_new"), f"What did {names[0]} post after the arrest?")
    click(page, t("meeting.add"))
    wait_text(page, "post after the arrest?")
    click(page, t("meeting.next"))
    phase_is(page, 3, titles[2])
    click(page, t("meeting.next"))
    phase_is(page, 4, titles[3])

    # -- phase 4: an advice, tagged
    advice = f"Talk with the parents about safety, not with {names[0]}; says Koen."
    fill(page, t("meeting.kind_advice_new"), advice)
    topic = fw.concept("target_group").name("en")
    pitfall = fw.concept("podium_for_pushers").name("en")
    pick(page, t("meeting.serves"), f"1. {topic}")
    pick(page, t("meeting.names_pitfalls"), pitfall, several=True)
    click(page, t("meeting.add_advice"))
    wait_text(page, t("meeting.serves_short", name=topic))
    wait_text(page, t("meeting.pitfalls_short", names=pitfall))

    # -- phase 5: the case-bringer takes it: an action in the plan
    click(page, t("meeting.next"))
    phase_is(page, 5, titles[4])
    check = main(page).get_by_role("checkbox").first  # the one advice of this meeting
    with rerun(page):
        clickable(check).click()
    wait_text(page, t("meeting.in_plan", n=1))
    stored = app.store().get(case_id).case
    meeting = stored.meetings[0]
    action = next(a for a in stored.strategy.actions if a.meeting == meeting.id)
    assert action.title == advice and action.game_changers == ["target_group"]

    # -- phase 6: the follow-up, then the end
    click(page, t("meeting.next"))
    phase_is(page, 6, titles[5])
    main(page).get_by_role("spinbutton", name=f"day, {t('meeting.follow_up_date')}").click()
    page.keyboard.type("15012027")  # day, month, year: the field moves on by itself
    page.keyboard.press("Tab")
    fill(page, t("meeting.follow_up_note"), "The city reports back.")
    click(page, t("meeting.save"))
    wait_text(page, t("meeting.follow_up_set", date="15 Jan 2027"))
    click(page, t("meeting.end"))
    wait_text(page, t("meeting.ended").split(".")[0])
    meeting = app.store().get(case_id).case.meetings[0]
    assert meeting.ended and len(meeting.phase_times) == 6
    assert exceptions(page) == []

    # -- the minutes: anonymised by default, HTML and PDF, no name
    with rerun(page):
        main(page).get_by_role("tab", name=t("meeting.tab_minutes")).click()
    wait_text(page, t("minutes.anonymised_note"))
    shown = main_text(page)
    assert "The city reports back." in shown and "15 Jan 2027" in shown
    for name in [*names, *PEOPLE, "Koen"]:
        assert name not in shown, name
    files = {}
    for label, ext in ((t("minutes.download_html"), "html"), (t("minutes.download_pdf"), "pdf")):
        with page.expect_download(timeout=90_000) as info:
            button(page, label).click()
        target = tmp_path / f"minutes.{ext}"
        info.value.save_as(target)
        files[ext] = target
        settle(page)
    html_text = files["html"].read_text()
    assert "The city reports back." in html_text and "15 Jan 2027" in html_text
    assert "Talk with the" in html_text and pitfall in html_text
    text = html_text
    if shutil.which("pdftotext"):
        text += subprocess.run(["pdftotext", str(files["pdf"]), "-"], capture_output=True,
                               text=True, check=True).stdout
    flat = " ".join(text.split())
    for name in [*names, *PEOPLE, "Koen"]:
        assert name not in flat, name
    assert "says the facilitator" not in flat and "says Participant 1" in flat

    # -- three readings compared: the case and two participants' exports
    with rerun(page):
        main(page).get_by_role("tab", name=t("meeting.tab_compare")).click()
    uploader = main(page).locator("[data-testid=stFileUploader]")
    with rerun(page):
        uploader.locator("input[type=file]").set_input_files([str(p) for p in exports(tmp_path)])
    wait_text(page, t("compare.points"))
    settle(page)
    shown = main_text(page)
    for n in (1, 2, 3):
        assert t("compare.reader_n", n=n) in shown
    assert t("compare.consensus_help", n=2) in shown  # the pusher and the renamed actor
    points = [p for p in shown.splitlines() if t("compare.readers_see", n=1, where="",
                                                   readers="")[:9] in p or "reader sees" in p]
    assert len(points) >= 2
    drawn = " ".join(" ".join(map_texts(page, i)) for i in range(4))
    for name in [*names, "koen_maes", "lien_de_smet", *PEOPLE]:
        assert name not in shown and name not in drawn, name
    # the consensus map rings the disputed actors
    chart = page.locator(".js-plotly-plot").first
    assert chart.locator(".scatterlayer .trace").count() >= 1
    assert exceptions(page) == []
