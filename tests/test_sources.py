"""The sources catalogue: readable citations, laws first, never a file name; kb check enforces it."""
import textwrap

import pytest

import knowledge
from bot.__main__ import main
from knowledge.sources import check_catalogue, cite, format_sources, load_catalogue, plain_section, url_for

SEEDS = {
    "000_d22f589fa7ffb944.txt",
    "001_ddd25deddcda3dc9.txt",
    "002_ffd928234f6db58f.txt",
    "003_d1ab481d437e363b.txt",
    "004_4154953731596e83.txt",
}
# Keys other helpers cite in new entries and the sharing triage: the catalogue must hold them all.
LAW_KEYS = {
    "AVG", "UAVG", "Wmo 2015", "Jeugdwet", "Participatiewet", "Wet BRP", "Archiefwet 1995", "Awb", "Woo",
    "Wet politiegegevens", "Wetboek van Strafvordering", "Wet justitiële en strafvorderlijke gegevens",
    "Telecommunicatiewet", "Wet gemeentelijke schuldhulpverlening", "Gemeentewet", "Wet op de identificatieplicht",
    "Ambtenarenwet 2017", "Wet algemene bepalingen burgerservicenummer", "Wet kwaliteit, klachten en geschillen zorg",
}
OTHER_KEYS = {"Selectielijst gemeenten": "regulation", "EDPB": "guidance", "Autoriteit Persoonsgegevens": "guidance"}
HEUMEN = "004_4154953731596e83.txt"
NOABERKRACHT = "003_d1ab481d437e363b.txt"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_catalogue_holds_every_agreed_key_with_the_right_kind(catalogue):
    assert SEEDS | LAW_KEYS | set(OTHER_KEYS) <= set(catalogue)
    assert all(catalogue[k]["kind"] == "policy" for k in SEEDS)
    assert all(catalogue[k]["kind"] == "law" for k in LAW_KEYS)
    assert all(catalogue[k]["kind"] == kind for k, kind in OTHER_KEYS.items())


def test_catalogue_entries_are_complete(catalogue):
    assert check_catalogue(catalogue) == []
    for key, item in catalogue.items():
        assert item["title"] and item["url"].startswith("https://") and item["kind"], key
    for key in SEEDS:
        item = catalogue[key]
        assert item["organisation"] and "year" in item and isinstance(item["pre_avg"], bool)
        assert ".txt" not in item["title"]
    assert catalogue[NOABERKRACHT]["pre_avg"] is True  # written under the Wbp
    assert catalogue[HEUMEN]["pre_avg"] is False
    assert catalogue[HEUMEN]["title"] == "Privacybeleid gemeente Heumen"


def test_catalogue_covers_every_key_used_in_entries(catalogue):
    used = {s.file for e in knowledge.load().entries for s in e.sources}
    assert used - set(catalogue) == set()


def test_urls():
    assert url_for("UAVG") == "https://wetten.overheid.nl/BWBR0040940/"
    assert url_for("AVG") == "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32016R0679"
    assert url_for("Wmo 2015").startswith("https://wetten.overheid.nl/")
    assert url_for("bestaat niet") is None


def test_cite_law_and_policy():
    assert cite("AVG", "art. 33 lid 1") == "AVG, art. 33 lid 1"
    assert cite(HEUMEN, "Datalekken (Artikel 33,34, AVG)") == "Privacybeleid gemeente Heumen, Datalekken"
    assert cite("001_ddd25deddcda3dc9.txt", "4.2.8 Meldplicht datalekken") == (
        "Privacybeleid gemeente Almelo, Meldplicht datalekken"
    )
    assert cite(NOABERKRACHT, "4. PRIVACYBELEID IN DE PRAKTIJK, Opleidingen/training en bewustzijn") == (
        "Privacybeleid Noaberkracht Dinkelland Tubbergen, Privacybeleid in de praktijk, Opleidingen/training en bewustzijn"
    )
    assert plain_section("Bijlage 3: Privacy in het sociaal domein, b. Gegevensuitwisseling") == (
        "Bijlage 3: Privacy in het sociaal domein, Gegevensuitwisseling"
    )


def test_cite_in_english():
    assert cite("AVG", "art. 33 lid 1", "en") == "GDPR, art. 33(1)"
    assert cite("AVG", "art. 5 lid 1 sub c", "en") == "GDPR, art. 5(1)(c)"
    assert cite("AVG", "art. 4 onder 1", "en") == "GDPR, art. 4(1)"
    assert cite(HEUMEN, "Datalekken (Artikel 33,34, AVG)", "en").startswith("Privacy policy, municipality of Heumen")


