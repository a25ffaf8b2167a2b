"""Quantities as operators write them, normalised to IR units (``spec/intent-ir.md``, "Units").

The hub model copies quantities verbatim ("1.5 Gbps", "five nines", "500 µs", "10k", "10pm");
these functions turn them into Mbit/s, ms, fractions, integers and HH:MM. An impossible value
(negative bandwidth, 0 ms, 500 % reliability, 25:00) raises :class:`InvalidValue`, which the
translator reports as the IR error ``invalid``; an unreadable one raises :class:`Unreadable`.
"""
from __future__ import annotations

import re

from netmodel.vocabulary import NUMBER_WORDS, TENS_WORDS


class Unreadable(ValueError):
    """Not a quantity at all (the model wrote something else)."""


class InvalidValue(ValueError):
    """A readable but impossible value."""


_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_ONES = {w: i for i, w in enumerate(NUMBER_WORDS)}
_SMALL = _ONES | TENS_WORDS | {"a": 1, "an": 1}
_FRACTIONS = {"half": 0.5, "halves": 0.5, "quarter": 0.25, "quarters": 0.25, "tenth": 0.1, "tenths": 0.1}
_NUM_RE = re.compile(r"^(?P<sign>-|−|minus\s+|negative\s+)?\s*"
                     r"(?P<num>[1-9]/[1-9]\d{0,3}(?!\d)|\d{1,3}(?: \d{3})+(?![\d.,])|(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:e\d+)?)"
                     r"\s*(?P<rest>.*)$")
_PERCENT = ("%", "percent", "pct", "per cent")
"""The units of a percentage. A number's comma is its decimal point before one or two digits ("1,5 Gbit/s", "2,5 ms") or
in a percentage ("99,999 %"), and between thousands otherwise ("1,500"), as a space between groups of three is
("750 000 kbps")."""


def _words_number(words: list[str]) -> tuple[float, int]:
    """Value of a leading run of number words, and how many words it used; spoken decimals too
    ("two point five", "ninety nine point nine nine")."""
    total, current, used = 0.0, 0.0, 0
    for i, w in enumerate(words):
        if w in ("a", "an") and words[i + 1:i + 2] and (words[i + 1] in _FRACTIONS or words[i + 1] == "dozen"):
            pass  # "one and a half", "a quarter", "half a dozen": the article of the fraction or dozen
        elif w in _FRACTIONS and "dozen" in words[max(0, i - 3):i]:  # "a dozen and a half" = 18
            current *= 1 + _FRACTIONS[w]
        elif w in _FRACTIONS:  # "one and a half" = 1.5, "three quarters" = 0.75, "half" = 0.5
            current = current * _FRACTIONS[w] if current and w not in ("half", "halves") else current + _FRACTIONS[w]
        elif w in _SMALL and not (w in ("a", "an") and used):
            current += _SMALL[w]
        elif w in _SCALES and (used or w in ("hundred", "dozen")):
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0.0
        elif w == "and" and used:
            pass
        else:
            break
        used += 1
    if used and words[used - 1] == "and":
        used -= 1
    digits = []
    if used < len(words) and words[used] == "point":  # "two point five", "point two"
        for w in words[used + 1:]:
            if _SMALL.get(w) not in range(10) or w in ("a", "an"):
                break
            digits.append(str(_SMALL[w]))
    if digits:
        return float(f"{int(total + current)}.{''.join(digits)}"), used + 1 + len(digits)
    return total + current, used


def _decimal_comma(num: str, rest: str) -> bool:
    """Whether the comma of ``num`` is a decimal one ("0,8 ms", "99,999 %"), not a thousands separator ("1,500")."""
    return bool(re.fullmatch(r"\d+,\d{1,2}", num) or re.fullmatch(r"\d{1,3},\d+", num) and rest.startswith(_PERCENT)
                or re.fullmatch(r"\d+,\d{4,}", num))


UNIT_AFTER = (r"\s*(?:%|per ?cent|pct|s\b|secs?\b|seconds?\b|ms\b|msec|millisec\w*|µs|us\b|microsec\w*|[kmgt]bps|"
              r"[kmgt]bit\w*|[kmgt]b/s|gigs?\b|megs?\b|giga\w*|mega\w*|[kmgt]b?\b|\(\s*(?:ms|s|%)\s*\))")
"""A unit after a number: the number is a quantity, not a clock time or a count."""
NOT_A_NUMBER = re.compile(rf"(?<![\w.-])(?:nan|inf|infinity|infinite|∞|unlimited|unbounded|\d{{309,}})(?!\s*(?:s|us)\b)"
                          rf"(?:{UNIT_AFTER})\b", re.I)
"""A quantity written without a finite number ("NaN Mbps", "∞ ms", "unlimited Gbps", 400 nines before "ms", which a float
holds as infinity): nothing a policy can hold."""


def not_a_number(text: str) -> str | None:
    """The first quantity of ``text`` that has a unit but no finite number ("NaN Mbps"), or None."""
    return None if (m := NOT_A_NUMBER.search(text)) is None else m[0]


