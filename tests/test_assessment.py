"""Preliminary breach assessment, checked against the AVG and the EDPB's worked examples.

Case references: "01/2021 #n" are the cases in EDPB Guidelines 01/2021 on examples regarding data
breach notification; "9/2022" is EDPB Guidelines 9/2022 on personal data breach notification
(formerly WP250) with its annex of examples. "33(1)" etc. are articles of the AVG (GDPR):
33(1) notify the AP unless the breach is unlikely to result in a risk; 33(5) document every breach;
34(1) inform the people affected of a likely high risk; 34(3)(a) not needed when the data are
unintelligible to whoever got them. Where the EDPB leaves room, the expected outcome follows the
module's documented reading (docs/assess.md), on the side of caution. All dates are fixed: nothing
here depends on today's date.
"""
from __future__ import annotations

import functools
import itertools
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.handlers.datalek.assessment import (
    CATEGORY_LABELS,
    DATA_CATEGORIES,
    DISCLAIMER,
    KIND_LABELS,
    KINDS,
    RISK_LEVELS,
    Assessment,
    assess,
    validate_facts,
)

DISCOVERED = "2026-11-23T10:30:00+01:00"
BOOL_FACTS = ("encrypted", "backup_available", "recipient_trusted", "data_contained", "exfiltrated")
NEW_FACTS = ("key_compromised", "accessed", "unavailable_impact")
ALL_FACTS = BOOL_FACTS + NEW_FACTS


def facts(kind, categories, subjects, **known):
    """A facts dict with every other fact unknown (None), as the intake would send it."""
    base = {
        "kind": kind,
        "discovered_at": DISCOVERED,
        "occurred_at": None,
        "data_categories": list(categories),
        "subjects": subjects,
        **{name: None for name in ALL_FACTS},
    }
    base.update(known)
    return base


