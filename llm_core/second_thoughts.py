"""Asks a message takes back or changes before it ends.

A planner saves asks up and sends them in one message, then thinks again inside it: "3. Block SSH from gnb-8 to
edge-east. P.S. Forget #3", "Block ICMP from gnb-1 to core-1. Hmm, on second thought, leave ICMP alone", "I was going
to ask you to delete hosp2-guest, but hold off on that", "P.S. season-fans should be 3.5 Gbps, not 3". The model reads
every ask it sees; what the message still stands by at its end is what it asks. :func:`final_word` rewrites a text to
that: an ask taken back left out with the words that take it back, a figure changed later written where it was asked.
Each rewrite acts only where what it points back to is found once; otherwise the text is left as written.
"""
from __future__ import annotations

import re

BREAK = re.compile(r"\n|(?<!\b[A-Za-z])(?<!\be\.g)(?<!\bi\.e)[.!?;](?=\s)")
"""Where a clause ends: a line break, or a full stop, "!", "?" or ";" before a space (not in "P.S." nor "e.g.")."""
PS_WORD = r"(?:p\.?\s?p?\.?\s?s|n\.?\s?b)"
"""A "P.S.", "PPS" or "NB", its last full stop aside."""
OPENER = rf"[\s,]*(?:{PS_WORD}\.?[ \t]*[:,-]?[ \t]*)?"
"""What may open a clause before its words: a "P.S." or "NB"."""
PS = re.compile(rf"(?i)\b{PS_WORD}\.?[ \t]*[:,-]?[ \t]*$")
"""A "P.S." or "NB" that opens what follows it."""
ITEM_LINE = r"(?m)^[ \t]*(?:[-*•][ \t]*)?(?:\(?{n}[.):]|#{n}\b|(?:item|point)[ \t]+{n}[.):])[^\n]*(?:\n|$)"
"""A list item numbered n, to its line's end."""

ITEM_WITHDRAWN = re.compile(
    r"\b(?:forget|scratch|drop|cancel|skip|ignore|disregard|strike|withdraw)\s+(?:about\s+)?(?:the\s+)?"
    r"(?:item|point|number|no\.?|request|#)\s*#?(\d{1,2})\b(?![.,]\d)(?!\s+(?:of|if|unless|when|once|in case)\b)"
    r"|(?:^|(?<=[:;,(]\s)|(?<=\n)|(?<=\band )|(?<=\balso ))(?:item|point|request|#)\s*(\d{1,2})\s+(?:is|was|has been)\s+"
    r"(?:off|cancell?ed|withdrawn|dropped|scrapped|on hold|no longer (?:needed|required|wanted)|not needed)\b", re.I | re.M)
"""A numbered item the writer takes back ("Forget #3", "Updates: item 5 is off"; not "cell number 3 is off since Monday",
"disregard point 2 of yesterday's mail", "skip item 1 if ...")."""

TAKE_BACK = re.compile(
    r"(?i)" + OPENER + r"(?:(?:hmm+|ok(?:ay)?|oh|ah|actually|no+|wait|sorry|um+|well)[\s,.!]+)*"
    r"(?:on second thoughts?|scratch (?:that|this)|forget (?:that|this|it)|never ?mind|nvm|cancel (?:that|this)|"
    r"skip (?:that|this)(?: one)?|no,? wait|ignore (?:that|this)(?: one)?)(?=\s*(?:[,.!;—–]|\s-\s|$))")
"""A clause that takes back the one before it ("Hmm, on second thought, leave ICMP alone", "Scratch that, the hub team
says the adapter is frozen"; not "nvm the first one", which points further back, "never mind the cost", nor "Cancel
this: the fan-zone slice")."""
WHY = re.compile(r"(?i)[\s,:;.!—–-]*(?:$|(?:leave|keep)\s+(?:it|that|them|[\w-]+)(?:\s+(?:alone|as (?:it )?is|be|running))?"
                 r"[\s,.;!]|the\s+(?:[\w-]+\s+){1,3}(?:says?|said|confirmed|decided)\b|"
                 r"(?:it|that|the\s+[\w-]+)(?:'s|\s+is|\s+are)\s+(?:still\s+)?"
                 r"(?:needed|used|in use|frozen|allowed|fine|not needed)\b)")
