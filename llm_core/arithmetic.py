"""Figures a request works out instead of stating them: "double it, it runs at 400 Mbps now", "a quarter more
than the 800 it has", "cut it by 20 % from 1 Gbps", "40 cameras at 8 Mbps each", "2 Gbps minus 500 Mbps".

The model copies a figure well and computes one badly (it answers the base, 400, for "double it, it runs at 400
Mbps"), so :func:`worked_out` writes the result where the sum was before the model reads the text. A change said of
"it" or "that" ("Halve it.", "Knock 40 % off.") takes as its base the one figure of the kind it names that is said to
be the present one, in its own sentence or the one before or after; the base is then written as the result too, so
that the text carries one figure. Sums are made only of bandwidth shared by what a slice carries (cameras, sensors,
streams), never of figures each path, slice or node gets, nor of latencies; a reliability is never changed by a share.
A relative figure with no base ("double whatever it has now") is left as written, and :func:`step_as_figure` finds a
translation that wrote its step as the figure, for the translator to refuse. A result of zero or below is written as
it comes out, so that the value check refuses it as impossible."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from netmodel.vocabulary import NUMBER_WORDS

from .units import split_number

_UNIT = (r"(?:[kmgt]bps\b|[kmgt]bit/s|[kmgt]b/s|[kmgt]bits?\b|gigs?\b|megs?\b|ms\b|msecs?\b|milliseconds?\b|µs|μs|"
         r"us\b|microseconds?\b|seconds?\b|secs?\b|%|percent\b|per cent\b|k\b)")
_SCALE = {"k": 0.001, "m": 1, "g": 1000, "t": 1e6}
_COUNT_WORDS = {w: i for i, w in enumerate(NUMBER_WORDS) if 2 <= i <= 20} | {"a dozen": 12, "a pair of": 2}
_COUNT = rf"\d{{1,3}}(?:,\d{{3}})+|\d+|{'|'.join(sorted(_COUNT_WORDS, key=len, reverse=True))}"


class Figure(NamedTuple):
    value: float
    unit: str
    """"Mbps", "ms", "%" or "" (a bare count)."""


def _q(name: str) -> str:
    """A figure with its unit, if any, in groups ``name`` and ``name_u``."""
    return (rf"(?<![\w.,/:-])(?P<{name}>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?!\d|[.,]\d|:\d|-\w)"
            rf"(?:\s*(?P<{name}_u>{_UNIT}))?(?({name}_u)|(?![a-z]|\s+(?:million|thousand|lakh|billion|hundred)\b))")


def _figure(m: re.Match[str], name: str) -> Figure:
    """A figure in the unit it is summed in: Mbit/s, ms, per cent or bare."""
    value = split_number(m[name])[0]
    unit = (m[f"{name}_u"] or "").casefold()
    if not unit or unit == "k":  # "12k devices"
        return Figure(value * (1000 if unit else 1), "")
    if unit in ("%", "percent", "per cent"):
        return Figure(value, "%")
    if "b" in unit or unit.startswith(("gig", "meg")):
        return Figure(value * _SCALE[unit[0]], "Mbps")
    if unit.startswith(("ms", "msec", "milli")):
        return Figure(value, "ms")
    if unit.startswith(("µ", "μ", "us", "micro")):
        return Figure(value / 1000, "ms")
    return Figure(value * 1000, "ms")


def _said(f: Figure) -> str:
    figure = f"{round(f.value, 4):f}".rstrip("0").rstrip(".")
    return f"{figure} {f.unit}" if f.unit and f.unit != "%" else f"{figure}{f.unit}"


def _count(said: str) -> float:
    said = " ".join(said.casefold().split())
    return float(_COUNT_WORDS[said]) if said in _COUNT_WORDS else split_number(said)[0]


_ORDINAL = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
            "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
            "tenth": 10, "tenths": 10}
_NUMERATOR = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "nine": 9}
_FRACTION = (rf"(?:(?:{'|'.join(_NUMERATOR)})[\s-]+(?:{'|'.join(_ORDINAL)})|[1-9]/[1-9]\d?(?![\d/])|half)")
_FACTOR = (r"(?:twice|double|triple|treble|quadruple|(?<![\w.-])(?:\d+(?:\.\d+)?|one|two|three|four|five|ten)"
           r"(?:\s+and\s+a\s+half)?\s*(?:times|×|x(?=\s)))")


def _fraction(said: str) -> float:
    said = " ".join(said.casefold().replace("-", " ").split())
    if "/" in said:
        top, bottom = said.split("/")
        return int(top) / int(bottom)
    if said == "half":
        return 0.5
    top, bottom = said.split(" ")
    return _NUMERATOR[top] / _ORDINAL[bottom]


def _factor(said: str) -> float:
    said = " ".join(said.casefold().split())
    named = {"twice": 2, "double": 2, "triple": 3, "treble": 3, "quadruple": 4}
    if said in named:
        return float(named[said])
    head = re.match(r"[\d.]+|one|two|three|four|five|ten", said)[0]
    value = float(head) if head[0].isdigit() else float(NUMBER_WORDS.index(head))
    return value + 0.5 if "half" in said else value


_STEP = (rf"(?:(?P<frac>{_FRACTION})|(?P<p>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)|{_q('d')}|"
         r"(?P<again>half as much again))")
"""A change: a fraction ("a quarter"), a per cent, an amount ("250 Mbps") or "half as much again"."""


def _step(m: re.Match[str], base: Figure, sign: float) -> Figure | None:
    """``base`` changed by the match's step; None where an amount is not of the base's kind, and for a reliability (a
    per cent or a fraction of one), whose changes are in points or nines, not shares."""
    if base.unit == "%" or base.unit == "" and 0 < base.value < 1:
        return None
    if m["again"]:
        return Figure(base.value * 1.5, base.unit)
    if m["frac"]:
        return Figure(base.value * (1 + sign * _fraction(m["frac"])), base.unit)
    if m["p"] is not None:
        return Figure(base.value * (1 + sign * float(m["p"]) / 100), base.unit)
    step = _figure(m, "d")
    if step.unit == "%":
        return Figure(base.value * (1 + sign * step.value / 100), base.unit)
    if step.unit and base.unit and step.unit != base.unit:
        return None
    return Figure(base.value + sign * step.value, base.unit or step.unit)


_DOWN = re.compile(r"(?i)\b(?:cut|reduce|lower|drop|trim|shrink|decrease|shave|knock|tighten|down|off|less|fewer|"
                   r"minus|under|below|short)\b")


def _sign(said: str) -> float:
    return -1.0 if _DOWN.search(said) else 1.0


_VERB = (r"raise|increase|grow|bump|lift|boost|expand|relax|loosen|cut|reduce|lower|drop|trim|shrink|decrease|shave|"
         r"tighten|bring|take|knock")
_LEAD = (r"(?:(?:the|its|their|that|today's|this\s+week's|last\s+(?:run|week|time|year)'s|of\s+the|of\s+its|"
         r"[a-z][\w-]*['’]s)\s+)?(?:current\s+|present\s+|existing\s+|old\s+|usual\s+|normal\s+|agreed\s+)?")
_HAS = (r"(?:\s+(?:it|that|which|she|they)\s+(?:has|have|had|runs at|runs|is at|gets|sits at|carries|holds|does)"
        r"(?:\s+now|\s+today)?)?")
_CLAUSE = r"(?:(?!\band\b|\bthen\b)[^.;:\n()!?])"
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]] = []


def _rule(pattern: str) -> Callable[[Callable[[re.Match[str]], str | None]], Callable[[re.Match[str]], str | None]]:
    def add(fn: Callable[[re.Match[str]], str | None]) -> Callable[[re.Match[str]], str | None]:
        _RULES.append((re.compile(pattern, re.I), fn))
        return fn
    return add


@_rule(rf"(?<![\w.,/:-])(?P<k>{_COUNT})\s+(?P<noun>[a-z-]+?s)(?:\s+now)?,\s+(?:each\s+(?:of\s+them\s+)?(?:getting|at|with|pushing|"
       rf"streaming)\s+(?:[\w-]+\s+at\s+)?{_q('a')}|{_q('b')}\s+(?:per\s+[a-z-]+|each))")
def _listed_each(m: re.Match[str]) -> str | None:
    """"200 cars, 0.5 Mbps per car", "8 theatres, each streaming 4K at 25 Mbps" -> "200 cars, 100 Mbps in total"."""
    each = _figure(m, "a" if m["a"] is not None else "b")
    if not _adds_up(each, m["noun"]) or _count(m["k"]) < 2:
        return None
    return f"{m['k']} {m['noun']}, {_said(Figure(each.value * _count(m['k']), each.unit))} in total"


@_rule(rf"\bsplit\s+{_q('q')}\s+(?:evenly\s+)?(?:(?P<n>two|three|four|five|\d+)\s+ways\s+(?:across|between|over|among)|"
       r"(?:evenly\s+)?(?:across|between|over|among)(?=\s+(?:the\s+)?(?P<n2>two|three|four|five|\d+)\b))")
def _split(m: re.Match[str]) -> str | None:
    """"Split 1 Gbps evenly between the two slices" -> "Give 500 Mbps each to the two slices"."""
    total, n = _figure(m, "q"), _count(m["n"] or m["n2"])
    if total.unit in ("", "%") or n < 1:
        return None  # "between the 0 slices": nothing to split into
    return f"Give {_said(Figure(total.value / n, total.unit))} each to"


_CONSUMERS = (r"(?:cameras?|cams?|devices?|sensors?|meters?|tags?|probes?|cars?|trucks?|vehicles?|phones?|handsets?|robots?|"
              r"arms?|drones?|trackers?|terminals?|users?|subscribers?|streams?|feeds?|lanes?|lines?|uplinks?|channels?|"
              r"screens?|displays?|monitors?|classrooms?|halls?|theatres?|theaters?|cranes?|collars?|kiosks?|machines?|"
              r"buses|bus|players?|fans?|seats?|beds?|rooms?)")
"""What shares one slice or link, so that a figure each of them needs adds up (not paths, slices or nodes, which each
get the figure)."""


def _adds_up(each: Figure, noun: str) -> bool:
    return each.unit == "Mbps" and bool(re.fullmatch(_CONSUMERS, noun.split()[-1], re.I))


_NOT_A_THING = r"(?!(?:to|from|at|on|in|of|via|and|or|the|a|an|with|needs?|pm|am|thousand|hundred|lakh|million)\b)"
_LANES = r"lanes|lines|streams|feeds|links|uplinks|channels|carriers|circuits|pipes"


@_rule(rf"(?<![\w.,/:-])(?P<k>{_COUNT})\s+{_NOT_A_THING}"
       rf"(?:[a-z-]+\s+{_NOT_A_THING})?(?P<noun>[a-z-]+?)s\s+(?:(?P<of>of)|at|with|pushing|streaming|each\s+(?:at|with|getting|"
       rf"pushing|streaming))\s+(?:(?P<inner>\d+)\s+[a-z-]+\s+of\s+)?{_q('a')}"
       r"(?P<each>\s+(?:each|apiece|a piece)|\s+per\s+[a-z-]+)?")
def _each(m: re.Match[str]) -> str | None:
    """"40 cameras at 8 Mbps each" -> "40 cameras, 320 Mbps in total"; "3 lines of 20 Mbps" -> "60 Mbps"."""
    each = _figure(m, "a")
    plural = m["noun"] + "s"
    if re.search(r"(?i)\b(?:gnb|gnodeb|core|node|site|cell|edge|agg|hall|line|factory|hospital)\s*$", m.string[:m.start()]):
        return None  # "gNodeB 9 to the cloud at 300 Mbps": a node's number
    if not _adds_up(each, plural) or _count(m["k"]) < 2 or not (m["each"] or m["inner"] or "each" in m[0].casefold() or
                                                               m["of"] and re.fullmatch(_LANES, plural, re.I)):
        return None
    total = Figure(each.value * _count(m["k"]) * (int(m["inner"]) if m["inner"] else 1), each.unit)
    return f"{m['k']} {plural}, {_said(total)} in total"


@_rule(rf"{_q('a')}\s+(?:(?:for|to|per)\s+each\s+of|(?:per\s+[a-z-]+|each)\s+for)\s+(?:the\s+|its\s+|our\s+)?(?P<k>{_COUNT})\s+"
       r"(?P<noun>[a-z-]+)")
def _for_each(m: re.Match[str]) -> str | None:
    """"50 kbps for each of 2,000 meters", "64 kbps each for 500 tags" -> "2,000 meters, 100 Mbps in total"."""
    each = _figure(m, "a")
    if not _adds_up(each, m["noun"]):
        return None
    return f"{m['k']} {m['noun']}, {_said(Figure(each.value * _count(m['k']), each.unit))} in total"


@_rule(rf"(?<![\w.,/:-])(?P<k>[1-9]\d*(?:\.\d+)?)(?P<things>(?:\s+[a-z]+){{0,2}}?)(?:\s+(?:x|times)\s+|\s*×\s*){_q('a')}"
       rf"(?P<what>\s+[a-z]+)?|{_q('b')}(?:\s+(?:x|times)\s+|\s*×\s*)(?P<k2>[1-9]\d*)(?![\d.\w])(?P<what2>\s+[a-z]+)?")
def _product(m: re.Match[str]) -> str | None:
    """"2 x 250 Mbps" -> "500 Mbps", "3 x 1,500 devices" -> "4500 devices", "64 kbit/s times 100" -> "6.4 Mbps"."""
    name, k = ("a", m["k"]) if m["k"] is not None else ("b", m["k2"])
    f, what = _figure(m, name), (m["what"] or m["what2"] or "")
    things = (m["things"] or "").strip()
    if f.unit not in ("", "Mbps") or things and not re.fullmatch(_CONSUMERS, things.split()[-1], re.I) or \
            not f.unit and not re.fullmatch(_CONSUMERS, what.strip(), re.I):
        return None  # "17 times 23", "4 x 4 MIMO", "3 x 10 ms": no figure of the network that adds up
    return _said(Figure(f.value * float(k), f.unit)) + what


@_rule(rf"(?P<f>{_FACTOR})\s+{_LEAD}{_q('q')}{_HAS}")
def _times(m: re.Match[str]) -> str | None:
    """"twice the 150 it has", "two and a half times its 8 Mbps" -> the product."""
    base = _figure(m, "q")
    if not base.unit and m[0][:1].isdigit() and not re.search(r"(?i)\b(?:the|its|their|current|last)\b", m[0]):
        return None  # "What's 17 times 23?"
    return _said(Figure(base.value * _factor(m["f"]), base.unit))


@_rule(rf"\b(?P<verb>{_VERB})\b(?P<mid>{_CLAUSE}{{0,60}}?)\s+by\s+(?:(?P<frac>{_FRACTION})|(?P<p>\d+(?:\.\d+)?)\s*"
       rf"(?:%|percent\b|per cent\b))\s+of\s+{_LEAD}{_q('q')}{_HAS}")
def _by_part_of(m: re.Match[str]) -> str | None:
    """"Increase its device limit by a quarter of its 800" -> "set its device limit to 1000"."""
    base = _figure(m, "q")
    share = _fraction(m["frac"]) if m["frac"] else float(m["p"]) / 100
    return _set(_named(m), Figure(base.value * (1 + _sign(m["verb"]) * share), base.unit))


@_rule(rf"(?:(?P<frac>{_FRACTION})\s+of|(?P<p>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)\s+of|"
       rf"(?P<half>\bhalf)(?=\s+(?:its|the|their)\s))\s+{_LEAD}{_q('q')}{_HAS}")
def _part_of(m: re.Match[str]) -> str | None:
    """"a third of its 900 Mbps" -> "300 Mbps", "70 % of today's 10 Gbps" -> "7000 Mbps"."""
    base = _figure(m, "q")
    if base.unit == "%" or re.match(r"(?i)[^.;\n]*\b(?:the\s+rest|the\s+remainder|what\s+is\s+left)\b", m.string[m.end():]) or \
            not base.unit and not _counted(m):
        return None  # "30 % of the 2 Gbps link and surg-a the rest": the total is needed as said; "half of the 8 gnbs"
    share = 0.5 if m["half"] else _fraction(m["frac"]) if m["frac"] else float(m["p"]) / 100
    return _said(Figure(base.value * share, base.unit))


@_rule(rf"{_q('q')}(?P<noun>[ \t]+[a-z-]+)?[ \t]+(?P<op>plus|minus|\+)[ \t]+(?:the\s+|another\s+)?{_STEP}"
       r"(?!\s*(?:of|x|×|times)\b)")
def _plus(m: re.Match[str]) -> str | None:
    """"4,000 plus 10 %" -> "4400", "2 Gbps minus the 500 Mbps" -> "1500 Mbps", "60 Mbps plus half as much again"."""
    done = _step(m, _figure(m, "q"), -1.0 if m["op"].casefold() == "minus" else 1.0)
    return _said(done) + (m["noun"] or "") if done else None


@_rule(rf"{_STEP}\s+(?P<dir>more|higher|above|over|up on|on top of|less|lower|below|under|fewer|down on|short of)\s+"
       rf"(?:than\s+)?{_LEAD}(?:what\s+it\s+has,?\s+)?{_q('q')}{_HAS}")
def _relative_to(m: re.Match[str]) -> str | None:
    """"a quarter more than the 800 it has" -> "1000", "10 % under the 2 Gbps cap" -> "1800 Mbps"."""
    way = m["dir"].casefold()
    base = _figure(m, "q")
    more = way in ("more", "less", "fewer")
    if m["d"] is not None and not m["d_u"] and not more or m["d_u"] and _figure(m, "d").unit not in ("%", base.unit) or \
            not base.unit and (not more or not _counted(m)):
        return None  # "1.0 over 40 rounds", "20 ms over 3 hops", "10 % over 3 hours" compare nothing
    done = _step(m, base, _sign(way))
    return _said(done) if done else None


_BASE_SAID = (r"(?:,\s*|\s*\(\s*|\s*[—–-]\s*|\s+)(?:(?:it|that|which|this)(?:'s|\s+is|\s+runs|\s+sits|\s+stands|\s+has|"
              r"\s+gets|\s+currently\s+\w+)?|currently|now|today|for reference,?\s+it'?s)\s+(?:at\s+|on\s+)?(?:only\s+|just\s+)?")
_NOW = rf"(?:\s*(?:now|today|currently|at the moment|at present|right now))?\)?(?!\s*{_UNIT}?\s*(?:down\s+|up\s+)?to\s+\d)"


def _counted(m: re.Match[str]) -> bool:
    """A bare base is a count of what shares a slice ("the 800 it has", "2,000 devices"), not of paths or nodes."""
    return bool(re.search(r"(?i)\b(?:it|that|which|she|they)\s+(?:has|have|had|runs|is|gets|carries|holds|does)", m[0]) or
                re.match(rf"(?i)\s+(?:[a-z]+\s+)?{_CONSUMERS}\b", m.string[m.end():]) or
                re.search(r"(?i)\b(?:devices?|device\s+(?:cap|limit)|rounds?)\b", m.string[max(0, m.start() - 40):m.start()]))


def _result_said(m: re.Match[str]) -> bool:
    """The words between a change and its figure say the figure is the result ("double to 100", "cut it → 300"), bound it
    ("by at least 100 Mbps") or correct it ("by 100 Mbps -- sorry, by 200")."""
    return bool(re.search(r"(?i)(?:\bto|→|->|=)\s*$", m["mid"]) or
                re.search(r"(?i)→|->|\bat\s+(?:least|most)\b|\bup\s+to\b|\bno\s+(?:more|less)\b|\bsorry\b|\bi\s+mean|"
                          r"\bcorrection\b|\brather\b|\bto\s+\d", m[0]))


def _named(m: re.Match[str]) -> str:
    """What a change names between its verb and its base, and after the base: "Raise hospital1-surgery's 0.98
    reliability by 5 %" -> "hospital1-surgery's reliability"."""
    said = re.split(r"(?i)\s+by\s+", m.string[m.end("verb") if "verb" in m.re.groupindex else m.start():m.start("q")])[0]
    said = re.sub(r"(?i)(?:\s+(?:from|of|the|its|current|present|existing|old|usual|normal|agreed|today's|by|off|"
                  r"last\s+\w+'s|\d+(?:\.\d+)?\s*\S*))+\s*$", "", " " + said)
    if "way" in m.re.groupindex and m["way"]:
        said += " " + re.sub(r"(?i)\b(?:up|down|goes)\b", "", m["way"])
    return " ".join(said.split())


