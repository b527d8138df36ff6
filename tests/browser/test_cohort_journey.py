"""Hosted for a cohort, in a real browser, with a real OpenID Connect login (oidc-provider-mock
on a loopback port): facilitator F makes a cohort, sets its first session's date (the others
follow the course's rhythm) and hands out its join link; trainee A joins and starts a case,
whose page shows the cohort's session dates; user B neither sees nor opens it; A shares it with the cohort's
facilitators to comment; F opens it and comments next to a question; A sees the comment
there and sees that F opened the case; A takes the share back and F no longer sees it. The
join link, once revoked, tells the next person so and changes nothing. Edits A's browser
kept for her are removed from it when she logs out, and another user never replays them. A
join or room link opened before logging in opens right after the login."""

from __future__ import annotations

import secrets
import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import AppServer, check_watch, keep_screenshot, new_context
from tests.browser.helpers import (main, main_text, notices_seen, open_app, rerun, settle,
                                   sidebar, t, worksheet_with)
from tests.browser.oidc import PROVIDER_CSS, Provider, secrets_toml, sign_in
from workbook.accounts.cohorts import CohortAccess
from workbook.accounts.users import User, hashed_identity
from workbook.case.model import Case
from workbook.case.store import Store

pytestmark = pytest.mark.browser

FRIDA, ANNA, BERT = "frida-0001", "anna-0002", "bert-0003"


@pytest.fixture(scope="module")
def provider(_browser_available):
    pytest.importorskip("oidc_provider_mock", reason="pip install -r requirements-dev.txt")
    running = Provider()
    running.add_user(FRIDA, name="Frida Facilitator", email="frida@example.org",
                     email_verified=True)
    running.add_user(ANNA, name="Anna Peeters", email="anna@example.org", email_verified=True)
    running.add_user(BERT, name="Bert Jacobs", email="frida@example.org")  # not verified
    yield running
    running.stop()


@pytest.fixture(scope="module")
def hosted(tmp_path_factory, provider):
    """The app with a login at the local provider and Frida named a facilitator."""
    workdir = tmp_path_factory.mktemp("cohort")
    secrets_file = workdir / "secrets.toml"
    secrets_file.write_text(secrets_toml(
        provider, "http://127.0.0.1:{port}/oauth2callback", secrets.token_urlsafe(32),
        workbook='facilitators = ["frida@example.org"]'))
    server = AppServer(workdir)
    server.args = ["--secrets.files", str(secrets_file)]
    server.start()
    yield server
    server.stop()


