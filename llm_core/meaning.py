"""The meaning check: what the text asks for, read from its words alone, against what the intents do.

A 270M model that misses a clause costs a rephrasing; one that does the opposite of the request (a block
of traffic the operator wants to flow, a route through a node to avoid, a delete of a slice to change, an
automatic action the operator wants to approve) would be applied. This check reads the polarity of the
text (negations, deny vs reach words, via vs avoid words, delete words, ask-first words) and lists every
intent that goes against it; the translator retries and then refuses such an output as ``ambiguous``.
It only ever vetoes: an intent it cannot judge passes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .grounding import Grounder, fold

NEGATION = re.compile(r"\b(?:not|never|no|nothing|nobody|none|neither|nor|without|cannot|can't|won't|don't|dont|zero|unable|"
                      r"doesn't|mustn't|shouldn't|isn't|aren't|may not|must not|do not|does not|can not)\b")
DENY = re.compile(r"\b(?:block\w*|deny|denied|drop\w*|isolat\w*|cut\w*\s+(?:\w+\s+){0,3}?off|filter\w*|forbid\w*|prevent\w*|"
                  r"stop\w*|ban|bann\w*|reject\w*|blackhol\w*|null-?rout\w*|quarantin\w*|firewall\w*|disallow\w*|"
                  r"disabl\w*|shut\w*|fence\w* off|wall\w* off|prohibit\w*|refus\w*|kill\w*|blacklist\w*|"
                  r"unreachable|acl|discard\w*|sever\w*|lock\w* out|keep\w* out|cut|cuts|clos\w*|suppress\w*|gone|blk|"
                  r"den(?:ies|ying)|must not work|off the table|mitigat\w*|sinkhol\w*|impossibl\w*|"
                  r"fail\w*|barr\w*)\b")
"""Words that ask for traffic to be stopped."""
REACH = re.compile(r"\b(?:reach\w*|talk\w*|connect\w*|communicat\w*|access\w*|allow\w*|permit\w*|pass\w*|"
                   r"enter\w*|ping\w*|traffic|packets?|flow\w*|sessions?|ssh|telnet|https?|dns|ftp|rdp|smtp|snmp|ntp|"
                   r"mqtt|sip|icmp|tcp|udp|logins?|anything|everything|get\w* (?:in)?to|go\w* (?:in)?to|"
                   r"touch\w*|work|let|path|paths|possibl\w*|get\w* through)\b")
"""Words that ask for traffic to flow, a block's words when negated ("must never reach", "no ssh")."""
OTHER_ACTION = re.compile(r"\b(?:limit\w*|cap|caps|capp\w*|throttl\w*|rate|shap\w*|polic\w*|(?:re)?rout(?:e|es|ed|ing)|"
                          r"steer\w*|creat\w*|set up|spin\w* up|give|provid\w*|show\w*|display\w*|tell|"
                          r"train\w*|fine-tun\w*|slice)\b")
"""Words that start another request: a block word's reach ends at them."""
VIA = re.compile(r"\b(?:via|through|thru|traverse[sd]?|traversing|transit\w*|passing|pass(?:es)? over|using|"
                 r"by way of|hop\w* (?:on|through)|goes over|go over|over)$")
AVOID = re.compile(r"\b(?:avoid\w*|bypass\w*|around|off|clear of|away from|except|excluding|exclude|without|skip\w*|"
                   r"not|never|instead of|rather than|other than|anything but|steer\w* clear of|out of)$")
WAYPOINT = re.compile(r"\b(?:via|through|thru|travers\w*|transit\w*|by way of|over|using|avoid\w*|bypass\w*|around|off|"
                      r"clear of|away from|except|excluding|without|skip\w*|instead of|rather than)\b")
"""The cues of :data:`VIA` and :data:`AVOID` less the bare negations: where one waypoint phrase ends and the next begins."""
LIST_GLUE = re.compile(r"(?:\s|,|\band\b|\bor\b|\bthe\b|\bboth\b|\beither\b|\bthen\b|\bnor\b|\bfinally\b|->|→|>)*$")
DELETE = re.compile(r"\b(?:delet\w*|remov\w*|decommission\w*|tear\w*|torn|retir\w*|drop\w*|kill\w*|cancel\w*|"
                    r"terminat\w*|deprovision\w*|de-provision\w*|destroy\w*|scrap\w*|wipe\w*|releas\w*|shut\w*|end|ending|"
                    r"get rid|no longer|stop\w*|discard\w*|nuke\w*|withdraw\w*|close|sunset\w*|purge\w*|dismantl\w*|"
                    r"free up|eras\w*|bin|axe|clean\w* up|clear\w*|decom|rm|del|gone|unprovision\w*|offboard\w*|"
                    r"deactivat\w*|off|take\w* (?:\S+ ){0,3}?(?:away|down|out)|took (?:\S+ ){0,3}?(?:away|down|out)|"
                    r"(?:can|may|has to|have to|needs? to|must|should|got to|gotta) go|go away|disappear\w*|"
                    r"pull\w* (?:\S+ ){0,3}?down|"
                    r"bring\w* (?:\S+ ){0,3}?down|out of (?:the )?(?:slice list|list|network|inventory)|"
                    r"anymore|any more|not needed|unneeded|obsolete|done with)\b")
