"""Triage rules an FG can sign (issue 11): scenarios with their legal basis, properties over every dialogue path,
readable sources, and the `share-check` command line."""
from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from bot.__main__ import main
from bot.handlers.share_check.verdict import (
    BASIS_LABELS, DATA_LABELS, DIALOGUE_KEYS, FACT_KEYS, NEEDS_PROVISION, ORIGIN_LABELS, ORIGIN_MATTERS, OUTCOMES,
    RECIPIENT_LABELS, SEED_TITLES, SOCIAL_FILES, TRIAGE, certainly_no, parse_answers, relevant_questions,
    render_sources, verdict,
)

SEC, MAIL, APP, POST = "beveiligde_mail", "gewone_mail", "chat_app", "papier"


def q(recipient, data, **answers) -> dict:
    """The answers of one check; keys not given are None ("weet ik niet" or not asked)."""
    return {"recipient": recipient, "data": data, **answers}


# (id, answers, outcome, a better channel, a phrase in the first reason (what decided), a phrase in the advice)
SCENARIOS = [
    # -- issue 11: the four dangerous clicks, and their neighbours -----------------------------------------------
    # A GP asks about a Wmo client; the employee trusts the own "wettelijke taak". The Wmo 2015 (ch. 5) names to
    # whom the municipality may provide, and the GP is not one of them; AVG art. 6 lid 3 needs that provision.
    ("gp_wmo_client_own_task", q("huisarts", "wat_informatie", purpose_same=True, legal_basis="wettelijke_taak",
                                 need_to_know=True, channel=SEC), "nee", False, "wettelijke taak", "Meldcode"),
    # Same, and the employee says he can name an article: a claim the FG checks (AVG art. 6 lid 3), never a ja.
    ("gp_wmo_client_article_named", q("huisarts", "wat_informatie", purpose_same=True, legal_basis="wettelijke_taak",
                                      provision="known", need_to_know=True, channel=SEC), "overleg", False,
     "wetsartikel", "toetsen"),
    # With the client's consent: AVG art. 6 lid 1 sub a and art. 7; 004 Bijlage 1 (no power, then consent).
    ("gp_wmo_client_consent", q("huisarts", "wat_informatie", purpose_same=True, legal_basis="toestemming",
                                need_to_know=True, channel=SEC), "ja_mits", False, "toestemming", "schriftelijk"),
    # Health data need explicit consent: AVG art. 9 lid 2 sub a; 003 2.2 punt 6 and 8.
    ("gp_health_data_consent", q("huisarts", "bijzonder_strafrechtelijk", purpose_same=True, legal_basis="toestemming",
                                 need_to_know=True, channel=SEC), "ja_mits", False, "toestemming",
     "uitdrukkelijke toestemming"),
    # Data about a child with consent: Jeugdwet art. 7.3.4 and 7.3.11 (12 and 16), UAVG art. 5 (under 16).
    ("gp_child_consent", q("huisarts", "kinderen", purpose_same=True, legal_basis="toestemming", need_to_know=True,
                           channel=SEC), "ja_mits", False, "toestemming", "vanaf 16 jaar het kind zelf"),
    # Serious danger for a child's health: evident interest (003 2.2 punt 8b, AVG art. 9 lid 2 sub c), and the
    # Meldcode route (Wet verplichte meldcode; Wmo 2015 art. 5.2.6 meldrecht).
    ("gp_child_serious_danger", q("huisarts", "kinderen", purpose_same=False, legal_basis="vitaal_belang",
                                  need_to_know=True, channel=SEC), "ja_mits", False, "ernstig gevaar", "Meldcode"),
    # A contract with the client is no ground for the GP: only consent or the Meldcode (AVG art. 6, 9).
    ("gp_contract", q("huisarts", "dat_informatie", purpose_same=True, legal_basis="overeenkomst", need_to_know=True,
                      channel=SEC), "nee", False, "overeenkomst", "toestemming"),
    # No ground at all, health data: AVG art. 9; 003 2.2 punt 8.
    ("gp_no_ground_health", q("huisarts", "bijzonder_strafrechtelijk", purpose_same=True, legal_basis="geen",
                              need_to_know=True, channel=SEC), "nee", False, "grondslag", "uitdrukkelijke toestemming"),
    # The employee does not know the ground: caution (004 Bijlage 1 "kan en mag het"), with the consent route.
    ("gp_ground_unknown", q("huisarts", "wat_informatie", purpose_same=True, need_to_know=True, channel=SEC),
     "overleg", False, "grondslag", "Veilig Thuis"),
    # The own task by ordinary mail: the headline is the substance (nee), not the channel (rule 5).
    ("gp_own_task_ordinary_mail", q("huisarts", "dossier", purpose_same=True, legal_basis="wettelijke_taak",
                                    need_to_know=True, channel=MAIL), "nee", False, "wettelijke taak", "toestemming"),
    # A school asks whether a family is known to the youth team; typical clicks. Jeugdwet art. 7.3.11: no
    # information to others without consent; dat-informatie is personal data too (003 Bijlage 3 b).
    ("school_family_known_to_youth_team", q("school", "dat_informatie", legal_basis="wettelijke_taak",
                                            need_to_know=True, channel=MAIL), "nee", False, "wettelijke taak",
     "vanaf 12 jaar ook het kind"),
    # With the parents' (and from 12 the child's) consent: Jeugdwet art. 7.3.4, UAVG art. 5.
    ("school_parents_consent", q("school", "kinderen", purpose_same=True, legal_basis="toestemming", need_to_know=True,
                                 channel=SEC), "ja_mits", False, "toestemming", "12 tot 16 jaar de ouders"),
    # Safety concerns about a child: the Meldcode and Veilig Thuis, not the school (Wmo 2015 art. 5.2.6).
    ("school_safety_concern", q("school", "kinderen", purpose_same=False, legal_basis="vitaal_belang",
                                need_to_know=True, channel=SEC), "overleg", False, "Meldcode", "0800-2000"),
    # No ground: nee, with the consent and Meldcode route (AVG art. 6 lid 1).
    ("school_no_ground", q("school", "kinderen", purpose_same=True, legal_basis="geen", need_to_know=True,
                           channel=SEC), "nee", False, "grondslag", "Meldcode"),
    # An article named for the school: the FG checks it (AVG art. 6 lid 3; Jeugdwet art. 7.3.11).
    ("school_article_named", q("school", "dat_informatie", purpose_same=True, legal_basis="wettelijke_taak",
                               provision="known", need_to_know=True, channel=SEC), "overleg", False, "wetsartikel",
     "Meldcode"),
    # Consent, but WhatsApp: a channel "nee" on a substantive ja-mits (003 Bijlage 3 c, Bijlage 4 punt 8; AVG art. 32).
    ("school_consent_whatsapp", q("school", "kinderen", purpose_same=True, legal_basis="toestemming",
                                  need_to_know=True, channel=APP), "nee", True, "WhatsApp", "beveiligde"),
    # Handhaving asks for an address from a Wmo file: another purpose (AVG art. 5 lid 1 sub b, art. 6 lid 4);
    # lawful route: the BRP through the own authorisation (Wet BRP art. 3.2) or ask the person.
    ("handhaving_address_from_wmo_file", q("handhaving", "dat_informatie", origin="wmo", legal_basis="wettelijke_taak",
                                           need_to_know=True, channel=MAIL), "nee", False, "ander doel", "BRP"),
    # From a Jeugdwet file, the ground unknown: still nee (Jeugdwet art. 7.3.11; AVG art. 6 lid 4).
    ("handhaving_from_youth_file_ground_unknown", q("handhaving", "wat_informatie", origin="jeugdwet",
                                                    need_to_know=True, channel=SEC), "nee", False, "doelbinding",
     "eigen autorisatie"),
    # From a Participatiewet file with a named article: closed regime (Participatiewet par. 6.6), the FG checks it.
    ("handhaving_from_benefits_file_article", q("handhaving", "dat_informatie", origin="participatiewet",
                                                legal_basis="wettelijke_taak", provision="known", need_to_know=True,
                                                channel=SEC), "overleg", False, "ander doel", "artikel"),
    # The person consents to this other purpose: AVG art. 6 lid 4 (consent) and art. 7.
    ("handhaving_from_wmo_with_consent", q("handhaving", "dat_informatie", origin="wmo", legal_basis="toestemming",
                                           need_to_know=True, channel=SEC), "ja_mits", False, "toestemming",
     "dit doel"),
    # Data from another register (e.g. a permit) for the same purpose, the article known: AVG art. 6 lid 1 sub e,
    # lid 3; 003 2.1 punt 3 (the task set).
    ("handhaving_permit_data_same_purpose", q("handhaving", "dat_informatie", origin="other", purpose_same=True,
                                              legal_basis="wettelijke_taak", provision="known", need_to_know=True,
                                              channel=SEC), "ja", False, "wettelijke taak", "takenpakket"),
    # Another purpose and the file unknown: cannot rule out a social-domain file (AVG art. 6 lid 4).
    ("handhaving_origin_unknown", q("handhaving", "dat_informatie", purpose_same=False, legal_basis="wettelijke_taak",
                                    provision="known", need_to_know=True, channel=SEC), "overleg", False, "dossier",
     "BRP"),
    # Belastingen asks data from a benefits file: Participatiewet par. 6.6 (closed regime); AVG art. 6 lid 4.
    ("tax_colleague_from_benefits_file", q("collega_andere_afdeling", "wat_informatie", purpose_same=False,
                                           origin="participatiewet", legal_basis="wettelijke_taak", need_to_know=True,
                                           channel=MAIL), "nee", False, "ander doel", "BRP"),
    # A landlord asks for Wmo data: another purpose, no agreement known (AVG art. 5 lid 1 sub b; Wmo 2015 ch. 5).
    ("landlord_asks_wmo_data", q("other", "wat_informatie", purpose_same=False, origin="wmo",
                                 legal_basis="wettelijke_taak", need_to_know=True, channel=SEC), "nee", False,
     "ander doel", "inwoner zelf"),
    # ... with the tenant's consent for that purpose: AVG art. 6 lid 1 sub a and lid 4.
    ("landlord_with_consent", q("other", "dat_informatie", purpose_same=False, origin="wmo", legal_basis="toestemming",
                                need_to_know=True, channel=SEC), "ja_mits", False, "toestemming", "dit doel"),
    # A care provider wants youth-file data for another purpose: Jeugdwet art. 7.3.11; AVG art. 6 lid 4.
    ("care_provider_other_purpose_youth_file", q("zorgaanbieder", "wat_informatie", purpose_same=False,
                                                 origin="jeugdwet", legal_basis="overeenkomst", need_to_know=True,
                                                 agreement=True, channel=SEC), "nee", False, "ander doel", "BRP"),
    # Unknown whether the purpose is the same, data from a Wmo file: caution (AVG art. 5 lid 1 sub b).
    ("colleague_purpose_unknown_wmo_file", q("collega_andere_afdeling", "dat_informatie", origin="wmo",
                                             legal_basis="wettelijke_taak", provision="known", need_to_know=True,
                                             channel=SEC), "overleg", False, "hetzelfde doel", "BRP"),
    # A journalist asks for names: nee, the Woo route (Woo art. 5.1; 004 5 Wob: in principle no personal data);
    # the headline is the substance, not "niet via gewone e-mail".
    ("journalist_asks_names", q("pers_publiek", "dat_informatie", channel=MAIL), "nee", False, "Woo-verzoek",
     "college"),
    # Health data to the press, on a secure channel: still nee (Woo art. 5.1 lid 1 sub d; AVG art. 9).
    ("journalist_health_data_secure_mail", q("pers_publiek", "bijzonder_strafrechtelijk", channel=SEC), "nee", False,
     "journalist", "Woo"),
    # Anyone from the public asks for a file; the own task does not help (Woo art. 5.1 lid 2 sub e).
    ("public_asks_for_a_file", q("pers_publiek", "dossier", legal_basis="wettelijke_taak"), "nee", False,
     "persoonsgegevens", "Woo"),
    # Anonymous totals for the press: no personal data (AVG art. 4 punt 1; 004 1).
    ("journalist_anonymous_totals", q("pers_publiek", "geen_persoonsgegevens"), "ja", False, "geen gegevens",
     "herleidbaar"),

    # -- rule 1: "wettelijke taak" needs the provision for this recipient (AVG art. 6 lid 1 sub c/e, lid 3) ------
    # The own task, the article for this care provider not known (AVG art. 6 lid 3; Wmo 2015 ch. 5).
    ("care_provider_task_article_unknown", q("zorgaanbieder", "wat_informatie", purpose_same=True,
                                             legal_basis="wettelijke_taak", provision="unknown", need_to_know=True,
                                             agreement=True, channel=SEC), "overleg", False, "wettelijke taak alleen",
     "wetsartikel"),
    # The dialogue did not ask for the article (None): the same caution (AVG art. 6 lid 3).
    ("care_provider_task_not_asked", q("zorgaanbieder", "wat_informatie", purpose_same=True,
                                       legal_basis="wettelijke_taak", need_to_know=True, agreement=True, channel=SEC),
     "overleg", False, "wettelijke taak alleen", "toestemming"),
    # Wmo 2015 ch. 5 names the care provider; a covenant (003 Bijlage 3 b) and need-to-know (003 2.2 punt 4).
    ("care_provider_task_article_known", q("zorgaanbieder", "wat_informatie", purpose_same=True,
                                           legal_basis="wettelijke_taak", provision="known", need_to_know=True,
                                           agreement=True, channel=SEC), "ja", False, "wetsartikel", "convenant"),
    # A colleague of another department is outside the own team too (003 2.2 punt 7; AVG art. 6 lid 3).
    ("colleague_other_dept_no_article", q("collega_andere_afdeling", "dat_informatie", purpose_same=True,
                                          legal_basis="wettelijke_taak", need_to_know=True, channel=SEC),
     "overleg", False, "wettelijke taak alleen", "wetsartikel"),
    # Dat-informatie across domains with the article: 003 Bijlage 3 b and Bijlage 4 punt 6.
    ("colleague_other_dept_article_dat", q("collega_andere_afdeling", "dat_informatie", purpose_same=True,
                                           legal_basis="wettelijke_taak", provision="known", need_to_know=True,
                                           channel=SEC), "ja_mits", False, "Dat-informatie", "niet de inhoud"),
    # UWV under SUWI with the article and an agreement: Participatiewet par. 6.6; 000 10 (agreements).
    ("uwv_task_article_agreement", q("other", "wat_informatie", purpose_same=True, legal_basis="wettelijke_taak",
                                     provision="known", need_to_know=True, agreement=True, channel=SEC), "ja", False,
     "wetsartikel", "afspraken"),
    # Police: a vordering without its article (Sv art. 126nc e.v.; AVG art. 6 lid 3).
    ("police_vordering_article_unknown", q("politie", "dat_informatie", legal_basis="wettelijke_taak",
                                           need_to_know=True, channel=SEC), "overleg", False, "wetsartikel",
     "schriftelijke vordering"),
    # A written vordering naming its article: give only what is demanded (Sv art. 126nc e.v.; 002).
    ("police_vordering_article_known", q("politie", "dat_informatie", legal_basis="wettelijke_taak", provision="known",
                                         need_to_know=True, channel=SEC), "ja_mits", False, "vordering",
     "in de vordering staan"),
    # ... but not over WhatsApp (AVG art. 32; 003 Bijlage 4 punt 8).
    ("police_vordering_whatsapp", q("politie", "dat_informatie", legal_basis="wettelijke_taak", provision="known",
                                    need_to_know=True, channel=APP), "nee", True, "WhatsApp", "beveiligde"),
    # No vordering, ordinary mail: the substance (overleg) leads; the channel is a condition (rule 5).
    ("police_no_vordering_ordinary_mail", q("politie", "wat_informatie", need_to_know=True, channel=MAIL),
     "overleg", False, "vordering", "Mag het na het overleg wel"),
    # A processor is no third party: the own task plus a processing agreement (AVG art. 4 punt 10, art. 28).
    ("processor_task_with_agreement", q("extern_bureau", "dat_informatie", purpose_same=True,
                                        legal_basis="wettelijke_taak", need_to_know=True, agreement=True,
                                        channel=SEC), "ja", False, "verwerker", "verwerkersovereenkomst"),
    # A processor without a processing agreement: AVG art. 28 lid 3; 001 4.2.7.
    ("processor_without_agreement", q("extern_bureau", "dat_informatie", purpose_same=True,
                                      legal_basis="wettelijke_taak", need_to_know=True, agreement=False, channel=SEC),
     "nee", False, "verwerkersovereenkomst", "sluiten"),
    # A team colleague on the same case needs no provision (003 2.1 punt 3).
    ("team_colleague_same_case", q("collega_team", "wat_informatie", need_to_know=True, channel=SEC), "ja", False,
     "precies deze gegevens", "takenpakket"),
    # Need-to-know unknown: a condition, never a plain ja (AVG art. 5 lid 1 sub c; 003 2.2 punt 4).
    ("team_colleague_need_unknown", q("collega_team", "wat_informatie", channel=SEC), "ja_mits", False,
     "takenpakket", "need-to-know"),

    # -- rule 5: the headline is the substance ----------------------------------------------------------------
    # Substance ja, channel wrong: "nee, niet via gewone e-mail; wel via beveiligde mail" (003 Bijlage 3 c).
    ("care_article_known_dossier_ordinary_mail", q("zorgaanbieder", "dossier", purpose_same=True,
                                                   legal_basis="wettelijke_taak", provision="known",
                                                   need_to_know=True, agreement=True, channel=MAIL), "nee", True,
     "Gewone e-mail", "beveiligde"),
    # Substance overleg, channel wrong: an overleg, the channel as a condition.
    ("care_no_article_ordinary_mail", q("zorgaanbieder", "dossier", purpose_same=True, legal_basis="wettelijke_taak",
                                        need_to_know=True, agreement=True, channel=MAIL), "overleg", False,
     "wettelijke taak alleen", "niet via gewone e-mail"),
    # Substance nee (less would do), channel wrong: a plain nee (003 Bijlage 4 punt 1; AVG art. 5 lid 1 sub c).
    ("less_would_do_whatsapp", q("collega_andere_afdeling", "wat_informatie", purpose_same=True,
                                 legal_basis="toestemming", need_to_know=False, channel=APP), "nee", False,
     "Minder is genoeg", "opnieuw de check"),
    # Own file over WhatsApp: the right of access (AVG art. 15), on a safe channel (004 5; 002 Beveiliging).
    ("own_file_whatsapp", q("inwoner_zelf", "dossier", channel=APP), "nee", True, "WhatsApp", "balie"),
    # WhatsApp within the team: not a municipal channel (AVG art. 32; 003 Bijlage 4 punt 8).
    ("team_colleague_whatsapp", q("collega_team", "dat_informatie", need_to_know=True, channel=APP), "nee", True,
     "WhatsApp", "zaaksysteem"),
    # A BSN by ordinary mail to a care provider with the article: UAVG art. 46; AVG art. 32.
    ("bsn_ordinary_mail", q("zorgaanbieder", "bsn", purpose_same=True, legal_basis="wettelijke_taak",
                            provision="known", need_to_know=True, agreement=True, channel=MAIL), "nee", True,
     "Gewone e-mail", "onderwerpregel"),

    # -- an employee who does not know the answers: never "ja" (004 Bijlage 1; 003 Bijlage 3 a "nee, tenzij") ----
    # Every answer 'weet ik niet' (None): AVG art. 6 lid 1 (no ground known); 004 Bijlage 1.
    ("unknowing_care_provider", q("zorgaanbieder", "wat_informatie"), "overleg", False, "grondslag", "toestemming"),
    # Wat-informatie to another domain, nothing known: Wmo 2015 art. 5.1.1 lid 4; 003 Bijlage 3 b.
    ("unknowing_colleague", q("collega_andere_afdeling", "wat_informatie"), "overleg", False, "grondslag", "5.1.1"),
    # Another organisation, nothing known: AVG art. 6; 000 10 (agreements).
    ("unknowing_other_organisation", q("other", "dat_informatie"), "overleg", False, "grondslag", "afspraken"),
    # The police ask, nothing known: Sv art. 126nc e.v. (a written vordering); 002 Delen met derden.
    ("unknowing_police", q("politie", "dat_informatie"), "overleg", False, "vordering", "schriftelijke vordering"),
    # A school, nothing known: Jeugdwet art. 7.3.11 (consent) and the Meldcode route.
    ("unknowing_school", q("school", "kinderen"), "overleg", False, "grondslag", "Meldcode"),
    # Handhaving, nothing known: AVG art. 5 lid 1 sub b and art. 6 lid 1.
    ("unknowing_handhaving", q("handhaving", "dat_informatie"), "overleg", False, "grondslag", "toestemming"),
    # The recipient unknown: treated as a third party (003 Bijlage 4 punt 9; AVG art. 6).
    ("unknowing_recipient", q(None, "dossier"), "overleg", False, "grondslag", "afspraken"),
    # An agency, nothing known: AVG art. 28 (processing agreement); 001 4.2.7.
    ("unknowing_processor", q("extern_bureau", "dat_informatie"), "overleg", False, "grondslag",
     "verwerkersovereenkomst"),
    # The kind of data unknown, with consent: never a plain ja (AVG art. 5 lid 1 sub c; art. 7).
    ("unknowing_data_kind_with_consent", q("zorgaanbieder", None, purpose_same=True, legal_basis="toestemming",
                                           need_to_know=True, channel=SEC), "ja_mits", False, "toestemming",
     "schriftelijk"),
    # Consent, need-to-know unknown: AVG art. 7 and art. 5 lid 1 sub c.
    ("consent_need_unknown", q("zorgaanbieder", "wat_informatie", purpose_same=True, legal_basis="toestemming",
                               channel=SEC), "ja_mits", False, "toestemming", "need-to-know"),
    # Consent, channel not chosen: AVG art. 32; 003 Bijlage 3 c (secure systems).
    ("consent_channel_unknown", q("zorgaanbieder", "dat_informatie", purpose_same=True, legal_basis="toestemming",
                                  need_to_know=True), "ja_mits", False, "toestemming", "beveiligde mail"),
    # Article known, purpose and file unknown: AVG art. 6 lid 4 (compatibility unknown).
    ("task_article_known_purpose_unknown_file_unknown", q("zorgaanbieder", "dat_informatie",
                                                          legal_basis="wettelijke_taak", provision="known",
                                                          need_to_know=True, agreement=True, channel=SEC),
     "overleg", False, "dossier", "BRP"),
    # Benefits data to another department for another purpose, ground unknown: Participatiewet par. 6.6;
    # AVG art. 6 lid 4.
    ("colleague_wat_ground_unknown", q("collega_andere_afdeling", "wat_informatie", purpose_same=False,
                                       origin="participatiewet", need_to_know=True, channel=SEC), "nee", False,
     "ander doel", "BRP"),

    # -- the other rules stay ----------------------------------------------------------------------------------
    # Publication on the internet: 004 7 Openbaarheid van Bestuur.
    ("website_personal_data", q("website_social", "dat_informatie"), "nee", False, "website", "geanonimiseerd"),
    # Publication as the channel, even with consent: 004 7 Openbaarheid van Bestuur; AVG art. 5 lid 1 sub c.
    ("publication_as_channel", q("zorgaanbieder", "wat_informatie", legal_basis="toestemming", channel="publicatie"),
     "nee", False, "website", "zoekmachines"),
    # Another resident: 002 Uw rechten (only one's own data); AVG art. 15.
    ("neighbour_asks_if_known", q("andere_inwoner", "dat_informatie"), "nee", False, "andere inwoner", "machtiging"),
    # Own file: 004 5 Indienen van verzoek (four weeks, identity); AVG art. 15.
    ("own_file", q("inwoner_zelf", "dossier", channel=SEC), "ja_mits", False, "eigen gegevens", "vier weken"),
    # BSN to a contracted care provider with the article: UAVG art. 46.
    ("bsn_care_provider_article", q("zorgaanbieder", "bsn", purpose_same=True, legal_basis="wettelijke_taak",
                                    provision="known", need_to_know=True, agreement=True, channel=SEC), "ja_mits",
     False, "BSN", "onderwerpregel"),
    # Children's data to a care provider with consent: UAVG art. 5, Jeugdwet art. 7.3.4.
    ("care_provider_child_consent", q("zorgaanbieder", "kinderen", purpose_same=True, legal_basis="toestemming",
                                      need_to_know=True, channel=SEC), "ja_mits", False, "toestemming",
     "12 tot 16 jaar"),
    # A contract is no ground for special data: AVG art. 9; 003 2.2 punt 6.
    ("care_provider_contract_health", q("zorgaanbieder", "bijzonder_strafrechtelijk", purpose_same=True,
                                        legal_basis="overeenkomst", need_to_know=True, agreement=True, channel=SEC),
     "nee", False, "overeenkomst", "toestemming"),
    # Serious danger with a care provider: evident interest (003 2.2 punt 8b; AVG art. 9 lid 2 sub c).
    ("care_provider_serious_danger", q("zorgaanbieder", "bijzonder_strafrechtelijk", purpose_same=False,
                                       legal_basis="vitaal_belang", need_to_know=True, channel=SEC), "ja_mits",
     False, "ernstig gevaar", "minimum"),
    # ... but not with a party that gives no help (003 2.2 punt 8b "niet snel").
    ("other_organisation_serious_danger", q("other", "dat_informatie", purpose_same=False,
                                            legal_basis="vitaal_belang", need_to_know=True, channel=SEC), "overleg",
     False, "Ernstig gevaar", "112"),
    # The Wmo consultant asks the debt counsellor: consent (Wmo 2015 art. 5.1.1 lid 4; 004 7 Overleg over cliënten).
    ("wmo_consultant_debt_info_consent", q("collega_andere_afdeling", "wat_informatie", purpose_same=False,
                                           origin="participatiewet", legal_basis="toestemming", need_to_know=True,
                                           channel=SEC), "ja_mits", False, "toestemming", "dit doel"),
    # ... and without a ground: nee (Wmo 2015 art. 5.1.1 lid 4).
    ("wmo_consultant_debt_info_no_ground", q("collega_andere_afdeling", "wat_informatie", purpose_same=False,
                                             legal_basis="geen", need_to_know=True, channel=SEC), "nee", False,
     "grondslag", "5.1.1"),
    # Anonymous figures for a school: no personal data (AVG art. 4 punt 1).
    ("school_anonymous_figures", q("school", "geen_persoonsgegevens"), "ja", False, "geen gegevens", "herleidbaar"),
]


