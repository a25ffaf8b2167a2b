"""Requests relayed through a draft or a summary: what the writer asks is not every line they paste.

Someone pastes a draft request (an assistant's, a colleague's, a ticket's) under a line of their own that accepts it with
a correction: "use this but 300 instead of 500", "skip point 3", "same as below, drop the port". What they ask is the
draft as that line corrects it. The reading is narrow on purpose: the draft must be a request, each correction must have
one place in it, and the line must say nothing more (no node, figure, negation or action of its own once its
corrections are read); otherwise the text stays as written, for the model to read whole. A call or meeting summary
records what was agreed next to what was rejected or postponed ("They decided against load-balancing."): only the
agreement is asked. An assistant's lines that only introduce its draft or sign off ask nothing. A machine record pasted
beside the writer's own line (an alert, a log or flow line) is data: a block, limit, rule or slice only it speaks of is
not asked ("09:41 DENY src=gnb-5 ..." under "what alarms are open?"). A correction typed on a phone as a line of its own
("*3ms, sorry") is made in the message above it.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from netmodel.vocabulary import NUMBER_WORDS, ORDINALS

from . import units
from .meaning import DELETE, DENY, NEGATION, OTHER_ACTION, REACH, RESTORES

_LABEL = r"(?:(?:ai |the |my |original |revised )?(?:draft|request|proposal|suggestion|version)[ \t]*:)"
DRAFT_START = re.compile(rf"(?i)^[ \t]*(?:{_LABEL}|-{{3,}}[ \t]*$|[>\"“]|[-*•][ \t]|\d+[.)][ \t])")
"""The first line of a pasted draft: a label ("Draft:"), a rule, a quote mark or a list item."""
ACCEPTED = re.compile(r"(?i)^\W*(?:(?:ok(?:ay)?|fine|good|yes|great)\b\W*)?(?:(?:please\s+)?use (?:this|it|that|the draft|the "
                      r"(?:text|version|one) below)(?: one)?|take (?:this|it|that)|go with (?:this|it|that)(?: one)?|"
                      r"same as (?:below|above)|same but|looks good|approved?|(?:the )?only change\W|"
                      r"(?=(?:skip|ignore|leave out|strike)\b))")
"""The writer's line opens by accepting the draft below it ("use this but ...", "same as below but ...", "skip ...")."""
HEDGED = re.compile(r"(?i)^\W*(?:(?:ok(?:ay)?|fine|good|yes|great)\b\W*but\b|make it\b)")
"""A weaker acceptance ("fine, but ...", "make it ..."), read so only over a draft marked as one (a label, a quote)."""
REQUEST = re.compile(r"(?i)^(?:(?:\d+[.)]|[-*•])[ \t]*)?(?:please |pls |kindly |can you |could you )?(?:create|set|rate-limit|"
                     r"limit|cap|throttle|start|run|route|send|steer|block|deny|allow|permit|extend|add|delete|remove|modify|"
                     r"change|update|raise|lower|increase|reduce|isolate|provision|deploy|configure|new|on|when|whenever|if)\b")
"""A draft that is a request (it opens with what to do), not an alert or a state it reports."""
_INSTEAD = r"[ \t]*(?:,[ \t]*)?(?:instead of|rather than|not)[ \t]+"
"""Between a value set right and the one it replaces: "300 instead of 500", "Hospital 1, not Hospital 2"."""
_NUM = r"(?<![\w.,:/#-])(\d+(?:\.\d+)?)(?![\w:/-]|[.,]\d)"
_UNIT = r"(?:[ \t]*([a-z%][a-z/%]*))?"
_FIELD = (r"(?:(?:the )?(?:rate limit|limit|cap|bandwidth|latency|reliability|rounds|rate|throughput)"
          r"(?: is| should be| to| at)?[ \t]+)?")
