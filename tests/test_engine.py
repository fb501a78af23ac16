"""The engine, driven like a transcript: small talk, help, commands, long input, stop, resume."""
import pytest
from bot.messages import Message, Person
from tests.helpers import ChatDriver, new_engine

pytestmark = pytest.mark.both_backends


def test_greeting_thanks_and_bye(chat):
    assert "Waarmee kan ik je helpen" in chat.say("hoi")
    assert "Graag gedaan" in chat.say("bedankt!")
    assert "Tot ziens" in chat.say("doei")


def test_help_lists_what_the_bot_does(chat):
    text = chat.say("/help")
    for command in ("/datalek", "/delen", "/mijnmeldingen", "/stop"):
        assert command in text
    assert "Gemeente Teststad" in text  # organisation comes from configuration
    assert "fg@teststad.example" in text


def test_unknown_command_is_friendly(chat):
    text = chat.say("/koffie")
    assert "ken ik niet" in text and "/help" in text


def test_stop_without_dialogue(chat):
    assert "geen gesprek" in chat.say("stop")


def test_stop_ends_dialogue_and_nothing_is_filed(chat, engine):
    chat.say("/datalek")
    assert "Oké, gestopt" in chat.say("stop")
    assert engine.load_dialogue("test:medewerker") is None
    assert engine.store.table("incidents").count == 0


def test_very_long_message_is_refused_kindly_and_keeps_the_dialogue(chat, engine):
    chat.say("/datalek")
    before = engine.load_dialogue("test:medewerker")
    text = chat.say("x" * 20_000)
    assert "20000 tekens" in text
    assert "Wat is er gebeurd?" in text  # the open question is repeated
    assert engine.load_dialogue("test:medewerker") == before


def test_question_during_dialogue_command_keeps_dialogue(chat):
    chat.say("/datalek")
    text = chat.say("/incidenten")
    assert "nog bezig" in text
    assert "Wat is er gebeurd?" in text


def test_help_during_dialogue_repeats_the_open_question(chat):
    chat.say("/datalek")
    text = chat.say("/help")
    assert "/datalek" in text and "Wat is er gebeurd?" in text


def test_duplicate_delivery_is_answered_once(chat, engine):
    person = Person("test", "medewerker")
    first = chat.send(Message(person, text="hoi", delivery_id="evt-1"))
    second = chat.send(Message(person, text="hoi", delivery_id="evt-1"))
    assert first and second == []


def test_stale_button_without_dialogue(chat):
    assert "al is afgerond" in chat.act("dl:kind:lost_device")


def test_dialogue_resumes_after_restart(tmp_path, clock):
    first = ChatDriver(new_engine(tmp_path, clock))
    first.say("laptop kwijt in de trein")
    first.press("Nu net")
    # the process restarts: a new engine on the same database file
    engine = new_engine(tmp_path, clock)
    resumed = engine.resume("test:medewerker")
    assert "Welkom terug" in resumed[0].text
    assert "Weet je wanneer het gebeurd is" in resumed[1].text
    second = ChatDriver(engine)
    text = second.say("weet ik niet")
    assert "Om welke gegevens" in text


def test_dialogue_state_is_stored_per_person(chat, engine):
    chat.say("/datalek", user="a")
    assert engine.load_dialogue("test:a") is not None
    assert engine.load_dialogue("test:b") is None
    assert "Waarmee kan ik je helpen" in chat.say("hoi", user="b")


def test_open_dialogue_is_not_continued_in_a_group(chat, engine):
    chat.say("/datalek")
    text = chat.say("laptop kwijt", private=False)
    assert "privébericht" in text
    assert engine.load_dialogue("test:medewerker")[1]["step"] == "kind"  # nothing answered, nothing lost


def test_typed_labels_pick_choices():
    from bot.choices import pick
    from bot.messages import Choice

    choices = [Choice("✅ Klopt, melding indienen", "ok"), Choice("✏️ Iets aanpassen", "edit"), Choice("Nee", "no")]
    person = Person("test", "x")
    assert pick(Message(person, text="Klopt, melding indienen"), choices) == "ok"
    assert pick(Message(person, text="klopt"), choices) == "ok"
    assert pick(Message(person, text="2"), choices) == "edit"
    assert pick(Message(person, text="nee!"), choices) == "no"
    assert pick(Message(person, text="misschien"), choices) is None
    assert pick(Message(person, action="edit"), choices) == "edit"
    assert pick(Message(person, action="elders"), choices) is None


def test_old_delivery_ids_are_pruned_at_start(tmp_path, clock):
    engine = new_engine(tmp_path, clock)
    assert engine.first_delivery("evt-old")
    clock.advance(days=8)
    engine = new_engine(tmp_path, clock)
    assert engine.store.table("deliveries").count == 0


@pytest.mark.parametrize("words", ["laat maar", "ik wil stoppen", "annuleren", "Laat maar zitten!", "stop maar"])
def test_stop_in_other_words_ends_a_dialogue(chat, engine, words):
    chat.say("/delen")
    assert "gestopt" in chat.say(words)
    assert engine.load_dialogue("test:medewerker") is None


def test_a_side_question_is_answered_and_the_step_asked_again(chat, engine):
    chat.say("/datalek")
    chat.press("E-mail naar verkeerde ontvanger")
    text = chat.say("wat is een datalek eigenlijk?")  # asked at "Wanneer heb je het ontdekt?"
    assert "Wat is een datalek?" in text  # the knowledge base answered
    assert text.rstrip().endswith("'21-11 09:30'.") or "Wanneer heb je het ontdekt" in text
    assert engine.load_dialogue("test:medewerker")[1]["step"] == "discovered_at"  # nothing lost


def test_help_or_a_long_message_in_a_group_never_shows_an_open_dialogue(chat, engine):
    """The open question can be a report's summary: it is repeated in a private chat only."""
    chat.say("/datalek")
    chat.press("E-mail naar verkeerde ontvanger")
    group_help = chat.say("/help", private=False)
    assert "Wanneer heb je het ontdekt" not in group_help and "Je was nog bezig" not in group_help
    group_long = chat.say("x" * 5000, private=False)
    assert "erg lang" in group_long and "Wanneer heb je het ontdekt" not in group_long
    assert "Wanneer heb je het ontdekt" in chat.say("/help")  # privately it is repeated
