"""Preliminary risk assessment of a personal data breach (AVG art. 33/34).

Pure functions: no I/O and no clock. The reasoning follows the EDPB (Guidelines 9/2022 and 01/2021):
risk to people = severity of the consequences x likelihood that they happen.

* Severity comes from the nature and sensitivity of the data, vulnerable people (children) and the
  number of people involved (a band's lower bound decides whether it is "many").
* Likelihood is the higher of two parts:
  - confidentiality: who can read the data (recipient, finder, the public, an attacker), whether they
    were unintelligible to that person (encryption only for a lost or stolen medium with a safe key,
    strongly salted hashes), whether anyone actually got at them, exfiltration or malicious intent;
  - availability: whether the loss of the data harms people (care, benefits, payments) and whether a
    backup restored them quickly.

Unknown facts (None) are counted on the side of caution. The outcome maps to the AVG obligations:
"none" -> register only (art. 33(5)), "risk" -> notify the AP (art. 33(1)), "high" -> notify the AP
and inform the people affected (art. 34(1)). The result is advice: the controller decides (in practice
the CISO on behalf of the college), on the advice of the FG. The full facts schema is in docs/assess.md.

The package: `labels` (the kinds, data categories and their Dutch labels), `facts` (the facts schema and its
validation), `severity` and `likelihood` (the rules, each with its legal basis) and `outcome` (the risk matrix,
`assess` and the conclusion).
"""
from __future__ import annotations

from bot.handlers.datalek.assessment.facts import AMSTERDAM, parse_moment, parse_subjects, validate_facts
from bot.handlers.datalek.assessment.labels import (
    CATEGORY_LABELS, DATA_CATEGORIES, DISCLAIMER, KIND_LABELS, KINDS, RISK_LEVELS,
)
from bot.handlers.datalek.assessment.outcome import NOTIFICATION_WINDOW, Assessment, assess
from bot.handlers.datalek.assessment.severity import LARGE_VOLUME

__all__ = [
    "AMSTERDAM", "CATEGORY_LABELS", "DATA_CATEGORIES", "DISCLAIMER", "KINDS", "KIND_LABELS", "LARGE_VOLUME",
    "NOTIFICATION_WINDOW", "RISK_LEVELS", "Assessment", "assess", "parse_moment", "parse_subjects", "validate_facts",
]
