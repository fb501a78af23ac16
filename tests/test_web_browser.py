"""The desk in a real browser: Debian's headless Chromium driven by Playwright (never `playwright install`).

Where /usr/bin/chromium (or the playwright package) is missing these tests skip with the reason; under
CI=true they fail instead, so CI never skips them (.ci/run installs chromium first).
Screenshots of the main pages, on a laptop and a phone, go to docs/screenshots/ with UPDATE_SCREENSHOTS=1
(else to a temporary folder, so a test run leaves the tree as it was).
"""
from __future__ import annotations

import asyncio
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.web import WebDesk
from bot.messages import Message, Person
from storage import desk
from storage.incidents import events, get_incident
from tests.helpers import new_app
from tests.test_web import HIGH_RISK, Recorder, file_direct, report, seed_register

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def require_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package is missing (pip install -e '.[test]')")
    if missing:
        reason = "browser tests need Chromium and Playwright: " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason + ". Under CI=true they never skip.", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
async def browser():
    require_browser()
    from playwright.async_api import async_playwright

    playwright = await async_playwright().start()
    chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield chromium
    await chromium.close()
    await playwright.stop()


@pytest.fixture
async def served(tmp_path, clock):
    """The whole app (engine, reminders with a recording notifier, fake clock) and its desk on a free port."""
    app = new_app(tmp_path, clock)
    recorder = Recorder()
    app.add_notifier(recorder)
    server = WebDesk(app, host="127.0.0.1", port=0)
    await server.start()
    app.config.web_base_url = server.url
    yield app, server, recorder
    await server.stop()


async def chat_link(app, user: str = "ciso") -> str:
    """Ask for a login link in a private chat, as an officer would."""
    replies = await app.engine.handle(Message(Person("test", user), text="/desk"))
    return re.search(r"http\S+/login/\S+", replies[0].text).group(0)


async def logged_in(browser, app, user: str = "ciso", viewport=LAPTOP):
    context = await browser.new_context(viewport=viewport, locale="nl-NL")
    page = await context.new_page()
    await page.goto(await chat_link(app, user))
    await page.get_by_role("button", name="Inloggen").click()
    await page.wait_for_url("**/")
    return context, page


async def test_a_login_link_from_the_chat_opens_the_desk(browser, served):
    app, server, _ = served
    await report(app)
    context, page = await logged_in(browser, app, "fg")
    assert await page.title() == "Open incidenten · Privacyloket"
    assert await page.locator("html").get_attribute("lang") == "nl"
    assert "test:fg (FG)" in await page.locator("header").inner_text()
    (cookie,) = await context.cookies()
    assert (cookie["name"], cookie["httpOnly"], cookie["sameSite"]) == ("desk_session", True, "Strict")
    assert cookie["expires"] > 0  # Max-Age=28800 (test_web.py): gone after eight hours, not kept for ever
    await page.get_by_role("button", name="Uitloggen").click()
    assert "Je bent uitgelogd" in await page.locator("main").inner_text()
    response = await page.goto(server.url + "/")
    assert response.status == 403
    await context.close()


async def test_the_list_counts_down_live_and_names_the_next_reminder(browser, served):
    app, _, _ = served
    ref = await report(app)
    _, page = await logged_in(browser, app)
    card = page.locator(".incident-card", has_text=ref)
    text = await card.inner_text()
    assert "donderdag 26 november 2026 om 09:15" in text  # the deadline, as text
    assert "maandag 23 november 2026 om 11:00 (na een uur zonder ‘gezien’" in text
    clock = card.locator("[data-deadline]")
    await page.locator("[data-deadline][data-live='1']").wait_for()  # the script has taken over
    first = await clock.inner_text()
    assert re.fullmatch(r"nog 2 d 23 u 1[45] min \d\d s", first), first
    for _ in range(50):  # (the page's CSP forbids eval, so no wait_for_function: poll from here)
        if await clock.inner_text() != first:
            break
        await asyncio.sleep(0.1)
    assert re.fullmatch(r"nog 2 d 23 u 1[45] min \d\d s", await clock.inner_text()) and await clock.inner_text() != first