CASES = [
    # ------------------------------------------------------------------ ransomware and availability
    # 01/2021 #1; 33(1): backup restored quickly, no exfiltration -> register only (33(5)).
    pytest.param(facts("ransomware", ["contact", "financial"], 5000, encrypted=False,
                       backup_available=True, exfiltrated=False), "none",
                 id="01-2021-1-ransomware-backup-no-exfiltration"),
    # 01/2021 #1; 33(1): as above, and the reporter confirms nobody is affected by the outage.
    pytest.param(facts("ransomware", ["contact", "health"], 800, backup_available=True,
                       exfiltrated=False, unavailable_impact=False), "none",
                 id="ransomware-backup-no-exfiltration-nobody-affected"),
    # 01/2021 #3; 33(1), 34(1): a backup, but care is delayed for days -> high (hospital case).
    pytest.param(facts("ransomware", ["contact", "health"], 800, backup_available=True,
                       exfiltrated=False, unavailable_impact=True), "high",
                 id="01-2021-3-ransomware-backup-but-care-delayed"),
    # 01/2021 #3 by analogy; 34(1): benefit payments stop for hundreds of clients, backup or not.
    pytest.param(facts("ransomware", ["contact", "financial", "identity_number"], "101-1000",
                       backup_available=True, exfiltrated=False, unavailable_impact=True), "high",
                 id="ransomware-backup-benefit-payments-stopped"),
    # 9/2022 availability breach; 33(1): a delayed service for a few people, contact data only.
    pytest.param(facts("ransomware", ["contact"], 40, backup_available=True, exfiltrated=False,
                       unavailable_impact=True), "risk",
                 id="ransomware-backup-contact-only-service-delayed"),
    # 01/2021 #2; 33(1): no backup, impact unknown -> cautious, notify the AP.
    pytest.param(facts("ransomware", ["contact"], 40, backup_available=False, exfiltrated=False),
                 "risk", id="01-2021-2-ransomware-without-backup"),
    # 01/2021 #2 with health data; 34(1): lasting loss of care data, impact unknown -> high.
    pytest.param(facts("ransomware", ["contact", "health"], 300, backup_available=False,
                       exfiltrated=False), "high", id="ransomware-without-backup-health-data"),
    # 33(1): data gone for good but the reporter confirms nobody is (or will be) harmed by it.
    pytest.param(facts("ransomware", ["contact"], 40, backup_available=False, exfiltrated=False,
                       unavailable_impact=False), "none",
                 id="ransomware-without-backup-nobody-affected"),
    # 33(1), caution: backup and impact both unknown -> availability assumed lost.
    pytest.param(facts("ransomware", ["contact"], 40, exfiltrated=False), "risk",
                 id="ransomware-backup-and-impact-unknown"),
    # 33(1), caution: exfiltration unknown (ransomware often exfiltrates).
    pytest.param(facts("ransomware", ["contact"], 50, backup_available=True), "risk",
                 id="ransomware-exfiltration-unknown-cautious"),
    # 01/2021 #4 by analogy; 34(1): exfiltrated health data.
    pytest.param(facts("ransomware", ["contact", "health"], 300, backup_available=True,
                       exfiltrated=True), "high", id="ransomware-exfiltration-health-data"),
    # 01/2021 #4; 34(1): no backup and exfiltration.
    pytest.param(facts("ransomware", ["contact", "id_document"], 5000, backup_available=False,
                       exfiltrated=True), "high",
                 id="01-2021-4-ransomware-without-backup-with-exfiltration"),
    # 34(3)(a) does not apply: encryption at rest protects nothing once an attacker copied the data.
    pytest.param(facts("ransomware", ["contact", "financial"], 20, encrypted=True,
                       key_compromised=False, backup_available=True, exfiltrated=True), "high",
                 id="ransomware-exfiltration-encrypted-at-rest-does-not-count"),
    # 34(3)(a) does not apply to ransomware; exfiltration unknown -> cautious.
    pytest.param(facts("ransomware", ["contact"], 20, encrypted=True, backup_available=True,
                       unavailable_impact=False), "risk",
                 id="ransomware-encrypted-claim-exfiltration-unknown"),
    # 33(1), caution: "nobody got at the data" is not evidence against exfiltration in ransomware.
    pytest.param(facts("ransomware", ["contact"], 20, accessed=False, backup_available=True,
                       unavailable_impact=False), "risk",
                 id="ransomware-accessed-false-is-not-exfiltration-evidence"),
    # ------------------------------------------------------------------ lost or stolen devices
    # 01/2021 #10; 34(3)(a): strong encryption, key safe, backup -> register only.
    pytest.param(facts("stolen_device", ["health", "identity_number"], 2000, encrypted=True,
                       key_compromised=False, backup_available=True), "none",
                 id="01-2021-10-stolen-encrypted-laptop-key-safe"),
    # 9/2022 (lost encrypted media); 34(3)(a): key safe, count unknown does not matter then.
    pytest.param(facts("lost_device", ["contact", "identity_number"], None, encrypted=True,
                       key_compromised=False, backup_available=True), "none",
                 id="9-2022-lost-encrypted-usb-stick-key-safe"),
    # 34(3)(a) fails: BitLocker laptop stolen together with a note carrying the password.
    pytest.param(facts("stolen_device", ["contact", "health"], 30, encrypted=True,
                       key_compromised=True, backup_available=True), "high",
                 id="stolen-bitlocker-laptop-with-password-note"),
    # 34(3)(a) needs a key known to be safe; unknown key -> encryption does not count.
    pytest.param(facts("lost_device", ["contact", "identity_number"], 200, encrypted=True,
                       backup_available=True), "high", id="lost-encrypted-laptop-key-unknown"),
    # 34(3)(a) fails; 33(1): password on the label, unknown finder, contact data.
    pytest.param(facts("lost_device", ["contact"], 30, encrypted=True, key_compromised=True,
                       backup_available=True), "risk", id="lost-encrypted-usb-password-on-label"),
    # 34(3)(a) fails: data were copied off the device, so they were intelligible.
    pytest.param(facts("stolen_device", ["contact", "health"], 30, encrypted=True,
                       key_compromised=False, exfiltrated=True, backup_available=True), "high",
                 id="stolen-encrypted-laptop-but-data-copied"),
    # 9/2022 availability; 33(1): encrypted (confidentiality safe) but backup/impact unknown.
    pytest.param(facts("stolen_device", ["contact"], 30, encrypted=True, key_compromised=False),
                 "risk", id="stolen-encrypted-laptop-backup-unknown"),
    # 34(3)(a) plus 33(1): key safe and nobody harmed by the loss of the device.
    pytest.param(facts("lost_device", ["contact", "identity_number"], 200, encrypted=True,
                       key_compromised=False, unavailable_impact=False), "none",
                 id="lost-encrypted-laptop-nobody-harmed-by-loss"),
    # 01/2021 #11; 34(1): stolen unencrypted laptop with client data.
    pytest.param(facts("stolen_device", ["contact", "identity_number", "health"], 150,
                       encrypted=False, backup_available=True), "high",
                 id="01-2021-11-stolen-unencrypted-laptop-client-data"),
    # 33(1): unencrypted phone with a contact list, unknown finder.
    pytest.param(facts("lost_device", ["contact"], 30, encrypted=False, backup_available=True),
                 "risk", id="lost-unencrypted-phone-with-contact-list"),
    # 34(1), caution: encryption unknown -> assume readable.
    pytest.param(facts("lost_device", ["contact", "identity_number"], 10, backup_available=True),
                 "high", id="lost-device-encryption-unknown"),
    # 01/2021 #9 by analogy; 33(1): a colleague found it and handed it back.
    pytest.param(facts("lost_device", ["contact", "health"], 12, encrypted=False,
                       recipient_trusted=True, data_contained=True, backup_available=True), "none",
                 id="laptop-found-by-colleague-returned"),
    # 34(1): returned by an unknown finder is not contained; copies cannot be ruled out.
    pytest.param(facts("lost_device", ["contact", "identity_number"], 60, encrypted=False,
                       data_contained=True, backup_available=True), "high",
                 id="laptop-returned-by-unknown-finder"),
    # 01/2021 #3 by analogy; 34(1): encryption safe, but the only copy of care plans is gone and
    # care is disrupted.
    pytest.param(facts("lost_device", ["health"], 5, encrypted=True, key_compromised=False,
                       backup_available=False, unavailable_impact=True), "high",
                 id="lost-encrypted-laptop-only-copy-care-disrupted"),
    # 33(1): a thief's device cannot be shown "not accessed"; the claim does not count.
    pytest.param(facts("stolen_device", ["contact"], 5, encrypted=False, accessed=False,
                       backup_available=True), "risk",
                 id="stolen-laptop-not-accessed-claim-ignored"),
    # ------------------------------------------------------------------ misdirected mail and post
    # 34(3)(a) never for mail; 34(1): youth-care report via secure mail to the wrong school, read.
    pytest.param(facts("misdirected_email", ["contact", "health", "children"], 1, encrypted=True,
                       accessed=True, recipient_trusted=False), "high",
                 id="youth-care-report-secure-mail-to-wrong-school"),
    # 34(3)(a) never for mail, even with a "safe key": the recipient decrypts it.
    pytest.param(facts("misdirected_email", ["contact", "health"], 1, encrypted=True,
                       key_compromised=False), "high",
                 id="secure-mail-wrong-recipient-trust-unknown"),
    # 01/2021 #9; 33(1): it is the trusted recipient who deleted it that counts, not encryption.
    pytest.param(facts("misdirected_email", ["contact", "health"], 1, encrypted=True,
                       recipient_trusted=True, data_contained=True), "none",
                 id="encrypted-mail-to-trusted-recipient-deleted"),
    # 01/2021 #9; 33(1): spreadsheet to a trusted third party that confirmed deletion.
    pytest.param(facts("misdirected_email", ["contact", "financial"], 30, recipient_trusted=True,
                       data_contained=True), "none",
                 id="01-2021-9-spreadsheet-to-trusted-third-party-deleted"),
    # 01/2021 #9 by analogy; 33(1): letter to a trusted recipient who destroyed it.
    pytest.param(facts("misdirected_post", ["contact", "financial"], 1, recipient_trusted=True,
                       data_contained=True), "none", id="mispostal-trusted-recipient-deleted"),
    # 33(1): returned by an untrusted recipient is not contained (copies cannot be ruled out).
    # Deliberately stricter than a "returned = contained" reading of the mispostal cases.
    pytest.param(facts("misdirected_post", ["contact"], 2, recipient_trusted=False,
                       data_contained=True), "risk",
                 id="letters-swapped-untrusted-recipient-returned-them"),
    # 01/2021 mispostal; 33(1): financial letter to an unknown recipient.
    pytest.param(facts("misdirected_post", ["contact", "financial"], 1, recipient_trusted=False),
                 "risk", id="policy-letter-to-unknown-recipient"),
    # 33(1): recipient trust unknown (null) never lowers the risk, also when it came back.
    pytest.param(facts("misdirected_post", ["contact", "financial"], 1, data_contained=True),
                 "risk", id="letter-returned-recipient-trust-unknown"),
    # 01/2021 #14; 34(1): BSNs by e-mail to an unknown recipient.
    pytest.param(facts("misdirected_email", ["contact", "identity_number"], 25,
                       recipient_trusted=False), "high",
                 id="01-2021-14-misdirected-email-with-bsns-unknown-recipient"),
    # 33(1): trusted recipient, deletion not (yet) confirmed (null).
    pytest.param(facts("misdirected_email", ["health"], 1, recipient_trusted=True), "risk",
                 id="health-data-to-trusted-recipient-deletion-not-confirmed"),
    # 33(1): trusted recipient who refuses or fails to delete.
    pytest.param(facts("misdirected_email", ["health"], 1, recipient_trusted=True,
                       data_contained=False), "risk",
                 id="health-data-to-trusted-recipient-not-deleted"),
    # 9/2022 (cc instead of bcc); 33(1): many citizens' e-mail addresses.
    pytest.param(facts("misdirected_email", ["contact"], 250, recipient_trusted=False), "risk",
                 id="9-2022-cc-instead-of-bcc-many-citizens"),
    # 9/2022 (cc instead of bcc, revealing a health context); 34(1).
    pytest.param(facts("misdirected_email", ["contact", "health"], 250, recipient_trusted=False),
                 "high", id="9-2022-cc-instead-of-bcc-health-context"),
    # 33(1): class list with children's names to the wrong parent.
    pytest.param(facts("misdirected_email", ["contact", "children"], 25, recipient_trusted=False),
                 "risk", id="class-list-to-wrong-parent"),
    # 33(1): an untrusted recipient's "I did not open it" cannot be verified; it does not count.
    pytest.param(facts("misdirected_email", ["contact", "financial"], 3, recipient_trusted=False,
                       accessed=False), "risk", id="misdirected-email-recipient-says-unread"),
    # 34(3)(a) never for post.
    pytest.param(facts("misdirected_post", ["contact", "financial"], 1, encrypted=True,
                       recipient_trusted=False), "risk",
                 id="misdirected-post-encrypted-claim-ignored"),
    # ------------------------------------------------------------------ lost paper, found in public
    # 34(1): printout of 60 social-assistance clients with BSN found in a public bin by an unknown
    # person and returned: it lay in public for an unknown time, copies cannot be ruled out.
    pytest.param(facts("lost_paper", ["contact", "identity_number", "financial"], 60,
                       data_contained=True, backup_available=True), "high",
                 id="bijstand-printout-with-bsn-found-in-public-bin-returned"),
    # 34(1): the same, finder explicitly unknown/untrusted.
    pytest.param(facts("lost_paper", ["contact", "identity_number", "financial"], 60,
                       recipient_trusted=False, data_contained=True, backup_available=True), "high",
                 id="bijstand-printout-untrusted-finder-returned"),
    # 01/2021 #12; 34(1): paper files with Wmo/Jeugd data gone.
    pytest.param(facts("lost_paper", ["contact", "health", "children"], 12), "high",
                 id="01-2021-12-lost-paper-files-wmo-jeugd"),
    # 01/2021 #9 by analogy; 33(1): a colleague found the file and returned it (it is back).
    pytest.param(facts("lost_paper", ["contact", "health"], 12, recipient_trusted=True,
                       data_contained=True), "none", id="paper-file-found-by-colleague-returned"),
    # 33(1): contact list lost, finder unknown.
    pytest.param(facts("lost_paper", ["contact"], 5, backup_available=True), "risk",
                 id="lost-paper-contact-list-unknown-finder"),
    # 01/2021 #3 by analogy; 34(1): the original file (no copy) is gone and a client's care stops.
    pytest.param(facts("lost_paper", ["contact", "health"], 1, recipient_trusted=True,
                       data_contained=False, backup_available=False, unavailable_impact=True),
                 "high", id="lost-original-paper-file-care-stopped"),
    # 34(3)(a) never for paper.
    pytest.param(facts("lost_paper", ["contact"], 5, encrypted=True, key_compromised=False,
                       backup_available=True), "risk", id="lost-paper-encrypted-claim-ignored"),
    # 33(1): a trusted colleague has it and will return it; contact data of five people.
    pytest.param(facts("lost_paper", ["contact"], 5, recipient_trusted=True, backup_available=True),
                 "none", id="lost-paper-with-trusted-colleague-not-yet-returned"),
    # ------------------------------------------------------------------ phishing
    # 33(1), 33(5): MFA blocked the login and the logs show no access -> register, no notification.
    pytest.param(facts("phishing", ["credentials"], 1, accessed=False), "none",
                 id="phishing-mfa-blocked-no-access-in-logs"),
    # 33(1), 33(5): the same for a mailbox full of client data: nobody got in.
    pytest.param(facts("phishing", ["credentials", "contact", "health"], 1, accessed=False), "none",
                 id="phishing-mfa-blocked-mailbox-with-client-data"),
    # 01/2021 #18; 34(1), caution: access unknown -> assume the mailbox was read and copied.
    pytest.param(facts("phishing", ["credentials"], 1), "high", id="phishing-access-unknown"),
    # 01/2021 #18; 34(1): phished mailbox credentials, number of people unknown.
    pytest.param(facts("phishing", ["credentials", "contact"], None), "high",
                 id="01-2021-18-phished-mailbox-credentials"),
    # 33(1): attacker was in the mailbox, forensics show nothing copied.
    pytest.param(facts("phishing", ["credentials"], 1, accessed=True, exfiltrated=False), "risk",
                 id="phished-mailbox-accessed-no-exfiltration"),
    # 34(3)(a) never for phishing: the attacker logs in and sees decrypted data.
    pytest.param(facts("phishing", ["credentials", "contact"], 40, encrypted=True,
                       key_compromised=False, accessed=True), "high",
                 id="phished-mailbox-encrypted-claim-ignored"),
    # 01/2021 #18, caution: "no access" contradicts "data exfiltrated"; exfiltration wins.
    pytest.param(facts("phishing", ["credentials", "contact"], 40, accessed=False,
                       exfiltrated=True), "high", id="phishing-no-access-but-exfiltrated"),
    # ------------------------------------------------------------------ hacking
    # 33(1), 33(5): intrusion attempt blocked, logs show no access to the data.
    pytest.param(facts("hacking", ["contact", "identity_number"], 500, accessed=False), "none",
                 id="hacking-blocked-logs-show-no-access"),
    # 01/2021 #5; 34(1): job applicants' data exfiltrated.
    pytest.param(facts("hacking", ["contact", "other"], 213, exfiltrated=True), "high",
                 id="01-2021-5-job-applicant-data-exfiltrated"),
    # 01/2021 #6; 34(3)(a) by nature: only strongly salted hashes were taken.
    pytest.param(facts("hacking", ["hashed_credentials"], 1200, exfiltrated=True), "none",
                 id="01-2021-6-salted-hashed-passwords-exfiltrated"),
    # 34(1): hashes plus readable e-mail addresses: the readable part counts.
    pytest.param(facts("hacking", ["hashed_credentials", "contact"], 1200, exfiltrated=True),
                 "high", id="hashed-passwords-with-readable-addresses-exfiltrated"),
    # 01/2021 #5 by analogy; 34(1): readable credentials exfiltrated (account takeover likely).
    pytest.param(facts("hacking", ["credentials", "contact"], 1200, encrypted=False,
                       exfiltrated=True), "high", id="readable-credentials-exfiltrated"),
    # 34(3)(a) never for hacking/exfiltration (this came out "none" before).
    pytest.param(facts("hacking", ["credentials", "contact"], 1200, encrypted=True,
                       key_compromised=False, exfiltrated=True), "high",
                 id="hacking-encrypted-database-exfiltrated"),
    # 34(1): attacker had access to health data; nothing copied, but reading cannot be ruled out.
    pytest.param(facts("hacking", ["health"], 50, accessed=True, exfiltrated=False), "high",
                 id="hacking-access-no-exfiltration-health"),
    # 9/2022 availability; 33(1): attacker deleted records without a backup, people harmed.
    pytest.param(facts("hacking", ["contact"], 40, accessed=True, exfiltrated=False,
                       backup_available=False, unavailable_impact=True), "risk",
                 id="hacking-deleted-records-no-backup-people-harmed"),
    # 34(1), caution: keys missing altogether count as unknown.
    pytest.param({"kind": "hacking", "discovered_at": DISCOVERED, "data_categories": ["contact"]},
                 "high", id="unknowns-missing-keys-hacking"),
    # ------------------------------------------------------------------ unauthorised access
    # 33(1), 33(5): access rights too broad, logs show nobody opened the files.
    pytest.param(facts("unauthorised_access", ["health"], 2000, accessed=False), "none",
                 id="rights-too-broad-logs-show-nobody-opened"),
    # 01/2021 #8 (internal human risk); 33(1): employee copies a client list.
    pytest.param(facts("unauthorised_access", ["contact"], 80, exfiltrated=True), "risk",
                 id="01-2021-8-employee-copies-client-list"),
    # 33(1): employee looks into a youth-care file without copying.
    pytest.param(facts("unauthorised_access", ["health", "children"], 1, exfiltrated=False), "risk",
                 id="employee-views-jeugd-file-without-copying"),
    # 34(1), caution: copying unknown.
    pytest.param(facts("unauthorised_access", ["contact", "identity_number"], 5), "high",
                 id="unauthorised-access-copying-unknown"),
    # 34(3)(a) never for unauthorised access.
    pytest.param(facts("unauthorised_access", ["health"], 1, encrypted=True, key_compromised=False,
                       exfiltrated=False), "risk", id="unauthorised-access-encrypted-claim-ignored"),
    # ------------------------------------------------------------------ publication
    # 34(1): spreadsheet with BSNs on the website.
    pytest.param(facts("publication", ["contact", "identity_number"], 800), "high",
                 id="spreadsheet-with-bsns-on-website"),
    # 33(1): contact list published and removed quickly.
    pytest.param(facts("publication", ["contact"], 20, data_contained=True), "risk",
                 id="contact-list-published-removed-quickly"),
    # 33(1), 33(5): removed, and the web server logs show nobody downloaded it.
    pytest.param(facts("publication", ["contact", "identity_number"], 800, accessed=False,
                       data_contained=True), "none", id="published-file-logs-show-no-download"),
    # 34(1), caution: removed, but whether anyone downloaded it is unknown.
    pytest.param(facts("publication", ["contact", "identity_number"], 800, data_contained=True),
                 "high", id="published-file-removed-downloads-unknown"),
    # ------------------------------------------------------------------ number of people: bands
    # 33(1) / 9/2022 volume: a band counts by its lower bound: 11-100 is not "many".
    pytest.param(facts("misdirected_email", ["financial"], "11-100", recipient_trusted=False), "risk",
                 id="band-11-100-lower-bound-decides"),
    # Backward compatible: an int is exact, and 100 is many (what the old intake sent for 11-100).
    pytest.param(facts("misdirected_email", ["financial"], 100, recipient_trusted=False), "high",
                 id="legacy-int-100-counts-as-large"),
    # Same band as a dict.
    pytest.param(facts("misdirected_email", ["financial"], {"min": 11, "max": 100},
                       recipient_trusted=False), "risk", id="band-dict-11-100"),
    # Same band in the intake's own words.
    pytest.param(facts("misdirected_email", ["financial"], "11 tot 100", recipient_trusted=False),
                 "risk", id="band-intake-label-11-tot-100"),
    # 34(1): 101-1000 is many.
    pytest.param(facts("misdirected_email", ["financial"], "101 tot 1000", recipient_trusted=False),
                 "high", id="band-101-1000-is-large"),
    # 34(1): open-ended band.
    pytest.param(facts("misdirected_email", ["financial"], {"min": 1001, "max": None},
                       recipient_trusted=False), "high", id="band-open-ended-more-than-1000"),
    # Lower bound unknown but at most 50: not many.
    pytest.param(facts("misdirected_email", ["financial"], {"min": None, "max": 50},
                       recipient_trusted=False), "risk", id="band-unknown-lower-bound-small-max"),
    # Lower bound unknown and up to 500: cautious, many.
    pytest.param(facts("misdirected_email", ["financial"], {"min": None, "max": 500},
                       recipient_trusted=False), "high", id="band-unknown-lower-bound-large-max"),
    # Count unknown: cautious, many.
    pytest.param(facts("misdirected_email", ["financial"], None, recipient_trusted=False), "high",
                 id="subjects-unknown-cautious"),
    # 33(1): "meer dan 1000" (the intake's label) with contact data removed quickly.
    pytest.param(facts("publication", ["contact"], "Meer dan 1000", data_contained=True), "risk",
                 id="band-meer-dan-1000-contact-removed"),
    # ------------------------------------------------------------------ employee clicks "weet ik niet"
    # 33(1)/34(1), caution: an unknown never ends in "none" when the case could be notifiable.
    pytest.param(facts("lost_device", [], None), "high", id="unknowns-lost-device"),
    pytest.param(facts("other", [], None), "high", id="unknowns-other"),
    pytest.param(facts("misdirected_email", ["contact"], 1), "risk",
                 id="unknowns-misdirected-email-contact-one-person"),
    pytest.param(facts("ransomware", ["contact"], 5), "risk", id="unknowns-ransomware-contact"),
    pytest.param(facts("stolen_device", ["contact"], 3), "risk", id="unknowns-stolen-device"),
    pytest.param(facts("lost_paper", ["contact"], 3), "risk", id="unknowns-lost-paper"),
    pytest.param(facts("publication", ["contact"], 3), "risk", id="unknowns-publication"),
    pytest.param(facts("unauthorised_access", ["contact"], 3), "risk",
                 id="unknowns-unauthorised-access"),
    pytest.param(facts("lost_device", ["contact"], 1, encrypted=True), "risk",
                 id="unknowns-encrypted-laptop-key-and-backup-unknown"),
    # 33(1): an unspecified kind with a trusted recipient who deleted it, nobody harmed.
    pytest.param(facts("other", ["contact"], 5, recipient_trusted=True, data_contained=True,
                       unavailable_impact=False), "none", id="other-trusted-recipient-deleted"),
    # 33(1), caution: same, but whether the data are still available is unknown (kind unspecified).
    pytest.param(facts("other", ["contact"], 5, recipient_trusted=True, data_contained=True),
                 "risk", id="other-trusted-recipient-deleted-availability-unknown"),
]

