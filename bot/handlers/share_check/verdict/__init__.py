"""The verdict of "Mag ik dit delen?": a pure function from the triage answers to an advice.

It follows the triage model for sharing data (Heumen, Bijlage 1): necessity and purpose,
subsidiarity and proportionality (need-to-know), "kan en mag het" (legal basis, special data,
agreements, a safe channel), then inform the client and document the decision. Unknown answers
lean to caution and never end in "ja". The texts are Dutch; {privacy_officer_contact} and
{fg_contact} are filled in by the engine. Where a seed uses old Wbp wording (e.g. calling the BSN a
special category), the AVG wins.

Rules an FG can sign (issue 11):
- "wettelijke taak" to anyone outside the own team needs the provision that allows giving these data
  to *this* recipient (answer `provision`); not known = overleg (AVG art. 6 lid 1 sub c/e and lid 3).
  A processor is no third party: the municipality's own task and a processing agreement cover it
  (AVG art. 4 punt 10 and art. 28).
- Data from a Wmo, Jeugdwet or Participatiewet file for another purpose (handhaving, belastingen, a
  landlord) = nee, with the lawful route: the BRP through one's own authorisation, or ask the person
  (AVG art. 5 lid 1 sub b and art. 6 lid 4; Wmo 2015 ch. 5, Jeugdwet ch. 7, Participatiewet par. 6.6).
- A GP or a school gets data only with consent (a child: the parents, from 12 also the child, from 16
  the child alone) or, for safety concerns, through the Meldcode and Veilig Thuis; never on the
  own "wettelijke taak" (Jeugdwet art. 7.3.4 and 7.3.11, UAVG art. 5, Wmo 2015 art. 5.2.6).
- Journalists and the public: nee, with the Woo route (Woo art. 5.1: personal data in principle not).
- The substance decides the headline: a channel only turns a ja / ja-mits into "nee, niet via ...";
  a substantive nee or overleg never leads with a channel.

Sources are (key, section) pairs: a seed file name or a law key of knowledge/sources.yaml.
`Verdict.sources` holds at most three readable citations (laws first) rendered through
knowledge.sources.cite; `Verdict.source_refs` holds the pairs, the decisive ones first.

The package: `labels` (outcomes and the Dutch labels of the answers), `answers` (the keys, their values, which
questions matter), `sources` (the (key, section) constants and their rendering), `findings` (`Findings` and
`Verdict`), the rules with their legal basis in `routes` (the fixed routes and the channel), `basis` (the legal
basis per recipient) and `rules` (the general triage route), `text` (the advice wording), and here `verdict`.
"""
from __future__ import annotations

from bot.handlers.share_check.verdict.answers import (
    ALLOWED, DIALOGUE_KEYS, FACT_KEYS, NEEDS_PROVISION, OPTIONAL_KEYS, ORIGIN_MATTERS, SOCIAL_FILES, parse_answers,
    relevant_questions,
)
from bot.handlers.share_check.verdict.findings import Findings, Verdict
from bot.handlers.share_check.verdict.labels import (
    BASIS_LABELS, CHANNEL_LABELS, DATA_LABELS, HEADLINES, ORIGIN_LABELS, OUTCOMES, PROVISION_LABELS, RANK,
    RECIPIENT_LABELS,
)
from bot.handlers.share_check.verdict.routes import (
    channel, no_personal_data, other_citizen, own_data, press_or_public, publication,
)
from bot.handlers.share_check.verdict.rules import general
from bot.handlers.share_check.verdict.sources import INFORM, SEED_TITLES, TRIAGE, Ref, render_sources
from bot.handlers.share_check.verdict.text import better_channel_for, case_note, inform_client, next_step

__all__ = [
    "ALLOWED", "BASIS_LABELS", "CHANNEL_LABELS", "DATA_LABELS", "DIALOGUE_KEYS", "FACT_KEYS", "HEADLINES",
    "NEEDS_PROVISION", "OPTIONAL_KEYS", "ORIGIN_LABELS", "ORIGIN_MATTERS", "OUTCOMES", "PROVISION_LABELS",
    "RECIPIENT_LABELS", "SEED_TITLES", "SOCIAL_FILES", "TRIAGE", "Findings", "Ref", "Verdict", "certainly_no",
    "parse_answers", "relevant_questions", "render_sources", "verdict",
]