def test_format_sources_laws_first_deduplicated_and_limited():
    pairs = [
        (HEUMEN, "Datalekken (Artikel 33,34, AVG)"),
        (NOABERKRACHT, "Bijlage 4, punt 11"),
        ("AVG", "art. 33 lid 1"),
        (HEUMEN, "Datalekken (Artikel 33,34, AVG)"),
        ("UAVG", "art. 41"),
    ]
    text = format_sources(pairs)
    assert text == "AVG, art. 33 lid 1; UAVG, art. 41; Privacybeleid gemeente Heumen, Datalekken"
    assert len(format_sources(pairs, limit=5).split("; ")) == 4  # the duplicate appears once
    assert format_sources(pairs, limit=1) == "AVG, art. 33 lid 1"
    assert format_sources(pairs, lang="en").startswith("GDPR, art. 33(1); UAVG, art. 41; Privacy policy")


def test_format_sources_never_shows_a_file_name():
    assert ".txt" not in format_sources([("999_onbekend.txt", "Inleiding")])
    for entry in knowledge.load().entries:
        pairs = [(s.file, s.section) for s in entry.sources]
        for lang in ("nl", "en"):
            text = format_sources(pairs, lang)
            assert ".txt" not in text, (entry.id, text)
            assert 1 <= len(text.split("; ")) <= 3, (entry.id, text)
        laws = [s for s in entry.sources if load_catalogue()[s.file]["kind"] != "policy"]
        if laws:  # a law, if cited, comes first
            assert not format_sources(pairs).startswith("Privacy"), entry.id


def test_source_cite_uses_the_catalogue():
    assert knowledge.Source(HEUMEN, "Datalekken (Artikel 33,34, AVG)").cite() == (
        "Privacybeleid gemeente Heumen, Datalekken"
    )
    assert knowledge.Source("AVG", "art. 12 lid 3").cite("en") == "GDPR, art. 12(3)"


ENTRY = """\
area: test
title: Test
entries:
  - id: a
    title: Titel a
    question: Vraag over a?
    phrasings: [x, eerste a, tweede a, derde a]
    keywords: [a]
    answer: "Kort antwoord. Vraag het de FG via {{fg_contact}}."
    sources:
      - file: 000_d22f589fa7ffb944.txt
        section: "Inleiding"
      - file: {key}
        section: "art. 1"
    related: []
"""


def test_kb_check_fails_on_a_key_not_in_the_catalogue(tmp_path, capsys):
    (tmp_path / "test.yaml").write_text(ENTRY.format(key="Wet op de privacy"), encoding="utf-8")
    assert main(["kb", "check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "onbekend brondocument 'Wet op de privacy'" in err and "bronnencatalogus" in err


def test_kb_check_accepts_any_catalogue_key(tmp_path, capsys):
    (tmp_path / "test.yaml").write_text(ENTRY.format(key="Wet BRP"), encoding="utf-8")
    assert main(["kb", "check", "--dir", str(tmp_path)]) == 0


def test_catalogue_entry_without_title_url_or_kind_fails(tmp_path):
    entries = tmp_path / "entries"
    entries.mkdir()
    (entries / "test.yaml").write_text(ENTRY.format(key="AVG"), encoding="utf-8")
    catalogue = tmp_path / "sources.yaml"
    catalogue.write_text(textwrap.dedent("""\
        sources:
          000_d22f589fa7ffb944.txt: {kind: policy, title: Privacybeleid, organisation: Gemeente X, url: "https://x.nl"}
          AVG: {kind: law, title: Algemene verordening gegevensbescherming}
          UAVG: {title: Uitvoeringswet AVG, url: "https://wetten.overheid.nl/BWBR0040940/"}
        """), encoding="utf-8")
    kb = knowledge.load(entries, catalogue_path=catalogue)
    assert any("'AVG': 'url' ontbreekt" in e for e in kb.errors)
    assert any("'UAVG': 'kind' ontbreekt" in e for e in kb.errors)
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources: [AVG]\n", encoding="utf-8")
    kb = knowledge.load(entries, catalogue_path=broken)
    assert any("bronnencatalogus" in e for e in kb.errors)


def test_one_place_is_kept_for_the_municipal_policy():
    from knowledge.sources import format_sources

    pairs = [("AVG", "art. 5"), ("UAVG", "art. 22"), ("Gemeentewet", "art. 151c"),
             ("004_4154953731596e83.txt", "Cameratoezicht")]
    text = format_sources(pairs, limit=3)
    parts = text.split("; ")
    assert len(parts) == 3
    assert parts[0].startswith("AVG") and parts[-1].startswith("Privacybeleid gemeente Heumen")
