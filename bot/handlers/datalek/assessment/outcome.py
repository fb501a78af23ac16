"""The outcome: risk = severity x likelihood, mapped to the AVG obligations, with the conclusion."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.handlers.datalek.assessment.facts import AMSTERDAM, validate_facts
from bot.handlers.datalek.assessment.labels import DISCLAIMER
from bot.handlers.datalek.assessment.likelihood import _availability, _confidentiality
from bot.handlers.datalek.assessment.severity import _severity

NOTIFICATION_WINDOW = timedelta(hours=72)  # art. 33(1): calendar hours; nights, weekends, DST as-is

# Risk per severity (rows: 1 limited, 2 considerable, 3 serious) and likelihood of harm
# (columns: 0 negligible, 1 small, 2 real, 3 very likely), after EDPB "likelihood x severity"
# (Guidelines 9/2022, risk assessment; recitals 75-76 AVG).
_RISK_MATRIX = {
    1: ("none", "none", "risk", "risk"),
    2: ("none", "risk", "risk", "high"),
    3: ("none", "risk", "high", "high"),
}


@dataclass(frozen=True)
class Assessment:
    risk: str  # "none" | "risk" | "high"
    notify_ap: bool
    inform_subjects: bool
    deadline: datetime  # aware, UTC: discovered_at + 72 hours
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "risk": self.risk,
            "notify_ap": self.notify_ap,
            "inform_subjects": self.inform_subjects,
            "deadline": self.deadline.isoformat(),
            "reasons": list(self.reasons),
        }


def assess(facts: dict) -> Assessment:
    """Assess the risk of a breach for the people affected, EDPB style (severity x likelihood)."""
    f = validate_facts(facts)
    severity, severity_reasons = _severity(f)
    confidentiality, confidentiality_reasons = _confidentiality(f)
    availability, availability_reasons = _availability(f)
    # The breach is as likely to harm people as its worst aspect (EDPB 9/2022: confidentiality,
    # integrity and availability breaches are each assessed; one is enough to notify).
    likelihood = max(confidentiality, availability)
    risk = _RISK_MATRIX[severity][likelihood]
    reasons = [*severity_reasons, *confidentiality_reasons, *availability_reasons,
               _conclusion(risk, f), DISCLAIMER]
    return Assessment(
        risk=risk,
        notify_ap=risk != "none",  # art. 33(1): notify unless unlikely to result in a risk
        inform_subjects=risk == "high",  # art. 34(1): inform the people affected of a high risk
        deadline=f["discovered_at"] + NOTIFICATION_WINDOW,  # art. 33(1): 72 h after awareness
        reasons=reasons,
    )


def _conclusion(risk: str, f) -> str:
    if risk == "none":
        # Art. 33(1): no notification when the breach is unlikely to result in a risk; art. 33(5):
        # document it anyway, with the reasoning. The 72 hours only bind a decision to notify.
        return ("Conclusie: het lek leidt waarschijnlijk niet tot een risico voor de betrokkenen. "
                "Melden bij de AP is dan niet nodig; wel vastleggen met deze onderbouwing. De "
                "termijn van 72 uur voor de AP speelt alleen als de CISO, op advies van de FG, "
                "besluit dat het lek toch gemeld moet worden.")
    deadline = (f["discovered_at"] + NOTIFICATION_WINDOW).astimezone(AMSTERDAM)
    when = f"uiterlijk {deadline:%d-%m-%Y %H:%M} Nederlandse tijd (72 uur na ontdekking)"
    if risk == "risk":
        return ("Conclusie: er is waarschijnlijk een risico voor de betrokkenen, maar geen hoog "
                f"risico. Meld het lek bij de AP, {when}. Betrokkenen informeren is niet "
                "verplicht.")
    return ("Conclusie: waarschijnlijk een hoog risico voor de betrokkenen. Meld het lek bij de "
            f"AP, {when}, en informeer de betrokkenen zo snel mogelijk in duidelijke taal "
            "(art. 34 AVG).")