async def test_an_ap_reference_on_the_incident_page_stops_the_pings_in_chat(browser, served, clock):
    app, _, recorder = served
    ref = await report(app, steps=HIGH_RISK)
    assert recorder.take() == [("test:ciso", "filed"), ("test:fg", "filed")]
    clock.advance(minutes=61)
    await app.reminders.fire_due()
    assert {m for _, m in recorder.take()} == {"unacked-1h"}
    _, page = await logged_in(browser, app, "fg")
    await page.get_by_role("link", name=ref).click()
    await page.get_by_role("button", name="Ik heb het gezien").click()
    assert "Genoteerd" in await page.locator(".flash").inner_text()
    form = page.locator("form", has_text="Gemeld bij de AP")
    await form.get_by_label("Kenmerk van de AP").fill("weet ik niet")
    await form.get_by_role("button", name="Verder: controleren").click()
    assert "Dat lijkt geen meldingsnummer" in await page.locator(".error").first.inner_text()
    form = page.locator("form", has_text="Gemeld bij de AP")
    await form.get_by_label("Kenmerk van de AP").fill("AP-2026-4711")
    await form.get_by_role("button", name="Verder: controleren").click()
    assert await page.locator("h1").inner_text() == "Klopt dit?"
    assert events(app.store, ref)[-1]["action"] == "acknowledged"  # not recorded before the confirmation
    await page.get_by_role("button", name="Ja, vastleggen").click()
    assert "is gemeld bij de AP (kenmerk AP-2026-4711)" in await page.locator(".flash").inner_text()
    assert "AP-2026-4711" in await page.locator(".ap-ref").first.inner_text()
    assert "De klok is gestopt" in await page.locator("#inhoud").inner_text()
    assert [(e["actor"], e["action"]) for e in events(app.store, ref)][-1] == ("test:fg", "decided_reported")
    # in chat: no more pings, whatever the clock says
    for _ in range(4):
        clock.advance(days=1)
        assert await app.reminders.fire_due() == 0
    assert recorder.take() == [] and app.reminders.wake is None
    chat = await app.engine.handle(Message(Person("test", "ciso"), text=f"/incident {ref}"))
    assert "AP-kenmerk AP-2026-4711" in chat[0].text


