"""What a reporter must do right now, per situation (shown at once, and again with the filing).

The advice fits what is known: recall only works for a colleague inside the same mail system; for
anyone else the recipient is asked to delete it (with a ready text); a cc/bcc mistake needs the
recipients not to reply to all; devices are wiped and blocked; phishing needs a new password and a
look at forwarding rules; paper starts where it was last seen.
"""
from __future__ import annotations

FIRST_AID: dict[str, list[str]] = {
    "misdirected_email": [
        "Vraag de ontvanger de e-mail en bijlagen direct te verwijderen en dat te bevestigen. Bijvoorbeeld: "
        "\"U heeft per vergissing een e-mail van de gemeente ontvangen die niet voor u bedoeld is. Wilt u deze "
        "e-mail en de bijlagen verwijderen, niet doorsturen, en mij laten weten dat dit is gebeurd? Dank u wel.\"",
        "Stuur de e-mail niet opnieuw door; stuur het pas naar de juiste ontvanger als het adres zeker klopt.",
    ],
    "misdirected_post": [
        "Neem contact op met de ontvanger: vraag de brief terug te sturen of te vernietigen, en laat dat bevestigen.",
        "Controleer of er meer brieven uit dezelfde batch verkeerd zijn verstuurd.",
    ],
    "lost_device": [
        "Laat het apparaat meteen blokkeren en op afstand wissen: bel de servicedesk.",
        "Wijzig je wachtwoord.",
        "Zoek nog één keer na waar je het hebt laten liggen (trein: gevonden voorwerpen).",
    ],
    "stolen_device": [
        "Laat het apparaat meteen blokkeren en op afstand wissen: bel de servicedesk.",
        "Laat je accounts blokkeren of wijzig je wachtwoord vanaf een ander apparaat.",
        "Doe aangifte van diefstal bij de politie en bewaar het nummer van de aangifte.",
    ],
    "lost_paper": [
        "Zoek direct op de plek waar je het voor het laatst zag, en vraag het na bij wie daar was (receptie, "
        "collega's, schoonmaak, gevonden voorwerpen van de trein of bus).",
        "Noteer welke dossiers of documenten het precies waren, en waar en wanneer je ze het laatst had.",
    ],
    "publication": [
        "Haal de publicatie direct offline, of laat de webredactie dat nu doen.",
        "Vraag zoekmachines de pagina uit hun cache te halen en controleer of het bestand elders is gedeeld.",
    ],
    "hacking": [
        "Koppel het getroffen apparaat los van het netwerk, maar zet het niet uit.",
        "Bel direct de servicedesk en de CISO ({ciso_reach}).",
        "Wijzig je wachtwoorden vanaf een ander, veilig apparaat.",
    ],
    "ransomware": [
        "Koppel het apparaat direct los van het netwerk (kabel eruit, wifi uit), maar zet het niet uit.",
        "Bel direct de servicedesk en de CISO ({ciso_reach}). Betaal niets en reageer niet op de afpersers.",
    ],
    "phishing": [
        "Wijzig meteen je wachtwoord, en overal waar je hetzelfde wachtwoord gebruikt.",
        "Bel de servicedesk (ICT), zodat ze je account kunnen controleren en zo nodig blokkeren.",
        "Kijk of er regels zijn bijgekomen die je mail automatisch doorsturen (Outlook: Instellingen > Regels) "
        "en meld die aan de servicedesk.",
        "Verwijder de phishingmail niet voordat de servicedesk hem heeft gezien; klik nergens meer op.",
    ],
    "unauthorised_access": [
        "Laat de toegang direct intrekken of het wachtwoord wijzigen (servicedesk of applicatiebeheer).",
        "Noteer wie wanneer bij welke gegevens kon.",
    ],
    "other": [
        "Beperk de schade waar dat kan: stop de verspreiding en haal gegevens terug of laat ze verwijderen.",
        "Noteer wat er is gebeurd, zolang je het nog goed weet.",
    ],
}


RECALL = ("Het ging naar een collega binnen de gemeente: haal de e-mail terug "
          "(in Outlook: Bericht > Acties > Dit bericht terughalen) en vraag je collega hem te verwijderen.")
CC_BCC = [
    "Vraag de ontvangers niet op 'allen beantwoorden' te klikken en de e-mail te verwijderen.",
    "Stuur geen correctie of excuusmail naar de hele groep voordat de CISO akkoord is: die zou de adressen "
    "nog eens rondsturen.",
]


def first_aid_text(kind: str, facts: dict | None = None) -> str:
    """The first aid for this situation; `facts` (known so far) make it fit (internal, cc/bcc, ...)."""
    facts = facts or {}
    steps = list(FIRST_AID.get(kind, FIRST_AID["other"]))
    if kind == "misdirected_email":
        if facts.get("cc_bcc"):
            steps = CC_BCC
        elif facts.get("recipient") == "colleague":
            steps = [RECALL] + steps[1:]
        else:  # outside the organisation a recall cannot work
            steps = steps + ["Terughalen werkt niet bij ontvangers buiten de gemeente: vertrouw daar niet op."]
    return "Doe nu meteen:\n" + "\n".join(f"• {s}" for s in steps)
