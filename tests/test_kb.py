"""kb check: the real knowledge base passes; broken entries fail with a clear message."""
import textwrap

import knowledge
from bot.__main__ import main


def test_real_knowledge_base_is_valid_and_large_enough():
    kb = knowledge.load()
    assert kb.errors == []
    assert len(kb.entries) >= 80
    assert len({e.area for e in kb.entries}) >= 8
    assert all(len(e.nl.phrasings) >= 4 for e in kb.entries)
    assert sum(1 for e in kb.entries if e.en) >= 10


def test_every_seed_document_is_cited():
    cited = {s.file for e in knowledge.load().entries for s in e.sources}
    assert knowledge.SEED_FILES <= cited


def test_kb_check_passes(capsys):
    assert main(["kb", "check"]) == 0
    assert "in orde" in capsys.readouterr().out


GOOD = """
  - id: {id}
    title: Titel {id}
    question: Vraag over {id}?
    phrasings: [{p}, eerste {id}, tweede {id}, derde {id}]
    keywords: [{id}]
    answer: "Kort antwoord. Vraag het de FG via {{fg_contact}}."
    sources:
      - file: 000_d22f589fa7ffb944.txt
        section: "Inleiding"
    related: []
"""


def write(tmp_path, body):
    (tmp_path / "test.yaml").write_text("area: test\ntitle: Test\nentries:\n" + textwrap.dedent(body), encoding="utf-8")


def check(tmp_path, capsys):
    code = main(["kb", "check", "--dir", str(tmp_path)])
    return code, capsys.readouterr().err


def test_broken_entry_missing_sources(tmp_path, capsys):
    write(tmp_path, GOOD.format(id="a", p="x").replace(
        "    sources:\n      - file: 000_d22f589fa7ffb944.txt\n        section: \"Inleiding\"\n", ""))
    code, err = check(tmp_path, capsys)
    assert code == 1 and "bronnen" in err


def test_duplicate_ids_and_colliding_phrasings(tmp_path, capsys):
    write(tmp_path, GOOD.format(id="a", p="zelfde zin") + GOOD.format(id="a", p="zelfde zin"))
    code, err = check(tmp_path, capsys)
    assert code == 1
    assert "id 'a' komt meer dan eens voor" in err


def test_phrasing_collision_between_entries(tmp_path, capsys):
    write(tmp_path, GOOD.format(id="a", p="zelfde zin") + GOOD.format(id="b", p="Zelfde zin!"))
    code, err = check(tmp_path, capsys)
    assert code == 1 and "zelfde zin" in err.lower() and "'a'" in err and "'b'" in err


def test_unknown_source_placeholder_and_related(tmp_path, capsys):
    body = GOOD.format(id="a", p="x").replace("000_d22f589fa7ffb944.txt", "beleid.pdf")
    body += GOOD.format(id="b", p="y").replace("{fg_contact}", "{telefoon}").replace("related: []", "related: [bestaat-niet]")
    write(tmp_path, body)
    code, err = check(tmp_path, capsys)
    assert code == 1
    assert "onbekend brondocument" in err
    assert "{telefoon}" in err
    assert "bestaat-niet" in err


def test_invalid_yaml(tmp_path, capsys):
    (tmp_path / "kapot.yaml").write_text("entries: [\n", encoding="utf-8")
    code, err = check(tmp_path, capsys)
    assert code == 1 and "geen geldige YAML" in err


def test_valid_custom_directory(tmp_path, capsys):
    write(tmp_path, GOOD.format(id="a", p="x") + GOOD.format(id="b", p="y"))
    assert main(["kb", "check", "--dir", str(tmp_path)]) == 0
