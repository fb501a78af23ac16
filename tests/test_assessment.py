"""Preliminary breach assessment, checked against the EDPB's worked examples.

Case references: "01/2021 #n" are the cases in EDPB Guidelines 01/2021 on examples regarding data
breach notification; "9/2022" is the annex of examples in Guidelines 9/2022 (formerly WP250).
Where the EDPB leaves room (e.g. ransomware without backup), the expected outcome follows the
module's documented reading, on the side of caution.
"""
from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.assessment import (
    CATEGORY_LABELS,
    DATA_CATEGORIES,
    KIND_LABELS,
    KINDS,
    RISK_LEVELS,
    Assessment,
    assess,
    validate_facts,
)

DISCOVERED = "2026-11-23T10:30:00+01:00"


def facts(kind, categories, subjects, **known):
    """A facts dict with every other fact unknown (None), as the intake would send it."""
    base = {
        "kind": kind,
        "discovered_at": DISCOVERED,
        "occurred_at": None,
        "data_categories": list(categories),
        "subjects": subjects,
        "encrypted": None,
        "backup_available": None,
        "recipient_trusted": None,
        "data_contained": None,
        "exfiltrated": None,
    }
    base.update(known)
    return base


CASES = [
    # --- ransomware (01/2021 #1-#4)
    pytest.param(facts("ransomware", ["contact", "financial"], 5000, encrypted=False,
                       backup_available=True, exfiltrated=False), "none",
                 id="01-2021-1-ransomware-backup-no-exfiltration"),
    pytest.param(facts("ransomware", ["contact", "health"], 800, backup_available=True,
                       exfiltrated=False), "none",
                 id="ransomware-backup-no-exfiltration-wmo-restored-quickly"),
    pytest.param(facts("ransomware", ["contact"], 40, backup_available=False, exfiltrated=False),
                 "risk", id="01-2021-2-ransomware-without-backup"),
    pytest.param(facts("ransomware", ["contact", "health"], 300, backup_available=False,
                       exfiltrated=False), "high", id="ransomware-without-backup-health-data"),
    pytest.param(facts("ransomware", ["contact", "health"], 300, backup_available=True,
                       exfiltrated=True), "high", id="ransomware-exfiltration-health-data"),
    pytest.param(facts("ransomware", ["contact", "id_document"], 5000, backup_available=False,
                       exfiltrated=True), "high",
                 id="01-2021-4-ransomware-without-backup-with-exfiltration"),
    pytest.param(facts("ransomware", ["contact"], 50, backup_available=True), "risk",
                 id="ransomware-exfiltration-unknown-cautious"),
    # --- exfiltration attacks (01/2021 #5-#7)
    pytest.param(facts("hacking", ["contact", "other"], 213, exfiltrated=True), "high",
                 id="01-2021-5-job-applicant-data-exfiltrated"),
    pytest.param(facts("hacking", ["credentials"], 1200, encrypted=True, exfiltrated=True), "none",
                 id="01-2021-6-salted-hashed-passwords-exfiltrated"),
    pytest.param(facts("hacking", ["credentials", "contact"], 1200, encrypted=False,
                       exfiltrated=True), "high", id="01-2021-7-readable-credentials-exfiltrated"),
    # --- internal human risk (01/2021 #8-#9)
    pytest.param(facts("unauthorised_access", ["contact"], 80, exfiltrated=True), "risk",
                 id="01-2021-8-employee-copies-client-list"),
    pytest.param(facts("unauthorised_access", ["health", "children"], 1, exfiltrated=False), "risk",
                 id="employee-views-jeugd-file-without-copying"),
    pytest.param(facts("misdirected_email", ["contact", "financial"], 30, recipient_trusted=True,
                       data_contained=True), "none",
                 id="01-2021-9-spreadsheet-to-trusted-third-party-deleted"),
    # --- lost or stolen devices and paper (01/2021 #10-#12)
    pytest.param(facts("stolen_device", ["health", "identity_number"], 2000, encrypted=True),
                 "none", id="01-2021-10-stolen-encrypted-laptop"),
    pytest.param(facts("lost_device", ["contact", "identity_number"], None, encrypted=True),
                 "none", id="9-2022-lost-encrypted-usb-stick"),
    pytest.param(facts("stolen_device", ["contact", "identity_number", "health"], 150,
                       encrypted=False), "high",
                 id="01-2021-11-stolen-unencrypted-laptop-client-data"),
    pytest.param(facts("lost_paper", ["contact", "health", "children"], 12), "high",
                 id="01-2021-12-lost-paper-files-wmo-jeugd"),
    pytest.param(facts("lost_paper", ["contact", "health"], 12, recipient_trusted=True,
                       data_contained=True), "none", id="paper-file-found-by-colleague-returned"),
    pytest.param(facts("lost_device", ["contact"], 30, encrypted=False), "risk",
                 id="lost-unencrypted-phone-with-contact-list"),
    # --- mispostal (01/2021 #13-#16)
    pytest.param(facts("misdirected_post", ["contact", "financial"], 1, recipient_trusted=True,
                       data_contained=True), "none", id="mispostal-trusted-recipient-deleted"),
    pytest.param(facts("misdirected_post", ["contact"], 2, recipient_trusted=False,
                       data_contained=True), "none",
                 id="01-2021-13-letters-swapped-recipient-returned-them"),
    pytest.param(facts("misdirected_post", ["contact", "financial"], 1, recipient_trusted=False),
                 "risk", id="01-2021-15-policy-letter-to-unknown-recipient"),
    pytest.param(facts("misdirected_email", ["contact", "identity_number"], 25,
                       recipient_trusted=False), "high",
                 id="01-2021-14-misdirected-email-with-bsns-unknown-recipient"),
    pytest.param(facts("misdirected_email", ["health"], 1, recipient_trusted=True), "risk",
                 id="health-data-to-trusted-recipient-deletion-not-confirmed"),
    pytest.param(facts("misdirected_email", ["contact"], 250, recipient_trusted=False), "risk",
                 id="9-2022-cc-instead-of-bcc-many-citizens"),
    pytest.param(facts("misdirected_email", ["contact", "health"], 250, recipient_trusted=False),
                 "high", id="9-2022-cc-instead-of-bcc-health-context"),
    pytest.param(facts("misdirected_email", ["contact", "children"], 25, recipient_trusted=False),
                 "risk", id="class-list-to-wrong-parent"),
    # --- social engineering (01/2021 #17-#18)
    pytest.param(facts("phishing", ["credentials", "contact"], None), "high",
                 id="01-2021-18-phished-mailbox-credentials"),
    pytest.param(facts("phishing", ["credentials"], 1, exfiltrated=False), "risk",
                 id="phished-credentials-no-exfiltration"),
    # --- publication (AP guidance)
    pytest.param(facts("publication", ["contact", "identity_number"], 800), "high",
                 id="spreadsheet-with-bsns-on-website"),
    pytest.param(facts("publication", ["contact"], 20, data_contained=True), "risk",
                 id="contact-list-published-removed-quickly"),
    # --- unknown facts: caution
    pytest.param(facts("lost_device", [], None), "high", id="unknowns-lost-device"),
    pytest.param(facts("other", [], None), "high", id="unknowns-other"),
    pytest.param({"kind": "hacking", "discovered_at": DISCOVERED, "data_categories": ["contact"]},
                 "high", id="unknowns-missing-keys-hacking"),
]