EXPECTED_DUTIES = {"none": (False, False), "risk": (True, False), "high": (True, True)}
DUTCH = re.compile(r"\b(de|het|een|en|van|niet|is|zijn)\b")


def test_the_table_is_large_enough():
    assert len(CASES) >= 60
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case, expected", CASES)
def test_assessment_table(case, expected):
    result = assess(case)
    assert isinstance(result, Assessment)
    assert result.risk == expected
    assert (result.notify_ap, result.inform_subjects) == EXPECTED_DUTIES[expected]
    assert result.reasons and all(isinstance(r, str) and DUTCH.search(r) for r in result.reasons)
    assert "CISO" in result.reasons[-1] and "FG" in result.reasons[-1]
    assert result.deadline == datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc)


def _text(case) -> str:
    return " ".join(assess(case).reasons)


def test_reasons_name_the_factors():
    text = _text(facts("stolen_device", ["identity_number"], None, encrypted=False))
    for factor in ("Aard van de gegevens", "Omvang", "Versleuteling", "Kwade opzet",
                   "Beschikbaarheid", "Conclusie"):
        assert factor in text
    assert "identiteitsfraude" in text


def test_encryption_reason_cites_art_34_3_a():
    result = assess(facts("stolen_device", ["health"], 500, encrypted=True, key_compromised=False,
                          backup_available=True))
    assert result.risk == "none" and not result.inform_subjects
    assert any("art. 34 lid 3 sub a" in r for r in result.reasons)


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("lost_device", "stolen_device")])
def test_encryption_never_counts_outside_lost_or_stolen_media(kind):
    case = facts(kind, ["health"], 5, encrypted=True, key_compromised=False)
    text = _text(case)
    assert "telt hier niet mee" in text and "art. 34 lid 3 sub a" in text
    assert assess(case).risk == assess(case | {"encrypted": False}).risk


