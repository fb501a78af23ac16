"""The web desk through aiohttp's test client (no browser): login, sessions, CSRF, 403s and every route.

The browser tests (test_web_browser.py) import `report`, `file_direct`, `seed_register` and `Recorder`
from here.
"""
from __future__ import annotations

import asyncio
import io
import json
import re
from datetime import datetime, timedelta, timezone

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.adapters.web import create_app
from bot.adapters.web.app import COOKIE, csrf_token
from bot.handlers.datalek.assessment import assess
from bot.handlers.incidents import actions
from bot.messages import Message, Person
from storage import desk
from storage.incidents import events, file_incident, get_incident
from tests.helpers import ChatDriver, new_app, run_intake

# (the first words, answers by step) for tests.helpers.run_intake, which follows the intake as it changes
INTAKE = ("cc in plaats van bcc", {"data_categories": ("press", "Contactgegevens"),
                                   "description": "Mailadressen van inwoners zichtbaar", "department": "Communicatie"})
HIGH_RISK = ("ik heb een mail naar de verkeerde persoon gestuurd", {})  # health data, unknown recipient


class Recorder:
    """A notifier that records the pings of the 72-hour clock."""

    platform = "test"

    def __init__(self):
        self.sent: list[tuple[str, str]] = []

    async def deliver(self, recipient, reply):
        self.sent.append((recipient, reply.meta["ping"]))
        return True

    def take(self):
        sent, self.sent = self.sent, []
        return sorted(sent)


async def report(app, user: str = "melder", steps=INTAKE) -> str:
    """A breach reported through the chat (the engine), as a staff member would; returns its reference.

    The transcript helper drives the engine with asyncio.run, so it runs in a worker thread here."""
    first, answers = steps
    text, _ = await asyncio.to_thread(run_intake, ChatDriver(app.engine), first, answers, user)
    return re.search(r"DL-\d{4}-\d{4}", text).group(0)


def file_direct(app, kind: str, discovered: datetime, categories=("contact",), subjects="2-10",
                description="Gegevens bij de verkeerde persoon terechtgekomen", department="Burgerzaken",
                **extra) -> str:
    """An incident filed straight through storage (the register as the intake leaves it)."""
    facts = {"kind": kind, "discovered_at": discovered.isoformat(), "occurred_at": discovered.isoformat(),
             "data_categories": list(categories), "subjects": subjects, "encrypted": None, "key_compromised": None,
             "backup_available": None, "recipient_trusted": None, "data_contained": None, "exfiltrated": None,
             "accessed": None, "unavailable_impact": None, **extra}
    result = assess(facts)
    return file_incident(app.store, reporter="test:melder", facts={**facts, "description": description},
                         assessment=result.to_dict(), deadline=result.deadline, now=app.engine.clock(),
                         department=department, contact="via de chat")


def seed_register(app, clock) -> list[str]:
    """A year of the register: incidents in several months and kinds, decided, reported, closed."""
    start = clock.now
    kinds = ["misdirected_email", "lost_device", "phishing", "misdirected_post", "publication", "hacking",
             "lost_paper", "misdirected_email", "unauthorised_access", "ransomware", "misdirected_email"]
    refs = []
    for month, kind in enumerate(kinds, start=1):
        for n in range(1 + month % 3):
            clock.now = datetime(2026, month, 3 + 7 * n, 9, 30, tzinfo=timezone.utc)
            ref = file_direct(app, kind, clock.now - timedelta(hours=2),
                              categories=("contact", "identity_number") if n else ("contact",),
                              description=f"Voorbeeld {kind} {month}-{n}", department=["Burgerzaken", "Wmo"][n % 2])
            ctx = app.engine.context()
            incident = get_incident(app.store, ref)
            clock.advance(hours=5 + 20 * n)
            actions.acknowledge(ctx, "test:ciso", incident)
            if (month + n) % 3 == 0:
                actions.decide(ctx, "test:fg", get_incident(app.store, ref), "not_reportable",
                               reason="Ontvanger betrouwbaar en heeft verwijderen bevestigd")
            else:
                actions.decide(ctx, "test:ciso", get_incident(app.store, ref), "reported",
                               ap_reference=f"AP-2026-{month:02d}{n}01",
                               delay_reason="Pas laat volledig beeld" if n > 2 else None)
            clock.advance(hours=2)
            actions.note(ctx, "test:fg", get_incident(app.store, ref), "Afdeling heeft werkinstructie aangepast")
            if month < 10:
                clock.advance(days=3)
                actions.inform(ctx, "test:ciso", get_incident(app.store, ref), "not_needed")
                actions.close(ctx, "test:ciso", get_incident(app.store, ref))
            refs.append(ref)
    clock.now = start
    return refs


