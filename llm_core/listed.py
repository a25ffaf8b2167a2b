"""Numbered plans whose items point back to an earlier one, each item spelt out in full.

A manager writes "1. urllc slice for hospital-2, 10 ms max, name it surgery-link / 2. same as item 1 but for hospital-1,
name surgery-link-1"; the model reads item 2 alone as nothing it knows (or as a block between the ids of a range). Item 2
is written as item 1 with what it changes: its nodes, time window, quantities, name or model. A clause does the same
for the one before it ("Block DNS from the campus to edge-north; same for edge-south": a node replaces the one node of
its role, edge-north, never the campus), and "same hours" the window before it. An item or clause whose changes cannot
be placed stays as written.
"""
from __future__ import annotations

import re

from . import units
from .grounding import Grounder, fold
from .lexicon import SERVICE_WORD

MARKER = re.compile(r"(?:^|(?<=\s))(?:(?i:item)\s?|T|#)?(\d{1,2})[.):/](?=[ \t])", re.M)
"""A numbered item's marker: "1.", "2)", "3/" at the start of a line or after a space; "Item 2:", "T2:", "#2:"."""
SAME_AS = re.compile(r"(?i)^\s*(?:and\s+)?(?:the\s+)?same\s+(?:as|like)\s+(?:in\s+)?(?:item\s+|point\s+|#|no\.?\s*|number\s+)?"
                     r"(\d{1,2})[.)/]?(?=\s*(?:$|[,;:]|but|for|from|with|at|on|to|only)\b|\s*$)|"
                     r"^\s*(?:and\s+)?(?:the\s+)?same(?=\s+(?:for|from|but|on|at|with)\b)")
"""An item that repeats an earlier one ("same as item 1", "same as 1/", "the same for the stadium": the one before)."""
SAME_CLAUSE = re.compile(r"(?i)(?<=[;.,!?\n])[ \t]{0,3}(?:and[ \t]+)?(?:the[ \t]+)?(?:same|ditto|likewise)[ \t]+"
                         r"(?:as[ \t]+(?:that|above|before|"
                         r"the[ \t]+(?:previous|last|above)(?:[ \t]+(?:one|item|line))?)[ \t]+(?:but[ \t]+)?)?(?=(?:for|at|on)\s)"
                         r"([^.;!?\n]{0,200}?)(?=[ \t]{0,3}(?:[.;!?\n]|,[ \t]*(?:and|then|plus|also|same|the same)\b|$))")
"""A clause that repeats the one before it with a change ("...; same for edge-south", ", and the same for gnb-7", "; same
as that but for the stadium from 18:00 to 23:00", "; ditto for telnet": a named service, :data:`SERVICE_WORD`, may be
the one change)."""
SAME_HOURS = re.compile(r"(?i)\b(?:(?:at|for|in|during)\s+)?the\s+same\s+(?:hours|times|time\s+window|window|time\s+slot|slot)\b|"
                        r"(?<=[,;]\s)same\s+(?:hours|times|window)\b")
"""A window said again by reference ("a URLLC slice there, 20 ms, same hours", "for the same time window")."""
SAME_HOURS_ELSEWHERE = re.compile(r"(?i)\s+(?:as|like|it has|they have|it had|of)\b|\s+(?:now|today|yesterday|before)\b")
"""What points the same hours at another window than the one before ("the same hours as matchday", "the same hours it
has now")."""
KEPT_HOURS = re.compile(r"(?i)\b(?:keep|keeps|kept|keeping|stay|stays|remain|remains|retain\w*|unchanged|still)\b")
"""A verb that keeps a slice's own window ("press-box keeps the same hours")."""
PARTS = re.compile(r"\s*(?:,|;|\bbut\b|\band\b)\s*", re.I)
PART_OPENS = re.compile(r"(?<![ \t])[ \t]+(?=(?:from|with|at)[ \t]+\d)", re.I)
"""Where a change's nodes end and its quantity or window begins ("the stadium from 18:00 to 23:00", "the farm with 15000
devices")."""
WINDOW = re.compile(r"(?i)(?:\bfrom\s+)?\b\d{2}:\d{2}\s*(?:to|until|till|-|–)\s*\d{2}:\d{2}\b")
QUANTITIES = (r"\d+(?:\.\d+)?\s*(?:[kmg]bps|[kmg]bit/s|[kmg]b/s)\b", r"\d+(?:\.\d+)?\s*ms\b", r"\d+\s+rounds?\b",
              r"\d[\d,]*\s+(?:devices|sensors|meters|cameras|users|terminals|robots|vehicles|drones)\b")