def advice_of(v) -> str:
    return " ".join([*v.reasons, *v.conditions, v.next_step, v.better_channel or ""]).lower()


@pytest.mark.parametrize("case, answers, outcome, better, first, phrase", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario(case, answers, outcome, better, first, phrase):
    v = verdict(answers)
    assert v.outcome == outcome, (case, v.reasons)
    assert (v.better_channel is not None) == better, case
    assert first.lower() in v.reasons[0].lower(), (case, v.reasons[0])  # what decided comes first
    assert phrase.lower() in advice_of(v), (case, advice_of(v))
    assert v.next_step and v.inform_client and "Besluit:" in v.case_note
    assert v.source_refs and all(isinstance(ref, tuple) and len(ref) == 2 for ref in v.source_refs)
    assert 1 <= len(v.sources) <= 3 and not any(".txt" in s for s in v.sources)
    if outcome == "nee" and not better:
        assert v.conditions == []  # a plain no has nothing to arrange


def test_the_table_is_big_enough_and_covers_every_outcome_and_recipient():
    assert len(SCENARIOS) >= 60
    assert len({s[0] for s in SCENARIOS}) == len(SCENARIOS)
    assert {s[2] for s in SCENARIOS} == set(OUTCOMES)
    assert {s[1]["recipient"] for s in SCENARIOS} >= set(RECIPIENT_LABELS)


# -- properties over every path through the dialogue ---------------------------------------------------------
VALUES = {
    "recipient": list(RECIPIENT_LABELS),
    "data": [*DATA_LABELS, None],
    "purpose_same": [True, False, None],
    "origin": [*ORIGIN_LABELS, None],
    "legal_basis": [*BASIS_LABELS, None],
    "provision": ["known", "unknown", None],
    "need_to_know": [True, False, None],
    "agreement": [True, False, None],
}
CHANNELS = ["beveiligde_mail", "gewone_mail", "chat_app", "papier", None]
# Reasons that support a share; a "nee" or "overleg" never starts with one of them.
MILD = ("De ontvanger heeft precies deze gegevens nodig", "Je deelt voor hetzelfde doel", "Gegevens aan een partij",
        "Ook binnen de gemeente", "Er zijn afspraken", "Beveiligde mail of een beveiligd systeem",
        "Er is een verwerkersovereenkomst")


def paths(answers: dict):
    """Every combination of answers the dialogue can reach when it asks all questions (the channel aside)."""
    open_keys = [k for k in relevant_questions(answers, asked=FACT_KEYS) if k not in answers and k != "channel"]
    if not open_keys:
        yield answers
        return
    for value in VALUES[open_keys[0]]:
        yield from paths({**answers, open_keys[0]: value})


def all_paths():
    for recipient in VALUES["recipient"]:
        yield from paths({"recipient": recipient})


def test_unknowns_never_end_in_ja_and_the_channel_never_overrules_the_substance():
    checked = 0
    for answers in all_paths():
        safe = verdict({**answers, "channel": "beveiligde_mail"})
        for how in CHANNELS:
            f = {**answers, "channel": how}
            v = safe if how == "beveiligde_mail" else verdict(f)
            asked = relevant_questions(f, asked=FACT_KEYS)
            checked += 1
            if v.outcome == "ja":  # rule 7: unknown ("weet ik niet") never ends in "ja"
                assert all(f.get(k) is not None for k in asked), f
                assert not v.conditions, f
            if v.better_channel:  # rule 5: channel advice only follows a substantive ja / ja-mits
                assert v.outcome == "nee" and safe.outcome in {"ja", "ja_mits"}, f
            if safe.outcome in {"nee", "overleg"}:
                assert v.better_channel is None and v.outcome == safe.outcome, f
            if v.outcome in {"nee", "overleg"} and not v.better_channel:  # rule 6: the decision first
                assert not v.reasons[0].startswith(MILD), (f, v.reasons[0])
            assert v.reasons and v.source_refs and 1 <= len(v.sources) <= 3
    assert checked > 10_000


def test_the_four_rules_hold_on_every_path():
    for answers in all_paths():
        v = verdict({**answers, "channel": "beveiligde_mail"})
        recipient, basis, data = answers["recipient"], answers.get("legal_basis"), answers.get("data")
        if data == "geen_persoonsgegevens":
            continue
        # 1. the own task outside the own team without the provision for this recipient is never a ja(-mits)
        if basis == "wettelijke_taak" and recipient in NEEDS_PROVISION and answers.get("provision") != "known":
            assert v.outcome in {"overleg", "nee"}, answers
        # 2. social-domain data for another purpose: nee unless consent, danger or a named article
        other_purpose = answers.get("purpose_same") is False or recipient == "handhaving"
        if (recipient in ORIGIN_MATTERS and answers.get("origin") in SOCIAL_FILES and other_purpose
                and basis not in {"toestemming", "vitaal_belang"}
                and not (basis == "wettelijke_taak" and answers.get("provision") == "known")):
            assert v.outcome == "nee", answers
        # 3. a GP or a school never gets data on the own task
        if recipient in {"huisarts", "school"} and basis in {"wettelijke_taak", "overeenkomst", "geen", None}:
            assert v.outcome in {"overleg", "nee"}, answers
        # 4. journalists and the public: nee
        if recipient == "pers_publiek":
            assert v.outcome == "nee" and "Woo" in v.reasons[0], answers


def test_a_random_sample_of_all_answers_including_ones_the_dialogue_would_not_ask():
    rng = random.Random(11)
    keys = {**VALUES, "recipient": [*RECIPIENT_LABELS, None], "channel": [*CHANNELS, "publicatie"]}
    for _ in range(5000):
        f = {k: rng.choice(v) for k, v in keys.items()}
        v = verdict(f)
        assert v.outcome in OUTCOMES and v.reasons and v.sources
        if v.outcome == "ja":  # an unknown recipient is treated as a third party ("other")
            seen = {**f, "recipient": f["recipient"] or "other"}
            assert all(seen.get(k) is not None for k in relevant_questions(seen, asked=FACT_KEYS)), f
        if v.better_channel:
            assert v.outcome == "nee"


# -- sources ---------------------------------------------------------------------------------------------------
def test_sources_are_pairs_with_known_keys_and_render_readable_laws_first():
    catalogue = pytest.importorskip("knowledge.sources").load_catalogue()
    for case, answers, *_ in SCENARIOS:
        v = verdict(answers)
        assert all(key in catalogue for key, _ in v.source_refs), (case, v.source_refs)
        kinds = [0 if not any(t in s for t in SEED_TITLES.values()) else 1 for s in v.sources]
        assert kinds == sorted(kinds), (case, v.sources)  # laws first
        assert len(v.readable_sources(limit=10)) >= len(v.sources)


def test_the_decisive_law_is_cited():
    v = verdict(q("handhaving", "dat_informatie", origin="wmo", legal_basis="wettelijke_taak", need_to_know=True))
    assert v.sources[0].startswith("AVG, art. 5 lid 1 sub b en art. 6 lid 4")
    assert any(s.startswith("Wet BRP") for s in v.sources)
    v = verdict(q("pers_publiek", "dat_informatie"))
    assert v.sources[0].startswith("Woo, art. 5.1")
    v = verdict(q("school", "kinderen", legal_basis="toestemming", purpose_same=True, need_to_know=True))
    assert "Jeugdwet, art. 7.3.4" in " ".join(v.readable_sources(limit=10))
    assert TRIAGE in v.source_refs


def test_sources_render_without_the_catalogue_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "knowledge.sources", None)  # "import knowledge.sources" raises ImportError
    rendered = render_sources([TRIAGE, ("AVG", "art. 6 lid 4")])
    assert rendered == ["AVG, art. 6 lid 4", "Privacybeleid gemeente Heumen, Bijlage 1 (Triagemodel gegevensdeling)"]
    assert verdict(q("pers_publiek", "dat_informatie")).sources


