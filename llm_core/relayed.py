"""Requests relayed through a draft or a summary: what the writer asks is not every line they paste.

Someone pastes a draft (an assistant's, a colleague's, a ticket's) under a line of their own that accepts it with a
correction: "use this but 300 instead of 500", "skip point 3", "same as below, drop the avoid part". What they ask is the
draft as that line corrects it. The line is read so only when it is nothing but the acceptance and corrections this module
knows how to place; a line that asks anything more, or a correction the draft gives no single place to, leaves the text as
written. A call or meeting summary records what was agreed next to what was rejected or postponed ("They decided against
load-balancing"); only the agreement is asked. An assistant's sign-offs around its draft ask nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from netmodel.vocabulary import ORDINALS

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
ASKS_MORE = re.compile(r"(?i)\b(?:block\w*|allow\w*|permit\w*|deny|route\w*|creat\w*|delet\w*|remov\w*|"
                       r"throttl\w*|add\w*|extend\w*|run|start\w*|set|isolat\w*|also|then|plus|show\w*|reach\w*|cut|"
                       r"keep|stay\w*|never|must|should|instead|rather|except|too|as well)\b")
"""Words of a further ask, or of polarity, left in the writer's line once its corrections are read: the line is then no
mere correction."""
_NUM = r"(?<![\w.,:/-])(\d+(?:\.\d+)?)(?![\w:/-]|[.,]\d)"
_UNIT = r"(?:[ \t]*([a-z%][a-z/%]*))?"
SWAPPED_NUMBER = re.compile(rf"(?i){_NUM}{_UNIT}[ \t]*(?:,[ \t]*)?(?:instead of|rather than|not)[ \t]+{_NUM}{_UNIT}")
"""A value set right: "300 instead of 500", "50 rounds, not 30", "the rate limit is 150, not 250"."""
TOO_MUCH = re.compile(rf"(?i)\bbut[ \t]+{_NUM}{_UNIT}[ \t]*,[ \t]*{_NUM}{_UNIT}[ \t]+is (?:too (?:much|high|many)|overkill)")
"""A new value beside the old one it replaces ("but 40 Mbps, 80 is too much")."""
SWAPPED_ID = re.compile(r"(?i)\b([a-z]+[ -]?\d)[ \t]*(?:,[ \t]*)?(?:instead of|rather than|not)[ \t]+([a-z]+[ -]?\d)\b")
"""A numbered name set right: "Hospital 1, not Hospital 2", "splitfed v2 not v1"."""
NOT_AUTO = re.compile(r"(?i)\b(?:approv\w*|ask(?: me)? first|sign[ -]off)[ \t]*(?:,[ \t]*)?(?:instead of|rather than|not)"
                      r"[ \t]+auto(?:matic(?:ally)?)?\b")
AUTO_WORD = re.compile(r"(?i)[ \t]*\b(?:auto(?:matic(?:ally)?)?|on its own|without asking)\b")
"""A rule the draft makes automatic, asked to wait for approval ("make it approve, not auto"): the draft without its
"automatically" (a rule asks first unless the text says otherwise)."""
DROPPED_PART = re.compile(r"(?i)\b(?:drop|remove|leave out|take out)[ \t]+the[ \t]+(via|avoid|through|schedule|window|time)"
                          r"[ \t]+(?:part|bit|clause|constraint)\b")
"""A constraint of the draft taken out ("drop the avoid part")."""
DROPPED_SITE = re.compile(r"(?i)\b(?:drop|leave out|take out)[ \t]+(?:the[ \t]+)?([a-z][\w-]*)(?![\w-])")
"""A node taken out of the draft's list ("drop the stadium")."""
ONLY = re.compile(r"(?i)\b(?:the[ \t]+)?([a-z][\w-]*)[ \t]+only\b")
"""A node the corrected draft keeps, said again ("campus only")."""
_NTH = "|".join(ORDINALS[1:7])
SKIPPED = re.compile(rf"(?i)\b(?:skip|ignore|drop|leave out|strike)[ \t]+(?:the[ \t]+)?(?:(?:point|item|bullet|step|line|"
                     rf"number|no\.?|#)[ \t]*(?P<n>[1-9])\b|(?P<nth>{_NTH}|last)[ \t]+(?:point|item|bullet|step|line|one)\b)")
