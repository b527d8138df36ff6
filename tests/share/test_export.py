"""Exports: YAML round trips, a self-contained HTML report, an A4 PDF, a 1600x900 PNG, the CLI,
and imports that never overwrite."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import plotly.offline
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.share import export as ex
from workbook.share import images, pdf_report
from workbook import i18n
from workbook.case.model import FORMAT_VERSION, Action, Actor, Case, FuelEvent, Pole
from workbook.case.files import dump_case, read_case
from workbook.framework.check import load_checked
from workbook.problems import InputRejected
from workbook.framework.worksheets import field_options, is_answered

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"
PLOTLY_JS = plotly.offline.get_plotlyjs()


# -- a case with every kind of answer -------------------------------------------------------------
def answer_for(field, fw, case, n: int):
    """A value of the right kind for any worksheet field."""
    options = [oid for oid, _ in field_options(field, fw, case)]
    return {
        "text": f"Korte tekst {n} met <b>markup</b> & 'quotes' — é ü 🦊",
        "longtext": f"Regel één van {n}\nRegel twee: <script>alert({n})</script>\n\n# geen kop",
        "choice": options[0] if options else None,
        "multichoice": options[:2],
        "checklist": options[-2:],
        "scale": field.max,
        "yesno": True,
        "date": dt.date(2026, 3, n % 28 + 1).isoformat(),
        "number": 42,
        "table": [{c.id: _cell_for(c, n) for c in field.columns},
                  {c.id: _cell_for(c, n + 1) for c in field.columns}],
    }.get(field.type)


def _cell_for(column, n: int):
    if column.type == "choice" and column.options:
        return column.options[0].id
    if column.type == "date":
        return dt.date(2026, 5, n % 28 + 1).isoformat()
    if column.type == "number":
        return n
    return f"Cel {column.id} {n}: 'zij daar' <u>ons</u>"


def rich_case(fw) -> Case:
    actors = [
        Actor(id="yassin", name="Yassin <b>El Amrani</b>", kind="person", role="pusher", side="a",
              stance=-0.9, influence=5, notes="Post filmpjes.\nTweede regel & meer."),
        Actor(id="comite", name="Buurtcomité 'De Linde'", kind="group", role="pusher", side="b",
              stance=0.8, influence=4, notes="Eist een 'harde aanpak'."),
        Actor(id="agent", name="Wijkagent Sofie Peeters", kind="person", role="scapegoat",
              side="none", stance=0.1, influence=3, notes="Onder vuur van beide kanten."),
        Actor(id="rtl", name="עמית כהן", kind="person", role="silent", influence=1),
        Actor(id="norole", name="Krant van het Westen", kind="media", role="", side="b",
              stance=0.4, influence=2, notes=""),
    ]
    case = Case(
        id="rich-case", title="Rijke casus: <i>alles</i> ingevuld — ‘quotes’ & 🦊",
        poles=[Pole(side="a", label="De jongeren", identity="‘Ze viseren ons’",
                    thought_construct="jong tegenover oud"),
               Pole(side="b", label="De buurt", identity="Geen respect <em>meer</em>",
                    thought_construct="jong tegenover oud"),
               Pole(side="a", label="Wij hier", identity="", thought_construct="gevestigd/nieuw"),
               Pole(side="b", label="Zij daar", identity="Ze horen hier niet",
                    thought_construct="gevestigd/nieuw")],
        actors=actors,
        fuel=[FuelEvent(id="f1", date=dt.date(2026, 9, 2), source="yassin",
                        description="Filmpje op TikTok: 'ze pakken ons altijd'", channel="TikTok",
                        intensity=4),
              FuelEvent(id="f2", date=None, source="comite", description="Brief\nmet regels",
                        channel="gemeenteraad", intensity=2)],
        strategy={"actions": [Action(id="a1", title="Gesprek met ouders", owner="jeugddienst",
                                     date=dt.date(2026, 11, 3), targets=["rtl"],
                                     game_changers=["target_group"], status="planned",
                                     reflection="Nog te doen")],
                  "me": "agent",
                  "intended": {"yassin": {"stance": -0.4, "role": "joiner"},
                               "agent": {"role": "silent"}}},
    )
    answers: dict = {}
    for n, ws in enumerate(fw.worksheets):
        for field in ws.fields:
            value = answer_for(field, fw, case, n)
            if value is not None:
                answers.setdefault(ws.id, {})[field.id] = value
    answers["retired_sheet"] = {"old": "Een antwoord op een werkblad dat niet meer bestaat"}
    update = {"answers": answers}
    if "narrative" in Case.model_fields:
        update["narrative"] = "Het verhaal: <b>drie</b> jongens en één avond.\n\nTweede alinea."
    return case.model_copy(update=update)


@pytest.fixture(scope="module")
def rich(framework) -> Case:
    return Case.model_validate(rich_case(framework).to_doc())


def roundtrip(case: Case) -> str:
    first = ex.to_yaml(case)
    again = ex.to_yaml(read_case(first.encode("utf-8"), "export.yaml"))
    assert again == first
    return first


# -- YAML ---------------------------------------------------------------------------------------
def test_every_case_study_round_trips(library, catalogue):
    assert library
    for case in library:
        text = roundtrip(case)
        assert dump_case(load_checked(text.encode(), "x", catalogue.frameworks)) == text


def test_a_case_with_every_field_type_round_trips(rich, framework, catalogue):
    open_fields = [f"{ws.id}.{f.id} ({f.type})" for ws in framework.worksheets for f in ws.fields
                   if not is_answered(rich, ws, f)]
    assert open_fields == []  # the test case answers every field of the framework
    text = roundtrip(rich)
    back = load_checked(text.encode(), "x", catalogue.frameworks)
    assert back == rich
    assert "<script>alert(" in text  # text stays text, in the file as the user wrote it
    assert ex.export(rich, framework, "yaml") == text.encode("utf-8")


def test_an_older_format_version_is_read_and_exported_as_the_current_one(framework):
    old = EXAMPLE.read_text(encoding="utf-8").replace(
        f"format_version: {FORMAT_VERSION}", "format_version: 1")
    case = read_case(old.encode(), "old.yaml")
    text = roundtrip(case)
    assert f"format_version: {FORMAT_VERSION}" in text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(max_size=300), notes=st.text(max_size=400),
       answer=st.one_of(st.text(max_size=200), st.lists(st.text(max_size=30), max_size=4),
                        st.integers(), st.booleans(), st.none(),
                        st.floats(allow_nan=False, allow_infinity=False)))
def test_any_text_round_trips(title, notes, answer):
    case = Case(title=title, actors=[Actor(id="x", name=title[:300], notes=notes)],
                answers={"intake": {"what": answer, "where": notes}})
    roundtrip(case)


def test_import_never_overwrites_an_existing_case(store, library):
    original = library[0]
    first = store.create(original, kind="import")
    changed = original.model_copy(update={"title": "Iets anders"})
    second = store.create(changed, kind="import")
    assert first.case.id == original.id and second.case.id != original.id
    assert store.get(original.id).case.title == original.title
    assert store.head(original.id) == 1
    assert len(store.list()) == 2


# -- HTML ---------------------------------------------------------------------------------------
def _without_plotly(page: str) -> str:
    assert PLOTLY_JS in page
    return page.replace(PLOTLY_JS, "")


def test_html_is_self_contained(rich, framework):
    page = ex.to_html(rich, framework, "nl")
    rest = _without_plotly(page)  # plotly.js itself is inline, not fetched
    assert not re.search(r"<script[^>]+src=", rest, re.I)
    assert not re.search(r"<link\b", rest, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", rest, re.I)
    assert "@import" not in rest and "url(http" not in rest
    assert "default-src 'none'" in rest  # and the browser is told to load nothing else


def test_html_lists_every_worksheet_field_and_answer(rich, framework):
    for lang in ("nl", "en"):
        page = _without_plotly(ex.to_html(rich, framework, lang))
        for ws in framework.worksheets:
            assert html.escape(ws.title(lang)) in page
            for field in ws.fields:
                assert html.escape(field.label(lang)) in page, field.id
        for actor in rich.actors:
            assert html.escape(actor.name) in page
        for pole in rich.poles:
            assert html.escape(pole.label) in page
        assert html.escape("Filmpje op TikTok: 'ze pakken ons altijd'") in page
        assert html.escape("Een antwoord op een werkblad dat niet meer bestaat") in page
        assert "Gesprek met ouders" in page
        assert html.escape(getattr(rich, "narrative", "")) in page


def test_html_escapes_user_text(rich, framework):
    page = _without_plotly(ex.to_html(rich, framework, "en"))
    for raw in ("<b>El Amrani</b>", "<script>alert(", "<i>alles</i>", "<em>meer</em>"):
        assert raw not in page
    assert "Yassin &lt;b&gt;El Amrani&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(" in page


def test_html_shows_the_unanswered_fields_as_open(framework):
    page = ex.to_html(Case(title="Leeg"), framework, "nl")
    assert i18n.t("export.report.unanswered", "nl") in page
    assert "Leeg" in page


def _launch(p):
    return p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                             args=["--no-sandbox", "--disable-gpu", "--disable-quic",
                                   "--disable-background-networking", "--no-first-run",
                                   "--disable-component-update", "--disable-sync"])


def _need_browser():
    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (REQUIRE_BROWSER)")
        pytest.skip("no Chromium")
    return pytest.importorskip("playwright.sync_api")


def test_html_opens_offline_with_an_interactive_map(tmp_path, rich, framework):
    pw = _need_browser()
    target = tmp_path / "report.html"
    target.write_text(ex.to_html(rich, framework, "nl"), encoding="utf-8")
    with pw.sync_playwright() as p:
        browser = _launch(p)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            outside, errors = [], []
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                "file:") else (outside.append(route.request.url), route.abort()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.goto(target.as_uri())
            page.wait_for_selector("#polarisation-map .main-svg", timeout=20_000)
            names = page.locator("#polarisation-map").text_content() or ""
            points = page.locator("#polarisation-map .scatterlayer .point").count()
            # interactive: hovering an actor shows its hover label
            page.locator("#polarisation-map .scatterlayer .point").first.hover(force=True)
            page.wait_for_timeout(300)
            hover = page.locator("#polarisation-map .hoverlayer").text_content() or ""
        finally:
            browser.close()
    assert outside == [] and errors == []
    assert points >= len(rich.actors)
    assert "Wijkagent Sofie Peeters" in names
    assert hover.strip()


# -- images ---------------------------------------------------------------------------------------
def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_is_a_1600_by_900_slide(rich, framework):
    data = ex.to_png(rich, framework, "nl")
    assert png_size(data) == (1600, 900)
    assert len(data) > 20_000  # a picture, not a blank


def test_a_missing_browser_is_a_clear_error_not_a_hang(rich, framework, monkeypatch):
    renderer = ex.Renderer(browser_path="/nonexistent/chromium")
    assert not renderer.available()
    monkeypatch.setattr(images, "_RENDERER", renderer)
    start = time.monotonic()
    with pytest.raises(ex.MapRenderError) as err:
        ex.to_png(rich, framework, "nl")
    assert time.monotonic() - start < 5
    assert "Chromium" in err.value.message("nl") and "niet gevonden" in err.value.message("nl")
    assert "not found" in err.value.message("en")
    # the PDF is still made, saying why the map is missing
    pdf = ex.to_pdf(rich, framework, "nl")
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf


def test_a_browser_that_never_answers_times_out_and_is_ended(tmp_path, rich, framework):
    fake, pid_file = tmp_path / "chromium", tmp_path / "pid"
    fake.write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 120\n")
    fake.chmod(0o755)
    renderer = ex.Renderer(start_timeout=2, render_timeout=2, browser_path=str(fake))
    start = time.monotonic()
    with pytest.raises(ex.MapRenderError) as err:
        renderer.render(images.map_figure(rich, framework, "nl", 800, 450))
    assert time.monotonic() - start < 15
    assert "2" in err.value.message("en")
    time.sleep(0.5)
    # this test's own fake browser, if it got as far as starting (other runs may share the machine)
    if pid_file.exists():
        assert not running(int(pid_file.read_text()))  # the browser process was ended


def running(pid: int) -> bool:
    """Whether a process is alive (a zombie waiting to be reaped is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] not in "ZX"