@pytest.mark.parametrize("key, words", [(True, "wachtwoord was erbij"), (None, "niet bekend is")])
def test_encryption_with_an_unsafe_or_unknown_key_is_like_no_encryption(key, words):
    case = facts("stolen_device", ["health"], 5, encrypted=True, key_compromised=key,
                 backup_available=True)
    assert assess(case).risk == assess(case | {"encrypted": False}).risk == "high"
    assert words in _text(case)


def test_no_access_says_register_not_notify():
    result = assess(facts("phishing", ["credentials"], 1, accessed=False))
    assert result.risk == "none"
    text = " ".join(result.reasons)
    assert "Geen toegang" in text and "datalekregister" in text and "art. 33 lid 5" in text


def test_none_conclusion_says_the_ap_deadline_applies_only_after_a_decision():
    result = assess(facts("phishing", ["credentials"], 1, accessed=False))
    conclusion = next(r for r in result.reasons if r.startswith("Conclusie"))
    assert "niet nodig" in conclusion and "alleen als de CISO" in conclusion
    assert "72 uur" in conclusion and "uiterlijk" not in conclusion
    assert "26-11-2026" not in conclusion  # no date that reads like a running deadline


def test_notifiable_conclusion_gives_the_deadline():
    result = assess(facts("lost_paper", ["contact"], 3))
    conclusion = next(r for r in result.reasons if r.startswith("Conclusie"))
    assert "uiterlijk 26-11-2026 10:30" in conclusion