"""A rate, a latency, rounds, a device count: a quantity an item may change alone ("same as 1 but 350 Mbps")."""
NAME = re.compile(r"(?i)\b(?:name(?:\s+it)?|named|called|call\s+it)\s+[\w-]+")
MODEL = re.compile(r"(?i)\b(?:(?:anomaly|ddos|intrusion|attack|threat)[\s-]+(?:detector|detection(?:\s+model)?|model)|"
                   r"intent[\s-]+classifi\w+(?:\s+model)?|(?:hub(?:'s)?|lora|llm)(?:\s+(?:lora|llm))?\s+adapter)\b")
TOLD_DONE = re.compile(r"(?i)\b(?:done|ignore|skip|cancell?ed|not needed|no longer)\b")
LISTED = re.compile(r"\s*(?:,|and|&)\s*(?:the\s+)?", re.I)
RANGED = re.compile(r"\s*(?:to|through|thru|until|-|–|\.\.)\s*", re.I)
"""What joins the nodes of one group in an item: a list of one role ("hospital-1 and hospital-2"), a range of ids
("gnb-1 to gnb-3")."""
SPREAD = re.compile(r"(?i)\s(?:to|through|thru|until)\s|\.\.|–")
"""The words of a change that spread it over a range ("gnb-2 to gnb-5"), not the hyphen inside an id."""


def _groups(text: str, grounder: Grounder) -> list[tuple[int, int, str]]:
    """Where ``text`` names nodes, a range or list of them as one group, with the role of its members."""
    out: list[tuple[int, int, str]] = []
    t, role, last = fold(text), lambda n: grounder.g.nodes[n].get("role", ""), ""  # noqa: E731
    for a, b, _, node in grounder.spans(text):
        if out and out[-1][2] == role(node) and (LISTED.fullmatch(t[out[-1][1]:a]) or RANGED.fullmatch(t[out[-1][1]:a])
                                                 and node.rsplit("-", 1)[0] == last.rsplit("-", 1)[0]
                                                 and not re.search(r"\bfrom\s+(?:the\s+)?$", t[:out[-1][0]])):  # a flow's ends
            out[-1] = (out[-1][0], b, role(node))
        else:
            out.append((a, b, role(node)))
        last = node
    return out


def _changed(base: str, part: str, grounder: Grounder) -> str | None:
    """``base`` with the one thing ``part`` changes in it; None when it is not clear what that is."""
    part = re.sub(r"(?i)^(?:only\s+|just\s+)?", "", part.strip(" .!"))
    if not part:
        return base
    def swapped(pattern: str | re.Pattern[str], new: str) -> str | None:
        found = list(re.compile(pattern, re.I).finditer(base) if isinstance(pattern, str) else pattern.finditer(base))
        return base[:found[0].start()] + new + base[found[0].end():] if len(found) == 1 else None
    if window := WINDOW.fullmatch(part):
        return swapped(WINDOW, window[0] if window[0].casefold().startswith("from") else f"from {window[0]}")
    for pattern in QUANTITIES:
        if re.fullmatch(rf"(?:at\s+|to\s+|with\s+)?({pattern})", part, re.I):
            return swapped(pattern, re.search(pattern, part, re.I)[0])
    if NAME.fullmatch(part):
        return swapped(NAME, part)
    if SERVICE_WORD.fullmatch(part):
        return swapped(SERVICE_WORD, part)
    if model := MODEL.search(part):
        if part[:model.start()].strip().casefold() not in ("", "the", "for", "for the", "of", "of the", "on", "on the"):
            return None
        return swapped(MODEL, model[0])
    m = re.match(r"(?i)(?:(from|to|at|on|in|with)\s+)?", part)
    nodes, old = part[m.end():], _groups(base, grounder)
    if len(new := _groups(nodes, grounder)) != 1 or nodes[:new[0][0]].strip().casefold() not in ("", "the") or \
            nodes[new[0][1]:].strip():
        return None  # "but without the stadium", "plus hospital-2", "hospital-2 too": not a node in another's place
    if m[1] and m[1].casefold() in ("from", "to"):  # the source or the destination of a flow
        if len(old) < 2 or m[1].casefold() == "to" and not re.search(r"(?i)\bto\b|->|→", base[old[0][1]:old[1][0]]):
            return None
        a, b, _ = old[0] if m[1].casefold() == "from" else old[1]
    elif len(alike := [o for o in old if o[2] == new[0][2]]) == 1:  # the one node of the new one's role
        a, b, _ = alike[0]
    else:
        return None
    if SPREAD.search(nodes) and not SPREAD.search(base[a:b]):
        return None  # "gnb-2 to gnb-5" for gnb-1 of "from gnb-1 to core-1": a range, or a flow of its own?
    if re.match(r"(?i)the\s", nodes) and re.search(r"(?i)\bthe\s+$", base[:a]):
        nodes = nodes[4:]  # "the farm" in "the port's trackers"
    return base[:a] + nodes + ("'s" if re.search(r"['’]s$", base[a:b]) and not re.search(r"['’]s$", nodes) else "") + base[b:]


