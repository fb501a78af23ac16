"""Turns to file a breach report, per scripted employee scenario: before (no filling from the first
message, no defaults) and after, in the same run.

    python -m benchmarks.intake_turns

A turn is one message or button press by the employee, the first message and the final
"Klopt, melding indienen" included. Each scenario answers whatever the intake asks, by step, the
way an employee in that situation would (tests/helpers.run_intake). Target (issue 15): median at
most 8 turns, none over 12.
"""
from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from bot.clock import FakeClock
from bot.handlers.datalek import DatalekHandler
from tests.helpers import ChatDriver, new_engine, run_intake

P = "press"
SCENARIOS: list[tuple[str, str, dict]] = [
    ("cc/bcc, short", "cc in plaats van bcc", {"subjects": "40"}),
    ("cc/bcc, long", "ik heb net een mail over de wmo-bijeenkomst aan 40 inwoners gestuurd met iedereen in de cc "
     "in plaats van bcc, dus alle mailadressen zijn zichtbaar", {}),
    ("bcc vergeten", "bcc vergeten!!", {"subjects": ("press", "11 tot 100")}),
    ("mail to a resident", "ik heb per ongeluk een mail met een bijlage naar de verkeerde inwoner gestuurd", {}),
    ("mail to a colleague", "mail met medische info naar verkeerde collega gestuurd", {"data_contained": (P, "Ja")}),
    ("wrong attachment", "verkeerde bijlage meegestuurd, er zat een rapport van een andere client bij", {}),
    ("mail, short", "mail verkeerd verstuurd", {}),
    ("letter to the neighbours", "de beschikking van meneer is bij de buren in de bus gevallen", {}),
    ("200 letters", "we hebben 200 brieven verstuurd met de verkeerde naam erop", {}),
    ("laptop lost in the train", "ik ben net mijn werklaptop kwijtgeraakt in de trein",
     {"encrypted": (P, "Ja"), "key_compromised": (P, "Ja, de sleutel was veilig"), "subjects": (P, "Weet ik niet"),
      "data_categories": (P, "Weet ik niet")}),
    ("phone stolen", "mijn dienstmobiel is gestolen uit de auto", {"encrypted": (P, "Ja"),
                                                                "key_compromised": (P, "Ja, de sleutel was veilig")}),
    ("usb stick", "usb stick met bestanden van clienten kwijt", {"subjects": (P, "11 tot 100")}),
    ("paper file", "ik heb een dossier laten liggen in de bus", {}),
    ("printout in a public bin", "er lag een lijst met 60 bijstandsklanten met bsn in een openbare prullenbak", {}),
    ("phishing, MFA held", "ik heb op een phishing link geklikt en mijn wachtwoord ingevuld, maar mfa hield het "
     "tegen", {"accessed": (P, "Nee, geen toegang")}),
    ("phishing", "ik heb mijn inloggegevens ingevuld op een nepsite", {}),
    ("ransomware", "ransomware op de server van burgerzaken, alles is versleuteld",
     {"availability": (P, "Het is weg en mensen hebben er last van")}),
    ("hacked mailbox", "mijn mailbox is gehackt en er gaan rare mails uit", {}),
    ("website", "per ongeluk een raadsstuk met namen en adressen op de website gezet", {}),
    ("unauthorised access", "een collega kon onbevoegd in dossiers van jeugd kijken", {}),
    ("whatsapp group", "ik heb een foto van een uitkeringsbrief in de verkeerde whatsapp groep gezet", {}),
    ("phone call", "ik heb aan de telefoon gegevens verteld aan iemand die niet de client bleek te zijn", {}),
    ("plain", "volgens mij is er een datalek", {"kind": (P, "Anders")}),
    ("via /datalek", "/datalek", {}),
]


def turns(first: str, answers: dict, prefill: bool) -> tuple[int, list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = new_engine(Path(tmp), FakeClock())
        engine.handlers["datalek"].prefill = prefill
        chat = ChatDriver(engine)
        text, asked = run_intake(chat, first, answers)
        assert "je melding is ingediend" in text, (first, text[:200])
        return 1 + len(asked), asked  # the first message, then one turn per step asked (the summary included)


def main() -> None:
    DatalekHandler.prefill = True
    rows = []
    for name, first, answers in SCENARIOS:
        before, _ = turns(first, answers, prefill=False)
        after, asked = turns(first, answers, prefill=True)
        rows.append((name, before, after))
    print(f"{'scenario':28} {'before':>6} {'after':>6}")
    for name, before, after in rows:
        print(f"{name:28} {before:6d} {after:6d}")
    b = [r[1] for r in rows]
    a = [r[2] for r in rows]
    print(f"\n{len(rows)} scenarios   median before {statistics.median(b):.0f}, after {statistics.median(a):.0f}; "
          f"max before {max(b)}, after {max(a)} (target: median <= 8, none > 12)")


if __name__ == "__main__":
    main()