SWAPPED_NUMBER = re.compile(rf"(?i){_FIELD}{_NUM}{_UNIT}{_INSTEAD}{_NUM}{_UNIT}")
"""A value set right: "300 instead of 500", "50 rounds, not 30", "the rate limit is 150, not 250"."""
TOO_MUCH = re.compile(rf"(?i)\bbut[ \t]+{_NUM}{_UNIT}[ \t]*,[ \t]*{_NUM}{_UNIT}[ \t]+is (?:too (?:much|high|many)|overkill)")
"""A new value beside the old one it replaces ("but 40 Mbps, 80 is too much")."""
SWAPPED_ID = re.compile(rf"(?i)\b([a-z]+)([ -]?)(\d){_INSTEAD}(\1)([ -]?)(\d)\b")
"""A numbered name set right by another of the same kind: "Hospital 1, not Hospital 2", "splitfed v2 not v1"."""
NOT_AUTO = re.compile(rf"(?i)\b(?:approv\w*|ask(?: me)? first|sign[ -]off){_INSTEAD}auto(?:matic(?:ally)?)?\b")
AUTO_WORD = re.compile(r"(?i)\b(?:automatic(?:ally)?|auto)(?![\w-])")
ASKS_NONE = re.compile(r"(?i)\b(?:without (?:asking|approval)|no (?:approval|need to ask)|(?:don't|do not) ask|on its own)\b")
"""A rule the draft makes automatic, asked to wait for approval ("make it approve, not auto"): the draft without its
"automatically" (a rule asks first unless the text says otherwise)."""
DROPPED_PART = re.compile(r"(?i)\b(?:drop|remove|leave out|take out)[ \t]+the[ \t]+(via|avoid|through)[ \t]+"
                          r"(?:part|bit|clause|constraint)\b")
"""A waypoint constraint of the draft taken out ("drop the avoid part")."""
DROPPED_SITE = re.compile(r"(?i)\b(?:drop|leave out|take out)[ \t]+(?:the[ \t]+)?([a-z][\w-]*)(?![\w-])")
"""A node taken out of the draft's list ("drop the stadium")."""
_NTH = "|".join(ORDINALS[1:7])
SKIPPED = re.compile(rf"(?i)\b(?:skip|ignore|drop|leave out|strike)[ \t]+(?:the[ \t]+)?(?:(?:point|item|bullet|step|line|"
                     rf"number|no\.?|#)[ \t]*(?P<n>[1-9])\b|(?P<nth>{_NTH}|last)[ \t]+(?:point|item|bullet|step|line|one)\b)")
"""A list item of the draft left out ("skip point 3", "ignore the second bullet")."""
LIST_ITEM = re.compile(r"^([ \t]*)(?:([-*•])|(\d+)[.)])[ \t]+\S")
"""A list item's line: its indent, its bullet or its printed number."""
FURTHER = re.compile(rf"\d|\b(?:only|also|too|as well|last|next|{'|'.join(ORDINALS[1:])}|{'|'.join(NUMBER_WORDS[2:11])})\b")
"""What the writer's line, its corrections read, may not hold: a figure, "only", "also", another item ("the third")."""
_JOINED = r"(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+)"
_ENDS = r"(?=[ \t]*(?:[.;,\n]|$|and\b))"
_NOT_AN_ID = "".join(rf"(?<!\b{w} )" for w in ("gnb", "cell", "core", "hospital", "factory", "gnodeb", "station", "no."))
"""Before a number that is part of a node's name ("gNB 2", "hospital 1")."""
UNIVERSAL = re.compile(r"(?i)\b(?:every|all|any|other|except\w*|but|excluding|save|exempt\w*|spare|unless|whitelist\w*|leave|"
                       r"never|not|no|without)\b")
"""A draft in which a dropped node may be an exception rather than a member: no node is dropped from it."""

SUMMARY = re.compile(r"(?i)\b(?:summary|minutes|meeting|call with|call notes|agreed actions|we agreed|agreed:|"
                     r"cab\b|change (?:advisory )?board|recommend\w*)")
