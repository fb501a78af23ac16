""""Mag ik dit delen?": the verdict table, the free-words detector and transcripts through the engine."""
from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.handlers.share_check import detect
from bot.messages import Message, Person
from bot.handlers.share_check.verdict import OUTCOMES, TRIAGE, relevant_questions, verdict
from tests.helpers import ChatDriver, new_engine

# -- (a) the scenario table -------------------------------------------------------------------
# Abbreviations of the facts: r recipient, d data, p purpose_same, b legal_basis, n need_to_know,
# a agreement, c channel. Each case names the source section that justifies the expected outcome.
SEC, MAIL, APP = "beveiligde_mail", "gewone_mail", "chat_app"


def facts(r, d, p=None, b=None, n=None, a=None, c=None, **more) -> dict:
    return dict(recipient=r, data=d, purpose_same=p, legal_basis=b, need_to_know=n, agreement=a, channel=c, **more)


# (id, facts, expected outcome, a better channel expected, a phrase the advice must contain)
SCENARIOS = [
    # GP with the client's consent: 003 Bijlage 4 punt 4 and 001 2.2 (consent for medical data with a doctor,
    # written and registered), so "ja, mits" the consent is on file.
    ("gp_consent", facts("huisarts", "wat_informatie", True, "toestemming", True, c=SEC), "ja_mits", False, "schriftelijk"),
    # Medical data to the GP without consent or law: 003 2.2 punt 8 (only by law or explicit consent).
    ("gp_medical_no_consent", facts("huisarts", "bijzonder_strafrechtelijk", True, "geen", True, c=SEC), "nee", False, "toestemming"),
    # Medical data with an evident serious danger: 003 2.2 punt 8b (evident belang), only the minimum, document.
    ("gp_medical_serious_danger", facts("huisarts", "bijzonder_strafrechtelijk", False, "vitaal_belang", True, c=SEC), "ja_mits", False, "minimum"),
    # A contract is no ground for special data: 003 2.2 punt 6 (law or explicit consent).
    ("gp_medical_contract_only", facts("huisarts", "bijzonder_strafrechtelijk", True, "overeenkomst", True, c=SEC), "nee", False, "overeenkomst"),
    # Fine in substance, but a dossier by ordinary e-mail: 003 Bijlage 3 c (secure systems only), 002 Beveiliging.
    ("gp_dossier_ordinary_mail", facts("huisarts", "dossier", True, "toestemming", True, c=MAIL), "nee", True, "beveiligde"),
    # GP by post with consent: 002 Beveiliging (misaddressed letters) gives the envelope condition.
    ("gp_by_post", facts("huisarts", "dat_informatie", True, "toestemming", True, c="papier"), "ja_mits", False, "envelop"),
    # Police without a vordering: 002 Delen met derden (only a legal obligation), 004 7 (OOV: within the law).
    ("police_no_vordering", facts("politie", "dat_informatie", b=None, n=True, c=SEC), "overleg", False, "vordering"),
    ("police_no_basis", facts("politie", "wat_informatie", b="geen", n=True, c=SEC), "overleg", False, "vordering"),
    # Police with a written vordering naming its article (provision known): 002 Delen met derden (wettelijke
    # verplichting), Sv art. 126nc e.v. Without the article it is an overleg (AVG art. 6 lid 3; test_share_verdict).
    ("police_vordering", facts("politie", "wat_informatie", b="wettelijke_taak", n=True, c=SEC, provision="known"), "ja_mits", False, "vordering"),
    # Medical data to the police, even with a vordering: 003 2.2 punt 6 and 8 (special data, heavier rules).
    ("police_vordering_medical", facts("politie", "bijzonder_strafrechtelijk", b="wettelijke_taak", n=True, c=SEC), "overleg", False, "bijzondere"),
    # Acute danger: 003 2.2 punt 8b and 001 2.2 (vital interests): call 112, only what is needed.
    ("police_acute_danger", facts("politie", "dat_informatie", b="vitaal_belang", n=True, c=SEC), "ja_mits", False, "112"),
    # A vordering, but over WhatsApp: 003 Bijlage 3 c, Bijlage 4 punt 8.
    ("police_vordering_whatsapp", facts("politie", "dat_informatie", b="wettelijke_taak", n=True, c=APP, provision="known"), "nee", True, "WhatsApp"),
    # Care provider with a covenant and a statutory task whose article is known: 003 Bijlage 3 b (convenanten),
    # Bijlage 4 punt 9; AVG art. 6 lid 3 (the provision for this recipient).
    ("care_covenant", facts("zorgaanbieder", "wat_informatie", True, "wettelijke_taak", True, True, SEC, provision="known"), "ja", False, "convenant"),
    # Care provider without covenant: 000 10 and 004 Delen met derden (agreements on the exchange first).
    ("care_no_covenant", facts("zorgaanbieder", "wat_informatie", True, "wettelijke_taak", True, False, SEC), "overleg", False, "afspraken"),
    # Without covenant but with consent: 004 Bijlage 1 (consent where no legal power), 001 2.2.
    ("care_no_covenant_consent", facts("zorgaanbieder", "wat_informatie", True, "toestemming", True, False, SEC), "ja_mits", False, "toestemming"),
    # BSN to a contracted care provider: UAVG art. 46 (the AVG wins over 004's "BSN is bijzonder").
    ("care_bsn_covenant", facts("zorgaanbieder", "bsn", True, "wettelijke_taak", True, True, SEC, provision="known"), "ja_mits", False, "BSN"),
    # BSN by ordinary e-mail: 003 Bijlage 3 c (secure infrastructure), 002 Beveiliging.
    ("bsn_ordinary_mail", facts("zorgaanbieder", "bsn", True, "wettelijke_taak", True, True, MAIL, provision="known"), "nee", True, "beveiligde"),
    # Less would do: 003 Bijlage 4 punt 1 (less is more), 004 4 (proportionality).
    ("care_less_would_do", facts("zorgaanbieder", "dossier", True, "wettelijke_taak", False, True, SEC), "nee", False, "minder"),
    # Another purpose under a contract: 004 4 Doeleinden, 003 Bijlage 3 b (further processing must be compatible).
    ("care_other_purpose_contract", facts("zorgaanbieder", "dat_informatie", False, "overeenkomst", True, True, SEC), "overleg", False, "ander doel"),
    # External agency without processing agreement: 001 4.2.7 (legally required), 003 Bijlage 3 c.
    ("agency_no_processing_agreement", facts("extern_bureau", "dat_informatie", True, "wettelijke_taak", True, False, SEC), "nee", False, "verwerkersovereenkomst"),
    ("agency_agreement_unknown", facts("extern_bureau", "dat_informatie", True, "wettelijke_taak", True, None, SEC), "overleg", False, "verwerkersovereenkomst"),
    ("agency_with_agreement", facts("extern_bureau", "dat_informatie", True, "wettelijke_taak", True, True, SEC), "ja", False, "verwerkersovereenkomst"),
    # Serious danger is no ground with a non-care party: 003 2.2 punt 8b ("niet snel").
    ("agency_vital_interest", facts("extern_bureau", "dat_informatie", False, "vitaal_belang", True, True, SEC), "overleg", False, "112"),
    # Colleague in another department without need-to-know: 003 2.1 punt 3 (task set), Bijlage 4 punt 1.
    ("colleague_other_dept_no_need", facts("collega_andere_afdeling", "wat_informatie", True, "wettelijke_taak", False, c=SEC), "nee", False, "need-to-know"),
    # The debt counsellor tells the Wmo consultant only THAT the client is known: 003 Bijlage 3 b, Bijlage 4 punt 6.
    ("wmo_asks_debt_dat", facts("collega_andere_afdeling", "dat_informatie", False, "wettelijke_taak", True, c=SEC,
                                provision="known", origin="other"), "ja_mits", False, "dat-informatie"),
    # ... but the content (wat-informatie) only with consent: 004 7 Overleg over cliënten (Wmo 2015 art. 5.1.1 lid 4).
    ("wmo_asks_debt_wat_no_consent", facts("collega_andere_afdeling", "wat_informatie", False, "geen", True, c=SEC), "nee", False, "5.1.1"),
    ("wmo_asks_debt_wat_consent", facts("collega_andere_afdeling", "wat_informatie", False, "toestemming", True, c=SEC), "ja_mits", False, "toestemming"),
    ("wmo_asks_debt_wat_unknown_basis", facts("collega_andere_afdeling", "wat_informatie", False, None, True, c=SEC), "overleg", False, "grondslag"),
    # A team colleague on the same case: 003 2.1 punt 3 (the task decides the data set).
    ("team_colleague", facts("collega_team", "wat_informatie", n=True, c=SEC), "ja", False, "takenpakket"),
    ("team_colleague_internal_mail", facts("collega_team", "dat_informatie", n=True, c=MAIL), "ja_mits", False, "werkadres"),
    # WhatsApp, even within the team: 003 Bijlage 4 punt 8 (security rules), Bijlage 3 c.
    ("team_colleague_whatsapp", facts("collega_team", "dat_informatie", n=True, c=APP), "nee", True, "zaaksysteem"),
    # Publication on the website: 004 7 Openbaarheid van Bestuur (publication on internet to the utmost limited).
    ("website_personal_data", facts("website_social", "dat_informatie"), "nee", False, "website"),
    ("social_media_children_photo", facts("website_social", "kinderen"), "nee", False, "toestemming"),
    # Anonymous totals: 004 1 (what personal data are); nothing personal, so the privacy rules do not apply.
    ("website_anonymous_figures", facts("website_social", "geen_persoonsgegevens"), "ja", False, "herleidbaar"),
    # The citizen asks for their own file: 004 5 Indienen van verzoek (four weeks, identity), 002 Uw rechten.
    ("own_file", facts("inwoner_zelf", "dossier"), "ja_mits", False, "vier weken"),
    ("own_file_secure_mail", facts("inwoner_zelf", "dossier", c=SEC), "ja_mits", False, "identiteit"),
    ("own_file_whatsapp", facts("inwoner_zelf", "dossier", c=APP), "nee", True, "balie"),
    # Another person's file: 002 Uw rechten ("niet toegestaan om gegevens van andere personen in te zien").
    ("another_persons_file", facts("andere_inwoner", "dossier"), "nee", False, "eigen gegevens"),
    ("neighbour_asks_if_known", facts("andere_inwoner", "dat_informatie"), "nee", False, "machtiging"),
    # A school, no agreement known: 000 10 (agreements on the exchange), UAVG art. 5 only applies with consent.
    ("school_children_no_agreement", facts("other", "kinderen", True, "wettelijke_taak", True, None, SEC), "overleg", False, "afspraken"),
    # Everything unknown: unknowns lean to caution (004 Bijlage 1: "kan en mag het?").
    ("all_unknown", facts("huisarts", "wat_informatie"), "overleg", False, "grondslag"),
]