"""How the rest of a clause that takes a whole ask back begins: nothing, what to leave as it is, or a reason why it is
not needed ("..., leave ICMP alone", "..., the hub team says the adapter is frozen"); not a part put right ("No, scratch
that, on the campus") nor more asked ("On second thought, we need it at the farm too")."""
SKIPPED = re.compile(r"(?i)(?<!don't )(?<!do not )\b(?:skip|forget|ignore) (?:this|that) one\b(?=\s*(?:[,.!;]|$))")
"""A clause that drops the one before it in its own words ("Actually no, let the rule handle it, skip this one"; not
"lab-old, don't forget that one")."""
TURNED_DOWN = re.compile(r"(?i)\b(?:rejected|vetoed|turned down|declined|did(?:n't| not) approve)\s+(?:this|that) one\b"
                         r"(?![^.!?;\n]*\b(?:but|now|approved|after all)\b)")
"""A clause that tells the one before it turned down ("The CAB rejected this one, so drop it")."""
NEW_ORDER = re.compile(r"(?i)\b(?:create|add|block|deny|rate-?limit|limit|cap|throttle|route|send|show|tell|list|delete|"
                       r"remove|move|raise|lower|make|set|start|run|switch|change|modify|bump|instead|rather|just|only|"
                       r"must|should|shall)\b|\d")
"""What a taking back goes on to ask instead: then it repairs a part ("scratch that, 650"), not the whole."""

ASKS = re.compile(r"(?i)\b(?:create|add|set up|block|deny|rate-?limit|cap|throttle|route|reroute|delete|remove|show|list|"
                  r"(?:federated\s+)?fine-?tun\w*|federated|split[- ]?learn\w*|train|raise|lower|isolate|alert)\b")
"""The words of an ask: the clause taken back holds one ask, not several ("block telnet and cap gnb-3") nor none."""
KEPT_AS_IS = re.compile(r"(?i)\b(?:leave|keep|except|don'?t|do not|never)\b")
"""A clause that spares something ("Leave gnb-7 alone"): it is no ask to take back."""
BUILT_ON = re.compile(r"(?i)\b(?:instead|rather|the same|same for)\b")
"""A next clause that builds on the one taken back ("Block TCP 8080 instead")."""
AGAIN = re.compile(r"(?i)\b(?:after all|anyway|still do it|do it anyway)\b")
"""A later clause that asks again what was taken back ("P.S. Talked to Ana, block it after all")."""

NOT_ASKED = re.compile(
    r"(?i)(?:^|(?<=[\s,;:(]))(?:(?:first|second|third|fourth|finally|also|then|and),?\s+)?(?:i|we)\s+(?:also\s+)?"
    r"(?:(?:was|were|had been)\s+(?:going|about|planning|meaning)\s+to\s+ask|"
    r"(?:thought about|considered|were thinking (?:of|about)|toyed with))\b"
    r"(?P<asked>[^.!?;\n]*?)\bbut\b(?P<why>[^.!?;\n]*)")
"""An ask the writer tells of having meant and not making ("I was going to ask you to delete hosp2-guest, but hold off
on that", "We also thought about blocking UDP ..., but that would kill the games, so please don't")."""
HELD_OFF = re.compile(r"(?i)\b(?:hold off|not now|no need|never ?mind|leave it|not needed|rejected (?:it|that|this)|"
                      r"decided (?:against|not to))\b|(?:\bso\s+)?(?:please\s+)?\b(?:don'?t|do not|won'?t)\s*$")
"""How the writer holds such an ask off: a word for it, or a bare "so please don't" that ends the clause."""

NUMBER = r"\d+(?:[.,]\d+)?"
UNITS = {"rate": r"[kmgt](?:bps|bit/s|b/s|bits?)\b|(?:meg|gig)s?\b", "delay": r"ms\b|milli ?seconds?\b",
         "rounds": r"rounds?\b", "devices": r"devices\b|sensors\b|tags\b|meters\b|things\b", "share": r"%|percent\b"}