def _set(what: str, result: Figure) -> str | None:
    """"set <what the text changes> to <the result>"; None where the words name another kind of figure ("double the
    isolation on fan-zone, it runs at 400 Mbps now", "raise the latency by 5 Mbps")."""
    kind = _kind(what)
    if kind == "skip" or kind is not None and result.unit != kind:
        return None
    what = re.sub(r"(?i)(?:,?\s*(?:which|that|it)\s+(?:has|is|runs))?\s*$", "", what.strip(" ,"))
    what = re.sub(r"(?i)\bits$", "it", what.strip(" ,"))
    return f"set {what or 'it'} to {_said(result)}"


@_rule(rf"\b(?P<verb>{_VERB})\b(?P<mid>{_CLAUSE}{{0,60}}?)\s+(?:by\s+(?:another\s+)?)?{_STEP}(?:\s+(?:off|more|less))?"
       rf"(?:{_BASE_SAID}|\s+(?:from|of|on)\s+{_LEAD}){_q('q')}{_NOW}")
def _step_then_base(m: re.Match[str]) -> str | None:
    """"raise it by 250 Mbps (it sits at 750 today)", "take its bandwidth down 30 % from its 500 Mbps"."""
    if _result_said(m) or not (m["frac"] is None or "by" in m[0].casefold()) or \
            m["d"] is not None and not m["d_u"] and not re.search(r"(?i)\bby\s+(?:another\s+)?\S+$", m.string[:m.end("d")]):
        return None  # "cut it to a third ...": a share, not a change; "drop tcp on port 1883 from ...": no change
    done = _step(m, _figure(m, "q"), _sign(m["verb"] + m["mid"]))
    return _set(m["mid"], done) if done else None