# -- PDF ----------------------------------------------------------------------------------------
def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", data))


def test_pdf_is_a4_with_the_map_as_image(rich, framework):
    data = ex.to_pdf(rich, framework, "nl")
    assert data.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.28 841.89]" in data
    assert b"/Subtype /Image" in data
    assert b"DejaVu" in data or not pdf_report._fonts()  # a Unicode font when the system has one


def test_pdf_text_lists_every_worksheet(rich, framework, monkeypatch, tmp_path):
    """With the core fonts (no DejaVu) and no compression, the text can be read in the file."""
    monkeypatch.setattr(pdf_report, "FONT_DIR", tmp_path)
    png = ex.to_png(rich, framework, "en")
    monkeypatch.setattr(pdf_report, "PDF_COMPRESS", False)
    data = ex.to_pdf(rich, framework, "en", map_png=png).decode("latin-1")
    for ws in framework.worksheets:
        assert ex.latin1(ws.title("en")).replace("(", "\\(").replace(")", "\\)") in data
    assert "Gesprek met ouders" in data and "jeugddienst" in data


def test_pdf_survives_hostile_text_without_and_with_the_unicode_font(framework, monkeypatch,
                                                                       tmp_path):
    long_word = "x" * 3000
    case = Case(
        title="🦊 " + "漢字 עברית العربية " * 10,
        actors=[Actor(id=f"a{i}", name=f"Actor {i} {'🦊' * (i % 3)} {long_word[:200]}",
                      role="joiner", side="ab"[i % 2], influence=1 + i % 5,
                      notes="\x07\x1b[31m\u202e" + "woord " * 40)
                for i in range(60)],
        answers={"intake": {"what": "\r\n".join([long_word] * 2) + "\ud7ff\ufffe"}},
    )
    png = b""
    for font_dir in (ex.FONT_DIR, tmp_path):
        monkeypatch.setattr(pdf_report, "FONT_DIR", font_dir)
        png = png or ex.to_png(case, framework, "nl")
        data = ex.to_pdf(case, framework, "nl", map_png=png)
        assert data.startswith(b"%PDF") and pdf_pages(data) > 3


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")
def test_pdf_text_with_the_unicode_font(rich, framework, tmp_path):
    target = tmp_path / "r.pdf"
    target.write_bytes(ex.to_pdf(rich, framework, "nl"))
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True,
                          text=True).stdout
    flat = " ".join(text.split())
    for ws in framework.worksheets:
        assert " ".join(ws.title("nl").split()) in flat
    assert "Buurtcomité 'De Linde'" in flat
    assert "עמית" in flat or "תימע" in flat