EXPECTED_DUTIES = {"none": (False, False), "risk": (True, False), "high": (True, True)}
DUTCH = re.compile(r"\b(de|het|een|en|van|niet|is|zijn)\b")


@pytest.mark.parametrize("case, expected", CASES)
def test_edpb_examples(case, expected):
    result = assess(case)
    assert isinstance(result, Assessment)
    assert result.risk == expected
    assert (result.notify_ap, result.inform_subjects) == EXPECTED_DUTIES[expected]
    assert result.reasons and all(isinstance(r, str) and DUTCH.search(r) for r in result.reasons)
    assert "CISO" in result.reasons[-1] and "FG" in result.reasons[-1]
    assert result.deadline == datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc)


def test_reasons_name_the_factors():
    result = assess(facts("stolen_device", ["identity_number"], None, encrypted=False))
    text = " ".join(result.reasons)
    for factor in ("Aard van de gegevens", "Omvang", "Versleuteling", "Kwade opzet", "Conclusie"):
        assert factor in text
    assert "identiteitsfraude" in text


def test_encryption_reason_cites_art_34_3_a():
    result = assess(facts("stolen_device", ["health"], 500, encrypted=True))
    assert result.risk == "none" and not result.inform_subjects
    assert any("art. 34 lid 3 sub a" in r for r in result.reasons)


def test_to_dict():
    data = assess(facts("misdirected_email", ["identity_number"], 3)).to_dict()
    assert data == {
        "risk": "high",
        "notify_ap": True,
        "inform_subjects": True,
        "deadline": "2026-11-26T09:30:00+00:00",
        "reasons": data["reasons"],
    }
    assert data["reasons"]


# --- the 72-hour deadline: calendar hours, in UTC