# -- the client ---------------------------------------------------------------------------------
@pytest.fixture
def app(tmp_path, clock):
    return new_app(tmp_path, clock, web_base_url="http://desk.test")


@pytest.fixture
async def client(app):
    client = TestClient(TestServer(create_app(app)), cookie_jar=aiohttp.CookieJar(unsafe=True))
    await client.start_server()
    yield client
    await client.close()


async def login(client, app, person: str = "test:ciso") -> str:
    token = desk.create_login_token(app.store, person, app.engine.clock())
    response = await client.post(f"/login/{token}", allow_redirects=False)
    assert response.status == 303, await response.text()
    return token


def csrf_of(client) -> str:
    session = next(c.value for c in client.session.cookie_jar if c.key == COOKIE)
    return csrf_token(session)


async def post(client, path: str, **fields):
    """Send a form as the browser would: with the CSRF token that the page itself carries."""
    page = await (await client.get("/")).text()
    token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)
    assert token == csrf_of(client)
    return await client.post(path, data={"csrf": token, **fields}, allow_redirects=False)


def text_of(html: str) -> str:
    """The words a person sees (tags removed, spaces collapsed)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


ROUTES = ["/", "/register", "/statistieken", "/incidenten/DL-2026-0001", "/incidenten/DL-2026-0001/ap-melding",
          "/incidenten/DL-2026-0001/brief-betrokkenen", "/incidenten/DL-2026-0001/vervolgmelding",
          "/export/register.csv", "/export/register.xlsx", "/export/events.jsonl"]


# -- health and refusals ------------------------------------------------------------------------
async def test_healthz_answers_without_login_and_says_whether_the_clock_is_alive(client, app):
    response = await client.get("/healthz")  # no reminder runner has ever beaten on this database
    body = await response.json()
    assert response.status == 503 and body["ok"] is False and "hartslag" in body["problems"][0]
    from storage import heartbeat

    heartbeat.beat(app.store, "host", 1, app.engine.clock())
    response = await client.get("/healthz")
    assert response.status == 200 and (await response.json())["ok"] is True


async def test_every_page_and_form_is_refused_without_a_session(client, app):
    await report(app)
    for path in ROUTES + ["/does-not-exist"]:
        response = await client.get(path)
        assert response.status == 403, path
        assert "/desk" in await response.text()
    response = await client.post("/incidenten/DL-2026-0001/gezien", data={"csrf": "x"})
    assert response.status == 403
    assert [e["action"] for e in events(app.store, "DL-2026-0001")] == ["filed"]


# -- login links and sessions -------------------------------------------------------------------
async def test_a_login_link_opens_an_eight_hour_session_with_a_strict_cookie(client, app):
    token = desk.create_login_token(app.store, "test:ciso", app.engine.clock())
    for _ in range(2):  # opening the link (or a link preview fetching it) does not use it
        page = await client.get(f"/login/{token}")
        assert page.status == 200 and "Inloggen" in await page.text()
    response = await client.post(f"/login/{token}", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # plain http here; see the next test
    assert (await client.get("/")).status == 200
    dump = "\n".join(app.store.db.conn.iterdump())  # only hashes are stored
    session = next(c.value for c in client.session.cookie_jar if c.key == COOKIE)
    assert token not in dump and session not in dump and desk.digest(token) in dump
    assert [s["person"] for s in desk.sessions(app.store)] == ["test:ciso"]


async def test_the_cookie_is_secure_behind_https(tmp_path, clock):
    app = new_app(tmp_path, clock, web_base_url="https://desk.gemeente.example")
    async with TestClient(TestServer(create_app(app))) as client:
        token = desk.create_login_token(app.store, "test:fg", clock())
        response = await client.post(f"/login/{token}", allow_redirects=False)
        assert "Secure" in response.headers["Set-Cookie"]


async def test_a_link_works_once(client, app):
    token = await login(client, app)
    client.session.cookie_jar.clear()
    for response in (await client.get(f"/login/{token}"), await client.post(f"/login/{token}")):
        assert response.status == 403 and "al gebruikt" in await response.text()
    assert (await client.get("/")).status == 403


async def test_an_expired_or_unknown_link_is_refused(client, app, clock):
    token = desk.create_login_token(app.store, "test:ciso", clock())
    clock.advance(minutes=10, seconds=1)
    for response in (await client.get(f"/login/{token}"), await client.post(f"/login/{token}")):
        assert response.status == 403 and "verlopen" in await response.text()
    response = await client.post("/login/not-a-token")
    assert response.status == 403 and "ken ik niet" in await response.text()


async def test_a_session_ends_after_eight_hours_and_at_logout(client, app, clock):
    await login(client, app)
    clock.advance(hours=7, minutes=59)
    assert (await client.get("/")).status == 200
    clock.advance(minutes=2)
    assert (await client.get("/")).status == 403
    await login(client, app)
    response = await post(client, "/uitloggen")
    assert response.status == 303 and response.headers["Location"] == "/uitgelogd"
    assert (await client.get("/")).status == 403
    assert (await client.get("/uitgelogd")).status == 200


async def test_people_without_a_role_are_refused(client, app):
    token = desk.create_login_token(app.store, "test:medewerker", app.engine.clock())
    assert (await client.get(f"/login/{token}")).status == 403
    response = await client.post(f"/login/{token}")
    assert response.status == 403 and "alleen voor de CISO" in await response.text()
    session = desk.create_session(app.store, "test:medewerker", app.engine.clock())
    client.session.cookie_jar.update_cookies({COOKIE: session})
    assert (await client.get("/register")).status == 403
    # a role taken away ends the access of a session that is still running
    client.session.cookie_jar.clear()
    await login(client, app, "test:deputy")
    assert (await client.get("/")).status == 200
    app.config.deputy_users = ()
    assert (await client.get("/")).status == 403


async def test_a_form_without_a_valid_csrf_token_is_refused(client, app):
    ref = await report(app)
    await login(client, app)
    for data in ({}, {"csrf": "wrong"}, {"csrf": csrf_token("another session")}, {"csrf": "é" * 64}):
        response = await client.post(f"/incidenten/{ref}/gezien", data=data)
        assert response.status == 403 and "CSRF" in await response.text()
    response = await client.post("/uitloggen", data={})
    assert response.status == 403
    assert [e["action"] for e in events(app.store, ref)] == ["filed"]
    assert (await client.get("/")).status == 200  # still logged in


async def test_every_form_on_a_page_carries_the_sessions_csrf_token(client, app):
    ref = await report(app)
    await login(client, app)
    for path in ("/", f"/incidenten/{ref}"):
        html = await (await client.get(path)).text()
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S)
        assert forms and all(f'name="csrf" value="{csrf_of(client)}"' in form for form in forms), path
    response = await post(client, f"/incidenten/{ref}/gemeld", ap_reference="AP-2026-1234")
    assert f'name="csrf" value="{csrf_of(client)}"' in await response.text()  # the confirmation form too


async def test_security_headers(client, app):
    await login(client, app)
    response = await client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    html = await response.text()
    assert '<html lang="nl">' in html and 'name="viewport"' in html and 'href="#inhoud"' in html


# -- pages --------------------------------------------------------------------------------------
async def test_the_list_shows_the_countdown_and_the_next_reminder(client, app, clock):
    ref = await report(app)
    await login(client, app)
    html = await (await client.get("/")).text()
    assert ref in html and 'data-deadline="2026-11-26T08:15:00+00:00"' in html  # discovered 09:15 (Dutch time)
    words = text_of(html)
    assert "nog 2 d 23 u 15 min" in words and "donderdag 26 november 2026 om 09:15" in words
    assert "maandag 23 november 2026 om 11:00 (na een uur zonder ‘gezien’" in words
    clock.advance(days=3, hours=2)
    await login(client, app)  # the session of three days ago has ended
    words = text_of(await (await client.get("/")).text())
    assert "2 u 45 min over de termijn" in words and "1 dag na de termijn" in words


async def test_the_incident_page_shows_facts_reasons_notes_decisions_and_the_log_in_words(client, app, clock):
    ref = await report(app, steps=HIGH_RISK)
    handle = app.engine.handle
    for user, text in [("ciso", f"/incident {ref}")]:
        await handle(Message(Person("test", user), text=text))
    ctx = app.engine.context()
    actions.acknowledge(ctx, "test:ciso", get_incident(app.store, ref))
    actions.note(ctx, "test:fg", get_incident(app.store, ref), "Ontvanger gebeld, mail is verwijderd")
    clock.advance(hours=3)
    actions.decide(ctx, "test:fg", get_incident(app.store, ref), "reported", ap_reference="AP-2026-4711")
    actions.inform(ctx, "test:fg", get_incident(app.store, ref), "yes")
    actions.close(ctx, "test:ciso", get_incident(app.store, ref))
    await login(client, app)
    words = text_of(await (await client.get(f"/incidenten/{ref}")).text())
    row = get_incident(app.store, ref)
    for expected in [row["facts"]["description"], "Gezondheid / Wmo / Jeugd", row["department"] or "onbekend",
                     "hoog risico: AP + betrokkenen", "Aard van de gegevens", "Ontvanger gebeld, mail is verwijderd",
                     "AP-kenmerk AP-2026-4711", "betrokkenen zijn geïnformeerd", "afgesloten",
                     "Melding binnengekomen en vastgelegd in het register", "test:ciso (CISO) heeft de melding gezien.",
                     "Notitie van test:fg (FG): Ontvanger gebeld", "Besluit van test:fg (FG): gemeld bij de AP, AP-kenmerk "
                     "AP-2026-4711.", "test:fg (FG) heeft vastgelegd: betrokkenen zijn geïnformeerd.",
                     "test:ciso (CISO) heeft het incident afgesloten.", "De klok is gestopt"]:
        assert expected in words, expected
    for code in ("decided_reported", "subjects_informed", "acknowledged", " filed", "closed."):
        assert code not in words.replace("afgesloten.", ""), code


async def test_unknown_incidents_and_paths_are_404_after_login(client, app):
    await login(client, app)
    assert (await client.get("/incidenten/DL-2026-0099")).status == 404
    assert (await client.get("/incidenten/DL-2026-0099/ap-melding")).status == 404
    assert (await client.get("/nergens")).status == 404
    assert (await post(client, "/incidenten/DL-2026-0099/gezien")).status == 404


def table_rows(html: str) -> list[str]:
    """The words of each row of the page's table body."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [text_of(row) for row in body.split("</tr>") if text_of(row)]