@pytest.fixture
def person(chromium, request):
    """A browser of a person's own; the provider's stylesheet is not fetched."""
    contexts = []

    def make():
        context = new_context(chromium)
        context.route(f"{PROVIDER_CSS}**", lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield make
    for n, context in enumerate(contexts):
        for page in context.pages:
            keep_screenshot(request, page, f"-{n}")
        context.close()
        context.watch.outside[:] = [u for u in context.watch.outside
                                    if not u.startswith(PROVIDER_CSS)]
        check_watch(context)


def picked(page) -> str:
    """What the sidebar's case picker shows as chosen (the value of its input)."""
    shown = sidebar(page).locator("[data-testid=stSelectbox]").first
    return shown.inner_text() + " " + " ".join(
        shown.locator("input").evaluate_all("(els) => els.map((e) => e.value)"))


def log_in(page, app: AppServer, provider: Provider, subject: str) -> None:
    open_app(page, app, lang="en")
    sign_in(page, provider, subject, app.base, lang="en")


def url_case(page) -> str | None:
    return (parse_qs(urlparse(page.url).query).get("case") or [None])[0]


def click(page, name: str, scope=None) -> None:
    with rerun(page):
        (scope or main(page)).get_by_role("button", name=name, exact=True).click()


def open_share_panel(page) -> None:
    with rerun(page):
        main(page).get_by_text(t("share.heading"), exact=True).click()


def make_cohort(page, app, name: str) -> str:
    """On the cohort page: a new cohort; returns its join link as the page shows it."""
    open_app(page, app, "cohort", lang="en")
    main(page).get_by_text(t("cohort.new"), exact=True).click()
    main(page).get_by_label(t("cohort.new_name"), exact=True).fill(name)
    main(page).get_by_label(t("cohort.your_name"), exact=True).fill("Frida F.")
    click(page, t("cohort.create"))
    assert t("cohort.created", name=name) in main_text(page)
    return main(page).locator("[data-testid=stCode]").first.inner_text().strip()


def test_share_comment_and_take_back_between_a_trainee_and_a_facilitator(
        hosted, provider, person):
    frida, anna, bert = person(), person(), person()
    log_in(frida, hosted, provider, FRIDA)
    link = make_cohort(frida, hosted, "Gent voorjaar")
    assert link.startswith(f"{hosted.base}/join?code=")
    first = main(frida).get_by_label(f"{t('cohort.session_n', n=1)} ({t('dates.format')})",
                                     exact=True)
    with rerun(frida):
        first.fill("27/09/2026")
        first.press("Enter")
    click(frida, t("cohort.sessions_save"))
    assert "27 Sep 2026, 20 Oct 2026, 3 Nov 2026" in main_text(frida)

    # Anna follows the link, joins under a name of her choosing, and starts a case
    log_in(anna, hosted, provider, ANNA)
    anna.goto(link + "&lang=en")
    settle(anna, before={"ended": 0, "messages": 0}, quiet_ms=700)
    assert t("join.invited", name="Gent voorjaar") in main_text(anna)
    main(anna).get_by_label(t("cohort.your_name"), exact=True).fill("Anna P.")
    click(anna, t("join.button"))
    assert t("join.joined", name="Gent voorjaar") in main_text(anna)
    open_app(anna, hosted, lang="en")
    title = "Ahmed en de wijkagent"
    main(anna).get_by_label(t("case.new_title"), exact=True).fill(title)
    click(anna, t("case.start"))
    case_id = url_case(anna)
    assert case_id
    assert t("course.cohort_dates", name="Gent voorjaar") in main_text(anna)
    assert "27 Sep 2026" in main_text(anna) and "20 Oct 2026" in main_text(anna)

    # Bert (another login; his unverified address is Frida's) sees nothing of it
    log_in(bert, hosted, provider, BERT)
    assert title not in sidebar(bert).inner_text()
    open_app(bert, hosted, case=case_id, lang="en")
    assert t("app.case_not_found", id=case_id) in main_text(bert)
    open_app(bert, hosted, "cohort", lang="en")
    assert t("cohort.none") in main_text(bert)  # no facilitator: no cohort to make
    assert main(bert).get_by_text(t("cohort.new"), exact=True).count() == 0

    # Frida does not see the case before it is shared
    open_app(frida, hosted, case=case_id, lang="en")
    assert t("app.case_not_found", id=case_id) in main_text(frida)

    # Anna shares it with the cohort's facilitators, to read and comment
    open_app(anna, hosted, case=case_id, lang="en")
    open_share_panel(anna)
    main(anna).get_by_text(t("cohort.permission_comment"), exact=True).click()
    click(anna, t("share.button"))
    assert t("share.with", name="Gent voorjaar",
             permission=t("cohort.permission_comment")) in main_text(anna)

    # Frida sees it among the cohort's shared cases, opens it and comments on a question
    ws, field = worksheet_with("text", part=2)
    open_app(frida, hosted, "cohort", lang="en")
    assert title in main_text(frida)
    open_app(frida, hosted, "part2", case=case_id, ws=ws.id, lang="en")
    assert f"{title} · {t('account.shared')}" in picked(frida)
    comment = "Wie staat er in het midden? **niet vet** <b>ook niet</b>"
    box = main(frida).locator(f".st-key-comments-{ws.id}-{field.id}")
    box.get_by_role("button", name=t("comments.add")).click()
    popover = frida.locator("[data-testid=stPopoverBody]")
    popover.get_by_label(t("comments.placeholder")).fill(comment)
    with rerun(frida):
        popover.get_by_role("button", name=t("comments.send")).click()

    # Anna sees it next to that question, as typed; and that Frida opened the case
    open_app(anna, hosted, "part2", case=case_id, ws=ws.id, lang="en")
    thread = main(anna).locator(f".st-key-comments-{ws.id}-{field.id}")
    assert comment in thread.inner_text() and "Frida F." in thread.inner_text()
    assert thread.locator("strong, b, a").count() == 0
    open_app(anna, hosted, case=case_id, lang="en")
    open_share_panel(anna)
    assert "Frida F.," in main_text(anna)

    # Anna takes it back: Frida no longer sees it, in the list or by its link
    click(anna, t("share.revoke"))
    assert t("share.revoked", name="Gent voorjaar") in " ".join(notices_seen(anna))
    open_app(frida, hosted, case=case_id, lang="en")
    assert t("app.case_not_found", id=case_id) in main_text(frida)
    assert title not in sidebar(frida).inner_text()
    open_app(frida, hosted, "cohort", lang="en")
    assert title not in main_text(frida) and t("cohort.shared_none") in main_text(frida)
    store = Store(hosted.db_url)
    assert store.get(case_id).head == 1 and store.get(case_id).case.title == title


def test_a_revoked_join_link_says_so_and_changes_nothing(hosted, provider, person):
    store = Store(hosted.db_url)
    frida = User(provider.issuer, FRIDA, verified_email="frida@example.org")
    made = CohortAccess(store, frida, True).create("Klas 3B begeleiders", "Frida")
    CohortAccess(store, frida, True).revoke_link(made.id)
    bert = person()
    log_in(bert, hosted, provider, BERT)
    open_app(bert, hosted, "join", code=made.join_code, lang="en")
    assert t("join.refused") in main_text(bert)
    assert made.join_code not in main_text(bert)
    assert main(bert).get_by_role("button", name=t("join.button")).count() == 0
    assert CohortAccess(store, User(provider.issuer, BERT)).mine() == []


def kept_keys(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter((k) => k.startsWith('workbook:kept:')).map((k) => [k, localStorage[k]]))""")


def put_kept(page, user_hash: str, batch: dict) -> None:
    """Put a batch in the browser as a tab of that user keeps it (ui/kept.py)."""
    page.evaluate("""([prefix, batch]) => localStorage.setItem(prefix + batch.case,
        JSON.stringify([batch]))""", [f"workbook:kept:{user_hash}:" if user_hash
                                      else "workbook:kept:", batch])


def title_batch(case_id: str, title: str, n: int) -> dict:
    return {"id": f"{n:032x}", "case": case_id, "note": "title", "at": f"2026-12-01T10:0{n}:00",
            "ops": [{"op": "set", "path": ["title"], "value": title}]}


def gone(page, timeout: float = 30) -> None:
    """Wait until the browser keeps no edits at all (the component runs after the page)."""
    deadline = time.monotonic() + timeout
    while kept_keys(page):
        assert time.monotonic() < deadline, kept_keys(page)
        time.sleep(0.5)


def wait_title(store: Store, case_id: str, title: str) -> None:
    deadline = time.monotonic() + 60
    while store.get(case_id).case.title != title:
        assert time.monotonic() < deadline, store.get(case_id).case.title
        time.sleep(0.5)


def test_kept_edits_belong_to_their_user_and_leave_the_browser_at_log_out(
        hosted, provider, person):
    """What a browser kept for Anna (edits the store refused) is replayed for her only; the
    next person on that computer neither sees nor replays it, and logging out removes it."""
    store = Store(hosted.db_url)
    case_id = store.create(Case(title="Van Anna"), owner=provider.key(ANNA)).case.id
    anna = hashed_identity(User(provider.issuer, ANNA))
    assert "anna" not in anna.lower() and len(anna) >= 20
    page = person()
    log_in(page, hosted, provider, ANNA)
    put_kept(page, anna, title_batch(case_id, "Bewaard voor Anna", 1))
    put_kept(page, "", title_batch("B" * 22, "Zonder eigenaar", 2))  # from before: no user
    open_app(page, hosted, case=case_id, lang="en")  # Anna's tab replays hers, drops the rest
    wait_title(store, case_id, "Bewaard voor Anna")
    gone(page)

    sidebar(page).get_by_role("button", name=t("account.logout")).click()
    page.wait_for_url("**/end_session**", timeout=60_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{hosted.base}/**", timeout=60_000)
    settle(page, before={"ended": 0, "messages": 0}, quiet_ms=700)
    put_kept(page, anna, title_batch(case_id, "Na het afmelden", 3))
    open_app(page, hosted, lang="en")  # the login page: nothing of Anna's is left
    assert main(page).get_by_role("button", name=t("account.login")).count() == 1
    gone(page)

    sign_in(page, provider, BERT, hosted.base, lang="en")
    put_kept(page, anna, title_batch(case_id, "Door Bert afgespeeld", 4))
    open_app(page, hosted, lang="en")  # Bert's tab removes Anna's and replays nothing
    gone(page)
    time.sleep(2)
    assert store.get(case_id).case.title == "Bewaard voor Anna"
    assert not any("Door Bert" in n for n in notices_seen(page) + [main_text(page)])


def test_a_join_link_opened_before_logging_in_opens_right_after_it(hosted, provider, person):
    """The provider brings everyone back to the start page; the tab kept the link and opens
    it, once: the join page with its cohort, and the code is gone from the tab."""
    store = Store(hosted.db_url)
    frida = User(provider.issuer, FRIDA, verified_email="frida@example.org")
    made = CohortAccess(store, frida, True).create("Klas 4A begeleiders", "Frida")
    anna = person()
    open_app(anna, hosted, "join", code=made.join_code, lang="en")
    assert t("join.login_first") in main_text(anna)
    sign_in(anna, provider, ANNA, hosted.base, lang="en")
    main(anna).get_by_role("button", name=t("join.button")).wait_for(timeout=30_000)
    assert "Klas 4A begeleiders" in main_text(anna)
    assert urlparse(anna.url).path == "/join"
    assert anna.evaluate("() => sessionStorage.getItem('workbook:after-login')") is None
    open_app(anna, hosted, lang="en")  # a new visit afterwards stays where it is asked to
    settle(anna, before={"ended": 0, "messages": 0}, quiet_ms=1500)
    assert urlparse(anna.url).path == "/"
    assert main(anna).get_by_role("button", name=t("join.button")).count() == 0


@pytest.mark.parametrize("kept", [
    {"kind": "join", "code": "A" * 22, "at": 0},  # kept longer than half an hour ago
    {"kind": "elsewhere", "code": "A" * 22, "at": "now"},  # no kind of link the app opens
    {"kind": "room", "code": "<b>x</b>", "at": "now"},  # no code's form
])
def test_a_link_kept_too_long_ago_or_forged_is_not_opened(hosted, provider, person, kept):
    bert = person()
    open_app(bert, hosted, lang="en")
    bert.evaluate("""(kept) => sessionStorage.setItem('workbook:after-login',
        JSON.stringify({...kept, at: kept.at === 'now' ? Date.now() : kept.at}))""", kept)
    sign_in(bert, provider, BERT, hosted.base, lang="en")
    settle(bert, before={"ended": 0, "messages": 0}, quiet_ms=1500)
    assert urlparse(bert.url).path == "/"
    assert bert.evaluate("() => sessionStorage.getItem('workbook:after-login')") is None
    assert "<b>" not in main_text(bert)


def test_a_room_link_opened_before_logging_in_opens_right_after_it(hosted, provider, person,
                                                                   framework):
    """The same for a live room's link: after the login the room's own page, in English."""
    from tests.conftest import ROOT
    from workbook.case.files import read_case
    from workbook.meetings import meeting as mt
    from workbook.meetings.methods import load_methods
    from workbook.rooms.room import RoomAccess

    store = Store(hosted.db_url)
    frida = User(provider.issuer, FRIDA, verified_email="frida@example.org")
    method = load_methods(framework).get("wij_zij_advice")
    case = read_case((ROOT / "casestudies" / "politie_jongeren.yaml").read_bytes(), "case")
    saved = store.create(case, owner=frida.key)
    meeting, ops = mt.plan(method, "Intervisie")
    store.apply_ops(saved.case.id, ops)
    room = RoomAccess(store, frida, facilitator=True).open(saved.case.id, meeting.id)
    anna = person()
    open_app(anna, hosted, "room", room=room.code, lang="en")
    assert t("room.login_first") in main_text(anna)
    sign_in(anna, provider, ANNA, hosted.base, lang="en")
    main(anna).get_by_role("button", name=t("room.join")).wait_for(timeout=30_000)
    assert urlparse(anna.url).path == "/room"
    assert room.code not in main_text(anna)
