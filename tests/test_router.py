"""The router: intents as data, one decision per message, asking when unsure, and English replies."""
import json

import pytest

import knowledge
from bot import router as router_module
from bot.__main__ import main
from bot.app import load_knowledge
from bot.handlers.datalek.assessment import KIND_LABELS
from bot.handlers.datalek.detect import detect as datalek_detect
from bot.handlers.datalek.detect import find_kind
from bot.handlers.share_check.detect import detect as share_detect
from bot.handlers.share_check.detect import find_recipient
from bot.handlers.share_check.steps import CHANNELS, DATA, RECIPIENTS
from bot.messages import Message, Person
from bot.router import Decision, language, router_for


@pytest.fixture(scope="module")
def router():
    return router_for(load_knowledge())


@pytest.fixture(scope="module")
def intents():
    data, errors = knowledge.load_intents()
    assert errors == []
    return data


def examples(data: dict) -> dict[str, list[str]]:
    return data["examples"]


# -- intents as data --------------------------------------------------------------------------------
def test_every_flow_has_enough_examples_in_dutch_and_english(intents):
    for flow in ("datalek", "share_check"):
        texts = [t for group in examples(intents[flow]).values() for t in group]
        assert len(texts) >= 60, flow
        assert sum(language(t) == "en" for t in texts) >= 5, flow
        assert len(intents[flow]["negatives"]) >= 20, flow
    assert len(intents["out_of_scope"]["examples"]) >= 50


def test_breach_examples_cover_every_kind_and_the_kinds_are_the_intakes(intents):
    groups = examples(intents["datalek"])
    assert set(groups) - {"unknown"} == set(KIND_LABELS)
    assert set(intents["datalek"]["kinds"]) | set(intents["datalek"]["hints"]) <= set(KIND_LABELS)


def test_sharing_examples_cover_every_recipient_and_the_slots_are_the_dialogues(intents):
    groups = examples(intents["share_check"])
    assert set(groups) - {"unknown"} == {value for _, value in RECIPIENTS}
    slots = intents["share_check"]["slots"]
    assert set(slots["recipient"]) == {value for _, value in RECIPIENTS}
    assert set(slots["data"]) == {value for _, value in DATA}
    assert set(slots["channel"]) == {value for _, value in CHANNELS if value}


def test_the_kind_a_breach_example_prefills_is_never_the_wrong_one(intents):
    found = 0
    for kind, texts in examples(intents["datalek"]).items():
        for text in texts:
            read = find_kind(text, loose=True)
            assert read in (None, None if kind == "unknown" else kind), (text, read)
            found += read is not None
    assert found >= 0.75 * sum(len(t) for k, t in examples(intents["datalek"]).items() if k != "unknown")


def test_the_recipient_of_every_sharing_example_is_read(intents):
    for recipient, texts in examples(intents["share_check"]).items():
        for text in texts:
            assert find_recipient(text) == (None if recipient == "unknown" else recipient), text


def test_negatives_never_start_a_flow_by_rule(intents):
    for flow in ("datalek", "share_check"):
        for text in intents[flow]["negatives"]:
            assert datalek_detect(text) is None and share_detect(text) is None, text


# -- routing decisions -------------------------------------------------------------------------------
REPORTS = [  # new words for breaches the old regex tables missed (compounds, bcc, attachments, groups, ...)
    "ik ben mijn werklaptop kwijt",
    "oeps, ik heb iedereen in de cc gezet in plaats van bcc",
    "ik heb de verkeerde bijlage meegestuurd naar een inwoner",
    "foto van een dossier in de verkeerde whatsapp groep gezet",
    "mijn printjes met clientgegevens zijn van de printer gepakt",
    "er lagen lijsten met namen in een openbare prullenbak",
    "ik heb aan de telefoon gegevens aan de verkeerde persoon gegeven",
    "een oud-medewerker heeft nog steeds toegang tot het zaaksysteem",
    "volgens mij is er een datalek",
    "ik denk dat ik een datalek heb",
    "I lost a USB stick with case files",
]
BREACH_QUESTIONS = ["is phishing ook een datalek?", "wat is een datalek", "binnen hoeveel uur moet een datalek gemeld worden",
                    "is het een datalek als je per ongeluk cc gebruikt", "what is a data breach"]