"""A list item of the draft left out ("skip point 3", "ignore the second bullet")."""
LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*•]|(\d+)[.)])[ \t]+")
"""A list item's line: its indent and, for a numbered item, its printed number."""
_JOINED = r"(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+)"
_EXCEPTED = re.compile(r"(?i)\b(?:except|but not|without|avoid\w*|never|not|other than|apart from|besides)\b[^.;:\n]*$")
"""What a node dropped from the draft must not follow in its clause: there it is an exception, and dropping it adds it."""

NOT_AGREED = re.compile(r"(?im)^[ \t]*(?:[-*•][ \t]*)?(?:decided against|rejected|not agreed|parked|postponed|deferred)"
                        r"[ \t]*:[^\n.]*\.?|(?:^|(?<=[.;!?]))[ \t]*+[^.;:!?\n]*?\b(?:(?:they|we|the [\w-]+) (?:decided "
                        r"against|agreed not to)|(?:was|were) (?:discussed and |raised and )?(?:postponed|deferred|rejected|"
                        r"parked|turned down))\b[^.;:!?\n]*(?:[.;!?]|$)")
"""What a summary records as not agreed: a "Decided against:" line to its first full stop, a sentence that someone decided
against or that was discussed and postponed."""
GOES_ON = re.compile(r"(?i)\b(?:so|therefore|hence|instead|but|leave|keep|please|must|should|stays?|remains?)\b|,|—| - ")
"""A sentence that goes on from what was not agreed ("... decided against it, so leave the hospitals out", "..., it must
stay reachable")."""
ASKED_THEN_AGREED = re.compile(r"(?i)\b(?:they|the customer|the tenant)[ \t]+(?:asked for|wanted|requested|proposed|suggested)"
                               r"[^.;!?\n]*;[ \t]*(?=we agreed to[ \t]+(?!(?:it|that|this|both|all|do|go)\b)\w)")
"""A customer's ask followed by what was agreed in its place ("they asked for 1 Gbps; we agreed to rate-limit ... at
600 Mbps"): the ask is superseded ("...; we agreed to it" keeps it)."""
SIGN_OFF = re.compile(r"(?im)^[ \t]*(?:(?:certainly|absolutely|sure|of course)[!.,][ \t]*(?:here(?: is|'s| are)|below is)"
                      r"[^\n:]{0,60}:|i hope this (?:is |was )?help(?:s|ful)[.!]?|hope this helps[.!]?|let me know if you need "
                      r"anything else[.!]?|feel free to ask if you have (?:any )?(?:other |more )?questions[.!]?)[ \t]*$")
"""An assistant's line that only introduces its draft ("Certainly! Here is a structured version:") or signs off."""


def without_sign_offs(text: str) -> str:
    """``text`` without an assistant's lines around its draft (:data:`SIGN_OFF`)."""
    return SIGN_OFF.sub("", text)


def agreed(text: str) -> str:
    """``text`` without what a summary says was not agreed (:data:`NOT_AGREED`, unless the sentence goes on to ask
    something) nor the asks an agreement replaced (:data:`ASKED_THEN_AGREED`)."""
    text = NOT_AGREED.sub(lambda m: m[0] if GOES_ON.search(m[0]) else "", text)
    return ASKED_THEN_AGREED.sub("", text)


def _only(pattern: str, text: str) -> re.Match[str] | None:
    """The only match of ``pattern`` in ``text``, or None."""
    found = list(re.finditer(pattern, text, re.I))
    return found[0] if len(found) == 1 else None


def _number_set(draft: str, new: str, old: str, unit: str | None) -> str | None:
    """``draft`` with its one ``old`` number (with ``unit`` after it, when given) as ``new``."""
    after = rf"[ \t]*{re.escape(unit)}" if unit else ""
    m = _only(rf"(?<![\w.,:/-]){re.escape(old)}(?![\w:/-]|[.,]\d)(?={after})", draft)
    return None if m is None else draft[:m.start()] + new + draft[m.end():]


def _skipped(draft: str, n: int) -> str | None:
    """``draft`` without its top-level list item ``n`` (its printed number, else its place; -1: the last) and the lines
    indented under it."""
    lines = draft.split("\n")
    items = [(i, m) for i, line in enumerate(lines) if (m := LIST_ITEM.match(line))]
    if not items:
        return None
    top = min(len(m[1]) for _, m in items)
    items = [(i, m) for i, m in items if len(m[1]) == top]
    numbered = [i for i, m in items if m[2] is not None and int(m[2]) == n]
    if len(numbered) == 1:
        at = numbered[0]
    elif not any(m[2] for _, m in items) and -len(items) <= (n - 1 if n > 0 else n) < len(items):
        at = items[n - 1 if n > 0 else n][0]
    else:
        return None
    end = at + 1
    while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > top:
        end += 1
    return "\n".join(lines[:at] + lines[end:])


