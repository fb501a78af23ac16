"""Reading the moments staff type at "Wanneer is het ontdekt?" (bot.dates), against fixed clocks.

Every row has its own explicit `now` (Europe/Amsterdam wall-clock time), so these tests pass on
any real date. An expected moment is local time: "YYYY-MM-DD HH:MM", or full ISO with the offset
where daylight saving time matters. A refusal is a `No(...)` with a piece of the Dutch message.
"""
import json
import random
import re
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.__main__ import main
from bot.dates import DateError, format_local, local, parse_moment

AMS = ZoneInfo("Europe/Amsterdam")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


WED = at("2026-11-25 10:00")  # a Wednesday morning
EVE = at("2026-11-25 22:30")  # the same Wednesday, late evening
NIGHT = at("2026-11-25 01:00")  # the same Wednesday, in the night
MON = at("2026-11-23 08:30")  # a Monday morning, before nine
SPRING = at("2026-03-29 08:00")  # Sunday: clocks went 02:00 -> 03:00 last night
AUTUMN = at("2026-10-25 08:00")  # Sunday: clocks went 03:00 -> 02:00 last night
NEWYEAR = at("2027-01-01 09:00")  # New Year's Day (a Friday)
LEAP = at("2028-02-29 12:00")  # leap day (a Tuesday)


class No:
    """An expected refusal; `part` must occur in the message."""

    def __init__(self, part: str):
        self.part = part

    def __repr__(self):
        return f"No({self.part!r})"


FUTURE, ODD, UNSURE, OLD = No("toekomst"), No("niet als datum of tijd"), No("niet zeker"), No("vijf jaar")