def test_english_citations():
    v = verdict(q("handhaving", "dat_informatie", origin="wmo", legal_basis="wettelijke_taak"))
    assert any(s.startswith("GDPR") for s in v.readable_sources(lang="en"))


# -- the dialogue's inputs -------------------------------------------------------------------------------------
def test_relevant_questions_default_to_what_the_dialogue_asks_today():
    f = q("zorgaanbieder", "wat_informatie", purpose_same=False, legal_basis="wettelijke_taak")
    assert set(relevant_questions(f)) <= set(DIALOGUE_KEYS)
    full = relevant_questions(f, asked=FACT_KEYS)
    assert full.index("origin") > full.index("purpose_same") and full.index("provision") > full.index("legal_basis")
    assert "origin" not in relevant_questions({**f, "purpose_same": True}, asked=FACT_KEYS)
    assert relevant_questions(q("handhaving", "dat_informatie", origin="wmo"), asked=FACT_KEYS)[:3] == [
        "recipient", "data", "origin"]  # enforcement: the file decides, the purpose is not asked
    assert "provision" not in relevant_questions(q("extern_bureau", "dat_informatie", legal_basis="wettelijke_taak"),
                                                 asked=FACT_KEYS)  # a processor is no third party
    assert relevant_questions(q("pers_publiek", "dossier"), asked=FACT_KEYS) == ["recipient", "data"]