"""A text that records what a call, a meeting or a change board agreed, or what a review recommends."""
NOT_AGREED_LINE = re.compile(r"(?im)^[ \t]*(?:[-*•][ \t]*)?(?:decided against|rejected|not agreed|parked|postponed|deferred)"
                             r"[ \t]*:([^\n]*)(?:\n|$)")
"""A summary's line of what it did not agree ("Decided against: a V2X slice for the tractors")."""
NOT_AGREED = re.compile(r"(?im)(?:^|(?<=[;!?])|(?<=\.)(?!\d))[ \t]*+(?:(?!\b(?:as|since|because|while|until|when|if|and)\b)"
                        r"[^.;:!?\n]){0,80}?\b(?:(?:they|we|the [\w-]+) decided against|(?:was|were) (?:discussed and |raised and"
                        r" )?(?:postponed|deferred|rejected|parked|turned down)|"
                        r"(?P<item>(?:(?:but|and) )?(?:advised|recommended|argued) against|"
                        r"(?:but|and) (?:dismissed|ruled out|rejected|declined) (?:it|them|that|this)|"
                        r"(?:was|were) (?:assessed|considered|looked at|evaluated) and (?:rejected|dismissed|ruled out)))"
                        r"\b(?:[^.;:!?\n]|\.(?=\d))*(?:[.;!?]|$)")
"""A summary's sentence that someone decided or advised against, or that was discussed and postponed ("They also looked at
a V2X slice but advised against it", "A fourth option ... was assessed and rejected on cost")."""
ITEM = re.compile(r"(?i)\b(?:slices?|rules?|polic\w+|blocks?|limits?|caps?|jobs?|options?|items?|proposals?|isolat\w*)\b")
"""What a review turns down, unlike a node it advises against using ("The vendor advised against using agg-north")."""
GOES_ON = re.compile(r"(?i)\b(?:so|therefore|hence|instead|but|and|leave|keep|please|must|should|stays?|remains?|will|"
                     r"(?<!for )now|approved|back|apply|then|today|tonight|tomorrow|next|until|till|to \d)\b|,|—| - ")
"""A sentence that goes on from what was not agreed ("... decided against it, so leave the hospitals out", "... is now
approved", "postponed to tonight")."""
ASKED_THEN_AGREED = re.compile(r"(?i)\b(?:they|the customer|the tenant)[ \t]+(?:asked for|wanted|requested|proposed|suggested)"
                               r"[^.;!?\n]*;[ \t]*(?=(we agreed to[ \t]+[^.;!?\n]*))")
"""A customer's ask followed by what was agreed in its place ("they asked for 1 Gbps; we agreed to rate-limit ... at
600 Mbps"): the ask is superseded, unless the agreement refers back to it (:data:`REFERS_BACK`)."""
REFERS_BACK = re.compile(r"(?i)\b(?:it|that|this|them|those|both|all|the (?:block|slice|limit|cap|route|rule|ask|request)|"
                         r"extend\w*|add\w*|includ\w*|doubl\w*|also|as well|too|do|go)\b")
SIGN_OFF = re.compile(r"(?im)^[ \t]*(?:(?:certainly|absolutely|sure|of course)[!.,][ \t]*(?:here(?: is|'s)|below is) "
                      r"(?:a |an |the |your )?(?:(?:revised|structured|clear|concise|formatted|cleaner|short|updated|"
                      r"polished) )*(?:version|request|draft|change request|plan|summary|text)"
                      r"(?: of (?:your|the) request)?(?:,? formatted)?:|"
                      r"i hope this (?:is |was )?help(?:s|ful)[.!]?|hope this helps[.!]?|let me know if you need anything "
                      r"else[.!]?|feel free to ask if you have (?:any )?(?:other |more )?questions[.!]?)[ \t]*$")
"""An assistant's line that only introduces its draft ("Certainly! Here is a structured version:") or signs off."""