DECIMAL_COMMA = re.compile(rf"(?<![\d,.])(\d+,\d+)(?![\d,])({UNIT_AFTER})", re.I)
DOTTED_RANGE = re.compile(r"(?<![\d.,])([01]?\d|2[0-4])\.(00|15|30|45)(\s*(?:-|–|—|to|a|à|al|bis|until|till|se|tak|hasta|"
                          rf"jusqu'?à|alle|até|ate|do|sampai)\s*)([01]\d|2[0-4])\.(00|15|30|45)(?!\d|[.,]\d)"
                          rf"(?!{UNIT_AFTER})", re.I)
"""A clock range written with dots: the second hour of two digits, on the hour or a quarter ("06.00 à 22.00",
"18.00-23.30"); not a version ("1.28 to 1.30"), a date ("01.06 to 15.06") nor a ratio."""
COUNTED = (r"(?:sensor|device|meter|camera|user|subscriber|terminal|robot|vehicle|truck|drone|phone|handset|ue|tag|collar)"
           r"(?:s|es)?\b|(?:gerät|sensore|sensori|capteur|dispositi|appareil|compteur|czujnik|urządze|cihaz|perangkat|medidor|"
           r"contador)\w*")
FOUR_DIGIT_RANGE = re.compile(r"(?<![\w:.,/#-])([01]\d|2[0-3])(00|15|30|45)(\s*(?:-|–|—|to|until|till)\s*)"
                              r"([01]\d|2[0-3])(00|15|30|45)(\s*(?:h|hrs|hours|local|utc)\b)?"
                              rf"(?![\w:/-]|[.,]\d|{UNIT_AFTER}|\s*(?:[\w-]+\s+)?(?:{COUNTED}))", re.I)
"""A clock range written as two four-digit times ("1930-2330", "window 0600-1800", "from 1930 to 2230"), on the hour or
a quarter past, to or half past it: read as one where a time says so (a leading zero, minutes, "hours" after it or a
word of time before it), never after a word that counts something else ("ports 1000-1100", "years 2000-2015")."""
TIME_BEFORE = re.compile(r"(?i)\b(?:when|window|hours?|time|times|schedule\w*|slot|tonight|tomorrow|today|daily|nightly|shift|"
                         r"morning|evening|night|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|concert|match|event)\b"
                         r"[^.;\n\d]{0,20}$")
"""Words of time before a four-digit range ("When: 2000-2300", "tomorrow: 1930-2330")."""
COUNTS_BEFORE = re.compile(r"(?i)\b(?:ports?|asn?|vlans?|years?|budget|cap|limit|devices?|sensors?|bandwidth\w*|rate|id|ids|"
                           r"range|numbers?|mbps|kbps|gbps)\W{0,3}(?:from\s+|between\s+)?$")
"""Words before a four-digit range that count something else ("ports: 1000-1100", "the cap from 1000 to 2000")."""


def _four_digit_window(m: re.Match[str], text: str) -> str:
    """A :data:`FOUR_DIGIT_RANGE` as "HH:MM-HH:MM" where a time says it is one; else as written."""
    before = text[max(0, m.start() - 40):m.start()]
    timed = m[1].startswith("0") or m[2] != "00" or m[5] != "00" or m[6] or TIME_BEFORE.search(before)
    if not timed or COUNTS_BEFORE.search(before) or m[1] + m[2] == m[4] + m[5]:
        return m[0]
    return f"{m[1]}:{m[2]}{m[3]}{m[4]}:{m[5]}"


THOUSANDS_DOT = re.compile(r"(?<![\d.,])([1-9]\d{0,2}(?:\.\d{3})+)(?![\d,]|[.,]\d)(?!\s*(?:%|per|pct))")
"""A figure with dots between groups of three digits ("20.000", "1.500"): thousands where :func:`_thousands` says so."""
COUNTED_AFTER = re.compile(rf"(?i)\s+(?:[\w-]+\s+)?(?:{COUNTED}|(?:board|unit|wearable|tracker|gateway|endpoint|module)s?\b)")
"""What a count of devices counts, a word (of kind or make) between ("2.000 IoT boards", "20.000 sensores")."""
COUNTED_BEFORE = re.compile(rf"(?i)(?<![\w-])(?:{COUNTED})\s*[:=]?\s*(?:(?:from|to|of|at|max|maximum|up to)\s+|[\d.]+\s+)*$")
"""A count's word before it, with only its range words between ("max devices from 2.000 to 3.500"), not a comma ("for
200 users, 1.250 Gbps")."""
UNIT_NEXT = re.compile(rf"(?i)\s*(?:-|–|to)?\s*(?:[\d.]+\s*)?(?:{UNIT_AFTER}|[kmgt]bit|reliab|availab|nines)")
"""A unit of the figure's own after it: a rate, a time, a share, not a count."""
ROUND_RATE = re.compile(r"\.000(?:\s*(?:-|–|to)\s*[1-9]\d{0,2}\.000)?\s*(?:mbit/s|mbps|mb/s|mbit|kbps|kbit/s|kb/s)\b", re.I)
"""A rate in Mbit/s or kbit/s with dots before round thousands ("3.000 Mbit/s", "from 1.000 to 2.000 Mbps"): no one writes
three Mbit/s so."""


def _thousands(m: re.Match[str], text: str) -> str:
    """A :data:`THOUSANDS_DOT` figure without its dots where it counts devices (:data:`COUNTED_AFTER`,
    :data:`COUNTED_BEFORE`) or is a rate in round thousands (:data:`ROUND_RATE`); as written otherwise ("1.500 Gbps")."""
    counted = (COUNTED_AFTER.match(text, m.end()) or COUNTED_BEFORE.search(text[max(0, m.start() - 40):m.start()])) and \
        not UNIT_NEXT.match(text, m.end())  # "reserve 2.500 Mbps camera uplink": a rate
    return m[1].replace(".", "") if counted or ROUND_RATE.match(text, m.end() - 4) else m[1]


