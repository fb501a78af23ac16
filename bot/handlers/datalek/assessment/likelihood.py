"""Likelihood of harm (0..3): confidentiality (who can read the data) and availability (EDPB 9/2022)."""
from __future__ import annotations

from bot.handlers.datalek.assessment.severity import _only_unintelligible

# Kinds, grouped by what the rules need to know about them.
# A lost or stolen data carrier is the only case where encryption can make the data unintelligible to
# whoever has them (art. 34(3)(a) AVG; EDPB Guidelines 9/2022 on unintelligible data; 01/2021 case 10).
_ENCRYPTABLE_MEDIA = ("lost_device", "stolen_device")
# Things that can be found by somebody: a finder who is unknown is not a trusted recipient.
_FINDER_KINDS = ("lost_device", "lost_paper")
# Kinds where "nobody got at the data" can be established from logs (MFA blocked the login, no
# session, no download); for mail, post or a lost medium nobody can vouch for what a recipient or
# finder did, so `accessed: false` does not count there.
_LOGGED_ACCESS_KINDS = ("hacking", "phishing", "unauthorised_access", "publication")
# Kinds where the data (or the medium holding them) are unavailable by their very nature, plus
# "other" (nature unknown, so possibly an availability breach): here an unknown impact is read
# cautiously unless a backup or copy restored the data quickly.
_AVAILABILITY_LOST_KINDS = ("ransomware", "lost_device", "stolen_device", "lost_paper", "other")


def _confidentiality(f) -> tuple[int, list[str]]:
    """How likely it is that unauthorised people can read and misuse the data (0..3)."""
    kind, exfiltrated, accessed = f["kind"], f["exfiltrated"], f["accessed"]

    # Strongly salted hashes stay unintelligible even when copied: there is no key to lose
    # (art. 34(3)(a) AVG; EDPB 01/2021 case 6). Only when nothing readable came with them.
    if _only_unintelligible(f["data_categories"]):
        return 0, ["Onleesbaar: het gaat alleen om sterk gehashte wachtwoorden (met salt). Ook als "
                   "ze zijn gekopieerd, zijn ze niet terug te rekenen naar de wachtwoorden (zie art. "
                   "34 lid 3 sub a AVG). Laat gebruikers voor de zekerheid hun wachtwoord wijzigen."]

    unintelligible, reasons = _encryption(f)
    if unintelligible:
        return 0, reasons

    if exfiltrated is True:
        # Exfiltration: data in the hands of someone who took them on purpose (EDPB 01/2021 cases
        # 4 and 5). A contradicting `accessed: false` is overruled: copying needs access.
        text = ("Exfiltratie: er zijn gegevens gekopieerd of weggenomen door een onbevoegde. Dat "
                "vergroot de kans op misbruik (fraude, afpersing, phishing) sterk.")
        if accessed is False:
            text += (" Dat er geen toegang was (zoals ook gemeld) kan dus niet kloppen; uit voorzorg "
                     "gaan we uit van de exfiltratie.")
        return 3, reasons + [text]

    if accessed is False:
        if kind in _LOGGED_ACCESS_KINDS:
            # No unauthorised access established (e.g. MFA blocked the login, logs show no session
            # or download): no loss of confidentiality, so nothing to notify under art. 33(1); the
            # incident is still documented (art. 33(5)).
            return 0, reasons + [
                "Geen toegang: vastgesteld is dat niemand onbevoegd bij de gegevens is gekomen "
                "(bijv. de inlog werd door MFA geblokkeerd en de logs tonen geen toegang of "
                "download). Er is dan geen inbreuk op de vertrouwelijkheid die gemeld hoeft te "
                "worden. Leg het incident wel vast in het datalekregister (art. 33 lid 5 AVG), met "
                "de logs als onderbouwing."]
        reasons.append("Toegang: gemeld is dat niemand de gegevens heeft ingezien, maar bij dit "
                       "soort lek is dat niet vast te stellen: wie de gegevens kreeg of vond, kan ze "
                       "gelezen of gekopieerd hebben. Dat verlaagt het risico daarom niet.")

    if kind == "stolen_device":
        # Theft is malicious intent (EDPB 01/2021 case 11: stolen unencrypted laptop, high risk).
        level, text = 3, ("Kwade opzet: het apparaat is gestolen. Een dief kan de gegevens gericht "
                          "misbruiken of doorverkopen.")
    elif kind in ("hacking", "phishing"):
        # With access to a mailbox or system, assume it was read (EDPB 01/2021 case 18);
        # unknown exfiltration is assumed (cautious).
        attacker = "een aanvaller" if kind == "hacking" else "een oplichter"
        got_in = (f"Kwade opzet: {attacker} had toegang tot de gegevens." if accessed is True else
                  f"Kwade opzet: niet vastgesteld dat {attacker} buiten bleef (bijv. doordat MFA de "
                  "inlog blokkeerde en de logs geen toegang tonen). Uit voorzorg gaan we uit van "
                  "toegang.")
        if exfiltrated is False:
            level, text = 2, (f"{got_in} Er zijn geen aanwijzingen dat gegevens zijn gekopieerd, "
                              "maar inzage is niet uit te sluiten; bij een mailbox gaan we ervan "
                              "uit dat die is gelezen.")
        else:
            level, text = 3, (f"{got_in} Het is niet uit te sluiten dat gegevens zijn gekopieerd; "
                              "ook daarvan gaan we uit voorzorg uit.")
    elif kind == "ransomware":
        # Without exfiltration ransomware is an availability breach (EDPB 01/2021 cases 1-3);
        # exfiltration unknown is assumed possible (cautious; ransomware often exfiltrates).
        if exfiltrated is False:
            level, text = 0, ("Geen exfiltratie: onderzoek wijst uit dat de aanvaller geen "
                              "gegevens heeft gekopieerd; het gaat om de beschikbaarheid.")
        else:
            level, text = 2, ("Exfiltratie: nog niet bekend of de aanvaller gegevens heeft "
                              "gekopieerd. Bij ransomware gebeurt dat vaak, dus uit voorzorg "
                              "gaan we ervan uit dat dit kan.")
    elif kind == "publication":
        # Public data can be copied by anyone; quick removal lowers but does not remove the risk.
        if f["data_contained"] is True:
            level, text = 2, ("Publicatie: de gegevens stonden openbaar, maar zijn snel "
                              "verwijderd en er zijn geen aanwijzingen dat ze zijn gekopieerd.")
        else:
            level, text = 3, ("Publicatie: de gegevens stonden openbaar op internet. Iedereen kan "
                              "ze inzien, kopiëren en verder verspreiden; dat is niet terug te "
                              "draaien.")
    elif kind == "unauthorised_access":
        # Internal human risk: viewing without copying is less likely to harm than copying
        # (EDPB 01/2021 case 8 is the copying employee).
        if exfiltrated is False:
            level, text = 1, ("Onbevoegde inzage: de gegevens zijn ingezien maar niet gekopieerd "
                              "of buiten de organisatie gebracht.")
        else:
            level, text = 2, ("Onbevoegde inzage: niet bekend of de gegevens zijn gekopieerd of "
                              "doorgegeven. Uit voorzorg gaan we ervan uit dat dit kan.")
    else:
        level, text = _recipient(f)
    return level, reasons + [text]