@pytest.mark.parametrize("discovered, deadline", [
    pytest.param("2026-11-23T10:30:00", "2026-11-26T09:30:00+00:00", id="naive-is-amsterdam-winter"),
    pytest.param("2026-11-23T09:30:00Z", "2026-11-26T09:30:00+00:00", id="utc-z"),
    pytest.param("2026-06-01T14:00:00", "2026-06-04T12:00:00+00:00", id="naive-is-amsterdam-summer"),
    pytest.param("2026-06-01T14:00:00-04:00", "2026-06-04T18:00:00+00:00", id="other-offset-kept"),
    # Across the switch to winter time on 2026-10-25: 72 h after Friday 12:00 CEST is Monday
    # 11:00 CET (10:00 UTC), not Monday 12:00 as "three days later" on the clock would say.
    pytest.param("2026-10-23T12:00:00", "2026-10-26T10:00:00+00:00", id="dst-end-naive"),
    pytest.param("2026-10-23T12:00:00+02:00", "2026-10-26T10:00:00+00:00", id="dst-end-aware"),
    pytest.param("2026-03-27T12:00:00", "2026-03-30T11:00:00+00:00", id="dst-start-naive"),
])
def test_deadline_is_72_calendar_hours(discovered, deadline):
    result = assess(facts("lost_paper", ["contact"], 1) | {"discovered_at": discovered})
    assert result.deadline.tzinfo is not None and result.deadline.utcoffset() == timedelta(0)
    assert result.to_dict()["deadline"] == deadline


def test_deadline_across_dst_is_not_three_wall_clock_days():
    result = assess(facts("lost_paper", ["contact"], 1) | {"discovered_at": "2026-10-23T12:00:00"})
    local = result.deadline.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert (local.day, local.hour) == (26, 11)
    assert any("26-10-2026 11:00" in r for r in result.reasons)


# --- bad input


@pytest.mark.parametrize("bad", [
    pytest.param({"kind": "datalek"}, id="unknown-kind"),
    pytest.param({"data_categories": ["bsn"]}, id="unknown-category"),
    pytest.param({"data_categories": "health"}, id="categories-not-a-list"),
    pytest.param({"discovered_at": None}, id="discovered-missing"),
    pytest.param({"discovered_at": "gisteren rond de lunch"}, id="discovered-unparseable"),
    pytest.param({"discovered_at": "2026-13-45T25:00"}, id="discovered-impossible-date"),
    pytest.param({"occurred_at": "vorige week"}, id="occurred-unparseable"),
    pytest.param({"subjects": -5}, id="negative-subjects"),
    pytest.param({"subjects": "veel"}, id="subjects-not-a-number"),
    pytest.param({"encrypted": "ja"}, id="bool-fact-not-a-bool"),
])
def test_bad_input_raises_value_error_in_dutch(bad):
    with pytest.raises(ValueError, match=r"(moet|ontbreekt|Onbekend|geen geldige)"):
        assess(facts("misdirected_email", ["contact"], 1) | bad)


def test_missing_discovered_at_key_raises():
    with pytest.raises(ValueError):
        assess({"kind": "lost_paper"})


def test_not_a_dict_raises():
    with pytest.raises(ValueError):
        assess(["lost_paper"])


def test_validate_facts_normalises():
    f = validate_facts({"kind": None, "discovered_at": "2026-11-23T10:30",
                        "data_categories": ["health", "health"], "subjects": "12"})
    assert f["kind"] == "other"
    assert f["data_categories"] == ["health"]
    assert f["subjects"] == 12
    assert f["exfiltrated"] is None
    assert f["discovered_at"] == datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def test_labels_cover_every_value():
    assert set(KIND_LABELS) == set(KINDS)
    assert set(CATEGORY_LABELS) == set(DATA_CATEGORIES)
    assert KIND_LABELS["misdirected_email"] == "E-mail naar verkeerde ontvanger"
    assert CATEGORY_LABELS["health"] == "Gezondheid / Wmo / Jeugd"


# --- monotonic caution: learning a reassuring fact never makes things worse

REASSURING = {
    "encrypted": True,
    "backup_available": True,
    "recipient_trusted": True,
    "data_contained": True,
    "exfiltrated": False,
    "subjects": 1,
    "data_categories": ["contact"],
}
BOOL_FACTS = ("encrypted", "backup_available", "recipient_trusted", "data_contained", "exfiltrated")


def _scenarios():
    for kind, categories, subjects in itertools.product(
            KINDS, ([], ["contact"], ["financial"], ["health", "children"]), (None, 5, 500)):
        for values in itertools.product((None, True, False), repeat=len(BOOL_FACTS)):
            yield facts(kind, categories, subjects, **dict(zip(BOOL_FACTS, values)))


def _is_unknown(case, name):
    return case[name] in (None, [])


def test_resolving_an_unknown_to_its_reassuring_value_never_raises_the_risk():
    rank = {level: i for i, level in enumerate(RISK_LEVELS)}
    checked = 0
    for case in _scenarios():
        before = rank[assess(case).risk]
        for name, value in REASSURING.items():
            if _is_unknown(case, name):
                after = rank[assess(case | {name: value}).risk]
                assert after <= before, (case, name)
                checked += 1
    assert checked > 10_000


def test_unknown_is_never_treated_better_than_its_reassuring_value_per_kind():
    # The most cautious start: everything unknown. Each kind must be at least "risk".
    for kind in KINDS:
        assert assess(facts(kind, [], None)).risk in ("risk", "high"), kind