ASK_FIRST = re.compile(r"\b(?:ask\w*|approv\w*|approval|confirm\w*|check with|page me|ping me|human|sign-off|sign off|"
                       r"go-ahead|go ahead|ok from|okay from|permission|consult\w*|my say|wait for me|let me decide|"
                       r"notify me before|before (?:acting|doing|isolating|anything|it))\b")
AUTOMATIC = re.compile(r"\b(?:auto\w*|w/o (?:approval|asking|confirm\w*)|no need to (?:ask|check|wait)|"
                       r"without (?:asking|approval|waiting|checking|confirm\w*)|"
                       r"don't ask|do not ask|just do it|on its own|by itself|hands-off|unattended|immediately|"
                       r"right away|straight away|no approval|no human|closed-loop|self-heal\w*)\b")
SENTENCE = re.compile(r"[.;!?\n]+(?=\s|$)|\s+(?:-|–|—)\s+")


def negated(text: str, start: int, words: int = 8) -> bool:
    """Whether a negation stands among the ``words`` words before ``start`` in its clause (a comma ends the
    reach of a negation: "we don't need it anymore, remove it", "via core-1, no, via core-2")."""
    before = re.split(r"[,:(]|\bbut\b|" + SENTENCE.pattern, text[:start])[-1]
    return NEGATION.search(" ".join(before.split()[-words:])) is not None