def _all_changed(base: str, rest: str, grounder: Grounder) -> str | None:
    """``base`` with what ``rest`` changes in it: all of ``rest`` as one change first ("port and farm" is one group of
    sites), then part by part ("the stadium from 18:00 to 23:00", "hospital-2 but via core-2")."""
    rest = re.sub(r"(?i)^\s*(?:for|at|on)\s+", "", rest.strip().rstrip(" /;,"))
    if (whole := _changed(base, rest, grounder)) is not None:
        return whole
    for piece in (p for part in PARTS.split(rest) for p in PART_OPENS.split(part)):
        if (base := _changed(base, re.sub(r"(?i)^for\s+", "", piece), grounder)) is None:
            return None
    return base


def spelled_out(text: str, grounder: Grounder) -> str:
    """``text`` with each numbered item that repeats an earlier one (:data:`SAME_AS`) written as that item with the
    item's changes, then each such clause (:func:`_clauses_spelled_out`), then a window said again by reference
    (:func:`_same_hours`); an item or clause whose changes cannot be placed stays as written."""
    marks: list[re.Match[str]] = []
    for m in MARKER.finditer(text):  # "2/ same as 1/ but ...": a number in an item is no marker
        if int(m[1]) == len(marks) + 1 and (not m[0].endswith(":") or not m[0][0].isdigit()):  # "Item 2:", not "at 2:"
            marks.append(m)
    if len(marks) < 2:
        return _same_hours(_clauses_spelled_out(text, grounder))
    spans = [(m.end(), marks[i + 1].start() if i + 1 < len(marks) else len(text)) for i, m in enumerate(marks)]
    items = [text[a:b] for a, b in spans]
    for k, item in enumerate(items):
        if not (ref := SAME_AS.match(item)) or (n := int(ref[1]) - 1 if ref[1] else k - 1) >= k or n < 0:
            continue
        base, (rest, _, after) = items[n].strip().split("\n")[0].rstrip(" /;,"), item[ref.end():].partition("\n")
        if len(fold(base)) != len(base) or TOLD_DONE.search(base):
            continue  # offsets into the folded text would not be the text's; an item told done is not asked again
        if (base := _all_changed(base, rest, grounder)) is not None:
            items[k] = " " + base + ("\n" + after if "\n" in item[ref.end():] else re.search(r"[\s/;,]*$", rest)[0])
    out, at = [], 0
    for (a, b), item in zip(spans, items):
        out += [text[at:a], item]
        at = b
    return _same_hours(_clauses_spelled_out("".join(out) + text[at:], grounder))


def _same_hours(text: str) -> str:
    """``text`` with each window said again by reference (:data:`SAME_HOURS`) written as the one window before it; left
    as written after none or two, when it points elsewhere ("as matchday") or a slice keeps its own ("keeps the same
    hours")."""
    def window(m: re.Match[str]) -> str:
        said = set()
        for w in WINDOW.finditer(text, 0, m.start()):
            try:
                said.add(tuple(units.schedule(w[0]).values()))
            except ValueError:
                return m[0]
        lo = max(text.rfind(c, 0, m.start()) for c in ".;,!?\n") + 1
        if len(said) != 1 or SAME_HOURS_ELSEWHERE.match(text, m.end()) or KEPT_HOURS.search(text, lo, m.start()):
            return m[0]
        start, end = said.pop()
        return f"from {start}-{end}"
    return SAME_HOURS.sub(window, text)


def _clauses_spelled_out(text: str, grounder: Grounder) -> str:
    """``text`` with each clause that repeats the one before it (:data:`SAME_CLAUSE`) written as that clause with its
    changes, left to right ("...; same for edge-south; same for edge-east" repeats the clause as written out). A base told
    done or named ("name it cam-video": two slices of one name) stays as written, as does what follows it."""
    at, changed = 0, ""
    while m := SAME_CLAUSE.search(text, at):
        base = changed if changed and m.start() <= at + 1 else \
            re.split(r"[.;!?\n]", text[:m.start()].rstrip(".;,!?"))[-1].strip()  # ", same for A, same for B": A's clause
        changed = None if not base or len(fold(base)) != len(base) or TOLD_DONE.search(base) or \
            (NAME.search(base) and not NAME.search(m[1])) else _all_changed(base, m[1], grounder)
        if changed is None or changed == base:
            return text  # a later "same" would repeat the clause left as written
        text, at = text[:m.start()] + " " + changed + text[m.end():], m.start() + 1 + len(changed)
    return text