@_rule(rf"\b(?P<verb>{_VERB}|double|halve|triple)\b(?P<mid>{_CLAUSE}{{0,60}}?)\s+(?:from\s+)?{_LEAD}{_q('q')}"
       rf"(?P<way>(?:\s+\w+){{0,2}}?\s+(?:up|down|goes\s+up|goes\s+down)?\s*)by\s+(?:another\s+)?{_STEP}")
def _base_then_step(m: re.Match[str]) -> str | None:
    """"bump the stadium slice from 600 Mbps by 50 %", "cut its 600 Mbps by a third"."""
    if _result_said(m):
        return None
    done = _step(m, _figure(m, "q"), _sign(m["verb"] + m["way"]))
    return _set(_named(m), done) if done else None


@_rule(rf"\b(?P<op>double|triple|treble|quadruple|halve)\b(?![\s-]*check)(?P<mid>{_CLAUSE}{{0,60}}?)(?P<link>{_BASE_SAID}|\s+from\s+{_LEAD}|"
       rf"\s+{_LEAD}){_q('q')}{_NOW}")
def _verb_of_base(m: re.Match[str]) -> str | None:
    """"double fan-zone's bandwidth, it runs at 400 Mbps now" -> "set fan-zone's bandwidth to 800 Mbps"."""
    if _result_said(m) or not m["link"].strip() and not m["mid"].rstrip().endswith(("'s", "’s")):
        return None  # "double to 100 Mbps", "halve it, 5 Gbps is plenty": the result is said
    base = _figure(m, "q")
    return _set(m["mid"], Figure(base.value * (0.5 if m["op"].casefold() == "halve" else _factor(m["op"])), base.unit))


