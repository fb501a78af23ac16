"""The words and limits the reader knows: day and month names, day parts, numbers, units (bot.dates)."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")
SKEW = timedelta(minutes=1)
MAX_YEARS = 5
MAX_CHARS = 200  # a moment is short; longer input is refused before it is tokenized

DAY_NAMES = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTH_NAMES = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"]

# --- vocabulary ------------------------------------------------------------------------------

WEEKDAYS = {name: i for i, name in enumerate(DAY_NAMES)} | {
    name: i for i, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
MONTHS = {
    name: i
    for i, names in enumerate(
        [("januari", "jan", "january"), ("februari", "feb", "february"), ("maart", "mrt", "mar", "march"),
         ("april", "apr"), ("mei", "may"), ("juni", "jun", "june"), ("juli", "jul", "july"),
         ("augustus", "aug", "august"), ("september", "sep", "sept"), ("oktober", "okt", "oct", "october"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
RELATIVE_DAYS = {"vandaag": 0, "today": 0, "gisteren": -1, "gister": -1, "yesterday": -1,
                 "eergisteren": -2, "eergister": -2, "tomorrow": 1, "overmorgen": 2}  # "morgen": see _word
PARTS = {"ochtend": "ochtend", "voormiddag": "ochtend", "morning": "ochtend", "middag": "middag",
         "namiddag": "middag", "afternoon": "middag", "avond": "avond", "evening": "avond",
         "nacht": "nacht", "night": "nacht"}
ADVERB_PARTS = {"ochtends": "ochtend", "morgens": "ochtend", "middags": "middag", "avonds": "avond", "nachts": "nacht"}
ADVERB_PARTS |= {"s" + word: part for word, part in ADVERB_PARTS.items()}  # "smiddags" without the apostrophe
PART_DEFAULT_HOUR = {"ochtend": 9, "middag": 14, "avond": 19, "nacht": 23}
DAY_DEFAULT_HOUR = 9
PART_HOURS = {  # which 24-hour hours a day part allows
    "ochtend": set(range(0, 13)), "middag": set(range(12, 19)), "avond": set(range(17, 24)),
    "nacht": {22, 23, 0, 1, 2, 3, 4, 5, 6},
}
NOW_WORDS = {"nu", "net", "zojuist", "zonet", "daarnet", "daarjuist", "zopas", "now", "just"}
LAST_WORDS = {"vorige", "afgelopen", "last", "previous"}
NEXT_WORDS = {"volgende", "komende", "aanstaande", "as", "next", "coming"}
SINCE_WORDS = {"jl", "jongstleden", "laatstleden", "ll"}  # "maandag jl."
AGO_WORDS = {"geleden", "terug", "ago"}
TIME_SUFFIX = {"uur", "u", "h", "oclock", "hr", "hrs"}
MARKERS = {"om", "rond", "rondom", "omstreeks", "tegen", "ongeveer", "circa", "ca", "at", "around", "about"}
FILLERS = MARKERS | {
    "zon", "op", "de", "het", "in", "s", "the", "on", "approximately", "approx", "ruim", "bijna", "al", "pas",
    "ik", "heb", "hebben", "we", "wij", "was", "is", "ontdekt", "gebeurd", "gemerkt", "gezien",
    "i", "it", "found", "discovered", "noticed", "happened",
}
NUMBER_WORDS = {
    "een": 1, "eentje": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20, "vijfentwintig": 25,
    "dertig": 30, "veertig": 40, "vijfenveertig": 45, "vijftig": 50, "zestig": 60,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60,
}
ARTICLES = {"een": 1, "a": 1, "an": 1, "one": 1, "eentje": 1}
VAGUE = {"paar", "enkele", "aantal", "few", "couple", "several", "some"}
UNITS = {  # word -> (kind, size): s seconds, m minutes, h hours, d days
    **dict.fromkeys(["seconde", "seconden", "sec", "secs", "second", "seconds"], ("s", 1)),
    **dict.fromkeys(["minuut", "minuten", "minuutje", "minuutjes", "min", "mins", "minute", "minutes"], ("m", 1)),
    **dict.fromkeys(["kwartier", "kwartiertje"], ("m", 15)),
    **dict.fromkeys(["uur", "uren", "uurtje", "uurtjes", "u", "h", "hour", "hours", "hr", "hrs"], ("h", 1)),
    **dict.fromkeys(["dag", "dagen", "dagje", "dagjes", "day", "days"], ("d", 1)),
    **dict.fromkeys(["week", "weken", "weekje", "weeks"], ("d", 7)),
}
ORDINAL_SUFFIX = {"e", "ste", "de", "st", "nd", "rd", "th"}
