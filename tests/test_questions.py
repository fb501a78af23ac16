"""Knowledge-base answers through the engine and the matcher's three outcomes."""
import pytest

from bot.app import load_knowledge


@pytest.fixture(scope="module")
def matcher():
    return load_knowledge().matcher


@pytest.mark.parametrize(
    "question, entry",
    [
        ("wat zijn bijzondere persoonsgegevens?", "bijzondere-persoonsgegevens"),
        ("hoelang heb je voor een inzageverzoek?", "termijn-vier-weken"),
        ("mag ik mijn wachtwoord delen met een collega?", "wachtwoord-delen"),
        ("wat is een verwerkersovereenkomst", "verwerkersovereenkomst"),
        ("binnen hoeveel uur moet een datalek gemeld worden", "datalek-72-uur"),
        ("wat zijn persoonsgegevns", "persoonsgegevens"),
    ],
)
def test_answers(matcher, question, entry):
    result = matcher.match(question)
    assert result.kind == "answer", (question, result.kind, result.suggestions)
    assert result.entry.id == entry


@pytest.mark.parametrize(
    "question",
    ["wat zijn de openingstijden van de kantine", "hoeveel vakantiedagen heb ik nog", "de printer doet het niet",
     "wordt het morgen mooi weer", "waar kan ik parkeren"],
)
def test_out_of_scope_gets_no_privacy_answer(matcher, question):
    assert matcher.match(question).kind != "answer"


def test_grey_zone_offers_suggestions(matcher):
    result = matcher.match("privacyverzoek")
    assert result.kind == "suggest"
    assert 1 <= len(result.suggestions) <= 3


def test_english_question_gets_english_answer(chat):
    text = chat.say("what is a data breach")
    assert "Source:" in text
    assert "Bron:" not in text


def test_answer_cites_sources_and_fills_contacts(chat):
    text = chat.say("wie is de fg")
    assert "Bron:" in text and ".txt" not in text  # readable titles, never a file name
    cited = text.split("Bron:", 1)[1].strip().splitlines()[0].split("; ")
    assert cited[0] == "AVG, art. 37-39"  # the law first
    assert len(cited) <= 3 and any(c.startswith("Privacybeleid gemeente") for c in cited)
    assert "{" not in text  # placeholders filled from configuration


def test_english_answer_cites_english_law_names(chat):
    text = chat.say("what is a data breach")
    assert "Source: GDPR, art. 4(12)" in text and ".txt" not in text


def test_suggestion_buttons_answer_when_pressed(chat):
    text = chat.say("toestemming")
    assert "Bedoel je" in text
    first = chat.choices()[0]
    answer = chat.press(first)
    assert "Bron:" in answer


def test_unknown_question_points_to_fg_and_is_logged_without_who(chat, engine):
    text = chat.say("hoe laat gaat de kantine open? groet, jan@example.nl")
    assert "fg@teststad.example" in text
    rows = list(engine.store.db["question_log"].rows)
    assert len(rows) == 1
    assert "medewerker" not in str(rows[0])  # who asked is not stored
    assert "jan@example.nl" not in rows[0]["question"]  # identifiers are stripped


def test_none_of_these_gives_honest_unknown(chat):
    chat.say("toestemming")
    assert "fg@teststad.example" in chat.press("Geen van deze")
