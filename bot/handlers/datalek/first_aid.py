"""What a reporter must do right now, per situation (shown at once, and again with the filing).

The advice fits what is known: recall only works for a colleague inside the same mail system; for
anyone else the recipient is asked to delete it (with a ready text); a cc/bcc mistake needs the
recipients not to reply to all; devices are wiped and blocked; phishing needs a new password and a
look at forwarding rules; paper starts where it was last seen.
"""
from __future__ import annotations

from bot.text import t, texts

FIRST_AID: dict[str, list[str]] = {
    "misdirected_email": texts("datalek.first_aid.misdirected_email"),
    "misdirected_post": texts("datalek.first_aid.misdirected_post"),
    "lost_device": texts("datalek.first_aid.lost_device"),
    "stolen_device": texts("datalek.first_aid.stolen_device"),
    "lost_paper": texts("datalek.first_aid.lost_paper"),
    "publication": texts("datalek.first_aid.publication"),
    "hacking": texts("datalek.first_aid.hacking"),
    "ransomware": texts("datalek.first_aid.ransomware"),
    "phishing": texts("datalek.first_aid.phishing"),
    "unauthorised_access": texts("datalek.first_aid.unauthorised_access"),
    "other": texts("datalek.first_aid.other"),
}


RECALL = t("datalek.first_aid.recall")
CC_BCC = texts("datalek.first_aid.cc_bcc")


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
            steps = steps + [t("datalek.first_aid.no_recall_outside")]
    return t("datalek.first_aid.heading") + "\n" + "\n".join(f"• {s}" for s in steps)