CASES = [
    # now words
    (WED, "nu", "2026-11-25 10:00"),
    (WED, "net", "2026-11-25 10:00"),
    (WED, "zojuist", "2026-11-25 10:00"),
    (WED, "Nu net.", "2026-11-25 10:00"),
    (WED, "zo net", "2026-11-25 10:00"),
    (WED, "just now", "2026-11-25 10:00"),
    # today's day parts, defaults and the future
    (WED, "vanochtend", "2026-11-25 09:00"),
    (WED, "vanmorgen", "2026-11-25 09:00"),
    (WED, "vanochtend 9", "2026-11-25 09:00"),
    (WED, "vanochtend om 8.15", "2026-11-25 08:15"),
    (WED, "vanmiddag", No("ik nam 14:00")),
    (WED, "vanavond", No("ik nam 19:00")),
    (WED, "vanavond 23:00", FUTURE),
    (WED, "vanochtend 15:00", No("past niet bij 'vanochtend'")),
    (WED, "vanochtend 25:00", No("geen geldige tijd")),
    (WED, "vannacht", "2026-11-24 23:00"),
    (WED, "vannacht 2 uur", "2026-11-25 02:00"),
    (WED, "vannacht half 1", "2026-11-25 00:30"),
    (WED, "vannacht 23:30", "2026-11-24 23:30"),
    (WED, "vannacht 11 uur", "2026-11-24 23:00"),
    (WED, "afgelopen nacht om 4 uur", "2026-11-25 04:00"),
    (WED, "vannacht 8 uur", No("past niet")),
    # yesterday and the day before
    (WED, "gisteren", "2026-11-24 09:00"),
    (WED, "gisterochtend", "2026-11-24 09:00"),
    (WED, "gistermorgen 7:45", "2026-11-24 07:45"),
    (WED, "gistermiddag", "2026-11-24 14:00"),
    (WED, "gisteravond", "2026-11-24 19:00"),
    (WED, "gisternacht", "2026-11-24 23:00"),
    (WED, "gisternacht 23:15", "2026-11-24 23:15"),
    (WED, "gisternacht 3 uur", UNSURE),
    (WED, "gistermiddag 3 uur", "2026-11-24 15:00"),
    (WED, "gisteravond 9 uur", "2026-11-24 21:00"),
    (WED, "gisteravond half 12", "2026-11-24 23:30"),
    (WED, "gisteren om 14:00", "2026-11-24 14:00"),
    (WED, "gisteren 14u", "2026-11-24 14:00"),
    (WED, "gisteren 14u30", "2026-11-24 14:30"),
    (WED, "Gisteren, 14.30 uur", "2026-11-24 14:30"),
    (WED, "gisteren 3 uur 's middags", "2026-11-24 15:00"),
    (WED, "gisteren om 3", No("03:00 of 15:00")),
    (WED, "gisteren middernacht", UNSURE),
    (WED, "ik heb het gisteren om 15:00 ontdekt", "2026-11-24 15:00"),
    (WED, "eergisteren", "2026-11-23 09:00"),
    (WED, "eergisteravond", "2026-11-23 19:00"),
    # clock times and Dutch clock talk
    (WED, "9.30", "2026-11-25 09:30"),
    (WED, "om 9 uur", "2026-11-25 09:00"),
    (WED, "om 9", "2026-11-25 09:00"),
    (WED, "negen uur", "2026-11-25 09:00"),
    (WED, "gisteren om twee uur 's middags", "2026-11-24 14:00"),
    (WED, "9", No("los getal")),
    (WED, "om 3 uur", No("03:00 of 15:00")),
    (WED, "3:15", UNSURE),
    (WED, "03:15", "2026-11-25 03:15"),
    (WED, "kwart voor negen", "2026-11-25 08:45"),
    (WED, "om kwart voor negen", "2026-11-25 08:45"),
    (WED, "half 10 gisteren", "2026-11-24 09:30"),
    (WED, "half 8", "2026-11-25 07:30"),
    (WED, "kwart over 3", No("03:15 of 15:15")),
    (WED, "gisteren kwart over 3 's middags", "2026-11-24 15:15"),
    (WED, "gistermiddag tien over half 4", "2026-11-24 15:40"),
    (WED, "gisteren vijf voor half 3 's middags", "2026-11-24 14:25"),
    (WED, "half 1", No("00:30 of 12:30")),
    # durations
    (WED, "een uur geleden", "2026-11-25 09:00"),
    (WED, "2 uur geleden", "2026-11-25 08:00"),
    (WED, "twintig minuten geleden", "2026-11-25 09:40"),
    (WED, "een half uurtje geleden", "2026-11-25 09:30"),
    (WED, "anderhalf uur geleden", "2026-11-25 08:30"),
    (WED, "1,5 uur geleden", "2026-11-25 08:30"),
    (WED, "1 uur en 20 minuten geleden", "2026-11-25 08:40"),
    (WED, "een kwartier geleden", "2026-11-25 09:45"),
    (WED, "ruim een uur terug", "2026-11-25 09:00"),
    (WED, "een paar minuten geleden", No("te vaag")),
    (WED, "drie dagen geleden", "2026-11-22 09:00"),
    (WED, "2 dagen geleden om 16:00", "2026-11-23 16:00"),
    (WED, "een week geleden", "2026-11-18 09:00"),
    (WED, "geleden", ODD),
    (WED, "2000 dagen geleden", OLD),
    # weekdays
    (WED, "maandag", "2026-11-23 09:00"),
    (WED, "afgelopen maandag", "2026-11-23 09:00"),
    (WED, "maandag jl.", "2026-11-23 09:00"),
    (WED, "maandagochtend", "2026-11-23 09:00"),
    (WED, "maandag 's middags om 2 uur", "2026-11-23 14:00"),
    (WED, "vrijdagmiddag 16:00", "2026-11-20 16:00"),
    (WED, "vrijdagmiddag 4 uur", "2026-11-20 16:00"),
    (WED, "zondagavond", "2026-11-22 19:00"),
    (WED, "zondagnacht 23:30", "2026-11-22 23:30"),
    (WED, "zondagnacht 2 uur", UNSURE),
    (WED, "vorige week dinsdag", "2026-11-17 09:00"),
    (WED, "dinsdag vorige week", "2026-11-17 09:00"),
    (WED, "vorige week dinsdag om 11:15", "2026-11-17 11:15"),
    (WED, "woensdag", "2026-11-25 09:00"),
    (WED, "woensdag 11:00", "2026-11-18 11:00"),
    (WED, "afgelopen woensdag", "2026-11-18 09:00"),
    (WED, "vorige week", No("welke dag")),
    (WED, "afgelopen week dinsdag", No("afgelopen week")),
    (WED, "volgende week maandag", FUTURE),
    # dates
    (WED, "21-11 09:30", "2026-11-21 09:30"),
    (WED, "21-11-2026 9:30", "2026-11-21 09:30"),
    (WED, "21-11-26 9:30", "2026-11-21 09:30"),
    (WED, "21/11", "2026-11-21 09:00"),
    (WED, "21.11.2026 14:05", "2026-11-21 14:05"),
    (WED, "21 november", "2026-11-21 09:00"),
    (WED, "21 nov om 10 uur", "2026-11-21 10:00"),
    (WED, "zaterdag 21 november om 14.00 uur", "2026-11-21 14:00"),
    (WED, "2026-11-21T09:30", "2026-11-21 09:30"),
    (WED, "2026-11-21 09:30", "2026-11-21 09:30"),
    (WED, "2026-11-21T09:30:00Z", "2026-11-21T10:30+01:00"),
    (WED, "2026-11-21T09:30:00+01:00", "2026-11-21T09:30+01:00"),
    (WED, "30-11 10:00", No("30-11-2025 10:00")),  # this year is the future: ask, never move to last year
    (WED, "21-11-2031", FUTURE),
    (WED, "21-11-2020", OLD),
    (WED, "maandag 21-11-2026", No("geen maandag")),
    (WED, "gisteren 21-11", No("spreken elkaar tegen")),
    (WED, "31-04", No("bestaat niet")),
    (WED, "11/21", No("maand 21 bestaat niet")),
    (WED, "32-13 25:99", ODD),
    (WED, "november", No("mis ik de dag")),
    # English
    (WED, "yesterday at 3pm", "2026-11-24 15:00"),
    (WED, "yesterday afternoon", "2026-11-24 14:00"),
    (WED, "this morning", "2026-11-25 09:00"),
    (WED, "an hour ago", "2026-11-25 09:00"),
    (WED, "half an hour ago", "2026-11-25 09:30"),
    (WED, "2 days ago at 9:15 am", "2026-11-23 09:15"),
    (WED, "last Monday", "2026-11-23 09:00"),
    (WED, "Monday morning 8:30", "2026-11-23 08:30"),
    (WED, "last night at 11pm", "2026-11-24 23:00"),
    (WED, "November 21, 2026 9:30 a.m.", "2026-11-21 09:30"),
    (WED, "half past 3 yesterday afternoon", "2026-11-24 15:30"),
    (WED, "tomorrow", FUTURE),
    # nonsense, future words, vagueness
    (WED, "morgen om 10:00", FUTURE),
    (WED, "morgenochtend", FUTURE),
    (WED, "blabla", No("'blabla' ken ik niet")),
    (WED, "", No("geen datum")),
    (WED, "   ", No("geen datum")),
    (WED, "vanochtend vroeg", No("'vroeg' ken ik niet")),
    (WED, "gisteren tussen 14 en 15 uur", ODD),
    (WED, "voor 9 uur", ODD),
    (WED, "2026", No("jaartal")),
    (WED, "gisteren 14:00 15:00", No("twee tijden")),
    (WED, "a" * 4000, No("te lang")),
    # late evening
    (EVE, "vanavond", "2026-11-25 19:00"),
    (EVE, "vanavond 9 uur", "2026-11-25 21:00"),
    (EVE, "vanavond 23:00", FUTURE),
    (EVE, "vanavond 12 uur", No("middernacht")),
    (EVE, "14.30", "2026-11-25 14:30"),
    (EVE, "om 12 uur", "2026-11-25 12:00"),
    (EVE, "om 8 uur", "2026-11-25 08:00"),
    (EVE, "vanmiddag", "2026-11-25 14:00"),
    (EVE, "vanmiddag om 3", "2026-11-25 15:00"),
    (EVE, "vanmiddag 7 uur", No("past niet")),
    (EVE, "tonight at 8", "2026-11-25 20:00"),
    (EVE, "5 minuten geleden", "2026-11-25 22:25"),
    # in the night
    (NIGHT, "vannacht", "2026-11-24 23:00"),
    (NIGHT, "vannacht 0:30", "2026-11-25 00:30"),
    (NIGHT, "vannacht 2 uur", FUTURE),
    (NIGHT, "middernacht", "2026-11-25 00:00"),
    (NIGHT, "gisteravond 23:30", "2026-11-24 23:30"),
    (NIGHT, "3 uur 's nachts", FUTURE),
    (NIGHT, "vanochtend", FUTURE),
    # a Monday morning before nine
    (MON, "maandag", "2026-11-16 09:00"),  # today's 09:00 is still to come: last week's Monday
    (MON, "maandag 8:00", "2026-11-23 08:00"),
    (MON, "afgelopen maandag", "2026-11-16 09:00"),
    (MON, "vanochtend", FUTURE),
    (MON, "vanochtend 7:45", "2026-11-23 07:45"),
    (MON, "vrijdagmiddag", "2026-11-20 14:00"),
    (MON, "vorige week vrijdag", "2026-11-20 09:00"),
    (MON, "zondag", "2026-11-22 09:00"),
    (MON, "zaterdagavond laat", No("'laat' ken ik niet")),
    (MON, "23-11 11:30", FUTURE),  # was read as 23 November of last year
    (MON, "23-11 08:00", "2026-11-23 08:00"),
    (MON, "23 november", No("ik nam 09:00")),
    (MON, "eergisteren", "2026-11-21 09:00"),
    (MON, "deze week maandag", FUTURE),
    # the night the clocks go forward: 02:00-02:59 does not exist
    (SPRING, "vannacht 2:30", No("bestond niet")),
    (SPRING, "2026-03-29T02:30", No("bestond niet")),
    (SPRING, "vannacht 1:59", "2026-03-29T01:59+01:00"),
    (SPRING, "vannacht 3:00", "2026-03-29T03:00+02:00"),
    (SPRING, "6 uur geleden", "2026-03-29T01:00+01:00"),
    (SPRING, "24 uur geleden", "2026-03-28T07:00+01:00"),
    (SPRING, "een dag geleden", "2026-03-28T09:00+01:00"),
    (SPRING, "gisteren 02:30", "2026-03-28T02:30+01:00"),
    (SPRING, "gisteravond", "2026-03-28T19:00+01:00"),
    # the night the clocks go back: 02:00-02:59 happens twice, the first (summer time) is taken
    (AUTUMN, "vannacht 2:30", "2026-10-25T02:30+02:00"),
    (AUTUMN, "vannacht 1:30", "2026-10-25T01:30+02:00"),
    (AUTUMN, "vannacht 3:00", "2026-10-25T03:00+01:00"),
    (AUTUMN, "7 uur geleden", "2026-10-25T02:00+02:00"),
    (AUTUMN, "6 uur geleden", "2026-10-25T02:00+01:00"),
    (AUTUMN, "2026-10-25T02:30+01:00", "2026-10-25T02:30+01:00"),
    # New Year's Day: a date without a year is this year, never last year
    (NEWYEAR, "31-12 23:00", No("31-12-2026 23:00")),
    (NEWYEAR, "31-12-2026 23:00", "2026-12-31 23:00"),
    (NEWYEAR, "gisteravond 23:00", "2026-12-31 23:00"),
    (NEWYEAR, "vannacht 0:30", "2027-01-01 00:30"),
    (NEWYEAR, "donderdag", "2026-12-31 09:00"),
    (NEWYEAR, "vrijdag", "2027-01-01 09:00"),
    (NEWYEAR, "vorige week dinsdag", "2026-12-22 09:00"),
    (NEWYEAR, "1-1 08:00", "2027-01-01 08:00"),
    (NEWYEAR, "29-2", No("29 februari 2027 bestaat niet")),
    # leap day
    (LEAP, "29-2", "2028-02-29 09:00"),
    (LEAP, "29-02 11:00", "2028-02-29 11:00"),
    (LEAP, "29-2-2027", No("bestaat niet")),
    (LEAP, "gisteren", "2028-02-28 09:00"),
    (LEAP, "maandag", "2028-02-28 09:00"),
    (LEAP, "een week geleden", "2028-02-22 09:00"),
    (LEAP, "1-3", FUTURE),
    (LEAP, "29-02-2024", "2024-02-29 09:00"),
    (LEAP, "1-3-2023", "2023-03-01 09:00"),
    (LEAP, "28-2-2023 11:00", OLD),
]