def test_the_fg_advises_and_does_not_decide():
    assert "op advies van de FG" in DISCLAIMER
    for case, _ in (p.values for p in CASES):
        text = _text(case)
        assert not re.search(r"\bFG (beslist|beslissen|meldt|melden)\b", text)
        assert "CISO en de FG beslissen" not in text


def test_returned_by_unknown_finder_is_not_contained():
    case = facts("lost_paper", ["identity_number"], 60, data_contained=True, backup_available=True)
    assert assess(case).risk == assess(case | {"data_contained": False}).risk == "high"
    assert "Terug is niet hetzelfde als ingeperkt" in _text(case)


def test_availability_harm_counts_despite_a_backup():
    case = facts("ransomware", ["contact", "health"], 800, backup_available=True, exfiltrated=False)
    assert assess(case | {"unavailable_impact": False}).risk == "none"
    assert assess(case | {"unavailable_impact": True}).risk == "high"
    assert "ook als er een back-up is" in _text(case | {"unavailable_impact": True})


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
    pytest.param({"subjects": True}, id="subjects-bool"),
    pytest.param({"subjects": 12.5}, id="subjects-float"),
    pytest.param({"subjects": [11, 100]}, id="subjects-list"),
    pytest.param({"subjects": "100-11"}, id="band-reversed"),
    pytest.param({"subjects": {"min": 100, "max": 11}}, id="band-dict-reversed"),
    pytest.param({"subjects": {"min": -1, "max": 10}}, id="band-negative"),
    pytest.param({"subjects": {"min": "elf", "max": 100}}, id="band-not-a-number"),
    pytest.param({"subjects": {"from": 11, "to": 100}}, id="band-unknown-keys"),
    pytest.param({"encrypted": "ja"}, id="bool-fact-not-a-bool"),
    pytest.param({"key_compromised": "ja"}, id="key-compromised-not-a-bool"),
    pytest.param({"accessed": 0}, id="accessed-not-a-bool"),
    pytest.param({"unavailable_impact": "nee"}, id="unavailable-impact-not-a-bool"),
])
def test_bad_input_raises_value_error_in_dutch(bad):
    with pytest.raises(ValueError, match=r"(moet|ontbreekt|Onbekend|geen geldige)"):
        assess(facts("misdirected_email", ["contact"], 1) | bad)