def test_certainly_no_stops_the_dialogue_only_when_every_answer_still_open_gives_nee():
    everything = FACT_KEYS
    assert certainly_no(q("pers_publiek", "dat_informatie"), asked=everything)
    assert certainly_no(q("handhaving", "dat_informatie", origin="wmo", legal_basis="geen"), asked=everything)
    assert certainly_no(q("handhaving", "dat_informatie", origin="wmo", legal_basis="wettelijke_taak",
                          provision="unknown"), asked=everything)
    assert not certainly_no(q("handhaving", "dat_informatie", origin="wmo", legal_basis="wettelijke_taak"),
                            asked=everything)  # a named article is still open: overleg
    assert not certainly_no(q("handhaving", "dat_informatie", origin="wmo"), asked=everything)  # consent is open
    assert not certainly_no(q("huisarts", "wat_informatie", purpose_same=True, legal_basis="wettelijke_taak"),
                            asked=everything)  # a named article is still open: overleg
    assert certainly_no(q("huisarts", "wat_informatie", purpose_same=True, legal_basis="wettelijke_taak",
                          provision="unknown"), asked=everything)


def test_parse_answers_accepts_the_documented_keys_and_refuses_the_rest():
    ok = {"recipient": "school", "data": "kinderen", "purpose_same": None, "origin": "jeugdwet",
          "legal_basis": "toestemming", "provision": None, "need_to_know": True, "agreement": False,
          "channel": "beveiligde_mail", "article": None}
    assert parse_answers(ok) == ok
    for bad in ({"recipient": "journalist"}, {"purpose_same": "ja"}, {"provision": "maybe"}, {"need_to_know": 1},
                {"colour": "red"}, {"article": 5}):
        with pytest.raises(ValueError, match="Fout: .* / Error: "):
            parse_answers(bad)
    with pytest.raises(ValueError):
        parse_answers(["recipient"])