NINES_ABROAD = {"three": "tres|tre|trois|drei|três|trzy|üç|tiga", "four": "cuatro|quattro|quatre|vier|quatro|cztery|dört|empat",
                "five": "cinco|cinque|cinq|fünf|pięć|beş|lima", "six": "seis|sei|six|sechs|sześć|altı|enam"}
NINES = re.compile(r"\b(\d|" + "|".join(NINES_ABROAD.values()) + r")\s+(?:nueves|nove|neuf|neufs|neunen|noves|dziewiątek|"
                   r"dziewiątki|dokuz|sembilan)\b", re.I)


ISO_WINDOW = re.compile(r"(?<![\w:/])T([01]\d|2[0-3]):([0-5]\d)(?::00)?\s*/\s*T?([01]\d|2[0-3]):([0-5]\d)(?::00)?(?![\w:/])")
"""A time interval as ISO 8601 writes it, times of day apart by a slash ("T20:00/T23:00"; "15:30/18:30" may be two
times)."""

HOURS_WINDOW = re.compile(r"(?i)\bfrom the ([01]?\d|2[0-3]) hours? (until|till|to) the ([01]?\d|2[0-3]|24) hours?\b")
"""A clock range as Spanish, Italian or Portuguese say it, word for word ("from the 8 hours until the 18 hours": "de las
8 horas hasta las 18 horas")."""


METRIC_SLANG = re.compile(r"(?i)(?<![\w.])(\d+(?:\.\d+)?)\s*(mega|giga)s?\b(?![\s-]*(?:bytes?|bits?|bps|hertz|watts?|sensors?|"
                          r"devices?|of\s+(?:storage|ram|memory|data|disk|space|logs?)|per\s+(?:day|week|month|hour)|"
                          r"a\s+(?:day|week|month)|daily|weekly|monthly)\b)")
"""Megabits and gigabits as Spanish, Portuguese and Italian speakers say them: "400 megas", "2 gigas", "1 giga"."""
_HOUR_WORD = "|".join(NUMBER_WORDS[1:13])
_HOUR = rf"(?:\d{{1,2}}(?:[.:][0-5]\d)?|{_HOUR_WORD})"
_DAY_PART = r"(?:in|of) the (?:morning|afternoon|evening)"
_SPOKEN_TIME = rf"(?:(?:quarter|half|ten|five|twenty(?:[- ]five)?) (?:past|to) )?{_HOUR}(?: o'?clock)? {_DAY_PART}"
SPOKEN_WINDOW = re.compile(rf"(?i)\bfrom ({_SPOKEN_TIME}) (to|until|till) ({_SPOKEN_TIME})\b")
"""A window whose two ends are spoken with their part of the day: "from half past seven in the morning until half past
eight in the evening", "from 9 in the morning to 5 of the afternoon" (a Spanish "de la tarde")."""
HOURS_H_WINDOW = re.compile(r"(?i)(\b(?:from|de|du|dès|von|vom|entre|desde|between|tonight|today|tomorrow|daily|nightly)"
                            r"\s+)([0-2]?\d)h(\d{2})?(\s*(?:-|–|to|until|till|a|à|al|bis|hasta|and|et|y|und)\s*)([0-2]?\d)h(\d{2})?"
                            r"(?![\w:])")
"""A window in hours marked "h", as French, Spanish and German writers give it, after a word that opens a window
("from 19h until 23h", "tonight 22h to 2h"; "keep it 12h to 24h" is a duration); 24h is midnight."""
SPOKEN_PERCENT = re.compile(r"(?i)(?<!hundred )(?<!and )\b((?:(?:ninety|eighty)[- ](?:one|two|three|four|five|six|seven|eight|"
                            r"nine)|ninety|eighty)(?: point(?: (?:zero|oh|one|two|three|four|five|six|seven|eight|nine))+)?)"
                            r" (?:percent|per cent)\b")
"""A percentage spoken in words ("ninety-nine point nine percent"): written in figures, as reliabilities are read."""


_FIRST_WORD = "|".join(sorted([*NUMBER_WORDS, *TENS_WORDS], key=len, reverse=True))
_NUMBER_WORD = f"{_FIRST_WORD}|hundred|thousand|dozen"
_DIGIT_WORD = "|".join(["oh", *NUMBER_WORDS[:10]])
_POINT = rf"point(?:[ \t]+(?:{_DIGIT_WORD})\b){{1,6}}"
_SPOKEN_NUMBER = (rf"(?:(?:an?[ \t]+(?:hundred|thousand|dozen)|(?:{_FIRST_WORD}))\b"
                  rf"(?:(?:[ \t-]{{1,3}}|(?:(?<=hundred)|(?<=thousand))[ \t]+and[ \t]+)(?:{_NUMBER_WORD})\b){{0,8}}"
                  rf"(?:[ \t]+{_POINT})?|{_POINT})")