def without_sign_offs(text: str) -> str:
    """``text`` without an assistant's lines around its draft (:data:`SIGN_OFF`)."""
    return SIGN_OFF.sub("", text)


def agreed(text: str) -> str:
    """``text`` without what a summary says was not agreed (a "Decided against:" line of one sentence, a sentence
    someone decided against that does not go on to ask something, when nothing else in the text speaks of every or all
    nodes) nor the asks an agreement replaced (:data:`ASKED_THEN_AGREED`); any other text as written."""
    if not SUMMARY.search(text):
        return text

    def line(m: re.Match[str]) -> str:
        return m[0] if ";" in m[1] or re.search(r"\.(?!\d)[ \t]*\S", m[1]) else ""

    def sentence(m: re.Match[str]) -> str:
        rest = text[:m.start()] + text[m.end():]
        said = re.sub(r"(?i)\b(?:discussed|raised) and ", "", m[0].replace(m["item"], " ") if m["item"] else m[0])
        return m[0] if GOES_ON.search(said) or re.search(r"(?i)\b(?:every|all|any|each)\b", rest) or \
            (m["item"] and not ITEM.search(m[0])) else ""
    text = NOT_AGREED.sub(sentence, NOT_AGREED_LINE.sub(line, text))
    return ASKED_THEN_AGREED.sub(lambda m: m[0] if REFERS_BACK.search(m[1]) else "", text)


KEY_VALUE = re.compile(r"(?<![\w-])[a-z_][\w.]*=(?!=)[^\s,;=]+", re.I)
_SOURCE = r"(?:alerts?|alarms?|ids|ips|siem|syslog|\w*log|notice|netflow|flows?|zeek|snort|suricata|traps?|snmp|nms|events?)"
RECORD_OPENING = re.compile(rf"(?i)^[ \t]*(?:>+|\[(?=[^\]\n]*[a-z])|\d{{1,4}}[-:/.T]\d|"
                            rf"[\w.-]*{_SOURCE}\b[\w.-]*(?:[ \t]+[\w.-]+){{0,2}}[ \t]*:(?!\S))")
"""How a pasted machine record opens: a quote mark, a bracketed tag ("[alarm]", not a list's "[1]"), a timestamp, or the
label of a monitoring source ("alert:", "notice.log:", "netflow top-talker:")."""
ASKED_BY = {"sdn.block": DENY,
            "sdn.rate_limit": re.compile(r"\b(?:limit\w*|cap|caps|capp\w*|throttl\w*|rate|shap\w*|polic\w*|ceiling|"
                                         r"at most|no more than|under|below|hold\w*|squeez\w*|slow\w*|keep\w*|max\w*)\b"),
            "ztn.policy": re.compile(r"\b(?:if|when\w*|once|upon|should|ztn|zero[- ]touch|polic\w*|rules?|playbooks?|"
                                     r"auto\w*|next time|each time|every time|fires?)\b|(?:^|[.;:!\n][ \t]*)on\b", re.M),
            "slice.create": re.compile(r"\b(?:slices?|embb|urllc|mmtc|miot|v2x)\b")}
"""The words of the writer's own lines that ask for an intent of each kind a pasted record may put in the model's mouth."""
COUNTED = re.compile(r"\b(?:drop|deny|block)\w*\s+(?:counters?|counts|stats|statistics|logs)\b")
"""What a record counts, told of, not asked ("fw drop counters spiked")."""


ORDERED = re.compile(r"\b(?:block|deny|drop|allow|permit|route|limit|cap|throttle|isolate|quarantine|create|delete|remove|kill|"
                     r"ban|apply|push|set)\b|\b(?:service|svc)=(?:embb|urllc|mmtc|miot|v2x)\b|"
                     r"\b(?:bw|bandwidth|lat|latency|rel|reliability|via|avoid|paths|rate|mode)=", re.I)