def _encryption(f) -> tuple[bool, list[str]]:
    """Did encryption make the data unintelligible to whoever has them? (art. 34(3)(a) AVG)

    Only for a lost or stolen medium, strongly encrypted, whose key or password was not with it and
    not otherwise compromised (EDPB 01/2021 case 10; Guidelines 9/2022). Never for mail or post (the
    recipient decrypts it), phishing, hacking, unauthorised access or ransomware (whoever is in the
    system or account sees the data decrypted), nor for exfiltrated data. Unknown = not safe.
    """
    kind, encrypted, key = f["kind"], f["encrypted"], f["key_compromised"]
    if kind not in _ENCRYPTABLE_MEDIA:
        if encrypted is not True:
            return False, []
        why = {
            "misdirected_email": "de ontvanger kan het bericht ontsleutelen en lezen (ook bij "
                                 "beveiligde mail)",
            "misdirected_post": "de ontvanger kan de inhoud lezen",
            "lost_paper": "papier is niet versleuteld",
            "publication": "wie de publicatie opent, kan de gegevens lezen",
            "hacking": "wie in het systeem binnenkomt, ziet de gegevens onversleuteld",
            "ransomware": "wie in het systeem binnenkomt, ziet de gegevens onversleuteld",
            "phishing": "wie met de buitgemaakte inloggegevens binnenkomt, ziet de gegevens "
                        "onversleuteld",
            "unauthorised_access": "wie toegang heeft, ziet de gegevens onversleuteld",
            "other": "niet bekend of het om een verloren of gestolen gegevensdrager gaat",
        }[kind]
        return False, [f"Versleuteling: de gegevens waren versleuteld, maar dat telt hier niet mee: "
                       f"{why}. Versleuteling beschermt alleen een verloren of gestolen "
                       "gegevensdrager waarvan de sleutel veilig is (art. 34 lid 3 sub a AVG)."]
    if encrypted is False:
        return False, ["Versleuteling: de gegevens op het apparaat waren niet versleuteld, dus "
                       "wie het apparaat heeft kan ze lezen."]
    if encrypted is None:
        return False, ["Versleuteling: niet bekend of het apparaat versleuteld was. Uit voorzorg "
                       "gaan we ervan uit dat de gegevens leesbaar zijn."]
    if key is True:
        return False, ["Versleuteling: het apparaat was versleuteld, maar de sleutel of het "
                       "wachtwoord was erbij of is anderszins bekend (bijv. een briefje met het "
                       "wachtwoord). Wie het apparaat heeft, kan de gegevens dus lezen; de "
                       "versleuteling telt niet (art. 34 lid 3 sub a AVG)."]
    if key is None:
        return False, ["Versleuteling: het apparaat was versleuteld, maar niet bekend is of de "
                       "sleutel of het wachtwoord veilig is (niet bij het apparaat bewaard en niet "
                       "anderszins bekend). Uit voorzorg telt de versleuteling niet."]
    if f["exfiltrated"] is True:
        return False, ["Versleuteling: het apparaat was versleuteld met een veilige sleutel, maar "
                       "er zijn gegevens gekopieerd; dan waren ze kennelijk leesbaar."]
    return True, ["Versleuteling: het apparaat was sterk versleuteld en de sleutel of het "
                  "wachtwoord was niet bij het apparaat en is niet anderszins bekend. De gegevens "
                  "zijn dus onleesbaar voor wie het apparaat heeft; het risico voor de "
                  "vertrouwelijkheid is verwaarloosbaar (zie art. 34 lid 3 sub a AVG)."]