def test_the_article_named_appears_in_the_reason_and_the_case_note():
    v = verdict(q("zorgaanbieder", "dat_informatie", purpose_same=True, legal_basis="wettelijke_taak",
                  provision="known", article="art. 5.2.1 Wmo 2015", need_to_know=True, agreement=True, channel=SEC))
    assert v.outcome == "ja"
    assert any("art. 5.2.1 Wmo 2015" in r for r in v.reasons) and "art. 5.2.1 Wmo 2015" in v.case_note


# -- the command line --------------------------------------------------------------------------------------------
OUT_KEYS = {"verdict", "reasons", "sources", "next_step"}


def share_check(capsys, tmp_path, answers) -> tuple[int, dict | None, str]:
    path = tmp_path / "answers.json"
    path.write_text(answers if isinstance(answers, str) else json.dumps(answers), encoding="utf-8")
    code = main(["share-check", str(path)])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def test_share_check_file(capsys, tmp_path):
    code, result, _ = share_check(capsys, tmp_path, q("handhaving", "dat_informatie", origin="wmo",
                                                      legal_basis="wettelijke_taak", need_to_know=True,
                                                      channel="gewone_mail"))
    assert code == 0 and set(result) == OUT_KEYS
    assert result["verdict"] == "nee" and "ander doel" in result["reasons"][0]
    assert 1 <= len(result["sources"]) <= 3 and not any(".txt" in s for s in result["sources"])
    assert "BRP" in result["next_step"] and "{" not in result["next_step"]  # contacts are filled in