@pytest.mark.parametrize("case, given, outcome, better, phrase", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario(case, given, outcome, better, phrase):
    v = verdict(given)
    assert v.outcome == outcome, (case, v.reasons)
    assert v.source_refs and TRIAGE in v.source_refs  # (key, section) pairs, the decisive ones first
    assert 1 <= len(v.sources) <= 3 and not any(".txt" in s for s in v.sources)  # readable, never a file name
    assert v.reasons and v.next_step and v.inform_client and "Besluit:" in v.case_note
    assert (v.better_channel is not None) == better
    if outcome == "nee" and not better:
        assert v.conditions == []  # a plain no has nothing to arrange
    advice = " ".join([*v.reasons, *v.conditions, v.next_step, v.better_channel or ""])
    assert phrase.lower() in advice.lower(), (case, advice)


def test_the_table_is_big_enough_and_covers_every_outcome():
    assert len(SCENARIOS) >= 30
    assert {s[2] for s in SCENARIOS} == set(OUTCOMES)
    assert {s[1]["recipient"] for s in SCENARIOS} >= {
        "huisarts", "politie", "zorgaanbieder", "extern_bureau", "collega_andere_afdeling", "collega_team",
        "inwoner_zelf", "andere_inwoner", "website_social", "other",
    }


def test_invariants_over_every_combination():
    """Unknowns never give a plain "ja"; a better channel only comes with a "nee"; a "ja" has no conditions."""
    values = dict(
        recipient=["huisarts", "politie", "zorgaanbieder", "extern_bureau", "collega_andere_afdeling", "collega_team",
                   "inwoner_zelf", "andere_inwoner", "website_social", "other"],
        data=["geen_persoonsgegevens", "dat_informatie", "wat_informatie", "bijzonder_strafrechtelijk", "bsn",
              "kinderen", "dossier"],
        purpose_same=[True, False, None],
        legal_basis=["wettelijke_taak", "overeenkomst", "toestemming", "vitaal_belang", "geen", None],
        need_to_know=[True, False, None],
        agreement=[True, False, None],
        channel=["beveiligde_mail", "gewone_mail", "chat_app", "papier", None],
    )
    for combo in itertools.product(*values.values()):
        f = dict(zip(values, combo))
        v = verdict(f)
        if v.outcome == "ja":
            assert not v.conditions
            assert all(f[k] is not None for k in relevant_questions(f)), f
        if v.better_channel:
            assert v.outcome == "nee"
        assert v.sources and v.reasons and "{" not in v.case_note.replace("{privacy_officer_contact}", "")


def test_the_bsn_is_not_called_a_special_category():
    # 004 calls the BSN "bijzonder" (old wording); under the AVG it is a number whose use the law limits.
    v = verdict(facts("zorgaanbieder", "bsn", True, "wettelijke_taak", True, True, SEC, provision="known"))
    assert any("geen bijzonder persoonsgegeven" in r for r in v.reasons)
    assert any(s.startswith("UAVG, art. 46") for s in v.sources)


def test_a_channel_no_keeps_the_conditions_for_the_better_channel():
    v = verdict(facts("huisarts", "dossier", True, "toestemming", True, c=MAIL))
    assert v.better_channel and "beveiligde" in v.better_channel
    assert any("toestemming" in c for c in v.conditions)
    assert "gewone e-mail" in v.next_step


# -- (b) recognising the question in free words -----------------------------------------------
DETECT_POSITIVES = [
    ("mag ik het dossier naar de huisarts mailen?", {"recipient": "huisarts", "data": "dossier", "channel": "gewone_mail"}),
    ("Mag de huisarts het dossier hebben?", {"recipient": "huisarts", "data": "dossier"}),
    ("mag ik een bsn mailen", {"data": "bsn", "channel": "gewone_mail"}),
    ("mag ik whatsapp gebruiken voor contact met cliënten", {"recipient": "inwoner_zelf", "channel": "chat_app"}),
    ("mag ik dit delen met de politie?", {"recipient": "politie"}),
    ("De politie vraagt om het adres van een cliënt, mag dat?", {"recipient": "politie"}),
    ("moet ik het dossier aan de politie geven?", {"recipient": "politie", "data": "dossier"}),
    ("mag ik de medische gegevens van mijn cliënt doorsturen naar de zorgaanbieder", {"recipient": "zorgaanbieder", "data": "bijzonder_strafrechtelijk"}),
    ("mag ik het rapport aan het externe bureau geven", {"recipient": "extern_bureau", "data": "wat_informatie"}),
    ("mag ik het dossier met een collega van een andere afdeling delen", {"recipient": "collega_andere_afdeling", "data": "dossier"}),
    ("mag ik de wmo-consulent vertellen dat meneer bij de schuldhulpverlening bekend is", {"recipient": "collega_andere_afdeling", "data": "dat_informatie"}),
    ("kan ik dit delen met mijn collega", {"recipient": "collega_team"}),
    ("een inwoner vraagt om zijn dossier, mag ik dat mailen?", {"recipient": "inwoner_zelf", "data": "dossier", "channel": "gewone_mail"}),
    ("mag ik het dossier van de buurman aan de buurvrouw geven", {"recipient": "andere_inwoner", "data": "dossier"}),
    ("mag ik geanonimiseerde cijfers op de website zetten", {"recipient": "website_social", "data": "geen_persoonsgegevens"}),
    ("mag ik een foto van een inwoner op facebook zetten", {"recipient": "website_social"}),
    ("Hoi, mag ik dit via gewone mail naar de ggz sturen?", {"recipient": "zorgaanbieder", "channel": "gewone_mail"}),
    ("mag ik het bsn via beveiligde mail naar de huisarts sturen", {"recipient": "huisarts", "data": "bsn", "channel": "beveiligde_mail"}),
    ("can I share the file with the police?", {"recipient": "politie", "data": "dossier"}),
    ("can I email a BSN to the GP", {"recipient": "huisarts", "data": "bsn", "channel": "gewone_mail"}),
    ("kan ik het dossier van een cliënt delen met een collega", {"data": "dossier"}),
    # the recipients added to the dialogue, read from knowledge/intents/share_check.yaml
    ("de school vraagt of dit kind bij het jeugdteam bekend is, mag ik dat zeggen", {"recipient": "school", "data": "kinderen"}),
    ("handhaving vraagt het adres uit het wmo-dossier, mag ik dat geven", {"recipient": "handhaving", "data": "dossier"}),
    ("een journalist vraagt naar de naam van de inwoner, mag ik die geven", {"recipient": "pers_publiek"}),
    ("ik wil deze gegevens graag delen met de huisarts, mag dat", {"recipient": "huisarts"}),
]
DETECT_NEGATIVES = [
    "mag ik mijn wachtwoord delen met een collega",  # a password rule: the knowledge base answers it
    "mag ik mijn wachtwoord aan een collega geven",
    "can i share my password with a colleague",
    "wat is need to know",  # definitions and general rules
    "wanneer mag je gegevens delen met derden",
    "Mag ik persoonsgegevens aan derden verstrekken?",
    "can I share personal data with a third party",
    "mag ik gegevens doorgeven aan een zorgaanbieder",  # generic data, an indefinite recipient: a rule question
    "may I pass data to a care provider",
    "mag ik in een noodgeval gegevens delen zonder toestemming",
    "moeten we inwoners vertellen wat we met hun gegevens doen",
    "moet ik ook mails en notities geven bij inzage",
    "klant weigert toestemming te geven, mag ik zijn voorziening dan weigeren",
    "mag ik medische verslagen in het zaaksysteem zetten",
    "mag ik dossiers mee naar huis nemen",
    "mag ik het burgerservicenummer vragen",
    "mag een inwoner een kopie van zijn dossier",
    "bsn per mail versturen",
    "hoe stuur je een dossier veilig naar een externe partij",
    "externe partij vraagt om gegevens van een inwoner",
    "ik heb een mail naar de verkeerde persoon gestuurd",
    "hoi",
]


@pytest.mark.parametrize("text, expected", DETECT_POSITIVES)
def test_detect_positive(text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text", DETECT_NEGATIVES)
def test_detect_negative(text):
    assert detect(text) is None


# -- (c) transcripts through the engine -------------------------------------------------------
def share_engine(tmp_path):
    engine = new_engine(tmp_path)
    assert "share_check" in engine.handlers  # registered by bot.app.flow_handlers
    return engine


@pytest.fixture
def talk(tmp_path):
    return ChatDriver(share_engine(tmp_path))


def dialogue(driver: ChatDriver, user: str = "medewerker"):
    return driver.engine.load_dialogue(f"test:{user}")


def test_full_dialogue_with_buttons(talk):
    text = talk.say("/delen")
    assert "Met wie wil je de gegevens delen" in text
    assert {"↩ Terug", "✖ Stop", "Huisarts", "Politie of justitie"} <= set(talk.choices())
    assert "Om welke gegevens" in talk.press("Zorgaanbieder")
    assert "hetzelfde doel" in talk.press("Wat-informatie")
    assert "Weet ik niet" in talk.choices()
    assert "Op welke grond" in talk.press("Ja, hetzelfde doel")
    assert {"Weet ik niet", "↩ Terug", "✖ Stop"} <= set(talk.choices())
    # "Wettelijke taak" outside the own team needs the article that allows giving it to this recipient
    assert "Welk wetsartikel" in talk.press("Wettelijke taak")
    assert "precies deze gegevens" in talk.press("Ja, ik kan het artikel noemen")
    assert "contract of convenant" in talk.press("Ja, precies")
    assert "Hoe wil je het delen" in talk.press("Ja")
    text = talk.press("Beveiligde mail")
    assert text.startswith("✅ Ja")
    for part in ("Waarom:", "Volgende stap:", "Inwoner informeren:", "Notitie voor het dossier", "Bronnen: AVG, art. 6",
                 "Privacybeleid gemeente Heumen"):
        assert part in text
    assert ".txt" not in text  # readable sources, never a file name
    assert "{" not in text  # placeholders are filled by the engine
    assert talk.choices() == ["🔁 Nieuwe check"]
    assert dialogue(talk) is None


def test_overleg_names_the_privacy_officer_and_fg(talk):
    talk.say("/delen")
    talk.press("Politie")
    talk.press("Dat-informatie")
    text = talk.press("Weet ik niet")  # no vordering known
    assert "precies deze gegevens" in text  # police: the purpose question is skipped
    talk.press("Ja, precies")
    text = talk.press("Beveiligde mail")
    assert text.startswith("⚠️ Overleg eerst met de privacy officer / FG")
    assert "privacy@teststad.example" in text and "fg@teststad.example" in text


def test_terug_goes_one_step_back(talk):
    talk.say("/delen")
    talk.press("Huisarts")
    assert "Met wie wil je" in talk.say("terug")
    talk.press("Politie")
    assert "Heeft de politie een wettelijke grondslag" in talk.press("Dat-informatie")
    assert "Om welke gegevens" in talk.press("Terug")
    assert "Met wie wil je" in talk.say("terug")
    assert "Dit is de eerste vraag" in talk.say("terug")
    assert dialogue(talk)[1]["facts"] == {}


def test_stop_abandons_the_check(talk):
    talk.say("/delen")
    talk.press("Huisarts")
    assert "gestopt" in talk.press("Stop")
    assert dialogue(talk) is None
    talk.say("/delen")
    assert "gestopt" in talk.say("stop")
    assert dialogue(talk) is None


def test_free_words_start_prefilled_and_skip_known_steps(talk):
    replies = talk.send(Message(Person("test", "medewerker"), text="mag ik het dossier naar de huisarts mailen?"))
    assert replies[0].meta.get("kind") == "start" and replies[0].meta.get("flow") == "share_check"
    text = "\n".join(r.text for r in replies)
    assert "ontvanger: huisarts" in text and "kanaal: gewone e-mail" in text
    assert "hetzelfde doel" in text  # recipient, data and channel are not asked
    talk.last["medewerker"] = replies
    talk.press("Ja, hetzelfde doel")
    talk.press("Toestemming")
    text = talk.press("Ja, precies")
    assert text.startswith("⛔ Nee, niet via gewone e-mail. Wel via beveiligde")
    assert "Voorwaarden bij een veilig kanaal" in text


def test_terug_can_correct_a_prefilled_answer(talk):
    talk.say("mag ik het dossier naar de huisarts mailen?")
    assert "Hoe wil je het delen" in talk.say("terug")  # the channel came from the words
    assert "hetzelfde doel" in talk.press("Beveiligde mail")


def test_typed_answers_instead_of_buttons(talk):
    talk.say("/delen")
    assert "Om welke gegevens" in talk.say("de politie")
    assert "wettelijke grondslag" in talk.say("2")  # the number of the button "Dat-informatie"
    assert "Dat begreep ik niet" in talk.say("pannenkoeken")
    assert "Staat in de vordering het wetsartikel" in talk.say("er is een vordering")
    assert "precies deze gegevens" in talk.say("weet ik niet")
    assert "Hoe wil je het delen" in talk.say("ja")
    text = talk.say("beveiligde mail")
    assert text.startswith("⚠️ Overleg") and "vordering" in text  # the vordering's article is not known


def test_weet_ik_niet_typed(talk):
    talk.say("/delen")
    talk.say("huisarts")
    talk.say("medisch")
    assert "Op welke grond" in talk.say("weet ik niet")


def test_typed_negation_is_not_read_as_the_basis(talk):
    talk.say("/delen")
    talk.say("huisarts")
    talk.say("medische gegevens")
    talk.say("ja")
    text = talk.say("geen toestemming")
    assert text.startswith("⛔ Nee") and "uitdrukkelijke toestemming" in text


def test_consent_makes_the_covenant_question_moot(talk):
    talk.say("/delen")
    talk.press("Zorgaanbieder")
    talk.press("Wat-informatie")
    talk.press("Ja, hetzelfde doel")
    talk.press("Toestemming")
    assert "Hoe wil je het delen" in talk.press("Ja, precies")


def test_a_nee_that_is_certain_stops_asking(talk):
    talk.say("/delen")
    talk.press("Collega, andere afdeling")
    talk.press("Wat-informatie")
    assert "Uit welk dossier" in talk.press("Nee, een ander doel")
    talk.press("Wmo-dossier")
    text = talk.press("Geen van deze")
    assert text.startswith("⛔ Nee")  # need-to-know and channel are not asked
    assert dialogue(talk) is None


def test_enforcement_asking_for_an_address_from_a_wmo_file_gets_no_and_the_brp_route(talk):
    """Purpose limitation (AVG art. 5(1)(b), 6(4)): handhaving uses the BRP through its own authorisation."""
    talk.say("/delen")
    talk.press("Collega van handhaving")
    assert "Uit welk dossier" in talk.press("Dat-informatie")
    assert "Op welke grond" in talk.press("Wmo-dossier")
    assert "Welk wetsartikel" in talk.press("Wettelijke taak")
    text = talk.press("Nee, ik ken geen artikel")
    assert text.startswith("⛔ Nee") and "BRP" in text


def test_own_file_skips_the_triage_questions(talk):
    talk.say("/delen")
    talk.press("De inwoner zelf")
    assert "Hoe wil je het delen" in talk.press("Een (heel) dossier")
    text = talk.press("Beveiligde mail")
    assert "inzageverzoek" in text and "vier weken" in text and "privacy@teststad.example" in text


def test_publication_and_another_person_end_after_the_data(talk):
    talk.say("/delen")
    talk.press("Website")
    assert talk.press("Dat-informatie").startswith("⛔ Nee")
    talk.say("/delen")
    talk.press("Een andere inwoner")
    assert talk.press("Een (heel) dossier").startswith("⛔ Nee")
    text = talk.say("mag ik geanonimiseerde cijfers op de website zetten")
    assert "Ik ga uit van: ontvanger: website of sociale media; gegevens: geen persoonsgegevens" in text
    assert "✅ Ja" in text and "korte vragen" not in text  # everything known from the words: a verdict at once


def test_command_with_words_prefills(talk):
    text = talk.say("/delen bsn naar de huisarts")
    assert "ontvanger: huisarts" in text and "gegevens: BSN" in text
    assert "hetzelfde doel" in text


def test_stale_button_after_the_verdict(talk):
    talk.say("/delen")
    huisarts = next(c.value for r in talk.last["medewerker"] for c in r.choices if c.label == "Huisarts")
    talk.press("Website")
    talk.press("Dat-informatie")  # the verdict: the dialogue is over
    assert "al is afgerond" in talk.act(huisarts)
    assert dialogue(talk) is None
    assert "Met wie wil je" in talk.press("Nieuwe check")
    assert dialogue(talk) is not None


def test_stale_button_in_a_later_step_is_not_taken(talk):
    talk.say("/delen")
    huisarts = next(c.value for r in talk.last["medewerker"] for c in r.choices if c.label == "Huisarts")
    talk.press("Politie")
    assert "Dat begreep ik niet" in talk.act(huisarts)
    assert dialogue(talk)[1]["facts"] == {"recipient": "politie"}


def test_restart_resumes_at_the_same_step(tmp_path):
    first = ChatDriver(share_engine(tmp_path))
    first.say("/delen")
    first.press("Zorgaanbieder")
    first.press("BSN")
    second_engine = share_engine(tmp_path)  # a new process on the same database file
    prompt = "\n".join(r.text for r in second_engine.resume("test:medewerker"))
    assert "hetzelfde doel" in prompt
    second = ChatDriver(second_engine)
    assert "Op welke grond" in second.say("ja")
    assert "Welk wetsartikel" in second.say("wettelijke taak")
    assert "precies deze gegevens" in second.say("Nee, ik ken geen artikel")
    assert "contract of convenant" in second.say("ja")
    assert "Hoe wil je het delen" in second.say("ja")
    text = second.say("1")
    assert text.startswith("⚠️ Overleg") and "BSN" in text  # the article for this recipient is not known


def test_knowledge_questions_are_not_hijacked(talk):
    text = talk.say("mag ik mijn wachtwoord delen met een collega")
    assert "Ik stel je een paar korte vragen" not in text
    assert dialogue(talk) is None


def test_verdict_reply_meta_for_ask_json(talk):
    talk.say("/delen")
    talk.press("Website")
    replies = asyncio.run(talk.engine.handle(Message(
        Person("test", "medewerker"), text="Dat-informatie", action="sc:data:dat_informatie")))
    meta = replies[-1].meta
    assert meta["kind"] == "verdict" and meta["outcome"] == "nee" and meta["sources"]