def _recipient(f) -> tuple[int, str]:
    """Accidental disclosure or loss: who has (or had) the data and did they give them back?

    Only a known, trusted recipient bound by confidentiality who confirmed deletion makes a risk
    unlikely (EDPB 01/2021 case 9). An unknown or untrusted recipient or finder (false) or one nobody
    knows (null) never lowers the risk, also when the data came back: they lay outside our control
    for an unknown time and copies cannot be ruled out (art. 33(1); DOMAIN: "returned is not
    contained").
    """
    who = "vinder" if f["kind"] in _FINDER_KINDS else "ontvanger"
    trusted, contained = f["recipient_trusted"], f["data_contained"]
    if trusted is True and contained is True:
        return 0, (f"Ontvanger: de gegevens kwamen bij een bekende, betrouwbare {who} die heeft "
                   "bevestigd ze te hebben verwijderd of teruggegeven. Een risico voor de "
                   "betrokkenen is daardoor onwaarschijnlijk.")
    if trusted is True:
        return 1, (f"Ontvanger: de {who} is bekend en betrouwbaar, maar heeft nog niet bevestigd "
                   "dat de gegevens zijn verwijderd of teruggegeven.")
    whom = ("onbekend of niet betrouwbaar" if trusted is False else
            "niet bekend (dus niet als betrouwbaar te beschouwen)")
    if contained is True:
        return 2, (f"Ontvanger: de gegevens zijn terug of verwijderd, maar de {who} is {whom}. "
                   "Terug is niet hetzelfde als ingeperkt: de gegevens waren een onbekende tijd "
                   "buiten onze controle, dus kopieën of foto's zijn niet uit te sluiten.")
    if trusted is False:
        return 2, (f"Ontvanger: de {who} is onbekend of niet betrouwbaar. We kunnen niet nagaan "
                   "wat er met de gegevens gebeurt.")
    return 2, (f"Ontvanger: niet bekend wie de gegevens heeft. Uit voorzorg gaan we uit van een "
               f"onbekende {who}.")


def _availability(f) -> tuple[int, list[str]]:
    """Loss of availability (0..3): does it harm people, and did a backup restore the data?

    Rule (EDPB 9/2022: availability breaches; 01/2021 cases 1-3):
    * `unavailable_impact: true` (care, benefits or payments stop or are delayed, people lose data
      they need): 3, with or without a backup (01/2021 case 3: a backup, but days of delay).
    * `unavailable_impact: false`: 0 (nobody is or will be harmed by the loss; 01/2021 case 1).
    * unknown impact: cautious (2) only where availability was lost - ransomware, a lost or stolen
      device or paper, an unspecified ("other") breach, or any kind reported with
      `backup_available: false` - and no backup or copy restored the data quickly
      (`backup_available: true`, or lost paper that is back). Elsewhere the data are still with us
      (mail, post, publication, hacking, phishing, access) and an unknown impact counts 0.
    """
    kind, backup, impact = f["kind"], f["backup_available"], f["unavailable_impact"]
    if impact is True:
        return 3, ["Beschikbaarheid: het niet beschikbaar zijn van de gegevens heeft gevolgen voor "
                   "mensen (bijv. zorg, uitkeringen of betalingen stoppen of lopen vertraging op). "
                   "Dat telt als risico, ook als er een back-up is."]
    lost = kind in _AVAILABILITY_LOST_KINDS or backup is False
    if not lost:
        return 0, []
    restored = backup is True or (kind == "lost_paper" and f["data_contained"] is True)
    if impact is False:
        return 0, ["Beschikbaarheid: de gegevens zijn (tijdelijk) niet beschikbaar, maar volgens "
                   "de melding heeft niemand daar nadeel van."]
    if restored:
        return 0, ["Beschikbaarheid: er is een bruikbare back-up of kopie, dus de gegevens zijn "
                   "snel te herstellen. Lopen zorg, uitkeringen of betalingen toch vertraging op, "
                   "beoordeel het lek dan opnieuw."]
    copy = ("er is geen bruikbare back-up of kopie" if backup is False else
            "niet bekend of er een bruikbare back-up of kopie is")
    return 2, [f"Beschikbaarheid: {copy}, en niet bekend of het verlies mensen raakt (bijv. zorg, "
               "uitkeringen of betalingen). Uit voorzorg gaan we ervan uit dat de gegevens "
               "langdurig onbeschikbaar of verloren zijn, met gevolgen voor de betrokkenen."]