def test_table_is_big_enough():
    assert len(CASES) >= 100
    assert len({(now, text) for now, text, _ in CASES}) == len(CASES)


EXAMPLE = re.compile(r"bijvoorbeeld ((?:'[^']+'(?:, | of )?)+)")


def check_refusal(text: str, now: datetime, message: str) -> None:
    shown = " ".join(text.split())
    assert f"'{shown[:40].rstrip()}" in message  # repeats what was typed, truncated
    examples = [e for group in EXAMPLE.findall(message) for e in re.findall(r"'([^']+)'", group)]
    assert examples, message
    for example in examples:  # every example offered is itself a good answer
        parse_moment(example, now)


@pytest.mark.parametrize("now, text, expected", CASES, ids=[f"{n:%Y%m%d%H%M}-{t[:40]}" for n, t, _ in CASES])
def test_table(now, text, expected):
    if isinstance(expected, No):
        with pytest.raises(DateError) as info:
            parse_moment(text, now)
        message = str(info.value)
        assert expected.part in message, message
        check_refusal(text, now, message)
        return
    moment = parse_moment(text, now)
    assert moment.utcoffset() == timedelta(0)  # always returned in UTC
    got = local(moment).isoformat(timespec="minutes")
    if "+" in expected:
        assert got == expected
    else:
        assert got[:16].replace("T", " ") == expected