async def test_the_register_filters_searches_and_pages(client, app, clock):
    refs = seed_register(app, clock)
    ref = await report(app)
    await login(client, app)
    html = await (await client.get("/register"))  .text()
    total = len(refs) + 1
    assert f"{total} gevonden" in text_of(html) and "Pagina 1 van 1" in text_of(html)
    rows = table_rows(html)
    assert len(rows) == total and rows[0].startswith(ref)  # newest first
    rows = table_rows(await (await client.get("/register?soort=phishing")).text())
    assert len(rows) == 1 + 3 % 3 and all("Phishing" in r for r in rows)
    rows = table_rows(await (await client.get("/register?status=open")).text())
    assert [r.split()[0] for r in rows] == [ref]
    rows = table_rows(await (await client.get("/register?besluit=not_reportable&jaar=2026")).text())
    assert rows and all("Niet meldplichtig" in r for r in rows)
    rows = table_rows(await (await client.get("/register?besluit=none")).text())
    assert [r.split()[0] for r in rows] == [ref]
    rows = table_rows(await (await client.get("/register?q=ap-2026-04001")).text())  # search ignores case
    assert len(rows) == 1 and "AP-2026-04001" in rows[0]
    rows = table_rows(await (await client.get("/register?q=Voorbeeld+ransomware")).text())
    assert len(rows) == 1 + 10 % 3 and all("Ransomware" in r for r in rows)
    assert table_rows(await (await client.get("/register?q=%25")).text()) == []  # % is text, not a wildcard
    assert table_rows(await (await client.get("/register?q=data_categories")).text()) == []  # no JSON keys
    assert table_rows(await (await client.get("/register?jaar=2025")).text()) == []
    rows = table_rows(await (await client.get("/register?soort=bogus&status=x&jaar=abc")).text())
    assert len(rows) == total  # unknown filter values are ignored, not errors


