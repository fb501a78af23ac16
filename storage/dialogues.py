"""Open dialogues: one row per person with the flow and its state, so a restart resumes them.

Every row carries a `version` that each save raises by one. A save that names the version it read
(`expected_version`) changes the row only if nobody saved in between; otherwise it raises
`DialogueConflict` and changes nothing, so two instances answering the same person at once can never
overwrite each other's turn. Version 0 means "there was no dialogue".
"""
from __future__ import annotations

import json
from datetime import datetime

from storage.db import Store

NONE = 0  # the version of a dialogue that does not exist


class DialogueConflict(RuntimeError):
    """The dialogue changed after it was read (another instance saved first): nothing was saved."""

    def __init__(self, person: str, expected: int):
        self.person, self.expected = person, expected
        super().__init__(f"dialogue of {person} is no longer at version {expected}")


def load(store: Store, person: str) -> tuple[str, dict] | None:
    return load_with_version(store, person)[0]


def load_with_version(store: Store, person: str) -> tuple[tuple[str, dict] | None, int]:
    """(flow, state) or None, and the version read (NONE when there is no dialogue)."""
    row = store.execute("SELECT flow, state, version FROM dialogues WHERE person = ?", [person]).first()
    if row is None:
        return None, NONE
    return (row[0], json.loads(row[1])), row[2]


def save(store: Store, person: str, flow: str, state: dict | None, now: datetime,
         expected_version: int | None = None) -> int:
    """Store the state of `person`'s dialogue; None ends it (the row is deleted). Returns the new version.

    With `expected_version` (what `load_with_version` returned) the save is refused with
    `DialogueConflict` when the row is no longer at that version; without it, the save always wins."""
    updated = now.isoformat(timespec="seconds")
    if state is None:
        return _delete(store, person, expected_version)
    text = json.dumps(state, ensure_ascii=False)
    if expected_version is None:
        result = store.execute(
            "INSERT INTO dialogues (person, flow, state, updated_at, version) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (person) DO UPDATE SET flow = excluded.flow, state = excluded.state, "
            "updated_at = excluded.updated_at, version = dialogues.version + 1 RETURNING version",
            [person, flow, text, updated])
        return result.first()[0]
    if expected_version == NONE:
        result = store.execute(
            "INSERT INTO dialogues (person, flow, state, updated_at, version) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (person) DO NOTHING RETURNING version", [person, flow, text, updated])
    else:
        result = store.execute(
            "UPDATE dialogues SET flow = ?, state = ?, updated_at = ?, version = version + 1 "
            "WHERE person = ? AND version = ? RETURNING version", [flow, text, updated, person, expected_version])
    if not result.rows:
        raise DialogueConflict(person, expected_version)
    return result.first()[0]


def _delete(store: Store, person: str, expected_version: int | None) -> int:
    if expected_version is None:
        store.execute("DELETE FROM dialogues WHERE person = ?", [person])
        return NONE
    with store.transaction():
        deleted = store.execute("DELETE FROM dialogues WHERE person = ? AND version = ?",
                                [person, expected_version]).rowcount
        # nothing deleted: fine when the dialogue is gone anyway, refused when someone saved a newer one
        if not deleted and store.value("SELECT version FROM dialogues WHERE person = ?", [person]) is not None:
            raise DialogueConflict(person, expected_version)
    return NONE


def count(store: Store) -> int:
    return store.value("SELECT count(*) FROM dialogues")
