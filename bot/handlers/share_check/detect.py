"""Recognising a concrete "may I share this?" question in free words, with what it already tells."""
from __future__ import annotations

import re

from bot.choices import normalise

# -- recognising a concrete sharing question in free words ---------------------------------------
def words(*alternatives: str) -> str:
    """A pattern matching any of the (regex) alternatives as whole words."""
    return r"\b(" + "|".join(alternatives) + r")\b"


RECIPIENT_WORDS: list[tuple[str, str]] = [
    ("inwoner_zelf", r"\b(zijn|haar|hun) eigen (dossier|gegevens|stukken|rapport|verslag)"
                     r"|\b(inwoner|burger|client|klant|aanvrager|bewoner|betrokkene|meneer|mevrouw) zelf\b"
                     r"|\b(inwoner|burger|client|klant|aanvrager|bewoner) (vraagt|wil) (om |naar )?(zijn|haar|hun)\b"
                     r"|\b(own|their|his|her) (file|data|records)\b"),
    ("andere_inwoner", words("buurman", "buurvrouw", "buren", r"buurtbewoner\w*", r"familie\w*", "ex-?partner", "partner",
                             "kennis", "andere (inwoner|burger|bewoner|client)", "neighbou?rs?", "family", "relatives?",
                             "another (citizen|resident)")),
    ("website_social", words("website", "site", "internet", "online", "sociale media", "social media", "facebook",
                             "twitter", "instagram", "linkedin", "tiktok", "nieuwsbrief", "krant")),
    ("politie", words("politie", "wijkagent", "agent", "recherche", "officier van justitie", "openbaar ministerie",
                      "justitie", "police", "prosecutor")),
    ("huisarts", words(r"huisarts\w*", "dokter", "gp", "family doctor", "general practitioner")),
    ("zorgaanbieder", words(r"zorgaanbieder\w*", r"zorgverlener\w*", r"hulpverlener\w*", "aanbieder", "zorginstelling",
                            "thuiszorg", "wijkverpleging", "ggz", "ggd", r"jeugdhulp\w*", "jeugdzorg", "ziekenhuis",
                            "specialist", "psycholoog", "psychiater", "(health ?)?care provider", "hospital")),
    ("extern_bureau", words(r"extern\w* bureau", "bureau", "adviesbureau", "onderzoeksbureau", "incassobureau",
                            "leverancier", "consultant", "ict-bedrijf", "agency", "consultancy", "contractor",
                            "supplier", "vendor")),
    ("collega_andere_afdeling", words(r"collega\w* (van|bij|op|uit) (een |de )?andere? (afdeling|team|dienst)",
                                      "andere afdeling", "ander team", "andere dienst", "wmo-?consulent",
                                      r"schuldhulpverlen\w*", "bijstandsconsulent", "(an)?other department")),
    ("collega_team", words(r"mijn (directe )?collega\w*", r"teamgenoot\w*", r"collega\w* (in|uit|van) (mijn|ons) team",
                           "my colleague", "colleague in my team")),
    ("other", words("school", "leerkracht", "woningcorporatie", "verhuurder", "bank", "werkgever", "verzekeraar",
                    "zorgverzekeraar", "uwv", "svb", "andere gemeente", "journalist", "advocaat", "housing association",
                    "employer", "insurer", "lawyer", "another municipality")),
]
# "inwoner" as the one who receives: "naar/aan de inwoner" means the person himself
TO_CITIZEN = (r"\b(naar|aan|met|to|with) (de |het |een |mijn |onze |the |a |my )?"
              r"(inwoners?|burgers?|client(en|s)?|cliente|klant(en)?|aanvrager|bewoners?|citizens?|residents?)\b")
GENERIC_RECIPIENT = words(r"derden?", r"derde partij\w*", r"externe? (partij|organisatie|instantie)\w*",
                          r"andere organisatie\w*", r"instantie\w*", r"ketenpartner\w*", "third part(y|ies)",
                          "external part(y|ies)", "other organi[sz]ations?")