async def test_the_register_pages_by_fifty(client, app, clock):
    for i in range(55):
        file_direct(app, "misdirected_post", clock.now - timedelta(hours=1), description=f"Brief {i}")
    await login(client, app)
    html = await (await client.get("/register?soort=misdirected_post")).text()
    assert len(table_rows(html)) == 50 and "Pagina 1 van 2" in text_of(html)
    assert 'href="/register?soort=misdirected_post&amp;pagina=2"' in html
    html = await (await client.get("/register?soort=misdirected_post&pagina=2")).text()
    assert len(table_rows(html)) == 5 and "DL-2026-0001" in html and "Vorige" in html


async def test_the_statistics_page_counts_per_month_and_kind(client, app, clock):
    refs = seed_register(app, clock)
    await login(client, app)
    html = await (await client.get("/statistieken?jaar=2026")).text()
    words = text_of(html)
    assert f"{len(refs)} datalekken" in words and "<svg" in html and 'role="img"' in html
    assert "Datalekken per maand in 2026" in words and "Datalekken per soort in 2026" in words
    mails = sum(1 for r in refs if get_incident(app.store, r)["kind"] == "misdirected_email")
    assert f"E-mail naar verkeerde ontvanger: {mails}" in words  # the bars' titles, and the table
    assert "nov: 3" in words and "jan: 2" in words and "dec: 0" in words
    assert "besloten binnen 72 uur" in words
    assert "0 datalekken" in text_of(await (await client.get("/statistieken?jaar=2020")).text())