def asserted(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The matches of ``pattern`` in ``text`` that no negation governs."""
    return [m for m in pattern.finditer(text) if not negated(text, m.start())]


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds = [0, *(m.end() for m in SENTENCE.finditer(text)), len(text)]
    return list(zip(bounds, bounds[1:]))


def _denials(text: str) -> list[tuple[int, int]]:
    """Where the text asks for traffic to stop: a block word no negation governs, or a negated reach word."""
    deny = [m.span() for m in asserted(DENY, text)]
    return sorted(deny + [m.span() for m in REACH.finditer(text) if negated(text, m.start())])


ANAPHOR = re.compile(r"\b(?:it|that|this|them|these|those|same|also|too|nor|ditto|likewise|either)\b")
"""Words that tie a sentence to its neighbour ("... to core-2. Block it.", "Also to factory-2.")."""


def _covered(text: str, at: int, cues: list[tuple[int, int]]) -> bool:
    """Whether a mention at ``at`` lies in the reach of one of ``cues``: in its sentence with no other request
    between; in the sentence before when its own asks nothing ("Source: gnb-2."); or in a neighbouring
    sentence tied to it by an anaphor ("Block it.", "Same for agg-south.")."""
    sentences = _sentences(text)
    i = next(k for k, (lo, hi) in enumerate(sentences) if lo <= at < hi or k == len(sentences) - 1)

    def cues_in(k: int) -> list[tuple[int, int]]:
        return [(c, e) for c, e in cues if sentences[k][0] <= c < sentences[k][1]]

    if any(not OTHER_ACTION.search(text[e:at] if c < at else text[at:c]) for c, e in cues_in(i)):
        return True
    own = text[slice(*sentences[i])]
    j = i
    while j > 0 and not (DENY.search(own) or REACH.search(own) or OTHER_ACTION.search(own)):
        j -= 1  # a sentence that asks nothing continues the one before
        own = text[slice(*sentences[j])]
        if cues_in(j):
            return True
    return any(0 <= k < len(sentences) and cues_in(k)
               and ANAPHOR.search(text[slice(*sentences[k])] + " " + text[slice(*sentences[i])]) for k in (i - 1, i + 1))


def _head(text: str, spans: list[tuple[int, int, str, str]], start: int) -> str:
    """The text before the list a mention at ``start`` belongs to ("via agg-east and core-1": "... via")."""
    glue = LIST_GLUE.search(text[:start])
    head = text[:start][:glue.start()] if glue else text[:start]
    while (prev := next((s for s in spans if s[1] == len(head.rstrip()) and s[1] <= start), None)) is not None:
        glue = LIST_GLUE.search(head[:prev[0]])  # skip back over the earlier members of the list
        head = head[:prev[0]][:glue.start()] if glue else head[:prev[0]]
    return head


FILLER = re.compile(r"\s*(?:going|to go|passing|being routed|routing|travell?ing|having to go)?\s*")
FORBIDDEN_AFTER = re.compile(r"\b(?:not (?:permitted|allowed)|forbidden|prohibited|disallowed)\b")


def _waypoints(text: str, spans: list[tuple[int, int, str, str]]) -> dict[str, set[str]]:
    """Node -> the waypoint senses its mentions take ("via" / "avoid"): the cue right before it or before the
    list it is part of ("via agg-east and core-1", "avoiding D", "through agg-north, not agg-south")."""
    out: dict[str, set[str]] = {}
    for start, _, _, node in spans:
        head = _head(text, spans, start)
        if AVOID.search(head):  # "avoiding D", "..., not agg-south"
            sense = "avoid"
        elif (m := VIA.search(head)) is not None:  # "except through C", "don't route A to B via C", "never through C"
            region = head[:m.start()]
            if (prev := list(WAYPOINT.finditer(region))) and not FILLER.fullmatch(region[prev[-1].end():]):
                region = region[prev[-1].end():]  # "not through C via D": the negation is the earlier cue's
            lead = " ".join(re.split(r"[,;:]", region)[-1].split()[-3:])
            after = re.split(r"[,;.]", text[start:])[0]
            avoided = negated(region, len(region)) or re.search(AVOID.pattern[:-1] + r"\b", lead) or FORBIDDEN_AFTER.search(after)
            sense = "avoid" if avoided else "via"
        else:
            continue
        out.setdefault(node, set()).add(sense)
    return out


FROM = re.compile(r"\bfrom$")
NOT_A_SOURCE = re.compile(r"\b(?:cut\w* off|reachable|unreachable|isolat\w*|separat\w*|walled off|fenced off|block\w* (?:the )?"
                          r"(?!traffic|packets|flows?|ssh|telnet|https?|dns|ftp|rdp|smtp|snmp|ntp|mqtt|sip|icmp|tcp|udp|all\b|"
                          r"everything|anything)\S+)\s+from$")
""""cut off from B", "block A from B": B is no source ("block telnet from A" has one)."""
TO = re.compile(r"(?:\b(?:to|into|towards?|reach(?:es|ing)?|entering)|->|→|=>|>)$")


def _directions(text: str, spans: list[tuple[int, int, str, str]]) -> dict[str, set[str]]:
    """Node -> the ends its mentions are written as: "src" after "from", "dst" after "to", "into", "towards", "->",
    None for a mention written neither way."""
    out: dict[str, set[str | None]] = {}
    for start, _, _, node in spans:
        head = _head(text, spans, start).rstrip()
        sense = "src" if FROM.search(head) and not NOT_A_SOURCE.search(head) else "dst" if TO.search(head) else None
        out.setdefault(node, set()).add(sense)
    return out


def _reversed(ir: dict[str, Any], written: dict[str, set[str | None]]) -> bool:
    """Whether the text writes the intent's destination only as a source and its source only as a destination
    (or one of them so, the other ``any``): "block telnet from every site" read as any -> role:site."""
    src, dst = written.get(ir["src"]), written.get(ir["dst"])
    swapped = (src == {"dst"}) + (dst == {"src"})
    return swapped == 2 or (swapped == 1 and "any" in (ir["src"], ir["dst"]))


def contradictions(text: str, intents: Iterable[dict[str, Any]], grounder: Grounder) -> list[str]:
    """Each way ``intents`` go against what ``text`` asks, as a sentence for the operator; [] when none."""
    t = fold(text)
    spans = grounder.spans(text, roles=True)
    where: dict[str, list[int]] = {}
    for start, _, _, node in spans:
        where.setdefault(node, []).append(start)
    denials, senses, written = _denials(t), _waypoints(t, spans), _directions(t, spans)
    out = []
    for ir in intents:
        kind = ir["kind"]
        if kind.startswith("sdn.") and _reversed(ir, written):
            out.append(f"it reads {ir['src']} -> {ir['dst']}, but the text has the traffic go the other way")
        if kind == "sdn.block":
            named = [ir[k] for k in ("src", "dst") if ir.get(k) not in ("any", "all")]
            loose = [e for e in named if e in where and not any(_covered(t, at, denials) for at in where[e])]
            if not denials or loose:
                whom = " and ".join(loose) or f"{ir['src']} -> {ir['dst']}"
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text asks no block of {whom}")
        elif kind == "sdn.route":
            for node in ir.get("via", []):
                if senses.get(node) == {"avoid"}:
                    out.append(f"it would route {ir['src']} -> {ir['dst']} through {node}, which the text says to avoid")
            for node in ir.get("avoid", []):
                if senses.get(node) == {"via"}:
                    out.append(f"it would route {ir['src']} -> {ir['dst']} around {node}, which the text says to pass")
        elif kind == "slice.delete" and not asserted(DELETE, t):
            out.append(f"it would delete slice {ir['name']}, but the text asks no removal")
        elif kind == "ztn.policy":
            if ir.get("mode") == "auto" and asserted(ASK_FIRST, t) and not AUTOMATIC.search(t):
                out.append("it would act automatically, but the text asks to be asked first")
            if ir.get("action") == "isolate" and re.search(r"isolat", t) and not asserted(re.compile(r"\bisolat\w*"), t):
                out.append("it would isolate, but the text says not to")
    return out