DATA_WORDS: list[tuple[str, str]] = [
    ("geen_persoonsgegevens", words(r"geanonimiseerd\w*", r"anoniem\w*", r"statistiek\w*", "cijfers", "aantallen",
                                    "totalen", "anonymi[sz]ed", "anonymous", "statistics")),
    ("bijzonder_strafrechtelijk", words(r"medisch\w*", r"gezondheid\w*", "diagnose", r"ziekte\w*", r"psychisch\w*",
                                        r"psychiatrisch\w*", r"verslaving\w*", "strafblad", r"strafrechtelijk\w*",
                                        r"veroordeling\w*", "medical", "health", "diagnosis", "criminal")),
    ("bsn", words(r"bsn\w*", r"burgerservicenummer\w*", "sofinummer", "citizen service number")),
    ("kinderen", words("kind", "kinderen", r"minderjarige\w*", r"jongere\w*", r"leerling\w*", "child", "children",
                       "minor")),
    ("dossier", words(r"dossier\w*", "case ?file", "file")),
    ("dat_informatie", r"\b(of|dat) (hij|zij|ze|iemand|meneer|mevrouw|de inwoner|de client|mijn client|deze client)\b"
                       r".{0,30}\b(bekend|in beeld|hulp|ondersteuning)\b"),
    ("wat_informatie", words(r"rapport\w*", r"verslag\w*", r"indicatie\w*", "behandelplan", "plan van aanpak",
                             "keukentafelgesprek", "schulden", "schuldsituatie", "report")),
]
CHANNEL_WORDS: list[tuple[str, str]] = [
    ("chat_app", words(r"whats ?app\w*", "appen", "app", "appje", "signal", "telegram", "sms")),
    ("beveiligde_mail", words(r"beveiligd\w*", r"versleuteld\w*", "zivver", "secure", "encrypted")),
    ("gewone_mail", words(r"e-?mail\w*", r"mail\w*", "gmail", "hotmail")),
    ("papier", words("per post", "op papier", "per brief", "uitprinten", "by post", "by letter")),
]
SHARE_VERBS = words(
    "delen", "deel", "sturen", "stuur", "versturen", "doorsturen", "opsturen", "toesturen", "nasturen", "e-?mailen",
    "mailen", "doormailen", "geven", "geef", "doorgeven", "meegeven", "afgeven", "verstrekken", "laten (zien|inzien|lezen)",
    "tonen", "appen", "whatsappen", "doorspelen", "uitwisselen", "vertellen", "noemen",
    "share", "send", "forward", "e-?mail", "give", "pass", "disclose", "show", "tell",
)
PLACE_VERBS = words("zetten", "plaatsen", "posten", "publiceren", "post", "publish", "put")  # only with a website
FIRST_PERSON = re.compile(
    r"(^|[,:;.!?] ?)((mag|mogen|kan|kunnen)|(?P<must>moet|moeten)) (ik|we|wij)\b"
    r"|^(ik|we|wij) (wil|willen|moet|moeten|ga|gaan)\b.*\b(mag|kan) (dat|het)\b"
    r"|^is het (ok|oke|goed|toegestaan|erg) als (ik|we)\b|^(can|may|could|should) (i|we)\b|^(am i|are we) allowed to\b"
)
ASKS_FOR = re.compile(  # "mag de huisarts ... hebben", "de politie vraagt om ..."
    r"^(mag|mogen|kan|kunnen|can|may) (de |het |een |mijn |onze |the |a |my )?(\w+ )?"
    r"(huisarts|dokter|politie|wijkagent|zorgaanbieder|hulpverlener|ggz|bureau|collega|school"
    r"|gp|police|care provider|colleague)\b"
    r"|^(de |het |een )?(politie|wijkagent|huisarts|zorgaanbieder|hulpverlener|recherche|officier van justitie"
    r"|school|police|gp)\b.{0,20}\b(vraagt|vroeg|wil|belt|vordert|heeft gevraagd|asks|asked|wants)\b"
)
NOT_OURS = re.compile(words(r"wachtwoord\w*", r"password\w*", "inloggegevens", "inlognaam", "pin ?code", "login details"))
CONCRETE = re.compile(
    r"\b(dit|deze|dat|die|zijn|haar|this|these|that|his|her)\b"
    r"|\bvan (een|mijn|de|onze|deze|die|het) "
    r"(client\w*|klant|inwoner|bewoner|burger|aanvrager|jongere|kind|gezin|meneer|mevrouw|man|vrouw)\b"
    r"|\b(of|about) (a|my|the|this) (client|resident|citizen)\b"
)
ALWAYS_CONCRETE = {"politie", "huisarts", "website_social", "inwoner_zelf", "andere_inwoner"}


def _find(table: list[tuple[str, str]], text: str) -> str | None:
    for value, pattern in table:
        if re.search(pattern, text):
            return value
    return None


def find_recipient(text: str) -> str | None:
    """The recipient named in the words: the one after "naar/aan/met" wins over the data subject."""
    t = normalise(text)
    hits = []
    for value, pattern in RECIPIENT_WORDS:
        for m in re.finditer(pattern, t):
            after_preposition = bool(re.search(r"\b(naar|aan|met|voor|op|to|with|on)( \w+){0,2} ?$", t[: m.start()]))
            hits.append((not after_preposition, m.start(), value))
    if re.search(TO_CITIZEN, t) and not re.search(r"\bandere (inwoner|burger|bewoner|client)", t):
        hits.append((False, re.search(TO_CITIZEN, t).start(), "inwoner_zelf"))
    return min(hits)[2] if hits else None


def find_data(text: str) -> str | None:
    t = normalise(text)
    if re.search(r"\bgepseudonimiseerd", t):
        return None  # pseudonymised data are still personal data
    return _find(DATA_WORDS, t)


def find_channel(text: str) -> str | None:
    return _find(CHANNEL_WORDS, normalise(text))


def detect(text: str) -> dict | None:
    """A prefill {recipient, data, channel} when the words ask a concrete "may I share this" decision, else None."""
    t = normalise(text)
    if NOT_OURS.search(t):
        return None  # "mag ik mijn wachtwoord delen" is a password rule: the knowledge base answers it
    subject_form = bool(ASKS_FOR.search(t))
    if not subject_form:
        asking = FIRST_PERSON.search(t)
        if not asking:
            return None  # general rule questions ("wanneer mag je ...", "wat is need to know") are not a case
        rest, recipient = t[asking.end():], find_recipient(t)
        if asking.group("must") and not recipient:
            return None  # "moeten we inwoners vertellen ...": an obligation question without a case
        placing = recipient == "website_social" and re.search(PLACE_VERBS, rest)
        channel_use = find_channel(rest) and re.search(r"\b(gebruiken|use|using)\b", rest)
        if not (re.search(SHARE_VERBS, rest) or placing or channel_use):
            return None
    prefill = {"recipient": find_recipient(t), "data": find_data(t), "channel": find_channel(t)}
    if prefill["recipient"] == "website_social":
        prefill["channel"] = None  # the publication is the channel
    concrete = (
        subject_form or prefill["data"] or prefill["channel"] or CONCRETE.search(t)
        or prefill["recipient"] in ALWAYS_CONCRETE
    )
    if not concrete or (re.search(GENERIC_RECIPIENT, t) and not (prefill["data"] or prefill["channel"])):
        return None  # "mag ik gegevens aan derden geven": a rule question for the knowledge base
    return {key: value for key, value in prefill.items() if value is not None}