"""An order in a line with fields ("[SEC-88] deny src=...", "-> deny", "action=drop") or a request's own fields ("svc=urllc",
"lat=5ms"): a request, not a record; a log's action in capitals ("09:41 DENY src=...") is what it saw."""
REFERS_TO_RECORD = re.compile(r"\b(?:these|this|that|those|them|it|above|below|same|per the|listed|attached)\b")
"""Words of the writer's own line that take up what a record says ("block that flow", "apply these")."""


def own_lines(text: str) -> str | None:
    """The writer's own lines of a ``text`` that pastes machine records (two key=value fields or more after a record's
    opening, no order nor request field in them: "[alarm] LATENCY_SLA_BREACH slice=icu-video site=hospital-1 ..."),
    casefolded and without what a record counts (:data:`COUNTED`); None when it pastes none, has no line of its own, or
    its own lines take the records up."""
    lines = [line for line in text.splitlines() if line.strip()]
    found = [line for line in lines if len(KEY_VALUE.findall(line)) >= 2 and RECORD_OPENING.match(line)
             and not any(m[0].islower() or "=" in m[0] for m in ORDERED.finditer(line))]
    own = "\n".join(line for line in lines if line not in found).casefold()
    return COUNTED.sub("", own) if found and len(found) < len(lines) and not REFERS_TO_RECORD.search(own) else None


def asks(own: str, kind: str) -> bool:
    """Whether the writer's ``own`` lines (:func:`own_lines`) ask for an intent of ``kind``; kinds a record does not put
    in the model's mouth (routes, questions, jobs, changes) always are."""
    return kind not in ASKED_BY or bool(ASKED_BY[kind].search(own))


_FIGURE_UNIT = r"[ \t]*(?!(?:not|instead|sorry|soz|typo|oops|my)\b)([a-z%][a-z/%]*)"
STARRED = re.compile(rf"(?i)^[ \t]*\*(\d+(?:\.\d+)?)(?:{_FIGURE_UNIT})?(?:[ \t]*,?[ \t]*(?:not|instead of)[ \t]+"
                     rf"(\d+(?:\.\d+)?)(?:{_FIGURE_UNIT})?)?(?:[ \t]*[,.!]?[ \t]*(?:sorry|soz|my bad|typo|oops)\b)?\W*$")
"""A correction sent as a line of its own under a message typed on a phone: "*3ms, sorry", "*800 not 600" (not a
markdown bullet: "* 3")."""


def _measure(unit: str) -> str:
    """What a unit measures: a bandwidth, a latency, or the unit itself."""
    u = unit.casefold()
    return "bandwidth" if u in units.BANDWIDTH_UNITS else "latency" if u in units.LATENCY_UNITS else u


def starred(text: str) -> str:
    """``text`` with its last line's correction (:data:`STARRED`) made in the message above it and the line dropped: the
    one figure it names ("not 600"), else the one figure of what its unit measures, else the one figure there is, the
    unit too where the line gives one; ``text`` itself when the figure to set right is not one."""
    above, sep, last = text.rstrip().rpartition("\n")
    if not sep or not above.strip() or not (m := STARRED.match(last)) or LIST_ITEM.match(above.rpartition("\n")[2]):
        return text
    new, unit, old, old_unit = m[1], m[2], m[3], m[4]
    figures = [f for f in re.finditer(rf"(?i)(?<![\w.,:/#-]){_NOT_AN_ID}(\d+(?:\.\d+)?)(?![\d.,]\d|[:/-])(?:{_FIGURE_UNIT})?"
                                      r"(?![\w%])", above)]
    if old:
        figures = [f for f in figures if f[1] == old and (not old_unit or not f[2] or _measure(f[2]) == _measure(old_unit))]
    elif unit:
        figures = [f for f in figures if f[2] and _measure(f[2]) == _measure(unit)]
    if len(figures) != 1:
        return text
    f = figures[0]
    if unit and f[2]:  # "800 meg" set right by "*1 gig"
        return above[:f.start(1)] + new + above[f.end(1):f.start(2)] + unit + above[f.end(2):]
    return above[:f.start(1)] + new + above[f.end(1):]


