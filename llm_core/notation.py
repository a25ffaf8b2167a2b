"""The shorthand of tickets, handover notes and command lines, read as words: a struck arrow between nodes, list items
already done, globs and brace lists of node ids, role selectors.

A NOC writes "gnb7 -/-> DC" for "gnb7 must not reach DC" and keeps done or
cancelled items in the list it pastes ("~~block telnet~~ done", "[x] delete exam-stream", "(cancelled) ..."); an engineer
at a shell writes "hospital-*", "gnb-[6-8]", "gnb{4,5}" and "role:ran". The model and the meaning check read the words;
what is done is not asked.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection

from netmodel.vocabulary import ORDINALS, ROLE_NOUNS, ROLE_PHRASES

NEITHER_REACH = re.compile(r"(?i)(?<![^\s,;.!?])([^\s,;.!?]+)[ \t]*(?:<-/->|<=/=>|<-x->|↮|⇎)[ \t]*([^\s,;.!?]+)")
"""A double arrow struck through: neither end may reach the other."""
NOT_REACH = re.compile(r"(?i)(?<![ \t])[ \t]*(?:-/->|=/=>|↛|⇸)[ \t]*|[ \t]+-x->[ \t]*")
"""An arrow struck through: the left end must not reach the right one ("gnb-x-> core-1" is no such arrow)."""

STRUCK = re.compile(r"~~[^~\n]+~~")
"""Markdown strike-through: taken back by whoever wrote it."""
DONE_MARK = r"(?:done|closed|cancell?ed|dropped|erledigt|storniert|hecho|cancelado|fait|annulé)"
DONE_ITEM = re.compile(rf"(?im)^[ \t]*(?:[-*•][ \t]*|\d+[.)][ \t]*|[a-z][.)][ \t]+)?"
                       rf"(?:\[[x✓✔]\]|{DONE_MARK}(?:[ \t]*:|[ \t]+[-–][ \t])|[(\[]{DONE_MARK}[)\]])([^\n]*)(?:\n|$)")
"""A list item marked done or cancelled ("- DONE: urllc slice hosp1", "[x] delete exam-stream", "(erledigt) ...")."""
DONE_AFTER = re.compile(r"(?im)^[ \t]*(?:[-*•]|\d+[.)/]|[a-z][.)])[ \t]*([^\n]*?)"
                        r"(?:[ \t]*[(\[]|[ \t]+(?:-+>?|[–—→])[ \t]*|,[ \t]*)"
                        r"(?:this is |it'?s |it was |was )?(?:done already|already done|already (?:applied|in place|did)|"
                        r"forget (?:this|it|that)"
                        r"(?: one)?|skip (?:it|this)|ignore (?:it|this)?)\b(?=[ \t]*(?:[,.;:!)\]]|by\b|$))([^\n]*)(?:\n|$)")
"""A list item whose end marks it done or dropped: "- v2x for the campus 10 ms (done already, ignore)", "3. split
learning of the hub adapter — not needed after all, skip it", "- delete the slice old-test -> forget this one". Not
"not needed" alone: it is as often why a removal is asked ("- delete slice old-test, not needed anymore")."""
GOES_ON_AFTER = re.compile(r"(?i)\b(?:but|instead|rather|still|now|delete|remove|drop|lift|kill|stop)\b")
"""What follows a done mark that asks on ("(done already, but now also telnet)", "-> skip it, delete it")."""
TOLD_UNDONE = r"fail\w*|error|wrong|should|needs?|must|instead|retry|partial\w*|rolled back|missing"
"""Words of a done item that tell it undone or wanting more ("(failed, ACL error)", "needs to go to 50 Mbps")."""
GOES_ON = re.compile(rf"(?i)\b(?:next|now|then|please|pls|still|open|todo|not yet|{TOLD_UNDONE})\b")
"""A done item that goes on to ask ("Done: the audit. Next: block telnet ...") or tells itself undone ("(failed, ACL
error)", "(bandwidth needs to go to 50 Mbps)")."""
_TAKES_UP = r"that|those|same|above|again|likewise"
TAKEN_UP = re.compile(rf"(?i)\b(?:{_TAKES_UP})\b")
"""Words after a done item that take it up ("Next: remove that block", "Pending: same for gnb-2")."""
LEFT_OVER = re.compile(rf"(?i)[ \t]*(?:(?:[-*•]|\d+[.)]|[a-z][.)])[ \t]*)?(?:\[ \][ \t]*)?"
                       rf"(?:{DONE_MARK}(?: by \S+| on \S+)?[.!]?)?[ \t\r]*")