def test_future_message_names_the_moment():
    with pytest.raises(DateError) as info:
        parse_moment("vanavond 23:00", WED)
    assert format_local(at("2026-11-25 23:00")) in str(info.value)


def test_one_minute_of_skew_is_allowed_not_more():
    now = at("2026-11-25 10:00:30")
    assert local(parse_moment("10:01", now)) == at("2026-11-25 10:01")
    with pytest.raises(DateError):
        parse_moment("10:02", now)


def test_exactly_five_years_is_allowed():
    assert local(parse_moment("25-11-2021 10:00", WED)) == at("2021-11-25 10:00")
    with pytest.raises(DateError, match="vijf jaar"):
        parse_moment("25-11-2021 09:59", WED)


def test_now_in_any_timezone_and_naive_as_utc():
    utc = WED.astimezone(timezone.utc)
    assert parse_moment("gisteren 14:00", utc) == parse_moment("gisteren 14:00", WED)
    assert parse_moment("gisteren 14:00", utc.replace(tzinfo=None)) == parse_moment("gisteren 14:00", WED)
    assert parse_moment("nu", WED) == utc


def test_message_truncates_long_input():
    text = "gisteren ergens rond het einde van de middag toen iedereen naar huis ging"
    with pytest.raises(DateError) as info:
        parse_moment(text, WED)
    message = str(info.value)
    assert "'gisteren ergens rond het einde van de mi" in message and "naar huis" not in message