async def test_the_register_exported_as_xlsx_opens_in_openpyxl(browser, served, clock, tmp_path):
    from openpyxl import load_workbook

    app, _, _ = served
    refs = seed_register(app, clock)
    _, page = await logged_in(browser, app)
    await page.get_by_role("link", name="Register").click()
    await page.get_by_label("Soort").select_option("misdirected_email")
    await page.get_by_role("button", name="Filteren").click()
    shown = await page.locator("table.rows tbody tr").count()
    async with page.expect_download() as info:
        await page.get_by_role("link", name="Excel (XLSX)").click()
    download = await info.value
    path = tmp_path / download.suggested_filename
    await download.save_as(path)
    assert path.name.startswith("datalekregister-") and path.suffix == ".xlsx"
    sheet = load_workbook(path)["Datalekregister"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == shown == sum(1 for r in refs if get_incident(app.store, r)["kind"] == "misdirected_email")
    assert {row[3] for row in rows} == {"E-mail naar verkeerde ontvanger"}


async def test_used_and_expired_links_are_refused(browser, served, clock):
    app, server, _ = served
    link = await chat_link(app)
    context, page = await logged_in_with(browser, link)
    await context.clear_cookies()
    response = await page.goto(link)
    assert response.status == 403 and "Link al gebruikt" in await page.locator("h1").inner_text()
    late = await chat_link(app)
    clock.advance(minutes=11)
    response = await page.goto(late)
    assert response.status == 403 and "Link verlopen" in await page.locator("h1").inner_text()
    response = await page.goto(server.url + "/register")
    assert response.status == 403


async def logged_in_with(browser, link):
    context = await browser.new_context(viewport=LAPTOP)
    page = await context.new_page()
    await page.goto(link)
    await page.get_by_role("button", name="Inloggen").click()
    await page.wait_for_url("**/")
    return context, page


async def test_a_form_without_its_csrf_token_is_refused(browser, served):
    app, server, _ = served
    ref = await report(app)
    _, page = await logged_in(browser, app)
    await page.goto(f"{server.url}/incidenten/{ref}")
    await page.evaluate("document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())")
    async with page.expect_navigation() as navigation:
        await page.get_by_role("button", name="Ik heb het gezien").click()
    assert (await navigation.value).status == 403
    assert await page.locator("h1").inner_text() == "Formulier geweigerd"
    assert [e["action"] for e in events(app.store, ref)] == ["filed"]


async def test_someone_without_a_role_is_refused(browser, served):
    app, server, _ = served
    replies = await app.engine.handle(Message(Person("test", "medewerker"), text="/desk"))
    assert "/login/" not in replies[0].text and "alleen voor de CISO" in replies[0].text
    token = desk.create_login_token(app.store, "test:medewerker", app.engine.clock())  # as if made by hand
    context = await browser.new_context(viewport=LAPTOP)
    page = await context.new_page()
    response = await page.goto(f"{server.url}/login/{token}")
    assert response.status == 403 and await page.locator("h1").inner_text() == "Geen toegang"
    response = await page.goto(server.url + "/")
    assert response.status == 403 and await page.locator("h1").inner_text() == "Niet ingelogd"


async def test_keyboard_first_stop_is_the_skip_link_and_every_field_has_a_label(browser, served):
    app, server, _ = served
    ref = await report(app)
    _, page = await logged_in(browser, app)
    for path in ["/", "/register", "/statistieken", f"/incidenten/{ref}"]:
        await page.goto(server.url + path)
        await page.keyboard.press("Tab")
        assert await page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
        unlabeled = await page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)""")
        assert unlabeled == [], (path, unlabeled)
    # a note by keyboard alone
    await page.goto(f"{server.url}/incidenten/{ref}")
    await page.get_by_label("Notitie voor het register").focus()
    await page.keyboard.type("Gebeld met de afdeling, mail teruggehaald")
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")
    await page.wait_for_selector(".flash")
    assert events(app.store, ref)[-1]["details"]["text"] == "Gebeld met de afdeling, mail teruggehaald"


async def test_the_ap_draft_prints_without_the_menu_and_downloads_as_text(browser, served, tmp_path):
    app, server, _ = served
    ref = await report(app, steps=HIGH_RISK)
    _, page = await logged_in(browser, app)
    await page.goto(f"{server.url}/incidenten/{ref}")
    await page.get_by_role("link", name="Melding aan de AP", exact=True).click()
    assert await page.locator(".unknown").count() >= 5  # marked: still to fill in
    await page.emulate_media(media="print")
    assert not await page.locator("header.top").is_visible() and not await page.locator(".noprint").first.is_visible()
    assert await page.locator("article.draft").is_visible()
    await page.emulate_media(media="screen")
    async with page.expect_download() as info:
        await page.get_by_role("link", name="Downloaden als tekst (.txt)").click()
    download = await info.value
    await download.save_as(tmp_path / download.suggested_filename)
    text = (tmp_path / f"{ref}-ap-melding.txt").read_text(encoding="utf-8")
    assert "12. Grensoverschrijdend" in text and "nog onbekend — invullen" in text


async def test_screenshots_of_the_main_pages_on_a_laptop_and_a_phone(browser, served, clock, tmp_path):
    from bot.handlers.incidents import actions

    app, server, _ = served
    seed_register(app, clock)
    ref = await report(app, steps=HIGH_RISK)
    file_direct(app, "lost_device", clock.now - timedelta(hours=50), categories=("contact", "financial"),
                subjects="11-100", description="Laptop met klantgegevens in de trein laten liggen")
    ctx = app.engine.context()
    actions.acknowledge(ctx, "test:ciso", get_incident(app.store, ref))
    actions.note(ctx, "test:fg", get_incident(app.store, ref), "Ontvanger gebeld; hij heeft de mail verwijderd")
    clock.advance(hours=2)
    folder = ROOT / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    pages = {"lijst": "/", "incident": f"/incidenten/{ref}", "register": "/register",
             "ap-melding": f"/incidenten/{ref}/ap-melding", "statistieken": "/statistieken"}
    written = []
    for device, viewport in (("laptop", LAPTOP), ("telefoon", PHONE)):
        context, page = await logged_in(browser, app, "ciso", viewport)
        await context.clock.set_fixed_time(clock.now.timestamp())  # the countdown shows the server's now
        for name, path in pages.items():
            await page.goto(server.url + path)
            height = await page.evaluate("document.documentElement.scrollHeight")
            target = folder / f"desk-{name}-{device}.png"
            await page.screenshot(path=str(target), full_page=True,
                                  clip={"x": 0, "y": 0, "width": viewport["width"], "height": min(height, 1800)})
            written.append(target)
        await context.close()
    for target in written:
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 600_000, (target, len(data))
    assert len(written) == 10


def test_without_chromium_the_browser_tests_skip_but_fail_under_ci(monkeypatch):
    import tests.test_web_browser as module

    monkeypatch.setattr(module, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium is missing"):
        module.require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="never skip"):
        module.require_browser()