@_rule(rf"\badd\s+(?:another\s+|an\s+extra\s+|a\s+further\s+|extra\s+)?{_STEP}\s+(?:to|onto|on\s+top\s+of)\s+"
       rf"(?P<mid>{_CLAUSE}{{0,40}}?){_LEAD}{_q('q')}")
def _added_to(m: re.Match[str]) -> str | None:
    """"add another 150 Mbps to its current 350" -> "set it to 500 Mbps"."""
    done = _step(m, _figure(m, "q"), 1.0)
    return _set(m["mid"], done) if done else None


@_rule(rf"\b(?:shave|take|knock|trim)\s+{_STEP}\s+off\s+(?:of\s+)?{_LEAD}{_q('q')}(?P<way>(?:\s+(?!(?:of|for|and|then|to|but|or)\b)[a-z]+)?)")
def _taken_off(m: re.Match[str]) -> str | None:
    """"shave 100 Mbps off the 1.2 Gbps" -> "set it to 1100 Mbps", "Take 500 Mbps off campus-video's 300 Mbps" ->
    "set campus-video's to -200 Mbps"."""
    done = _step(m, _figure(m, "q"), -1.0)
    owner = re.search(r"([a-z][\w-]*['’]s)\s+(?:current\s+)?$", m.string[:m.start("q")], re.I)
    return _set(owner[1][:-2] + m["way"] if owner else f"the{m['way']}" if m["way"] else "it", done) if done else None


