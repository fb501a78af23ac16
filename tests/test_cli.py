"""The `ask` and `assess` command-line contracts other tools rely on."""
import json
import subprocess
import sys

import pytest

from bot.__main__ import main

KEYS = {"kind", "flow", "entry", "score", "text", "suggestions"}


def ask_json(capsys, question):
    assert main(["ask", "--json", question]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    return json.loads(out[0])


def test_ask_answer(capsys):
    result = ask_json(capsys, "wat zijn bijzondere persoonsgegevens?")
    assert set(result) == KEYS
    assert result["kind"] == "answer"
    assert result["entry"] == "bijzondere-persoonsgegevens"
    assert result["flow"] is None
    assert 0 <= result["score"] <= 100
    assert "Bron:" in result["text"]
    assert result["suggestions"] == []


def test_ask_suggest(capsys):
    result = ask_json(capsys, "toestemming")
    assert result["kind"] == "suggest"
    assert result["entry"] is None
    assert 1 <= len(result["suggestions"]) <= 3
    assert all(set(s) == {"entry", "title"} for s in result["suggestions"])


def test_ask_unknown(capsys):
    result = ask_json(capsys, "wat zijn de openingstijden van de kantine")
    assert result["kind"] == "unknown"
    assert result["entry"] is None


def test_ask_smalltalk(capsys):
    assert ask_json(capsys, "hallo")["kind"] == "smalltalk"


@pytest.mark.parametrize(
    "question, kind",
    [
        ("ik heb een mail naar de verkeerde persoon gestuurd", "misdirected_email"),
        ("laptop kwijt in de trein", "lost_device"),
        ("I sent an email to the wrong person", "misdirected_email"),
    ],
)
def test_ask_starts_datalek_flow(capsys, question, kind):
    result = ask_json(capsys, question)
    assert result["kind"] == "start" and result["flow"] == "datalek"


def test_ask_reads_stdin_one_json_per_line():
    lines = "wat zijn bijzondere persoonsgegevens\nhallo\n\nwat zijn de openingstijden van de kantine\n"
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "--json"], input=lines, capture_output=True,
                         text=True, check=True).stdout.strip().splitlines()
    results = [json.loads(line) for line in out]
    assert [r["kind"] for r in results] == ["answer", "smalltalk", "unknown"]
    assert all(set(r) == KEYS for r in results)


def test_ask_plain_prints_reply(capsys):
    assert main(["ask", "wat zijn bijzondere persoonsgegevens?"]) == 0
    out = capsys.readouterr().out
    assert "Bron:" in out and not out.lstrip().startswith("{")


FACTS = {
    "kind": "misdirected_email", "discovered_at": "2026-11-23T10:00:00+01:00", "occurred_at": None,
    "data_categories": ["health", "identity_number"], "subjects": 1, "encrypted": False,
    "backup_available": None, "recipient_trusted": False, "data_contained": False, "exfiltrated": None,
}


def test_assess_file(tmp_path, capsys):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(FACTS))
    assert main(["assess", str(path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"risk", "notify_ap", "inform_subjects", "deadline", "reasons"}
    assert result["risk"] == "high" and result["notify_ap"] and result["inform_subjects"]
    assert result["deadline"].startswith("2026-11-26T09:00:00")
    assert result["reasons"]


def test_assess_stdin():
    out = subprocess.run([sys.executable, "-m", "bot", "assess", "-"], input=json.dumps(FACTS),
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["risk"] == "high"


def test_assess_bad_input(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**FACTS, "kind": "alien_abduction"}))
    assert main(["assess", str(path)]) == 2
    assert "Fout" in capsys.readouterr().err
    path.write_text("{not json")
    assert main(["assess", str(path)]) == 2