def test_share_check_stdin_and_every_outcome():
    cases = {
        "ja": q("collega_team", "wat_informatie", need_to_know=True, channel="beveiligde_mail"),
        "ja_mits": q("huisarts", "wat_informatie", purpose_same=True, legal_basis="toestemming", need_to_know=True,
                     channel="beveiligde_mail"),
        "overleg": q("zorgaanbieder", "wat_informatie"),
        "nee": q("pers_publiek", "dat_informatie", channel="gewone_mail"),
    }
    for expected, answers in cases.items():
        out = subprocess.run([sys.executable, "-m", "bot", "share-check", "-"], input=json.dumps(answers),
                             capture_output=True, text=True, check=True).stdout
        result = json.loads(out)
        assert set(result) == OUT_KEYS and result["verdict"] == expected


def test_share_check_empty_object_is_all_unknown(capsys, tmp_path):
    code, result, _ = share_check(capsys, tmp_path, {})
    assert code == 0 and result["verdict"] == "overleg"


@pytest.mark.parametrize("answers, message", [
    ("{not json", "ongeldige JSON"),
    ("[1, 2]", "JSON-object"),
    ({"recipient": "huisarts", "mood": "happy"}, "onbekende sleutel 'mood'"),
    ({"recipient": "journalist"}, "ongeldige waarde 'journalist' voor 'recipient'"),
    ({"need_to_know": "ja"}, "toegestaan: true, false, null"),
])
def test_share_check_bad_input(capsys, tmp_path, answers, message):
    code, _, err = share_check(capsys, tmp_path, answers)
    assert code == 2 and message in err and "Error:" in err


def test_share_check_missing_file(capsys, tmp_path):
    assert main(["share-check", str(tmp_path / "nope.json")]) == 2
    assert "Fout" in capsys.readouterr().err