@_rule(rf"{_q('q')}(?P<way>(?:\s+[a-z]+)?)\s+(?:goes\s+)?(?P<dir>up|down)\s+by\s+(?:another\s+)?{_STEP}")
def _base_moved(m: re.Match[str]) -> str | None:
    """"its 5 ms latency down by 1 ms" -> "its 4 ms latency", "its 200 Mbps goes up by half" -> "its 300 Mbps"."""
    if re.search(r"(?i)\bfrom\s*$", m.string[:m.start()]):
        return None  # "from 20 ms down by half": see _from_base
    done = _step(m, _figure(m, "q"), _sign(m["dir"]))
    return f"{_said(done)}{m['way']}" if done else None


@_rule(rf"\bfrom\s+{_q('q')}\s+(?:(?:down|up)\s+)?to\s+(?P<p>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)(?!\s*of\b)")
def _from_base_to_share(m: re.Match[str]) -> str | None:
    """"from 2.5 Gbps to 40 %" -> "to 1000 Mbps"."""
    base = _figure(m, "q")
    return f"to {_said(Figure(base.value * float(m['p']) / 100, base.unit))}" if base.unit in ("Mbps", "ms") else None


@_rule(rf"\bfrom\s+{_q('q')}\s+(?:(?:down|up)\s+)?(?:to\s+(?P<f>{_FRACTION}|{_FACTOR})\s+(?:of\s+)?(?:that|it|this)|"
       r"by\s+(?P<half>half))\b")
def _from_base(m: re.Match[str]) -> str:
    """"from 20 ms down by half" -> "to 10 ms", "from 12 ms to two thirds of that" -> "to 8 ms"."""
    base = _figure(m, "q")
    up = re.search(r"(?i)\bup\b", m[0])
    f = (1.5 if up else 0.5) if m["half"] else _fraction(m["f"]) if re.fullmatch(_FRACTION, m["f"], re.I) else _factor(m["f"])
    return f"to {_said(Figure(base.value * f, base.unit))}"