@pytest.mark.parametrize("name, words", [
    ("key_compromised", "sleutel of het wachtwoord"),
    ("accessed", "onbevoegd"),
    ("unavailable_impact", "gevolgen voor mensen"),
])
def test_new_fact_errors_name_the_fact_and_its_question(name, words):
    with pytest.raises(ValueError) as error:
        validate_facts(facts("lost_device", [], None) | {name: "onbekend"})
    assert f"'{name}'" in str(error.value) and words in str(error.value)
    assert "true" in str(error.value) and "null" in str(error.value)


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
    assert f["subjects"] == 12 and (f["subjects_min"], f["subjects_max"]) == (12, 12)
    for name in ALL_FACTS:
        assert f[name] is None
    assert f["discovered_at"] == datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("given, canonical, low, high", [
    (12, 12, 12, 12),
    ("12", 12, 12, 12),
    ("1 persoon", 1, 1, 1),
    ("11-100", {"min": 11, "max": 100}, 11, 100),
    ("11 – 100", {"min": 11, "max": 100}, 11, 100),
    ("11 tot 100", {"min": 11, "max": 100}, 11, 100),
    ("2 t/m 10", {"min": 2, "max": 10}, 2, 10),
    ("101 tot 1.000", {"min": 101, "max": 1000}, 101, 1000),
    ("Meer dan 1000", {"min": 1001, "max": None}, 1001, None),
    ("1000+", {"min": 1000, "max": None}, 1000, None),
    ({"min": 11, "max": 100}, {"min": 11, "max": 100}, 11, 100),
    ({"min": 11}, {"min": 11, "max": None}, 11, None),
    ({"min": None, "max": 50}, {"min": None, "max": 50}, None, 50),
    ({"min": 7, "max": 7}, 7, 7, 7),
    ({}, None, None, None),
    ("onbekend", None, None, None),
    (None, None, None, None),
])
def test_subject_bands_are_normalised(given, canonical, low, high):
    f = validate_facts(facts("other", [], given))
    assert (f["subjects"], f["subjects_min"], f["subjects_max"]) == (canonical, low, high)


