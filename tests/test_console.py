"""The console chat: numbered choices, typed labels, role switching and marked pings."""
import asyncio

from bot.adapters.console import ConsoleChat, ConsoleNotifier, run_console
from tests.helpers import new_app


def make(tmp_path, clock, **overrides):
    overrides.setdefault("ciso_users", ("console:ciso",))
    overrides.setdefault("fg_users", ("console:fg",))
    app = new_app(tmp_path, clock, **overrides)
    engine = app.engine
    out: list[str] = []
    chat = ConsoleChat(engine, "medewerker", output=out.append)
    app.add_notifier(ConsoleNotifier(chat))
    chat.app = app  # for tests that fire the reminders
    return engine, chat, out


def say(chat, out, line):
    out.clear()
    asyncio.run(chat.send(line))
    return "\n".join(out)


def test_choices_are_numbered_and_pickable_by_number_or_text(tmp_path, clock):
    engine, chat, out = make(tmp_path, clock)
    text = say(chat, out, "/datalek")
    assert "  3. Laptop, telefoon of usb-stick kwijt" in text
    assert "blokkeren" in say(chat, out, "3")
    assert "Weet je wanneer het gebeurd is" in say(chat, out, "nu net")


def test_filing_pings_the_console_ciso_and_fg_clearly_marked(tmp_path, clock):
    engine, chat, out = make(tmp_path, clock)
    for line in ["laptop kwijt", "1", "2", "1", "1", "1", "1", "3", "1", "1",
                 "Laptop kwijt in de trein", "Burgerzaken"]:  # reachable via the chat: a default
        say(chat, out, line)
    text = say(chat, out, "1")  # confirm
    assert "DL-2026-0001" in text
    assert "📣 ── Melding voor CISO (ciso)" in text
    assert "📣 ── Melding voor FG (fg)" in text
    # switch to the CISO and acknowledge with the ping's numbered button
    assert "CISO" in say(chat, out, "/als ciso")
    assert "/incidenten" not in say(chat, out, "/wie")
    listing = say(chat, out, "/incidenten")
    assert "DL-2026-0001" in listing
    shown = say(chat, out, "1")  # 📄 DL-2026-0001
    assert "Logboek" in shown
    assert "Genoteerd" in say(chat, out, "1")  # ✔ Gezien


def test_run_console_reads_until_eof(tmp_path, clock, capsys):
    app = new_app(tmp_path, clock)
    lines = iter(["hoi", "/quit"])
    asyncio.run(run_console(app, "medewerker", reader=lambda: next(lines)))
    out = capsys.readouterr().out
    assert "Privacyloket — console" in out and "Waarmee kan ik je helpen" in out and "Tot ziens" in out


def test_a_ping_for_someone_else_does_not_take_the_employees_number(tmp_path, clock):
    """An employee in /delen types "1" (Huisarts) just after a ping to the CISO was printed."""
    engine, chat, out = make(tmp_path, clock)
    for line in ["laptop kwijt", "1", "2", "1", "1", "1", "1", "3", "1", "1",
                 "Laptop kwijt in de trein", "Burgerzaken", "1"]:
        say(chat, out, line)  # filed: the CISO and the FG are pinged in this console
    say(chat, out, "/delen")
    clock.advance(minutes=61)  # an hour unacknowledged: a ping for the CISO and FG arrives mid-dialogue
    out.clear()
    asyncio.run(chat.app.reminders.fire_due())
    assert "Melding voor CISO" in "\n".join(out)
    text = say(chat, out, "1")
    assert "Om welke gegevens" in text  # "1" picked Huisarts, not the ping's "Gezien"
    assert "Genoteerd" not in text


def test_after_switching_role_the_pings_number_works(tmp_path, clock):
    engine, chat, out = make(tmp_path, clock)
    for line in ["laptop kwijt", "1", "2", "1", "1", "1", "1", "3", "1", "1",
                 "Laptop kwijt in de trein", "Burgerzaken", "1"]:
        say(chat, out, line)
    say(chat, out, "/als ciso")
    assert "Genoteerd" in say(chat, out, "1")  # ✔ Gezien, on the ping printed for the CISO


def test_a_bare_number_for_stop_asks_first(tmp_path, clock):
    engine, chat, out = make(tmp_path, clock)
    say(chat, out, "/delen")
    stop_number = str(len(chat.last_choices))  # "✖ Stop" is the last option
    assert chat.last_choices[-1].label == "✖ Stop"
    assert "Wil je echt stoppen" in say(chat, out, stop_number)
    assert engine.load_dialogue("console:medewerker") is not None  # nothing ended by a stray number
    assert "gestopt" in say(chat, out, stop_number)
    assert engine.load_dialogue("console:medewerker") is None