"""What a struck item leaves on its line: its marker and a "done by ana"."""

DONE_HEAD = r"(?:already\s+(?:did|done|applied|in place)|done(?:\s+already)?|completed|finished)"
TODO_HEAD = (r"(?:still\s+)?(?:todo|to-?do|to do|open|pending|remaining|outstanding)|left for (?:you|day shift|the next shift)|"
             r"left to do|next")
SHIFT_HEAD = re.compile(rf"(?im)(?:^|(?<=[.;,:\n—–])|(?<=[.;,:\n—–] ))[ \t]*(?:[-*•][ \t]*)?"
                        rf"(?:(?P<done>{DONE_HEAD})|(?P<todo>{TODO_HEAD}))"
                        r"[ \t]*(?::|[ \t]-[ \t]|[ \t]*[–—][ \t])|(?P<left>\bwhat'?s (?:still )?left (?:for you )?is\b)")
"""A handover's headings: what the last shift did ("done -", "already did:") and what it leaves ("still todo:", "left for
you:", "what's left is")."""
STILL_ASKS = re.compile(r"(?i)\b(?:please|pls|still need|now|then|also|but|so|asap|re-?apply|again|if|it|that|this|them|"
                        rf"not|except|only|fix|fixing|too|as well|{TOLD_UNDONE})\b|n't\b|\?|[.!;]\s+\S")
"""A done part that goes on to ask, tells its item undone or speaks of more than its one item ("done - but also block
gnb-3 ...", "in place: urllc slice surg-1, bump it to 50 Mbps", "(failed, ACL error)", a second sentence)."""
POINTS_BACK = re.compile(rf"(?i)\b(?:{_TAKES_UP}|this|these|it|them|as well)\b")
"""What is left that points back to what is done ("Next: delete that slice", "Pending: same for gnb-2")."""
LIST_ITEM = re.compile(r"[ \t]*(?:[-*•]|\d+[.)])[ \t]")
LINE = re.compile(r"[^\n]*\n?")
BLANK_LINE = re.compile(r"\n[ \t]*\n")


GLOB = re.compile(r"(?<![\w*-])([a-z][a-z0-9]*(?:-[a-z0-9]+)*)-\*(?![\w*])", re.I)
"""A shell glob over node ids: "hospital-*", "edge-*" (with its hyphen: "the factory*" is a footnote)."""
BRACED = re.compile(r"(?<![\w-])([a-z]+)(-?)(?:\[(\d+)-(\d+)\]|[\[{](\d+(?:\s*,\s*\d+)+)[\]}])", re.I)
"""A range or list of numbered ids in brackets or braces: "gnb-[6-8]", "gnb{4,5}", "gnb-[1,3]"."""
ROLE_WRITTEN = re.compile(r"(?<![\w-])role:(" + "|".join(r.removeprefix("role:") for r in ROLE_PHRASES) + r")(?![\w-])", re.I)
"""A role selector as the IR writes it, typed into a request ("slice create embb role:site")."""
_RAN = "|".join(sorted({w.casefold() + s for w in ROLE_NOUNS["role:ran"] for s in ("", "s")}, key=len, reverse=True))
ALL_BUT_NUMBERED = re.compile(rf"(?i)\b((?:every|each|all(?: the| our)?)\s+(?:{_RAN})\s+(?:except|but|other than|apart from|"
                              r"save|excluding)\s+)(?:the\s+)?(?:(?:(?:#|no\.|number)\s*|(?=\d(?:st|nd|rd|th)\b))(\d)"
                              rf"(?:st|nd|rd|th)?|({'|'.join(ORDINALS[1:9])}))(?:\s+one)?(?![\w-]|[.,]\d)"
                              r"(?!\s*,\s*(?:#|no\.|number|the)?\s*\d+(?!\d|\s*(?:rounds?|epochs?|[kmg]bps|mbit\w*|gbit\w*|ms|"
                              r"min\w*|hours?|percent|devices)\b))(?=\s*(?:[,.;:!?)]|$)|\s+(?:from|to|for|with|in|on|at|then|should|"
                              r"must|will|gets?|is|are|may|can|via)\b)")