SPOKEN_QUANTITY = re.compile(rf"(?i)(?<![\w.-])(?<!half )({_SPOKEN_NUMBER})(?:[ \t]+(k)\b|(?=[ \t]?(?:meg|megs|mbps|"
                             r"megabits?|gig|gigs|gbps|gigabits?|milliseconds?|millis|msecs?|ms|percent|per cent|sensors|"
                             r"devices|meters|cameras|robots|vehicles|drones|rounds|epochs|local epochs)\b))")
SPOKEN_SETTING = re.compile(rf"(?i)\b((?:tcp|udp)[ \t]+port|port[ \t]+number|layer|epsilon)([ \t]+)({_SPOKEN_NUMBER})(?![\w-])"
                            rf"(?![ \t]{{1,3}}(?:and[ \t]+)?(?:{_NUMBER_WORD}|oh|point)\b)")
SPOKEN_CORRECTION = re.compile(rf"(?i)\b(make it|make that|i mean|i meant|sorry|correction)([ \t,:]+)({_SPOKEN_NUMBER})"
                               r"(?=[ \t]*(?:[.,;!?\n]|$))")
"""A quantity said in words, as dictation writes it ("ten k sensors", "seven hundred and fifty meg", "one point two
gig", "a hundred and ten percent", "a dozen rounds"), a setting's number ("port seventy thousand", "cut layer four",
"epsilon point five") and a number said to correct another ("three milliseconds no make it five"). A setting said digit
by digit ("tcp port four four three") is left to the model as said."""
MILITARY_SAID = re.compile(r"(?i)\b(?:oh|zero)[ \t]+[a-z]+[ \t]+hundred\b|\bhundred[ \t]+hours?\b")
"""A time said the 24-hour way ("oh six hundred", "twenty two hundred hours"): its text keeps its quantities in words,
whose "hundred" the model reads beside it ("from oh six hundred to fourteen hundred, eight hundred meg")."""
TIME_MARKED = re.compile(r"hundred|o'?clock|\b[ap]\.?[ \t]?m\b|morning|afternoon|evening|night|noon|midday|midnight|quarter|"
                         r"half past")
"""Words that make a window said in words a time of day ("from quarter to seven in the evening until eleven p m" is
written 18:45-23:00; "from one to two paths" is no window)."""


def _proper(words: list[str]) -> bool:
    """Whether number words make one number ("twenty five", "seven hundred and fifty"), not two said in a row ("four
    fifteen", "twenty thirty", "twenty and thirty")."""
    for a, b in zip(words, words[1:]):
        if a in _ONES and (b in _ONES or b in TENS_WORDS) or a in TENS_WORDS and (b in TENS_WORDS or _ONES.get(b, 1) >= 10) \
                or b == "and" and a not in ("hundred", "thousand"):
            return False
    return words[-1] != "and"


def _in_figures(said: str, last: bool = True) -> str:
    """``said``'s number in figures; of a run of words that is not one number, its ``last`` number ("cut layer four
    fifteen rounds": fifteen rounds), or nothing."""
    tokens = said.split()
    for k in range(len(tokens) if last else 1):
        words = " ".join(tokens[k:]).casefold().replace("-", " ").split()
        words = ["zero" if w == "oh" else w for w in (["zero", *words] if words[0] == "point" else words)]
        if words[0] in ("and", "hundred", "thousand") or \
                not _proper(words[:words.index("point")] if "point" in words else words):
            continue
        value, used = _words_number(words)
        if used == len(words):
            return " ".join([*tokens[:k], f"{value:g}"])
    return said


def _spoken_percent(m: re.Match[str]) -> str:
    words = m[1].casefold().replace("-", " ").replace(" oh", " zero").split()
    value, used = _words_number(words)
    return f"{value:g}%" if used == len(words) else m[0]


def _spoken_window(m: re.Match[str]) -> str:
    try:
        return f"from {clock(m[1])} {m[2]} {clock(m[3])}"
    except ValueError:  # "from 13 in the afternoon ...": left for the model and the checks to refuse as written
        return m[0]