SHARING = ["mag ik het verslag naar de huisarts sturen", "de wijkagent vraagt of dit gezin bekend is, mag ik dat zeggen",
           "handhaving wil het adres uit het wmo-dossier, mag dat", "can I share client data with a GP?"]
OUT_OF_SCOPE = ["hoe laat gaat de kantine open", "mijn beeldscherm doet het niet", "where can I park my bike"]


@pytest.mark.parametrize("text", REPORTS)
def test_breach_reports_start_or_offer_the_intake(router, text):
    decision = router.decide(text)
    assert (decision.kind == "start" and decision.flow == "datalek") or "datalek" in decision.offered_flows, decision


@pytest.mark.parametrize("text", BREACH_QUESTIONS)
def test_questions_about_breaches_never_start_the_intake(router, text):
    assert router.decide(text).kind != "start"


@pytest.mark.parametrize("text", SHARING)
def test_sharing_cases_start_or_offer_the_triage(router, text):
    decision = router.decide(text)
    assert (decision.kind == "start" and decision.flow == "share_check") or "share_check" in decision.offered_flows


@pytest.mark.parametrize("text", OUT_OF_SCOPE)
def test_out_of_scope_is_refused(router, text):
    decision = router.decide(text)
    assert decision.kind in ("unknown", "suggest") and not decision.offered_flows


def test_a_report_prefills_what_the_words_tell(router):
    assert router.decide("ik ben mijn werklaptop kwijt").prefill == {"kind": "lost_device"}
    assert router.decide("mag ik het dossier naar de huisarts mailen?").prefill == {
        "recipient": "huisarts", "data": "dossier", "channel": "gewone_mail"}


def test_wat_is_de_avg_is_known(router):
    decision = router.decide("wat is de AVG")
    assert decision.kind == "answer" and decision.entry.id == "wat-is-de-avg"


def test_the_three_systems_are_there(router):
    for mode in router_module.MODES:
        assert router.decide("wat zijn bijzondere persoonsgegevens", mode=mode).kind == "answer"
    assert router.decide("ik ben mijn werklaptop kwijt", mode="rules").kind == "start"  # the YAML rule layer


# -- thresholds: a missed report costs more than an offered intake ---------------------------------
def test_the_thresholds_say_the_asymmetry():
    r = router_module
    assert r.MENTION_DATALEK < r.OFFER_DATALEK < r.START_PROBABILITY
    assert r.OFFER_DATALEK < r.OFFER_SHARE and r.MENTION_DATALEK < r.MENTION_SHARE
    assert r.SUGGEST_SCORE < r.ANSWER_SCORE <= r.OUT_OF_SCOPE_ANSWER


def probabilities(monkeypatch, router, **probs):
    base = {"datalek": 0.0, "share_check": 0.0, "question": 0.0, "out_of_scope": 0.0, **probs}
    monkeypatch.setattr(router.model, "classify", lambda vec: dict(base))


UNSURE = {"datalek": 0.45, "question": 0.4, "out_of_scope": 0.15}  # could be a report: ask


def test_unsure_between_report_and_question_offers_the_intake(monkeypatch, router):
    probabilities(monkeypatch, router, **UNSURE)
    decision = router.decide("iets met een usb-stick")
    assert decision.kind == "offer" and decision.flow == "datalek"
    assert decision.fallback is not None and decision.fallback.kind in ("answer", "suggest", "unknown")


def test_the_same_doubt_about_sharing_is_not_enough_to_offer_the_triage(monkeypatch, router):
    probabilities(monkeypatch, router, datalek=0.3, question=0.3, out_of_scope=0.1)
    assert router.decide("iets met gegevens en een school").kind == "offer"
    probabilities(monkeypatch, router, share_check=0.3, question=0.3, out_of_scope=0.1)
    assert router.decide("iets met gegevens en een school").kind != "offer"