# -- drafts ---------------------------------------------------------------------------------------
async def test_the_ap_draft_follows_the_form_and_marks_what_is_unknown(client, app):
    ref = await report(app, steps=HIGH_RISK)
    await login(client, app)
    words = text_of(await (await client.get(f"/incidenten/{ref}/ap-melding")).text())
    for section in ["1. Soort melding", "2. Organisatie en contactpersoon", "3. Verwerker", "4. Tijdlijn",
                    "5. Wat er is gebeurd", "6. Persoonsgegevens", "7. Betrokkenen", "8. Onleesbaar gemaakt?",
                    "9. Gevolgen", "10. Betrokkenen informeren", "11. Maatregelen", "12. Grensoverschrijdend"]:
        assert section in words, section
    assert "Gemeente Teststad" in words and "de FG (fg@teststad.example)" in words
    assert "minimaal 2, maximaal 10" in words and "Gezondheidsgegevens" in words
    assert "nog onbekend — invullen" in words and "Nog in te vullen:" in words
    text = await client.get(f"/incidenten/{ref}/ap-melding?download=txt")
    assert text.headers["Content-Disposition"] == f'attachment; filename="{ref}-ap-melding.txt"'
    body = await text.text()
    assert body.startswith("CONCEPT — MELDING DATALEK") and "Oorzaak: nog onbekend — invullen" in body
    html = await client.get(f"/incidenten/{ref}/ap-melding?download=html")
    assert "attachment" in html.headers["Content-Disposition"] and "<style>" in await html.text()