_IT = r"(?:it|that|this|them)(?:\s+(?:budget|figure|cap|limit|number|count|bound))?"
_OBJECT = rf"(?P<mid>{_IT}|{_CLAUSE}{{1,60}}?)"
_OF_IT: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Callable[[Figure], Figure | None]]]] = [
    (re.compile(rf"(?i)\b(?P<op>halve|double|triple|quadruple)\b(?![\s-]*check)\s+{_OBJECT}(?=\s*(?:[.;!?\n,]|$))"),
     lambda m: lambda b: Figure(b.value * (0.5 if m["op"].casefold() == "halve" else _factor(m["op"])), b.unit)),
    (re.compile(rf"(?i)\b(?:make|set|bring|take|cut|reduce|lower|drop|raise|increase|grow|bump|move)\s+{_OBJECT}"
                rf"(?:\s+(?:down|up|back))?\s+to\s+(?:(?P<f>{_FACTOR})|(?P<frac>{_FRACTION})|(?P<p>\d+(?:\.\d+)?)\s*%)"
                r"(?:\s+of)?\s+(?:that|it|this|the\s+figure)(?:\s+many)?\b"),
     lambda m: lambda b: Figure(b.value * (_factor(m["f"]) if m["f"] else _fraction(m["frac"]) if m["frac"]
                                          else float(m["p"]) / 100), b.unit)),
    (re.compile(rf"(?i)\b(?P<verb>{_VERB}|add|make|give|allow|do)\b(?:\s+{_OBJECT})?(?:\s+(?:up|down))?\s+(?P<by>by\s+)?"
                rf"(?:another\s+)?{_STEP}(?P<tail>\s+(?:off|more|less|fewer|extra))?(?![\w\s]{{0,12}}(?:than|of|to)\b)"),
     lambda m: lambda b: _step(m, b, _sign(m["verb"] + (m["tail"] or "")))),
]
"""A change of "it" or of what a sentence names, said without its base: "Halve it.", "make it twice that", "Double the
allowed latency of farm-drones.", "Knock 40 % off.", "cut that by a quarter", "Add 35 %.", "do a quarter fewer"."""
_OF_THAT = re.compile(rf"(?i)(?:(?P<f>{_FACTOR})|(?P<frac>{_FRACTION})\s+of|(?P<p>\d+(?:\.\d+)?)\s*%\s+of)\s+that\b"
                      r"(?!\s+(?:is|was|has|slice|link|node)\b)")
"""A figure said as a share of the one before it: "rate-limit it at twice that", "new bandwidth 120 % of that"."""


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"(?:[^.;!?\n]|\.(?=\d))+(?:[.;!?]+|\n|$)", text)]


_PRESENT = re.compile(r"(?i)(?:it'?s|it\s+is|(?:we|they|you)'?re|(?:we|they|you)\s+are|currently|now|today|at\s+present|runs|"
                      r"sits|stands|has|have|is|allows|gets|carries|holds|uses|current(?:\s+[a-z-]+){0,2}|"
                      r"(?:is|are)\s+(?:capped|limited|allocated|set|configured|provisioned|running|sized)(?:\s+(?:at|to))?)"
                      r"\s+(?:at\s+|on\s+)?(?:only\s+|just\s+)?$")
"""Words before a figure that say it is the present one: "for reference it's 80 Mbps now", "current bandwidth 1.5 Gbps"."""
_NOT_A_BASE = re.compile(r"(?i)\b(?:port|layer|id|vlan|asn|version|release|gnb|gnodeb|core|cell|site|node|factory|hospital|"
                         r"channel|ticket|room|floor|#)\s*$")
_KINDS = [("skip", r"reliab\w*|availab\w*|uptime|nines?|isolation|jitter|check\w*|ports?|layers?|rounds?|epochs?|paths?|"
                   r"minutes?|hours?|seconds?|sites?|nodes?|headroom|priority|epsilon|window"),
          ("Mbps", r"bandwidth|capacity|throughput|rate|cap|limit|speed|pipe|mbps|gbps|kbps|mbit/s|gbit/s"),
          ("ms", r"latency|delay|budget|ping|ms"), ("", r"devices?|device\s+(?:cap|limit)|sensors?|connections?|users?")]


def _kind(said: str) -> str | None:
    """The kind of figure the words of a change name ("the allowed latency" -> "ms"), "skip" for one this step leaves
    alone (reliability, ports, rounds...), None where they name none."""
    found = [(m.start(), kind) for kind, words in _KINDS for m in re.finditer(rf"(?i)(?<![\w-])(?:{words})(?![\w-])", said)]
    return min(found)[1] if found else None


def _present(part: str, m: re.Match[str]) -> bool:
    return bool(_PRESENT.search(part[:m.start()]) or
                re.match(r"(?i)(?:\s+[a-z]+){0,3}?\s*(?:now|today|currently|at\s+the\s+moment|at\s+present)\b", part[m.end():]))


def _bases(text: str, start: int, end: int, unit: str | None) -> list[tuple[int, re.Match[str], bool]]:
    """The figures in ``text[start:end]`` that a change of ``unit`` (None: any) could be made to: where each starts, the
    figure and whether it is said to be the present one."""
    part = text[start:end]
    return [(start + m.start(), m, _present(part, m)) for m in re.finditer(_q("q"), part, re.I)
            if (f := _figure(m, "q")).unit != "%" and (unit is None or f.unit == unit) and
            not _NOT_A_BASE.search(part[:m.start()]) and
            not re.match(r"(?i)\s*(?:paths?|rounds?|epochs?|hours?|minutes?|seconds?|sites?|nodes?|layers?|hops?)\b",
                         part[m.end():])]