def test_sure_is_high_and_clearly_ahead(monkeypatch, router):
    probabilities(monkeypatch, router, datalek=0.75, question=0.25)
    assert router.decide("iets met een usb-stick").kind == "start"
    probabilities(monkeypatch, router, datalek=0.6, question=0.4)  # high, but not clearly ahead: ask
    assert router.decide("iets met een usb-stick").kind == "offer"


def test_a_question_form_is_never_started_on_the_learned_score_alone(monkeypatch, router):
    probabilities(monkeypatch, router, datalek=0.95, question=0.05)
    assert router.decide("is het kwijtraken van een usb-stick een datalek").kind == "offer"


def test_a_likely_question_with_a_good_answer_is_answered_with_the_intake_one_tap_away(monkeypatch, router):
    probabilities(monkeypatch, router, datalek=0.3, question=0.7)
    decision = router.decide("wat zijn bijzondere persoonsgegevens")
    assert decision.kind == "answer" and decision.offered_flows == ["datalek"]


# -- ask when unsure, through the engine --------------------------------------------------------------
def test_offer_buttons_yes_starts_the_intake_with_the_words_prefill(monkeypatch, chat, engine):
    probabilities(monkeypatch, router_for(engine.knowledge), **UNSURE)
    text = chat.say("iets met mijn laptop denk ik")
    assert "Wil je dit melden als (mogelijk) datalek?" in text
    assert chat.choices() == ["Ja, melden", "Nee, ik heb een vraag"]
    text = chat.press("Ja, melden")
    assert "Je meldt een (mogelijk) datalek" in text and "laptop, telefoon of usb-stick kwijt" in text
    assert engine.load_dialogue("test:medewerker")[0] == "datalek"


def test_a_typed_ja_takes_the_offer(monkeypatch, chat, engine):
    probabilities(monkeypatch, router_for(engine.knowledge), **UNSURE)
    chat.say("iets met de printer en een lijst")
    monkeypatch.undo()
    assert "Je meldt een (mogelijk) datalek" in chat.say("ja")


def test_nee_ik_heb_een_vraag_gets_the_knowledge_answer(monkeypatch, chat, engine):
    probabilities(monkeypatch, router_for(engine.knowledge), **UNSURE)
    chat.say("wat zijn bijzondere persoonsgegevens")
    monkeypatch.undo()
    text = chat.press("Nee, ik heb een vraag")
    assert text.startswith(engine.knowledge.by_id["bijzondere-persoonsgegevens"].title) and "Bron:" in text
    assert engine.load_dialogue("test:medewerker") is None


def test_ja_on_a_single_suggestion_answers_it(monkeypatch, chat, engine):
    router = router_for(engine.knowledge)
    original = router.decide

    def one_suggestion(text, mode="combined", pending=None):
        if text == "dpia of zo":
            return Decision("suggest", suggestions=[("dpia", 50.0)], score=50.0)
        return original(text, mode, pending)

    monkeypatch.setattr(router, "decide", one_suggestion)
    text = chat.say("dpia of zo")
    assert "Bedoel je dit? Typ ja" in text
    assert "DPIA" in chat.say("ja")


def test_a_flow_among_the_suggestions_starts_that_flow(monkeypatch, chat, engine):
    router = router_for(engine.knowledge)
    original = router.decide

    def with_flow(text, mode="combined", pending=None):
        if text == "iets met delen":
            return Decision("suggest", suggestions=[("need-to-know", 40.0), ("flow:share_check", 30.0)], score=40.0)
        return original(text, mode, pending)

    monkeypatch.setattr(router, "decide", with_flow)
    chat.say("iets met delen")
    assert "Checken of je dit mag delen" in chat.choices()
    assert "Mag ik dit delen?" in chat.press("Checken of je dit mag delen")
    assert engine.load_dialogue("test:medewerker")[0] == "share_check"


def test_an_answer_on_breaches_carries_meld_nu(chat, engine):
    text = chat.say("wat is een datalek")
    assert text.startswith("Wat is een datalek") and "🚨 Meld nu" in chat.choices()
    assert "Je meldt een (mogelijk) datalek" in chat.press("Meld nu")
    assert engine.load_dialogue("test:medewerker")[0] == "datalek"


