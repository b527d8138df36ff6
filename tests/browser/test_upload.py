"""Broken and hostile case files through the upload widget: refused with a message in the
user's language and nothing stored changed, or accepted with every piece of markup shown as
text. (tests/test_hostile.py puts the whole corpus through the command line and the domain.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.helpers import (exceptions, field_value, go_to, main, map_texts, notices,
                                   open_app, rerun, settle, t)
from tests.browser.storecheck import consistency_problems, snapshot
from tests.test_hostile import CORPUS, REFUSED, fragment

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# One file for each layer that refuses (bytes, syntax, tags, aliases, depth, version, schema,
# framework), and the ones whose message repeats what the user wrote.
SAMPLE = ["binary_png.yaml", "empty.yaml", "tabs_indent.yaml", "top_list.yaml",
          "python_tag_os_system.yaml", "alias_bomb.yaml", "deep_nesting_5000.yaml",
          "future_format_version.yaml", "wrong_types_actor.yaml", "bad_date.yaml",
          "refused_with_markup.yaml", "unknown_role.yaml"]
PWNED_JS = "() => window.__pwned === undefined && !document.querySelector('[onerror], iframe, marquee')"


def importer(page, lang: str = "en"):
    return main(page).locator("[data-testid=stFileUploader]").filter(
        has=page.get_by_text(t("case.import", lang), exact=True))


def upload(page, path: Path, lang: str) -> None:
    """Choose a file in the case importer and press its Import button."""
    with rerun(page):
        importer(page, lang).locator("input[type=file]").set_input_files(str(path))
    button = main(page).get_by_role("button", name=t("case.import_button", lang), exact=True)
    with rerun(page):
        button.click()


@pytest.fixture(scope="module")
def seeded(app):
    """A store that already holds a case, so 'nothing changed' means something."""
    case_id = app.import_case(ROOT / "casestudies" / "stationsplein.yaml")
    return case_id


# In Dutch, a few: the messages come from the same catalogue as in English.
SAMPLE_NL = ["binary_png.yaml", "alias_bomb.yaml", "future_format_version.yaml",
             "refused_with_markup.yaml"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_broken_files_are_refused_with_a_message_and_change_nothing(app, tab, seeded, lang):
    open_app(tab, app, case=seeded, lang=lang)
    before = snapshot(app.db_url)
    wrong = {}
    for name in SAMPLE if lang == "en" else SAMPLE_NL:
        upload(tab, CORPUS / name, lang)
        shown = "\n".join(notices(tab))
        problems = []
        if t("case.import_refused", lang) not in shown:
            problems.append("no refusal")
        if not any(fragment(kind, lang) in shown for kind in REFUSED[name]):
            problems.append("not the expected reason in the user's language")
        if name not in shown:
            problems.append("does not name the file")
        if exceptions(tab):
            problems.append(f"exception: {exceptions(tab)}")
        if not tab.evaluate(PWNED_JS):
            problems.append("markup from the file ran")
        if snapshot(app.db_url) != before:
            problems.append("the store changed")
            before = snapshot(app.db_url)
        if problems:
            wrong[name] = (problems, shown[:300])
    assert wrong == {}
    assert consistency_problems(app.db_url) == []


def test_a_30_mb_file_is_refused_by_the_widget(app, tab, seeded, tmp_path):
    big = tmp_path / "thirty-megabytes.yaml"
    with big.open("wb") as fh:
        fh.write(b"format_version: 1\ntitle: big\n# ")
        fh.write(b"x" * (30 * 1024 * 1024))
    open_app(tab, app, case=seeded, lang="en")
    before = snapshot(app.db_url)
    importer(tab).locator("input[type=file]").set_input_files(str(big))
    message = importer(tab).get_by_text("MB", exact=False).last
    message.wait_for()
    settle(tab)
    assert main(tab).get_by_role("button", name=t("case.import_button"), exact=True).count() == 0
    assert snapshot(app.db_url) == before
    assert exceptions(tab) == []


def test_markup_in_an_imported_case_stays_text_everywhere(app, tab):
    source = (CORPUS / "markup_everywhere.yaml").read_bytes()
    open_app(tab, app, lang="en")
    upload(tab, CORPUS / "markup_everywhere.yaml", "en")
    cases = {c.title: c.id for c in app.store().list()}
    from workbook.case.files import read_case

    raw = read_case(source, "markup")
    assert raw.title in cases, "the file was not imported"
    assert any(raw.title in n for n in notices(tab)), "the success notice shows the title as text"
    assert field_value(tab, t("case.title")) == raw.title
    assert tab.evaluate(PWNED_JS)

    for nav in ("nav.map", "nav.part2", "nav.part3", "nav.history", "nav.part1"):
        go_to(tab, t(nav))
        assert exceptions(tab) == [], nav
        assert tab.evaluate(PWNED_JS), f"markup ran on {nav}"
        if nav == "nav.map":  # names are cut at 40 characters on the map
            drawn = " ".join(map_texts(tab))
            assert "<img" in drawn and "<b>Bold" in drawn, "the user's tags are shown, not obeyed"


def test_right_to_left_and_emoji_names_are_kept(app, tab):
    from workbook.case.files import read_case

    expected = read_case((CORPUS / "rtl_emoji_names.yaml").read_bytes(), "rtl")
    open_app(tab, app, lang="en")
    upload(tab, CORPUS / "rtl_emoji_names.yaml", "en")
    assert field_value(tab, t("case.title")) == expected.title
    go_to(tab, t("nav.map"))
    drawn = " ".join(map_texts(tab))
    for actor in expected.actors:
        assert actor.name[:20] in drawn, actor.name
    assert exceptions(tab) == []


def test_what_is_not_a_regular_file_never_gets_in(app, tab, seeded, tmp_path):
    """/dev/zero picked under a .yaml name, a huge file, a pipe (FIFO) and a folder: each is
    refused in one line or never sent by the browser; nothing is stored, nothing breaks, and
    each answer comes within seconds."""
    from playwright.sync_api import Error as PlaywrightError

    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as fh:
        fh.truncate(10 * 1024 ** 3)  # sparse: 10 GB that take no disk
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    open_app(tab, app, case=seeded, lang="en")
    before = snapshot(app.db_url)
    upload(tab, zero, "en")  # the browser reads a device as an empty file
    refusal = [n for n in notices(tab) if t("case.import_refused") in n]
    assert len(refusal) == 1
    assert refusal[0].split("\n\n", 1)[1].strip() == f"zero.yaml: {t('errors.empty')}"

    def nothing_to_import() -> bool:
        button = main(tab).get_by_role("button", name=t("case.import_button"), exact=True)
        return button.count() == 0

    open_app(tab, app, case=seeded, lang="en")
    files = importer(tab).locator("input[type=file]")
    files.set_input_files(str(huge))  # refused by the widget before anything is read
    importer(tab).get_by_text("MB or smaller", exact=False).wait_for(timeout=10_000)
    assert nothing_to_import()
    with pytest.raises(PlaywrightError, match="does not support directories"):
        files.set_input_files(str(folder), timeout=10_000)  # a folder is never sent here
    assert nothing_to_import()
    try:
        files.set_input_files(str(fifo), timeout=10_000)  # the browser waits for a writer...
        tab.wait_for_timeout(2_000)
        assert nothing_to_import()  # ...so nothing arrives
    finally:
        _release(fifo)
    settle(tab)
    assert exceptions(tab) == []
    assert snapshot(app.db_url) == before
    open_app(tab, app, case=seeded, lang="en")  # the app answers as before
    assert field_value(tab, t("case.title")) == "Jongeren en politie aan het stationsplein"


def _release(fifo: Path) -> None:
    """Let a reader waiting on the pipe go: open it for writing, then close it (end of file)."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # nobody is reading it
        return
    os.close(fd)