VOCABULARY = (
    "nu net gisteren eergisteren vandaag morgen vanochtend vanmiddag vanavond vannacht gisternacht maandag "
    "dinsdag zondag vorige afgelopen volgende week deze om rond half kwart over voor uur u geleden minuten "
    "dagen een twee drie negen tien twaalf 's middags ochtends nachts avond nacht middernacht jl november "
    "feb yesterday last ago hour at pm am en of 0 3 9 12 13 23 24 25 31 99 2026 21-11 29-2 31-4 14:30 "
    "24:00 03:15 14u 9.30 1,5 2026-11-21T09:30 2026-03-29T02:30 21e . : - / ! é ß"
).split()


def test_random_combinations_only_ever_raise_date_error():
    rng = random.Random(10)
    nows = [WED, EVE, NIGHT, MON, SPRING, AUTUMN, NEWYEAR, LEAP]
    for _ in range(3000):
        now = rng.choice(nows)
        text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(1, 5)))
        try:
            moment = parse_moment(text, now)
        except DateError as exc:
            assert "bijvoorbeeld '" in str(exc)
            continue
        assert moment.utcoffset() == timedelta(0)
        assert now - timedelta(days=366 * 5) <= moment <= now + timedelta(minutes=1), text


@pytest.mark.parametrize("text", ["9 " * 2000, "gisteren " * 444, "1-" * 2000, "'s " * 1333, "a" * 4000, "(" * 4000])
def test_long_input_is_refused_fast(text):
    start = time.perf_counter()
    with pytest.raises(DateError):
        parse_moment(text, WED)
    assert time.perf_counter() - start < 0.05