def test_meld_nu_in_a_group_asks_for_a_private_message(chat, engine):
    chat.say("wat is een datalek", private=False)
    replies = chat.send(Message(Person("test", "medewerker"), text="Meld nu", action="kb:flow:datalek", private=False))
    assert "privébericht" in replies[0].text
    assert engine.load_dialogue("test:medewerker") is None


def test_meld_nu_while_busy_keeps_the_open_dialogue(chat, engine):
    chat.say("wat is een datalek")
    chat.say("/delen")
    text = chat.act("kb:flow:datalek")
    assert "nog bezig" in text and engine.load_dialogue("test:medewerker")[0] == "share_check"


# -- language -------------------------------------------------------------------------------------------
DUTCH = {"het", "een", "je", "wil", "melden", "vraag", "bedoel", "van", "niet", "zeker"}


def english_only(text: str) -> bool:
    return not (set(text.lower().replace(",", " ").replace("?", " ").split()) & DUTCH)


def test_english_answer_is_wholly_english(chat):
    text = chat.say("what is a data breach")
    assert "Source:" in text and "Bron" not in text
    assert all(english_only(c) for c in chat.choices())
    assert "🚨 Report now" in chat.choices()


def test_english_question_on_an_entry_without_english_says_so_first(engine):
    from bot.handlers.questions import answer_reply

    entry = next(e for e in engine.knowledge.entries if e.en is None)
    text = answer_reply(engine.context(), entry, "en", 80.0).text
    assert text.startswith("This answer is only available in Dutch:\n\n" + entry.title)
    assert "Bron:" in text  # the Dutch answer, with its Dutch sources, whole


def test_english_greeting_and_thanks(chat):
    assert chat.say("hello").startswith("Hi! How can I help you?")
    assert chat.say("thank you").startswith("You're welcome")
    assert chat.say("hoi").startswith("Hoi!")


def test_english_sharing_question_says_in_english_that_the_triage_is_dutch(chat):
    replies = chat.send(Message(Person("test", "medewerker"), text="can I share client data with a GP?"))
    assert replies[0].text.startswith("The check \"may I share this?\" is only available in Dutch")
    assert english_only(replies[0].text)
    assert replies[0].meta == {"kind": "start", "flow": "share_check"}
    assert "Mag ik dit delen?" in replies[1].text


def test_english_offer_is_english(monkeypatch, chat, engine):
    probabilities(monkeypatch, router_for(engine.knowledge), **UNSURE)
    text = chat.say("I think something went wrong with a USB stick")
    assert text == "Do you want to report this as a (possible) data breach?"
    assert chat.choices() == ["Yes, report it", "No, I have a question"]