def written_plainly(text: str) -> str:
    """``text`` with the quantities other languages write their own way in the notation the translator reads: decimal
    commas as points ("0,8 ms, 99,99 %"; its output separates list items with commas), clock ranges with dots as colons
    ("de 06.00 à 22.00"), ISO intervals with a dash ("T20:00/T23:00") and "from the 8 hours until the 18 hours" on the
    clock, thousands dots dropped in counts and round rates ("20.000 sensores", "max devices from 2.000 to 3.500",
    "3.000 Mbit/s"), "cinco nueves" as "five nines" and
    "ninety-nine point nine percent" as "99.9%",
    "400 megas" as "400 Mbps", windows in "h" and spoken windows on the clock ("19h until 23h", "from 9 in the morning to 5 of
    the afternoon"), quantities said in words in figures (:data:`SPOKEN_QUANTITY`, :data:`SPOKEN_SETTING`,
    :data:`SPOKEN_CORRECTION`) and a window said in words on the clock (:data:`TIME_MARKED`). A
    count ("3,000 sensors"), a list ("gnb 2,3") and a rate not in round thousands ("1.500 Mbps") keep theirs."""
    if not re.search(r"\brespectively\b", text, re.I):  # "5,10 ms for A and B respectively" is a list
        text = DECIMAL_COMMA.sub(lambda m: (m[1].replace(",", ".") if _decimal_comma(m[1], m[2].strip().casefold())
                                            and not re.fullmatch(r"\d+,\d00", m[1]) else m[1]) + m[2], text)
    text = ISO_WINDOW.sub(r"\1:\2-\3:\4", DOTTED_RANGE.sub(r"\1:\2\3\4:\5", text))
    text = FOUR_DIGIT_RANGE.sub(lambda m: _four_digit_window(m, text), text)
    text = HOURS_WINDOW.sub(lambda m: f"from {int(m[1]):02d}:00 {m[2]} {int(m[3]) % 24:02d}:00", text)
    text = HOURS_H_WINDOW.sub(lambda m: f"{m[1]}{int(m[2]):02d}:{m[3] or '00'}{m[4]}"
                              f"{0 if int(m[5]) == 24 and not m[6] else int(m[5]):02d}:{m[6] or '00'}", text)
    text = METRIC_SLANG.sub(lambda m: f"{m[1]} {'Mbps' if m[2].casefold() == 'mega' else 'Gbps'}", text)
    text = SPOKEN_WINDOW.sub(_spoken_window, text)
    text = SPOKEN_PERCENT.sub(_spoken_percent, THOUSANDS_DOT.sub(lambda m: _thousands(m, text), text))
    if not MILITARY_SAID.search(text):  # "oh six hundred to fourteen hundred, eight hundred meg": words the model reads
        text = SPOKEN_QUANTITY.sub(lambda m: _in_figures(m[1]) + (m[2] or ""), text)
    text = SPOKEN_SETTING.sub(lambda m: m[1] + m[2] + _in_figures(m[3], last=False), text)
    text = SPOKEN_CORRECTION.sub(lambda m: m[1] + m[2] + _in_figures(m[3], last=False), text)
    if len(text.casefold()) == len(text) and TIME_MARKED.search(text.casefold()):  # most texts say no time in words
        for said in windows(text):
            start, end = said.split(" until ", 1)
            if TIME_MARKED.search(said) and not re.search(r"\d", said) and \
                    (m := re.search(rf"(?<![\w'-]){re.escape(start)}\s*(?:–|—|-|to|until|till|through)\s*{re.escape(end)}"
                                    rf"(?![\w'-]|[ \t]+(?:{_NUMBER_WORD}|and|point|hours?)\b)", text.casefold())) and \
                    not re.search(rf"\b(?:{_NUMBER_WORD}|oh|and)[ \t]+$", text[:m.start()].casefold()):
                try:
                    window = schedule(said)
                except ValueError:
                    continue
                text = text[:m.start()] + f"{window['start']}-{window['end']}" + text[m.end():]
    return NINES.sub(lambda m: next((n for n, ws in NINES_ABROAD.items() if re.fullmatch(ws, m[1], re.I)), m[1]) + " nines",
                     text)


def split_number(text: str) -> tuple[float, str]:
    """(number, the rest) of e.g. ``"1.5 gbps"``, ``"-50 mbps"``, ``"twenty-five ms"``, ``"10k"``."""
    t = text.strip().casefold().replace("\u2009", " ").replace("\xa0", " ")
    m = _NUM_RE.match(t)
    if m:
        sign, num, rest = -1.0 if m.group("sign") else 1.0, m.group("num"), m.group("rest").strip()
        if "/" in num:  # "1/4 Gbps", "1/16 Gbps"; not "10/100 Mbps" (an Ethernet label) nor "24/7"
            over, under = map(int, num.split("/"))
            if over >= under:
                raise Unreadable(f"not a fraction of a unit: {text!r}")
            return sign * over / under, rest
        num = num.replace(" ", "")  # "750 000 kbps": thousands apart by spaces (SI)
        return sign * float(num.replace(",", "." if _decimal_comma(num, rest) else "")), rest
    sign = 1.0
    for neg in ("minus ", "negative ", "-"):
        if t.startswith(neg):
            sign, t = -1.0, t[len(neg):].strip()
    words = re.split(r"[\s-]+", t)
    value, used = _words_number(words)
    if not used:
        raise Unreadable(f"no number in {text!r}")
    return sign * value, " ".join(words[used:])


_FILLERS = {"of", "bandwidth", "throughput", "latency", "delay", "guaranteed", "max", "maximum", "minimum", "min"}


def _unit(rest: str, table: dict[str, float], what: str, text: str) -> float:
    words = [w for w in rest.strip().strip(".").split() if w not in _FILLERS]
    if words[:1] in (["a"], ["an"]):  # "half a gig"
        words = words[1:]
    key = " ".join(words).removesuffix(" per second").removesuffix(" a second").strip()
    if key in table:
        return table[key]
    raise Unreadable(f"unknown {what} unit in {text!r}")


_BANDWIDTH = {"": 1, "m": 1, "mb": 1, "mbps": 1, "mbit/s": 1, "mb/s": 1, "mbit": 1, "meg": 1, "megs": 1,
              "megabit": 1, "megabits": 1, "mbits": 1, "mbits/s": 1, "megabyte": 8, "megabytes": 8, "mbyte/s": 8,
              "g": 1000, "gb": 1000, "gbps": 1000, "gbit/s": 1000, "gb/s": 1000, "gig": 1000, "gigs": 1000,
              "gigabit": 1000, "gigabits": 1000, "gbit": 1000, "gbits": 1000, "gbits/s": 1000,
              "k": 0.001, "kb": 0.001, "kbps": 0.001, "kbit/s": 0.001, "kb/s": 0.001, "kilobit": 0.001,
              "kilobits": 0.001, "kbit": 0.001, "t": 1e6, "tbps": 1e6, "tbit/s": 1e6, "terabit": 1e6, "terabits": 1e6}