def test_a_parse_takes_well_under_a_few_milliseconds():
    texts = ["gisteren om 14:00", "vrijdagmiddag 16:00", "een half uurtje geleden", "half 10 gisteren", "blabla"]
    for text in texts:  # warm up
        try:
            parse_moment(text, WED)
        except DateError:
            pass
    start = time.perf_counter()
    for _ in range(100):
        for text in texts:
            try:
                parse_moment(text, WED)
            except DateError:
                pass
    assert (time.perf_counter() - start) / (100 * len(texts)) < 0.002


# the `when` command


def when_json(capsys, *argv):
    code = main(["when", *argv])
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    result = json.loads(out[0])
    assert set(result) == {"moment", "error"}
    return code, result


def test_when_reads(capsys):
    code, result = when_json(capsys, "--now", "2026-11-25T10:00:00+01:00", "gistermiddag 3 uur")
    assert code == 0
    assert result == {"moment": "2026-11-24T14:00:00+00:00", "error": None}


def test_when_joins_unquoted_words_and_reads_naive_now_as_dutch_time(capsys):
    code, result = when_json(capsys, "--now", "2026-11-25T10:00", "half", "10", "gisteren")
    assert code == 0 and result["moment"] == "2026-11-24T08:30:00+00:00"


def test_when_refuses(capsys):
    code, result = when_json(capsys, "--now", "2026-11-25T10:00:00+01:00", "vanavond 23:00")
    assert code == 1
    assert result["moment"] is None
    assert "toekomst" in result["error"] and "'vanavond 23:00'" in result["error"]


def test_when_bad_now(capsys):
    assert main(["when", "--now", "gisteren", "nu"]) == 2
    assert "Fout" in capsys.readouterr().err


@pytest.mark.skipif(bool(os.environ.get("PRIVACYLOKET_TEST_DATE")),
                    reason="a child process cannot share the shifted wall clock of this test run")
def test_when_subprocess_uses_the_real_clock():
    before = datetime.now(timezone.utc)
    proc = subprocess.run([sys.executable, "-m", "bot", "when", "nu"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    moment = datetime.fromisoformat(result["moment"])
    assert result["error"] is None and moment.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= moment <= datetime.now(timezone.utc)
    proc = subprocess.run([sys.executable, "-m", "bot", "when", "blabla"], capture_output=True, text=True)
    assert proc.returncode == 1 and json.loads(proc.stdout)["moment"] is None