async def test_the_letter_and_the_follow_up(client, app, clock):
    ref = await report(app, steps=HIGH_RISK)
    await login(client, app)
    words = text_of(await (await client.get(f"/incidenten/{ref}/brief-betrokkenen")).text())
    for expected in ["Wat is er gebeurd?", "Om welke gegevens gaat het?", "Wat kan dit voor u betekenen?",
                     "Wat hebben wij gedaan?", "Wat kunt u zelf doen?", "de FG (fg@teststad.example)", ref,
                     "gevoelige informatie over uw gezondheid"]:
        assert expected in words, expected
    words = text_of(await (await client.get(f"/incidenten/{ref}/vervolgmelding")).text())
    assert "nog niet gemeld bij de AP" in words
    ctx = app.engine.context()
    actions.decide(ctx, "test:fg", get_incident(app.store, ref), "reported", ap_reference="AP-2026-4711")
    clock.advance(hours=5)
    actions.note(ctx, "test:fg", get_incident(app.store, ref), "Ontvanger bevestigt dat de mail is verwijderd")
    actions.inform(ctx, "test:ciso", get_incident(app.store, ref), "yes")
    words = text_of(await (await client.get(f"/incidenten/{ref}/vervolgmelding")).text())
    assert "vervolgmelding (aanvulling) op de melding met kenmerk AP-2026-4711" in words
    assert "Notitie van test:fg (FG): Ontvanger bevestigt" in words
    assert "test:ciso (CISO) heeft vastgelegd: betrokkenen zijn geïnformeerd." in words
    assert "Melding binnengekomen" not in words  # only what came after the decision


# -- exports --------------------------------------------------------------------------------------
async def test_exports_from_the_desk(client, app, clock):
    from openpyxl import load_workbook

    seed_register(app, clock)
    ref = await report(app)
    ctx = app.engine.context()
    actions.note(ctx, "test:ciso", get_incident(app.store, ref), "=HYPERLINK(\"http://x\") geen formule")
    await login(client, app)
    response = await client.get("/export/register.csv?jaar=2026&soort=phishing")
    assert "attachment" in response.headers["Content-Disposition"]
    import csv

    table = list(csv.reader(io.StringIO((await response.read()).decode("utf-8-sig")), delimiter=";"))
    assert table[0][:4] == ["Kenmerk", "Jaar", "Status", "Soort"] and len(table) == 1 + 1
    record = dict(zip(table[0], table[1]))
    assert record["Soort"] == "Phishing (inloggegevens afgegeven)" and record["Besluit"] == "Niet meldplichtig"
    assert record["Reden niet meldplichtig"] == "Ontvanger betrouwbaar en heeft verwijderen bevestigd"
    assert record["Ontdekt"] == "2026-03-03 08:30" and record["Binnen 72 uur besloten"] == "ja"
    book = load_workbook(io.BytesIO(await (await client.get("/export/register.xlsx")).read()))
    sheet = book["Datalekregister"]
    assert sheet.max_row == 1 + app.store.db["incidents"].count
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Kenmerk", "Jaar"] and "AP-kenmerk" in header
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][0] == "DL-2026-0001" and isinstance(rows[0][header.index("Ontdekt")], datetime)
    lines = (await (await client.get("/export/events.jsonl")).text()).strip().split("\n")
    first, last = json.loads(lines[0]), json.loads(lines[-1])
    assert first["action"] == "filed" and len(first["hash"]) == 64
    assert last["action"] == "note" and last["details"]["text"].startswith("=HYPERLINK")
    assert len(lines) == app.store.db["incident_events"].count


def test_spreadsheet_formulas_are_neutralised():
    from bot.adapters.web.exports import safe_text

    assert safe_text("=1+1") == "'=1+1" and safe_text("@SUM") == "'@SUM" and safe_text("-2") == "'-2"
    assert safe_text("gewoon") == "gewoon"