_LATENCY = {"": 1, "ms": 1, "msec": 1, "msecs": 1, "millis": 1, "millisecond": 1, "milliseconds": 1,
            "µs": 0.001, "μs": 0.001, "us": 0.001, "usec": 0.001, "microsecond": 0.001, "microseconds": 0.001,
            "micro second": 0.001, "micro seconds": 0.001, "milli second": 1, "milli seconds": 1,
            "s": 1000, "sec": 1000, "secs": 1000, "second": 1000, "seconds": 1000, "ns": 1e-6,
            "nanoseconds": 1e-6}
BANDWIDTH_UNITS, LATENCY_UNITS = frozenset(_BANDWIDTH) - {""}, frozenset(_LATENCY) - {""}
"""The units a bandwidth and a latency are written in."""


def _positive(value: float, what: str, text: str) -> float:
    if value <= 0:
        raise InvalidValue(f"{what} must be positive, not {text!r}")
    return value


def bandwidth_mbps(text: str) -> float:
    """``"1 Gbps"`` -> 1000, ``"100 kbps"`` -> 0.1, ``"50"`` -> 50 (Mbit/s assumed)."""
    value, rest = split_number(text)
    return _positive(round(value * _unit(rest, _BANDWIDTH, "bandwidth", text), 9), "bandwidth", text)


def latency_ms(text: str) -> float:
    """``"5 ms"`` -> 5, ``"500 µs"`` -> 0.5."""
    value, rest = split_number(text)
    return _positive(round(value * _unit(rest, _LATENCY, "latency", text), 9), "latency", text)


def reliability(text: str) -> float:
    """``"five nines"`` -> 0.99999, ``"99.9%"`` -> 0.999, ``"0.9999"`` as is."""
    t = text.strip().casefold()
    m = re.fullmatch(r"(.+?)\s*(?:nines|9'?s)", t)
    if m:
        n, rest = split_number(m.group(1))
        if rest or n != int(n) or not 1 <= n <= 12:
            raise InvalidValue(f"{text!r} is not a number of nines")
        return round(1 - 10 ** -int(n), int(n))
    value, rest = split_number(t)
    if rest in _PERCENT:
        value /= 100
    elif rest:
        raise Unreadable(f"unknown reliability form {text!r}")
    elif value > 1:
        value /= 100  # "reliability 99.99" means per cent
    if not 0 < value <= 1:
        raise InvalidValue(f"reliability must be between 0 and 100 %, not {text!r}")
    return round(value, 12)


_COUNT_SCALE = {"": 1, "k": 1000, "thousand": 1000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000}


def count(text: str, what: str = "count") -> int:
    """Whole numbers >= 1: ``"10k"`` -> 10000, ``"a million"`` -> 1000000, ``"twenty"`` -> 20, ``"x2"`` -> 2."""
    value, rest = split_number(re.sub(r"^\s*[x×]\s*(?=\d)", "", text))
    first = rest.split(" ", 1)[0] if rest else ""
    scale = _COUNT_SCALE.get(first)
    if scale is None:
        scale = 1  # a trailing noun ("devices", "rounds") carries no scale
    value *= scale
    if value != int(value):
        raise InvalidValue(f"{what} must be a whole number, not {text!r}")
    if value < 1:
        raise InvalidValue(f"{what} must be at least 1, not {text!r}")
    return int(value)


def port(text: str) -> int:
    value, rest = split_number(text)
    if rest or value != int(value) or not 0 <= value <= 65535:
        raise InvalidValue(f"port must be a whole number from 0 to 65535, not {text!r}")
    return int(value)


def positive(text: str, what: str) -> float:
    value, rest = split_number(text)
    if rest:
        raise Unreadable(f"{what}: unexpected {rest!r} in {text!r}")
    return _positive(value, what, text)


_SPOKEN_HALF = {"p m": "pm", "a m": "am", "in the morning": "am", "in the afternoon": "pm", "in the evening": "pm",
                "at night": "pm", "in the night": "pm", "tonight": "pm",
                "of the morning": "am", "of the afternoon": "pm", "of the evening": "pm", "of the night": "pm"}
_SMALL_HOURS = re.compile(r"\b(?:1|2|3|4|12|one|two|three|four|twelve)(?:[: ]\d{2}| \w+)? (?:at|in the|of the) night$")
"""The hours after midnight, which "at night" places in the morning ("3 at night" is 03:00, "quarter past one at night"
01:15, "12 at night" midnight; "10 at night" 22:00)."""
_MILITARY = re.compile(r"(?:oh|zero) (.+?) hundred(?: hours?)?|(.+?) hundred hours?")
"""A spoken 24-hour time, marked as one by its "oh" or its "hours" ("oh six hundred", "eighteen hundred hours"); a bare
"six hundred" is an amount."""


_MINUTE_WORDS = ("quarter", "half", "ten", "five", "twenty")  # "<word> past/to <hour>"