FIGURE = re.compile(rf"(?i)(?<![\w.,])(?P<n>{NUMBER})\s*(?P<u>{'|'.join(UNITS.values())})")
CHANGE = re.compile(
    rf"(?i){OPENER}(?:(?:actually|also|(?:correction|updates?|change of plan)(?:\s[\w ]{{0,25}}?)?:)[\s,]+)*"
    rf"(?:(?:item|point|#)\s*(?P<item>\d)\s*[:,]?\s*(?:actually,?\s+)?)?"
    rf"(?:(?P<again>make\s+(?:it|that|this)\s+)|(?:make|set|change)\s+the\s+(?P<what>[a-z][\w -]{{1,30}}?)\s+(?:to\s+)?"
    rf"|(?P<name>[a-z][\w-]*-[\w-]+)\s+should\s+(?:be|have|get)\s+(?:at\s+)?"
    rf"|(?:item|point|#)\s*(?P<item2>\d)\s+should\s+be\s+)?"
    rf"(?P<new>{NUMBER})\s*(?P<unit>{'|'.join(UNITS.values())})"
    rf"(?P<rest>(?:\s+(?:on|for)\s+the\s+(?P<on>[a-z][\w -]{{1,30}}?))?[^.!?;\n]*)")
"""A correction of a figure asked earlier: "make it 25 rounds on the fine-tuning, 15 won't converge", "Item 2:
actually make that 120 Mbps", "season-fans should be 3.5 Gbps, not 3", "350 Mbps, not 300", "item 3 should be 700
Mbps instead of 600"."""
OLD = re.compile(rf"(?i)\b(?:not|instead of|rather than)\s+(?P<a>{NUMBER})\b|(?:^|,)\s*(?P<b>{NUMBER})\s*"
                 rf"(?:{'|'.join(UNITS.values())})?\s+(?:won'?t|will not|is (?:what|too|not)|isn'?t|was)\b")
"""The figure a correction replaces, where it says it."""
LATER = re.compile(r"(?i)\b(?:if|unless|from|after|later|next|when|once|until|tomorrow|tonight|on (?:mon|tue|wed|thu|fri|"
                   r"sat|sun)\w*)\b")
"""A change said for later or on a condition."""
ORDER = re.compile(r"(?i)\b(?:create|add|set up|give|block|deny|rate-?limit|limit|cap|throttle|route|send|delete|remove|"
                   r"modify|change|raise|lower|bump|make|fine-tune|train|split-?learn|run|start|need|want|slice|rule)\w*")
"""Words of a clause that asks (a figure told as context is not what a correction changes)."""