def _site_dropped(draft: str, word: str) -> str | None:
    """``draft`` without the node ``word`` in a list of nodes it names, and the comma or "and" beside it; None where the
    node is an exception there ("every site except the port and the campus")."""
    m = (_only(rf"{_JOINED}(?:the[ \t]+)?{re.escape(word)}(?![\w-])", draft)
         or _only(rf"(?<![\w-])(?:the[ \t]+)?{re.escape(word)}{_JOINED}", draft))
    if m is None or _EXCEPTED.search(draft[:m.start()].rsplit("\n", 1)[-1]):
        return None
    return draft[:m.start()] + draft[m.end():]


def _id_set(draft: str, m: re.Match[str]) -> str | None:
    """``draft`` with its one numbered name ``m[2]`` as ``m[1]`` (:data:`SWAPPED_ID`)."""
    hit = _only(rf"(?<![\w-]){re.escape(m[2])}(?![\w-])", draft)
    return None if hit is None else draft[:hit.start()] + m[1] + draft[hit.end():]


def _part_dropped(draft: str, m: re.Match[str]) -> str | None:
    """``draft`` without its one ``m[1]`` constraint, to the end of its clause (:data:`DROPPED_PART`)."""
    if (hit := _only(rf"(?<![\w-]){m[1]}\b[^,.;\n]*", draft)) is None:
        return None
    before = draft[:hit.start()].rstrip(" \t")
    return before.removesuffix(",").rstrip(" \t") + draft[hit.end():]


def _item_skipped(draft: str, m: re.Match[str]) -> str | None:
    nth = (m["nth"] or "").casefold()
    return _skipped(draft, int(m["n"]) if m["n"] else -1 if nth == "last" else ORDINALS.index(nth))


def _corrections(line: str, draft: str, names: Callable[[str], bool]) -> tuple[str, str] | None:
    """(the draft as ``line`` corrects it, what of the line no correction accounts for), or None when a correction has
    no single place in the draft."""
    fixes: list[tuple[re.Pattern[str], Callable[[str, re.Match[str]], str | None]]] = [
        (SKIPPED, _item_skipped),
        (TOO_MUCH, lambda d, m: _number_set(d, m[1], m[3], m[4] or m[2])),
        (SWAPPED_NUMBER, lambda d, m: _number_set(d, m[1], m[3], m[4] or m[2])),
        (SWAPPED_ID, _id_set),
        (NOT_AUTO, lambda d, m: AUTO_WORD.sub("", d, count=1) if len(AUTO_WORD.findall(d)) == 1 else None),
        (DROPPED_PART, _part_dropped),
        (DROPPED_SITE, lambda d, m: _site_dropped(d, m[1]) if names(m[1]) else d)]
    for pattern, fix in fixes:
        for m in list(pattern.finditer(line)):
            if (fixed := fix(draft, m)) is None:
                return None
            draft, line = fixed, line.replace(m[0], " ", 1)
    return draft, ONLY.sub(lambda m: " " if m[1].casefold() in draft.casefold() else m[0], line)


def corrected_draft(text: str, names: Callable[[str], bool]) -> str:
    """The draft ``text`` pastes as its writer's line on top corrects it, or ``text`` itself when it is no such draft,
    a correction has no single place in it, or the line asks more than its corrections (:data:`ASKS_MORE` words left
    once they are read). ``names``: whether a word names a node (only a node is dropped from a list)."""
    line, sep, rest = text.strip().partition("\n")
    opened = ACCEPTED.match(line) or (HEDGED.match(line) if DRAFT_START.match(rest.strip("\n")) else None)
    if not sep or len(line) > 200 or not opened or not rest.strip() or \
            not (DRAFT_START.match(rest.strip("\n")) or rest.startswith("\n")):
        return text
    draft = "\n".join(re.sub(rf"(?i)^[ \t]*>[ \t]?|^[ \t]*{_LABEL}[ \t]*", "", row) for row in rest.strip().split("\n")
                      if not re.fullmatch(r"[ \t]*-{3,}[ \t]*", row)).strip().strip("\"“”")
    if (read := _corrections(line[opened.end():], draft, names)) is None or read[0] == draft:
        return text
    return text if ASKS_MORE.search(read[1]) else read[0]