def _spoken_clock(t: str) -> str:
    """ "quarter past eleven", "six thirty p m", "eight o'clock in the evening" -> "11:15", "6:30 pm", "8 pm"."""
    if _SMALL_HOURS.search(t) and not re.search(r"\bto (?:12|twelve)\b", t):  # "quarter to twelve at night": 23:45
        t = re.sub(r" (?:at|in the|of the) night$", " am", t)
    if m := _MILITARY.fullmatch(t):
        words = (m.group(1) or m.group(2)).replace("-", " ").split()
        hour, used = _words_number(words)
        if used == len(words) and hour == int(hour) and 0 <= hour <= 23:
            return f"{int(hour):02d}:00"
    for spoken, half in _SPOKEN_HALF.items():
        t = re.sub(rf"\b{spoken}\b", half, t)
    t = re.sub(r"\bo'?clock\b", "", t).strip()
    t = re.sub(rf"^half (?=(?:{_HOUR_WORD})\b)", "half past ", t)  # "half seven": 7:30, as Britain says it
    m = re.fullmatch(rf"({'|'.join(_MINUTE_WORDS)}|twenty[- ]five) (past|to) (.+)", t)
    if m:
        minutes = {"quarter": 15, "half": 30}.get(m.group(1)) or int(split_number(m.group(1))[0])
        hour, rest = (12.0, m.group(3)) if m.group(3) in ("noon", "midday", "midnight") else split_number(m.group(3))
        if hour != int(hour):
            raise Unreadable(f"not a time of day: {t!r}")
        hour, minutes = (int(hour), minutes) if m.group(2) == "past" else (int(hour) - 1 or 12, 60 - minutes)
        if rest == "midnight":  # "quarter to midnight": 23:45
            return f"{(hour + 12) % 24}:{minutes:02d}"
        return f"{hour}:{minutes:02d} {'' if rest in ('noon', 'midday') else rest}".strip()
    words = t.split()
    if words and re.fullmatch(r"[a-z-]+", words[0]) and words[0] not in ("noon", "midday", "midnight"):
        hour, used = _words_number(words[0].split("-"))
        if used:
            rest = words[1:]
            minute, used_m = _words_number(rest) if rest and rest[0] not in ("am", "pm") else (0.0, 0)
            if hour == int(hour) and minute == int(minute):
                return f"{int(hour)}:{int(minute):02d} {' '.join(rest[used_m:])}".strip()
    return t


def clock(text: str) -> str:
    """A time of day as HH:MM: ``"22:00"``, ``"9am"``, ``"9:30 pm"``, ``"noon"``, ``"midnight"``, and spoken
    (``"quarter past eleven"``, ``"six thirty p m"``, ``"six in the evening"``)."""
    t = _spoken_clock(text.strip().casefold().replace(".", ""))
    if t in ("noon", "midday"):
        return "12:00"
    if t == "midnight":
        return "00:00"
    t = re.sub(r"^(\d{4})\s*hours?$", r"\1", t)  # "0600 hours"; "2 hours" is a duration
    m = re.fullmatch(r"(\d{1,2})(?:[:h]?(\d{2}))?\s*(am|pm|a|p|h|hrs)?", t)
    if not m:
        raise Unreadable(f"not a time of day: {text!r}")
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), {"a": "am", "p": "pm"}.get(m.group(3), m.group(3))
    if half in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise InvalidValue(f"{text!r} is not a time of day")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise InvalidValue(f"{text!r} is not a time of day")
    return f"{hour:02d}:{minute:02d}"


_PM = re.compile(r"(?:pm|p\s?m|(?<=\d)p|afternoon|evening|night)$")
_AM = re.compile(r"(?:am|a\s?m|(?<=\d)a|morning)$")


def _with_half(part: str, other: str) -> str | None:
    """``part`` read in ``other``'s half of the day ("11" next to "8pm": 23:00), or None when ``part``
    states its own, is 24-hour style ("08:00", "13:30") or a word such as noon."""
    other = other.replace(".", "")
    half = "pm" if _PM.search(other) else "am" if _AM.search(other) else None
    if half is None or _PM.search(part.replace(".", "")) or _AM.search(part.replace(".", "")) \
            or re.match(r"0\d|noon|midday|midnight", part):
        return None
    try:
        return clock(f"{part} {half}")
    except ValueError:
        return None


_TWENTY_FOUR = re.compile(r"\d\s?[:h]|\b(?:0\d|1[3-9]|2[0-4])\b|noon|midday|midnight|hundred")
"""A time written on the 24-hour clock or by name, which "at night" after the other end of its window does not move."""