# -- CLI ----------------------------------------------------------------------------------------
def cli(*args: str, db: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKBOOK_DB": db}
    return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)


def test_cli_exports_every_format(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    out = cli("import", str(EXAMPLE), db=db)
    cid = out.stdout.decode().split()[-1]
    files = {}
    for fmt in ex.FORMATS:
        target = tmp_path / f"out.{fmt}"
        done = cli("export", cid, "--format", fmt, "--anonymise", "--output", str(target), db=db)
        assert done.returncode == 0, done.stderr.decode()
        files[fmt] = target.read_bytes()
    assert png_size(files["png"]) == (1600, 900)
    assert files["pdf"].startswith(b"%PDF")
    for fmt in ("yaml", "html"):
        assert b"Yassin" not in files[fmt] and b"Wijkagent" not in files[fmt]
    piped = cli("export", cid, "--format", "png", db=db)  # not a terminal: bytes to stdout
    assert piped.returncode == 0 and png_size(piped.stdout) == (1600, 900)
    plain = cli("export", cid, db=db)
    assert b"Yassin" in plain.stdout and plain.stdout.decode() == dump_case(
        read_case(plain.stdout, "x"))


def test_cli_round_trip_and_import_makes_a_new_case(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    first = cli("import", str(EXAMPLE), db=db).stdout.decode().split()[-1]
    exported = cli("export", first, db=db).stdout
    target = tmp_path / "again.yaml"
    target.write_bytes(exported)
    second = cli("import", str(target), db=db).stdout.decode().split()[-1]
    assert second != first  # the id was taken: a new case, the first untouched
    again = cli("export", second, db=db).stdout
    assert again.replace(second.encode(), first.encode()) == exported


def test_cli_import_errors_are_in_the_users_language(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"format_version: {FORMAT_VERSION}\ntitle: x\nactors:\n  - name: A\n"
                   "    influence: 9\n", encoding="utf-8")
    for lang, words in (("nl", "bereik"), ("en", "range")):
        out = cli("--lang", lang, "import", str(bad), db=db)
        assert out.returncode == 1
        err = out.stderr.decode()
        assert f"{bad}:5: actors[0].influence" in err and words in err
        assert "Traceback" not in err


# -- file names and the one entry point ------------------------------------------------------------
def test_file_names_are_safe_and_anonymised_ones_say_nothing(rich):
    assert ex.file_name(rich, "pdf") == "rijke-casus-i-alles-i-ingevuld-quotes.pdf"
    assert ex.file_name(rich, "png", anonymised=True) == "anonymised.png"
    assert ex.file_name(Case(id="abc", title="🦊"), "yaml") == "abc.yaml"


def test_export_anonymised_html_contains_no_names(rich, framework):
    page = _without_plotly(ex.export(rich, framework, "html", "nl", anonymised=True).decode())
    for actor in rich.actors:
        for form in (actor.name, html.escape(actor.name), json.dumps(actor.name)[1:-1]):
            assert form not in page
    assert i18n.t("export.anonymised", "nl") in page