# The mildest answer to each open question: used to see whether a "nee" is already certain.
MILDEST = {"purpose_same": True, "origin": "other", "provision": "known", "need_to_know": True, "agreement": True}


def certainly_no(facts: dict, asked=None) -> bool:
    """True when the answer is "nee" whatever the open questions (of `asked`) still say, the channel aside."""
    if "recipient" not in facts or "data" not in facts:
        return False
    open_keys = [k for k in relevant_questions(facts, asked) if k not in facts]
    mild = {k: MILDEST[k] for k in open_keys if k in MILDEST}
    bases = ["wettelijke_taak", "toestemming", "vitaal_belang"] if "legal_basis" in open_keys else [facts.get("legal_basis")]
    how = "publicatie" if facts.get("channel") == "publicatie" else "beveiligde_mail"
    return all(verdict({**facts, **mild, "legal_basis": b, "channel": how}).outcome == "nee" for b in bases)


def verdict(facts: dict) -> Verdict:
    f = {key: facts.get(key) for key in (*FACT_KEYS, *OPTIONAL_KEYS)}
    f["recipient"] = f["recipient"] or "other"  # an unknown recipient is treated as a third party
    if f["data"] == "geen_persoonsgegevens":
        return finish(f, no_personal_data(), Findings())
    if f["recipient"] == "pers_publiek":
        return finish(f, press_or_public(), Findings())
    if f["recipient"] == "website_social" or f["channel"] == "publicatie":
        return finish(f, publication(), Findings())
    if f["recipient"] == "andere_inwoner":
        return finish(f, other_citizen(), Findings())
    substance = own_data(f) if f["recipient"] == "inwoner_zelf" else general(f)
    return finish(f, substance, channel(f))


# -- putting it together ----------------------------------------------------------------------
def _order(*groups: list[tuple[int, Ref]]) -> list[Ref]:
    """All sources, the ones behind the strictest findings first, then in the order they were found."""
    items = [(-level, i, ref) for i, (level, ref) in enumerate(item for group in groups for item in group)]
    return list(dict.fromkeys(ref for _, _, ref in sorted(items)))


def finish(f: dict, substance: Findings, chan: Findings) -> Verdict:
    """The substance decides; the channel only turns a ja / ja-mits into "nee, niet via ..., wel via ..."."""
    better = None
    if substance.level == "nee":
        outcome, conditions, reasons = "nee", [], substance.reasons  # nothing to arrange, no channel talk
        refs = _order(substance.ranked_refs())
    elif substance.level == "overleg":
        outcome, conditions, reasons = "overleg", substance.conditions + chan.conditions, substance.reasons
        if chan.level == "nee":  # not the headline: a condition for when the answer after the talk is yes
            conditions = conditions + [
                f"Mag het na het overleg wel, deel het dan niet via {CHANNEL_LABELS[f['channel']]}, maar via "
                f"{better_channel_for(f['recipient'])}."]
            reasons = reasons + chan.reasons
        refs = _order(substance.ranked_refs(bonus=len(OUTCOMES)), chan.ranked_refs())
    elif chan.level == "nee":
        outcome, better = "nee", better_channel_for(f["recipient"])
        conditions, reasons = substance.conditions, chan.reasons + substance.reasons  # what applies on a safe channel
        refs = _order(chan.ranked_refs(bonus=len(OUTCOMES)), substance.ranked_refs())
    else:
        outcome = OUTCOMES[max(RANK[substance.level], RANK[chan.level])]
        conditions, reasons = substance.conditions + chan.conditions, substance.reasons + chan.reasons
        refs = _order(substance.ranked_refs(), chan.ranked_refs())
    refs = list(dict.fromkeys(refs + [TRIAGE]))
    if f["recipient"] == "politie" and (outcome != "nee" or better):
        refs.append(INFORM)  # informing may wait when it would harm an investigation
    v = Verdict(outcome, conditions, reasons, [], "", better, "", "", list(dict.fromkeys(refs)))
    v.sources = v.readable_sources()
    v.next_step = next_step(f, v, substance)
    v.inform_client = inform_client(f, v)
    v.case_note = case_note(f, v)
    return v