@pytest.mark.parametrize("band, low", [("11-100", 11), ({"min": 101, "max": 1000}, 101),
                                       ("2 tot 10", 2), ({"min": 1001, "max": None}, 1001)])
def test_a_band_is_assessed_like_its_lower_bound(band, low):
    for kind, categories in itertools.product(KINDS, ([], ["contact"], ["financial"])):
        case = facts(kind, categories, band)
        assert assess(case).risk == assess(case | {"subjects": low}).risk, (kind, categories)


def test_labels_cover_every_value():
    assert set(KIND_LABELS) == set(KINDS)
    assert set(CATEGORY_LABELS) == set(DATA_CATEGORIES)
    assert KIND_LABELS["misdirected_email"] == "E-mail naar verkeerde ontvanger"
    assert CATEGORY_LABELS["health"] == "Gezondheid / Wmo / Jeugd"
    # the intake numbers its category choices: the existing ones keep their places
    assert DATA_CATEGORIES[:10] == ("contact", "identity_number", "financial", "health", "criminal",
                                    "children", "credentials", "id_document", "special", "other")


# --- monotonic caution: learning a reassuring fact never makes things worse

REASSURING = {
    "encrypted": True,
    "key_compromised": False,
    "backup_available": True,
    "recipient_trusted": True,
    "data_contained": True,
    "exfiltrated": False,
    "accessed": False,
    "unavailable_impact": False,
    "subjects": 1,
    "data_categories": ["contact"],
}
RANK = {level: i for i, level in enumerate(RISK_LEVELS)}


