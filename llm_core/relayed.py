"""Requests relayed through a draft or a summary: what the writer asks is not every line they paste.

Someone pastes a draft (an assistant's, a colleague's, a ticket's) with a line of their own on top: "use this but 300
instead of 500", "skip point 3", "drop the avoid part". What they ask is the draft as that line corrects it, and the model
reads it so, not the two apart. A call or meeting summary records what was agreed next to what was rejected or postponed
("They decided against load-balancing", "A second limit was discussed and postponed"): only the agreement is asked. An
assistant's pleasantries around a draft ("Certainly! Here is ...:", "Let me know if you need anything else!") ask
nothing.
"""
from __future__ import annotations

import re

DRAFT_LABEL = re.compile(r"(?i)^\s*(?:(?:ai |the |my |original |revised )?(?:draft|request|proposal|suggestion|version)\s*:|"
                         r"-{3,}\s*$|[>\"“']|[-*•]\s|\d+[.)]\s)")
"""The first line of a pasted draft: a label ("Draft:"), a rule, a quote mark or a list item."""
TAKEN = re.compile(r"(?i)\b(?:use|take|go with|same|fine|ok|okay|approved?|looks good|make it|only change|but)\b")
"""The writer's line accepts the draft below it ("use this but ...", "same as below but ...")."""
_UNTIL_STOP = r"[^,.;:!?\n—–()]+"
SWAP = re.compile(rf"(?i)(?P<head>[^\n]*?)\s*,?\s*\b(?:instead of|rather than|not)\s+(?P<old>{_UNTIL_STOP})")
"""A value set right: "300 instead of 500", "Hospital 1, not Hospital 2", "splitfed v2 not v1"."""
TOO_MUCH = re.compile(r"(?i)\bbut\s+(?P<new>\d[\d.,]*)\s*(?P<unit>[a-z/%]*)[^\n]*?\b(?P<old>\d[\d.,]*)\s*(?:[a-z/%]+\s+)?"
                      r"is\s+(?:too|overkill|excessive|a lot|more than)")
"""A new value beside the old one it replaces ("but 40 Mbps, 80 is too much")."""
_PART = r"(?:part|bit|clause|constraint)\b"
DROPPED = re.compile(rf"(?i)\b(?:drop|remove|leave out|take out|without)\s+(?:the\s+)?(?P<what>[\w-]+(?: (?!{_PART})[\w-]+)?)"
                     rf"(?P<part>\s+{_PART})?")
"""A part of the draft taken out ("drop the stadium", "drop the avoid part")."""
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1}
SKIPPED = re.compile(r"(?i)\b(?:skip|ignore|drop|leave out|strike|forget)\s+(?:the\s+)?(?:(?:point|item|bullet|step|line|"
                     r"number|no\.?|#)\s*(?P<n>\d)\b|(?P<nth>first|second|third|fourth|fifth|sixth|last)\s+"
                     r"(?:point|item|bullet|step|line|one)\b)")
"""A list item of the draft left out ("skip point 3", "ignore the second bullet")."""
LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NOT_A_VALUE = frozenset("but and or this that it use take same fine ok okay only just please is are".split())
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w.,]*\d)")

NOT_AGREED = re.compile(r"(?im)^[ \t]*(?:[-*•][ \t]*)?(?:decided against|rejected|not agreed|parked|postponed|deferred|"
                        r"out of scope for now)[ \t]*:[^\n]*$|(?:^|(?<=[.;!?])[ \t]+)[^.;!?\n]*\b(?:(?:they|we|the [\w-]+)"
                        r" (?:decided|agreed) (?:against|not to)|(?:was|were) (?:discussed and |raised and )?"
                        r"(?:postponed|deferred|rejected|parked|turned down))\b[^.;!?\n]*(?:[.;!?]|$)")
"""What a summary records as not agreed: a "Decided against:" line, a sentence that someone decided against or that was
discussed and postponed."""
ASKED_THEN_AGREED = re.compile(r"(?i)\b(?:they|the customer|the tenant)\s+(?:asked for|wanted|requested|proposed|suggested)"
                               r"[^.;!?\n]*;\s*(?=we agreed to\s+\w)")
"""A customer's ask followed by what was agreed in its place ("they asked for 1 Gbps; we agreed to rate-limit ... at
600 Mbps"): the ask is superseded."""
PLEASANTRY = re.compile(r"(?im)^[ \t]*(?:(?:certainly|absolutely|sure|of course|great question|happy to help)[!.,][^\n]{0,80}:"
                        r"|(?:i hope this (?:is |was )?help(?:s|ful)|hope this helps|let me know if you need anything else|"
                        r"feel free to ask)[^\n.!?]{0,40}[.!?]?)[ \t]*$")
"""An assistant's words around its draft, on lines of their own."""


def without_pleasantries(text: str) -> str:
    """``text`` without the assistant's lines that only introduce or close its draft (:data:`PLEASANTRY`)."""
    return PLEASANTRY.sub("", text)


