"""The benchmark's sets stay usable: every label names an entry that exists, and every labelled text is
a message of its set (a renamed entry or an edited message would otherwise quietly lower the figures)."""
from pathlib import Path

import pytest
import yaml

import knowledge

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
SETS = [("devset2.yaml", "devset2_labels.yaml"), ("devset3.yaml", "devset3_labels.yaml"),
        ("heldout.yaml", "heldout_labels.yaml")]


@pytest.fixture(scope="module")
def entry_ids():
    return {e.id for e in knowledge.load().entries}


@pytest.mark.parametrize("messages_file, labels_file", SETS)
def test_labels_name_existing_entries_and_existing_messages(messages_file, labels_file, entry_ids):
    if not (BENCH / labels_file).exists():
        pytest.skip(f"{labels_file} not written yet")
    messages = yaml.safe_load((BENCH / messages_file).read_text(encoding="utf-8"))["messages"]
    questions = {m["text"] for m in messages if m["class"] == "privacy_question"}
    raw = yaml.safe_load((BENCH / labels_file).read_text(encoding="utf-8"))
    labels = raw["labels"]
    texts = [item["text"] for item in labels]
    assert len(texts) == len(set(texts)), "a message labelled twice"
    assert not set(texts) - questions, "labels for texts that are not privacy questions of the set"
    unknown = {i for item in labels for i in (item.get("expect") or []) if i not in entry_ids}
    assert not unknown, f"labels naming entries that do not exist: {sorted(unknown)}"


@pytest.mark.parametrize("messages_file", ["devset2.yaml", "devset3.yaml", "devset4.yaml", "devset_intents.yaml", "heldout.yaml"])
def test_every_message_has_a_known_class(messages_file):
    messages = yaml.safe_load((BENCH / messages_file).read_text(encoding="utf-8"))["messages"]
    classes = {"breach_report", "breach_question", "share_question", "privacy_question", "out_of_scope"}
    assert messages and all(m["class"] in classes and m["text"].strip() for m in messages)


@pytest.mark.parametrize("messages_file", ["devset2.yaml", "devset3.yaml", "heldout.yaml"])
def test_added_labels_name_existing_entries_and_questions_of_the_set(messages_file, entry_ids):
    added_file = BENCH / messages_file.replace(".yaml", "_added_labels.yaml")
    if not added_file.exists():
        pytest.skip(f"{added_file.name} not written")
    messages = yaml.safe_load((BENCH / messages_file).read_text(encoding="utf-8"))["messages"]
    questions = {m["text"] for m in messages if m["class"] == "privacy_question"}
    added = yaml.safe_load(added_file.read_text(encoding="utf-8"))["added"] or []
    assert {item["text"] for item in added} <= questions
    assert {i for item in added for i in item["expect"]} <= entry_ids
