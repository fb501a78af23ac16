"""The desk outside the browser: login links in the chat and on the command line, the tables behind
them, the event log in words, the exports on the command line, and the desk beside the adapters."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot import commands
from bot.__main__ import main
from bot.adapters.web.words import event_sentence
from bot.config import load_config
from bot.runner import serve
from storage import desk, open_db
from storage.incidents import events
from tests.helpers import ChatDriver, database, make_config, new_app, new_engine
from tests.test_datalek import complete_intake

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- storage ------------------------------------------------------------------------------------
@pytest.mark.both_backends
def test_login_tokens_are_hashed_single_use_and_expire(tmp_path, clock):
    store = open_db(database(tmp_path / "bot.db"))
    token = desk.create_login_token(store, "test:ciso", clock())
    assert desk.token_state(store, token, clock()) == ("valid", "test:ciso")
    stored = store.rows("SELECT token_hash FROM desk_tokens")
    assert stored == [(desk.digest(token),)] and len(stored[0][0]) == 64
    assert desk.use_login_token(store, token, clock()) == "test:ciso"
    assert desk.use_login_token(store, token, clock()) is None  # once
    assert desk.token_state(store, token, clock()) == ("used", "test:ciso")
    late = desk.create_login_token(store, "test:fg", clock())
    later = clock() + timedelta(minutes=desk.LINK_MINUTES, seconds=1)
    assert desk.token_state(store, late, later) == ("expired", "test:fg")
    assert desk.use_login_token(store, late, later) is None
    assert desk.token_state(store, "nonsense", clock()) == ("unknown", None)
    # used and expired tokens are cleared a day later, when the next link is made
    desk.create_login_token(store, "test:fg", clock() + timedelta(days=2))
    assert store.table("desk_tokens").count == 1


@pytest.mark.both_backends
def test_sessions_end_after_eight_hours_or_at_logout(tmp_path, clock):
    store = open_db(database(tmp_path / "bot.db"))
    session = desk.create_session(store, "test:fg", clock(), user_agent="x" * 500)
    assert desk.session_person(store, session, clock() + timedelta(hours=7, minutes=59)) == "test:fg"
    assert desk.session_person(store, session, clock() + timedelta(hours=8)) is None
    other = desk.create_session(store, "test:ciso", clock())
    desk.end_session(store, other, clock())
    assert desk.session_person(store, other, clock()) is None
    rows = desk.sessions(store)
    assert {r["person"] for r in rows} == {"test:fg", "test:ciso"} and all(r["created_at"] for r in rows)
    assert len(store.table("desk_sessions").get(desk.digest(session))["user_agent"]) == 200
    desk.set_flash(store, session, ["Vastgelegd."])
    assert desk.take_flash(store, session) == ["Vastgelegd."] and desk.take_flash(store, session) == []


# -- /desk in the chat --------------------------------------------------------------------------
@pytest.mark.both_backends
def test_desk_in_a_private_chat_gives_a_role_a_link(tmp_path, clock):
    engine = new_engine(tmp_path, clock, web_base_url="https://desk.gemeente.example/")
    chat = ChatDriver(engine)
    answer = chat.say("/desk", user="fg")
    link = next(word for word in answer.split() if word.startswith("https://"))
    assert link.startswith("https://desk.gemeente.example/login/") and "10 minuten" in answer
    token = link.rsplit("/", 1)[1]
    assert desk.token_state(engine.store, token, clock()) == ("valid", "test:fg")
    assert engine.load_dialogue("test:fg") is None
    assert chat.say("/desk", user="deputy").count("/login/") == 1


@pytest.mark.both_backends
def test_desk_is_refused_to_others_in_groups_and_when_off(tmp_path, clock):
    engine = new_engine(tmp_path, clock, web_base_url="http://desk.test")
    chat = ChatDriver(engine)
    assert "alleen voor de CISO, de FG en hun plaatsvervangers" in chat.say("/desk", user="medewerker")
    group = chat.say("/desk", user="ciso", private=False)
    assert "/login/" not in group and "/desk" in group
    assert engine.store.table("desk_tokens").count == 0
    off = ChatDriver(new_engine(tmp_path / "off", clock))
    assert "De desk staat niet aan" in off.say("/desk", user="ciso")


def test_desk_is_in_the_command_table_for_officers():
    command = commands.find("/desk")
    assert command.flow == "desk" and command.private_only and command.roles == commands.OFFICERS
    assert "/desk" in [c.name for c in commands.slack_commands()]


def test_the_web_settings(tmp_path, monkeypatch):
    for var in ("WEB_PORT", "WEB_BASE_URL", "WEB_SECURE", "WEB_HOST"):
        monkeypatch.delenv(var, raising=False)
    config = load_config(env_file=None)
    assert (config.web_port, config.web_base_url, config.web_secure) == (None, None, None)
    monkeypatch.setenv("WEB_PORT", "8099")
    config = load_config(env_file=None)
    assert (config.web_port, config.web_base_url, config.web_host) == (8099, "http://127.0.0.1:8099", "127.0.0.1")
    monkeypatch.setenv("WEB_BASE_URL", "https://desk.gemeente.example/")
    monkeypatch.setenv("WEB_SECURE", "false")
    config = load_config(env_file=None)
    assert (config.web_base_url, config.web_secure) == ("https://desk.gemeente.example", False)


# -- the command line ---------------------------------------------------------------------------
def test_desk_link_prints_a_link_for_a_role_only(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CISO_USERS", "console:ciso")
    monkeypatch.setenv("WEB_BASE_URL", "http://desk.test:8080")
    db = str(tmp_path / "bot.db")
    assert main(["desk-link", "console:ciso", "--db", db]) == 0
    link = capsys.readouterr().out.strip()
    assert link.startswith("http://desk.test:8080/login/")
    assert desk.token_state(open_db(db), link.rsplit("/", 1)[1], desk_now())[0] == "valid"
    assert main(["desk-link", "console:medewerker", "--db", db]) == 2
    assert "geen CISO, FG of plaatsvervanger" in capsys.readouterr().err


def desk_now():
    from bot.clock import utc_now

    return utc_now()


def test_export_on_the_command_line(tmp_path, monkeypatch, capsys, clock):
    from openpyxl import load_workbook

    app = new_app(tmp_path, clock)
    chat = ChatDriver(app.engine)
    complete_intake(chat)
    chat.act("inc:ack:DL-2026-0001", user="ciso")
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "bot.db")
    assert main(["export", "register", "--format", "csv", "--out", str(tmp_path / "r.csv"), "--db", db]) == 0
    assert "1 incidenten (CSV)" in capsys.readouterr().out
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("Kenmerk;Jaar;") and "DL-2026-0001;2026;Open" in text
    assert main(["export", "register", "--format", "xlsx", "--year", "2025", "--out", str(tmp_path / "r.xlsx"),
                 "--db", db]) == 0
    assert load_workbook(tmp_path / "r.xlsx")["Datalekregister"].max_row == 1  # 2025: only the header
    assert main(["export", "events", "--out", str(tmp_path / "e.jsonl"), "--db", db]) == 0
    lines = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert [e["action"] for e in lines] == ["filed", "acknowledged"] and lines[1]["prev_hash"] == lines[0]["hash"]
    from storage.register import GENESIS, event_hash

    prev = GENESIS  # the chain can be checked from the export alone
    for e in lines:
        text = json.dumps(e["details"], ensure_ascii=False)
        assert e["prev_hash"] == prev and event_hash(prev, e["ref"], e["at"], e["actor"], e["action"], text) == e["hash"]
        prev = e["hash"]
    assert main(["export", "events", "--out", str(tmp_path / "nowhere" / "e.jsonl"), "--db", db]) == 2
    assert main(["export", "events", "--out", str(tmp_path / "x"), "--db", str(tmp_path / "missing.db")]) == 2


def test_python_m_bot_web_serves_the_desk_until_stopped(tmp_path):
    port = free_port()
    env = {**os.environ, "PRIVACYLOKET_DB": str(tmp_path / "bot.db"), "XDG_DATA_HOME": str(tmp_path)}
    env.pop("WEB_PORT", None)
    process = subprocess.Popen([sys.executable, "-m", "bot", "web", "--port", str(port)], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and body is None and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = json.loads(response.read())
            except urllib.error.HTTPError as unhealthy:  # 503: the desk alone runs no reminder clock
                body = json.loads(unhealthy.read())
            except OSError:
                time.sleep(0.2)
        assert body["ok"] is False and any("hartslag" in p for p in body["problems"])
        with pytest.raises(urllib.error.HTTPError) as refused:  # the pages need a login
            urllib.request.urlopen(f"http://127.0.0.1:{port}/register", timeout=2)
        assert refused.value.code == 403
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert f"De desk draait op http://127.0.0.1:{port}" in out


async def test_bot_run_serves_the_desk_beside_the_adapters_and_stops_it(tmp_path, clock):
    port = free_port()
    app = new_app(tmp_path, clock, web_port=port)
    stop = asyncio.Event()
    running = asyncio.create_task(serve(app, [], stop))
    async with aiohttp.ClientSession() as session:
        for _ in range(100):
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    assert (await response.json())["ok"] is True  # the runner beat when it started
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
        else:
            pytest.fail("the desk did not start")
    stop.set()
    await asyncio.wait_for(running, 15)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


# -- the log in words ----------------------------------------------------------------------------
def test_every_event_reads_as_a_dutch_sentence(tmp_path, clock):
    config = make_config(str(tmp_path / "x.db"))
    cases = {
        "filed": ({"risk": "high"}, "Melding binnengekomen en vastgelegd in het register (voorlopige inschatting: hoog"),
        "acknowledged": ({}, "test:ciso (CISO) heeft de melding gezien."),
        "decided_reported": ({"changes": {"decision": "reported", "ap_reference": "AP-1234", "delay_reason": "ziek"}},
                             "Besluit van test:ciso (CISO): gemeld bij de AP, AP-kenmerk AP-1234. Reden van de "
                             "vertraging: ziek."),
        "decided_not_reportable": ({"changes": {"decision": "not_reportable", "not_reportable_reason": "geen risico"}},
                                   "Besluit van test:ciso (CISO): niet meldplichtig. Reden: geen risico"),
        "decision_corrected": ({"previous": "not_reportable", "changes": {"decision": "reported", "ap_reference": "A-123"}},
                               "test:ciso (CISO) heeft het besluit gecorrigeerd naar: gemeld bij de AP, AP-kenmerk "
                               "A-123 (was: niet meldplichtig)."),
        "subjects_informed": ({"changes": {"subjects_informed": "not_needed"}},
                              "test:ciso (CISO) heeft vastgelegd: informeren niet nodig."),
        "closed": ({"close_reason": "niet te bereiken"}, "test:ciso (CISO) heeft het incident afgesloten. Reden om af "
                                                         "te sluiten zonder de betrokkenen te informeren: niet te bereiken"),
        "note": ({"text": "Gebeld"}, "Notitie van test:ciso (CISO): Gebeld"),
        "reduced": ({"reason": "bewaartermijn 5 jaar"}, "Na de bewaartermijn ingekort"),
        "baseline": ({}, "Het register is beveiligd met een hashketen"),
        "ap_withdrawn": ({"changes": {"ap_reference": None}}, "Gebeurtenis ‘ap withdrawn’ door test:ciso (CISO) "
                                                              "(gewijzigd: AP-kenmerk)."),
    }
    for action, (details, expected) in cases.items():
        sentence = event_sentence({"action": action, "actor": "test:ciso", "details": details}, config)
        assert sentence.startswith(expected), (action, sentence)
        assert action not in sentence or action == "ap_withdrawn" and "ap withdrawn" in sentence
    melder = event_sentence({"action": "acknowledged", "actor": "melder", "details": {}}, config)
    assert melder == "De melder heeft de melding gezien."


def test_the_chats_events_all_have_words(tmp_path, clock):
    """Every action the incident handler records is one the desk words (none falls to the fallback)."""
    import re

    source = (ROOT / "bot/handlers/incidents/actions.py").read_text() + (ROOT / "storage/incidents.py").read_text()
    recorded = set(re.findall(r'"(filed|acknowledged|closed|note|reduced|subjects_informed|decision_corrected)"',
                              source)) | {"decided_reported", "decided_not_reportable"}
    config = make_config(str(tmp_path / "x.db"))
    for action in recorded:
        assert "Gebeurtenis ‘" not in event_sentence({"action": action, "actor": "test:fg", "details": {}}, config)


def test_the_incident_log_of_a_chat_session_reads_well(tmp_path, clock):
    app = new_app(tmp_path, clock)
    chat = ChatDriver(app.engine)
    complete_intake(chat)
    chat.act("inc:ack:DL-2026-0001", user="ciso")
    sentences = [event_sentence(e, app.config) for e in events(app.store, "DL-2026-0001")]
    assert sentences == ["Melding binnengekomen en vastgelegd in het register (voorlopige inschatting: hoog risico: "
                         "AP + betrokkenen).", "test:ciso (CISO) heeft de melding gezien."]


# -- the house ------------------------------------------------------------------------------------
def test_desk_modules_stay_small_and_templates_are_packaged():
    package = ROOT / "bot" / "adapters" / "web"
    for path in [*package.glob("*.py"), ROOT / "storage/desk.py", ROOT / "bot/handlers/desk.py"]:
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["bot"]
    assert "adapters/web/templates/*.html" in data and "adapters/web/static/*" in data
    assert (package / "templates" / "base.html").exists() and (package / "static" / "desk.css").exists()