def _scenarios():
    for kind, categories, subjects in itertools.product(
            KINDS, ([], ["contact"], ["financial"], ["health", "children"]), (None, 5, 500)):
        for values in itertools.product((None, True, False), repeat=len(BOOL_FACTS)):
            yield facts(kind, categories, subjects, **dict(zip(BOOL_FACTS, values)))


def _is_unknown(case, name):
    return case.get(name) in (None, [])


def test_resolving_an_unknown_to_its_reassuring_value_never_raises_the_risk():
    checked = 0
    for case in _scenarios():
        before = RANK[assess(case).risk]
        for name, value in REASSURING.items():
            if _is_unknown(case, name):
                after = RANK[assess(case | {name: value}).risk]
                assert after <= before, (case, name)
                checked += 1
    assert checked > 10_000


def test_unknown_is_never_treated_better_than_its_reassuring_value_per_kind():
    # The most cautious start: everything unknown. Each kind must be at least "risk".
    for kind in KINDS:
        assert assess(facts(kind, [], None)).risk in ("risk", "high"), kind


# Every combination of all eight yes/no/unknown facts, per kind, for a low and a high severity
# (contact data of 5 people; children's health data in a band of 11-100). Cached: each is assessed
# once, the properties below compare them.
SEVERITIES = ((("contact",), 5), (("health", "children"), "11-100"))
VALUES = (None, True, False)


@functools.lru_cache(maxsize=None)
def _rank(kind, severity, values):
    categories, subjects = SEVERITIES[severity]
    return RANK[assess(facts(kind, categories, subjects, **dict(zip(ALL_FACTS, values)))).risk]


def _all_combinations():
    for kind, severity in itertools.product(KINDS, range(len(SEVERITIES))):
        for values in itertools.product(VALUES, repeat=len(ALL_FACTS)):
            yield kind, severity, values


def _with(values, name, value):
    index = ALL_FACTS.index(name)
    return values[:index] + (value,) + values[index + 1:]


def test_changing_any_fact_from_reassuring_to_unknown_never_lowers_the_risk():
    for kind, severity, values in _all_combinations():
        for name in ALL_FACTS:
            if values[ALL_FACTS.index(name)] is REASSURING[name]:
                unknown = _rank(kind, severity, _with(values, name, None))
                assert unknown >= _rank(kind, severity, values), (kind, severity, values, name)


# For these facts "unknown" is as cautious as the worst answer, in every combination.
UNKNOWN_IS_WORST = ("encrypted", "key_compromised", "accessed", "recipient_trusted", "data_contained")


def test_unknown_is_as_cautious_as_the_worst_answer():
    for kind, severity, values in _all_combinations():
        for name in UNKNOWN_IS_WORST:
            if values[ALL_FACTS.index(name)] is None:
                worst = max(_rank(kind, severity, _with(values, name, v)) for v in (True, False))
                assert _rank(kind, severity, values) >= worst, (kind, severity, values, name)


# The questions that decide the outcome per kind (the intake should ask these; docs/assess.md).
RELEVANT = {
    "misdirected_email": ("recipient_trusted", "data_contained"),
    "misdirected_post": ("recipient_trusted", "data_contained"),
    "lost_device": ("encrypted", "key_compromised", "recipient_trusted", "data_contained",
                    "backup_available"),
    "stolen_device": ("encrypted", "key_compromised", "backup_available"),
    "lost_paper": ("recipient_trusted", "data_contained", "backup_available"),
    "publication": ("accessed", "data_contained"),
    "hacking": ("accessed", "exfiltrated"),
    "phishing": ("accessed", "exfiltrated"),
    "ransomware": ("exfiltrated", "backup_available"),
    "unauthorised_access": ("accessed", "exfiltrated"),
    "other": ("recipient_trusted", "data_contained", "backup_available"),
}


def _consistent(values) -> bool:
    """'Nobody got at the data' and 'data were copied' cannot both be true."""
    return not (values[ALL_FACTS.index("accessed")] is False
                and values[ALL_FACTS.index("exfiltrated")] is True)


def test_an_unknown_never_ends_in_no_notification_when_an_answer_could_make_it_notifiable():
    none = RANK["none"]
    for kind, severity, values in _all_combinations():
        for name in RELEVANT[kind]:
            if values[ALL_FACTS.index(name)] is not None:
                continue
            answers = [_with(values, name, v) for v in (True, False)]
            if any(_rank(kind, severity, a) > none for a in answers if _consistent(a)):
                assert _rank(kind, severity, values) > none, (kind, severity, values, name)


def test_unknown_impact_is_cautious_where_availability_was_lost_and_not_restored():
    backup, contained, impact = (ALL_FACTS.index(n) for n in
                                 ("backup_available", "data_contained", "unavailable_impact"))
    lost_kinds = ("ransomware", "lost_device", "stolen_device", "lost_paper", "other")
    checked = 0
    for kind, severity, values in _all_combinations():
        lost = kind in lost_kinds or values[backup] is False
        restored = values[backup] is True or (kind == "lost_paper" and values[contained] is True)
        if values[impact] is None and lost and not restored:
            assert _rank(kind, severity, values) > RANK["none"], (kind, severity, values)
            checked += 1
    assert checked > 1000


def test_harm_from_unavailability_is_never_below_notify():
    impact = ALL_FACTS.index("unavailable_impact")
    for kind, severity, values in _all_combinations():
        if values[impact] is True:
            assert _rank(kind, severity, values) > RANK["none"]