"""A base station taken out of all of them by its number alone: "every gNB except #2", "all base stations but the fifth
one"; not the first of several nor a part ("except the first three", "except #2 and #5", "the first half")."""


def _listed(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


def ids_in_words(text: str, ids: Collection[str]) -> str:
    """``text`` with its globs and bracketed lists of node ``ids`` written out ("hospital-*" as "hospital-1 and
    hospital-2", "gnb-[6-8]" as "gnb-6, gnb-7 and gnb-8"), a base station excepted by its number as its id ("every gNB
    except #2" as "... except gnb-2") and its role selectors as the words for them ("role:ran" as "every base station");
    one that names no node of ``ids`` stays as written."""
    def glob(m: re.Match[str]) -> str:
        stem = m[1].casefold() + "-"
        hits = [i for i in ids if i.startswith(stem)]
        return _listed(hits) if hits else m[0]

    def braced(m: re.Match[str]) -> str:
        if m[3] and not 0 < int(m[4]) - int(m[3]) < 16:
            return m[0]
        numbers = range(int(m[3]), int(m[4]) + 1) if m[3] else [int(n) for n in m[5].split(",")]
        hits = list(dict.fromkeys(f"{m[1].casefold()}-{n}" for n in numbers))
        return _listed(hits) if 0 < len(hits) <= 16 and set(hits) <= set(ids) else m[0]
    text = BRACED.sub(braced, GLOB.sub(glob, text))
    def excepted(m: re.Match[str]) -> str:
        node = f"gnb-{m[2] or ORDINALS.index(m[3].casefold())}"
        return m[1] + node if node in ids else m[0]
    text = ALL_BUT_NUMBERED.sub(excepted, text)
    return ROLE_WRITTEN.sub(lambda m: ROLE_PHRASES["role:" + m[1].casefold()][0], text)


def arrows_in_words(text: str) -> str:
    """``text`` with "A -/-> B" as "A must not reach B" and "A <-/-> B" as both ways so (a double arrow is read where
    the flows are known: :data:`llm_core.meaning.DOUBLE_ARROW`)."""
    text = NEITHER_REACH.sub(r"\1 must not reach \2 and \2 must not reach \1", text)
    return NOT_REACH.sub(" must not reach ", text)


SHOW_PATH = re.compile(r"(?i)(?<![\w'-])sh\s+(?:ip\s+)?(?:route|path)\s+(?=[\w-]+\s+(?:to|->|→)\s)")
"""A router's "sh ip route A to B": the path from A to B."""
SHOW = re.compile(r"(?i)(?<![\w'-])sh\s+(topo|topology|alarms|telemetry|polic(?:y|ies)|slices|models)\b(?!-)")
"""A router's "sh topo", "sh alarms", ...: a question of that topic ("sh policy-map" is no topic)."""
_NODES = r"[\w-]+(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)[\w-]+)*"
_END = r"(?:the\s+)?[\w-]+(?:\s+\d+)?"
EXCLUDED_FROM_PATH = re.compile(
    rf"(?i)(?<!\bnot )(?<!\bnever )(?<!n't )\bexclud(?:e|ing)\s+(?:the\s+)?"
    rf"(?!(?:ssh|telnet|https?|dns|ntp|snmp|ftp|rdp|udp|tcp|icmp|traffic|port)\b)({_NODES})\s+from\s+(?:the\s+)?"
    rf"(?:(?:path|route|lsp|tunnel)s?\s+(?:between\s+({_END})\s+and\s+({_END})|(?:from\s+)?({_END})\s+(?:to|towards|->|→)\s+"
    rf"({_END}))|({_END})'s\s+(?:path|route|lsp|traffic)\s+(?:to|towards)\s+({_END}))(?![\w-])(?!\s+and\s+between\b)")
"""Nodes excluded from one flow's path ("exclude agg-east from the path between gnb-3 and core-2", "... from the LSP
gnb-3 → cloud", "... from factory 2's path to the cloud"); not a protocol, nor an exclusion negated."""


def commands_in_words(text: str) -> str:
    """``text`` with a router's show commands as asks ("sh topo" is "show topology", "sh ip route A to B" "show the path
    from A to B") and a node excluded from a path as a route around it ("exclude agg-east from the path between gnb-3
    and core-2", "... from the LSP gnb-3 → cloud", "... from factory 2's path to the cloud"): the model reads the
    exclusion as a block."""
    text = SHOW_PATH.sub("show the path from ", text)
    text = SHOW.sub(lambda m: "show " + ("topology" if m[1].casefold() == "topo" else m[1]), text)

    def around(m: re.Match[str]) -> str:
        a, b = next((m[k], m[k + 1]) for k in (2, 4, 6) if m[k])
        return f"route {a} to {b} avoiding {m[1]}"
    return EXCLUDED_FROM_PATH.sub(around, text)


NOT_SO = (r"(?:it\s+)?(?:must|should|shall|may|can)\s+never\s+be\s+the\s+case|"
          r"(?:it\s+)?(?:must|should|shall)\s+not\s+be\s+the\s+case|"
          r"(?:(?:it|that|this)\s+|(?:it|that|this)(?=['’]s))?(?:is|['’]s|would\s+be)\s+(?:equally\s+|also\s+|simply\s+|absolutely\s+|completely\s+)?"
          r"(?:not\s+acceptable|unacceptable|not\s+ok(?:ay)?|not\s+tolerable|intolerable)|"
          r"(?:it\s+)?(?:would|will|should)\s+not\s+be\s+(?:acceptable|ok(?:ay)?|tolerable)")
_WHO = r"((?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)"
_FLOW = (r"(reach|talk\s+to|connect\s+to|access|get\s+to|send\s+traffic\s+to)\s+((?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}?)"
         r"(?=\s*(?:[.,;!?]|$|\band\b|\bbut\b))")  # the whole reach: not "... reach B at only 5 Mbps"
NOT_UNABLE = re.compile(rf"(?i)\b(?:{NOT_SO})\s+(?:that\s+{_WHO}\s+(?:(?:is|are)\s+(?:unable|not\s+able)\s+to|cannot|can't|"
                        rf"can\s+not|fails?\s+to)|for\s+{_WHO}\s+to\s+(?:be\s+unable|not\s+be\s+able)\s+to)\s+{_FLOW}")
NOT_ABLE = re.compile(rf"(?i)\b(?:{NOT_SO})\s+(?:for\s+{_WHO}\s+to(?:\s+be\s+able\s+to)?|"
                      rf"that\s+{_WHO}\s+(?:can|could|is\s+able\s+to|are\s+able\s+to))\s+{_FLOW}")
"""A reach told as what must never be the case (a double negative): "it must never be the case that A is unable to reach
B" or "it's not okay for A to be unable to reach B" asks that A reach B; "it is unacceptable for A to reach B" or "it
would not be acceptable for A to be able to reach B" asks that it not."""
NOT_ONLY = re.compile(r"(?i)\bnot only (should|must|shall|will|would|can|is|are|does|do) ((?:the )?[\w-]+(?: [\w-]+){0,3}?) "
                      r"(?=be\b|not\b|never\b|reach|block|stay|keep|go|use|get|have)")
"""A "not only" that opens a sentence turns its subject and verb round and negates nothing: "Not only should the stadium
be unable to reach core-2, its traffic ... should also be capped"."""
NOT_UNLESS = re.compile(r"(?i)\bnot unless\b")
"""A condition told as a double negative: "isolate it, but not unless ops has signed off" is "only if"."""


def double_negatives_in_words(text: str) -> str:
    """``text`` with its reaches told as what must never be the case (:data:`NOT_UNABLE`, :data:`NOT_ABLE`) said plainly:
    "A must reach B", "A must not reach B"; a sentence opened by "not only" in its plain order (:data:`NOT_ONLY`) and "not
    unless" as "only if" (:data:`NOT_UNLESS`)."""
    text = NOT_UNLESS.sub(lambda m: "Only if" if m[0][0] == "N" else "only if", NOT_ONLY.sub(lambda m: f"{m[2]} {m[1]} ", text))
    text = NOT_UNABLE.sub(lambda m: f"{m[1] or m[2]} must {m[3]} {m[4]}", text)
    return NOT_ABLE.sub(lambda m: f"{m[1] or m[2]} must not {m[3]} {m[4]}", text)


def without_done_items(text: str, names: Callable[[str], bool]) -> str:
    """``text`` without what its writer marks done or cancelled: struck-through words, and list items so marked (at their
    start, :data:`DONE_ITEM`, or their end, :data:`DONE_AFTER`) that
    ``names`` something (a checked "[x] Block traffic" in a form that names nothing is the option chosen), unless the item
    goes on or tells itself undone (:data:`GOES_ON`) or the text takes it up after it (:data:`TAKEN_UP`)."""
    text = DONE_ITEM.sub(lambda m: "" if names(m[1]) and not GOES_ON.search(m[1]) and not TAKEN_UP.search(text, m.end())
                         else m[0], text)
    text = DONE_AFTER.sub(lambda m: "" if len(m[1].split()) > 1 and not GOES_ON_AFTER.search(m[2])
                          and not TAKEN_UP.search(m[2]) and not TAKEN_UP.search(text, m.end()) else m[0], text)
    lines = []
    for line in text.split("\n"):
        kept = STRUCK.sub("", line)
        if kept == line or not LEFT_OVER.fullmatch(kept):
            lines.append(kept)
    return "\n".join(lines)


def without_done_sections(text: str, names: Callable[[str], bool]) -> str:
    """``text`` without the items a handover tells as done when it goes on to what is left: from a done heading to the
    next heading, the end of its line or of the list under it ("done - fan-zone deleted, ssh block gnb2->core1 in place.
    still todo: cap ..."). A done part that ``names`` nothing ("Done: the audit.") or goes on to ask
    (:data:`STILL_ASKS`) stays, and so does every text without a heading of what is left or whose rest points back to
    it (:data:`POINTS_BACK`)."""
    heads = list(SHIFT_HEAD.finditer(text))
    if not any(not m["done"] for m in heads):
        return text
    cut: list[tuple[int, int]] = []
    for m, after in zip(heads, heads[1:]):
        if not m["done"]:
            continue
        end = blank.start() if (blank := BLANK_LINE.search(text, m.end(), after.start())) else after.start()
        if (line_end := text.find("\n", m.end(), end)) >= 0:
            if text[m.end():line_end].strip():  # an item on the heading's line
                end = line_end + 1
            else:  # the list under a bare heading
                end = next((k.start() for k in LINE.finditer(text, line_end + 1, end)
                            if k[0].strip() and not LIST_ITEM.match(k[0])), end)
        part = text[m.end():end].strip()
        if any(not n["done"] and n.start() >= end for n in heads) and not STILL_ASKS.search(part) and names(part) \
                and not POINTS_BACK.search(text, end):
            cut.append((m.start(), end))
    for a, b in reversed(cut):
        text = text[:a] + text[b:]
    return text
