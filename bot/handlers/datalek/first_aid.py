"""What a reporter must do right now, per kind of breach (shown before the intake is finished)."""
from __future__ import annotations

FIRST_AID: dict[str, list[str]] = {
    "misdirected_email": [
        "Probeer de e-mail terug te halen (in Outlook: Bericht > Acties > Dit bericht terughalen).",
        "Vraag de ontvanger de e-mail en bijlagen direct te verwijderen en dat schriftelijk te bevestigen.",
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
        "Wijzig je wachtwoord en doe aangifte bij de politie.",
    ],
    "lost_paper": [
        "Zoek direct op de plek waar je het het laatst had en vraag het na (gevonden voorwerpen, receptie).",
        "Noteer welke dossiers of documenten het precies waren.",
    ],
    "publication": [
        "Haal de publicatie direct offline, of laat de webredactie dat nu doen.",
        "Vraag zoekmachines de pagina uit hun cache te halen en controleer of het bestand elders is gedeeld.",
    ],
    "hacking": [
        "Koppel het getroffen apparaat los van het netwerk, maar zet het niet uit.",
        "Bel direct de servicedesk en de CISO ({ciso_contact}).",
        "Wijzig je wachtwoorden vanaf een ander, veilig apparaat.",
    ],
    "ransomware": [
        "Koppel het apparaat direct los van het netwerk (kabel eruit, wifi uit), maar zet het niet uit.",
        "Bel direct de servicedesk en de CISO ({ciso_contact}). Betaal niets en reageer niet op de afpersers.",
    ],
    "phishing": [
        "Wijzig meteen je wachtwoord, en overal waar je hetzelfde wachtwoord gebruikt.",
        "Bel de servicedesk, zodat ze je account kunnen controleren en zo nodig blokkeren.",
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


def first_aid_text(kind: str) -> str:
    steps = FIRST_AID.get(kind, FIRST_AID["other"])
    return "Doe nu meteen:\n" + "\n".join(f"• {s}" for s in steps)