def _only(pattern: str, text: str) -> re.Match[str] | None:
    """The only match of ``pattern`` in ``text``, or None."""
    found = list(re.finditer(pattern, text, re.I))
    return found[0] if len(found) == 1 else None


def _number_set(draft: str, new: str, new_unit: str | None, old: str, old_unit: str | None) -> str | None:
    """``draft`` with its one ``old`` number as ``new``: the units, where given, agree, and the draft's is the same."""
    if new_unit and old_unit and new_unit.casefold() != old_unit.casefold():
        return None
    unit = old_unit or new_unit
    after = rf"(?=[ \t]*{re.escape(unit)}\b)" if unit else ""
    if (m := _only(rf"(?<![\w.,:/#-]){_NOT_AN_ID}{re.escape(old)}(?![\w:/-]|[.,]\d){after}", draft)) is None:
        return None
    line_start = draft.rfind("\n", 0, m.start()) + 1
    if LIST_ITEM.match(draft[line_start:]) and not draft[line_start:m.start()].strip():
        return None  # a list item's own number
    return draft[:m.start()] + new + draft[m.end():]


def _id_set(draft: str, m: re.Match[str]) -> str | None:
    """``draft`` with its one numbered name of :data:`SWAPPED_ID`'s old number as the new one, of the same kind."""
    hit = _only(rf"(?<![\w-]){re.escape(m[4])}[ -]?{m[6]}(?![\w-])", draft)
    return None if hit is None else draft[:hit.start()] + f"{m[1]}{m[2]}{m[3]}" + draft[hit.end():]


def _auto_dropped(draft: str) -> str | None:
    """``draft`` without its one word that makes a rule automatic."""
    if len(found := list(AUTO_WORD.finditer(draft))) != 1 or ASKS_NONE.search(draft):
        return None
    start, end = found[0].span()
    return draft[:start].rstrip(" \t") + draft[end:]


def _part_dropped(draft: str, m: re.Match[str], names: Callable[[str], bool]) -> str | None:
    """``draft`` without its one ``m[1]`` constraint, when it closes its clause and holds nodes only ("..., avoid
    agg-north.")."""
    if (hit := _only(rf"(?<![\w-]){m[1]}\b([^,.;\n]*)(?=[.;\n]|$)", draft)) is None:
        return None
    nodes = [w for w in re.split(r"[ \t]*,[ \t]*|[ \t]+and[ \t]+|[ \t]+", hit[1].strip()) if w and w.casefold() != "the"]
    if not nodes or not all(names(w) for w in nodes) or \
            re.search(r"(?i)\b(?:not|never|no|without|but)[ \t]*$", draft[:hit.start()]):
        return None
    return draft[:hit.start()].rstrip(" \t").removesuffix(",").rstrip(" \t") + draft[hit.end():]


def _site_dropped(draft: str, word: str, names: Callable[[str], bool]) -> str | None:
    """``draft`` without the node ``word`` in a list of nodes beside another node that closes its clause with it, and the
    comma or "and" between them; None where the draft may except it (:data:`UNIVERSAL`)."""
    if not names(word) or UNIVERSAL.search(draft) or len(re.findall(rf"(?i)(?<![\w-]){re.escape(word)}(?![\w-])", draft)) != 1:
        return None
    before = _only(rf"([\w-]+){_JOINED}(?:the[ \t]+)?{re.escape(word)}(?![\w-]){_ENDS}", draft)
    after = _only(rf"(?<![\w-])(?:the[ \t]+)?{re.escape(word)}{_JOINED}(?:the[ \t]+)?([\w-]+){_ENDS}", draft)
    hit = before if before is not None and names(before[1]) else after
    if hit is None or not names(hit[1]):
        return None
    return draft[:hit.end(1)] + draft[hit.end():] if hit is before else draft[:hit.start()] + draft[hit.start(1):]