# -- ask --json ------------------------------------------------------------------------------------------
def ask_json(capsys, question):
    assert main(["ask", "--json", question]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_ask_json_shows_an_offered_flow_in_suggestions(monkeypatch, capsys):
    probabilities(monkeypatch, router_for(load_knowledge()), **UNSURE)
    result = ask_json(capsys, "iets met een usb-stick")
    assert result["kind"] == "offer" and result["flow"] == "datalek"
    assert result["suggestions"] == [{"entry": "flow:datalek", "title": "Een datalek melden"}]


def test_ask_json_start_of_the_triage(capsys):
    result = ask_json(capsys, "mag ik het dossier naar de huisarts mailen?")
    assert result["kind"] == "start" and result["flow"] == "share_check"


# -- the learned model -------------------------------------------------------------------------------------
def test_numpy_scoring_reproduces_the_trained_vectors(router):
    """Model.vector (numpy, at run time) must equal scikit-learn's vectors (at training): an entry's own
    phrasing scores a cosine of 1 against itself."""
    entry = router.kb.by_id["bijzondere-persoonsgegevens"]
    for text in (entry.nl.question, entry.nl.phrasings[0]):
        idx, val = router.model.vector(text)
        assert max(router.model.rows.dot(idx, val)) == pytest.approx(1.0, abs=1e-3)


def test_the_model_comes_from_the_cache_without_training(monkeypatch, router):
    data = router_module.training_set(router.entries, router.intents)
    monkeypatch.setattr(router_module, "train", lambda data: (_ for _ in ()).throw(AssertionError("trained again")))
    model = router_module.Model.load_or_train(data)
    assert model.classes == list(router_module.CLASSES)


# -- the entry classifier beside the cosine ranking ----------------------------------------------------
def test_dense_packing_multiplies_like_the_matrix():
    import numpy as np

    from bot.router.model import _pack_dense, _Postings

    matrix = np.array([[0.0, 2.0, 0.0, 1.0], [3.0, 0.0, 0.0, -1.0], [0.0, 0.0, 0.0, 0.0]], dtype=np.float32)
    postings = _Postings(*_pack_dense(matrix), n_rows=3)
    idx, val = np.array([0, 1, 3]), np.array([0.5, 1.0, 2.0], dtype=np.float32)
    query = np.zeros(4, dtype=np.float32)
    query[idx] = val
    assert postings.dot(idx, val).tolist() == pytest.approx((matrix @ query).tolist())


def test_entry_scores_blend_the_cosine_and_the_classifier(router):
    vec = router.model.vector("mag ik chatgpt gebruiken voor mijn gespreksverslagen")
    cosine, probabilities = router.model.entry_parts(vec)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-3) and probabilities.min() >= 0
    weight = router_module.model.CLASSIFIER_WEIGHT
    assert router.model.entry_scores(vec) == pytest.approx((1 - weight) * cosine + weight * probabilities, abs=1e-5)


def test_the_classifier_tells_an_entry_from_its_neighbours(router):
    """Words of one entry that its neighbours share: the classifier weighs what sets it apart."""
    import numpy as np

    for text, wanted in (("mag ik chatgpt gebruiken voor mijn gespreksverslagen", "generatieve-ai-chatgpt"),
                         ("hoelang bewaren we een jeugdhulpdossier", "bewaartermijn-jeugdhulp")):
        _, probabilities = router.model.entry_parts(router.model.vector(text))
        assert router.entries[int(np.argmax(probabilities))].id == wanted


def test_both_rankings_agreeing_lowers_the_bar_to_answer(monkeypatch, router):
    text = "mag ik chatgpt gebruiken voor mijn gespreksverslagen"
    decision = router.decide(text)
    assert decision.kind == "answer" and decision.signals["agree"]
    top = decision.signals["top"]
    monkeypatch.setattr(router_module.decision, "ANSWER_SCORE", top / router_module.decision.AGREE_FACTOR - 1)
    assert router.decide(text).kind == "answer"  # under the lowered bar
    monkeypatch.setattr(router_module.decision, "AGREE_FACTOR", 1.0)
    assert router.decide(text).kind != "answer"  # over the plain bar


@pytest.mark.parametrize("text", ["als een versleutelde laptop gestolen wordt, is dat dan meldplichtig?",
                                  "what counts as a data breach, is a lost paper file included?"])
def test_a_hypothetical_about_breaches_is_never_started(router, text):
    assert router.decide(text).kind != "start"


def test_a_long_case_with_a_weak_but_right_match_gets_bedoel_je_not_weet_ik_niet(router):
    """A long message scores low even when its topic is clear: from SUGGEST_SCORE_LONG it gets a choice."""
    text = ("Ik werk als leerplichtambtenaar en hoor in gesprekken met ouders soms over ziekte, schulden of ruzie "
            "thuis. Mijn collega schrijft alles uitgebreid op in het dossier omdat het later handig kan zijn, en ik "
            "twijfel. Hoeveel van zulke informatie hoort eigenlijk in het dossier?")
    decision = router.decide(text)
    assert decision.kind in ("suggest", "answer")
    shown = [decision.entry.id] if decision.kind == "answer" else [s for s, _ in decision.suggestions]
    assert "leerplicht-dossier-vastleggen" in shown