_NAME = re.compile(r"(?i)\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b")


def _change_of_it(said: str) -> tuple[re.Match[str], Callable[[Figure], Figure | None], bool] | None:
    """The change a sentence makes to "it", how it changes a base, and whether it is a figure of its own ("twice that")."""
    if said.rstrip().endswith("?") or re.search(r"(?i)\b(?:not|n't|never|no\s+need|should\s+we|shall\s+we|whether|if|"
                                                r"sorry|i\s+mean|correction|rather|scratch)\b", said):
        return None  # "Should we double it?", "Do not halve it.", "by 100 Mbps -- sorry, by 200 Mbps"
    for pattern, how in _OF_IT:
        for hit in pattern.finditer(said):
            if "by" in hit.re.groupindex and not (hit["by"] or hit["tail"] or hit["verb"].casefold() == "add" and
                                                  (hit["d"] is None or hit["d_u"])):
                continue  # "give it 400 megs", "add epsilon 1": a figure, not a change
            if hit["mid"] and re.search(r"(?<![\w-])\d|→|->|=|\bto$", hit["mid"]):
                continue  # the object holds a figure or says the result
            return hit, how(hit), False
    if (hit := _OF_THAT.search(said)):
        share = _factor(hit["f"]) if hit["f"] else _fraction(hit["frac"]) if hit["frac"] else float(hit["p"]) / 100
        return hit, lambda b: Figure(b.value * share, b.unit), True
    return None


def _of_it(text: str) -> str:
    """A change said of "it" (or of what its sentence names) written as its result, where its base is the one figure of
    the kind it changes said to be the present one, in its sentence or the one before or after ("The slice has 150
    Mbit/s now. Please double it."); that figure is then written as the result too. A figure said as a share of the one
    before it ("a cap at twice that") takes the one figure before it in its sentence, which stays."""
    spans = _sentences(text)
    edits: dict[int, tuple[int, str]] = {}
    for i, (start, end) in enumerate(spans):
        said = text[start:end]
        if (found := _change_of_it(said)) is None:
            continue
        hit, change, share = found
        if re.match(r"\s*(?:to|→|->|=)\s*\d", said[hit.end():]):
            continue  # "halve it to 500 Mbit/s": the result is said
        named = _kind(said[hit.start():hit.end()] + " " + " ".join(said[hit.end():].split()[:3]))
        unit = _figure(hit, "d").unit if "d" in hit.re.groupindex and hit["d"] and hit["d_u"] else named
        if unit == "skip" or named not in (None, unit):
            continue  # "add 99.999 % reliability", "allow 2 more sites", "raise the latency by 5 Mbps"
        op = (start + hit.start(), start + hit.end())
        if share:  # the one figure before it, or the present one of the sentence before
            bases = _bases(text, start, op[0], unit) or [b for b in (_bases(text, *spans[i - 1], unit) if i else []) if b[2]]
        else:
            near = [(s, e) for s, e in ((start, op[0]), (op[1], end), *([spans[i - 1]] if i else []),
                                       *([spans[i + 1]] if i + 1 < len(spans) else []))]
            bases = [b for s, e in near for b in _bases(text, s, e, unit)]
            bases = [b for b in bases if b[2]] if unit is not None or len(bases) == 1 else []
            names = set(_NAME.findall(said))
            bases = [b for b in bases if not (names and (there := set(_NAME.findall(_around(text, spans, b[0])))) and
                                              not names & there)]  # another slice's figure
        if len(bases) != 1 or (done := change(_figure(bases[0][1], "q"))) is None:
            continue
        at, base, _ = bases[0]
        new = _said(done) if share else _set(hit["mid"] or "it", done)
        if new is None or any(a <= op[1] and op[0] <= e[0] or a <= at <= e[0] for a, e in edits.items()):
            continue
        edits[op[0]] = (op[1], new)
        if not share:
            edits[at] = (at + len(base[0]), _said(done))
    for a in sorted(edits, reverse=True):
        b, new = edits[a]
        text = text[:a] + new + text[b:]
    return text


def _around(text: str, spans: list[tuple[int, int]], at: int) -> str:
    """The sentence of ``text`` that holds position ``at``."""
    return next((text[s:e] for s, e in spans if s <= at < e), "")


_NINES_WORDS = ("two", "three", "four", "five", "six", "seven")
_NINES_BASE = re.compile(rf"(?i)(?<![\d.])(?:(?P<pct>9\d\.9+)\s*%|0?(?P<frac>\.99+)(?![\d%])|"
                         rf"(?P<said>{'|'.join(_NINES_WORDS)}|[2-7])\s+nines)")
_NINES_CHANGE = re.compile(r"(?i)\b(?P<verb>add|give\s+it|drop|remove|lose|take\s+off)\s+(?P<k>one|two|three|a|an|[1-3])\s+"
                           r"(?:more\s+|extra\s+)?nines?\b")