def schedule(text: str) -> dict[str, str]:
    """``"22:00-02:00"`` or ``"10pm to 2am"`` -> {"start": "22:00", "end": "02:00"} (may wrap midnight).
    One end without am/pm takes the other's when that keeps the window in order: "8pm till 11" is
    20:00-23:00, "6 to 10 pm" 18:00-22:00, but "10pm to 2" stays 22:00-02:00. Two bare hours, a start from 7 to 11 and
    an end from 1 to 6, read as a working day: "9 to 5" is 09:00-17:00; a bare end after noon is in the afternoon: "noon to
    4:30" is 12:00-16:30 ("22 to 5", "9pm to 5", "07-05", "9 to 7" wrap)."""
    t = re.sub(r"^(?:from|between)\s+", "", text.strip().casefold())
    not_minutes = "".join(f"(?<!{w} )" for w in _MINUTE_WORDS)  # not the "to" of "quarter to nine"
    parts = [p for p in re.split(rf"\s*(?:–|—|-|{not_minutes}\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b)\s*", t) if p]
    if len(parts) != 2:
        raise Unreadable(f"not a time window: {text!r}")
    bare = not (_PM.search(parts[0]) or _AM.search(parts[0]) or _TWENTY_FOUR.search(parts[0]))
    if bare and (night := re.search(r" (?:at|in the) night$", parts[1])):
        parts[0] += night[0]  # "10 to 2 at night": 22:00-02:00
    start, end = clock(parts[0]), clock(parts[1])
    if re.fullmatch(r"[7-9]|1[01]", parts[0]) and re.fullmatch(r"[1-6]", parts[1]) or \
            re.fullmatch(r"noon|midday", parts[0]) and re.fullmatch(r"(?:[1-9]|1[01])(?::[0-5]\d)?", parts[1]):
        end = clock(f"{parts[1]} pm")  # "9 to 5": office hours, 09:00-17:00, not a window through the night
    elif (alt := _with_half(parts[1], parts[0])) is not None and start < alt:
        end = alt
    elif (alt := _with_half(parts[0], parts[1])) is not None and alt < end:
        start = alt
    return {"start": start, "end": end}


_WINDOW_SEP = re.compile(r"(?<!\s)\s*(?:–|—|-|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*")  # from a run's first space


def _clock_like(text: str) -> bool:
    try:
        clock(text)
    except InvalidValue:
        return True  # a time, if not of day ("2630h")
    except Unreadable:
        return False
    return True


def _on_the_dial(window: str) -> tuple[str, ...] | None:
    """A window's ends as a twelve-hour clock shows them ("two until four" and "14:00 until 16:00" alike), or None."""
    try:
        read = schedule(window)
    except ValueError:
        return None
    return tuple(f"{int(hhmm[:2]) % 12}:{hhmm[3:]}" for hhmm in (read["start"], read["end"]))


def windows(text: str) -> list[str]:
    """The time windows ``text`` writes, as written ("8 in the morning until 6 in the evening",
    "2000h until midnight", "8 until 11pm"): the longest time-like words either side of each
    "to"/"until"/"-". One window read twice counts once; a window past the clock counts as written, and one restated in
    brackets right after it ("from two till four (14:00 to 16:00)", the same on a twelve-hour dial) as the brackets write
    it."""
    t = text.casefold()
    found: dict[str, str] = {}
    last: tuple[str, str] | None = None  # the window before, and its end as written
    for m in _WINDOW_SEP.finditer(t):
        left = t[:m.start()].split()[-8:]  # "twenty five past seven in the evening"
        start = next((s for s in (" ".join(left[i:]).strip(",;:()") for i in range(len(left))) if _clock_like(s)), None)
        end = _time_at(t, m.end())
        if start and end and start not in _MINUTE_WORDS:
            window = f"{start} until {end}"
            if last and re.search(rf"{re.escape(last[1])}\s*\(\s*{re.escape(start)}$", t[:m.start()].rstrip()) and \
                    _on_the_dial(last[0]) == _on_the_dial(window) is not None:
                found = {k: v for k, v in found.items() if v != last[0]}  # the brackets restate the window before
            last = (window, end)
            try:
                found.setdefault(str(schedule(window)), window)
            except InvalidValue:
                found.setdefault(window, window)
            except Unreadable:
                continue
    return list(found.values())


_KEPT = r"(?:remains\s+|stays\s+|still\s+|is\s+still\s+|(?:is\s+)?unchanged\s+|now\s+)?"
START_SAID = re.compile(rf"\bstart(?:s|ing|ed)?(?:\s+time)?\s+(?:already\s+|back\s+|{_KEPT})(?:at\s+|to\s+|from\s+|=\s*|:\s*)?")
END_SAID = re.compile(rf"\bend(?:s|ing|ed)?(?:\s+time)?\s+(?:it\s+)?{_KEPT}(?:at\s+|to\s+|=\s*|:\s*)?")
"""A window's ends said apart ("to start at seven pm instead, still ending at eleven", "start at 05:30, end remains
14:00", "starts already at 21h and ends at 6h", "end it at 23:59 instead; start stays 17:00", "end at 00:30 (start
unchanged at 19:00)")."""


def _time_at(t: str, at: int) -> str | None:
    """The longest run of up to eight words at ``at`` that reads as a time of day."""
    words = t[at:].split()[:8]  # "five past seven in the evening"
    return next((e for e in (" ".join(words[:j]).strip(",;:().?!") for j in range(len(words), 0, -1)) if _clock_like(e)), None)


def start_end(text: str) -> dict[str, str] | None:
    """The window whose start and end ``text`` says apart (:data:`START_SAID`, :data:`END_SAID`), read as one
    (:func:`schedule`: "seven pm" to "eleven" is 19:00-23:00); None when it says either twice or not as a time, or
    writes a window of its own (:func:`windows`: "the match starts at 18:00 and ends at 20:00; a slice from 17:00 to
    21:00")."""
    t = text.casefold()
    starts, ends = list(START_SAID.finditer(t)), list(END_SAID.finditer(t))
    if len(starts) != 1 or len(ends) != 1 or not (a := _time_at(t, starts[0].end())) or not (b := _time_at(t, ends[0].end())) \
            or windows(t):
        return None
    try:
        return schedule(f"{a} to {b}")
    except ValueError:
        return None