def _skipped(draft: str, n: int) -> str | None:
    """``draft`` without its list item ``n`` (its printed number, else its place; -1: the last), when every line of the
    draft is a list item of one kind and indent (no sub-list an item could lose or gain)."""
    lines = [line for line in draft.split("\n") if line.strip()]
    items = [LIST_ITEM.match(line) for line in lines]
    if not all(items) or len({(m[1], m[2] or "#") for m in items if m}) != 1:
        return None
    numbered = [i for i, m in enumerate(items) if m and m[3] is not None and int(m[3]) == n]
    if len(numbered) == 1:
        at = numbered[0]
    elif items[0] and items[0][3] is None and -len(items) <= (n - 1 if n > 0 else n) < len(items):
        at = n - 1 if n > 0 else len(items) + n
    else:
        return None
    return "\n".join(lines[:at] + lines[at + 1:])


def _corrections(line: str, draft: str, names: Callable[[str], bool]) -> tuple[str, str] | None:
    """(the draft as ``line`` corrects it, what of the line no correction accounts for), or None when a correction has
    no single place in the draft."""
    def nth(m: re.Match[str]) -> int:
        word = (m["nth"] or "").casefold()
        return int(m["n"]) if m["n"] else -1 if word == "last" else ORDINALS.index(word)
    fixes: list[tuple[re.Pattern[str], Callable[[str, re.Match[str]], str | None]]] = [
        (SKIPPED, lambda d, m: _skipped(d, nth(m))),
        (TOO_MUCH, lambda d, m: _number_set(d, m[1], m[2], m[3], m[4])),
        (SWAPPED_NUMBER, lambda d, m: _number_set(d, m[1], m[2], m[3], m[4])),
        (SWAPPED_ID, _id_set),
        (NOT_AUTO, lambda d, m: _auto_dropped(d)),
        (DROPPED_PART, lambda d, m: _part_dropped(d, m, names)),
        (DROPPED_SITE, lambda d, m: _site_dropped(d, m[1], names))]
    for pattern, fix in fixes:
        for m in list(pattern.finditer(line)):
            if (fixed := fix(draft, m)) is None:
                return None
            draft, line = fixed, line.replace(m[0], " ", 1)
    return draft, line


def _says_more(left: str, names: Callable[[str], bool]) -> bool:
    """Whether what is left of the writer's line holds an ask, a polarity, a figure or a node of its own."""
    t = left.casefold()
    return bool(FURTHER.search(t) or names(left) or any(p.search(t) for p in (NEGATION, DENY, REACH, RESTORES, DELETE,
                                                                               OTHER_ACTION)))


def corrected_draft(text: str, names: Callable[[str], bool]) -> str:
    """The draft request ``text`` pastes as its writer's line on top corrects it, or ``text`` itself when it is no such
    draft, a correction has no single place in it, or the line says more than its corrections. ``names``: whether a
    phrase names a node."""
    line, sep, rest = text.strip().partition("\n")
    marked = DRAFT_START.match(rest.strip("\n"))
    opened = ACCEPTED.match(line) or (HEDGED.match(line) if marked else None)
    if not sep or len(line) > 200 or not opened or not rest.strip() or not (marked or rest.startswith("\n")):
        return text
    draft = "\n".join(re.sub(rf"(?i)^[ \t]*>[ \t]?|^[ \t]*{_LABEL}[ \t]*", "", row) for row in rest.strip().split("\n")
                      if not re.fullmatch(r"[ \t]*-{3,}[ \t]*", row)).strip().strip("\"“”")
    if not REQUEST.match(draft) or (read := _corrections(line[opened.end():], draft, names)) is None or read[0] == draft:
        return text
    return text if _says_more(re.sub(r"(?i)^\W*only change\W", " ", read[1]), names) else read[0]
