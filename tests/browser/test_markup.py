"""User text is data, in a real browser: a case holding the markup corpus (tests/markup.py) in
every field is opened on every page, with the delete dialog, the copy-made message, the
case-not-found warnings, the map's hover, the export panel (its HTML report opened too) and
refused uploads with hostile file names. Each fails on a link to another origin, an image, a
script or any element made from user text, on a request to anywhere but the app's own origin
(the browser's own record of requests), and on anything the Content-Security-Policy had to
block; every page response must carry that policy."""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

import pytest

from tests.browser.helpers import (exceptions, framework, main, notices_seen, open_app,
                                   rerun, settle, t)
from tests.markup import CORPUS, EVIL, TEXT, corpus_case
from ui.headers import content_security_policy

pytestmark = pytest.mark.browser

# the framework's own literature links (Part 1, Sources) are the only links to elsewhere
SOURCES = {s.url for s in framework().concepts.sources if s.url}
VIOLATIONS_JS = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)); }"""
MARKUP_JS = """(sources) => {
  const found = [], here = location.origin;
  const say = (what, el) => found.push(`${what}: ${(el.outerHTML || '').slice(0, 160)}`);
  const origin = (url) => { try { return new URL(url, location.href).origin; }
                            catch (e) { return 'bad'; } };
  for (const a of document.getElementsByTagName('a')) {  // HTML and SVG (Plotly) links
    const href = a.getAttribute('href') || a.getAttribute('xlink:href');
    if (href && origin(href) !== here && !sources.includes(href)) say('link elsewhere', a);
  }
  for (const img of document.getElementsByTagName('img')) say('image', img);
  for (const s of document.getElementsByTagName('script')) {
    const src = s.getAttribute('src');
    if (src ? origin(src) !== here : !/^\\s*window\\.prerenderReady = false\\s*$/.test(s.text))
      say('script', s);
  }
  for (const el of document.querySelectorAll('*')) {
    for (const at of el.attributes) {
      if (/^on/i.test(at.name)) say(`event attribute ${at.name}`, el);
      if (/^(src|srcset|href|xlink:href|action|formaction|poster|background|style)$/i
          .test(at.name) && at.value.includes('evil.')) say(`address in ${at.name}`, el);
    }
  }
  const md = '[data-testid=stMarkdownContainer] ';
  for (const el of document.querySelectorAll(md + 'strong, ' + md + 'em, ' + md + 'del'))
    if (/^(bold|alarm)$/.test(el.textContent.trim())) say('emphasis from user text', el);
  for (const el of document.querySelectorAll(md + '.katex, ' + md + '[class*=stMarkdownColored]'))
    say('maths or colour', el);
  for (const el of document.querySelectorAll(md + 'span[role=img]'))
    if (el.textContent.trim() === 'warning') say('icon from user text', el);
  if (document.body.innerText.includes('\\u{1F604}')) found.push('emoji from :smile:');
  for (const e of window.__csp || []) found.push(`blocked by the policy: ${e}`);
  window.__csp = [];
  return found;
}"""


@pytest.fixture(scope="module")
def corpus_id(app) -> str:
    return app.store().create(corpus_case(framework(), practice_of="cs-klas")).case.id


@pytest.fixture
def watched(browser_context, app):
    """A tab that records every request to anywhere but the app's own origin."""
    page = browser_context.new_page()
    page.add_init_script(VIOLATIONS_JS)
    page.elsewhere = []
    own = app.base

    def request(req) -> None:
        url = req.url
        if not url.startswith(("data:", "blob:", "about:", "file:", own + "/")):
            page.elsewhere.append(url[:160])

    browser_context.on("request", request)
    yield page
    page.close()