def _clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text``, the end past its closing mark."""
    bounds = [0, *(m.end() for m in BREAK.finditer(text)), len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without ``spans`` (overlapping ones as one), each with the "P.S." that opens it."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    for a, b in reversed(merged):
        if (ps := PS.search(text, 0, a)) is not None and not text[ps.end():a].strip():
            a = ps.start()
        text = text[:a] + text[b:]
    return text


def without_withdrawn_items(text: str) -> str:
    """``text`` without a numbered item a later clause takes back by its number, nor that clause, unless the clause
    asks more."""
    cuts, clauses = [], _clauses(text)
    for m in ITEM_WITHDRAWN.finditer(text):
        n = m[1] or m[2]
        items = [i for i in re.finditer(ITEM_LINE.format(n=n), text) if i.end() <= m.start()]
        clause = next(((a, b) for a, b in clauses if a <= m.start() < b), None)
        if len(items) == 1 and clause is not None and not NEW_ORDER.search(text, m.end(), clause[1]):  # "Drop item 2,
            cuts += [items[0].span(), clause]  # "Drop item 2, block telnet instead" asks more
    return _cut(text, cuts) if cuts else text


def without_taken_back(text: str) -> str:
    """``text`` without an ask its next clause takes back whole (:data:`TAKE_BACK` and a reason, :data:`SKIPPED`,
    :data:`TURNED_DOWN`), nor that clause, and without the asks it tells of meaning and not making (:data:`NOT_ASKED`).
    Left as written: an ask put as a question ("add factory 2? no wait, it already has it"), a clause of several asks or
    of none ("Leave gnb-7 alone. Never mind ..."), and one a later clause builds on ("Block TCP 8080 instead") or asks
    again ("block it after all")."""
    cuts = []
    clauses = _clauses(text)
    for k, (a, b) in enumerate(clauses[1:], 1):
        said, (x, y) = text[a:b], clauses[k - 1]
        whole = (m := TAKE_BACK.match(said)) is not None and WHY.match(said, m.end()) is not None and \
            not NEW_ORDER.search(said, m.end())
        skipped = TURNED_DOWN.search(said) or (n := SKIPPED.search(said)) and not NEW_ORDER.search(said, 0, n.start())
        after = text[b:clauses[k + 1][1]] if k + 1 < len(clauses) else ""
        if not (whole or skipped) or text[x:y].rstrip(" .\n").endswith("?") or len(ASKS.findall(text, x, y)) != 1 or \
                KEPT_AS_IS.search(text, x, y) or BUILT_ON.search(after) or AGAIN.search(text, b):
            continue
        if "\n" in text[y - 1:a] and not re.match(r"\s*(?:[-*•]|\(?\d+[.)])", text[x:]):
            continue  # a new line that is no list item: nothing of the line before is taken back
        cuts += [(x, y), (a, b)]
    for m in NOT_ASKED.finditer(text):
        if (held := HELD_OFF.search(m["why"])) and not NEW_ORDER.search(re.sub(r"\d", "", m["why"][held.end():])):
            cuts.append((m.start(), next((b for a, b in clauses if a <= m.start() < b), m.end())))
    return _cut(text, cuts) if cuts else text


KEPT_AFTER_ALL = re.compile(r"(?i)\b(?:change of heart|on second thoughts?|actually|correction|scratch that|wait)\b[^.!?;\n]*?"
                            r"(?<![\w-])(?P<name>[a-z][a-z0-9]*-[\w-]*[a-z0-9])(?![\w-])[^.!?;\n]*\bkeep\s+(?:it|that one)\b"
                            r"|\b(?:change of heart|on second thoughts?|actually|correction|wait)\b[^.!?;\n]*?\bkeep\s+"
                            r"(?P<kept>[a-z][a-z0-9]*-[\w-]*[a-z0-9])(?![\w-])")
"""A slice an earlier clause removes, kept after all ("P.S. Change of heart on harvest-maps: the co-op uses it until
October, keep it")."""
KEEP_DOUBTED = re.compile(r"(?i)\b(?:not|don'?t|can'?t|cannot|no reason|never|then|goes|too)\b|\?")
"""A keeping denied, asked or put off."""
REMOVES = re.compile(r"(?i)\b(?:delete|remove|drop|retire|decommission|tear down|get rid of|deprovision)\b")


def with_removals_kept(text: str) -> str:
    """``text`` without a slice a later clause keeps after all (:data:`KEPT_AFTER_ALL`) in the list of removals that
    named it, nor that clause, where it names it once before, in a clause that removes more than it; not where the keeping
    is denied, asked or put off ("no reason to keep lab-7", "can we keep it? No", "keep it until 18:00, then delete it")
    or the clause asks more of it ("keep fan-zone and raise it to 2 Gbps")."""
    for a, b in reversed(_clauses(text)):
        if (m := KEPT_AFTER_ALL.search(text, a, b)) is None or KEEP_DOUBTED.search(text, a, b) or \
                NEW_ORDER.search(text, m.end(), b):
            continue
        name = re.escape(m["name"] or m["kept"])
        spots = [(x, y) for x, y in _clauses(text[:a]) if re.search(rf"(?i)(?<![\w-]){name}(?![\w-])", text[x:y])]
        if len(spots) != 1 or not REMOVES.search(text, *spots[0]):
            continue
        x, y = spots[0]
        listed = re.sub(rf"(?i)(?:,\s*(?:and\s+)?|\s+and\s+){name}(?![\w-])|(?<![\w-]){name}(?:\s*,\s*|\s+and\s+)(?=\S)",
                        "", text[x:y], count=1)
        if listed != text[x:y]:
            shift = y - x - len(listed)
            return with_removals_kept(_cut(text[:x] + listed + text[y:], [(a - shift, b - shift)]))
    return text


def _family(unit: str) -> str:
    return next(k for k, v in UNITS.items() if re.fullmatch(v, unit, re.I))


def with_changed_figures(text: str) -> str:
    """``text`` with a figure a later sentence changes (:data:`CHANGE`) written where it was asked, and without the
    change, where the figure it replaces is found once among the asking clauses it points to: the item it numbers, the
    clauses naming the slice it names or the words it changes, else all; for a bare "make it 500 Mbps", the ask just
    before it. Not a change said for later or on a condition ("make it 500 Mbps from Monday", "... if the loss is still
    high"), nor one that asks more ("Make that 150 Mbps, and add the same cap for the farm")."""
    clauses = _clauses(text)
    for a, b in reversed(clauses):
        if (m := CHANGE.match(text, a, b)) is None:
            continue
        old = OLD.search(m["rest"])
        after_ps = PS.search(text, 0, a) or re.match(rf"(?i)\s*{PS_WORD}\b", text[a:b])
        if not (old or m["again"] or m["item2"] or m["name"] or m["what"] and after_ps) or \
                LATER.search(m["rest"]) or NEW_ORDER.search(re.sub(r"\d", "", m["rest"][:old.start()] + m["rest"][old.end():]
                                                                   if old else m["rest"])):
            continue  # "set the cap at 200 Mbps" and "Item 2: 500 Mbps is the uplink max" ask or tell anew
        was = float((old["a"] or old["b"]).replace(",", ".")) if old else None
        begun = max([0, *(e.end() for e in re.finditer(r"[.!?](?=\s)|\n", text) if e.end() <= a)])
        asking = [(x, y) for x, y in clauses if y <= begun and ORDER.search(text, x, y)]  # its own sentence's figures
        if any(begun <= x < a and ORDER.search(text, x, y) for x, y in clauses):  # are not what it changes: "The limit
            continue                                                              # is no longer 100; make it 40"
        if was is None and m["again"] and not m["on"]:
            if re.search(r"(?i)\b(?:for|at|to|from|in)\b", m["rest"]):
                continue  # "make it 5 ms for hospital-2": of which ask?
            asking = asking[-1:]
        if scope := m["item"] or m["item2"]:
            asking = [(x, y) for x, y in asking if any(x <= i.start() < y or i.start() <= x < i.end()
                                                       for i in re.finditer(ITEM_LINE.format(n=scope), text[:a]))]
        for words in (m["name"], m["what"], m["on"]):
            stems = [w[:5] for w in re.findall(r"[a-z][\w-]{2,}", (words or "").casefold())]
            if stems and (named := [(x, y) for x, y in asking if all(s in text[x:y].casefold() for s in stems)]):
                asking = named
        found = [f for x, y in asking for f in FIGURE.finditer(text, x, y) if _family(f["u"]) == _family(m["unit"])
                 and (was is None or float(f["n"].replace(",", ".")) == was)]
        if len(found) != 1 or float(found[0]["n"].replace(",", ".")) == float(m["new"].replace(",", ".")):
            continue
        f = found[0]
        shift = len(new := f"{m['new']} {m['unit']}") - len(f[0])
        return with_changed_figures(_cut(text[:f.start()] + new + text[f.end():], [(a + shift, b + shift)]))
    return text


def final_word(text: str) -> str:
    """``text`` as its writer stands by it at its end (:func:`without_taken_back`, :func:`without_withdrawn_items`,
    :func:`with_changed_figures`, :func:`with_removals_kept`)."""
    return with_removals_kept(with_changed_figures(without_withdrawn_items(without_taken_back(text))))
