"""Journeys a trainee makes, in a real browser: start a case, answer a worksheet, see the
actor on the map; switch language; download an export and open it."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.helpers import (add_actor, exceptions, field_value, go_to, main, main_text,
                                   map_texts, open_app, pick_worksheet, reload, rerun, settle,
                                   switch_language, t, type_answer, worksheet_with)
from workbook.case.files import read_case

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"


def url_param(page, name: str) -> str | None:
    return (parse_qs(urlparse(page.url).query).get(name) or [None])[0]


def heading(page) -> str:
    return main(page).locator("h1").first.inner_text().strip()


def test_new_case_answer_a_worksheet_and_see_the_actor_on_the_map(app, tab):
    open_app(tab, app, lang="en")
    title = "Skaters and the community centre"
    main(tab).get_by_label(t("case.new_title"), exact=True).fill(title)
    with rerun(tab):
        main(tab).get_by_role("button", name=t("case.start")).click()
    assert field_value(tab, t("case.title")) == title
    case_id = url_param(tab, "case")
    assert case_id, tab.url

    go_to(tab, t("nav.part2"))
    sheet, question = worksheet_with("longtext", part=2)
    pick_worksheet(tab, sheet.title("en"))
    answer = "Since May the skaters gather at the centre; neighbours complain about noise."
    type_answer(tab, question.label("en"), answer)

    sheet, _ = worksheet_with("actors", part=2)
    pick_worksheet(tab, sheet.title("en"))
    add_actor(tab, "Skater Sam")

    stored = app.store().get(case_id).case
    assert stored.title == title
    assert [a.name for a in stored.actors] == ["Skater Sam"]
    ws, field = worksheet_with("longtext", part=2)
    assert stored.answer(ws.id, field.id) == answer

    go_to(tab, t("nav.map"))
    assert "Skater Sam" in map_texts(tab)
    assert exceptions(tab) == []


def test_renaming_the_case_keeps_it_open(app, tab):
    """Rename the case, then go on to Part 2: the case stays open."""
    case_id = app.import_case(EXAMPLE)
    open_app(tab, app, case=case_id, lang="en")
    type_answer(tab, t("case.title"), "A new name for the square")
    assert app.store().get(case_id).case.title == "A new name for the square"
    go_to(tab, t("nav.part2"))
    assert url_param(tab, "case") == case_id, "the case was closed by renaming it"
    assert t("part.need_case") not in main_text(tab)


def test_names_with_quotes_and_ampersands_show_as_typed_on_the_map(app, tab, tmp_path):
    names = ['Anna "the voice" de Vries', "Café O'Neill & Zonen", "Jeugdwerk <Noord>"]
    case = tmp_path / "quotes.yaml"
    case.write_text("format_version: 1\ntitle: Quotes\nactors:\n" + "".join(
        f"  - id: q{i}\n    name: '{n.replace(chr(39), chr(39) * 2)}'\n    role: pusher\n"
        f"    side: {'ab'[i % 2]}\n" for i, n in enumerate(names)), encoding="utf-8")
    case_id = app.import_case(case)
    open_app(tab, app, "map", case=case_id, lang="en")
    drawn = map_texts(tab)
    missing = [n for n in names if n not in drawn]
    assert missing == [], f"drawn as {[d for d in drawn if d[:4] in ''.join(names)]}"


def test_switching_language_changes_every_word_and_sticks(app, tab):
    case_id = app.import_case(EXAMPLE)
    open_app(tab, app, case=case_id)  # no language in the link: Dutch
    assert heading(tab) == t("nav.case", "nl")
    switch_language(tab, "English")
    assert heading(tab) == t("nav.case", "en")
    assert url_param(tab, "lang") == "en"

    go_to(tab, t("nav.part2", "en"))
    assert heading(tab) == t("nav.part2", "en")
    first = worksheet_with("longtext", part=2)[0]
    assert first.title("en") in main_text(tab)
    roles_en = {r.name("en") for r in _roles()}
    assert roles_en & set(map_texts(tab)), "the map legend follows the language"

    reload(tab)
    assert heading(tab) == t("nav.part2", "en"), "a reload keeps the language"

    switch_language(tab, "Nederlands")
    assert heading(tab) == t("nav.part2", "nl")
    assert url_param(tab, "lang") == "nl"
    roles_nl = {r.name("nl") for r in _roles()}
    assert roles_nl & set(map_texts(tab))
    assert url_param(tab, "case") == case_id, "switching language keeps the case"
    assert exceptions(tab) == []


def _roles():
    from tests.browser.helpers import framework

    return framework().concepts.roles


# -- exports -------------------------------------------------------------------------------
def _opens(name: str, data: bytes, title: str, context, folder: Path) -> None:
    """Check a downloaded file is what its name says, and whole; open a web page in the
    browser (the context's watch fails the test if it reaches for another server)."""
    suffix = name.rsplit(".", 1)[-1].lower()
    if suffix in ("yaml", "yml"):
        case = read_case(data, name)
        assert case.title == title
    elif suffix == "pdf":
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], name
    elif suffix == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), name
        width, height = struct.unpack(">II", data[16:24])
        assert width >= 400 and height >= 300, (width, height)
    elif suffix in ("html", "htm"):
        path = folder / f"opened-{name}"
        path.write_bytes(data)
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert title in page.title() or title in page.locator("body").inner_text()
        if "plotly" in data.decode("utf-8", "replace").lower():
            page.locator(".js-plotly-plot").first.wait_for()
        page.close()
    elif suffix == "zip":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert zf.testzip() is None
    elif suffix == "csv":
        data.decode("utf-8-sig")
    else:
        pytest.fail(f"a download of unknown kind: {name}")


def _download_all(page, tmp_path: Path) -> dict[str, bytes]:
    got: dict[str, bytes] = {}
    buttons = main(page).locator("[data-testid=stDownloadButton] button:visible")
    buttons.first.wait_for()
    for i in range(buttons.count()):
        button = buttons.nth(i)
        label = button.inner_text().strip()
        assert button.is_enabled(), f"export '{label}' is disabled although Chromium is here"
        with page.expect_download(timeout=90_000) as info:
            button.click()
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        got[f"{label} -> {download.suggested_filename}"] = target.read_bytes()
        settle(page, before=None)
    return got


def test_every_export_downloads_and_opens(app, tab, browser_context, tmp_path):
    """Every download button on the case page gives a file that opens."""
    case_id = app.import_case(EXAMPLE)
    title = app.store().get(case_id).case.title
    open_app(tab, app, case=case_id, lang="en")
    files = _download_all(tab, tmp_path)
    try:
        from workbook.share.export import FORMATS
    except ImportError:
        FORMATS = ("yaml",)
    suffixes = {k.rsplit(".", 1)[-1] for k in files}
    assert set(FORMATS) <= suffixes, f"the case page offers {sorted(files)}"
    for name, data in files.items():
        _opens(name.split(" -> ")[-1], data, title, browser_context, tmp_path)
    assert exceptions(tab) == []
    # the YAML export is the case itself: it imports again as an equal case
    yaml_files = [d for k, d in files.items() if k.endswith((".yaml", ".yml"))]
    if yaml_files:
        again = read_case(yaml_files[0], "download")
        stored = app.store().get(case_id).case
        assert again.model_dump(exclude={"id"}) == stored.model_dump(exclude={"id"})