def visit(page, app, path: str = "", **params) -> list[str]:
    """Open a page of the app in a new session; its response must carry the headers."""
    response = page.goto(app.url(path, **params))
    settle(page, before={"ended": 0, "messages": 0}, timeout=120_000, quiet_ms=700)
    headers = response.headers
    wrong = []
    if headers.get("content-security-policy") != content_security_policy():
        wrong.append(f"{path}: no or another Content-Security-Policy")
    if headers.get("x-content-type-options") != "nosniff" or (
            headers.get("referrer-policy") != "no-referrer"):
        wrong.append(f"{path}: nosniff or no-referrer missing")
    return wrong


def markup(page, where: str) -> list[str]:
    """What the page drew from user text as markup, fetched from elsewhere, or had blocked."""
    found = [f"{where}: {p}" for p in page.evaluate(MARKUP_JS, sorted(SOURCES))]
    found += [f"{where}: request to {u}" for u in page.elsewhere]
    found += [f"{where}: exception {e[:160]}" for e in exceptions(page)]
    page.elsewhere.clear()
    return found


def open_expanders(page) -> None:
    """Unfold every folded panel (some rerun the page when opened, most do not)."""
    folded = main(page).locator("[data-testid=stExpander] details:not([open]) > summary")
    tried: dict[str, int] = {}
    while folded.count():  # asked again each time: an unfolded panel may redraw the others
        label = folded.first.inner_text()
        tried[label] = tried.get(label, 0) + 1
        assert tried[label] <= 3, f"the panel {label!r} folds again"
        folded.first.click()
        settle(page, quiet_ms=500)


def hover_texts(page) -> list[str]:
    """Move the mouse onto each marker of the first chart; what its hover label says."""
    chart = page.locator(".js-plotly-plot").first
    points = chart.locator(".scatterlayer .point")
    points.first.wait_for()
    texts = []
    for i in range(points.count()):
        box = points.nth(i).bounding_box()
        for _ in range(5):  # a chart just drawn may not listen yet
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            label = chart.locator(".hoverlayer .hovertext")
            try:
                label.first.wait_for(timeout=1_500)
                texts.append(label.first.text_content() or "")
                break
            except Exception:  # noqa: BLE001 - no label yet: move away and back
                page.mouse.move(5, 5)
    return texts


def shown(page) -> str:
    return main(page).inner_text().replace("\u2060", "")


def test_every_page_and_worksheet_shows_the_corpus_as_text(app, watched, corpus_id):
    page, found = watched, []
    for path in ("", "map", "history", "part1", "part2", "part3", "practice"):
        found += visit(page, app, path, case=corpus_id, lang="en")
        open_expanders(page)
        found += markup(page, path or "case")
        if path == "":
            assert CORPUS[0] in shown(page), "the title and story are shown as typed"
    for part in (2, 3):
        for sheet in framework().worksheets_of(part):
            found += visit(page, app, f"part{part}", case=corpus_id, lang="en", ws=sheet.id)
            found += markup(page, f"part{part} {sheet.id}")
    for tab in ("exercises", "my_role"):
        found += visit(page, app, "part1", case=corpus_id, lang="en", tab=tab)
        found += markup(page, f"part1 {tab}")
    found += visit(page, app, "part1", case=corpus_id, lang="en")
    search = main(page).get_by_role("textbox", name=t("part1.explorer.search"), exact=True)
    search.fill(TEXT)
    with rerun(page):
        search.press("Enter")
    found += markup(page, "part1 search")
    assert found == []


def test_the_map_its_hover_its_views_and_practice(app, watched, corpus_id):
    page = watched
    found = visit(page, app, "map", case=corpus_id, lang="en")
    hovered = hover_texts(page)
    assert any(CORPUS[0] in h for h in hovered), "an actor's hover shows its name as typed"
    found += markup(page, "map hover")
    for view in ("timeline", "snapshots"):
        with rerun(page):
            main(page).get_by_role("radio", name=t(f"mapview.view_{view}"), exact=True).click()
        found += markup(page, f"map {view}")
    found += visit(page, app, "practice", case=corpus_id, lang="en")
    with rerun(page):
        main(page).get_by_text(t("practice.show_compare"), exact=True).click()
    found += markup(page, "practice compare")
    assert found == []