def agreed(text: str) -> str:
    """``text`` without what a summary says was not agreed (:data:`NOT_AGREED`) nor the asks an agreement replaced
    (:data:`ASKED_THEN_AGREED`)."""
    return ASKED_THEN_AGREED.sub("", NOT_AGREED.sub("", text))


def _split(text: str) -> tuple[str, str] | None:
    """(the writer's line, the draft below it), when ``text`` is a short line accepting a draft that follows."""
    head, sep, rest = text.strip().partition("\n")
    if not sep or len(head) > 200 or not (TAKEN.search(head) or SKIPPED.search(head)):
        return None
    if not rest.strip() or not (DRAFT_LABEL.match(rest.strip("\n")) or rest.startswith("\n")):
        return None  # the draft opens with its label or a quote, or stands apart after a blank line
    return head, rest


def _unquoted(draft: str) -> str:
    """The draft without its label, rules and quote marks."""
    lines = []
    for line in draft.strip().split("\n"):
        line = re.sub(r"^\s*>\s?", "", line)
        line = re.sub(r"(?i)^\s*(?:(?:ai |the |my |original |revised )?(?:draft|request|proposal|suggestion|version)\s*:)\s*", "",
                      line)
        if not re.fullmatch(r"\s*-{3,}\s*", line):
            lines.append(line)
    return "\n".join(lines).strip().strip("\"“”'")


def _one(pattern: str, text: str) -> re.Match[str] | None:
    """The only match of ``pattern`` in ``text``, or None."""
    found = list(re.finditer(pattern, text, re.I))
    return found[0] if len(found) == 1 else None


def _swapped(draft: str, new: str, old: str) -> str | None:
    """``draft`` with ``old`` as ``new``: a number for a number, else words for as many words (an old word may be the
    start of the draft's: "auto" for "automatically")."""
    old = old.strip()
    if re.fullmatch(r"\d[\d.,]*(?:\s*[a-z/%]+)?", old, re.I):
        numbers = NUMBER.findall(new)
        if not numbers or not (m := _one(rf"(?<![\w.,]){re.escape(NUMBER.findall(old)[0])}(?![\w.,]*\d)", draft)):
            return None
        return draft[:m.start()] + numbers[-1] + draft[m.end():]
    words = new.split()[-len(old.split()):]
    if len(words) < len(old.split()) or any(w.casefold().strip(",:") in _NOT_A_VALUE for w in words):
        return None
    if not (m := _one(rf"(?<![\w-]){re.escape(old)}(?![\w-])", draft) or _one(rf"(?<![\w-]){re.escape(old)}\w*", draft)):
        return None
    return draft[:m.start()] + " ".join(words) + draft[m.end():]


def _without(draft: str, what: str, part: bool) -> str | None:
    """``draft`` without ``what``: its clause for a part ("the avoid part"), else the words and the "and" or comma
    beside them."""
    if part:
        m = _one(rf"\s*,?\s*(?<![\w-]){re.escape(what)}\b[^,.;\n]*", draft)
    else:
        m = (_one(rf"(?:,\s*|\s+and\s+)(?:the\s+)?{re.escape(what)}(?![\w-])", draft)
             or _one(rf"(?<![\w-])(?:the\s+)?{re.escape(what)}(?:\s*,\s*|\s+and\s+)", draft))
    return None if m is None else draft[:m.start()] + draft[m.end():]


def _skipped(draft: str, n: int) -> str | None:
    """``draft`` without its ``n``-th list item (-1: the last)."""
    lines = draft.split("\n")
    items = [i for i, line in enumerate(lines) if LIST_ITEM.match(line)]
    if not items or not -len(items) <= (n - 1 if n > 0 else n) < len(items):
        return None
    del lines[items[n - 1 if n > 0 else n]]
    return "\n".join(lines)


def corrected_draft(text: str) -> str:
    """The draft ``text`` pastes as its writer's line on top corrects it (a value swapped, a part or a list item left
    out), or ``text`` itself when it is no such draft or a correction cannot be placed in it."""
    if (split := _split(text)) is None:
        return text
    head, draft = split[0], _unquoted(split[1])
    done = False
    for m in SKIPPED.finditer(head):
        n = int(m["n"]) if m["n"] else _ORDINAL[m["nth"].casefold()]
        if (draft := _skipped(draft, n)) is None:  # type: ignore[assignment]
            return text
        done = True
    if (m := TOO_MUCH.search(head)) is not None:
        if (draft := _swapped(draft, m["new"], m["old"])) is None:  # type: ignore[assignment]
            return text
        done = True
    else:
        for m in SWAP.finditer(head):
            if re.search(r"(?i)\b(?:do|does|did|is|are|was|should|must|can|could|will|would)\s*$", m["head"]):
                continue  # "it is not ...", "do not ...": a statement, no value swapped
            if (draft := _swapped(draft, m["head"], m["old"])) is None:  # type: ignore[assignment]
                return text
            done = True
    for m in DROPPED.finditer(head):
        if SKIPPED.match(head, m.start()):
            continue
        if (draft := _without(draft, m["what"], bool(m["part"]))) is None:  # type: ignore[assignment]
            return text
        done = True
    return draft if done else text
