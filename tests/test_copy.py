"""Every reply of every scripted scenario reads as Dutch: contacts are written into sentences, never
pasted (issue 15), and no placeholder is left unfilled."""
import re

import pytest

from benchmarks.intake_turns import SCENARIOS
from bot.app import load_knowledge
from bot.handlers.base import Context
from tests.helpers import ChatDriver, make_config, new_engine, run_intake

CONTACTS = dict(ciso_name="Sanne de Vries (CISO)", ciso_email="ciso@teststad.example", ciso_phone="020 555 0101",
                fg_name="de FG", fg_email="fg@teststad.example", fg_phone="020 555 0102",
                privacy_officer_email="privacy@teststad.example")
EMAIL = r"[\w.+-]+@[\w.-]+"
BROKEN = [
    (re.compile(r"\{\w+\}"), "an unfilled placeholder"),
    (re.compile(r",\s*" + EMAIL), "an e-mail address glued after a comma (a pasted contact string)"),
    (re.compile(r"\(\s*(de|the) [^()]*\(" ), "a contact phrase inside parentheses"),
    (re.compile(r"\(\("), "double parentheses"),
    (re.compile(r"\b(de|een) \1\b", re.IGNORECASE), "a doubled article"),
    (re.compile(r":\s*(de|the) (CISO|FG|privacy officer) \("), "a role pasted after a colon"),
]


def problems(text: str) -> list[str]:
    return [f"{why}: ...{text[max(m.start() - 40, 0):m.end() + 20]}..." for pattern, why in BROKEN
            for m in pattern.finditer(text)]


def collect(chat: ChatDriver, run) -> list[str]:
    texts: list[str] = []
    original = chat.send

    def send(message):
        replies = original(message)
        texts.extend(r.text for r in replies)
        return replies

    chat.send = send
    run()
    return texts


@pytest.mark.parametrize("name, first, answers", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_every_reply_of_every_intake_scenario_reads_right(tmp_path, name, first, answers):
    chat = ChatDriver(new_engine(tmp_path, **CONTACTS))
    texts = collect(chat, lambda: run_intake(chat, first, answers))
    assert texts and "je melding is ingediend" in texts[-1]
    assert "Sanne de Vries (CISO) neemt contact met je op" in texts[-1]
    found = [p for text in texts for p in problems(text)]
    assert not found, "\n".join(found)


def test_every_knowledge_answer_reads_right_with_contacts_filled():
    kb = load_knowledge()
    ctx = Context(None, make_config(":memory:", **CONTACTS), None, kb)
    found = []
    for entry in kb.entries:
        for version in filter(None, (entry.nl, entry.en)):
            found += [f"{entry.id}: {p}" for p in problems(ctx.fill(version.answer))]
    assert not found, "\n".join(found)


def test_the_checks_catch_what_was_seen():
    seen = ["De CISO, ciso@gemeente.example neemt contact met je op (bel me op 0201234567)",
            "licht de CISO in: de CISO (ciso@gemeente.example)", "vraag het {fg_contact}"]
    assert all(problems(text) for text in seen)
    assert not problems("De CISO neemt contact met je op (via de chat); zelf contact opnemen kan ook: "
                        "ciso@teststad.example, tel. 020 555 0101.")