def test_copy_made_delete_dialog_bring_back_and_the_export_panel(app, watched, corpus_id,
                                                                 tmp_path):
    page = watched
    found = visit(page, app, case=corpus_id, lang="en")
    with rerun(page):
        main(page).get_by_role("button", name=t("case.duplicate"), exact=True).click()
    copy = t("case.copy_title", "en", title=TEXT)
    assert any(t("case.duplicated", "en", title=copy) in n.replace("\u2060", "")
               for n in notices_seen(page)), "the copy-made message shows the title as typed"
    found += markup(page, "copy made")
    with rerun(page):
        main(page).get_by_role("button", name=t("case.delete"), exact=True).click()
    dialog = page.get_by_role("dialog")
    assert copy in dialog.inner_text().replace("\u2060", "")
    found += markup(page, "delete dialog")
    with rerun(page):
        dialog.get_by_role("button", name=t("case.delete_yes"), exact=True).click()
    found += markup(page, "deleted")
    open_expanders(page)
    with rerun(page):
        main(page).get_by_role("button", name=t("case.restore_case"), exact=True).first.click()
    found += markup(page, "brought back")
    with page.expect_download(timeout=120_000) as info:
        main(page).get_by_role("button", name=t("export.html"), exact=True).click()
    report = tmp_path / "report.html"
    info.value.save_as(report)
    settle(page)
    opened = page.context.new_page()
    opened.goto(report.as_uri())
    opened.wait_for_load_state("load")
    opened.locator(".js-plotly-plot").first.wait_for()
    assert CORPUS[0] in opened.locator("body").inner_text()
    found += [f"report: {p}" for p in opened.evaluate(MARKUP_JS, sorted(SOURCES))
              if not p.startswith("script")]  # the report carries its own Plotly inline
    found += markup(page, "export")
    opened.close()
    assert found == []


HOSTILE_NAME = "![x](http:evil.example) <img src=http:evil.example onerror=alert(1)> **bold**"


def test_refused_uploads_name_the_hostile_file_as_text(app, watched, corpus_id):
    page = watched
    found = visit(page, app, case=corpus_id, lang="en")
    importer = main(page).locator("[data-testid=stFileUploader]").filter(
        has=page.get_by_text(t("case.import"), exact=True))
    with rerun(page):
        importer.locator("input[type=file]").set_input_files(
            {"name": f"{HOSTILE_NAME}.yaml", "mimeType": "text/yaml", "buffer": b"- [unclosed"})
    with rerun(page):
        main(page).get_by_role("button", name=t("case.import_button"), exact=True).click()
    assert "**bold**.yaml" in shown(page), "the refusal names the file as it is called"
    found += markup(page, "refused case file")
    open_expanders(page)
    csv = main(page).locator("[data-testid=stFileUploader]").filter(
        has_not=page.get_by_text(t("case.import"), exact=True)).first
    with rerun(page):
        csv.locator("input[type=file]").set_input_files(
            {"name": f"{HOSTILE_NAME}.csv", "mimeType": "text/csv", "buffer": b"\x00\x01\x02"})
    assert "**bold**.csv" in shown(page), "the refusal names the file as it is called"
    found += markup(page, "refused actor list")
    assert found == []


@pytest.mark.parametrize("case", ["[Session expired, log in](https://evil.example/login)",
                                  CORPUS[0], "<img src=https://evil.example/x.png>",
                                  "no_such_case"])
def test_a_case_link_is_checked_and_never_made_markup(app, watched, case):
    page = watched
    found = visit(page, app, "map", case=case, lang="en")
    said = " ".join(notices_seen(page)).replace("\u2060", "")
    if case == "no_such_case":
        assert t("app.case_not_found", "en", id=case) in said
    else:
        assert t("app.case_link_invalid", "en") in said and EVIL not in said
    assert "case=" not in urlparse(page.url).query
    found += markup(page, f"?case={urlencode({'': case})}")
    assert found == []