def _nines(text: str) -> str:
    """"Add one nine to its 99.9 % reliability", "runs at three nines. Give it two more nines." -> "four nines", "five
    nines": a change in nines made to the one reliability in its sentence or the one before."""
    spans = _sentences(text)
    for i in range(len(spans) - 1, -1, -1):
        start, end = spans[i]
        if not (hit := _NINES_CHANGE.search(text, start, end)):
            continue
        near = [b for b in _NINES_BASE.finditer(text, start, end) if not hit.start() <= b.start() < hit.end()] or \
            (list(_NINES_BASE.finditer(text, *spans[i - 1])) if i else [])
        bases = [b for b in near if _present(text, b) or re.match(r"\s+(?:reliab|availab|uptime)", text[b.end():])
                 and re.search(r"(?i)['’]s\s*$", text[:b.start()])]  # "is at 99.9 %", "hospital1-surgery's 99.9 % reliability"
        if len(bases) != 1:
            continue
        b = bases[0]
        have = (len(b["pct"]) - 1 if b["pct"] else len(b["frac"]) - 1 if b["frac"] else
                int(b["said"]) if b["said"].isdigit() else _NINES_WORDS.index(b["said"].casefold()) + 2)
        k = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3}.get(hit["k"].casefold()) or int(hit["k"])
        n = have + (-k if hit["verb"].casefold() in ("drop", "remove", "lose", "take off") else k)
        result = f"{n} nines" if n > 0 else "0 %"
        for a, z, new in sorted([(hit.start(), hit.end(), f"set it to {result}"), (b.start(), b.end(), result)], reverse=True):
            text = text[:a] + new + text[z:]
    return text


_UNRESOLVED = re.compile(
    rf"(?i)\b(?:{_VERB}|increase)\b[^.;:\n]{{0,60}}?\bby\s+(?:another\s+)?{_STEP}|"
    rf"\badd\s+(?:another\s+|an\s+extra\s+)?{_STEP.replace('?P<', '?P<a_')}(?!\s+of\b)|"
    rf"\b(?:{_VERB}|make\s+room\s+for|give\s+it|allow)\b[^.;:\n]{{0,40}}?{_STEP.replace('?P<', '?P<b_')}\s+"
    rf"(?:off|more|less|fewer|extra)\b(?!\s+than)|"
    rf"\b(?P<share>{_FRACTION})\s+of\s+what\s+it|\bto\s+(?P<to>{_FRACTION})(?!\s+of)\b")
"""A change left as a step once :func:`worked_out` has run: its base is not in the text ("Add 20 % to campus-video",
"Raise the device cap by 2,000", "half of what it is", "Cut the latency to a quarter")."""


def step_as_figure(intents: list[dict], text: str) -> str | None:
    """The step of a change with no base (:data:`_UNRESOLVED`) where a translation wrote it as the figure itself
    (reliability 0.2 for "by 20 %", 2000 devices for "by 2,000"), as the text says it; None where none did."""
    for m in _UNRESOLVED.finditer(text):
        if re.match(r"(?i)[^.;\n]{0,40}?\b(?:to|down\s+to|up\s+to|than(?:\s+the|\s+its)?)\s+\S*\d", text[m.end():]) or \
                re.match(r"(?i)\s+(?!to\b|off\b|more\b|less\b|fewer\b|extra\b)(?:[a-z]+\s+)?(?:paths?|rounds?|epochs?|"
                         r"minutes?|hours?|sites?|nodes?|layers?)\b", text[m.end():]):
            continue  # "by 20 % to 600 Mbps": the result is said; "add 2 paths": a setting
        got = {k.removeprefix("a_").removeprefix("b_"): v for k, v in m.groupdict().items() if v is not None}
        kind = _kind(m[0]) if "d_u" not in got else _figure(re.match(_q("d"), f"{got['d']} {got['d_u']}", re.I), "d").unit
        read: set[float] = set()
        if (share := got.get("share") or got.get("to") or got.get("frac")):
            read |= {_fraction(share), round(_fraction(share) * 100, 6)}
        if "p" in got:
            read |= {float(got["p"]), float(got["p"]) / 100}
        if "d" in got:
            read.add(round(_figure(re.match(_q("d"), got["d"] + (" " + got["d_u"] if got.get("d_u") else ""), re.I), "d").value,
                           6))
        if read & {float(v) for ir in intents for v in _values(ir, kind)}:
            return m[0].strip()
    return None


_FIELDS = {"Mbps": ("bandwidth_mbps", "rate_mbps"), "ms": ("max_latency_ms",), "": ("max_devices",)}


def _values(ir: object, kind: str | None) -> list[float]:
    """The figures of a translation in the fields a figure of ``kind`` goes in (every field but ports for None)."""
    if isinstance(ir, dict):
        return [v for k, x in ir.items() if k != "port" and (kind not in _FIELDS or isinstance(x, (dict, list)) or
                                                             k in _FIELDS[kind]) for v in _values(x, kind)]
    if isinstance(ir, list):
        return [v for x in ir for v in _values(x, kind)]
    return [float(ir)] if isinstance(ir, (int, float)) and not isinstance(ir, bool) else []


def _aside(m: re.Match[str]) -> bool:
    """A sum in brackets, one whose result follows it ("64 cameras x 25 Mbps = 1.6 Gbps", "10 kbps each?? no, 10 kbps
    total") or one of a learning job's rounds and epochs ("12 rounds x 3 local epochs"), which is not to be worked out."""
    before, after = m.string[:m.start()], m.string[m.end():]
    return (before.count("(") > before.count(")") or before.count("[") > before.count("]") or before.count('"') % 2 == 1 or
            bool(re.match(r"[^.;\n]{0,40}?(?:=|\btotal\b|\bin all\b)", after)) or
            bool(re.search(r"(?i)\b(?:rounds?|epochs?)\b", m[0])))


def worked_out(text: str) -> str:
    """``text`` with each figure it works out from a base written as the result."""
    for pattern, fn in _RULES:
        for _ in range(3):  # "4 lines x 2 robots x 20 Mbps" takes two
            text, was = pattern.sub(lambda m, fn=fn: m[0] if _aside(m) else fn(m) or m[0], text), text
            if text == was:
                break
    return _of_it(_nines(text))
