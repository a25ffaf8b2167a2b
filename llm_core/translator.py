"""Operator text in, IR translate record out: the one function the CLI, the API and the agents use.

``Translator(backend, g, retriever).translate(text, id)`` returns a validated
:class:`netmodel.ir.TranslateRecord` with ``latency_ms`` (``.to_json()`` is its IR JSON, valid
against ``intent-ir.schema.json``). The text is data: it is quoted into a fixed prompt, injections are refused before
the model sees them, and nothing in it can change the network (this package only reads the
inventory it is given).
"""
from __future__ import annotations

import contextlib
import difflib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, NamedTuple, get_args

import networkx as nx

from netmodel.ir import Model, TranslateRecord, parse_intent
from netmodel.policy import SST
from netmodel.resolve import references, resolve
from netmodel.twin import nodes_by_role
from netmodel.vocabulary import (
    NUMBER_WORDS,
    ORDINALS,
    ROLE_NOUNS,
    SERVICE_WORDS,
    STEM_WORDS,
    USE_CASES,
    node_words,
    normalise_phrase,
    number_word,
    ordinal_suffix,
)

from . import arithmetic, guard, listed, meaning, notation, relayed, second_thoughts, tables, units
from .backends import Backend
from .compact import GRAMMAR, DecodeError, decode, parse
from .grounding import COMPASS, Grounder, ask_which, fold, plural, singular, whole_words
from .lexicon import APP_PORTS, SERVICE_WORD
from .prompt import few_shot_prompt, one_line, request_prompt
from .retriever import Retriever


def made_up(name: str, text: str) -> bool:
    """Whether a name holds a word the text does not: operators' names are made of the text's words
    (true of all 2,045 named intents of the written and template corpora), so such a name is invented."""
    words = set(re.findall(r"[a-z0-9]+", text.casefold()))
    return not all(w in words for w in re.findall(r"[a-z0-9]+", name.casefold()))


def repair_names(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Names (slices, rules) are copied from the text: a name the model misspelt ("smart-zone" for
    "farm-zone") is replaced by the closest name-like word of the text, when one is close; an
    optional name that is still made up (a new slice the operator did not name) is dropped."""
    words = re.findall(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", text.casefold())
    compound = [w for w in words if "-" in w or "_" in w]
    plain = [w for w in words if w not in compound and len(w) >= 4]
    for ir in intents:
        name = ir.get("name")
        if name and name.casefold() not in words:
            near = difflib.get_close_matches(name.casefold(), compound, n=1, cutoff=0.6) or \
                difflib.get_close_matches(name.casefold(), plain, n=1, cutoff=0.7)  # "zanzone" for "fanzone"
            if near:
                ir["name"] = near[0]
            elif ir["kind"] not in NAMED_KINDS and made_up(name, text):
                del ir["name"]
    return intents


NAMED_KINDS = ("slice.modify", "slice.delete")
"""Kinds whose ``name`` is required: a made-up one means the text names no slice (``ambiguous``)."""
UNDO_PLAN = re.compile(r"(?im)(?:^|(?<=[.;!?])[ \t]+)(?:[-*•][ \t]*)?(?:roll-?back|back-?out)(?:[ \t]+(?:plan|procedure|steps?))?"
                       r"[ \t]*:[^\n]*?(?:[.;!?](?=\s|$)|(?=\n)|$)")
"""A change request's undo plan ("Rollback plan: delete slice theatre-a.", "Backout: remove rule."), to its sentence's end:
what to do if the change fails, never part of what it asks now."""


REJECTED_OPTION = re.compile(r"(?i)(?:^|(?<=[.;!?\n]))[ \t]*(?:we|i|they)[ \t]+(?:considered|thought about|toyed with|"
                             r"discussed|weighed)\b[^.;!?\n]*?\b(?:but[ \t]+(?:(?:that|it|this)(?:'s| is| was| would be)[ \t]+"
                             r"(?:too[ \t]+\w+|overkill|a no-go|risky|fragile|unnecessary|no good)|(?:we|i|they)[ \t]+"
                             r"(?:decided against|dropped|ruled out|rejected)(?:[ \t]+(?:it|that|this|them))?)|"
                             r"(?:and|but)[ \t]+(?:(?:we|i|they)[ \t]+)?decided[ \t]+(?:not[ \t]+to|against(?:[ \t]+it)?))"
                             r"[ \t]*(?:[.;!]|$)")
"""An option its writer tells of having weighed and turned down ("We considered pinning the port through edge-east but
that's too fragile.", "we discussed blocking it and decided not to."): no ask."""


def still_asked(asked: str, text: str, grounder: Grounder) -> str:
    """``asked`` (``text`` less what it does not ask now), unless that names no node nor slice: then what was taken
    out is the request ("Hi NOC,\\nRollback: please set fan-zone back to 200 Mbps")."""
    return asked if asked != text and names_something(asked, grounder) else text


def names_something(text: str, grounder: Grounder) -> bool:
    """Whether ``text`` names a node, a role or a slice."""
    return bool(grounder.spans(text, roles=True) or re.search(r"\bslices?\b", text, re.I))


SITE_CELL = re.compile(r"\s+(?:gnb|gnodeb|gnode b|base station|cell site|cell|radio site|mast)(?![\w-])"
                       r"(?!\s*(?:\d|phones?\b))")
"""What a site's cell is called after the site ("the port's gNodeB", "the farm mast")."""
CELL_SITE = re.compile(r"\s+(?:site|premises|venue)(?![\w-])(?!\s*\d)")
"""What a cell's site is called after the cell's possessive ("gnb-2's site")."""


def cells_by_site(text: str, grounder: Grounder) -> str:
    """``text`` with a site's cell named by the site ("when the port's gNodeB goes into congestion", "the farm mast") as
    that cell's id (gnb-7), where one cell serves the site, and a cell's site named by the cell ("gnb-2's site") as that
    site's id, where the cell serves one site: the model otherwise takes the node named."""
    t, g = fold(text), grounder.g
    for a, b, _, node in reversed(grounder.spans(text)):
        if node not in g or g.nodes[node].get("role") not in ("site", "ran"):
            continue
        role = g.nodes[node].get("role")
        near = [c for c in g.neighbors(node) if g.nodes[c].get("role") == ("ran" if role == "site" else "site")]
        said = SITE_CELL.match(t, b) if role == "site" else CELL_SITE.match(t, b) if t[a:b].endswith("'s") else None
        if len(near) == 1 and said:
            text = text[:a] + str(near[0]) + text[said.end():]
    return text


SELF_REPAIR = re.compile(r"[ \t,]{0,3}(?:[?.!][ \t]{0,3}(?=no+\b|nope|nah|scratch|i mean|correction|make that))?"
                         r"(?:(?:no+|nope|nah|oh)[ \t,.]{1,3})?"
                         r"(?P<word>sorry|i mean|i meant|correction|scratch that|make that)[ \t,:]{0,3}"
                         r"(?:(?:no|i mean|i meant)[ \t,:]{1,3})?(?P<again>(?:on|at|to|via|from|through)[ \t]+)?(?:the[ \t]+)?")
"""Between a node said by mistake and the one meant ("at hospital one no sorry hospital two", "via core-1, I mean core-2",
"on edge-east? No, scratch that, on the campus"); a "Sorry," that opens a sentence begins another ask."""
GOES_ON_AFTER_REPAIR = re.compile(r"[ \t,]*(?:too|as well|also|is|are|was|were|needs?|should|will|has|have|must|can|may|"
                                  r"stays?|gets?|keeps?|remains?|it)\b")
"""After the node meant: words that show it was no repair ("sorry, core-2 is under maintenance", "make that gnb-2 as
well", "Sorry, core-2 stays open")."""
RETRACTED = re.compile(r"(?i)\bi (?:was going|was about|wanted) to (?:say|write|put|go with)[ \t]"
                       r"(?:via|through|over|around|at|on|to|from)[ \t](?:[\w-]+[ \t]?){1,3},?[ \t]*"
                       r"but no\b(?=[ \t]*[,.;:!—–-])[ \t,.;:!—–-]*")
"""A waypoint or place said and taken back before the one meant ("I was going to say via edge-south, but no, send it
via agg-south")."""


MAKE_THAT = re.compile(r"(?:\s*[.,;!?…]+\s*|\s+)(?:(?:actually|no|sorry|wait|oh|hmm)[\s,.]*)*make\s+(?:that|it)\s+(?:the\s+)?$")
"""Before the node meant in a repair that names the one it replaces ("..., 8 ms... actually make that the campus, not the
port")."""
NOT_THE = re.compile(r",?\s*(?:and\s+)?not\s+(?:the\s+)?$")
"""Between the node meant and the one it replaces ("the campus, not the port")."""


def made_that(text: str, grounder: Grounder) -> str:
    """``text`` with a node replaced where a later repair says so ("URLLC slice at the port, 8 ms... actually make that
    the campus, not the port": at the campus, 8 ms), the repair itself left out."""
    t, g = fold(text), grounder.g
    if len(t) != len(text):
        return text
    spans = [(a, b, n) for a, b, _, n in grounder.spans(text) if n in g]
    for (c, d, new), (e, f, old) in zip(spans, spans[1:]):
        if new != old and (cut := MAKE_THAT.search(t, max(0, c - 80), c)) and NOT_THE.fullmatch(t, d, e) and \
                not re.match(r"\s*(?:too|as well|also)\b", t[f:]) and \
                len(said := [(a, b) for a, b, n in spans if n == old and b <= cut.start()]) == 1:
            (a, b), = said
            return text[:a] + new + text[b:cut.start()] + text[f:]
    return text


def self_repaired(text: str, grounder: Grounder) -> str:
    """``text`` without a place its writer takes back (:data:`RETRACTED`, :func:`made_that`) and without a node taken
    back in the same breath for another ("embb slice at hospital one no sorry hospital two"; of another role only when
    said with the same word, "on edge-east? No, scratch that, on the campus", and not with a mere "sorry"): dictated and
    typed requests repair themselves that way, and the model kept the first."""
    text = made_that(RETRACTED.sub("", text), grounder)
    t, g = fold(text), grounder.g
    if len(t) != len(text):
        return text  # offsets into the folded text would not be the text's
    spans = [(a, b, n) for a, b, _, n in grounder.spans(text) if n in g]
    for (a, b, old), (c, d, new) in reversed(list(zip(spans, spans[1:]))):  # right to left: the cuts keep their places
        if old != new and (repair := SELF_REPAIR.fullmatch(t, b, c)) and not GOES_ON_AFTER_REPAIR.match(t, d) and (
                g.nodes[old].get("role") == g.nodes[new].get("role") or repair["again"] and repair["word"] != "sorry" and
                re.search(rf"\b{repair['again'].strip()}[ \t]+(?:the[ \t]+)?$", t[max(0, a - 12):a])):
            text = text[:a] + text[c:]
    return text


NARROWED = re.compile(r"\s*(?:\.{2,}|…|[,;.!—–-])\s*(?:(?:no+|wait|sorry|hmm|oh)[\s,.]*)*"
                      r"(?:actually|scratch that|correction|i mean|on second thought)[\s,:]*(?:only|just)\s+"
                      r"(?P<nodes>[^.;!?\n]+?)\s*(?=[.;!?\n]|$)")
"""A follow-up that narrows a group just said to some of its members ("... actually only gNodeB 2 and gNodeB 3", "...
scratch that, just the stadium", "... actually only the north one")."""
ONE_OF_ROLE = re.compile(rf"(?:the\s+)?({COMPASS})\s+one$")
"""A member of the group said by where it lies ("the north one" of "all edge nodes")."""


def narrowed(text: str, grounder: Grounder) -> str:
    """``text`` with a group replaced by the members a follow-up narrows it to ("Block telnet from every base station to
    core-1 ... actually only gNodeB 2 and gNodeB 3": from gNodeB 2 and gNodeB 3), the follow-up left out: the model kept
    the whole group, a wider change than asked."""
    t, g = fold(text), grounder.g
    if len(t) != len(text) or not (m := NARROWED.search(t)):
        return text
    spans = grounder.spans(t[:m.end()], roles=True)
    groups = [(a, b, n[5:]) for a, b, _, n in spans if b <= m.start() and n.startswith("role:")]
    if not groups or t.rfind("\n", 0, m.start()) > groups[-1][0]:
        return text
    a, b, role = groups[-1]
    if re.match(r"\s+(?:at|in|on|of|for|near|except|but|other than|serving|behind|under|around|apart from)\b", t[b:]):
        return text  # "every gNB at the stadium ... actually only gnb-5": which group is narrowed?
    part, off = m["nodes"], m.start("nodes")
    if inside := [(c - off, d - off, n) for c, d, _, n in spans if c >= off and n in g]:
        named = [n for _, _, n in inside]
        left = " ".join(part[d:c] for (_, d, _), (c, _, _) in zip([(0, 0, ""), *inside], [*inside, (len(part), 0, "")]))
        if re.sub(r"\b(?:and|the|or|plus)\b|[,&/\s]", "", left):
            return text
    elif one := ONE_OF_ROLE.fullmatch(part):
        named = [n for n in nodes_by_role(g, role) if re.search(rf"\b{one[1]}\b", n)]
    else:
        return text
    members = list(dict.fromkeys(n for n in named if g.nodes[n].get("role") == role))
    if not members or len(members) != len(set(named)) or set(members) >= set(nodes_by_role(g, role)):
        return text
    return text[:a] + " and ".join(members) + text[b:m.start()] + text[m.end():]


VERB = (r"(?:set up|create|add|give|block|rate-limit|limit|cap|throttle|route|send|show|tell|list|let|delete|remove|drop|"
        r"keep|move|raise|lower|make|start|run|switch|change|modify|bump|open|deny|allow)\b")
"""The verbs that open an order."""
SCRATCHED = re.compile(r"(?:^|(?<=[.!?…\n])|(?<=\.\.\.))[ \t]*(?:(?:actually|no+|ok(?:ay)?|wait|sorry|hmm)[ \t,.]+)*"
                       r"(?:scratch|forget|cancel|ignore|disregard)[ \t]+(?:that|this)[ \t]*[:,.;!—–-]+[ \t]*"
                       r"(?=(?:(?:just|only|instead|rather|please)[ \t]+)?" + VERB + r")", re.I)
"""A sentence that takes the one before it back whole and asks anew with an order of its own ("Block SSH from gnb-2 to
core-1. Actually, scratch that: just rate-limit gnb-2 to core-1 at 500 Mbps"; not "... scratch that, on edge-south",
"scratch that, 650", which repair a part)."""


ORDINAL_NOUN = re.compile(r"(?i)\bthe (first|second|third|1st|2nd|3rd) ([a-z]+)\b")
ORDINAL_ONE = re.compile(r"(?i)\bthe (first|second|third|1st|2nd|3rd) one\b(?=\s*(?:[.,;!?)]|$|and\b|too\b))")


def ordinal_ones(text: str) -> str:
    """``text`` with "the first one" written out as the noun the text numbers before it ("The second hospital has to be
    reachable from the first one": from the first hospital), where it numbers one noun only and "the first one" ends its
    clause (not "two slices: the first one eMBB ..., the second one URLLC")."""
    nouns = {m[2].casefold() for m in ORDINAL_NOUN.finditer(text) if m[2].casefold() != "one"}
    if len(nouns) != 1 or not (first := ORDINAL_NOUN.search(text)) or len(ORDINAL_ONE.findall(text)) > 1:
        return text
    noun = nouns.pop()
    return ORDINAL_ONE.sub(lambda m: f"the {m[1]} {noun}" if m.start() > first.start() else m[0], text)


def scratched(text: str, grounder: Grounder) -> str:
    """``text`` without the sentence its writer takes back whole for a new order naming a node and pointing back to
    nothing of it (:data:`SCRATCHED`; not "... scratch that: make it 800 Mbps at the stadium", "route it via core-2"): the
    model kept both, the block taken back beside the limit asked."""
    for m in reversed(list(SCRATCHED.finditer(text))):
        order = re.split(r"[.!?;\n](?!\d)", text[m.end():])[0]
        if m.start() == 0 or not grounder.spans(order) or re.search(r"(?i)\b(?:it|its|that|this|them|same|instead)\b", order):
            continue
        head = text[:m.start()].rstrip(" \t.…\n")
        begun = max([0, *(b.end() for b in re.finditer(r"[.!?](?=\s)|\n", head))])
        text = text[:begun] + (" " if begun else "") + text[m.end():]
    return text


SPEAKER_BEFORE = re.compile(r"\b(?:it'?s|it is|this is|i'?m|i am|we'?re|we are)\s+(?:[\w'-]+\s+){0,3}?"
                            r"(?:lead|manager|team|ops|admin\w*|engineers?|head|cio|cto|noc|desk|office|buyer|tenant|"
                            r"department|staff|crew|security)\s+(?:at|from|of|for)\s+(?:the\s+)?$")
"""Before the site a writer says they speak for ("it's the IT lead at the port", "this is ops from hospital 1")."""
SPEAKER_AFTER = re.compile(r"(?:(?<='s)|'s)\s+(?:[\w-]+\s+){0,2}?"
                           r"(?:manager|lead|team|cio|cto|head|admin\w*|engineers?|buyer|ops)\b")
"""After the site whose person a message comes from ("From hospital 2's IT manager")."""
OURS = re.compile(r"\bour\s+(?:network|site|premises|lan|systems?|facility|kit|equipment)\b|"
                  r"\bour\s+(traffic)(?=\s+(?:to|towards)\b)")
"""What a writer who speaks for one site calls it ("SSHing into our network", "our traffic to the cloud")."""


def ours_named(text: str, grounder: Grounder) -> str:
    """``text`` with "our network" and "our traffic to ..." named as the one site its writer speaks for, where it says
    so ("Hi, it's the IT lead at the port. ... stop anyone at the campus from SSHing into our network": into the port;
    read as a block from the campus to everywhere)."""
    t = fold(text)
    if len(t) != len(text) or not OURS.search(t):
        return text
    sites = {n for a, b, _, n in grounder.spans(text) if n in grounder.g and grounder.g.nodes[n].get("role") == "site" and
             (SPEAKER_BEFORE.search(t, max(0, a - 80), a) and not re.match(r"\s*(?:,|&|and\b|or\b)", t[b:]) or
              SPEAKER_AFTER.match(t, b) and re.search(r"\bfrom\s+(?:the\s+)?$", t[max(0, a - 12):a]))}
    if len(sites) != 1:
        return text
    site = sites.pop()
    return OURS.sub(lambda m: f"traffic from {site}" if m[1] else site, text)


def as_read(text: str, grounder: Grounder) -> str:
    """The request as the model and the meaning check read it: its globs, bracketed id lists and role selectors in words
    (:func:`notation.ids_in_words`), the site its writer speaks for by name (:func:`ours_named`), "the first one" as
    what it numbers (:func:`ordinal_ones`), a site's cell as its id (:func:`cells_by_site`), a node taken back in the same
    breath left out (:func:`self_repaired`), a group narrowed as its members (:func:`narrowed`), a sentence taken back
    whole left out (:func:`scratched`), a correction sent as a line of its own made (:func:`relayed.starred`), a pasted
    draft as the line on top corrects it and without what a summary did not agree (:mod:`relayed`), without the undo
    plans it quotes (:data:`UNDO_PLAN`), the options it turned down (:data:`REJECTED_OPTION`), the asks it takes back and
    with the figures it changes later where they were asked (:func:`second_thoughts.final_word`), nor the items it marks
    done (:func:`notation.without_done_items`) or a handover tells done (:func:`notation.without_done_sections`), its
    arrows and double negatives in words (:func:`notation.arrows_in_words`, :func:`notation.double_negatives_in_words`),
    its show commands and paths a node is excluded from as asks (:func:`notation.commands_in_words`), its tables row by
    row (:func:`tables.spelled_out`), its quantities in one notation (:func:`units.written_plainly`) and the figures it
    works out as their results (:func:`arithmetic.worked_out`), the items and
    clauses of a plan that repeat an earlier one in full (:func:`listed.spelled_out`)."""
    text = ours_named(notation.ids_in_words(text, [str(n) for n in grounder.g.nodes]), grounder)
    text = scratched(narrowed(self_repaired(cells_by_site(ordinal_ones(text), grounder), grounder), grounder), grounder)
    asked = relayed.starred(still_asked(relayed.without_sign_offs(text), text, grounder))  # one figure set right
    asked = still_asked(relayed.corrected_draft(asked, lambda word: bool(grounder.spans(word))), asked, grounder)
    asked = still_asked(relayed.agreed(asked), asked, grounder)
    asked = still_asked(REJECTED_OPTION.sub("", UNDO_PLAN.sub("", asked)), asked, grounder)
    asked = still_asked(second_thoughts.final_word(asked), asked, grounder)
    def names(item: str) -> bool:  # "[x] delete exam-stream": a slice's name
        return names_something(item, grounder) or bool(re.search(r"[a-z0-9]-[a-z]", item, re.I))
    asked = still_asked(notation.without_done_items(asked, names), asked, grounder)
    asked = still_asked(notation.without_done_sections(asked, lambda part: names(part) or bool(re.search(
        r"\b(?:rule|policy|block|limit|route|slice|job)s?\b", part, re.I))), asked, grounder)  # "done: ddos rule on gnbs"
    read = arithmetic.worked_out(units.written_plainly(tables.spelled_out(notation.double_negatives_in_words(
        notation.arrows_in_words(notation.commands_in_words(asked))))))
    return listed.spelled_out(read, grounder)


_NAME_WORD = r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*"
_NAME = rf"({_NAME_WORD})"
SLICE_NAMED = [re.compile(rf"(?<![\w-]){_NAME}[\"'”’`]?\s+slice\b"), re.compile(rf"\bslice\s+[\"'“‘`]?{_NAME}"),
               re.compile(rf"\b(?:delete|remove|kill|scrap|bin|axe|tear down|decommission|modify)\s+(?:the\s+)?(?:slice\s+)?"
                          rf"{_NAME}"),
               re.compile(rf"(?:^|[.;!?]\s)\s*{_NAME}\s*(?::(?!\d)|→|->)", re.M),
               re.compile(rf"\b(?:add|extend|expand)\w*\s+(?:the\s+)?(?:[\w-]+\s+){{1,2}}?(?:to|into|onto)\s+(?:the\s+)?{_NAME}"),
               re.compile(r"\b(?:reduce|raise|increase|lower|bump|shrink|grow|resize|downsize|upsize|cut back)\s+(?:the\s+)?"
                          r"([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+)\s+(?:to|by)\s+\d")]
"""Where a text presents a slice by its name: "the paddocks slice", "slice fan-zone", "delete paddocks", a line opening
with "interlock:" or "paddocks →", "modify night-shift", "add hospital-2 (or "the second hospital") to surgery-1", "reduce
evac-buses to 20 Mbit/s"."""
NOT_NAMES = frozenset("""a an the new this that these those each every one my our your its their same existing current any which
what whole network slice slices summary note notes update action context re fw subject status info fyi ps edit background
justification reason window it them all both other now for from at on to with in of by as and or priority impact risk
requested owner delete remove modify change create raise lower set update kill scrap bin axe decommission tear should must
shall will would can could may might is are was were has have had needs need gets runs goes stays already please pls asap
today tonight too also then again later soon""".split())


ADD_VERBS = r"add|adds|adding|extend|extends|extending|expand|expands|expanding|include|includes|including"
ADDED = rf"\b(?:{ADD_VERBS})\s+(?:the\s+)?"
"""Before the site a change of a slice adds ("add gnb-7")."""


ASKING = r"show|which|what|trace|display|list|tell|how|check|verify|confirm|report|whether|let me know"
"""The words that ask a question."""
REOPENED = (r"\b(?:re-?open\w*|restor\w*|unblock\w*|reinstat\w*|re-?enabl\w*)\s+(?:the\s+)?"
            r"(?:(?:path|flow|route|traffic|link)\s+)?(?:from\s+)?")
"""The verb and object before a flow the text asks back ("re-open the path gnb-3 -> cloud-dc")."""
ORDER_OPENS = r"(?:^|(?<=[.;:!,\n])[ \t]*|\b(?:please|pls|plz|kindly|and|then|now|so|ok|okay|just)[ \t]+)"
"""Where an order's verb stands: a clause's start or after a word that only opens an order ("please", "and then")."""


def reopened(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Blocks of a flow the text asks back ("unblock edge-south -> core-1", "Restore gnb-6 -> core-2"), and path
    questions on it in a text that asks nothing (no question mark, no "show"), made that route: a flow asked back is
    routed again, and its block is the opposite of the ask."""
    t = fold(text)
    asks = "?" in t or re.search(rf"\b(?:{ASKING})\b", t)

    def asked_back(src: Any, dst: Any) -> bool:  # an order: the verb opens its clause, no negation, no tense before it
        pair = rf"{re.escape(str(src))}\s*(?:->|→|to|and)\s*{re.escape(str(dst))}(?![\w-])"
        return any(not meaning.negated(t, m.start()) for m in re.finditer(ORDER_OPENS + REOPENED + pair, t))
    return [{"kind": "sdn.route", "src": ir["target"], "dst": ir["dst"]}
            if ir["kind"] == "query" and ir.get("topic") == "path" and ir.get("target") and ir.get("dst") and not asks
            and asked_back(ir["target"], ir["dst"])
            else {"kind": "sdn.route", "src": ir["src"], "dst": ir["dst"]}
            if ir["kind"] == "sdn.block" and not {"protocol", "port"} & set(ir) and asked_back(ir.get("src"), ir.get("dst"))
            else ir for ir in intents]


def finished(intents: list[dict[str, Any]], request: str, grounder: Grounder) -> list[dict[str, Any]]:
    """The intents read from the whole ``request``, once its clauses' readings are joined: none that only a pasted record
    asks (:func:`not_from_records`), no question on a form's site field alone (:func:`unasked_queries`) or on a node
    found fine (:func:`checked_already`), no wider copy
    of a block (:func:`without_widened_twins`), no echo of a new slice (:func:`echo_joined`,
    :func:`without_subsumed_slices`), no change of a use case's measure beside its new slice
    (:func:`measures_of_the_new_slice`), the new slice of the service the text names (:func:`service_said`), a create of
    a slice the text calls its own made a change (:func:`already_there`), a rule's scope cut to its own sentence
    (:func:`scope_of_own_sentence`), no flow to or from the node port where the text names a TCP port only
    (:func:`port_not_node`, also on each reading: the clause that names the port may be read alone)."""
    intents = unasked_queries(without_widened_twins(not_from_records(intents, request), request), request, grounder)
    intents = checked_already(intents, request, grounder)
    intents = without_subsumed_slices(echo_joined(intents, request), request)
    intents = service_said(measures_of_the_new_slice(intents, request), request)
    intents = port_not_node(scope_of_own_sentence(already_there(intents, one_line(request)), request, grounder), request,
                            grounder)
    return distinct(intents)


def distinct(intents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``intents`` without exact repeats, in their order ("the same query twice", rules cut to one scope)."""
    return list({json.dumps(ir, sort_keys=True): ir for ir in intents}.values())


ASKS_SOMETHING = re.compile(rf"\?|\b(?:{ASKING}|show\w*|what\w*|where|check\w*|confirm\w*|status|look up|give me|get me|"
                            r"see|view|dump|print|fetch|pull|query|inspect|monitor\w*|watch|any|is there|are there|"
                            r"topology|telemetry|alarms?|models?|paths?|policies|slices|jobs?|health|state|send|stats?|"
                            r"statistics|numbers|load|utili[sz]ation|latency|mail|inventory|map|kpis?|metrics?|throughput|"
                            r"counters?|logs?|events?|figures|readouts?|audit|performance|there|here|"
                            r"(?:the|this|that) (?:site|location|place|cell))\b", re.I)
"""A text that asks (:data:`ASKING`) or names something a question is about."""
ASKED_OTHERWISE = re.compile(r"\b(?:brief\w*|snapshot|explain\w*|overview|summar\w*|layout|rules?|ruleset)\b")
"""More words that may ask a question beside orders ("brief me on hospital-2", "I also need the current ZTN rule set")."""
SITE_FIELD = re.compile(r"(?im)^[ \t]*(?:affected )?(?:site|location|where|standort|sitio|local)[ \t]*:[^\n]*$")
"""A form's field that says where a ticket is from ("Site: Hospital 2")."""


def unasked_queries(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """``intents`` without a question beside orders whose node the text names only in a form's site field, when the
    text asks nothing: the model reads "Site: Hospital 2" above a change as a telemetry question on it. An English text
    that asks nothing at all has no question beside its orders ("rate-limit to 500 Mbps, and page me before it's
    applied" read with a policies question; no studied gold holds one)."""
    fields = [m.span() for m in SITE_FIELD.finditer(text)]
    if ASKS_SOMETHING.search(text) or all(ir["kind"] == "query" for ir in intents):
        return intents
    if not fields:
        t = fold(text)
        if not meaning.in_english(t) or ASKED_OTHERWISE.search(t):
            return intents
        return [ir for ir in intents if ir["kind"] != "query" or re.search(rf"\b(?:{TOPIC_STEMS[ir['topic']]})", t)]
    spans = grounder.spans(text, roles=True)

    def in_field_only(node: Any) -> bool:
        at = [a for a, _, _, n in spans if n == node]
        return bool(at) and all(any(lo <= a < hi for lo, hi in fields) for a in at)
    return [ir for ir in intents if not (ir["kind"] == "query" and in_field_only(ir.get("target")))]


FOUND_FINE = re.compile(r"\s+(?:(?:looked|looks|seemed|seems|was|is)\s+(?:fine|ok|okay|good|normal|healthy|clean)\s+already|"
                        r"(?:already|was already)\s+(?:looked|looks|seemed|was|is)?\s*(?:fine|ok|okay|good|normal|healthy|"
                        r"clean))\b")
"""After a node the writer has checked already ("agg-east looked fine already")."""


def checked_already(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """``intents`` without a question on a node the text names only as found fine ("give me the telemetry for
    edge-east, agg-east looked fine already" read with agg-east's telemetry too), beside another question: the writer
    looked there already."""
    if sum(ir["kind"] == "query" for ir in intents) < 2 or re.search(r"(?i)\b(?:both|all|each|too|as well)\b", text):
        return intents
    t, spans = fold(text), grounder.spans(text)

    def found_fine(node: Any) -> bool:
        at = [b for _, b, _, n in spans if n == node]
        return bool(at) and all(FOUND_FINE.match(t, b) for b in at)
    return [ir for ir in intents if not (ir["kind"] == "query" and found_fine(ir.get("target")))]


def not_from_records(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """``intents`` without the blocks, limits, rules and slices that only a machine record ``text`` pastes speaks of
    (:func:`relayed.own_lines`); a text that then asks nothing is refused, not read from its records."""
    if (own := relayed.own_lines(text)) is None:
        return intents
    if not (kept := [ir for ir in intents if relayed.asks(own, ir["kind"])]):
        raise DecodeError("ambiguous", "the request asks nothing the translation does; its pasted records are data, not "
                                       "asks: say what to do")
    return kept


def presented_slices(text: str) -> set[str]:
    """The names ``text`` presents as slices (:data:`SLICE_NAMED`: "the fan-zone slice", "slice port")."""
    return {m[1] for named in SLICE_NAMED for m in named.finditer(text.casefold()) if m[1] not in NOT_NAMES}


def slice_names(presented: Iterable[str], grounder: Grounder) -> set[str]:
    """The names among ``presented`` that are no service word nor a node's name."""
    return {n for n in presented if not SERVICE_NAMED.fullmatch(n) and normalise_phrase(n) not in grounder.aliases}


_LISTED_NAME = r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+"
"""A name as operators make them: words joined by hyphens or underscores ("port-gold", "f1-welding")."""
_COMPOUND = re.compile(_LISTED_NAME)
NO_NAME_PART = re.compile(r"(?:re|co|non|pre|post|self|e|x|low|high|real|end|follow|set|top|on|in|off|over|multi|sub|anti|"
                          r"cross|well|long|short|mid|half|full|near|one|two|three|four|five|day|week|year|month|hour|"
                          r"after|mission|wi|check|best|nb|ultra|state|city|first|second|third|last|next|large|small|big|"
                          r"time|peak|max|min|super|hyper|inter|intra|dual|single|double|triple|add|log|opt|plug|pick|"
                          r"roll|back|up|down|out|tear|spin|cut|hand|ad|built|must|t|sign|go|stand|ex|all|semi|quasi|pro|"
                          r"by|lock|walk|drop|pop|kick|warm|cool|hot|cold)-")
"""The first part of an English compound, not of a slice's name ("real-time", "follow-up", "five-day")."""


PHRASAL_VERB = re.compile(r"(?:stand|stood|shut|wind)-(?:down|off)")
"""A verb and its particle of ending something, written as one word ("stand-down", "wind-down")."""


def _label_only(name: str, text: str) -> bool:
    """Whether ``name``, a verb and its particle (:data:`PHRASAL_VERB`), is written only as a label ("Stand-down message:
    gold-command slice to be withdrawn"), not as a slice ("Check-in is no longer needed")."""
    said = whole_words(name, text.casefold())
    return bool(PHRASAL_VERB.fullmatch(name)) and bool(said) and all(
        re.match(r"(?:\s+(?:message|notice|order|plan|note))?\s*:", text[m.end():]) for m in said)


TIERS = frozenset("platinum gold silver bronze premium basic standard enterprise business".split())
"""Words of the packages slices are sold in, which a seller writes beside the slice's own name."""


def written_names(text: str, grounder: Grounder) -> set[str]:
    """The compound words of ``text`` that are no node's name nor an English compound (:data:`NO_NAME_PART`): the names
    a text that presents no slice as such may still use for one ("nothing changes except the bandwidth on port-platinum")."""
    return {w for w in _COMPOUND.findall(text.casefold()) if w not in grounder.g and
            normalise_phrase(w) not in grounder.aliases and not NO_NAME_PART.match(w) and not re.search(r"\d-\d", w)}


def _event_word(name: str, text: str) -> bool:
    """Whether ``name`` is a plain word no slice runs under that the text writes only as a thing it speaks of ("after the
    harvest"), never as a name."""
    t = fold(text)
    said = whole_words(name, t)
    return name not in RUNNING.get() and not re.search(r"[-_\d]", name) and bool(said) and all(
        re.search(r"\b(?:after|before|during|for|until|till|since|of|at) the\s+$", t[max(0, m.start() - 12):m.start()])
        for m in said)


def named_slices(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """Slice changes and deletes whose name the model took from a node id or kind ("interlock: add gnb-6" read as a
    change of slice gnb-4, "add the second hospital to theatre-link" as one of slice hospital) or a verb and its
    particle ("Stand-down message: gold-command slice to be withdrawn" as a delete of stand-down), made up ("paks" for
    "delete paddocks") or took from an event the text tells of ("Marathon's wrapped up, kill the runner-trackers slice"
    read as slice marathon) or cut short ("haptic" for "the haptics slice ... the haptic gloves"), renamed to the one
    name the text presents as a slice (:data:`SLICE_NAMED`) when it presents exactly one (or one compound name beside
    plain words), or, in a text that presents none, to its one compound name
    (:func:`written_names`) where the model's is a node, a tier (:data:`TIERS`: "platinum" for "happy with
    port-gold") or, for a delete, a plain word no slice runs under ("harvest" for "We won't need farm-bvlos after the
    harvest, remove it")."""
    presented = presented_slices(text)
    names = slice_names(presented, grounder)
    if len(names) != 1 and len(compound := {n for n in names if _COMPOUND.fullmatch(n)}) == 1:
        names = compound  # "Add the campus to stadium-fanzone, so the slice spans ...": "spans" names nothing
    if not names and len(written := written_names(text, grounder)) == 1:  # "the bandwidth on port-platinum"
        names, unpresented = written, True
    else:
        unpresented = False
    if len(names) != 1:
        return intents
    kinds = {*map(str, grounder.g), *(re.sub(r"-\d+$", "", str(n)) for n in grounder.g)}  # "gnb-4", "hospital"
    for ir in intents:
        name = str(ir.get("name", "")).casefold()
        unpresented_slip = unpresented and (name in TIERS or ir["kind"] == "slice.delete" and _event_word(name, text))
        if ir["kind"] in NAMED_KINDS and name not in presented and (made_up(name, text) or name in kinds or
                                                                    _label_only(name, text) or
                                                                    _told_of(name, text) or _cut_short(name, names) or
                                                                    unpresented_slip):
            ir["name"] = next(iter(names))
            if ir["kind"] == "slice.modify" and name in grounder.g and \
                    re.search(ADDED + re.escape(name) + r"(?![\w-])", text.casefold()):
                ir["sites"] = list(dict.fromkeys([*ir.get("sites", ()), name]))  # "add gnb-7": the site it gains
    return intents


def verbs_not_names(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """``intents`` without the change or delete of a "slice" whose name the text writes only as the verb before another
    slice's name that they use ("Delete fan-zone and right-size stadium-4k" read as a delete of right-size too)."""
    t = fold(text)
    names = {str(ir["name"]).casefold() for ir in intents if ir.get("name")}

    def verb(name: str) -> bool:
        said = list(whole_words(name, t))  # each time opening a clause, with another name right after it
        return name not in RUNNING.get() and bool(said) and all(
            re.search(r"(?:[.;!?][ \t]*|\b(?:and|then|also|please|pls|just|now)[ \t]+)$", t[:m.start()]) and
            any(re.match(rf"[ \t]+(?:the[ \t]+)?{re.escape(other)}(?![\w-])", t[m.end():]) for other in names - {name})
            for m in said)
    return [ir for ir in intents if not (ir["kind"] in NAMED_KINDS and verb(str(ir.get("name", "")).casefold()))]


def changed_apart(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """A change the model gave the name of a slice it also deletes, where the text removes that one and writes one more
    name no intent has ("f1-welding down to 3 ms; f1-robotics can go, delete it"): the change is of that other one."""
    t, deleted = text.casefold(), {ir["name"] for ir in intents if ir["kind"] == "slice.delete"}
    changes = [ir for ir in intents if ir["kind"] == "slice.modify" and ir.get("name") in deleted]
    free = written_names(text, grounder) - {str(ir.get("name")) for ir in intents}
    if len(changes) != 1 or len(free) != 1 or not any(
            meaning.DELETE.search(t, m.end(), m.end() + 40) for m in whole_words(changes[0]["name"], t)):
        return intents
    return [{**ir, "name": free.pop()} if ir is changes[0] else ir for ir in intents]


def removals_kept(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """A change of a slice the text asks to remove wherever it names it (:func:`meaning.removal_asked`: "The demo-day
    slice can go") as its delete, where the change sets nothing but sites (the model's copy of another change's); one
    that sets more is left for the meaning check to refuse: whose settings are they?"""
    t = fold(text)
    return [{"kind": "slice.delete", "name": ir["name"]} if ir["kind"] == "slice.modify" and set(ir) <= {"kind", "name", "sites"}
            and meaning.removal_asked(t, str(ir.get("name", "")).casefold()) else ir for ir in intents]


def new_not_deleted(intents: list[dict[str, Any]], text: str, nodes: Collection[str] = ()) -> list[dict[str, Any]]:
    """``intents`` without the delete of a slice they also create, where the text gives that name only to the new slice
    ("lecture-stream delete, open-day delete, and a new embb slice ... called semester-stream": the model carried the
    list's verb on to the new name); given the one name the text asks removed that no intent has and no node (``nodes``)
    is, where the deleted name is written only as the new slice's ("Delete sat-iot and create ... named farm-iot" read as
    a delete of farm-iot)."""
    t = text.casefold()
    created = {str(ir["name"]).casefold() for ir in intents if ir["kind"] == "slice.create" and ir.get("name")}
    if not any(ir["kind"] == "slice.delete" and str(ir["name"]).casefold() in created for ir in intents):
        return intents  # most outputs: the text is read no further

    def spots(name: str) -> list[int]:
        return [m.start() for m in whole_words(name, t)]

    def only_new(name: str) -> bool:
        return bool(at := spots(name)) and all(meaning.NEWLY_NAMED.search(t, max(0, a - 120), a) for a in at)

    def given(name: str) -> bool:  # written only as the name given to the new slice, in a text that re-creates nothing
        return bool(at := spots(name)) and not re.search(r"\bre-?creat", t) and all(
            re.search(r"\b(?:named|called|call it|name it)\s+[\"'“‘`]?$", t[max(0, a - 20):a]) for a in at)
    used = {str(ir.get("name", "")).casefold() for ir in intents}
    removed = {m2[1] for m in meaning.DELETE.finditer(t) if (m2 := meaning.REMOVED_NAME.match(t, m.end()))
               and m2[1] not in used and m2[1] not in nodes and not meaning.negated(t, m.start())
               and not meaning.PAST_REMOVAL.search(t, max(0, m.start() - 40), m.end())}
    out = []
    for ir in intents:
        if ir["kind"] != "slice.delete" or (name := str(ir["name"]).casefold()) not in created:
            out.append(ir)
        elif len(removed) == 1 and given(name):
            out.append({**ir, "name": next(iter(removed))})
        elif not only_new(name):
            out.append(ir)
    return out


DELETES_LISTED = re.compile(rf"\b(?:delete|remove|kill|scrap|decommission|retire|tear down|"
                            rf"get rid of)\s+(?:the\s+)?(?:slices?\s+)?({_LISTED_NAME}(?:\s*,\s*{_LISTED_NAME})*"
                            rf"\s*(?:,\s*)?(?:and|&)\s*(?:the\s+)?(?:slice\s+)?{_LISTED_NAME})(?![\w-])"
                            r"(?=\s*(?:[.,;:!\n]|$|(?:slices|too|as well|please|now|asap)\b))")
"""A removal of several slices by name that ends its clause ("Kill fanzone-sat and fanzone-live", "remove fac1-video
and fac1-guest."; not "... and ddos-guard policy", "... and fanzone-live stays up")."""


def deletes_listed(intents: list[dict[str, Any]], text: str, g: nx.Graph) -> list[dict[str, Any]]:
    """``intents`` with a delete of each slice a removal lists by name, where the model deleted one of them and dropped
    another that no intent names and the text names nowhere else (a slice named again may be kept: "delete fan-zone and
    press-box" answered "press-box only, fan-zone stays")."""
    deleted = {str(ir["name"]).casefold() for ir in intents if ir["kind"] == "slice.delete"}
    used = {str(v).casefold() for ir in intents for v in ir.values() if isinstance(v, str)} | \
        {str(n).casefold() for ir in intents for v in ir.values() if isinstance(v, list) for n in v}
    more: list[dict[str, Any]] = []
    t = text.casefold()
    for m in DELETES_LISTED.finditer(t):
        names = re.findall(_LISTED_NAME, m[1])
        if meaning.negated(t, m.start()) or re.match(r"[^.!?\n]*\?", t[m.end():]) or any(
                re.search(rf"\bonly\s+{re.escape(n)}(?![\w-])|(?<![\w-]){re.escape(n)}\s+only\b", t) for n in names):
            continue  # "don't kill ...", "should we delete ...?", "only fanzone-sat for now"
        if deleted & set(names):
            more += [{"kind": "slice.delete", "name": n} for n in names if n not in used and n not in g and
                     len(whole_words(n, t)) == 1]
    return intents + more


def start_and_end(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one slice intent of a text that says its window's start and end apart (:func:`units.start_end`: "move
    concert-night to start at seven pm instead, still ending at eleven") with that window, where the model gave it
    another (a job's or a match's start and end do not make a slice's window the model did not read)."""
    slices = [ir for ir in intents if ir["kind"] in ("slice.create", "slice.modify")]
    if len(slices) != 1 or "schedule" not in slices[0] or (window := units.start_end(text)) is None:
        return intents
    return [{**ir, "schedule": window} if ir is slices[0] else ir for ir in intents]


def kept_slices(intents: list[dict[str, Any]], reading: meaning.Reading) -> list[dict[str, Any]]:
    """``intents`` without the delete of a slice the text keeps ("open-day can go. lecture-stream stays, don't touch
    it": the model carried the removal on to it), when something else is left to apply; all of them otherwise, for the
    meaning check to refuse."""
    kept = [ir for ir in intents if not (ir["kind"] == "slice.delete" and reading.keeps(str(ir["name"]).casefold()))]
    return kept or intents


def _cut_short(name: str, names: set[str]) -> bool:
    """Whether ``name`` is the singular of the one name presented ("haptic" for "the haptics slice"); not another name
    of the same stem ("expo" beside "the expo-2 slice")."""
    return len(name) >= 4 and all(n in (f"{name}s", f"{name}es") for n in names)


def one_change(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Changes of a slice with a made-up name folded into the one change of a slice the text names, where the model cut
    one change in two ("blue-corridor: 99.999 %, and keep it running 00:00 to 23:59" read as a change of blue-corridor
    and one of slice "runtime"), where the text speaks of no other slice, deletes none and the parts set different
    things."""
    changes = [ir for ir in intents if ir["kind"] == "slice.modify"]
    named = [ir for ir in changes if not made_up(ir["name"], text)]
    if len(named) != 1 or len(named) == len(changes) or re.search(r"\bslices?\b", re.sub(
            rf"(?i)\b{re.escape(named[0]['name'])}\s+slice\b|\bslice\s+{re.escape(named[0]['name'])}\b", " ", text), re.I) or \
            any(ir["kind"] == "slice.delete" for ir in intents) or \
            any((set(ir) - {"kind", "name"}) & set(named[0]) for ir in changes if ir is not named[0]):
        return intents
    merged = {**{k: v for ir in changes if ir is not named[0] for k, v in ir.items()}, **named[0]}
    return [merged if ir is named[0] else ir for ir in intents if ir not in changes or ir is named[0]]


def windows_of_own_clause(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Changes of named slices without the window the model copied from another change's clause ("fan-zone to 5 Gbps,
    matchday to 15:00-19:00" read with the window on both): a change whose clause (the part of the text, cut at commas,
    semicolons and line ends, that names it, and the parts after it up to another change's) states no time loses a window
    equal to one another change's clause states after that change's name ("fan-zone and matchday to 15:00-19:00" is one
    clause; "From 15:00 to 19:00: fan-zone ..., matchday ..." gives both)."""
    changes = [ir for ir in intents if ir["kind"] == "slice.modify" and "schedule" in ir]
    if len(changes) < 2 or re.search(r"\b(?:both|each|all|every|same|too|as well|also|likewise)\b", text, re.I):
        return intents
    parts = [p for p in re.split(r"[,;\n]|(?<=[.!?])\s+", text.casefold()) if p.strip()]
    named = {id(ir): [(i, m.end()) for i, p in enumerate(parts) for m in whole_words(str(ir["name"]).casefold(), p)]
             for ir in changes}  # (part, where in it) of each mention of a change's name

    def timed(part: str) -> bool:
        return bool(CLOCK.search(part) or units.windows(part))
    def stated_after(ir: dict[str, Any]) -> bool:  # "matchday to 15:00-19:00": its window follows its name
        return any(CLOCK.search(parts[i], at) or units.windows(parts[i][at:]) for i, at in named[id(ir)])
    def clause(ir: dict[str, Any], i: int) -> str:  # its part and those after it that name no other change
        others = {k for o in changes if o is not ir for k, _ in named[id(o)]}
        return " ".join(parts[i:next((k for k in range(i + 1, len(parts)) if k in others), len(parts))])
    drop = {id(ir) for ir in changes if len(own := named[id(ir)]) == 1 and not timed(clause(ir, own[0][0])) and any(
        o is not ir and o["schedule"] == ir["schedule"] and stated_after(o) for o in changes)}
    return [{k: v for k, v in ir.items() if k != "schedule"} if id(ir) in drop else ir for ir in intents]


def _told_of(name: str, text: str) -> bool:
    """Whether the text writes ``name``, a plain word, only as what it tells of ("Marathon's wrapped up", "Evacuation's
    over", "Crowd was smaller than forecast"): an event or a fact, not the slice to change."""
    said = re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])((?:'s|’s)\s+(?:over|done|finished|wrapped|ended|cancel\w*|"
                      rf"through|complete\w*|off)\b|\s+(?:was|were)\s+(?:\w+\s+)?(?:smaller|bigger|larger|lower|higher|"
                      rf"fewer|less|more|quieter|busier)\s+than\b)?", text.casefold())
    return name.isalpha() and bool(said) and all(said)  # "surgery's bandwidth", "surgery-a's schedule": the slice's


def service_not_named(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """A slice the model names after its service ("slice embb campus 1,5 Gbit/s" read as a change of slice embb) is a
    new slice of that service: no operator names a slice embb, urllc, mmtc or v2x (none of the written corpora's 2,500
    changes and deletes does). Its sites are the model's, else the nodes of the sentence that names the service, unless
    that sentence speaks of a slice already there or of nodes taken out ("raise the eMBB slice at the stadium", "on all
    gNBs except gnb-3"): such a change is left to fail at apply time."""
    if not any(str(ir.get("name", "")).casefold() in SST for ir in intents if ir["kind"].startswith("slice.")):
        return intents
    ends = {ir[k] for ir in intents for k in ("src", "dst") if k in ir}
    out = []
    for ir in intents:
        service = str(ir.get("name", "")).casefold()
        if service in SST and ir["kind"] == "slice.create":
            ir = {k: v for k, v in ir.items() if k != "name"}
        elif service in SST and ir["kind"] == "slice.modify" and (said := re.search(rf"\b{service}\b", text, re.I)):
            lo, hi = meaning.sentence_around(text, said.start(), said.end())
            sentence = text[lo:hi]
            sites = ir.get("sites") or [n for _, n in dict.fromkeys(grounder.mentions(sentence)) if n not in ends]
            if sites and not EXISTING_OR_CARVED.search(sentence):
                ir = {"kind": "slice.create", "service": service, "sites": list(dict.fromkeys(sites)),
                      **{k: v for k, v in ir.items() if k not in ("kind", "name", "sites")}}
        out.append(ir)
    return out


OTHER_SLICES_SERVICE = re.compile(r"\b(?:the|our|their|that|this|its|existing|current|is|are|was|were|not|no|on|in|from|"
                                  r"like|than)\s+(?:[\w-]+\s+)?$")
"""Before a service word said of a slice already there or of another ("they are on the eMBB slice today", "that one is
eMBB")."""


def service_said(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one new slice of the output with the one service the text names in words, where the model chose another the
    text never names ("... 100 Mbit/s, under 8 ms, six nines. URLLC please." read as eMBB); not where the text names it
    only to rule it out or of another slice (:data:`OTHER_SLICES_SERVICE`)."""
    creates = [ir for ir in intents if ir["kind"] == "slice.create"]
    if len(creates) != 1:
        return intents
    t = fold(text)
    spots = {s: [m for w in words for m in whole_words(w.casefold(), t)] for s, words in SERVICE_WORDS.items()}
    said = [s for s, found in spots.items() if found]
    if len(said) != 1 or creates[0].get("service") in (*said, None) or any(
            meaning.negated(t, m.start()) or OTHER_SLICES_SERVICE.search(t, max(0, m.start() - 30), m.start())
            for found in spots.values() for m in found):
        return intents
    return [{**ir, "service": said[0]} if ir is creates[0] else ir for ir in intents]


NEW_SLICE = re.compile(r"(?i)\b(?:new|create|creating|set up|setting up|provision\w*|establish\w*|spin up|deploy\w*|launch\w*|"
                       r"another|an?)\s+"
                       r"(?:[\w-]+\s+){0,3}slices?\b")
"""A text that asks for a slice not yet there."""


CHANGED_NOW = re.compile(r"(?i)\b(?:set it (?:to|accordingly|back)|correct (?:it|this|that)|please correct|today it|"
                         r"it is (?:now )?configured|(?:has|gets|is at) (?:less|only))\b")
"""Words that speak of a slice as it is today and set it right."""


HAD_SLICE = r"\b(?:its|the|our|their|your|this|that)\s+(?:(?!needs?\b|wants?\b|gets?\b|requires?\b)[\w-]+\s+){0,2}slice\s+"
"""A slice the text speaks of as its own, before its name ("its eMBB slice line-b")."""


def already_there(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """A slice the model creates under a name the text gives a slice it already has ("its eMBB slice line-b ... Today it
    has less. Please set it to 400"), when the text asks for no new slice, is a change of that slice: its service and
    sites are what it is, the rest what changes."""
    if NEW_SLICE.search(text) or not CHANGED_NOW.search(text):
        return intents
    t = text.casefold()
    return [{"kind": "slice.modify", **{k: v for k, v in ir.items() if k not in ("kind", "service", "sites")}}
            if ir["kind"] == "slice.create" and ir.get("name") and set(ir) - {"kind", "service", "sites", "name"} and re.search(
                rf"{HAD_SLICE}[\"'“‘`]?{re.escape(ir['name'])}(?![\w-])", t)
            else ir for ir in intents]


EXISTING_OR_CARVED = re.compile(r"(?i)\b(?:the|that|this|our|existing|current|running)\s+(?:\S+\s+)?slice\b|\b(?:except|but not|"
                                r"without|drop|remove|move|raise|lower|increase|decrease|reduce|bump|change|set|modify|"
                                r"update|keep|only)\b")
"""A sentence that speaks of a slice already running, or of nodes taken out of one."""


_REMOVED = r"(?:remove|delete|gone|drop it|decommission(?: it)?|retire(?: it)?|kill it|tear (?:it )?down)"
REMOVED_ROW = re.compile(rf"(?:^|(?<=[.;!\n])\s*)(?P<name>[a-z0-9]+(?:[-_][a-z0-9]+)+)(?:\s+slice)?\s*:\s*{_REMOVED}"
                         rf"\s*(?:[.!;]|$)|"
                         rf"^\s*\|\s*(?P<cell>[a-z0-9]+(?:[-_][a-z0-9]+)*)\s*\|\s*{_REMOVED}\s*\|?\s*$", re.M)
"""A slice's row whose whole verdict is its removal ("campus-ar slice: remove.", "pilot-v2x: gone.", a table's
"| concert | delete |")."""


def removed_rows(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """The delete of each slice whose row is only its removal (:data:`REMOVED_ROW`) that no intent names: in a list of
    slice verdicts a 270M model keeps the changes and drops the bare removal."""
    named = {str(ir.get("name", "")).casefold() for ir in intents}
    rows = [m["name"] or m["cell"] for m in REMOVED_ROW.finditer(text.casefold())]
    return intents + [{"kind": "slice.delete", "name": name} for name in dict.fromkeys(rows)
                      if name not in named and name not in grounder.g and normalise_phrase(name) not in grounder.aliases]


NUMBER_WORD = (r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|"
               r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)\b")
COPIED_NUMBER = re.compile(rf"\d+(?:[.,]\d+)*|{NUMBER_WORD}", re.I)
"""A number of the model's output: it copies quantities as written."""
NUMBER = re.compile(r"\d+(?:[.,]\d+)*|" + NUMBER_WORD + r"(?=(?:[\s-]+(?:two|three|four|five|six|seven|eight|nine|hundred|"
                    r"thousand|and|point|[a-z]+teen|[a-z]+ty))*[\s-]+(?:\w+[\s-]+)?(?:[kmgt]b(?:it)?(?:ps|/s)|gigs?|gigabits?|megs?|megabits?|"
                    r"kilobits?|terabits?|ms|milli\w+|micro\w+|nines|percent|devices|sensors|meters|cameras|vehicles|trucks|"
                    r"gateways|monitors|wearables|phones|robots|rounds|epochs|paths)\b)", re.I)
"""Numbers in figures, and in words next to their unit or what they count ("ten thousand smart meters", "eighty
megabits"): a number word alone is too often no quantity ("two rules:", "the three edges", "next quarter")."""
NAME_WITH_DIGITS = re.compile(r"\b\w+(?:-\w+)*-\d+\b")  # ids and names: gnb-3, drone-1, fan-zone-2
EXPLICIT_NAME = re.compile(r"""\b(?:called|named|slice|policy|rule)\s+["'“‘`]?([a-z0-9]+(?:[-_][a-z0-9]+)+)\b"""
                           r"""|["'“‘`]([a-z0-9]+(?:[-_][a-z0-9]+)*)["'”’`]"""
                           r"""|\b(?:called|named)\s+(?!(?:the|for|after|by|like|as)\b)([a-z][a-z0-9]{2,})\b""", re.I)
"""A name the operator spells out: ``slice fan-zone``, ``called 'vip'``, ``policy ddos-guard``."""
HYPHENATED_SLICE = re.compile(r"\b(?:the|our|your)\s+[\"'“‘`]?([a-z0-9]+(?:-[a-z0-9]+)+)[\"'”’`]?\s+slice\b")
"""A running slice the text names before the word ("the summer-school slice"), with a hyphen as names have ("a
low-latency slice" names none)."""
ENUM_WORD = re.compile(r"\b(hetlora|krum|fedavg|fedprox|trimmed[ _-]mean|epsl|splitfed[ _-]?v?[12]|dedicated)\b", re.I)
"""Enum values an operator writes only when meant (strategies, split methods, isolation): the output must keep them."""


def enum_value(word: str) -> str:
    """The IR's value for an :data:`ENUM_WORD` as written ("Trimmed-Mean" -> trimmed_mean, "splitfed v2" -> splitfed_v2)."""
    return re.sub(r"splitfed_?v?", "splitfed_v", re.sub(r"[ _-]", "_", word.casefold()))


RULE_EVENT = re.compile(r"(?:^|[.;:,!?()]\s*|\b(?:and|but|then)\s+)(?:if|when|whenever|in case of|upon|on|should)\s+"
                        r"(?:\S+\s+){0,4}?"
                        r"(?:(ddos)|(anomal(?:y|ies|ous))|(congest\w*)|link\S*\s+(?:(?!(?:went|was|were|had)\b)\S+\s+){0,3}?"
                        r"(?:(down|fails?|failure|drops?|is cut)))\b(?! (?:detector|detection|model|classifier))", re.I)
"""A standing rule's event ("if an anomaly shows up on X", "when the link goes down", "On a link failure at X, ..."): the
output needs its ztn.policy."""
_ASK = r"(?:show|list|send|give|report|pull|check|provide|share|tell|get|see|view|display)\w*(?: me| us)?"
ASKED_TOPIC = {topic: re.compile(pattern) for topic, pattern in {
    "slices": rf"(?<!of the )\bslice (?:list|inventory)\b|\b(?:list|inventory) of (?:the |our |all )?(?:running |live |current |"
              rf"active )?slices\b|\b(?:which|what) slices\b|"
              rf"\b{_ASK}(?: all)? (?:the |our )?(?:running |live |current |active )?slices\b|"
              r"\bwhat(?:'s| is| are)? (?:currently |actually |now )?running(?= (?:at|on|in)\b)|"
              r"\bwhat(?:'s| is| else is| have (?:we|i|you) got| do (?:we|i|you) have)(?: got)? (?:currently |already )?booked\b|"
              r"\bwhat (?:does|do) (?P<who>(?:the |our |their )?[\w' -]{1,30}?) have (?:today|now|currently|at the moment)"
              r"(?=\s*(?:[?.!]|$))",
    "policies": rf"\b(?:policy|policies) list\b|\b(?:which|what) (?:ztn |closed-loop )?policies\b|"
                rf"\blist of (?:the )?(?:ztn )?policies\b|"
                rf"\b{_ASK} (?:the |our |all )?(?:ztn |current |active )?policies\b|"
                r"\bwhat(?:'s| is)? (?:configured|set up|in place) (?:for|as) (?:closed[- ]loop|ztn|zero[- ]touch)\b",
    "alarms": rf"\balarm list\b|\b(?:{_ASK}|any|what|which)(?: the| all)?(?: current| active| open| live)? alarms\b|"
              r"\btelemetry (?:and|&) (?:the )?alarms\b|"
              r"(?<=\band )every(?: current| active| open| live)? alarm\b(?=\s*(?:[.?!]|$))",
    "models": rf"\b(?:which|what) models\b|\bmodels? (?:inventory|list)\b|\blist of (?:the )?(?:deployed )?models\b|"
              rf"\b{_ASK} (?:the |all )?(?:policies|alarms|telemetry|slices) (?:and|&) (?:the )?models\b|"
              r"\b(?:status|state|progress) of (?:the |our |my |any )?(?:[\w-]+ )?(?:training|learning) (?:jobs?|runs?)\b",
    "topology": r"(?<!given the current )(?<![\w-])topology(?![\w-])(?! (?:has|have|gives|allows|supports|only|can)\b)|"
                r"\bwhat(?:'s| is)? (?:hangs?|hanging|connected|attached|sits?)(?= (?:off|behind|below|under)\b)|"
                r"\bwhat(?:'s| is) (?:on|in) (?:the|our) network\b(?![\w-]| slices?\b| polic| (?:at|in|on|for)\b)",
    "telemetry": rf"\b(?:{_ASK}|the|its|any|what|which)(?: the| current| live| latest)? telemetry\b(?![-\w])"
                 r"(?! (?:slice|backhaul|ward|box\w*|was|is|were|shows?|showed|says|said|uploads?)\b)|"
                 r"\b(?:latency|load|traffic|link) stats\b|"
                 rf"\b{_ASK} (?:the )?alarms (?:and|&) (?:the )?telemetry\b(?![-\w])|"
                 r"(?:^|(?<=[.;!?\n] ))(?:the )?alarms (?:and|&) (?:the )?telemetry\b(?![-\w])"
                 r"(?=\s+(?:for|on|at|of|in|from|please|pls)\b|\s*[.?!]?\s*$)"
                 r"(?![^.;!?\n]*\b(?:looks?|looked|are|were|is|was|seems?|seemed|shows?|showed|reviewed|checked)\b)",
}.items()}
"""What the text asks to be shown ("send me the slice list", "any alarms on the cores?"): the gold holds a query of that
topic in all 875 studied texts (of 13,000) that say so."""
TOPIC_STEMS = {"slices": "slice", "policies": "polic", "alarms": "alarm", "models": "model", "topology": "topolog",
               "telemetry": "telemetr|stats|metrics|latency|load|throughput|kpi|utili[sz]ation", "path": "path|route"}
"""A query's topic named by its own word ("the slices", "a policy", "latency stats")."""
TROUBLE = re.compile(r"\b(?:alarm|alert|fault|fail|down\b|issue|problem|incident|wrong|broken|error|outage|status|health|"
                     r"flap|red\b|ok\b|okay|fine\b|warning)")
"""Words of a text that asks after trouble, which the model may read as the alarms of no node."""
TOPICS_JOINED = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?(?:alarms|telemetry|models|policies)\b")
"""A second topic joined to the first before the node both are asked for ("the telemetry and alarms on edge-south")."""
TOPIC_TARGET = re.compile(r"\s+(?:[\w']+\s+){0,4}?(?:for|on|at|of|in|from|across|around|to|cover|touch|off|behind)\s+")
SHOW_ME = re.compile(rf"^\W*(?:(?:please|pls|kindly|also|and|then|finally|now|oh|ok|can|could|would|will) (?:you |u |we )?)*"
                     rf"(?:{_ASK}|dump|export|fetch|report|need|want|(?:i|we)(?:'d| would) (?:appreciate|like|love))\b")
"""The opening of a clause that asks to be shown something ("kindly provide ...", "can you send us ...", "I'd appreciate
...")."""
ASKS_SEEN = re.compile(r"^\W*(?:(?:and|also|plus|oh|ok|so) )*(?:what|which|any|are there|is there|how)\b[^?]*\?")


def asks_to_see(clause: str, at: int) -> bool:
    """Whether ``clause`` asks to be shown the topic named at ``at``: it opens with an ask (:data:`SHOW_ME`), is a
    question ("any alarms on the cores?"), or is the topic alone, with no verb ("latency stats on edge-south pls")."""
    alone = re.fullmatch(r"\W*(?:(?:the|our|current|latest) )*", clause[:at]) and len(clause.split()) <= 8 and \
        not re.search(r"\b(?:is|are|was|were|looks?|seems?|shows?|showed|goes|went|should|must|from)\b", clause)
    return bool(SHOW_ME.match(clause) or ASKS_SEEN.match(clause) or alone)


def asked_queries(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """The intents with a query of each topic the text asks to be shown (:data:`ASKED_TOPIC`) that none of them
    answers, on the node named right after the ask ("the alarm list for the stadium"), else the node of the output's
    queries the same ask names ("telemetry and alarms please"): the model drops the last query of a long request, and a
    query changes nothing in the network. A query
    of the model's on the same node, of a topic the text neither asks nor names, is its misreading of that ask and goes
    (on no node, when the text asks one thing only: "status of the fed training jobs?" read as policies)."""
    t, shown, added = fold(text), {ir["topic"] for ir in intents if ir["kind"] == "query"}, []
    spans: list[tuple[int, int, str, str]] | None = None  # read only if a topic is asked
    cuts = [0, *(m.end() for m in re.finditer(r"[.;!?\n]\s*|,\s*(?:and |then |also |plus )?|\s\+\s|\band\s+", t))]
    for topic, asked in ASKED_TOPIC.items():
        m = next((m for m in asked.finditer(t) if not meaning.negated(t, m.start()) and asks_to_see(
            t[(lo := max(c for c in cuts if c <= m.start())):min([c for c in cuts if c > m.start()] or [len(t)])],
            m.start() - lo)), None)
        if topic in shown or m is None:
            continue
        end = both.end() if (both := TOPICS_JOINED.match(t, m.end())) else m.end()
        tail = re.split(r"[.;?!\n,]|\band\b", t[end:end + 60])[0]
        at = end + lead.end() if (lead := TOPIC_TARGET.match(tail)) else None
        spans = grounder.spans(text, roles=True) if spans is None else spans
        target = next((node for a, _, _, node in spans if at is not None and 0 <= a - at <= 4), None)
        if target is None and "who" in asked.groupindex and m["who"]:  # "What does the second hospital have today?"
            target = next((node for a, _, _, node in spans if m.start("who") <= a < m.end("who")), None)
        if target is None and re.match(r"\s+(?:there|in there)\b", tail):  # "what else is booked there": the last place
            target = next((node for a, _, _, node in reversed(spans) if a < m.start()), None)
        queries = [ir for ir in intents if ir["kind"] == "query"]
        if target is None and len({ir.get("target") for ir in queries}) == 1 and \
                (m[0].startswith("its ") or all(re.search(rf"\b(?:{TOPIC_STEMS[ir['topic']]})", m[0]) for ir in queries)):
            target = queries[0].get("target")  # "How's hospital 2? Telemetry and alarms please": the other one's node
        added.append({"kind": "query", "topic": topic, **({"target": target} if target else {})})
    named = {topic for topic, stem in TOPIC_STEMS.items() if re.search(rf"\b(?:{stem})", t)}
    one_ask = not re.search(r"\band\b|[&+,;]|[.?!\n]\s*\S", t)  # "status of the training jobs?" read as policies

    guessed = any(ir["kind"] != "query" for ir in intents) and not TROUBLE.search(t)

    def misread(ir: dict[str, Any]) -> bool:  # or, beside changes, alarms of no node where the text tells of no trouble
        return ir["kind"] == "query" and ir["topic"] not in named and (any(  # ("Also, invoice #4471 is overdue, who signs
            a.get("target") == ir.get("target") and (ir.get("target") or one_ask) for a in added) or  # it off?")
            guessed and ir["topic"] == "alarms" and "target" not in ir)
    return joint_targets([*(ir for ir in intents if not misread(ir)), *added], t)  # "what is running at X": no telemetry


def joint_targets(intents: list[dict[str, Any]], t: str) -> list[dict[str, Any]]:
    """A query the model left without the node the text asks it of jointly with the next topic ("show topology + alarms
    for agg-south") on that query's node."""
    def joint(ir: dict[str, Any]) -> str | None:
        return next((other["target"] for other in intents if ir["kind"] == other["kind"] == "query" and "target" not in ir
                     and other.get("target") and re.search(rf"\b(?:{TOPIC_STEMS[ir['topic']]})\w*\s*(?:and|&|\+|,)\s*"
                                                           rf"(?:the\s+|its\s+)?(?:(?:closed-loop|ztn|active|open|current)\s+)?"
                                                           rf"(?:{TOPIC_STEMS[other['topic']]})\w*\s+"
                                                           r"(?:for|on|of|at|in)\b", t)), None)
    return [{**ir, "target": target} if (target := joint(ir)) else ir for ir in intents]


QUANTITY_KEYS = ("bw", "lat", "rel", "dev", "rate", "paths", "rounds", "epochs", "cut", "port", "eps", "time")


@dataclass(frozen=True)
class TextRefs:
    """What an output must account for: the numbers (outside node and slice names), the inventory
    nodes and role selectors ("the edges"), the explicit names, the ports of the named services ("rdp": 3389),
    the strategy, method and isolation words (:data:`ENUM_WORD`) the operator wrote, the events of the standing
    rules it asks for (:data:`RULE_EVENT`), and the text itself (casefolded)."""

    numbers: set[str]
    nodes: set[str]
    names: set[str]
    ports: set[int]
    enums: set[str]
    events: set[str]
    text: str


def text_refs(text: str, grounder: Grounder) -> TextRefs:
    mentions = grounder.mentions(text, roles=True)
    groups = grounder.enumerations(text)
    masked = text.casefold()
    for _, (start, end) in groups:  # "gNodeB 1, 2 and 3": nodes, not quantities
        masked = masked[:start] + " " * (end - start) + masked[end:]
    for phrase, _ in mentions:  # "gNodeB 3", "core two": node names, not quantities
        masked = re.sub(r"\b" + r"\W+".join(map(re.escape, phrase.split())) + r"\b", " ", masked, flags=re.I)
    names = {next(filter(None, groups)).casefold() for groups in EXPLICIT_NAME.findall(text)}
    names |= slice_names(HYPHENATED_SLICE.findall(text.casefold()), grounder)  # "the summer-school slice can go now"
    names = {n for n in names if n not in grounder.g and normalise_phrase(n) not in grounder.aliases}
    ports = {APP_PORTS[w.casefold()][1] for w in SERVICE_WORD.findall(text)}  # "block RDP": the output carries its port
    enums = {enum_value(w) for w in ENUM_WORD.findall(text)}
    if re.search(r"\bshared\b", text, re.I):  # "to shared isolation, dedicated is costing us too much": either may be asked
        enums.discard("dedicated")
    events = {("ddos", "anomaly", "congestion", "link_down")[next(i for i, g in enumerate(m) if g)]
              for m in RULE_EVENT.findall(text)}
    return TextRefs(set(NUMBER.findall(NAME_WITH_DIGITS.sub(" ", masked))),
                    {node for _, node in mentions} | {n for nodes, _ in groups for n in nodes}, names,
                    ports, enums, events, text.casefold())


def _gaps(refs: TextRefs, raw: str, intents: list[dict[str, Any]], g: nx.Graph) -> int:
    used = json.dumps(intents).casefold()
    missing = len(refs.numbers - set(COPIED_NUMBER.findall(NAME_WITH_DIGITS.sub(" ", raw).casefold())))
    missing += sum(f'"{n}"' not in used for n in refs.nodes | refs.names | refs.enums)
    missing += len(refs.ports - {ir.get("port") for ir in intents})
    missing += len(refs.events - {ir["trigger"]["event"] for ir in intents if ir["kind"] == "ztn.policy"})
    missing += sum(bool(ir.get("name")) and made_up(ir["name"], refs.text) for ir in intents)
    named = {r for ir in intents for r in references(parse_intent(ir)) if r in g}
    return missing + sum(not worded(n, refs.text) for n in named)


def worded(node: str, text: str) -> bool:
    """Whether a word of ``node``'s spoken forms (:func:`node_words`) occurs in ``text`` (casefolded)."""
    return any(w in text for w in node_words(node))


def coverage_gaps(text: str, raw: str, intents: list[dict[str, Any]], grounder: Grounder) -> int:
    """How many numbers, inventory nodes, roles, explicit names, service ports and strategy/method/isolation
    words the operator wrote that the output leaves out, plus the nodes it names that the text never
    speaks of and the slice names with a word the text lacks (:func:`made_up`).

    The model copies quantities and names as written and names every node it uses, so a number,
    node or name of the text missing from its output is almost always a dropped field (the usual
    error of a 270M model on long, multi-clause requests), and a node none of whose words occur in
    the text ("gnb-5" for "the fire station") is made up."""
    return _gaps(text_refs(text, grounder), raw, intents, grounder.g)


def _squeeze(s: str) -> str:
    """``s`` casefolded without whitespace: a quantity as written, spacing and case aside ("2 Gbps" in "2gbps")."""
    return re.sub(r"\s+", "", s.casefold())


def copied(raw: str, text: str) -> bool:
    """Whether every quantity of a compact output occurs in the text as written (spacing and case
    aside): an impossible value the operator did not write is the model's slip, not ``invalid``."""
    t = _squeeze(text)
    try:
        parsed = parse(raw)
    except DecodeError:
        return False
    values = [v for _, pairs in parsed.intents for k, v in pairs.items() if k in QUANTITY_KEYS]
    parts = [p for v in values for p in re.split(r"(?<=\S)\s*(?:–|—|-|\bto\b)\s*(?=\S)", v)]
    return all(re.search(r"(?<![\d.])" + re.escape(_squeeze(p)), t) for p in parts)


CLOCK = re.compile(r"\d:\d\d|\d\s*(?:am|pm|h)\b|\b(?:noon|midday|midnight)\b", re.I)
ALL_DAY = re.compile(r"\b(?:all day|(?:whole|full|entire) day|24/7|24x7|24 ?h(?:ours)?|around the clock|always|permanent\w*|"
                     r"no (?:schedule|time)|scratch the schedule)\b", re.I)
OF_THE_SLICE = re.compile(r"\b(?:slices?|embb|urllc|mmtc|miot|v2x|when|time|window|schedule|hours)\b", re.I)
"""Words of the sentence or form field that gives the slice its window ("When: Sun 11:00-17:00")."""
NOT_THE_WINDOW = re.compile(r"\b(?:except|outside|not|apart from|but|other than|besides)\W+(?:\w+\W+){0,2}$", re.I)


TIMES_OF_DAY = re.compile(r"\b(?:morning|afternoon|evening|night|tonight|overnight|noon|midnight|midday|dawn|dusk|lunch|dinner|"
                          r"breakfast|weekday|weekend|day|week|shift|hour|peak|off-peak|match|game|event|rush|session|class|"
                          r"lecture|exam|business|office|working)\w*|\bo'?clock\b", re.I)
"""Words by which a text may give a window without a clock ("every evening", "during the match")."""


def _the_slices_window(text: str, window: str) -> bool:
    """Whether ``text`` writes ``window`` (as :func:`units.windows` reads it) in a sentence or form field that speaks of
    the slice, and not after a word that excepts it ("except 18:00-22:00")."""
    start = re.split(r"\s+until\s+", window)[0].strip()
    at = text.casefold().find(start.casefold())
    if at < 0:
        return False
    lo, hi = meaning.sentence_around(text, at, at)
    return bool(OF_THE_SLICE.search(text, lo, hi)) and not NOT_THE_WINDOW.search(text, lo, at)


TIME_PAIR = r"(?<![^\s])time=.*?(?=\s+[a-z]+=|\s+;|$)"
"""The window of a compact output, its key and value ("time=22:00 until 06:00")."""
OLD_WINDOW = re.compile(r"(?i)\b(?:instead of|rather than|in place of|previously|formerly)\s+(?:the\s+)?$")
"""What comes before a window a change replaces ("instead of 22:00 to 06:00")."""


def with_window(raw: str, text: str) -> str:
    """``raw`` with its one time window as the text writes it (:func:`units.windows`): the model
    often cuts a window short ("time=8-10" for "from 8 in the morning until 6 in the evening",
    "time=2000h" for "2000h to midnight"), or leaves out the clock window of the one slice it creates ("When: Sun
    11:00-17:00" of a form; of the studied writers' single creates with one clock window, 271 of 272 have it as their
    schedule; only a window in a sentence or form field of the slice, not one it excepts). Left alone unless the text has
    exactly one window and the output one or (a create) none; a window the text gives in no form (no clock, no time of
    day: :data:`TIMES_OF_DAY`, not its hour: "between 9 and 12") is left out."""
    found = units.windows(text)
    if len(found) > 1:  # "23:00 to 05:00 instead of 22:00 to 06:00": the old one is no window of the output
        t = text.casefold()
        before = [t[:max(0, t.find(w.split(" until ")[0]))] for w in found]
        if not any(re.search(r"\bnot\s+$", b) for b in before):  # "was 22:00-06:00, not 23:00-05:00": no old one
            found = [w for w, b in zip(found, before) if not OLD_WINDOW.search(b)] or found
    hours = [int(h) for h in re.findall(r"(?<![^\s])time=0?(\d{1,2})", raw)]
    if not found and hours and not CLOCK.search(text) and not TIMES_OF_DAY.search(text) and \
            not any(re.search(rf"(?<![\d.,]){h}(?![\d.,])", text) for h in hours):  # "one reading a minute": no window
        return re.sub(rf"\s*{TIME_PAIR}", "", raw)
    if len(found) != 1:
        return raw
    if re.fullmatch(r"create\s[^;]*", raw.strip()) and "time=" not in raw and CLOCK.search(found[0]) and \
            not ALL_DAY.search(text) and _the_slices_window(text, found[0]):
        return f"{raw.rstrip()} time={found[0]}"
    if len(re.findall(r"(?:^|\s)time=", raw)) != 1:
        return raw
    return re.sub(TIME_PAIR, lambda _: f"time={found[0]}", raw)


OUT_OF_SCOPE_PART = re.compile(r"\s*;\s*!out_of_scope\s*$")
"""A last part of an output the model marks as beyond the IR after intents it read ("limit ... ; !out_of_scope" for "Cap X
at 250 Mbps and e-mail me a weekly usage report"): the rest stands, as a writer translates such a text; not where the text
holds the request back (:data:`HELD_BACK`), nor where the mark comes first (the whole text read as out of scope: "Ask the
vendor if block ssh from gnb-3 to core-1 is supported")."""
HELD_BACK = re.compile(r"(?i)\b(?:once|after|until|unless|if|when|whenever|before|only|draft|proposal|propose|don'?t|do not|"
                       r"not yet|yet|later|next|tomorrow|tonight|approv\w*|sign\w*|ask|whether|lift\w*|remov\w*|stop\w*|"
                       r"unblock\w*|no longer|undo\w*|revert\w*|cancel\w*|delet\w*|drop\w*|lower\w*|reduc\w*)\b")
"""Words by which a text may make its order wait for something the IR cannot hold ("once the finance team has closed the
invoice", "after the CAB approves it", "Draft a proposal (don't apply yet)"), or undo something, which the model's part
beside the mark may read the other way ("Lift the rate cap ... and print the audit log" read as a cap)."""


def unlooped(raw: str) -> str:
    """``raw`` once, where the model fell into a loop and wrote one part again and again until its tokens ran out ("modify
    ... ; ztn ... ; ztn ... ; ztn ... ; ztn ... act=rer"): its parts each once, the cut one left out."""
    parts = [p.strip() for p in raw.split(" ; ")]
    if len(parts) < 4 or max(parts.count(p) for p in parts) < 3:
        return raw
    *whole, last = parts
    if any(p.startswith(last) for p in whole):
        parts = whole
    return " ; ".join(dict.fromkeys(parts))


def fitted(raw: str, text: str) -> str:
    """The model's compact output ``raw`` fitted to ``text``: its ids written out, its quantities, time window and
    switched service as the text writes them, a delete of several names as one delete each, no part it marks out of
    scope beside others (:data:`OUT_OF_SCOPE_PART`) nor a change of nothing (:func:`without_empty_changes`)."""
    if not HELD_BACK.search(text):
        raw = OUT_OF_SCOPE_PART.sub("", raw)
    raw = without_empty_changes(nodes_not_models(one_name_each(spelled_ids(raw), text)), text)
    return with_service(with_window(fit_quantities(raw, text), text), text)


def port_not_node(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """Flows to or from the node port where the text names no such node, only a TCP or UDP port ("Block that port from
    the campus to edge-east" read as campus -> port and port -> edge-east, or as campus -> port and campus -> edge-east):
    the one flow between the other ends, with the port; from the port alone, where the text blocks it "from any
    source", from any."""
    if not any("port" in (ir.get("src"), ir.get("dst")) for ir in intents) or not re.search(r"(?i)\bport\b", text) or \
            any(n in ("port", "role:site") for *_, n in grounder.spans(text, roles=True)):
        return intents  # the port named, or one of a group
    into = [ir for ir in intents if ir.get("dst") == "port" and ir.get("src") != "port"]
    out_of = [ir for ir in intents if ir.get("src") == "port" and ir.get("dst") != "port"]
    if len(into) == 1 and len(out_of) == 1 and into[0]["kind"] == out_of[0]["kind"]:
        flow = {**out_of[0], **into[0], "dst": out_of[0]["dst"]}
        return [flow if ir is into[0] else ir for ir in intents if ir is not out_of[0]]
    twin = [ir for ir in intents if len(into) == 1 and not out_of and ir is not into[0] and ir["kind"] == into[0]["kind"] and
            ir.get("src") == into[0].get("src") and "port" not in ir and "protocol" not in ir]
    if len(twin) == 1:  # "... block src=campus dst=port port=9999 ; block src=campus dst=edge-east": the flow with the port
        ported = {**twin[0], **{k: into[0][k] for k in ("protocol", "port") if k in into[0]}}
        return [ported if ir is twin[0] else ir for ir in intents if ir is not into[0]]
    if not into and len(out_of) == 1 and re.search(r"(?i)\bfrom\s+(?:any|every|all|anywhere\b)", text):
        return [{**ir, "src": "any"} if ir is out_of[0] else ir for ir in intents]
    return intents


def nodes_not_models(raw: str) -> str:
    """``raw`` without a learning job's node that is a model's name ("split-learn the hub adapter between Hospital 1,
    Hospital 2 and the hub" read with a node hub-adapter): the hub is where the job runs, no node of the inventory."""
    try:
        parts = parse(raw).intents
    except DecodeError:
        return raw
    models = {m.replace("_", "-") for m in get_args(Model)} | {"hub"}
    fixed = [(word, {**pairs, "nodes": ",".join(n for n in pairs["nodes"].split(",")
                                                 if n.strip().replace("_", "-").casefold() not in models)})
             if word in ("fedft", "split") and pairs.get("nodes") else (word, pairs) for word, pairs in parts]
    emptied = any("nodes" in pairs and not pairs["nodes"] for _, pairs in fixed)  # "on the hub" alone: unknown_entity
    return compact_form(fixed) if fixed != parts and not emptied else raw


SLICE_TAKEN_DOWN = re.compile(r"(?i)\b(?:take|tear|shut|bring)\s+(?:it|that|this|the)(?:\s+slice)?\s+down\b|"
                              r"\b(?:delete|remove|kill|retire|decommission)\s+(?:it|(?:that|this|the)\s+slice)\b")
"""A removal of the slice itself ("Please take that slice down"), not of one of its settings."""
SETTING_WORDS = re.compile(r"(?i)\b(?:isolation|dedicated|shared|schedule|window|hours|limit|cap|latency|bandwidth|devices?|"
                           r"reliability|rename|name)\b")


def without_empty_changes(raw: str, text: str) -> str:
    """``raw`` without a change that sets nothing under a name the text does not write, even run together, beside other
    parts (a help-desk aside, "Also my monitor flickers", read as "modify name=monitorers"), and with a lone change that
    sets nothing of a slice the text writes as its delete, where the text takes the slice itself down and speaks of none
    of its settings ("We don't need drone-feed any more ... Please take that slice down"; not "Switch off isolation on
    fan-zone")."""
    try:
        parts = parse(raw).intents
    except DecodeError:
        return raw
    empty = [k for k, (word, pairs) in enumerate(parts) if word == "modify" and set(pairs) <= {"name"}]
    if not empty:
        return raw
    if len(parts) == 1 and (name := parts[0][1].get("name")) and not made_up(name, text) and \
            SLICE_TAKEN_DOWN.search(text) and not SETTING_WORDS.search(text):
        return compact_form([("delete", {"name": name})])
    joined = re.sub(r"[^a-z0-9]", "", text.casefold())
    kept = [(word, pairs) for k, (word, pairs) in enumerate(parts) if k not in empty or not made_up(pairs.get("name", ""), text)
            or re.sub(r"[^a-z0-9]", "", pairs["name"].casefold()) in joined]  # "fanzone" for "Fan Zone"
    return compact_form(kept) if kept and len(kept) < len(parts) else raw


def compact_form(parts: list[tuple[str, dict[str, str]]]) -> str:
    """Parsed intents in the compact form again."""
    return " ; ".join(" ".join([word, *(f"{k}={v}" for k, v in pairs.items())]) for word, pairs in parts)


NAMES_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\b|&|\+)\s*")
"""What joins the names of a delete the model wrote as one ("fan-zone, crowd-cam and vip")."""


def one_name_each(raw: str, text: str) -> str:
    """``raw`` with a delete of names joined into one ("delete name=fireworks-crew and parade-embb", the text's "Delete
    fireworks-crew and parade-embb") written as one delete per name, where the text writes each name so, a name of
    several words of which the text writes one ("name=fray fireworks-crew") as that one, and the end of a name the text
    writes whole ("name=-party" for "after-party") as the whole, and a change the model left unnamed with the one name
    the text presents as a slice."""
    try:
        parsed = parse(raw)
    except DecodeError:
        return raw
    t, parts, split = text.casefold(), [], False
    def said(name: str) -> bool:
        return bool(whole_words(name.casefold(), t))
    for word, pairs in parsed.intents:
        names = [n for n in NAMES_JOINED.split(pairs.get("name", "")) if n]
        if word in ("delete", "modify", "create") and len(names) == 1 and " " in names[0] and \
                len(kept := [w for w in names[0].split() if said(w)]) == 1:
            parts.append((word, {**pairs, "name": kept[0]}))  # "name=fray fireworks-crew": a word the text lacks
            split = True
        elif word in ("delete", "modify") and len(names) == 1 and not said(names[0]) and len(whole := {
                w for w in re.findall(r"[a-z0-9][\w-]*", t) if w.endswith(names[0].casefold() if names[0].startswith("-")
                                                                   else "-" + names[0].casefold())}) == 1:
            parts.append((word, {**pairs, "name": whole.pop()}))  # "name=-party" for the text's "after-party"
            split = True
        elif word == "modify" and not names and len(presented := presented_slices(text)) == 1:
            parts.append((word, {"name": presented.pop(), **pairs}))  # "Add the port to meters ...": no name written
            split = True
        elif word == "delete" and len(names) > 1 and all(said(n) for n in names):
            parts += [(word, {**pairs, "name": n}) for n in names]
            split = True
        else:
            parts.append((word, dict(pairs)))
    if not split:
        return raw
    return compact_form(parts)


SWITCHED_TO = re.compile(r"(?:\b(?:to|into|become|becomes|as)|->|→|=>)\s*(?:an?\s+)?(embb|urllc|mmtc|miot|v2x)\b", re.I)


def _switched_itself(raw: str, text: str, found: re.Match[str]) -> bool:
    """Whether ``found`` switches the changed slice itself, said as what happens now: "lab-slice becomes urllc", not
    "the robot-cell slice becomes URLLC", "could it become urllc?", "if it becomes urllc later", "URLLC-grade"."""
    name = re.escape(raw.split()[1].removeprefix("name="))
    lo = max((m.end() for m in re.finditer(r"[.;!?\n]", text[:found.start()])), default=0)
    hi = next((m.start() for m in re.finditer(r"[.;!?\n]", text[found.end():])), len(text) - found.end()) + found.end()
    return bool(re.match(r"(?i)becomes?\b|into\b", found[0])) and \
        bool(re.search(rf"(?i)(?:(?<![\w-]){name}|\bit)(?:\s+slice)?\s+$", text[lo:found.start()])) and \
        not re.match(r"-", text[found.end():]) and not re.match(r"\s*\?", text[hi:]) and \
        not re.search(r"(?i)\b(?:if|when|once|unless|could|would|might|may|will|later|next|soon)\b", text[lo:hi])


def with_service(raw: str, text: str) -> str:
    """A change of one slice that the model left without its service, with the one service the text switches it to
    ("Switch truck-lane from V2X to URLLC" read as "modify name=truck-lane", "lab-slice becomes urllc with a 4 ms budget"
    as "modify name=lab-slice lat=4 ms"), not a switch it negates or tells as past."""
    if not re.match(r"modify name=\S+", raw.strip()) or re.search(r";|\bsvc=", raw) or \
            len(found := list(SWITCHED_TO.finditer(text))) != 1:
        return raw
    if not re.fullmatch(r"modify name=\S+", raw.strip()) and not _switched_itself(raw, text, found[0]):
        return raw  # beside a change the model wrote, only a switch said as such: "a: 5 Mbps, to V2X" may be a flow
    before = text[:found[0].start()]
    if meaning.negated(text.casefold(), found[0].start()) or re.search(r"\b(?:was|were|been|had|did)\b[^.;!?\n]*$", before, re.I):
        return raw  # "Do not switch it to URLLC", "it was moved to URLLC by mistake"
    return f"{raw.strip()} svc={found[0][1].casefold().replace('miot', 'mmtc')}"


SAME_AGAIN = re.compile(r"(?<!\bnot )(?<!\bnot the )(?<!\bnever the )\b(?:(?:the )?same(?: (?:arrangement|setup|set-up|thing|"
                        r"treatment|deal|settings|config|configuration))? (?:for|to|on|with|again)|likewise|ditto|"
                        r"as well for|too for)\b", re.I)
"""An intent asked again for other nodes, its values as before."""
NUMBERED_NODE = re.compile(r"(?i)\b(?:" + "|".join(sorted({re.escape(w) for ws in STEM_WORDS.items() for w in (ws[0], *ws[1])},
                                                             key=len, reverse=True)) + r")s?[\s#-]*\d+\b")
"""A node named by a number ("Hospital 1", "gnb-3"): no quantity."""
AS_BEFORE = ("bw", "lat", "rel", "dev", "iso", "time", "rate", "rounds", "strat", "eps", "epochs", "method", "cut")
"""What an intent asked again for other nodes takes from the ones before it when the model leaves it out; never whether a
rule may act on its own ("the same for B. There, ask me first")."""
RATE_UNIT = re.compile(r"\d\s*(?:[kmgt]bps|[kmgt]bit\w*|gigs?|megs?|[kmgt]b/s|gigabit\w*|megabit\w*)\b", re.I)
NOT_A_RATE = re.compile(r"\s*(?:fps|frames?|hz|hertz|fields?|ticks?|players?|seats?|cameras?|channels?)", re.I)
"""A unit after a figure that is no rate ("90 frames per second", "64 Hz")."""
_WORD = re.compile(r"\s+([^\s,;()]+)")
_READ = {"bw": units.bandwidth_mbps, "rate": units.bandwidth_mbps, "lat": units.latency_ms}
_CHANGED = {**_READ, "rel": units.reliability}
"""The quantities a change may write as old and new value (:func:`_changed_to`)."""


PER_EACH = re.compile(r"\s*(?:[a-z/]+\s+){0,2}?(?:each|apiece|per (?:device|sensor|tag|meter|plant|site|unit|vehicle|camera|"
                      r"head|user|collar|probe|buoy|factory|floor|hospital|cell))\b", re.I)
"""After a figure that counts one of several ("3,000 tags at 10 kbps each", "8,000 sensors per plant")."""
IN_ALL = r"(?:in all|in total|total|aggregate|altogether|overall|combined|together)"


def _in_all(value: str, text: str, unit: str, reader: Callable[[str], Any]) -> str:
    """The larger figure ``text`` gives in all, where ``value`` is one it gives for each of several ("10 kbps each, 30
    Mbps in total"): the slice is sized for them all. ``unit`` is the pattern of the figure's unit ("" for a count)."""
    v = re.escape(value.strip())
    if not any(PER_EACH.match(text, m.end()) for m in re.finditer(rf"(?i)(?<![\w.,]){v}(?![\w.,])", text)):
        return value
    totals = re.findall(rf"(?i)(?<![\w.,])(\d[\d,.]*\s*k?{unit})\s+(?:[a-z]+\s+)?{IN_ALL}\b", text)
    try:
        larger = len(totals) == 1 and reader(totals[0]) > reader(value)
    except (units.Unreadable, units.InvalidValue, ValueError):
        return value
    return totals[0] if larger else value  # "2,000 meters per site, 2 sites in total": no total of meters


def _as_written(value: str, text: str, reader: Callable[[str], Any]) -> str:
    """``value`` with the words that follow it in ``text`` as far as ``reader`` still reads it, when the text
    writes it once: the model cuts quantities short ("rate=a tenth" for "a tenth of a terabit", "750000" for "750 000
    kbps"); and the number it left out before it (:func:`_begun`)."""
    t, v = text.casefold(), value.strip().casefold()
    spots = [m.end() for m in re.finditer(rf"(?<![\w.]){re.escape(v)}(?![\w.])", t)]
    if not spots and re.fullmatch(r"\d{4,}", v):  # "750000" of "750 000 kbps"
        v = f"{int(v):,}".replace(",", " ")
        spots = [m.end() for m in re.finditer(rf"(?<![\w.]){re.escape(v)}(?![\w.])", t)]
    if len(spots) != 1:
        return value
    best, at, span = value, spots[0], v
    for _ in range(5):
        if not (m := _WORD.match(t, at)):
            break
        at, span = m.end(), f"{span} {m.group(1)}"
        try:
            reader(span)
        except (units.Unreadable, units.InvalidValue):
            continue
        best = span
    return _begun(best, text, reader)


def _begun(value: str, text: str, reader: Callable[[str], Any]) -> str:
    """``value``, a fraction, with the number before an "and" that the model left out of it, when the text writes it
    once ("a half thousand" of "two and a half thousand"; not "three thousand" of "between two and three thousand")."""
    t, v = text.casefold(), value.strip().casefold()
    if len(spots := [m.start() for m in re.finditer(rf"(?<![\w.]){re.escape(v)}(?![\w.])", t)]) != 1:
        return value
    before = t[:spots[0]].split()[-2:]
    if len(before) < 2 or before[1] != "and" or before[0] not in NUMBER_WORDS or \
            not re.match(r"(?:an? )?(?:half|quarter|third|three quarters)\b", v):
        return value
    try:
        reader(span := " ".join([*before, v]))
    except (units.Unreadable, units.InvalidValue):
        return value
    return span


def _written_as(value: str, text: str, reader: Callable[[str], Any]) -> str:
    """``value`` as the text writes it when the text holds it in other words: the one span of up to six words that
    reads the same ("three gigabits" for the model's "3 gigabits"); ``value`` itself when there is none or several."""
    try:
        if _squeeze(value) in _squeeze(text) or (want := reader(value)) is None:
            return value
    except (units.Unreadable, units.InvalidValue):
        return value
    words = text.split()
    spans = set()
    for i in range(len(words)):
        for j in range(i + 1, min(i + 7, len(words) + 1)):
            span = " ".join(words[i:j]).strip(",;:.()")
            try:
                if span and reader(span) == want:
                    spans.add(span)
            except (units.Unreadable, units.InvalidValue):
                continue
    longest = {s for s in spans if not any(s != o and s in o for o in spans)}
    return longest.pop() if len(longest) == 1 else value


STILL_OPEN = (r"\b(?:not|never|don'?t|do not|won'?t|if|later|next|may|might|could|would|asked|rejected|once|when|until|"
              r"maybe|perhaps|plan\w*)\b|n't\b")
"""Words that leave a change open or refuse it ("never bump it to 2 Gbps", "we may lower it to four nines")."""


def _changed_to(value: str, text: str, reader: Callable[[str], Any]) -> str:
    """The new value of a change the text writes once ("max latency from 20 ms to 8 ms", "2 Gbps -> 3 Gbps",
    "0.99999 (was 0.9999)", "is over-provisioned at five nines. Drop it to four nines", nothing between that leaves the
    change open: :data:`STILL_OPEN`): the model often copies the old one."""
    t, v = text.casefold(), value.strip().casefold()
    spaced = r"\s*".join(map(re.escape, v.split()))  # "1 Gbps" is also "1Gbps"
    if len(re.findall(rf"(?<![\w.]){spaced}(?!\w|\.\d)", t)) != 1:
        return value
    if m := re.search(rf"(?<![\w.])(\S+(?:\s+\S+){{0,2}})\s*\(\s*(?:was|previously|formerly|old|currently)\s*:?\s*"
                      rf"{spaced}\s*\)", t):
        words = m[1].split()[::-1]  # the new value is written before the old one in brackets
        spans = [" ".join(words[:n][::-1]).strip(",;:.()") for n in (3, 2, 1)]
    elif m := re.search(rf"(?:\bfrom\s+{spaced}\s+(?:(?:down|up)\s+)?to|(?<![\w.]){spaced}\s*(?:->|→|=>|⇒))\s*(?=\d)", t):
        words = t[m.end():].split()
        spans = [" ".join(words[:n]).strip(",;:.()") for n in (3, 2, 1)]
    elif not re.search(rf"\bto\s+{spaced}", t) and (m := re.search(
            rf"\b(?:at|is|are|currently|sits at|runs at)\s+{spaced}(?!\w)(?:(?!{STILL_OPEN})[^.;!?\n])*[.;!?]?\s*"
            rf"(?:(?!{STILL_OPEN})[^.;!?\n]){{0,40}}?\b(?:{meaning.MODIFY}|drop\w*|cut\w*|bring\w*|take\w*|put\w*)\s+"
            rf"(?:it|this|that|them)\s+(?:(?:back\s+)?(?:down|up)\s+)?to\s+(?!{STILL_OPEN})", t)):
        words = t[m.end():].split()  # "X is over-provisioned at five nines. Drop it to four nines"; not "... to 1.2 Gbps and
        spans = [" ".join(words[:n]).strip(",;:.()") for n in (3, 2) if len(words) >= n]  # relax it to 30 ms"
    else:
        return value
    for span in spans:
        try:
            reader(span)
        except (units.Unreadable, units.InvalidValue):
            continue
        return span
    return value


RELIABILITY_WORD = re.compile(r"(?i)reliab|availab|nines|%|percent|uptime|\bsla\b")
"""Words of a text that speaks of a reliability."""


def fit_quantities(raw: str, text: str) -> str:
    """``raw`` with its quantities as the text writes them (:func:`_as_written`), a bandwidth the text writes as such
    taken for a reliability ("rel=300" for "cctv-f2 bandwidth to 300") written as the bandwidth, a rate written as the device
    count moved to the bandwidth ("bw=40 dev=400 mbps" for "40 devices, 400 Mbps"), a count the model
    also wrote as the bandwidth ("bw=2k dev=2k" for "2k trucks") kept as the count only, a bandwidth the text writes as
    frames or hertz (:data:`NOT_A_RATE`) and a count that is a video resolution ("8K") left out, a count that is a time
    of day ("dev=9pm") as the one count of devices the text writes, a window written as the bandwidth as the window, a
    change of nothing beside other parts left out where its "slice" is only a value the text sets ("... to FanZone-5G"),
    a new slice's figure for each of several as the one the text gives in all (:func:`_in_all`), an old value the text
    changes written as the new one in a modify (:func:`_changed_to`; an isolation "from dedicated to shared" too), and
    a quantity the text does not write, of an intent the text asks again ("the same for B"), the one its twins take from
    the text."""
    try:
        parsed = parse(raw)
    except DecodeError:
        return raw
    if not parsed.intents:
        return raw  # a refusal ("!unsafe")
    parts = []
    one_place = len({p.get("at") for w, p in parsed.intents if w == "create"}) == 1  # no slices one per site: a total is one's
    for word, pairs in parsed.intents:
        pairs = dict(pairs)
        if word == "modify" and set(pairs) == {"name"} and len(parsed.intents) > 1 and \
                pairs["name"] not in RUNNING.get() | presented_slices(text) and \
                (spots := [m.start() for m in whole_words(pairs["name"], text.casefold())]) and \
                all(re.search(r"\bto\s+$", text[:at]) for at in spots):
            continue  # "Change the SSID on our controller to FanZone-5G, and ... create an eMBB slice": a value, no slice
        if "bw" in pairs and re.fullmatch(r"\d{1,2}:\d\d\s*-\s*\d{1,2}:\d\d", pairs["bw"].strip()):
            pairs.setdefault("time", pairs["bw"])  # "bw=22:00-06:00": a window
            del pairs["bw"]
        if RATE_UNIT.search(pairs.get("dev", "")) and not RATE_UNIT.search(pairs.get("bw", "")):
            pairs["bw"], pairs["dev"] = pairs["dev"], pairs.get("bw", "")
            if not pairs["dev"]:
                del pairs["dev"]
        if "bw" in pairs and not RATE_UNIT.search(pairs["bw"]) and (said := re.findall(
                rf"(?<![\w.,]){re.escape(pairs['bw'].strip())}(?![\w.,])(\s*[a-z]*)", text, re.I)) and \
                all(NOT_A_RATE.fullmatch(unit) for unit in said):
            del pairs["bw"]  # "records at 90 frames per second" read as a bandwidth of 90
        if CLOCK.search(pairs.get("dev", "")) and len(counts := DEVICES.findall(text)) == 1:
            pairs["dev"] = counts[0]  # "max 30000 devices, 9pm to 7am" read as dev=9pm
        if RESOLUTION.fullmatch(dev := pairs.get("dev", "").strip()) and \
                all(VIDEO_FORMAT.match(text, m.start()) for m in re.finditer(rf"(?i)(?<![\w.,]){re.escape(dev)}(?!\w)", text)):
            del pairs["dev"]  # "volumetric 8K of the concert" read as 8,000 devices
        if "rel" in pairs and "bw" not in pairs and not RELIABILITY_WORD.search(text) and re.search(
                rf"(?i)\b(?:bandwidth|bw|throughput)\s+(?:to|of|at|=|:)?\s*{re.escape(pairs['rel'].strip())}(?![\w.%])", text):
            pairs["bw"] = pairs.pop("rel")  # "cctv-f2 bandwidth to 300" read as a reliability of 300
        if "dev" in pairs and pairs.get("bw", "").strip() == pairs["dev"].strip() and \
                len(re.findall(rf"(?<![\w.]){re.escape(pairs['dev'].strip())}(?![\w.])", text, re.I)) == 1:
            del pairs["bw"]
        pairs = {k: _as_written(_written_as(v, text, _READ[k]), text, _READ[k]) if k in _READ else v for k, v in pairs.items()}
        if "dev" in pairs:
            pairs["dev"] = _begun(pairs["dev"], text, units.count)
            if pairs.get("lat", "").strip() == pairs["dev"].strip() and not re.search(
                    rf"(?<![\w.]){re.escape(pairs['dev'].strip())}\s*(?:ms|msec|millisec\w*|s|sec\w*|µs|us)\b", text, re.I):
                del pairs["lat"]  # "an mMTC slice for 8000 runner trackers": a count, not 8000 ms
        if word == "create" and "dev" in pairs and one_place:
            pairs["dev"] = _in_all(pairs["dev"], text, "", lambda v: units.count(v, "max_devices"))
        if word == "create" and "bw" in pairs and one_place:
            pairs["bw"] = _in_all(pairs["bw"], text, r"\s*(?:[kmg]bps|[kmg]bit/s)", units.bandwidth_mbps)
        if word == "modify":
            pairs = {k: _changed_to(v, text, _CHANGED[k]) if k in _CHANGED else v for k, v in pairs.items()}
            if (iso := pairs.get("iso", "").strip()) and len(re.findall(rf"(?i)\b{re.escape(iso)}\b", text)) == 1 and \
                    (to := re.search(
                    rf"(?i)(?:^|[.;:!?\n]\s*|\b(?:and|then|please|pls|just|now)\s+)(?:switch|move|chang|downgrad|upgrad|tak|"
                    rf"set|convert|put|turn)\w*\s+(?:[\w-]+\s+){{0,3}}?from\s+{re.escape(iso)}\s+to\s+(dedicated|shared)\b",
                    text)):
                pairs["iso"] = to[1].casefold()  # "Switch crane-ctl from dedicated to shared isolation", an order
        parts.append((word, pairs))
    again = SAME_AGAIN.search(text)
    if again and re.search(r"\b(?:but|except|at|twice|half|double|triple|more|less)\b|\d",
                           NUMBERED_NODE.sub(" ", re.split(r"[.;!?\n]", text[again.end():])[0])):
        again = None  # "the same for B but at twice that rate": the model's own reckoning
    squeezed = _squeeze(text)
    for word, pairs in parts:  # "throttle A at 1 Gbps, then do the same for B": B's rate is A's, not one the model made up
        for k, v in pairs.items():
            if k in _READ and again and _squeeze(v) not in squeezed and \
                    len(said := {p[k] for w, p in parts if w == word and k in p and _squeeze(p[k]) in squeezed}) == 1:
                pairs[k] = said.pop()
    for i, (word, pairs) in enumerate(parts[1:] if again else [], 1):  # "... 20 Mbit/s, 10 ms. Exactly the same for
        for k in AS_BEFORE:  # Hospital 1": its latency too
            if k not in pairs and len(said := {p.get(k) for w, p in parts[:i] if w == word}) == 1 and \
                    (value := said.pop()) is not None:
                pairs[k] = value
    return compact_form(parts)


def joined(parts: list[tuple[str, list[dict[str, Any]]]]) -> tuple[str, list[dict[str, Any]]]:
    """The clauses' outputs as one: their compact forms joined, their intents without repeats."""
    intents: list[dict[str, Any]] = []
    for _, got in parts:
        intents += [ir for ir in got if ir not in intents]
    return " ; ".join(raw for raw, _ in parts), intents


def _key(ir: dict[str, Any]) -> str:
    """What an intent is about, without its values: its kind and its ends, sites, name or trigger; a named new slice's
    name alone (one name, one slice: a second reading of it elsewhere is no second slice)."""
    if ir["kind"] == "slice.create" and ir.get("name"):
        return json.dumps([ir["kind"], ir["name"]])
    return json.dumps([ir["kind"], *(ir.get(k) for k in ("src", "dst", "sites", "name", "trigger", "nodes", "topic", "target"))])


def merge(kept: list[dict[str, Any]], more: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``kept`` with the intents of ``more`` about something it leaves out; an intent that says all a kept one says
    and more replaces it, one that says otherwise about the same thing is left out (a correction's earlier value)."""
    out = list(kept)
    for ir in more:
        same = [i for i, k in enumerate(out) if _key(k) == _key(ir)]
        if not same:
            out.append(ir)
        elif len(same) == 1 and out[same[0]].items() <= ir.items():
            out[same[0]] = ir
    return out


def spelled_ids(raw: str) -> str:
    """``raw`` with numbered ids listed after one name written out ("at=hospital-1,2" -> "at=hospital-1,hospital-2")."""
    return re.sub(r"\b([a-z]+(?:-[a-z]+)*)-(\d+)((?:\s*,\s*\d+)+)(?=\s+[a-z]+=|\s*;|\s*$)",
                  lambda m: ",".join(f"{m.group(1)}-{n}" for n in [m.group(2), *re.findall(r"\d+", m.group(3))]), raw)


CONDITION = re.compile(r"(?:if|when|whenever|on|once|in case|should|after|as soon as)\b", re.I)


ASK_CUE = re.compile(r"\?|\b(?:please|pls|kindly|need|needs|want|wants|would like|must|should|shall|has to|have to|"
                     r"can you|could you|let's)\b|'d like", re.I)
TOLD = re.compile(r"(?i)^\W*(?:(?:subject|re|fwd?|hi|hello|dear|thanks|thank you|cheers|regards|kind regards|background|"
                  r"context|fyi|acceptance criteria)\b(?![^.;!?\n]*\b" + VERB + r")|"
                  r"(?:[\w .'-]{1,40}:\s*)?(?:we|they|he|she|(?:our|their|my)\s+[\w-]+(?:\s+[\w-]+)?)\s+"
                  r"(?!(?:also\s+)?(?:need|want|would|require|request|ask|expect|will|plan|hope|wish|say|said|tell|told)"
                  r"\w*\b)(?:(?!" + VERB + r")[a-z]+\b|(?=[^.;!?\n]*\b(?:every|each|usually|normally|always|often|daily|"
                  r"nightly|weekly)\b)))|"
                  r"\b(?:is|are|was|were)\s+(?!going to\b)[a-z]+ing\b|\b(?:was|were|has been|have been)\s+[a-z]+ed\b|"
                  r"^\W*i(?:\s+have|'ve)?\s+(?:already|just)\s+(?:checked|looked|verified|confirmed|seen|saw|reviewed|tested)\b"
                  r"(?=[^.;!?\n:]*,\s*(?:and\s+)?(?:nothing|all|everything|no)\b[^.;!?\n,:]*[.!]?\s*$)|"
                  r"^(?=[^.;!?\n]*(?<!\bas )(?<!\blike )(?<!\bthan )(?<!\bsince )(?<!\bas agreed )(?<!\bsame as )"
                  r"\b(?:last (?:week|night|month|time|year|season|weekend)|yesterday|the other day)\b)"
                  r"(?=[^.;!?\n]*\b(?!(?:shar|dedicat|limit|isolat|need|requir|request|plann|schedul|book|nam|call|agre|"
                  r"discuss)ed\b)[a-z]{3,}ed\b)(?![^.;!?\n]*,\s*(?:now|so|then|but|and)\b)")
"""A clause that tells, not asks (unless :data:`ASK_CUE`): a subject line, greeting or heading with no order in it ("Subject:
Stadium, end of season"), its writer's or tenant's own doings, after a label or not ("Hospital 1 imaging team: we move
large MRI studies to the cloud every evening", "Our campus hosts a hackathon"), what is going on or was done ("Visitors
at Hospital 2 are flooding the south MEC through gNodeB 4", "the fiber between agg-north and agg-south was repaired at
03h00", "FYI the federated run last week on the hospitals diverged with FedAvg", "I already checked the alarms on
agg-north, nothing there"). A clause-by-clause reading leaves it
out: read alone, the model makes an order of it."""


OPENS_WITH_ORDER = re.compile(r"(?i)^\W*(?:(?:please|pls|kindly|also|and|then|now|just|so)\s+)*(?:re)?" + VERB)
"""A clause that opens with an order ("Block telnet from gnb-3 to core-1, it is flooding the core")."""


def told(clause: str) -> bool:
    """Whether ``clause`` tells rather than asks (:data:`TOLD`): it opens with no order and asks nothing, and tells of
    a doing of its writer's own (an order verb only with a word of habit: "we move ... every evening"), or of what is
    going on or was done."""
    return not ASK_CUE.search(clause) and not OPENS_WITH_ORDER.match(clause) and bool(TOLD.search(clause))


OPEN_END = re.compile(r"(?:[,:]|\b(?:the|a|an|to|from|and|or|of|at|for|with|via|on|in|by|into|than))\s*$", re.I)
GOES_ON = re.compile(r"\s|[-*•]\s|(?:with|and|or|to|for|at|on|in|of|from|via|through|then|but|when|given|so|because|plus|"
                     r"[kmg]?bps|[kmg]bit\w*|ms)\b", re.I)
"""A line a request goes on over: the end of the one before is left open ("create a slice for\\nthe stadium", a heading
"desired_state:"), or it starts indented, as a list item or with a word that carries on ("\\nwith 5 ms latency",
Gherkin's "When"/"Then")."""


def request_clauses(text: str) -> list[str]:
    """The :func:`clauses` of each line of a request that ends a request, none going on over the next (:data:`GOES_ON`;
    "herd: 4.5k collars now\\npitwall: 99.999"), nor a condition without its action ("if X\\nisolate it"): lines are
    joined before the model reads them."""
    pieces: list[str] = []
    for line in text.splitlines():
        end = pieces[-1].rstrip()[-6:] if pieces else ""  # the last word and the character before it: linear in lines
        if pieces and (OPEN_END.search(end) or GOES_ON.match(line)
                       or CONDITION.match(pieces[-1].lstrip()) and end[-1:] not in tuple(".!?;")):
            pieces[-1] += "\n" + line
        elif line.strip():
            pieces.append(line)
    return [c for piece in pieces for c in clauses(one_line(piece))]


def clauses(text: str) -> list[str]:
    """The clauses of a one-line request: its ';'-separated parts (list items, :func:`one_line`), sentences, numbered
    or lettered items ("(1) ..., (2) ...", "(a) ...") after their heading ("Three things:"), comma-joined orders
    ("..., rate-limit X, and send me Y"), orders joined by "+", parts cut by "//", and by " / " where it cuts three
    parts of several words each."""
    # "1. stadium ... 2. ...", "(1) ... (2)", "(a) ... (b)", "a) ... b)": a first item and a second after it
    marker = re.search(r"(?:^|\s)(\(1\)|1[.)]|\(a\)|a\))\s(?=.*\s(?:\(2\)|2[.)]|\(b\)|b\))\s)", text)
    dotted = marker is not None and marker.group(1)[0] == "1"  # "2." may end an item's number, not a sentence
    sentence = r"(?<=[.!?])(?<!\s\d\.)(?<!^\d\.)\s+(?=[A-Za-z`*#>])" if dotted else r"(?<=[.!?])\s+(?=[A-Za-z`*#>])"
    kind = {"(1)": r"\(\d\)", "(a)": r"(?-i:\([a-h]\))", "a)": r"(?-i:[a-h]\)\s)"}.get(
        marker.group(1) if marker else "", r"\d[.)]\s")
    item = rf"|[,:]?\s+(?:and\s+)?(?={kind})" if marker else ""
    out: list[str] = []
    if marker and text[:marker.start()].rstrip().endswith(":"):  # "Three things: (1) ...": the heading is no request
        text = text[marker.start():]
    cut = re.split(r"\s/\s", text)  # "fan-zone 1.2 gig / crowd-cams 600 meg / ...", not "hospital-1 / hospital-2 / ..."
    slashes = r"|\s+/\s+" if len(cut) > 2 and all(len(part.split()) > 1 for part in cut) else ""
    cuts = rf"\s*;\s*|\s+//\s+{slashes}|\s+\+\s+(?={VERB})|{sentence}{item}|,\s*(?:and |then |also |plus )?(?={VERB})"
    for c in re.split(cuts, text, flags=re.I):
        if out and CONDITION.match(out[-1]) and not re.search(r"[.!?;]$", out[-1]):
            out[-1] = f"{out[-1]}, {c}"  # "if the link is congested, reroute it" is one clause
        elif c.strip(" .;,"):
            out.append(c)
    return out


def spoken_of(name: str, text: str) -> bool:
    """Whether ``text`` speaks of ``name``, an unknown node the model wrote: "gnb-12" of "gNodeB twelve"
    or "the 12th gNB", "agg-west" of "the west aggregation switch", "airport" of "the airport", "police-hq" of "the
    police headquarters". One it
    does not ("site-1" for "the tenant sites", "core-3" next to "gnb-3", a bare number, a role that
    does not exist) is the model's slip, not ``unknown_entity``."""
    t, name = text.casefold(), name.casefold()
    words = set(re.findall(r"[a-z0-9]+", t))
    if name.startswith("role:") or name.isdigit():
        return False

    def forms(stem: str) -> set[str]:
        return {stem, stem.rsplit("-", 1)[-1], *(w.casefold() for w in STEM_WORDS.get(stem, ()))}

    m = re.fullmatch(r"([a-z][a-z-]*)-(\d+)", name)
    if m:
        n = int(m.group(2))
        numbers = {str(n)} | ({number_word(n)} if n < 100 else set())
        ordinals = {ordinal_suffix(n)} | ({ORDINALS[n]} if n < len(ORDINALS) else set())
        spelt = [" ".join(m.group(1))] if len(m.group(1)) <= 4 and m.group(1).isalpha() else []  # dictation's "g n b 12"
        stem = "|".join(map(re.escape, sorted([*forms(m.group(1)), *spelt], key=len, reverse=True)))
        plurals = "|".join(re.escape(plural(f)) for f in forms(m.group(1)))
        for lo, hi in re.findall(rf"\b(?:{stem}|{plurals})\W*(\d+)\s*(?:to|through|thru|until|-|–|\.\.)\s*"
                                 rf"(?:(?:{stem})\W*)?(\d+)\b", t):
            if int(lo) <= n <= int(hi):  # "cells 7 to 10", "gnb-7..gnb-10" speak of gnb-9
                return True
        return re.search(rf"\b(?:{stem})\W*(?:number\W*|#)?(?:{'|'.join(numbers)})\b"
                         rf"|\b(?:{'|'.join(ordinals)})\W+(?:{stem})", t) is not None
    return all(w in words or any(f in t for f in forms(w)) or any(_shortened(w, x) for x in words)
               for w in re.findall(r"[a-z0-9]+", name))


def named_as_node(name: str, text: str) -> bool:
    """Whether ``text`` names ``name``, an unknown node the model wrote, as a node (:func:`spoken_of`), not a quantity
    ("at=300 mbps" for "an eMBB slice at 300 Mbps")."""
    return not QUANTITY_NODE.fullmatch(name) and spoken_of(name, text)


QUANTITY_NODE = re.compile(r"(?i)\d+(?:[.,]\d+)?-?(?:[kmgt]?bps|[kmgt]bit\S*|ms|gigs?|megs?|devices?|%|percent)")
"""A node the model wrote that is a quantity of the text ("300-mbps")."""


def unnamed_node(name: str, text: str) -> bool:
    """Whether ``text`` writes nothing of ``name``, a node the model guessed: not even the last part of it, hyphens and
    spaces aside ("new-town" for "for the new customer"; "hangar2" of "hangar-2" and "5g-lab" of "the 5G lab" are
    written)."""
    head = re.split(r"[-\s]", name.casefold())[-1]
    return bool(head) and head not in re.sub(r"[-\s]", "", text.casefold())


def _shortened(short: str, word: str) -> bool:
    """Whether ``short`` is a short form of ``word`` ("hq" of "headquarters", "dept" of "department"): its first letter,
    then its other letters in order."""
    it = iter(word[1:])
    return 2 <= len(short) <= 4 and short.isalpha() and len(word) > len(short) and word[0] == short[0] and \
        all(ch in it for ch in short[1:])


RUNNING: ContextVar[frozenset[str]] = ContextVar("running_slices", default=frozenset())
"""The running slices' names during one translation (per thread: one translator serves concurrent requests)."""
LIST_FIELDS = ("sites", "nodes")
"""Where a group the text enumerates is completed: a slice's sites and a learning job's nodes, never a closed-loop
scope (a wider scope would isolate or throttle more than was asked)."""
ENDPOINTS = ("src", "dst", "target")
"""The single ends of an intent a group completes with one intent per member."""
ID_RANGE = re.compile(r"\b([a-z]+)-(\d+)\s+(?:to|through|thru|until)\s+\1-(\d+)\b")
"""Ids written as a range ("gnb-6 to gnb-8"): a group where a list is asked for (the nodes of a learning job), unless
an intent has its first and last ids as the ends of a flow (:func:`complete_groups`)."""
PLURAL_STEM = re.compile(r"[a-z]+s\b")


def complete_groups(intents: list[dict[str, Any]], groups: Iterable[list[str]], ends: Iterable[list[str]] = (),
                    exempt: Collection[str] = (), text: str = "") -> list[dict[str, Any]]:
    """Slice sites and job nodes with every member of a group the text enumerates ("gNodeB 1, 2 and 3", "cells 2
    to 5") that they hold part of: a 270M model often keeps the first member only. A group of ``ends`` ("gnb-1
    through gnb-4", "the port, the farm and the stadium", "both factories") whose other members no intent names
    also completes a single end ("gnb-1 through gnb-4 must reach core-1": one route per member); never with a node
    the text exempts, nor with a group whose first and last members are the ends of a flow ("gnb-1 to gnb-3"); flows
    between two groups of ends the text names as groups ("neither factory ... either hospital") are crossed in full
    unless ``text`` pairs them ("respectively", "one each", "only")."""
    flows = [{ir["src"], ir["dst"]} for ir in intents if {"src", "dst"} <= set(ir)]
    groups = [g for g in groups if {g[0], g[-1]} not in flows]  # "route gnb-1 to gnb-3" is a flow, not a list
    for ir in intents:
        for field in (f for f in LIST_FIELDS if f in ir):
            for group in groups:
                if set(ir[field]) & set(group) and not set(group) - set(exempt) <= set(ir[field]):
                    ir[field] = list(dict.fromkeys([*ir[field], *(n for n in group if n not in exempt)]))
    for group in (g for g in ends if {g[0], g[-1]} not in flows):
        named = {r for ir in intents for r in references(parse_intent(ir))}
        missing = [n for n in group if n not in named and n not in exempt]
        if not missing or len(missing) == len(group):
            continue
        for field in ENDPOINTS:
            if like := [ir for ir in intents if ir.get(field) in group]:
                intents += [{**ir, field: node} for ir in like if ir[field] == like[0][field] for node in missing]
                break
        else:
            for ir in (ir for ir in intents for f in LIST_FIELDS if set(ir.get(f, ())) & set(group)):
                for f in (f for f in LIST_FIELDS if f in ir):
                    ir[f] = list(dict.fromkeys([*ir[f], *missing]))
    if re.search(r"\b(?:respectively|correspondingly|in that order|pairwise|one each|only)\b", text, re.I):
        return intents
    by_name = [g for g in ends if {g[0], g[-1]} not in flows and not all(_by_id(n, text) for n in g)]
    return _crossed(intents, by_name, exempt)


def members_not_role(intents: list[dict[str, Any]], groups: list[list[str]], text: str,
                     g: nx.Graph) -> list[dict[str, Any]]:
    """Slice sites and job nodes with the role whose members the text enumerates as those members ("on the gNodeBs 1 to
    4" read as role:ran), where the text never speaks of a whole group ("all", "every", "each") nor leaves members out
    ("not gnb-1 to gnb-4", "except", "other than")."""
    if not groups or re.search(r"\b(?:all|every|each|whole|entire|not|no|never|except\w*|exclud\w*|other than|but|without|"
                               r"apart from|besides|save|minus|skip\w*)\b", text, re.I):
        return intents
    for group in groups:
        if len(roles := {g.nodes[n].get("role") for n in group if n in g}) != 1 or \
                set(group) >= set(nodes_by_role(g, role := next(iter(roles)))):  # "gnb-1 to gnb-8": the role
            continue
        role = f"role:{role}"
        for ir in intents:
            for field in (f for f in LIST_FIELDS if role in ir.get(f, ())):
                ir[field] = list(dict.fromkeys(n for m in ir[field] for n in (group if m == role else [m])))
    return intents


def _by_id(node: str, text: str) -> bool:
    """Whether ``text`` writes ``node`` by its id ("factory-1"), which may pair it with one other node."""
    return bool(whole_words(node, text, re.I))


def _crossed(intents: list[dict[str, Any]], ends: list[list[str]], exempt: Collection[str]) -> list[dict[str, Any]]:
    """Every flow from each member of one group of ends to each member of another, when the intents go from the one to
    the other ("Neither factory may reach either hospital" read as factory-1 -> hospital-2 and factory-2 -> hospital-1)."""
    have = {json.dumps(ir, sort_keys=True) for ir in intents}
    for ir in list(intents):
        pair = [next((g for g in ends if ir.get(f) in g), None) for f in ("src", "dst")]
        if pair[0] is None or pair[1] is None or pair[0] == pair[1]:
            continue
        for src in (n for n in pair[0] if n not in exempt):
            for dst in (n for n in pair[1] if n not in exempt and n != src):
                if (key := json.dumps({**ir, "src": src, "dst": dst}, sort_keys=True)) not in have:
                    have.add(key)
                    intents.append({**ir, "src": src, "dst": dst})
    return intents


def _members(values: list[str], g: nx.Graph) -> list[str]:
    """The nodes a node list holds, its roles written out as their members, in order, once each."""
    return list(dict.fromkeys(m for v in values for m in (resolve(g, v) if v.startswith("role:") else [v])))


def _lists(ir: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """An intent's node lists, each with the dict that holds it: slice sites, job nodes, a closed-loop rule's scope."""
    lists = [(ir, f) for f in LIST_FIELDS if f in ir]
    if "scope" in ir.get("trigger", {}):
        lists.append((ir["trigger"], "scope"))
    return lists


def without_exempt(intents: list[dict[str, Any]], exempt: set[str], g: nx.Graph,
                   only_exempt: Collection[str] = ()) -> list[dict[str, Any]]:
    """Intents with a role the text takes nodes out of ("every site except the stadium", "all gNBs but gnb-4") written
    as its other members: the model keeps the role (a list field) or the role and the exempt node alike, or writes the
    exempt node out beside its siblings ("cells 6 to 8 except gnb-7"); a route does not avoid a node the text exempts
    from its ends' group ("every edge except edge-south must have a path to core-2")."""
    out = []
    for ir in intents:
        for holder, field in _lists(ir):  # a narrower closed-loop scope acts on less, never more
            members = _members(holder[field], g)
            out_of = exempt if any(v.startswith("role:") for v in holder[field]) else set(only_exempt)
            if set(members) & out_of and set(members) - out_of:  # "all hospitals except hospital 2" read as both
                holder[field] = [m for m in members if m not in out_of]
        role = next((f for f in ENDPOINTS if str(ir.get(f, "")).startswith("role:") and set(resolve(g, ir[f])) & exempt
                     and set(resolve(g, ir[f])) - exempt), None)
        ends = {g.nodes[n].get("role") for f in ENDPOINTS if ir.get(f, "any") != "any" for n in resolve(g, ir[f])}
        if exempted := [n for n in ir.get("avoid", ()) if n in exempt and g.nodes[n].get("role") in ends]:
            ir["avoid"] = [n for n in ir["avoid"] if n not in exempted]
            if not ir["avoid"]:
                del ir["avoid"]
        out += [{**ir, role: m} for m in resolve(g, ir[role]) if m not in exempt] if role else [ir]
    return [ir for ir in out if not any(ir.get(f) in exempt and any(  # "cells 6 to 8 except gnb-7" written out in full
        o is not ir and o.get(f) not in exempt and {**o, f: ir[f]} == ir for o in out) for f in ENDPOINTS)]


POINTED_BACK = re.compile(r"\b(?:it|its|it's|that|this|ones?|them|they|their|straggler|remaining|missing|last)\b")
"""Words that point back to a node the text took out of a group ("every edge except edge-south is fine; route the
missing one"): the flow is that node's after all."""


def carved(intents: list[dict[str, Any]], carve_outs: list[tuple[str, set[str], int]], g: nx.Graph,
           text: str = "") -> list[dict[str, Any]]:
    """Slice sites, job nodes, closed-loop scopes and flow ends written as part of a group with members the text takes
    out of it ("every edge except edge-north" read as edge-north, or edge-north and edge-east; :attr:`meaning.Reading.
    carve_outs`): the group's other members (the model often writes only the exception, the opposite of what was asked;
    a flow end becomes one intent per member, where ``text`` points back to no node after the exception). Only where the
    text makes one such exception of that group, and a list becomes the whole group only where the text names the group
    once."""
    once = [(role, out, times) for role, out, times in carve_outs if [r for r, _, _ in carve_outs].count(role) == 1]
    t, carved_out = text.casefold(), []
    alone = len({ir["kind"] for ir in intents}) == 1  # one kind of ask: the carve-out's (not "... And block X")
    for ir in intents:
        for holder, field in _lists(ir):
            listed = set(_members(holder[field], g))
            for role, out, times in once:
                members = resolve(g, role)
                rest = [m for m in members if m not in out]
                if listed & out and listed <= set(members) and (listed != set(members) or times == 1) or \
                        text and alone and listed < set(rest) and not any(worded(n, t) for n in listed):
                    holder[field] = rest  # the exception, or some of the others the text never names
        end = next(((f, role, out) for f in ("src", "dst") for role, out, _ in once if ir.get(f) in out), None)
        if end is None or not text or POINTED_BACK.search(t, t.rfind(ir[end[0]])):
            carved_out.append(ir)
            continue
        field, role, out = end
        carved_out += [{**ir, field: m} for m in resolve(g, role) if m not in out and m not in (ir.get("src"), ir.get("dst"))]
    return _all_but(carved_out, once, g, t) if text and alone else carved_out


def _all_but(intents: list[dict[str, Any]], once: list[tuple[str, set[str], int]], g: nx.Graph,
             t: str) -> list[dict[str, Any]]:
    """Flows from (or to) every member of a group but those the text takes out, where the model wrote some of the
    others and the text names none of them ("every site except the hospitals is limited to 100 Mbps" read as two of
    the six sites); for intents of one kind only, the carve-out's."""
    for role, out, _ in once:
        rest = [m for m in resolve(g, role) if m not in out]
        for f, other in (("src", "dst"), ("dst", "src")):
            part = [ir for ir in intents if ir.get(f) in rest and not worded(ir[f], t)]
            for like in _by_rest(part, f):
                have = {ir[f] for ir in like}
                intents += [{**like[0], f: m} for m in rest if m not in have and m != like[0].get(other)]
    return intents


def _by_rest(intents: list[dict[str, Any]], field: str) -> list[list[dict[str, Any]]]:
    """``intents`` grouped by all they say but ``field``."""
    out: dict[str, list[dict[str, Any]]] = {}
    for ir in intents:
        out.setdefault(json.dumps({k: v for k, v in ir.items() if k != field}, sort_keys=True), []).append(ir)
    return list(out.values())


class Groups(NamedTuple):
    """What :func:`groups` reads of a text."""
    enumerated: list[list[str]]
    ends: list[list[str]]
    exempt: set[str]
    carve_outs: list[tuple[str, set[str], int]]
    unspoken: set[str]
    reading: meaning.Reading


def said_nodes(reading: meaning.Reading, listed: list[list[str]]) -> set[str]:
    """The nodes and role selectors the text names (its spans, read once per text) and the members of the groups it
    enumerates (``listed``)."""
    return {node for *_, node in reading.spans} | {n for nodes in listed for n in nodes}


def unspoken(grounder: Grounder, reading: meaning.Reading, listed: list[list[str]]) -> set[str]:
    """The numbered nodes the text (``reading``) never speaks of, though it enumerates others of their kind (``listed``,
    a range or a list: "gnb-4 to gnb-6"): gnb-2 beside that range (:meth:`meaning.Reading.sibling_for`)."""
    said = said_nodes(reading, listed)
    kinds = {n.rsplit("-", 1)[0] for nodes in listed for n in nodes}
    return {n for n in map(str, grounder.g) if n not in said and n.rsplit("-", 1)[0] in kinds and reading.sibling_for(n)}


def without_unspoken(intents: list[dict[str, Any]], away: set[str]) -> list[dict[str, Any]]:
    """The members of node lists the text never speaks of (``away``, :func:`unspoken`) taken out where others stay (the
    model adds a neighbour: "gnb-4 to gnb-6" read as gnb-4, gnb-2, gnb-6, gnb-5)."""
    for ir in intents:
        for holder, field in _lists(ir):
            if (kept := [n for n in holder[field] if n not in away]) and len(kept) < len(holder[field]):
                holder[field] = kept
    return intents


def beside_a_range(intents: list[dict[str, Any]], listed: list[list[str]], reading: meaning.Reading) -> list[dict[str, Any]]:
    """Node lists holding all of a group the text enumerates (``listed``: "gnb-5 to gnb-8") with more nodes of its kind
    that the text neither names, enumerates nor numbers, in a text with no word for more of them ("all", "every", "rest",
    "other", an ordinal, a compass point, a group in the plural): those taken out ("The gNodeB MCUs can't hold it, so
    split it: ... on gnb-5 to gnb-8" read with gnb-2 to gnb-4 too)."""
    if re.search(r"\b(?:all|every\w*|each|rest|others?|plus|first|second|third|last|north\w*|south\w*|east\w*|west\w*|"
                 r"serving|near|next to|beside)\b", reading.t) or \
            any(m[0].endswith("s") for words in meaning.GROUP.values() for m in words.finditer(reading.t)):
        return intents  # "... and the north cells", "... and the last gNB": more nodes said another way
    said = {*reading.where, *(n for nodes in listed for n in nodes)}
    said |= {n for ir in intents for holder, field in _lists(ir) for n in holder[field]  # "cells 2 to 3 and 6 to 7", "3-4-5"
             if re.search(rf"(?<![\w.]){re.escape(n.rsplit('-', 1)[-1])}(?![\w.])", reading.t)}
    for ir in intents:
        for holder, field in _lists(ir):
            values = holder[field]
            for group in listed:
                kind = {n.rsplit("-", 1)[0] for n in group}
                if set(group) <= set(values) and len(kind) == 1 and \
                        (kept := [n for n in values if n in said or n.rsplit("-", 1)[0] not in kind]) != values:
                    holder[field] = values = kept
    return intents


ANY_WORD = re.compile(r"\b(?:any(?!\s+of\s+(?:the|our|its|their)\b)\w*|"
                      r"all(?!\s+(?:\w+\s+)?(?:traffic|flows?|packets|protocols|ports|sessions))|"
                      r"every\w*|whole|entire|nobody|no ?one|nothing|outside|internet|external|where\w*|whatever|unknown|"
                      r"foreign|network-wide|regardless|sources?|hosts?|included|including|0\.0\.0\.0)\b|\*")
"""Words that open a flow's end to every node ("from anywhere", "all of them", "nobody", "the RAN included"); "any of
the edges" names a group."""
NO_MEMBER = re.compile(r"\bno(?=\s+(?:" + "|".join(n.casefold() for ns in ROLE_NOUNS.values() for n in ns) + r")s?\b)")
AS_END = re.compile(r"\b(?:every|from|to|into|towards?|reach\w*|of)\s+(?:the\s+|any of the\s+|all\s+)?$")
"""Before a group that is a flow's end: "no tenant site" (read as "every tenant site"), "to any of the edges"."""


def narrowed_any(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """Blocks and limits with an end ``any`` where the text opens no end to every node and names one group, which no
    intent uses ("no tenant site shall open SSH to core-1", "no ssh from campus to any of the edges"): that group, the
    end the model widened (a wider block stops traffic the operator did not ask to stop)."""
    t = fold(text)
    if ANY_WORD.search(t):
        return intents
    t = NO_MEMBER.sub("every", t)
    roles = {node for a, _, phrase, node in grounder.spans(t, roles=True) if node.startswith("role:")
             and (AS_END.search(t, max(0, a - 20), a) or phrase.startswith("every"))}
    used = set(re.findall(r"role:\w+", json.dumps(intents)))
    if len(roles) != 1 or roles & used:
        return intents
    return [{**ir, **{end: next(iter(roles)) for end in ("src", "dst") if ir.get(end) == "any"}}
            if ir["kind"] in ("sdn.block", "sdn.rate_limit") else ir for ir in intents]


OPEN_SIDE = re.compile(r"\b(?:any|anything|anywhere|anyone|everything|everywhere|whatever|whoever|wherever|all traffic)\b")
"""Words that leave one end of a flow open ("anything going out of the campus", "into factory-2, whatever the source")."""
OTHERS = re.compile(r"\b(?:any|every|all)\w*\s+(?:other|else)\b|\b(?:anything|everything|anyone|anywhere)\s+else\b")
"""The rest of the network beside what a text names ("any other traffic is fine"): no open end of the flow it asks."""
INTO = re.compile(r"\b(?:into|to|towards?|reach\w*)\s+(?:the\s+)?$")
"""Before the node a flow goes to ("into factory-2")."""


def opened_ends(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """Blocks and limits with an end the text leaves open (:data:`OPEN_SIDE`) written as ``any``: an end the model made up
    (a node the text names in no way, neither by itself nor as a member of a group it names), or the named end written
    on both sides ("block all traffic into factory-2, whatever the source" read as factory-2 -> factory-2)."""
    t = fold(text)
    if not OPEN_SIDE.search(OTHERS.sub(" ", t)):
        return intents
    mentions = grounder.mentions(text, roles=True)
    spoken = {m for _, node in mentions for m in (resolve(grounder.g, node) if node.startswith("role:") else [node])}
    spoken |= {n for nodes, _ in grounder.enumerations(text) for n in nodes} | {n for ns in grounder.lists(text) for n in ns}
    out = []
    for ir in intents:
        if ir["kind"] in ("sdn.block", "sdn.rate_limit"):
            if ir["src"] == ir["dst"] and ir["src"] in t:
                into = any(INTO.search(t[max(0, m.start() - 20):m.start()]) for m in re.finditer(re.escape(ir["src"]), t))
                ir = {**ir, ("src" if into else "dst"): "any"}
            ir = {**ir, **{end: "any" for end in ("src", "dst") if ir[end] in grounder.g and ir[end] not in spoken
                           and not worded(ir[end], t) and not _numbered_in(ir[end], t)}}
        out.append(ir)
    return out


def _numbered_in(node: str, t: str) -> bool:
    """Whether ``t`` writes the number of a numbered node, in figures or in words ("g n b 8", "g node b eight")."""
    if not (m := re.search(r"-(\d+)$", node)):
        return False
    n = int(m[1])
    return bool(re.search(rf"\b(?:{n}{'|' + number_word(n) if n < 100 else ''})\b", t))


DESTINATION_OPEN = re.compile(r"\b(?:to|towards?|into)\s+(?:any|every|all)\w*(?:\s+(?:destination|host|node|address|ip)s?)?\b|"
                              r"\b(?:to|towards?)\s+anywhere\b")
"""A destination left open ("to any destination", "to anything"): one end, not the whole network."""


def without_widened_twins(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Blocks and limits from any node to any node that repeat another of the output with one end named ("block udp/53
    from the farm to any destination" read as that block and the same from any to any), where the text opens no end
    but a destination (:data:`DESTINATION_OPEN`; no "all telnet", "globally", "from anywhere"): a wider copy stops
    traffic the operator did not ask to stop. Likewise a new slice on all sites that repeats one on the sites the text
    names, where it says no "all", "every" or "each"."""
    t = fold(text)
    if ANY_WORD.search(DESTINATION_OPEN.sub(" ", t)) or \
            re.search(r"\b(?:global\w*|across|network|ban\w*|outright|period|altogether|entirely|at all|in general)\b", t):
        return intents

    def rest(ir: dict[str, Any], ends: tuple[str, ...] = ("src", "dst")) -> dict[str, Any]:
        return {k: v for k, v in ir.items() if k not in ends}
    return [ir for ir in intents if not (ir["kind"] in ("sdn.block", "sdn.rate_limit") and ir.get("src") == ir.get("dst") == "any"
            and any(o is not ir and rest(o) == rest(ir) and "any" in (o.get("src"), o.get("dst")) for o in intents))
            and not (ir["kind"] == "slice.create" and ir.get("sites") == ["all"] and not re.search(r"\b(?:all|every|each)\b", t)
                     and any(o is not ir and rest(o, ("sites",)) == rest(ir, ("sites",)) for o in intents))]


MORE_SLICES = re.compile(r"(?i)\b(?:another|(?<!per )second(?!\s+(?:hospital|factory|core|gnb|gnodeb|edge|agg\w*)\b)|two|"
                         r"(?<!hospital )(?<!factory )(?<!core )(?<!gnb )(?<!gnodeb )"
                         r"2(?!\s*(?:[kmgt]?bit|[kmgt]?bps|gig|meg|ms\b|%|[.,]\d|k\b))|"
                         r"both|each|one more|a further|(?:and|plus|also)\s+(?:an?|one)\s+(?:[\w-]+\s+){0,3}?slice|"
                         r"other(?!\s+(?:tenants?|users?|customers?|traffic|operators?)\b)|slices)\b")
"""Words of a text that asks more than one new slice."""


def without_subsumed_slices(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """New slices that say nothing another new slice of the output does not: one for a device count, of a service the
    text names in no word ("an eMBB slice at the stadium for 60000 devices" read as that slice and an mMTC one at the
    stadium for 60000 devices), or one left unnamed beside the same slice named or with more said, in a text that asks one
    (:data:`MORE_SLICES`: "... call it ward-c" read as ward-c and ward-c again without its name and isolation): the model's
    echo of the slice asked for (no studied gold holds such a pair). Likewise a change of a slice that says all another
    change of it says but the sites ("Raise herd-tags to 5k devices and put the port on it too" read as that change
    twice, once without the sites)."""
    def named(service: str) -> bool:
        return any(whole_words(w, text, re.I) for w in SERVICE_WORDS[service])
    def rest(ir: dict[str, Any]) -> Any:
        return {k: v for k, v in ir.items() if k != "service"}.items()
    creates = [ir for ir in intents if ir["kind"] == "slice.create"]
    changes = [ir for ir in intents if ir["kind"] == "slice.modify"]
    return [ir for ir in intents if not (ir in creates and any(o is not ir and (
        "max_devices" in ir and not named(ir["service"]) and o["service"] != ir["service"] and rest(ir) <= rest(o)
        or "name" not in ir and ir.items() <= o.items() and ("name" in o or ir.items() != o.items())
        and not MORE_SLICES.search(text)) for o in creates)
        or ir in changes and any(o is not ir and ir.items() < o.items() and set(o) - set(ir) == {"sites"} for o in changes))]


def echo_joined(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """An unnamed new slice beside the one named new slice of its service and sites, in a text that asks one
    (:data:`MORE_SLICES`), joined into it where no setting differs ("records at 90 frames per second and pushes 1.2
    Gbit/s ... eMBB slice, call it volcap" read as volcap and an unnamed slice of 1.2 Gbit/s)."""
    named = [ir for ir in intents if ir["kind"] == "slice.create" and ir.get("name")]
    if len(named) != 1 or MORE_SLICES.search(text):
        return intents
    new = dict(named[0])
    echoes = [ir for ir in intents if ir["kind"] == "slice.create" and "name" not in ir and
              all(new.get(k, v) == v for k, v in ir.items())]
    for ir in echoes:
        new |= ir
    return [new if ir is named[0] else ir for ir in intents if not any(ir is e for e in echoes)]


SLICE_COUNT = re.compile(r"(?i)(?<![\w-])(two|three|four|2|3|4)\s+(?:new\s+)?(?:[\w-]+\s+)?slices\b")
"""A count of the new slices a text asks ("Two slices there: ...")."""


def counted_slices(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Unnamed new slices of one service and the same sites whose settings do not overlap joined into one, where the text
    counts fewer new slices than the output has ("Two slices there: eMBB at 250 Mbps, ...; and URLLC at 3 ms, shared,
    also 22:00-06:00" read as eMBB, URLLC and a URLLC slice with the window only)."""
    if re.search(r"(?i)\b(?:third|fourth|another|plus|further|one more|extra)\b", text):
        return intents  # "two URLLC slices ... and a third eMBB slice"
    creates = [ir for ir in intents if ir["kind"] == "slice.create"]
    said = {int(m[1]) if m[1].isdigit() else NUMBER_WORDS.index(m[1].casefold()) for m in SLICE_COUNT.finditer(text)
            if not re.search(r"(?i)\b(?:have|has|had|already|existing|current\w*|more|running|run|runs|today|live)\b",
                             text[slice(*meaning.sentence_around(text, m.start(), m.end()))]) and not SERVICE_NAMED.search(m[0])}
    if len(said) != 1 or len(creates) <= (n := said.pop()):
        return intents  # a count of one service's slices, of those running, or none
    out: list[dict[str, Any]] = []
    for ir in intents:
        twin = next((o for o in out if ir in creates and o["kind"] == "slice.create" and "name" not in o and "name" not in ir
                     and (o["service"], o["sites"]) == (ir["service"], ir["sites"])
                     and not set(o) & set(ir) - {"kind", "service", "sites"}), None)
        if twin is None:
            out.append(dict(ir))
        else:
            twin |= ir
    return out if sum(ir["kind"] == "slice.create" for ir in out) == n else intents


CHANGED_SLICE = re.compile(r"\b(?:give|set|change|modify|raise|lower|cut|bump|increase|reduce|move|extend|tighten|relax|"
                           r"on|for|of|to)\s+(?:the\s+)?$")
"""Before a slice's name the text changes ("give ship-to-shore 20 ms", "the latency of ship-to-shore")."""
USE_CASE_THING = re.compile(r"\s+(?:sensors?|devices?|corridors?|meters?|tags?|collars?|cameras?|feeds?|headsets?|robots?|"
                            r"vehicles?|drones?|trackers?|buoys?|gloves?)\b")
"""After a word that says what a use case connects ("20,000 soil sensors", "BVLOS drone corridor"), not a slice."""


def measures_of_the_new_slice(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one new slice of the output with the settings of a change of a slice that is none: the model took a use
    case's measure between two ends ("Motion-to-photon must stay under 20 ms") or the thing it connects ("about 20,000
    soil sensors", :data:`USE_CASE_THING`) for a slice's name, one no slice is running under and the text does not
    present as a slice (:data:`SLICE_NAMED`). The change goes; the settings the new slice lacks are the new slice's."""
    creates = [ir for ir in intents if ir["kind"] == "slice.create"]
    if len(creates) != 1:
        return intents
    t, presented = fold(text), presented_slices(text)

    def none(ir: dict[str, Any]) -> bool:
        name = str(ir.get("name", "")).casefold()
        said = whole_words(name, t) if name and name not in RUNNING.get() and name not in presented else []
        return bool(said) and ("-to-" in name or "-" not in name and all(USE_CASE_THING.match(t, m.end()) for m in said)) \
            and not any(CHANGED_SLICE.search(t, max(0, m.start() - 16), m.start()) for m in said)
    unnamed = [ir for ir in intents if ir["kind"] == "slice.modify" and none(ir)]
    if not unnamed:
        return intents
    new = dict(creates[0])
    for ir in unnamed:
        new |= {k: v for k, v in ir.items() if k not in new and k not in ("kind", "name", "sites")}
    return [new if ir is creates[0] else ir for ir in intents if not any(ir is u for u in unnamed)]


def without_invented_waypoints(intents: list[dict[str, Any]], text: str, g: nx.Graph) -> list[dict[str, Any]]:
    """Routes without the waypoints the text never speaks of, by no word of the node nor of its group (true of all 2,030
    waypoints of the studied and template gold); a route so left bare beside another intent on the same flow is dropped
    where the text asks no route ("don't block it, just cap it" read as a cap and a route around agg-north)."""
    t, bared = fold(text), set()
    for i, ir in enumerate(intents):
        for field in [f for f in ("via", "avoid") if f in ir]:
            ir[field] = [n for n in ir[field] if worded(n, t)
                         or (role := f"role:{g.nodes[n].get('role')}") in meaning.GROUP and meaning.GROUP[role].search(t)]
            if not ir[field]:
                del ir[field]
                bared.add(i)
    flows = Counter((ir.get("src"), ir.get("dst")) for ir in intents)
    asks_route = meaning.ROUTE_WORDS.search(t)
    return [ir for i, ir in enumerate(intents) if not (i in bared and not asks_route and set(ir) == {"kind", "src", "dst"}
                                                       and flows[ir["src"], ir["dst"]] > 1)]


TROUBLED = re.compile(r"[ \t]+(?:is|are|keeps)\s+(?:getting\s+|being\s+)?(?:hammered|congested|overloaded|saturated|busy|down|"
                      r"flapping|failing|broken|full|maxed|dying|dead|unstable|lossy|melting)\b(?![^.;!?\n]*\b(?:back|again)\b)")
"""After a node the text tells of as in trouble ("east agg is getting hammered"): a reason to keep traffic off it."""
STOPPED_AROUND = re.compile(r"\b(?:stop|quit|cease|no longer)\s+(?:steer|rout|send|detour|divert)\w*\b"
                            r"(?:(?! - |\binstead\b)[^.;!?\n,—–])*\b(?:around|avoiding|away from|bypassing)\s+(?:the\s+)?$")
"""A detour the text stops ("You can stop steering the port's traffic to the cloud around agg-east")."""


def waypoints_asked(intents: list[dict[str, Any]], reading: meaning.Reading) -> list[dict[str, Any]]:
    """Routes without the waypoints the text names only otherwise: a node to pass that it tells of as in trouble ("route
    stadium -> cloud via agg-north, east agg is getting hammered"), or that is another route's source ("route edge-north to
    cloud-dc via agg-north then core-1, and edge-south to cloud-dc via ..." read with edge-south on the first route), a
    node to avoid whose detour the text stops ("stop steering the port's traffic around agg-east")."""
    t, where = reading.t, reading.where
    sources = {ir.get("src") for ir in intents if ir["kind"] == "sdn.route"}

    def only(node: str, test: Callable[[int, int], Any]) -> bool:
        return bool(where.get(node)) and all(test(a, b) for a, b in where[node])

    def passed(n: str) -> bool:
        return not only(n, lambda a, b: TROUBLED.match(t, b)) and not (
            n in sources and only(n, lambda a, b: re.match(r"\s+(?:to|->|→)\s", t[b:])))

    def avoided(n: str) -> bool:
        return not only(n, lambda a, b: STOPPED_AROUND.search(t, max(0, a - 120), a))
    for ir in [ir for ir in intents if ir["kind"] == "sdn.route"]:
        for field, keep in (("via", passed), ("avoid", avoided)):
            if field in ir:
                ir[field] = [n for n in ir[field] if keep(n)]
                if not ir[field]:
                    del ir[field]
    return intents


PATH_WORDS = re.compile(r"(?:paths|routes|(?:\d+|one|single|two|three|four|five|six|eight|several|multiple|second|another|"
                        r"a pair of)\s+(?:\w+\s+)?(?:paths?|routes?|ways?)|"
                        r"(?<![\w-])(?:\d+|one|two|three|four|five|six|eight)-(?:paths?|routes?)\b|"
                        r"ecmp|disjoint|diverse|redundan\w*|backup|dual|"
                        r"multi-?path\w*|load[- ]?balanc\w*|spread|split|failover|protected|protection|independent|"
                        r"alternat\w*|lanes|"
                        r"links|(?<![\w])x\s?\d\b|\b\d\s?x\b|pfade|rutas|chemins|caminh?os|percorsi|wege|経路)", re.I)
"""Words that ask for a number of paths ("a 2-path route"); "both ways" and "two-way" are a direction, not two paths."""


def without_unasked_paths(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Routes without a path count the text never asks for ("route A to B around C, both ways" read as paths=2): of
    the studied routes with one, all but one text say it in :data:`PATH_WORDS` ("make sure it has two of them")."""
    if PATH_WORDS.search(text):
        return intents
    return [{k: v for k, v in ir.items() if k != "paths"} if ir["kind"] == "sdn.route" else ir for ir in intents]


OBJECTIVE_WORDS = re.compile(r"\b(?:hops?\b|latency|delay|fast|quick|short|bandwidth|capacity|pipe|widest|fattest|biggest|"
                             r"throughput|objective|optimi[sz])")
"""Words that may ask a route's objective."""


def flow_part(ir: dict[str, Any], ends: list[set[str]]) -> int | None:
    """The one part of a text (``ends``: the nodes each part names) that names both ends of the flow ``ir``, else None."""
    own = [i for i, nodes in enumerate(ends) if {ir["src"], ir["dst"]} <= nodes]
    return own[0] if len(own) == 1 else None


def settings_of_own_clause(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """Routes without the path count or objective the model copied from another route's clause ("campus -> core-1, 2
    paths and fewest hops; campus -> cloud-dc, avoid agg-north" read with both on the second route): each route's
    clause (the one part of the text, cut at ';', line ends, sentences and ", and", that names both its ends) keeps what
    only another route's clause asks ("port → cloud-dc on 2 paths, and campus → cloud-dc by fewest hops")."""
    routes = [ir for ir in intents if ir["kind"] == "sdn.route"]
    if len(routes) < 2 or re.search(r"\b(?:both|each|all|every|these|those|them)\b", text, re.I):  # "two paths for both"
        return intents
    spans = grounder.spans(text, roles=True)
    if spans and re.match(r"\s*,", text[spans[-1][1]:]) and re.search(rf"{PATH_WORDS.pattern}|{OBJECTIVE_WORDS.pattern}",
                                                                  text[spans[-1][1]:].casefold()):
        return intents  # "Route port to cloud-dc, and campus to cloud-dc, with fewest hops": a tail for both
    parts = [p for p in re.split(r"[;\n]|(?<=[.!?])\s+|,\s*(?:and|while|whereas|plus)\s+", text) if p.strip()]
    ends = [{n for *_, n in grounder.spans(p, roles=True)} for p in parts]

    def own(ir: dict[str, Any]) -> dict[str, Any]:
        if (at := flow_part(ir, ends)) is None or re.search(
                r"\b(?:same|as well|too|also|likewise|ditto|again|similar\w*|identical)\b", parts[at], re.I):
            return ir  # "factory-2 -> cloud: same, but avoid agg-east"
        others = {i for other in routes if other is not ir and (i := flow_part(other, ends)) is not None and i != at}
        copied = {key for key, words in (("paths", PATH_WORDS), ("objective", OBJECTIVE_WORDS)) if key in ir and not
                  words.search(parts[at].casefold()) and any(words.search(parts[i].casefold()) for i in others)
                  and not (key == "paths" and _count_said(ir["paths"], parts[at]))}  # "..., and port to core-2 over 3"
        return {k: v for k, v in ir.items() if k not in copied}
    return [own(ir) if ir["kind"] == "sdn.route" else ir for ir in intents]


ALL_TRAFFIC = re.compile(r"(?i)\b(?:all|any|every)\s+(?:traffic|packets|flows?|connections?)\b|\beverything\b")
"""A block of every service ("Block all traffic from the port to hospital-1")."""
BLOCK_SAID = re.compile(r"(?i)\b(?:block\w*|den(?:y|ied)|drop\w*|stop\w*|cut\w*|forbid\w*|prevent\w*|reject\w*)\b")
SERVICE_SAID = re.compile(rf"(?i){SERVICE_WORD.pattern}|\b(?:tcp|udp|port\s*\d+)\b")


def services_of_own_clause(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """Blocks without the service the model copied from another block's clause ("Block all traffic from the port to
    hospital-1, block SSH from the port to hospital-2" read with ssh on both): a block whose own clause (the one part
    of the text, cut at ';', line ends, sentences and commas, that names both its ends) blocks all traffic and names no
    service."""
    if sum(ir["kind"] == "sdn.block" for ir in intents) < 2 or not ALL_TRAFFIC.search(text):
        return intents
    parts = [p for p in re.split(r"[;,\n]|(?<=[.!?])\s+", text) if p.strip()]
    ends = [{n for *_, n in grounder.spans(p, roles=True)} for p in parts]

    def own(ir: dict[str, Any]) -> dict[str, Any]:
        if "port" not in ir or (at := flow_part(ir, ends)) is None or not ALL_TRAFFIC.search(parts[at]) or \
                SERVICE_SAID.search(parts[at]) or not BLOCK_SAID.search(parts[at]):
            return ir  # "All traffic from gnb-2 to core-1 is unfiltered right now. Please block telnet ...": told
        return {k: v for k, v in ir.items() if k not in ("protocol", "port")}
    return [own(ir) if ir["kind"] == "sdn.block" else ir for ir in intents]


_CLOCK = r"\d{1,2}[:.]\d{2}"
SAME_WINDOW = re.compile(rf"(?i)\b(?:same|identical)\s+(?:window|hours|times|schedule|slot|time window|time slot)\b|"
                         rf",[ \t]*(?:both|all(?: three| of them)?)[ \t,:]+(?:from[ \t]+)?{_CLOCK}[ \t]*(?:-|–|to|until|till)"
                         rf"[ \t]*{_CLOCK}(?=[ \t]*(?:[.;!]|$))|"
                         rf"{_CLOCK}[ \t]*(?:-|–|to|until|till)[ \t]*{_CLOCK}[ \t]+for[ \t]+(?:both|all)"
                         r"(?:[ \t]+(?:slices|of them))?"
                         rf"[ \t]*:")
"""A slice asked for the window of another ("a URLLC slice there for the stewards' radios, 20 ms, same hours", "eMBB for
the crowd at 2 Gbps and URLLC for the medics at 1 ms, both 17:00 to 23:30", "01:00-04:00 for both: ..."), not "at the
same time"."""


ALWAYS_ON = re.compile(r"(?i)\b(?:permanent\w*|always[- ]on|24/7|round the clock|around the clock|all day)\b")
"""A slice said to run at all hours, which takes no other's window."""


def same_window(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Slices without a window, in a text that gives one the window of another (:data:`SAME_WINDOW`), with the one window
    the output's other slices have; a 270M model leaves the second without."""
    slices = [ir for ir in intents if ir["kind"] in ("slice.create", "slice.modify")]
    timed = {json.dumps(ir["schedule"], sort_keys=True) for ir in slices if "schedule" in ir}
    said = [m for m in SAME_WINDOW.finditer(text) if not meaning.negated(text.casefold(), m.start())]
    if len(slices) < 2 or len(timed) != 1 or not said or ALWAYS_ON.search(text):  # not "..., but not in the same window"
        return intents
    window = json.loads(timed.pop())
    return [{**ir, "schedule": window} if ir["kind"] in ("slice.create", "slice.modify") and "schedule" not in ir else ir
            for ir in intents]


GAPPED_CHANGE = re.compile(rf"(?i)\s*(?:the\s+)?(?P<name>{_NAME_WORD})(?:\s+slice)?\s*"
                           r"(?::\s*(?:(?:max\s+)?latency\s+|bandwidth\s+)?|\s+(?:to|up to|down to)\s+)"
                           r"(?P<value>\d+(?:\.\d+)?\s*(?P<unit>ms|[mg]bps|[mg]bit/s))\s*")
"""One change of a named slice said as its name and the new figure ("fan-zone to 3 ms", "the medics slice: 0.8 ms")."""
_FIGURE = r"\d+(?:\.\d+)?(?:\s*(?:ms|[mg]bps|[mg]bit/s))?"
_AND_LIST = r"\s*,\s*(?:and\s+)?|\s+and\s+"
"""Between the items of a list ("h2-crit and f1-crit", "1, 2 and 3 ms")."""
PAIRED_CHANGES = re.compile(rf"(?i)\s*(?P<names>{_NAME_WORD}(?:(?:{_AND_LIST}){_NAME_WORD})+)\s*:\s*"
                            rf"(?:(?:max\s+)?latency\s+|bandwidth\s+)?"
                            rf"(?P<values>{_FIGURE}(?:(?:{_AND_LIST}){_FIGURE})*\s*(?:ms|[mg]bps|[mg]bit/s))\s+respectively")
"""Named slices' new figures given in their order ("h2-crit and f1-crit: latency 1 ms and 1.5 ms respectively")."""
NOT_A_SLICE = re.compile(r"(?i)(?:latency|delay|bandwidth|rate|speed|throughput|ping|jitter|rtt|budget|target|max|min|"
                         r"maximum|minimum|limit|cap|sla|kpi|uplink|downlink|it|that|this|they|them|all|both|everything|"
                         r"traffic|each|slice|slices|set|make|change|go|bring|drop|cut|raise|lower|reduce|increase|bump|up|"
                         r"down|embb|urllc|mmtc|miot|v2x|lat|bw)")
"""Words before a figure that name no slice."""


def gapped_changes(text: str, grounder: Grounder) -> list[dict[str, Any]] | None:
    """The changes of a text that is only named slices' new figures ("fan-zone to 3 ms, quiz-buzzers to 1 ms", "the
    medics slice: 0.8 ms"), read without the model, or None: read alone, the model creates a slice at a node the text
    never names, or keeps the first change only. A name is one written as names are (with a hyphen), said to be a
    slice's, or a running slice's."""
    parts = re.split(r"\s*(?:[,;]\s*(?:and\s+)?|\s+and\s+)", text.strip().rstrip(".!"))
    if (pair := PAIRED_CHANGES.fullmatch(text.strip().rstrip(".!"))) and \
            len(names := re.split(_AND_LIST, pair["names"])) == len(values := re.split(_AND_LIST, pair["values"])):
        unit = re.search(r"[a-z/]+$", values[-1], re.I)[0]
        parts = [f"{n}: {v if re.search('[a-z]', v, re.I) else f'{v} {unit}'}" for n, v in zip(names, values)]
    changes = []
    for part in parts:
        if not (m := GAPPED_CHANGE.fullmatch(part)) or NOT_A_SLICE.fullmatch(m["name"]) or grounder.spans(m["name"], True) \
                or not (re.search(r"[-_]", m["name"]) or re.search(r"\bslice\b", part, re.I) or
                        m["name"].casefold() in RUNNING.get()):
            return None  # "upgrade to 1 gbps", "UL: 50 Mbps", "p99: 5 ms": no slice's name
        latency = m["unit"].casefold() == "ms"
        try:
            value = units.latency_ms(m["value"]) if latency else units.bandwidth_mbps(m["value"])
        except ValueError:
            return None  # "fan-zone to 0 ms": the model's reading, refused as written
        changes.append({"kind": "slice.modify", "name": m["name"].casefold(),
                        "max_latency_ms" if latency else "bandwidth_mbps": value})
    return changes if len({c["name"] for c in changes}) == len(changes) else None  # "x to 3 ms, x to 1 ms": which?


SAME_MEMBERS = re.compile(r"(?i)\b(?:on|at|for|across|over|to|in)\s+(?:the\s+|those\s+|these\s+)?same\s+(?:two|three|four|"
                          r"nodes|sites|cells|ones|places|base stations|gnbs|edges)\b(?!\s+(?:of|rounds?|epochs?)\b)")
"""A job or rule asked over the nodes of the one before ("Anomalies on the same nodes: just alert", "the intent
classifier with parallel split learning on the same two")."""


def same_members(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Later jobs (or rules) of a text that asks one over the same nodes as the one before (:data:`SAME_MEMBERS`), with
    that one's nodes (scope) where the model kept part of them or wrote every node."""
    if not SAME_MEMBERS.search(text):
        return intents
    def members(ir: dict[str, Any]) -> list[str] | None:
        return ir.get("nodes") if ir["kind"].startswith("learn.") else ir.get("trigger", {}).get("scope")
    out: list[dict[str, Any]] = []
    for ir in intents:
        family = ir["kind"][:5]
        first = next((o for o in out if o["kind"][:5] == family and members(o)), None)
        own = members(ir)
        if family in ("learn", "ztn.p") and first is not None and own and (own == ["all"] or set(own) < set(members(first))):
            ir = {**ir, "nodes": members(first)} if family == "learn" else \
                {**ir, "trigger": {**ir["trigger"], "scope": members(first)}}
        out.append(ir)
    return out


ASKED_THERE = re.compile(r"(?i)\b(?:running|slices|alarms|models|policies|telemetry|load|jobs)\b[^.;!?\n]{0,30}\bthere\b"
                         r"(?!\s+(?:might|may|will|should|could|is|are|was|were)\b|['’]s\b)")
"""A question asked of the place said before it ("... at the farm, and tell me which slices are already running there"),
not "there might be a better path"."""


def queries_there(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Questions without a target, in a text that asks them of the one place its other questions name and says
    :data:`THERE`, or of the one place of its new slices and says :data:`ASKED_THERE`, asked of that place: the model
    drops the second target."""
    targets = {ir["target"] for ir in intents if ir["kind"] == "query" and ir.get("target")}
    if not targets and ASKED_THERE.search(text) and not re.search(r"(?i)\b(?:all|whole|full|entire|network-wide)\b", text):
        places = {s for ir in intents if ir["kind"] == "slice.create" for s in ir.get("sites", ())}
        return [{**ir, "target": next(iter(places))} if ir["kind"] == "query" and len(places) == 1 else ir for ir in intents]
    if len(targets) != 1 or not THERE.search(text) or any(ir["kind"] != "query" for ir in intents):
        return intents
    return [{**ir, "target": next(iter(targets))} if ir["kind"] == "query" and not ir.get("target") else ir for ir in intents]


ONE_EACH = re.compile(r"(?i)\b(?:one each|one (?:per|for each|for every) (?:site|node|place|location)|(?:a[ \t]+)?separate "
                      r"(?:slice|one)s?[ \t]+(?:for|per|at)[ \t]+each\b|each (?:with|gets?|has|having) (?:its|their) own"
                      r"(?:[ \t]+slice)?(?=[ \t]*(?:[,.;!?]|$)))")
"""Words that ask one slice per site named ("URLLC slices for factory-1 and factory-2, one each")."""
RESPECTIVELY = re.compile(r"(?i)(?P<items>[\w.-]+(?:[ \t]+[a-z/]+)?(?:(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)"
                          r"[\w.-]+(?:[ \t]+[a-z/]+)?)+)[ \t]+respectively\b")
"""Values given in the order of what they go to ("2 ms and 3 ms respectively", "named h2-crit and f1-crit respectively")."""
_RESPECTIVE = {"max_latency_ms": units.latency_ms, "bandwidth_mbps": units.bandwidth_mbps, "max_devices": units.count}


def _respective(field: str, value: Any, items: list[str]) -> list[Any] | None:
    """The values ``items`` give ``field``, one each, where one of them is ``value`` (the model's), else None."""
    if field == "name":
        return items if value in items and all(re.fullmatch(_NAME, i) for i in items) else None
    unit = re.sub(r"^(?:k|thousand)\b\s*", "", units.split_number(items[-1])[1]) if re.match(r"\d", items[-1]) else ""
    try:
        values = [_RESPECTIVE[field](i if not re.fullmatch(r"[\d.]+", i) else f"{i} {unit}") for i in items]
    except ValueError:
        return None
    return values if any(abs(v - float(value)) < 1e-9 for v in values) else None


SINGLE_SLICE = re.compile(r"(?i)\b(?:a single|one single|just one|only one|one shared)\b|\b(?:both|each) spanning\b|"
                          r"\bone\s+(?:\w+\s+)?slice\b(?!\s+(?:per|for each|for every|each)\b)")
"""Words that keep one slice over several sites ("A single eMBB slice covering the stadium and the campus")."""
FIGURE = re.compile(r"(?i)\b\d+(?:\.\d+)?\s*(?:ms|[kmg]bps|[kmg]bit/s|gig\w*|meg\w*|k\b|devices|sensors)")
"""A quantity with its unit, of which a slice split one per site may copy only the one the text states."""


def one_per_site(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """A new slice over several sites made one per site where the text asks so (:data:`ONE_EACH`) or gives its values
    one per site (:data:`RESPECTIVELY`: "URLLC at hospital-2 and at factory-1, 2 ms, named h2-crit and f1-crit
    respectively"), each with its own value: the model wrote one slice, or one per value each over every site."""
    each, lists = ONE_EACH.search(text), [re.split(_AND_LIST, m["items"]) for m in RESPECTIVELY.finditer(text)]
    wide = [ir for ir in intents if ir["kind"] == "slice.create" and len(ir.get("sites", ())) > 1]
    if not (each or lists) or len({(ir["service"], tuple(sorted(ir["sites"]))) for ir in wide}) != 1 or \
            len({ir.get("name") for ir in wide}) > 1 or SINGLE_SLICE.search(text):
        return intents  # "two slices both spanning A and B, named fan and press", "a single slice ... each with its own gNB"
    cue = (each or RESPECTIVELY.search(text)).start()
    lo, hi = meaning.sentence_around(text, cue, cue)
    order = {n: a for a, _, _, n in reversed(grounder.spans(text[lo:hi]))}  # the sites of the sentence that pairs them
    named = {n for *_, n in grounder.spans(text)}
    if any(n not in order and n in named for n in wide[0]["sites"]) or \
            {n for n in order if grounder.g.nodes[n].get("role") == "site"} - set(wide[0]["sites"]) or any(
                ir["kind"] == "slice.create" and ir.get("service") == wide[0]["service"] and ir not in wide for ir in intents):
        return intents  # a site named elsewhere only, or one the slice lacks, or slices the model already made apart
    sites = sorted(wide[0]["sites"], key=lambda n: (order.get(n, len(text)), n))  # "both factories": in the ids' order
    given = {f: v for f in (*_RESPECTIVE, "name") if f in wide[0] for items in lists if len(items) >= len(sites)
             if (v := _respective(f, wide[0][f], items[-len(sites):]))}
    if not given and (lists or len(set(FIGURE.findall(text))) > 1) or "name" in wide[0] and "name" not in given:
        return intents  # values it cannot place ("the first 500 mbps and the second 300"), one name for two slices
    at = intents.index(wide[0])
    own = [{**wide[0], "sites": [site], **{f: v[i] for f, v in given.items()}} for i, site in enumerate(sites)]
    return [ir for ir in intents[:at] if ir not in wide] + own + [ir for ir in intents[at:] if ir not in wide]


STRATEGY_GIVEN = re.compile(r"(?:\(\s*|\b(?:with|using|via|by|strategy|aggregat\w*)\s+(?:the\s+)?)"
                            r"(hetlora|krum|fedavg|fedprox|trimmed[ _-]mean)\b", re.I)
"""A strategy given to a job: first in its brackets or after "with", "using" ("(FedAvg, 10 rounds)", "with FedProx"), not
one told of ("we dropped FedAvg last time", "better than FedAvg")."""
DESCRIBED = re.compile(r"(?i)\([^)]*$|\b(?:is|are|was|were|has|have|had|today|currently|now)\b[^,;(]*$")
"""Before a figure that describes rather than asks: in brackets, or after a verb of being or a word of now ("(backhaul
there is 10 Gbps)", "the link has 10 Gbps today")."""
OWN_PARTS = re.compile(r"[;\n]|(?<=[.!?])\s+|(?:,\s*(?:and\s+)?|\s+and\s+)(?=(?:an?\s+|the\s+)?(?:new\s+)?"
                       r"(?:embb|urllc|mmtc|miot|v2x|anomaly|intent|hub)\b)", re.I)
"""Where a text that asks several slices or jobs moves to the next one: ';', line ends, sentences, and a comma or "and"
before the next one's service or model ("V2X at the port 30 ms and V2X at the farm 50 ms", "the anomaly detector on
... (FedAvg) and the intent classifier on ... (FedProx)")."""


def values_of_own_clause(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """New slices with the one latency or bandwidth their own part of the text (:data:`OWN_PARTS`; the one that names
    their sites and no other new slice's) states where the model left it out ("... and V2X at the farm 50 ms", a list
    item "- URLLC slice at factory-2, 2 ms, name f2-robots"), and jobs with the one strategy their own part (the one that
    names their model alone) states ("the anomaly detector on ... (FedAvg, 10 rounds) and the intent classifier on the
    same two sites (FedProx, 10 rounds)" read with FedProx for both)."""
    creates = [ir for ir in intents if ir["kind"] == "slice.create"]
    jobs = [ir for ir in intents if ir["kind"] == "learn.fedft"]
    if len(creates) < 2 and len(jobs) < 2:  # every decode passes here: the text is cut only for several
        return intents
    if len(parts := [p for p in OWN_PARTS.split(text) if p and p.strip()]) < 2:
        return intents
    sites = [{n for *_, n in grounder.spans(p, roles=True)} for p in parts]
    models = [set(models_named(p)) for p in parts]
    used = {v for ir in intents if ir["kind"] not in ("slice.create", "learn.fedft") for v in ir.values()
            if isinstance(v, float)}  # "... and cap smart-farm to cloud-dc at 10 Mbps": the cap's figure

    def own(ir: dict[str, Any]) -> str | None:
        if ir["kind"] == "slice.create":
            others = {n for other in creates if other is not ir for n in other["sites"]}
            found = [p for p, at in zip(parts, sites) if set(ir["sites"]) <= at and not at & others]
        else:
            found = [p for p, named in zip(parts, models) if named == {ir["model"]}]
        return found[0] if len(found) == 1 else None

    def filled(ir: dict[str, Any]) -> dict[str, Any]:
        if (part := own(ir)) is None:
            return ir
        t, ir = part.casefold(), dict(ir)
        if ir["kind"] == "learn.fedft":
            said = {enum_value(m[1]) for m in STRATEGY_GIVEN.finditer(t) if not meaning.negated(t, m.start(), words=4)}
            if len(said := said & set(STRATEGIES)) == 1 and ir.get("strategy") not in {enum_value(m[1]) for m in
                                                                                      ENUM_WORD.finditer(t)}:
                ir["strategy"] = said.pop()
            return ir
        for key, found, read in (("max_latency_ms", LATENCY_STATED, units.latency_ms),
                                 ("bandwidth_mbps", BANDWIDTH_FIGURE, units.bandwidth_mbps)):
            values = [m for m in found.finditer(part) if not meaning.negated(t, m.start())
                      and not PERIOD_BEFORE.search(part, max(0, m.start() - 30), m.start())
                      and not DESCRIBED.search(part, max(0, m.start() - 30), m.start())]
            if key not in ir and len(values) == 1:
                with contextlib.suppress(units.Unreadable, units.InvalidValue):
                    if (value := read(values[0][0])) not in used:
                        ir[key] = value
        return ir
    return [filled(ir) if ir["kind"] in ("slice.create", "learn.fedft") else ir for ir in intents]


def _count_said(n: int, text: str) -> bool:
    """Whether ``text`` writes the count ``n`` in figures or in a word ("3", "three")."""
    return bool(re.search(rf"(?<![\w.-]){n}(?![\w.-])", text) or 0 <= n < len(NUMBER_WORDS) and
                re.search(rf"\b{NUMBER_WORDS[n]}\b", text, re.I))


def waypoints_completed(intents: list[dict[str, Any]], reading: meaning.Reading) -> list[dict[str, Any]]:
    """The one route of a request with the waypoints the text lists beside one it has ("not via core-1, and not via
    agg-north either": both avoided; "agg-south, not agg-east": the one chosen over an avoided one passed), read by the
    meaning check's :class:`~llm_core.meaning.Reading` of the text; a 270M model keeps the first."""
    if [ir["kind"] for ir in intents if ir["kind"].startswith("sdn.")] != ["sdn.route"]:
        return intents
    route, t = next(ir for ir in intents if ir["kind"] == "sdn.route"), reading.t
    spots = sorted((a, b, n) for a, b, _, n in reading.spans)
    for (a, b, n), (c, _, m) in zip(spots, spots[1:]):
        if reading.sentence(a) != reading.sentence(c) or n in (route["src"], route["dst"]) or m in (route["src"], route["dst"]):
            continue
        senses = (reading.waypoints.get(n, set()) - {None}, reading.waypoints.get(m, set()) - {None})
        if senses == ({"avoid"}, {"avoid"}) and n in route.get("avoid", ()) and m not in route["avoid"] and \
                LISTED_TOO.fullmatch(t, b, c):
            route["avoid"].append(m)
        elif senses == ({"via"}, {"avoid"}) and m in route.get("avoid", ()) and n not in route.get("via", ()) and \
                meaning.NOT_THE_OTHER.fullmatch(t, b, c):
            route["via"] = [*route.get("via", ()), n]
    return intents


LISTED_TOO = re.compile(r"\W*(?:(?:and|or|nor)\W+(?:not\s+)?)?(?:via|through|over|around|past)?\s*(?:the\s+)?")
"""Between two waypoints of one kind the text lists ("not via core-1, and not via agg-north")."""


ADDED_SITE = re.compile(r"\s+(?:(?:cover|covers|include|reach|span|to|it|the|also|on|at)\s+){0,3}")
"""Between a word that adds sites and the site it adds ("also cover hospital-2", "extend it to the port")."""
SITE_ROLES = ("site", "ran", "edge")
"""The roles of the nodes a slice runs on."""
SITES_KEPT = re.compile(r"\b(?:not only|not just|in addition to|besides|on top of)\b|\bis (?:on|at|running (?:on|at)) |"
                        r"\b(?:runs|running|covers|sits|lives|is)\s+(?:(?:currently|still|now|today|only|just)\s+)*"
                        r"(?:on|at|in)\s|\b(?:currently|still|only|today)\s+(?:runs|covers|is|sits|lives)\s+(?:(?:on|at|in)\s)?|"
                        r"\bcovers\s", re.I)
"""Words that tell the sites a slice keeps while the text adds one ("cover the farm too, not only the port", "it currently
runs at factory 1 only", "it currently covers the campus and gNB 6")."""
_MOVE_VERBS = r"move|moving|shift|migrate|relocate|transfer|swap"
SITES_MOVED = re.compile(rf"(?<![\w-])(?:(?:{_MOVE_VERBS})\w*|off|instead)(?![\w-])")
"""Words of a change that moves a slice or takes a site off it, where no site is kept."""


def sites_kept(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """The one slice change that adds sites ("It should also cover hospital-2") with the sites the text says it has ("The
    ward-video slice is on hospital-1 now"): ``sites`` of a change is the full new list."""
    changes = [ir for ir in intents if ir["kind"] == "slice.modify" and "sites" in ir]
    if len(changes) != 1 or len([ir for ir in intents if ir["kind"].startswith("slice.")]) != 1 or \
            not (ADDS.search(text) and SITES_KEPT.search(text)):
        return intents
    t, spans = text.casefold(), [(a, b, n) for a, b, _, n in grounder.spans(text)
                                 if n in grounder.g and grounder.g.nodes[n].get("role") in SITE_ROLES]
    if SITES_MOVED.search(t):
        return intents  # "runs at factory 1 today, move it to factory 2": a move, not an extension
    name = re.escape(str(changes[0].get("name", "")).casefold())
    said = [m for m in SITES_KEPT.finditer(t)  # of the slice: "it currently covers", not "the video server runs on"
            if re.search(rf"(?:\b(?:it|slice|which)|(?<![\w-]){name})[^.;!?\n]{{0,50}}$", t[max(0, m.start() - 80):m.start()])]
    kept: list[str] = []
    for i, (a, b, n) in enumerate(spans):  # "covers the campus and gNB 6": the list after the words, member by member
        if (any(m.end() <= a and re.fullmatch(r"\s*(?:the\s+)?", t[m.end():a]) for m in said)
                or i and spans[i - 1][2] in kept and listed.LISTED.fullmatch(t[spans[i - 1][1]:a])) \
                and not meaning.DELETE.search(t, b, b + 40):  # "is on X; ... drop X"
            kept.append(n)
    added = [n for a, b, n in spans if re.match(r"\s+(?:too|as well)\b", t[b:])
             or any(ADDED_SITE.fullmatch(t, m.end(), a) for m in ADDS.finditer(t))]  # "also cover X", "the farm too"
    changes[0]["sites"] = list(dict.fromkeys([*kept, *changes[0]["sites"], *added]))
    return intents


MOVES = re.compile(rf"\b(?:{_MOVE_VERBS}|switch|change|convert)\w*\b")
FROM_TO = re.compile(r"\s+(?:over\s+|across\s+)?(?:to|onto|into)\s+(?:the\s+)?")
OFF_SITE = re.compile(r"\boff\s+(?:of\s+)?(?:the\s+)?$")
ONTO = re.compile(r"\s+(?:and\s+)?(?:put\s+it\s+)?(?:on|onto|on to|over to|to|into)\s+(?:the\s+)?")
"""Between the site a slice is moved off and the one it goes to ("off the farm and onto the campus")."""
TAKEN_OFF = re.compile(r"\b(?:take|drop|remove|pull)\s+(?:away\s+)?(?:the\s+)?$")
DROPS = r"(?:should|must|can|will|needs? to|has to)\s+(?:now\s+)?drop"
"""A slice's own verb for a site it loses ("blue-lights should drop the stadium"), after its name."""
ONLY_THERE = re.compile(r"\b(?:cover|covers|covering|run|runs|running|be|stay|stays|serve|serves|serving|span|spans)\s+"
                        r"(?:at\s+|on\s+|in\s+)?(?:the\s+)?$")
"""Before the one site a change leaves a slice at, said with "only" after it ("it should cover the port only")."""
SO_FAR = re.compile(r"(?<!from )\b(?:currently|right now|now|today|at the moment|at present|so far)\b")
"""Words of a slice's sites as they are, not as a change leaves them ("it currently covers gnb-6 only")."""
SERVICE_OF = {w.casefold(): service for service, words in SERVICE_WORDS.items() for w in words}
_SERVICE = "|".join(map(re.escape, sorted(SERVICE_OF, key=len, reverse=True)))
SERVICE_CHANGE = re.compile(rf"\bfrom\s+({_SERVICE})\s+(?:to|into)\s+({_SERVICE})\b")
"""A service changed for another ("from eMBB to V2X")."""


def moved(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """The one slice change of a text that moves the slice from one site or service to another ("Move slice drone-uplink
    from the smart farm to factory-2", "Switch the harbour-ops slice from eMBB to V2X") with the new one where the model
    kept the old, without a site the text takes off it ("take factory-2 off it", "take the port out", "take away the port
    from slice plc-link", "blue-lights should drop the stadium") and at the one site the text leaves it at ("from now on it
    should cover the port only")."""
    changes = [ir for ir in intents if ir["kind"] == "slice.modify"]
    if len(changes) != 1:
        return intents
    t, change = fold(text), dict(changes[0])
    spans = [(a, b, n) for a, b, _, n in grounder.spans(text) if n in grounder.g]
    def moves(at: int) -> bool:  # a move verb in the clause before ``at``: not "..., it carries video from A to B"
        return bool(MOVES.search(t, max([0, *(m.end() for m in re.finditer(r"[.,;:!?\n]", t[:at]))]), at))
    def goes_on(d: int) -> bool:  # "to the campus and the port", "to the campus, the port": a list, not one site
        return bool(re.match(r"\s*(?:&|and\b|as well\b|too\b)", t[d:]) or re.match(r"\s*,", t[d:]) and any(
            re.fullmatch(r"\s*,\s*(?:and\s+)?(?:the\s+)?", t[d:a]) for a, _, _ in spans if a > d))
    for (a, b, old), (c, d, new) in zip(spans, spans[1:]):
        if change.get("sites") == [old] and re.search(r"\bfrom\s+(?:the\s+)?$", t[max(0, a - 12):a]) and \
                FROM_TO.fullmatch(t, b, c) and moves(a) and not goes_on(d) and \
                not re.search(r"\?|\bback to\b|\bkeep it\b", t[d:]):  # "Swap X from A to B? No, keep it"
            change["sites"] = [new]
        elif set(change.get("sites") or ()) in ({old}, {old, new}) and OFF_SITE.search(t, max(0, a - 12), a) and \
                ONTO.fullmatch(t, b, c) and moves(a) and not goes_on(d) and \
                not re.search(r"\b(?:both|as well|too|also|keep|add)\b", t[a:]):  # "move X off the farm and onto the campus"
            change["sites"] = [new]
    for m in SERVICE_CHANGE.finditer(t):
        if change.get("service") == SERVICE_OF[m[1]] and moves(m.start()):
            change["service"] = SERVICE_OF[m[2]]
    name = re.escape(str(change.get("name", "")).casefold())
    taken_from = rf"|\s+from\s+(?:the\s+)?(?:slice\s+)?{name}(?![\w-])" if name else ""  # "take away the port from X"
    off = {n for a, b, n in spans if TAKEN_OFF.search(t, max(0, a - 20), a)
           and re.match(rf"\s+(?:off|out of|out)\b{taken_from}", t[b:]) and not meaning.negated(t, a)
           or re.search(rf"(?:\bit|(?<![\w-]){name})\s+{DROPS}\s+(?:the\s+)?$", t[max(0, a - 80):a])}
    if (sites := change.get("sites")) and off & set(sites) and (kept := [n for n in sites if n not in off]):
        change["sites"] = kept
    only = {n for a, b, n in spans if ONLY_THERE.search(t, max(0, a - 30), a) and re.match(r"\s+only\b", t[b:])
            and not re.match(r"\s*(?:,|&|and\b)", t[b:]) and not re.search(r"(?:,|&|\band)\s+(?:the\s+)?$", t[:a])
            and not SO_FAR.search(t, max(0, a - 40), a)} if not ADDS.search(text) else set()
    ends = [b for _, b, n in spans if n in only and re.match(r"\s+only\b", t[b:])]
    told_later = {n for a, _, n in spans if any(e <= a for e in ends)}  # "..., the campus part stays as is"
    if (sites := change.get("sites")) and len(only) == 1 and only < set(sites) and not told_later & set(sites) - only:
        change["sites"] = list(only)  # "from now on it should cover the port only"
    return [change if ir is changes[0] else ir for ir in intents]


JUST_THESE = re.compile(r"(?:\?|(?:\.\.\.|…|[.,;—–-])\s*(?:wait|hmm|hm)[,\s]+(?:that|this|it)\s+(?:can'?t|won'?t|cannot|"
                        r"will not|doesn'?t|does not)\s+work[.,;!]*)\s*(?:(?:no+|nah|nope)\b[\s,.;:—–-]*)?(?:just|only)\s+"
                        r"(?:(?:avoid|avoiding|via|through|on|at|to|for)\s+)?(?:the\s+)?")
"""A list asked as a question or said and doubted, then cut down ("... on the cloud and the edges? no, just the edges",
"avoiding agg-north and agg-south... wait that can't work. just avoid agg-north")."""


def taken_back(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """The output without the nodes a text names in a list and then cuts down (:data:`JUST_THESE`): a list of the output
    that holds a node kept loses those taken back, and an intent whose list holds only nodes taken back goes where another
    of its kind holds the ones kept ("fedft ... on all edge nodes and on cloud-dc? no — just edge nodes": one job)."""
    t = fold(text)
    if len(found := list(JUST_THESE.finditer(t))) != 1:
        return intents
    turn, spans = found[0], grounder.spans(text, roles=True)
    start = max([0, *(m.end() for m in re.finditer(r"[.;!\n](?!\.)", t[:turn.start()]) if t[m.start() - 1] != ".")])
    asked = {n: re.sub(r"^(?:all|every|each|the)\s+", "", t[a:b]) for a, b, _, n in spans if start <= a and b <= turn.start()}
    end = next((m.start() for m in re.finditer(r"[,.;!?\n]", t[turn.end():])), len(t) - turn.end()) + turn.end()
    keep = {n for a, b, _, n in spans if turn.end() <= a and b <= end} | \
        {n for n, phrase in asked.items() if re.match(rf"{re.escape(phrase)}\b", t[turn.end():end])}  # "just edge nodes"
    if not keep or not (away := set(asked) - keep):
        return intents
    def held(ir: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:  # its node lists, waypoints too
        return [*_lists(ir), *((ir, f) for f in ("via", "avoid") if f in ir)]
    out = []
    for ir in intents:
        ir = {**ir, **({"trigger": dict(ir["trigger"])} if "trigger" in ir else {})}
        if (lists := held(ir)) and all(set(h[f]) <= away for h, f in lists) and any(
                other["kind"] == ir["kind"] and any(set(h[f]) & keep for h, f in held(other)) for other in intents):
            continue
        for holder, f in lists:
            if set(holder[f]) & keep:
                holder[f] = [v for v in holder[f] if v not in away]
        out.append(ir)
    return out


THERE = re.compile(r"(?i)\bslices?\s+(?:\w+\s+)?there\b|\bthere\s+(?:as well|too)\b")
"""A slice placed where the one before it is ("and a URLLC slice there for the stewards' radios")."""


def sites_there(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """New slices on role groups alone, placed "there" by the text, on the sites of the new slice before them ("4 Gbps
    eMBB on the stadium ..., and a URLLC slice there for the stewards' radios" read on every gNB)."""
    if not THERE.search(text):
        return intents
    out, before = [], None
    for ir in intents:
        sites = ir.get("sites") or []
        if ir["kind"] == "slice.create" and before and sites and \
                all(s.startswith("role:") for s in sites):
            ir = {**ir, "sites": list(before)}
        if ir["kind"] == "slice.create" and sites:
            before = ir["sites"]
        out.append(ir)
    return out


def on_its_own(intents: list[dict[str, Any]], reading: meaning.Reading) -> list[dict[str, Any]]:
    """The one closed-loop rule of a text that plainly asks it to act without approval
    (:attr:`meaning.Reading.acts_alone`: "reroute automatically", "approval is NOT REQUIRED") set to act on its own; the
    model keeps the default, asking first (true of all 649 such rules of the studied and template gold, and of none of
    the rules that ask). A rule of a text that asks to be asked first and nowhere to act alone asks first ("isolate it,
    but only if ops has signed off")."""
    if len(rules := [ir for ir in intents if ir["kind"] == "ztn.policy"]) == 1:
        if reading.acts_alone:
            rules[0]["mode"] = "auto"
        elif reading.autonomy == (False, True):
            rules[0]["mode"] = "approve"
    return intents


SUBJECT_PLURAL = re.compile(r"(?:^|[.;:!?\n]|\band\b)\s*(?:the|our|all(?: the)?)\s+([a-z]+s)\b(?=\s+(?:must|should|shall|may|"
                            r"can|cannot|can't|will|won't|mustn't|shouldn't|need to|have to)\b)")
"""A plural of a few nodes as a clause's subject ("the hospitals must not reach the stadium"): each of them."""


def groups(text: str, grounder: Grounder) -> Groups:
    """The groups ``text`` enumerates (lists and ranges, :func:`complete_groups` fills list fields with them), the groups
    that complete single ends, the nodes it exempts and the groups it takes them out of (:func:`carved`)."""
    enumerated, t = grounder.enumerations(text), text.casefold()
    # "gnb-2 to 5 megabits" names no group, "gNBs 1 to 4" does
    ends = [nodes for nodes, (a, b) in enumerated if not re.search(r"\bto\b", t[a:b]) or PLURAL_STEM.match(t, a)]
    spans = [(m, [f"{m[1]}-{n}" for n in range(int(m[2]), int(m[3]) + 1)]) for m in ID_RANGE.finditer(t)
             if 0 < int(m[3]) - int(m[2]) < 16]
    ranges = [ids for _, ids in spans]
    reading = meaning.Reading(text, grounder)
    listed = [nodes for nodes, _ in enumerated] + [ids for ids in ranges if set(ids) <= set(grounder.g.nodes)]
    ends += [ids for m, ids in spans if meaning.MODAL_NEXT.match(t, m.end())
             and re.search(r"(?:^|[.;:,!?\n]|\band\b)\s*(?:the\s+)?$", t[:m.start()])
             and set(ids) <= set(grounder.g.nodes)]  # "gnb-6 to gnb-8 may not reach the campus": each of them
    ends += [sorted(nodes) for m in SUBJECT_PLURAL.finditer(t) if m[1] not in grounder.by_word
             and 1 < len(nodes := grounder.by_word.get(singular(m[1]), set())) <= 4]
    return Groups(listed, ends + grounder.lists(text), reading.excepted, reading.carve_outs,
                  unspoken(grounder, reading, listed), reading)


SST_WRITTEN = re.compile(r"\bsst\W{0,3}([1-4])\b", re.I)
"""A slice/service type written as 3GPP's standardised SST value (TS 23.501: 1 eMBB, 2 URLLC, 3 MIoT, 4 V2X)."""
SERVICE_NAMED = re.compile(r"\b(?:" + "|".join(re.escape(w) for ws in SERVICE_WORDS.values() for w in ws) + r")\b", re.I)
DEVICES = re.compile(rf"(?<![\w.])(?<!\bper )((?:\d+(?:[.,]\d+)?\s*[km]?|{NUMBER_WORD}(?:[\s-]+(?:thousand|hundred))?))\s+"
                     r"(?:(?!dozens?\b|score\b|hundred|thousand|million|billion|[kmgt]?bps\b|[kmgt]?bit\w*|\w*bytes?\b|"
                     r"ms\b|sec\w*|min\w*|hours?\b|percent\b)[a-z-]+\s+)?"
                     r"(?:devices|sensors|meters|cameras|vehicles|trucks|gateways|monitors|wearables|phones|"
                     r"robots|agvs|ues|terminals|handsets|drones|trackers|tags)\b", re.I)
"""A device count the text writes with what it counts ("25 robots", "500 trucks", "ten thousand smart meters"); not a
ratio ("one per 10 sensors") nor a rate or time before the noun."""
RESOLUTION = re.compile(r"[48]\s*k", re.I)
"""A count that is a video resolution ("4K cameras")."""
VIDEO_FORMAT = re.compile(r"(?i)[48]\s*k\s+(?:video|stream\w*|footage|resolution|hdr|feeds?|uhd|"
                          r"of\s+the\s+(?:concert|match|game|show|event|stage|pitch|race|performance|gig))")
"""A video resolution said of the picture ("8K of the concert", "4K video"), not a count ("4k users", "8k of them")."""


def _own_ends_dropped(ir: dict[str, Any]) -> None:
    """A route's own end as its waypoint dropped: the model copies an end into ``via`` or ``avoid``."""
    for field in ("via", "avoid"):
        if field in ir and not (kept := [n for n in ir[field] if n not in (ir.get("src"), ir.get("dst"))]):
            del ir[field]
        elif field in ir:
            ir[field] = kept


def _joinable(a: dict[str, Any], b: dict[str, Any], adds: bool) -> bool:
    """Whether two changes of one slice are one: they set different fields, or (where the text ``adds`` sites) one only
    adds sites the other does not name."""
    shared = set(a) & set(b) - {"kind", "name"}
    return not shared or adds and shared == {"sites"} and not set(a["sites"]) & set(b["sites"]) and \
        (set(a) <= {"kind", "name", "sites"} or set(b) <= {"kind", "name", "sites"})


ADDS = re.compile(rf"\b(?:{ADD_VERBS}|extend\w*|expand\w*|also|as well|too)\b", re.I)
"""Words of a change that adds sites to a slice rather than moving it."""


def _modifies_merged(intents: list[dict[str, Any]], adds: bool = False) -> list[dict[str, Any]]:
    """Two changes of one slice that set different fields made one (the model splits "raise X's rate and cut its
    latency"); where the text ``adds`` sites, their sites joined (it splits "add hospital-2 to surgery-1, today only at
    hospital-1" into the sites it has and the one it gains)."""
    first: dict[str, dict[str, Any]] = {}
    out = []
    for ir in intents:
        if ir["kind"] == "slice.modify" and "name" in ir:
            if (held := first.get(ir["name"])) is None:
                ir = first[ir["name"]] = dict(ir)  # a copy: the intents given stay as they are
            elif _joinable(held, ir, adds):
                sites = [*held.get("sites", ()), *ir.get("sites", ())]
                held.update(ir)
                if sites:
                    held["sites"] = list(dict.fromkeys(sites))
                continue
        out.append(ir)
    return out


def _sst_service(create: dict[str, Any], text: str) -> None:
    """The service a 3GPP SST value names, when the text names no service in words and does not negate the value."""
    t = text.casefold()  # the positions negated() reads are the casefolded text's
    values = {m[1] for m in SST_WRITTEN.finditer(t) if not meaning.negated(t, m.start())}
    if len(values) == 1 and not SERVICE_NAMED.search(text):
        create["service"] = {v: k for k, v in SST.items()}[int(values.pop())]


def _device_count(create: dict[str, Any], others: list[dict[str, Any]], text: str) -> None:
    """The one device count the text writes with what it counts, when the model left it out and no other intent
    holds that number."""
    counts = [m for m in DEVICES.finditer(text) if not RESOLUTION.fullmatch(m[1].strip())]
    if "max_devices" in create or len(counts) != 1:
        return
    try:
        count = units.count(counts[0][1], "max_devices")
    except (units.Unreadable, units.InvalidValue):
        return
    if not any(re.search(rf"(?<![\w.]){count}(?![\w.])", json.dumps(ir)) for ir in others):
        create["max_devices"] = count


_OF_SLICE = (r"(?=\s*(?:[,.;:!)]|$|--|—|one\b|only|please|asap\b|pls\b|thx\b|thanks\b|"
             r"and\b|if\b|unless\b|rather\b|instead\b|because\b|since\b|is (?:ok|okay|fine)|"
             r"with (?:any|no|other))|\s+(?:\S+\s+){0,3}?(?:slice|isolation|resources|capacity)\b)")
ISOLATION = {"dedicated": re.compile(rf"\b(?:dedicated|unshared|exclusive){_OF_SLICE}|\bown (?:\S+ )?slice\b|"
                                       r"\b(?:no|without|zero) sharing\b|\b(?:slice|it)\s+(?:should|must|will|has to|needs to)"
                                       r"\s+be\s+(?:ours|theirs|yours) alone\b|\b(?:slice|it) all to (?:ourselves|themselves)\b|"
                                       r"\bisolated from (?:every\w*|any\w*|all\b|the rest|"
                                       r"others\b|other (?:tenants|slices|users|traffic))"),
             "shared": re.compile(rf"\bshared{_OF_SLICE}|\bsharing (?:the slice|it|is (?:ok|okay|fine))\b")}
"""The words of each isolation a slice is asked for, said of the slice ("dedicated, max 40 devices", "shared is fine",
"its own V2X slice", "no sharing", "the slice should be ours alone", "isolated from everyone else"; not "the shared
edge", "we shared the plan"); "not shared" asks a dedicated one, "no dedicated slice" a shared one."""


NOT_SO = re.compile(r"\b(?:not|never|without|non|no|don'?t|doesn'?t|won'?t|can'?t|isn'?t|rather than|instead of)\b"
                    r"(?!\s*,|\s+(?:more|less|later|earlier)\b)")
"""A negation among the few words before an isolation word ("not shared", "don't give them a dedicated slice")."""


OTHER_ISOLATION = {"shared": "dedicated", "dedicated": "shared"}


EARLIER_SLICE = re.compile(r"\b(?:last (?:season|year|time|month|week)'?s?|previous|former|old|their old|the old)\s+$")
"""Words before an isolation said of a slice that was, not the one asked ("last season's shared slice struggled")."""


def _isolation_said(text: str) -> dict[str, set[bool]]:
    """Each isolation the text words, with whether it is negated there; not one said of an earlier slice."""
    t, said = text.casefold(), {"shared": set(), "dedicated": set()}
    for kind, words in ISOLATION.items():
        for m in words.finditer(t):
            if not EARLIER_SLICE.search(t, max(0, m.start() - 30), m.start()):
                said[kind].add(bool(NOT_SO.search(" ".join(t[:m.start()].split()[-4:]))))
    return said


def _isolation_turned(ir: dict[str, Any], text: str) -> None:
    """The isolation of a slice change turned to the other one where the text words the model's only as not needed and
    the other plainly ("vib-sensors: shared isolation is fine now, no need for dedicated"); a change's other words may
    tell the slice's state now ("it is currently shared; make it isolated"), so nothing less turns it."""
    said, other = _isolation_said(text), OTHER_ISOLATION[ir["isolation"]]
    if said[ir["isolation"]] == {True} and said[other] == {False}:
        ir["isolation"] = other


def _isolation(ir: dict[str, Any], text: str) -> None:
    """The isolation the text asks of the one slice it creates, when all its isolation words agree ("shared is fine",
    "not shared with anybody", "don't give them a dedicated slice -- shared")."""
    asked = {OTHER_ISOLATION[kind] if negated else kind for kind, said in _isolation_said(text).items() for negated in said}
    if len(asked) == 1:
        ir["isolation"] = asked.pop()


APART = re.compile(r"\b(?:talk\w*|speak\w*|communicat\w*|reach\w*|connect\w*|access\w*)\s+(?:to\s+|with\s+)?"
                   r"(?:each other|one another)\b")
"""Two nodes kept from each other ("Stop factory-1 and the port site from talking to each other"), in a text that
blocks: both ways."""
KEPT_FROM = re.compile(r"\b(?:stop\w*|prevent\w*|bar|forbid\w*|never|not|no longer|cannot|can'?t|mustn'?t|shouldn'?t|"
                       r"isolat\w*|separat\w*|block\w*)\b")
"""Words in the clause of :data:`APART` that keep the two apart (not "they must keep communicating with each other")."""


def both_ways(intents: list[dict[str, Any]], reading: meaning.Reading) -> list[dict[str, Any]]:
    """Each flow asked both ways ("A must never reach B, and the other way round as well") with its reverse, which a
    270M model leaves out: the flow between the last two nodes named before the words, in their sentence or the one
    before, or after a comma every flow of the sentence (``reading``: the meaning check's
    :class:`~llm_core.meaning.Reading` of the text) or before :data:`APART` beside a block; a block or a limit between
    nodes a double arrow joins ("fac1 <-> fac2 blocked"; a route so written is one route between them)."""
    hops = {n for ir in intents for n in (*ir.get("via", ()), *ir.get("avoid", ()))}
    pairs, apart = [], []
    kept_apart = [m for m in APART.finditer(reading.t)
                  if KEPT_FROM.search(re.split(r"[,;:.!?]|\bbut\b", reading.t[:m.start()])[-1])]
    for m in [*reading.both_ways, *kept_apart]:  # not "but not the other way round too", "one way only"
        k = reading.sentence(m.start())
        before = [n for a, _, _, n in sorted(reading.spans) if a < m.start() and reading.sentence(a) in (k, k - 1)
                  and n not in hops]
        if len(last := list(dict.fromkeys(reversed(before)))) >= 2:
            (apart if APART.fullmatch(m[0]) else pairs).append({last[0], last[1]})
        if re.search(r",\s*(?:and\s+)?$", reading.t[:m.start()]):  # "block A -> B and C -> D, both ways": each flow
            here = {n for a, _, _, n in reading.spans if a < m.start() and reading.sentence(a) == k}
            pairs += [{ir["src"], ir["dst"]} for ir in intents if {ir.get("src"), ir.get("dst")} <= here]
    have = {(ir["kind"], ir["src"], ir["dst"]) for ir in intents if {"src", "dst"} <= set(ir)}

    def asked(ir: dict[str, Any]) -> bool:
        ends = {ir.get("src"), ir.get("dst")}
        return ends in pairs or ir["kind"] == "sdn.block" and ends in apart or ir["kind"] != "sdn.route" and \
            ends in reading.arrowed
    more = [{**ir, "src": ir["dst"], "dst": ir["src"], **({"via": ir["via"][::-1]} if "via" in ir else {})}
            for ir in intents if ir["kind"].startswith("sdn.") and asked(ir) and (ir["kind"], ir["dst"], ir["src"]) not in have]
    return intents + more


def settled(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """What the model writes that the text settles alone: a route's own end as its waypoint dropped, two changes of
    one slice made one, and on the one slice it creates the service a 3GPP SST value names and the one device count
    the text writes with what it counts and the isolation the text asks (on several, one said of them all; on the one
    slice it changes, :func:`_isolation_turned`)."""
    for ir in intents:
        if ir["kind"] == "sdn.route":
            _own_ends_dropped(ir)
    out = _modifies_merged(intents, bool(ADDS.search(text)))
    if len(creates := [ir for ir in out if ir["kind"] == "slice.create"]) == 1:
        _sst_service(creates[0], text)
        _device_count(creates[0], [ir for ir in out if ir is not creates[0]], text)
    changes = [ir for ir in out if ir["kind"] == "slice.modify"]
    if len(creates) == 1 and not changes:
        _isolation(creates[0], text)
    elif not creates and len(changes) == 1 and "isolation" in changes[0]:  # "shared is fine now, no need for dedicated"
        _isolation_turned(changes[0], text)
    elif len(creates) > 1 and (every := EACH_ISOLATED.search(text)):
        for ir in creates:
            ir["isolation"] = every[1].casefold()
    return out


EACH_OWN = re.compile(r"(?i)\beach\b[^.;\n]*\b(?:(?:its|their) own slice|slices? of (?:its|their) own)\b|"
                      r"\beach\b[^.;\n]*?\b(?:gets?|needs?|requires?|wants?|(?:should|must|will) (?:get|have))\s+"
                      r"(?:its|their) own (?:[\w-]+ ){0,3}slice\b|"
                      r"\bseparate (?:[\w-]+ ){0,2}slices\b|"
                      r"\bone slice (?:each|apiece|per \w+)\b|\ba slice (?:each|apiece)\b")
"""A slice asked for each site apart ("Each of the factories needs a URLLC slice of its own", "two separate eMBB slices"); "the
meters on their own slice" at two sites is one slice, isolated."""


def one_each(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one unnamed slice created at several sites as one slice per site, when the text asks a slice each
    (:data:`EACH_OWN`)."""
    creates = [ir for ir in intents if ir["kind"] == "slice.create"]
    if len(creates) != 1 or "name" in creates[0] or len(creates[0].get("sites", ())) < 2 or not EACH_OWN.search(text):
        return intents
    return [x for ir in intents for x in ([{**ir, "sites": [site]} for site in ir["sites"]] if ir is creates[0] else [ir])]


DRY_RUN = re.compile(r"(?i)(?<![\w-])--dry-?run\b(?!\s*=)|\b(?:as a|just a|only a) dry[- ]run\b|\bdry[- ]run only\b")
"""A command to be tried, not done: "tl route gnb-6 -> cloud-dc --dry-run"."""
FOR_REAL = re.compile(r"(?i)\b(?:apply|applied|for real|commit|tested|yesterday|last)\b|&&|;")
"""A text that also asks to apply, or speaks of a dry run done before, or holds several commands."""


def without_node_changes(intents: list[dict[str, Any]], text: str, g: nx.Graph) -> list[dict[str, Any]]:
    """The intents without a change or removal of a "slice" named as an inventory node that the text does not present
    as a slice (:func:`presented_slices`), beside other intents: the model copies a node next to a slice's change into one of
    its own ("factory-1 lat=3" after "robot-arm lat=3", "port bw=5G" for "the port moved to their own private 5G"); no
    studied gold names a slice after a node."""
    presented = presented_slices(text)
    kept = [ir for ir in intents if not (ir["kind"] in NAMED_KINDS and ir["name"] in g and ir["name"] not in presented)]
    return kept or intents


def dry_run(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one route of a command that asks only to try it (:data:`DRY_RUN`) is the question of the path it would take:
    nothing changes. A route with waypoints, avoided nodes or paths stays (a path question holds none of them)."""
    if len(intents) != 1 or not DRY_RUN.search(text) or FOR_REAL.search(text):
        return intents
    ir = intents[0]
    if ir["kind"] != "sdn.route" or set(ir) - {"kind", "src", "dst"} or ir["src"] in ("any", "all") or \
            ir["src"].startswith("role:"):
        return intents
    return [{"kind": "query", "topic": "path", "target": ir["src"], "dst": ir["dst"]}]


SERVICE_HINT = re.compile(r"(?i)e ?m ?b ?b|broadband|broadcast|motion|video|stream|camera|cctv|bandwidth|throughput|"
                          r"[mgk]bps|[mgk]bit|gig|meg|u ?r ?l ?l ?c|low[- ]latency|reliab|"
                          r"critical|robot|surg|m ?m ?t ?c|iot|sensor|devices?|meters?|v ?2 ?x|vehic|automotive|\bcars?\b|truck|"
                          r"drone|\bar\b|\bvr\b|gaming|massive|ultra|machine|nines|hundred|thousand|million|dozen|same|usual|"
                          r"sst\s?\d|wi-?fi|\bfans?\b|backup|radiolog|\bmri\b|imaging|pacs|tracker|collars?|"
                          r"like (?:last|before|the|that|yesterday)|as before|again|(?<![\w-])\d|"
                          + "|".join(re.escape(w) for ws in (*SERVICE_WORDS.values(), *USE_CASES.values()) for w in ws))
"""What tells a new slice's service or sizes it (the services' words and use cases too): without any, "Set up a slice
at the port." leaves the service open. A bandwidth alone (:data:`BANDWIDTH_FIGURE`) tells none: "Create a slice for the
port, 200 Mbps." is refused by every writer who wrote it (14 studied texts), while those who gave a bandwidth with a
use ("a slice called crowd-wifi for the fans, 3 gigs", "a backup slice at the cloud, 5 Gbps") got their slice. Nor does a
latency alone (:data:`LATENCY_STATED`): "Slice at the port with 10 ms latency" is refused by the six studied writers who
wrote one so, "a low-latency slice ..., 10 ms" is URLLC for the six who did."""
BANDWIDTH_FIGURE = re.compile(r"(?i)(?<![\w.])\d+(?:[.,]\d+)?\s*(?:[mgk]bps|[mgk]bits?(?:/s)?|gigs?|megs?|gb/?s?|mb/?s?)(?!\w)")
"""A bandwidth as written ("200 Mbps", "3 gigs"), which sizes a slice of any service."""
CLOCKED = re.compile(r"(?i)\b\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)(?![\w.])|\b\d{1,2}:\d\d\b|\b\d{1,2}(?:st|nd|rd|th)\b|"
                     r"\b\d{3,4}h\b")
"""Times and dates, whose figures size nothing ("a slice at the campus from 08:00 to 18:00, dedicated" has no service)."""


COMMERCIAL = re.compile(r"(?i)\bhow much (?:is|are|does|do|will|would|should|did)\b[^.;!?\n]{0,80}?"
                        r"\b(?:cost|pay|charge|credit|fee|price)\w*|"
                        r"\b(?:send|resend|re-send|issue|e-?mail|forward|correct)\b[^.;!?\n]{0,40}?"
                        r"\b(?:invoices?|credit notes?|refunds?|quotations?)\b|"
                        r"\b(?:send|resend|issue|e-?mail|forward)\s+(?:(?:me|us|them)\s+)?(?:the\s+|an?\s+)?"
                        r"(?:amended |new |signed |updated )?contracts?\b|"
                        r"\b(?:commercial|pricing|billing) plan\b|"
                        r"\bwrite\b[^.;!?\n]{0,40}?\b(?:post(?!-)|press release|blog|tweet|newsletter|brochure)\b")
"""An ask about money, contracts or publicity ("If we miss the 99.99 % SLA at the port, how much is the service credit?",
"resend last month's invoice", "move robot-cells to the Gold commercial plan", "write a LinkedIn post announcing ..."), not
a request that mentions money ("... so we avoid penalties", "the refund kiosks"): no network can answer it. Out of scope
alone in a sentence with no rate or latency in it, or where all the model reads beside it is a slice named with nothing to
change (:func:`asks_nothing_else`); a clause of it that names no node is left out of a clause-by-clause reading."""


def asks_nothing_else(intents: list[dict[str, Any]], text: str) -> bool:
    """Whether a text that asks about money (:data:`COMMERCIAL`) asks nothing of the network: all the model reads is a
    change of a slice it names with nothing to change ("Could you issue a credit note for the duplicate matchday line?"
    read as "modify name=matchday at=stadium"), sites counted as nothing where the text moves no site (no word to add,
    remove, cover, extend or move)."""
    if not intents or not COMMERCIAL.search(text):  # most requests: the site words below are read only for money asks
        return False
    moves_sites = ADDS.search(text) or meaning.DELETE.search(fold(text)) or \
        re.search(r"\b(?:cover|extend|expand|mov|put|shift|transfer)", text, re.I)
    return all(ir["kind"] == "slice.modify" and set(ir) <= {"kind", "name", *(() if moves_sites else ("sites",))}
               for ir in intents)


OTHER_SYSTEM = re.compile(r"(?i)\b(?:route[- ]tables?|security[- ]groups?|transit[- ]gateways?|vpcs?|ssids?|antennas?|"
                          r"ephemeris|satellites?|hlr|hss|modems?|whitelist|allowlist)\b")
"""Systems of a partner's domain that the IR does not manage: a public cloud's VPCs, a satellite operator's antennas and
ephemeris, a venue's Wi-Fi SSIDs, a roaming partner's HLR."""
NETWORK_WORDS = re.compile(r"(?i)\b(?:slices?|embb|urllc|mmtc|miot|v2x|block\w*|rate[- ]limit\w*|limit\w*|cap|caps|capp\w*|"
                           r"throttl\w*|route(?![- ]tables?)\w*|rerout\w*|via|avoid\w*|polic(?:y|ies)|rules?|fedft|federated|"
                           r"split|learning|train\w*|latency|bandwidth|[kmg]bps|[kmg]bit\w*|\d\s*ms|topology|alarms?|telemetry|"
                           r"isolat\w*|ddos|zero[- ]touch|closed[- ]loop|reach\w*|traffic)\b")
"""Words of an ask the IR can express."""


def other_system(text: str, grounder: Grounder) -> bool:
    """Whether ``text`` asks only about a partner's own systems (:data:`OTHER_SYSTEM`): it names none of this network's
    nodes and none of the words of an ask the IR expresses ("Can you add 10.20.0.0/16 to the route table of our VPC and
    propagate it to the transit gateway?", "Please reposition satellite SAT-14 two degrees east")."""
    return bool(OTHER_SYSTEM.search(text)) and not NETWORK_WORDS.search(text) and not grounder.spans(text, roles=True)


DEVICE_CONFIG = re.compile(r"(?i)^\W*(?:please\s+|pls\s+|can you\s+|could you\s+)?"
                           r"(?:set|enable|disable|configure|create|add|tag|convert|translate|upgrade|reboot|restart|rotate|"
                           r"change)\s+(?:(?:a|an|the|this|our|my|all)\s+)?"
                           r"(?:(?!(?:slices?|route|block|limit|cap|polic\w*|rules?|jobs?|on|at|for|from|in)\b)[\w'-]+\s+){0,3}?"
                           r"(?:mtu|vrf|bgp|ospf|is-is|isis|route-maps?|prefix-lists?|vlans?|lacp|"
                           r"spanning[- ]tree|bfd|firmware|snmp community|community strings?|syslog server|junos|ansible|"
                           r"hostname|ntp server|dns server)\b")
"""A one-sentence order to configure what the intent IR cannot express ("set MTU 9216 on the core-1 to core-2 link",
"create a VRF called IOT-MGMT on agg-south", "enable OSPF area 0 on agg-north"): out of scope, whatever the model makes
of its nodes."""
HANDS_ON = re.compile(r"(?i)^\W*(?:(?:please|pls|can you|could you)\s+)?"
                      r"(?:power[- ]?cycle|reboot|order\s+(?!\d+\s*/|supersedes\b)(?=\w)|"
                      r"dispatch\s+(?:an?|the|some|more|two|three|\d+)\s)"
                      r"(?![^.;!?\n]*?\b(?:slices?|jobs?|training|fedft|split|route|block|limit|rules?|polic\w*|embb|urllc|"
                      r"mmtc|v2x|learning|classifier|detector|adapter)\b)")
"""A one-sentence order for hands or a purchase ("can you power cycle gnb 5, it's frozen", "order a spare sfp for agg-east",
"Dispatch two ambulances to the port"), not an order in the other sense ("Order 14/2025 supersedes order 11. ...") nor
one for what the network does ("Order a new embb slice for the stadium", "Dispatch the training to the edge nodes"): no
intent of the IR does it, whatever the model makes of the node it names."""


OVER_FULL = re.compile(r"(?i)\b(?:reliab\w*|availab\w*)\b[^.;,\n]{0,30}?(?<![\w.,])(\d{3,}(?:\.\d+)?)\s*(?:%|percent|per cent)"
                       r"(?!\s*(?:load|util\w*|capacity|usage|more|higher|of)\b)|"
                       r"(?<![\w.,])(\d{3,}(?:\.\d+)?)\s*(?:%|percent|per cent)\s+(?:reliab|availab)\w*")
"""A reliability stated above 100 % ("is necessary a reliability of 120 % for the urllc of hospital-2")."""


CAPPED = re.compile(r"(?i)(?<!\bthe )(?<!\ba )(?<!\bno )(?<!\bold )(?<!\bany )(?<!\bthat )"
                    r"\b(?:cap|caps|capping|throttle|rate[- ]?limit|limit|police)\s+(?:the\s+|all\s+|its\s+|their\s+)?"
                    r"(?:[\w-]+(?:'s|’s)?\s+){0,3}?(?:traffic|flows?|uplink|downlink|bandwidth|throughput|backhaul)\b")
"""Traffic asked to be capped ("Cap hospital-2's traffic to the cloud."), not a cap told of ("the old limit on ...")."""


ANY_SOURCE = re.compile(r"(?i)\b(?:any\w*|every\w*|all|whatever|wherever|whoever|from(?!\s+\d)|source|sources|incoming|"
                        r"inbound|heading|destined|bound|going)\b")
"""Words that give a route its source, or say it is any ("traffic from anywhere to cloud-dc", "everything going into
hospital-1"): without them, "route to the cloud lowest latency" names no source, and the model's "any" is a guess."""


def rate_missing(intents: list[dict[str, Any]], text: str) -> bool:
    """Whether the text asks traffic capped (:data:`CAPPED`) and writes no figure (outside node ids) nor rate word, where
    the model wrote a plain route for it: the rate is the one value a cap needs (of the studied gold, 20 such texts are
    refused as ambiguous; the 7 caps translated give their rate)."""
    t = text.casefold()
    return any(not meaning.negated(t, m.start()) for m in CAPPED.finditer(t)) and \
        not re.search(r"\d", NAME_WITH_DIGITS.sub("", text)) and \
        not re.search(r"(?i)\b(?:gigs?|megs?|gigabit|megabit|kilobit|terabit)", text) and \
        not any(ir["kind"] == "sdn.rate_limit" or ir.get("rate_mbps") for ir in intents) and \
        any(ir["kind"] == "sdn.route" and set(ir) <= {"kind", "src", "dst"} for ir in intents)


OVER_FULL_SAID = re.compile(r"(?i)\b(?:reliab\w*|availab\w*)\s*(?:of|at|=|:|to|is)?\s*(?<![\w.,])(\d{3,}(?:\.\d+)?)\s*"
                            r"(?:%|percent|per cent)|"
                            r"(?<![\w.,])(\d{3,}(?:\.\d+)?)\s*(?:%|percent|per cent)\s+(?:reliab|availab)\w*")
"""A reliability above 100 % said right by its word ("150 % reliability", "reliability of 120 %"), which refuses the text
even where the model wrote a valid one; not a share near it ("99.999 % reliability and 200 % bandwidth headroom")."""


def over_full(text: str, said: re.Pattern[str] = OVER_FULL) -> str | None:
    """The reliability ``text`` states above 100 % (:data:`OVER_FULL`, or ``said``), as written; None when it states none."""
    return next((f"{v} %" for m in said.finditer(text) if float(v := m[1] or m[2]) > 100), None)


LEARNING_JOB = re.compile(r"(?i)\b(?:federated|split[- ]learn\w*|fl (?:job|run)s?|fedft|splitfed|epsl|training (?:job|run)s?|"
                          r"(?:detector|classifier|adapter|model)s? training|"
                          r"fine-?tun\w* (?:job|run)s?|learning (?:job|run)s?)\b")
JOB_STATE = re.compile(r"(?i)\b(?:state|status|progress|still (?:going|running)|how far|finished|done yet|died?|stuck|"
                       r"converg\w*)\b")


def job_state_query(text: str, grounder: Grounder) -> dict[str, Any] | None:
    """The models query a question about a learning job's state asks ("is the split learning run on the gNBs still
    going?"), which the model refuses as out of scope (the gold of all 9 such texts of the studied corpora holds one).
    None for a text that asks no such thing."""
    if not (LEARNING_JOB.search(text) and JOB_STATE.search(text) and (
            ASKS_SOMETHING.search(text) or re.match(r"\W*(?:is|are|did|has|have)\b", text, re.I))):
        return None
    named = {node for _, node in grounder.mentions(text, roles=True)}
    return {"kind": "query", "topic": "models", **({"target": named.pop()} if len(named) == 1 else {})}


MODEL_WORDS = {"anomaly_detector": r"anomal|detect|\bids\b|intrusion|ddos|attack|threat|security|nsl|kdd",
               "intent_classifier": r"intent|classif",
               "hub_adapter": r"\bhub\b|adapter|\bllm\b|lora|translator|language model|gemma"}
"""Words that name each model a learning job trains: all but one of the studied corpora's 1,570 jobs (a Russian text)
have one."""


def models_named(text: str) -> list[str]:
    """The models ``text`` names in a word of theirs (:data:`MODEL_WORDS`)."""
    return [model for model, words in MODEL_WORDS.items() if re.search(words, text.casefold())]


def with_named_model(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Learning jobs whose model the text names in no word, with the one model it does name ("fine-tune the intent
    classifier" read as the anomaly detector)."""
    said = models_named(text)
    return [{**ir, "model": said[0]} if ir["kind"].startswith("learn.") and len(said) == 1 and ir["model"] != said[0]
            else ir for ir in intents]


SAME_TRIGGER = re.compile(r"(?i)\b(?:the\s+)?same\s+(?:trigger|event|condition|alarm)\b")
"""A rule that takes the event of the rule before it ("On gnb-6 the same trigger should only raise an alert")."""


BOTH_AUTOMATIC = re.compile(r"\b(?:both|each|every one|all of them)\s*[,:]?\s*(?:of them\s+)?(?:(?:are|should be|to be)\s+)?"
                            r"(?:without (?:asking|approval)|automatic(?:ally)?|no approval|hands[- ]off)\b")
"""Automation said of all the rules at once ("Two policies for the ring, both without asking: ...")."""
SOME_BY_HAND = re.compile(r"\b(?:except|but|once|until|previously|manual\w*|by hand|review\w*|person|ok|okay|not|never)\b|n't\b")
"""Words that leave some rule asked first or the automation for later ("all automatic except the one on core-1")."""


def one_mode(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Every zero-touch rule automatic where the text says so of them all, asks no approval and leaves none by hand
    (:data:`SOME_BY_HAND`) ("Two policies for the aggregation ring, both without asking: ..." read with the second one
    approve-first)."""
    t = fold(text)
    if not BOTH_AUTOMATIC.search(t) or meaning.ASK_FIRST.search(BOTH_AUTOMATIC.sub(" ", t)) or SOME_BY_HAND.search(t) or \
            sum(ir["kind"] == "ztn.policy" for ir in intents) < 2:
        return intents
    return [{**ir, "mode": "auto"} if ir["kind"] == "ztn.policy" else ir for ir in intents]


def same_trigger(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """The zero-touch rule of a clause that says "the same trigger" and names no event, with the last event the text
    names before it ("a congestion policy on gnb-3 ... On gnb-6 the same trigger should only raise an alert" read as a
    link failure): the rule is the one watching the clause's nodes."""
    t, rules = fold(text), [ir for ir in intents if ir["kind"] == "ztn.policy" and "trigger" in ir]
    for m in SAME_TRIGGER.finditer(t):
        lo, hi = meaning.sentence_around(t, m.start(), m.end())
        before = [(e.start(), event) for event, words in meaning.EVENTS.items() for e in words.finditer(t, 0, lo)]
        if not before or any(words.search(t, lo, hi) for words in meaning.EVENTS.values()):
            continue
        nodes = {n for *_, n in grounder.spans(text[lo:hi], roles=True)}
        watching = [ir for ir in rules if nodes & set(ir["trigger"].get("scope", ()))]
        if len(watching) == 1:
            watching[0]["trigger"] = {**watching[0]["trigger"], "event": max(before)[1]}
    return intents


ANYWHERE = re.compile(r"(?i)\b(?:all|every\w*|any\w*|network|whole|wherever|global\w*|everything)\b")
"""Words that leave a rule's scope the whole network."""
NOT_THE_SCOPE = re.compile(r"(?i)\b(?:except\w*|never|excluding|apart from|other than|outside|team|ops|around|toward\w*|"
                           r"avoid\w*|bypass\w*)\b")
"""Words that make the group a text names something other than where the rule watches ("except the core", "alert the
core team", "reroute around the transport")."""


def scope_of_own_sentence(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """A rule's scope cut to the nodes of the one sentence that names its event, where the model gave it more nodes that
    the text names only in other sentences, each an order of its own ("Add a policy: link down at agg-north -> reroute,
    with approval. Also fine-tune the anomaly detector on agg-north, agg-south and agg-east": the job's nodes are not the
    rule's; "... agg-south and agg-east need it too" widens the rule)."""
    if not any(ir["kind"] == "ztn.policy" for ir in intents):
        return intents  # every translation passes here: read the text only for a rule
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.;!?\n]+", text)]
    spans = [(a, n) for a, _, _, n in grounder.spans(text) if n in grounder.g]
    out = []
    for ir in intents:
        scope = ir.get("trigger", {}).get("scope", []) if ir["kind"] == "ztn.policy" else []
        words = meaning.EVENT_WORD.get(ir.get("trigger", {}).get("event", ""))
        own = [(lo, hi) for lo, hi in sentences if words and words.search(fold(text[lo:hi]))]
        if len(own) == 1 and scope and all(n in grounder.g for n in scope):
            lo, hi = own[0]
            inside = [n for n in scope if any(lo <= a < hi and m == n for a, m in spans)]
            outside = [n for n in scope if n not in inside]
            others = [text[a:b] for a, b in sentences if (a, b) != own[0] and any(a <= c < b for c, m in spans if m in outside)]
            if inside and outside and all(any(m == n and not lo <= a < hi for a, m in spans) for n in outside) and \
                    all(re.search(rf"(?i)\b(?:{VERB}|fine-tune|train|federat\w*|split)", o) for o in others):
                ir = {**ir, "trigger": {**ir["trigger"], "scope": inside}}
        out.append(ir)
    return out


def scope_said(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """Zero-touch rules read as network-wide, scoped to the one group the text names and nothing else ("Anomalies in the
    transport: isolate the node" read as scope all)."""
    spans, t = grounder.spans(text, roles=True), fold(text)
    if len(said := {n for *_, n in spans}) != 1 or not (role := next(iter(said))).startswith("role:") or \
            ANYWHERE.search(text) or NOT_THE_SCOPE.search(text) or \
            not all(re.search(r"\b(?:in|on|at|across|within|from|of)\s+$", t[:a]) for a, *_ in spans):
        return intents
    return [{**ir, "trigger": {**ir["trigger"], "scope": [role]}}
            if ir["kind"] == "ztn.policy" and ir.get("trigger", {}).get("scope") == ["all"] else ir for ir in intents]


SOURCE_SAID = re.compile(r"\b(?:from|between|among|amongst|within|inside|each other|one another|themselves|out of|leaving|"
                         r"sent by|originat\w*|other)\b|\w-to-\w")
"""Words that give a flow its source, or make a group talk within itself ("between the edge nodes", "edge-to-edge")."""
ONLY_AS_TARGET = re.compile(r"\b(?:to|into|towards?)\s+(?:(?:every|all|each|any|the|all the|all of the)\s+)?$")
"""Before the one group a text names, as where traffic goes ("Drop telnet to every edge node")."""


def source_unsaid(intents: list[dict[str, Any]], reading: meaning.Reading) -> list[dict[str, Any]]:
    """Blocks and limits from a group to itself where the text names the group once, as where traffic goes, and gives no
    source ("Drop telnet to every edge node" read from the edges to the edges): from everywhere, the model copied the one
    group it read into both ends."""
    t = reading.t
    if SOURCE_SAID.search(t):
        return intents

    def to_group(ir: dict[str, Any]) -> bool:
        at = [a for a, _, _, n in reading.spans if n == ir.get("src")]
        return len(at) == 1 and bool(ONLY_AS_TARGET.search(t, max(0, at[0] - 25), at[0]))
    return [{**ir, "src": "any"} if ir["kind"] in ("sdn.block", "sdn.rate_limit") and ir.get("src") == ir.get("dst") and
            str(ir.get("src")).startswith("role:") and to_group(ir) else ir for ir in intents]


VANILLA_SAID = re.compile(r"(?i)\b(?:vanilla|plain|basic|standard|classic|simple|ordinary|regular|normal|sequential|default|"
                          r"textbook|one client at a time)")
"""The words of plain split learning (every studied vanilla job has one)."""
EVERY_NODE = re.compile(r"(?i)\b(?:all|every\w*|each|whole|entire|network[- ]?wide|fleet|across|everything|any|throughout|"
                        r"everywhere)\b")
"""The words of a job on every node (every studied job on ``all`` has one)."""


def job_said(intents: list[dict[str, Any]], text: str, reading: meaning.Reading) -> list[dict[str, Any]]:
    """``intents``, unless a learning job carries a required setting the English text does not give: the model's
    defaults, plain split learning ("Split learning of the intent classifier on the edge nodes, 20 rounds") or every
    node ("Fine-tune the anomaly detector, 10 rounds, FedAvg"), which are ``ambiguous``."""
    jobs = [ir for ir in intents if ir["kind"].startswith("learn.")] if reading.english else []
    if any(ir["kind"] == "learn.split" and ir.get("method") == "vanilla" for ir in jobs) and not VANILLA_SAID.search(text):
        raise DecodeError("ambiguous", "which split learning method? say vanilla, parallel, EPSL, SplitFed v1 or v2")
    if any(ir.get("nodes") == ["all"] for ir in jobs) and not EVERY_NODE.search(text):
        raise DecodeError("ambiguous", "on which nodes should the job train? the request names none")
    return intents


DONE_BEFORE = re.compile(r"(?i)(?:^|(?<=[.;!?\n]))[^.;!?\n]*?\b(?:already|yesterday|last (?:week|night|month)|earlier today)\b"
                         r"[^.;!?\n]*(?:[.;!?\n]|$)")
"""A sentence that tells of something done before ("We already blocked SSH into core-1 yesterday.")."""
DONE_VERB = re.compile(r"(?i)\b(?:blocked|capped|limited|throttled|rate-limited|rerouted|pinned|isolated|closed)\b")
"""What such a sentence tells done: a block, a limit or a route already in place."""


def done_before(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Without a block or limit of a named service (ssh, https, ...) the text names only where it tells what was done
    before ("We already blocked SSH into core-1 yesterday. Today, also block HTTPS from gnb-2 to core-1" read as two
    blocks), where another intent stays."""
    done = [m.span() for m in DONE_BEFORE.finditer(text) if DONE_VERB.search(m[0])]
    if not done or len(intents) < 2:
        return intents

    def told_done(ir: dict[str, Any]) -> bool:
        words = [w for w, (_, port) in APP_PORTS.items() if port == ir.get("port")]
        said = [m.start() for w in words for m in re.finditer(rf"\b{w}\b", text, re.I)]
        return bool(said) and all(any(a <= at < b for a, b in done) for at in said)
    kept = [ir for ir in intents if not (ir["kind"] in ("sdn.block", "sdn.rate_limit") and told_done(ir))]
    return kept or intents


ACTION_LEFT_OPEN = re.compile(r"(?i)\b(?:do something|do what(?:ever)? (?:it|you) (?:can|takes|think)|handle it|deal with it|"
                              r"(?:to|that|which|will|should|must) (?:deal with|handle|cope with|tackle|counter|fight) "
                              r"(?:the |any |those |these )?(?:ddos|attacks?|congestion|anomal\w*|outages?|link failures?)"
                              r"(?:\s+(?:attacks?|there|at [\w-]+))?(?=\s*(?:[.!?]|$|automatically|please))|"
                              r"take (?:care of it|action|some action|measures)|sort it out|act on it|react|respond)\b")
"""Words that ask a rule to act without saying how ("do something about it automatically", "a policy for the stadium to
deal with DDoS attacks")."""
ALERT_SAID = re.compile(r"(?i)\b(?:alert\w*|alarm\w*|notif\w*|pag(?:e|es|ed|ing)|tell|told|warn\w*|flag\w*|"
                        r"let (?:me|us|ops|them|the [\w-]+) know|e-?mail\w*|mail|messag\w*|ping\w*|tickets?|inform\w*|"
                        r"report\w*|heads[- ]up|escalat\w*|raise|log|logs|logging|syslog|traps?|incidents?|dashboards?|slack|"
                        r"teams|texts?|sms|call|wake|signal\w*|announce\w*|monitor\w*|watch\w*|observe|keep an eye|"
                        r"no (?:automatic )?action)\b")
"""The words that ask a rule to tell someone or only to watch ("be told", "open an incident", "post to Slack")."""


ACTION_SAID = {"alert": ALERT_SAID,
               "reroute": re.compile(r"(?i)\b(?:re-?rout\w*|rout(?:e|ing) (?:it |them |traffic )?(?:around|away|elsewhere)|"
                                     r"divert\w*|fail\w*[ -]?over|detour\w*|steer\w*|redirect\w*|alternat\w* paths?|"
                                     r"other paths?)\b"),
               "isolate": re.compile(r"(?i)\b(?:isolat\w*|quarantin\w*|cut\w* (?:\S+ )?off|disconnect\w*|fenc\w*|"
                                     r"sever\w*|island\w*|block\w*|shut\w*)"),
               "rate_limit": re.compile(r"(?i)\b(?:rate[- ]?limit\w*|throttl\w*|cap|caps|capp\w*|polic\w*|shap\w*|"
                                        r"clamp\w*|limit (?:it|them|traffic|the traffic))\b"),
               "scale_slice": re.compile(r"(?i)\b(?:scal\w*|grow\w*|expand\w*|(?:more|extra|add\w*) capacity|upsiz\w*|"
                                         r"bigger slice)\b")}
"""The words of each action a rule may take."""


def action_said(intents: list[dict[str, Any]], text: str, reading: meaning.Reading) -> list[dict[str, Any]]:
    """``intents``, unless a rule takes an action the English text does not name where it leaves the action open
    (:data:`ACTION_LEFT_OPEN`): the model's default action ("When there's congestion at the port, do something about
    it automatically", "If gnb-3 gets congested, deal with it automatically": a reroute there), which is ``ambiguous``."""
    if reading.english and ACTION_LEFT_OPEN.search(text) and any(
            ir["kind"] == "ztn.policy" and not ACTION_SAID[ir["action"]].search(text) for ir in intents):
        raise DecodeError("ambiguous", "what should the rule do when it fires? the request names no action: say alert, "
                                       "isolate, reroute, rate-limit or scale the slice")
    return intents


PLACE_WORD = re.compile(r"\b(?:at|for|on|in|to|into|across|covering|covers?|over|each|every|both|all|sites?|cells?|there|"
                        r"here|where|near|around|between|from|along|throughout|everywhere|whole|entire|network|city|metro)\b|"
                        r"\w-?wide\b")
"""Words that may place a slice somewhere; a text without any places none."""
ENGLISH_ORDER = re.compile(r"\b(?:a|an|the|create|give|set up|make|add|need|want|provision|spin up|book)\b")
"""English words of an order for a slice ("Create a URLLC slice"), which a text in another language lacks."""


THEIR_CELLS = re.compile(r"\b(?:its|their|the sites?'s?|that site'?s)\s+(?:own\s+)?"
                         r"(?:cells?|base stations?|gnbs?|gnodebs?|radios?)\b")
"""A site's cells named through the site ("the port and its cell")."""


def spoken_nodes(reading: meaning.Reading, grounder: Grounder, listed: list[list[str]]) -> Callable[[str], bool]:
    """Whether the text (``reading``) speaks of a node: by name, in a range or list (``listed``,
    :func:`said_nodes`), through a role, or, for a numbered node, through its kind in the plural or after "each",
    "every", "both" or "all"; the model names nodes no word of the text does."""
    said, t = said_nodes(reading, listed), reading.t
    roles = {s.removeprefix("role:") for s in said if s.startswith("role:")}

    def spoken(n: str) -> bool:
        if n in said or n not in grounder.g or grounder.g.nodes[n].get("role") in roles:
            return True
        if not re.search(r"-\d+$", n):
            return worded(n, t)
        if grounder.g.nodes[n].get("role") == "ran" and THEIR_CELLS.search(t):
            return True  # "for the port and its cell"
        kinds = [w for w in node_words(n) if not re.search(r"\d", w)]
        return bool(re.search(rf"\b(?:{'|'.join(map(re.escape, map(plural, kinds)))})\b|"
                              rf"\b(?:each|every|both|all|either)\s+(?:of\s+the\s+)?(?:{'|'.join(map(re.escape, kinds))})", t))
    return spoken


def invented_sites(intents: list[dict[str, Any]], text: str, grounder: Grounder,
                   reading: meaning.Reading, listed: list[list[str]]) -> list[dict[str, Any]]:
    """New slices without the sites the English text never speaks of (:func:`spoken_nodes`) beside one it names
    ("URLLC anchored on gNodeB 2, the cell that covers their line: 3 ms" read at gnb-2 and gnb-3); a new slice the text
    presents as one it has, by name, at no site it names, is a change of that slice ("Cap the meters slice at 80,000
    devices" read as a new mMTC slice at the port); a new slice of an English order with no word that places anything
    is refused: the model made the place up ("Create a URLLC slice: 5 ms, 99.999 %")."""
    if not reading.english:
        return intents
    spoken, t, out = spoken_nodes(reading, grounder, listed), reading.t, []
    for ir in intents:
        if ir["kind"] != "slice.create" or not ir.get("sites"):
            out.append(ir)
            continue
        if (kept := [n for n in ir["sites"] if spoken(n)]) and len(kept) < len(ir["sites"]):
            ir["sites"] = kept
        elif not kept and len(intents) == 1 and not NEW_SLICE.search(text) and ENGLISH_ORDER.search(t) and \
                len(names := slice_names(presented_slices(text), grounder)) == 1:
            ir = {"kind": "slice.modify", "name": names.pop(),
                  **{k: v for k, v in ir.items() if k not in ("kind", "service", "sites", "name")}}
        elif not kept and not PLACE_WORD.search(t) and ENGLISH_ORDER.search(t):
            raise DecodeError("ambiguous", "where should the new slice run? the request names no site: say which site or "
                                           "cell")
        out.append(ir)
    return out


CELL_AFTER = re.compile(r"(?i)(?:'s?)?\s+(?:(?:cells?|base stations?|gnbs?|gnodebs?|radios?)\b|"
                        r"(?:and|&)\s+(?:the\s+)?[a-z-]+\s+cells\b)")
"""What follows a site named as where a cell is ("the stadium cell", "the port's base station", "farm and port cells")."""
CELL_BEFORE = re.compile(r"\b(?:the\s+)(?:cells?|base stations?|gnbs?|gnodebs?)\s+(?:at|of|serving|covering)\s+(?:the\s+)?"
                         r"(?:[\w-]+\s*(?:,|and|&)\s*(?:the\s+)?)?$", re.I)
"""What comes before a site named as where a cell is ("the cells at factory-1 and the port")."""


def without_cell_sites(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """``intents`` without a site the text names only to say where a cell is, beside the cell itself ("on gnb-8, the
    smart-farm cell" read as nodes gnb-8 and smart-farm)."""
    t, spans, ran = fold(text), grounder.spans(text), set(resolve(grounder.g, "role:ran"))
    def as_cell(node: str, nodes: Collection[str] = ()) -> bool:
        at = [(a, b) for a, b, _, n in spans if n == node]
        return bool(at) and grounder.g.nodes[node].get("role") == "site" and \
            all(CELL_AFTER.match(t, b) or CELL_BEFORE.search(t[max(0, a - 60):a]) for a, b in at) and \
            (not nodes or bool(ran & set(grounder.g.neighbors(node)) & set(nodes)))  # its own cell is there
    def kept(nodes: Any) -> Any:
        cells = [n for n in nodes if n in grounder.g and as_cell(n, nodes)] if isinstance(nodes, list) else []
        if not cells:
            return nodes
        return [n for n in nodes if n not in cells]
    out = []
    for ir in intents:
        ir = {k: kept(v) if k in ("sites", "nodes", "via", "avoid") else v for k, v in ir.items()}
        if isinstance(ir.get("trigger"), dict) and "scope" in ir["trigger"]:
            ir["trigger"] = {**ir["trigger"], "scope": kept(ir["trigger"]["scope"])}
        out.append(ir)
    def cells_only(ir: dict[str, Any]) -> bool:  # "on gnb-2 and gnb-7 (the cells at factory-1 and the port)": one job
        return bool(nodes := ir.get("nodes") or ir.get("sites")) and any(
            o is not ir and o["kind"] == ir["kind"] and all(n in grounder.g and as_cell(n, o.get("nodes") or o.get("sites") or ())
                                                            for n in nodes) for o in out)
    return [ir for ir in out if not cells_only(ir)]


VENUE_NAMED = re.compile(
    r"(?i)(?<!users )(?<!people )(?<!visitors )(?<!fans )(?<!customers )(?<!staff )(?<!guests )\b(?:at|on|in|near|across|"
    r"around|inside|outside)\s+the\s+(?:new\s+|old\s+|city\s+|north\s+|south\s+|east\s+|west\s+)?("
    r"cathedral|church|mosque|temple|synagogue|(?:convention|exhibition|conference|shopping|data|call|sports|leisure|medical|"
    r"distribution|logistics) (?:centre|center)|airport|arena|mall|library|museum|school|(?:train|railway|bus|fire|police|"
    r"petrol|power) station|theatre|theater|hotel|warehouse|science park|business park|data lake|racecourse|velodrome|"
    r"opera house|concert hall|town hall|city hall|marina|ferry terminal|zoo|aquarium|casino|prison|courthouse|embassy|"
    r"substation|reservoir|quarry|mine|brewery|vineyard|golf course|ski resort|cinema|nightclub|pier|lighthouse|"
    r"observatory)(?![\w-])")
"""A place the text puts something at that no node is ("Any alarms on the cathedral?", "the same again at the convention
centre"), unless an alias names it: the model reads it as the nearest node or drops it."""


NAMED_PLACE = re.compile(r"\bthe (?!(?:Smart|First|Second|Third|North|South|East|West|Main|Old|New|Big|Other|Whole|Same|City|"
                         r"Metro|Local|Regional|Primary|Secondary|Backup|Central|Core|Edge|Cloud|Port|Campus|Stadium|Farm|"
                         r"Hospital|Factory|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
                         r"March|April|May|June|July|August|September|October|November|December|Christmas|Easter|"
                         r"Halloween|Summer|Winter|Spring|Autumn|Fall)\b)([A-Z][a-z]{2,}) "
                         r"(data cent(?:re|er)|DC|hospital|factory|stadium|campus|port|farm)\b"
                         r"(?!\s+(?:concert|fair|match|game|event|show|festival|party|open day|gig|tour)\b)")
"""A node kind qualified by a place's proper name ("the Leeds data centre"): one of another network, not ours."""


_NO_CLOCK = r"(?:2[5-9]|[3-9]\d|24(?=:(?!00))|[01]?\d(?=:[6-9])|2[0-4](?=:[6-9])):\d\d"
NO_CLOCK = re.compile(rf"(?i)(?:\b(?:at|until|till|to|from|by|air|starts?|ends?|window|between|and)\s+|[-–→]\s*)"
                      rf"(?P<said>{_NO_CLOCK})(?![\d:])|(?<![\d:.,/])(?P<ranged>{_NO_CLOCK})"
                      r"(?=\s*(?:-|–|to|until|till)\s*\d|\s*(?:am|pm|h|hrs|o'?clock)\b)")
"""A time of day that is none ("off air 25:10", "until 18:75", "25:00 to 03:00"), which the model writes as one that
is; said as a time (after "at", "until", "air", ... or before another time), not a ratio ("split 60:40")."""


def unnamed_model(intents: list[dict[str, Any]], text: str) -> str | None:
    """The model of a learning job the text names in no word ("run FL across the edge nodes for 10 rounds"): the model's
    guess, which is not applied; None when every job's model is named."""
    said = models_named(text)
    return next((ir["model"] for ir in intents if ir["kind"].startswith("learn.") and ir["model"] not in said), None)


STRATEGIES = ("fedavg", "fedprox", "trimmed_mean", "krum", "hetlora")
"""The aggregation strategies :data:`ENUM_WORD` names ("median" is too common a word to read as one)."""
LOCAL_EPOCHS = re.compile(r"(?i)\b(?:local[ _]epochs?|e_?local|epochs? per round)\**\s*[=:]?\**\s*(\d+)\b|"
                          r"\b(\d+)\s+(?:local\s+epochs?|epochs?\s+per\s+round)\b")
"""A job's local epochs stated as a setting ("local_epochs=4", "E_local=3", "3 local epochs")."""
ROUNDS = re.compile(r"(?i)(?<!\bafter )(?<!\blike )(?<!\bthan )\b(?:rounds\**\s*[=:]?\**\s*(\d+)|(\d+)\s+rounds)\b"
                    r"(?!\s+(?:like|as|without|of)\b)")
"""Rounds stated as a setting ("rounds=20", "--rounds 8", "**Rounds:** 12", "10 rounds"), not "after 5 rounds without
improvement"."""
FIRST_LAYERS = re.compile(r"(?i)\b(?:keeps?|holds?|runs?|hosts?)\s+(?:only\s+)?(?:the\s+)?first\s+"
                          r"(?:(\d|one|two|three|four|five|six)\s+)?layers?\b|"
                          r"\bfirst\s+(?:(\d|one|two|three|four|five|six)\s+)?layers?\s+(?:on|at|stay on|run on)\s+"
                          r"the\s+(?:clients?|devices?|nodes?|sites?|edges?|cells?)\b")
"""Where a split job cuts, told as the layers its clients keep ("the clients keep the first two layers", "the devices
keep only the first layer"): the cut layer is their count."""


CUT_AT = re.compile(r"\b(?:split|cut|splitting|cutting)\b[^.;\n]{0,60}?\b(?:at|after)\s+layer\s+(\d+)\b")
"""Where a split job cuts, told as the layer ("Split the anomaly detector at layer 3 across the gNBs")."""


PERCENT_NINES = r"9\d(?:\.\d+)?\s*%"
"""A percentage of 90 or more, as a reliability is written ("99.9%")."""
RELIABILITY_STATED = re.compile(rf"(?<![\w.]){PERCENT_NINES}(?=[ \t]*(?:\w+[ \t]+)?(?:uptime|availab\w*|reliab\w*|sla)\b)|"
                                rf"\b(?:reliab\w*|uptime|availab\w*|sla)\W{{1,3}}(?:\w+\W{{1,3}})?{PERCENT_NINES}|"
                                r"\b(?:two|three|four|five|six|[2-6])\s+nines\b|"
                                r"(?<=, )99(?:\.\d+)?\s*%(?=\s*(?:[,;)]|\.(?!\d)|$|and\b|dedicated\b|shared\b))", re.I)
"""A reliability as a figure: 99 % or more with its word ("99.9% uptime", "availability: 99.99 %"), or nines ("five
nines"), or 99 % or more alone among a slice's settings ("eMBB, 2.5 Gbps, 99.99 %, dedicated")."""
KEPT_FIGURE = re.compile(r"\b(?:keep\w*|stay\w*|remain\w*|its|their|current\w*|existing|without|drop\w*|no|is|was|were|"
                         r"ran|runs|has|had|have|old|today|last|backhaul|core|uptime was)\W+(?:\w+\W+){0,2}$", re.I)
"""Words before a figure that is not the new slice's ("the icu-video slice keeps its five nines", "no 99.9% needed", "the
backhaul SLA is 99.95%", "uptime was 99.2%")."""
TOLD_FIGURE = re.compile(r"\s*(?:uptime|availability|reliability|sla)?\s*(?:is|was|of|ran|runs|—|-|,\s*not)\b", re.I)
"""Words after a figure that tell of it rather than ask it ("99.999% uptime is for hospitals only", "95% of packets")."""
FIGURE_TAKEN_BACK = re.compile(r"\b(?:no wait|sorry|actually|instead|rather|overkill|too (?:much|high)|enough)\b", re.I)
"""Words soon after a figure that take it back ("99.999%, no wait, that's overkill")."""


SLICE_WORD = re.compile(r"\b(?:slice|embb|urllc|mmtc|miot|v2x|service|broadband|low[- ]latency|mbps|gbps|ms|devices|sensors)\b",
                        re.I)
"""A word of the new slice in the figure's sentence ("a URLLC slice ..., five nines")."""


def _the_new_slice(intents: list[dict[str, Any]], text: str, found: list[re.Match[str]], written: int) -> int | None:
    """The place in ``intents`` of the one new slice the one figure ``found`` (``written`` figures of its kind in all) is
    said for: the output's only slice, and the figure not negated, told of or said of what stays."""
    slices = [k for k, ir in enumerate(intents) if ir["kind"].startswith("slice.")]
    if len(slices) != 1 or intents[slices[0]]["kind"] != "slice.create" or len(found) != 1 or written > 1:
        return None
    at, end = found[0].span()
    if meaning.negated(text.casefold(), at) or KEPT_FIGURE.search(text, max(0, at - 40), at) or \
            TOLD_FIGURE.match(text, end) or FIGURE_TAKEN_BACK.search(text, end, end + 40) or \
            not SLICE_WORD.search(text[slice(*meaning.sentence_around(text.casefold(), at, end))]):
        return None
    return slices[0]


def stated_reliability(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one new slice of the output with the one reliability the text writes for it, when the model left it out (on the
    studied gold it fills 246 slices, each with its gold value) or wrote another (a nine too many); not a figure negated,
    told of or said of what stays."""
    found = list(RELIABILITY_STATED.finditer(text))
    if (k := _the_new_slice(intents, text, found, len(re.findall(rf"(?<![\w.]){PERCENT_NINES}", text)))) is None:
        return intents
    try:
        value = units.reliability(re.search(rf"{PERCENT_NINES}|\w+\s+nines", found[0][0], re.I)[0])
    except (units.Unreadable, units.InvalidValue):
        return intents
    return [{**ir, "reliability": value} if i == k else ir for i, ir in enumerate(intents)]


LATENCY_STATED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*ms\b", re.I)
"""A latency as the text writes it once quantities are in one notation ("20 ms")."""
PERIOD_BEFORE = re.compile(r"(?i)\b(?:every|each|per|interval|period|cycle|heartbeat|failover|recovery|convergence|reporting|"
                           r"polling|timeout|jitter)\b[^,;.]{0,20}$")
"""Words before a time that is a period or another delay, not the slice's latency ("reporting every 500 ms")."""


def stated_latency(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one new slice a text asks, alone, with the one latency the text writes, when the model left it out ("eMBB, 900
    Mbps, 20 ms, dedicated"); not a figure negated, told of or said of what stays."""
    found = list(LATENCY_STATED.finditer(text))
    if len(intents) != 1 or "max_latency_ms" in intents[0] or \
            any(PERIOD_BEFORE.search(text, max(0, m.start() - 30), m.start()) for m in found) or \
            (k := _the_new_slice(intents, text, found, len(found))) is None:
        return intents
    try:
        value = units.latency_ms(found[0][0])
    except (units.Unreadable, units.InvalidValue):
        return intents
    return [{**intents[k], "max_latency_ms": value}]


BARE_BANDWIDTH = re.compile(r"(?i)\bembb\s+(?:(?:campus|stadium|port|smart-farm|farm|cloud-dc|"
                            r"[a-z]+-\d)\s+)?(\d+(?:\.\d+)?)(?=\s+(?:at|on|for|called|named|shared|dedicated|from)\b|"
                            r"\s*[,;.]?\s*$|\s*,)")
"""A figure with no unit right after "embb" and at most its site ("embb 250 at campus", "create embb campus 300 called
open-day"): the new broadband slice's Mbit/s, as field staff write it; not a numbered node ("embb on gnb 7") nor a count
("embb for 60000")."""


def stated_bandwidth(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one new eMBB slice of the output, with no bandwidth, with the one bare figure the text writes after "embb"
    (:data:`BARE_BANDWIDTH`), when the model left it out and took the figure for nothing else."""
    found = list(BARE_BANDWIDTH.finditer(text))
    new = [k for k, ir in enumerate(intents) if ir["kind"] == "slice.create" and ir.get("service") == "embb"]
    if len(found) != 1 or len(new) != 1 or "bandwidth_mbps" in intents[new[0]] or \
            meaning.negated(text.casefold(), found[0].start(1)) or float(found[0][1]) in intents[new[0]].values():
        return intents
    return [{**ir, "bandwidth_mbps": float(found[0][1])} if k == new[0] else ir for k, ir in enumerate(intents)]


def _layers(count: str) -> int | None:
    """The number of layers a split job's clients keep, or None where it is no layer count ("the first 0 layers")."""
    try:
        return units.count(count, "cut_layer")
    except (units.Unreadable, units.InvalidValue):
        return None


def stated_settings(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one learning job of a text with the rounds, the aggregation strategy, the local epochs and the cut layer
    (:data:`FIRST_LAYERS`) the text states once, and not negated, where the model left them out ("fedft
    intent_classifier nodes=edge-* strategy=fedprox rounds=20", "split ... at layer 3"); a value the IR does not take is
    left to the model."""
    jobs = [ir for ir in intents if ir["kind"].startswith("learn.")]
    if len(jobs) != 1:
        return intents
    job, t = dict(jobs[0]), text.casefold()
    rounds = {int(m[1] or m[2]) for m in ROUNDS.finditer(t) if not meaning.negated(t, m.start(), words=4)}
    if "rounds" not in job and len(rounds) == 1:
        job["rounds"] = rounds.pop()
    said = {enum_value(m[1]) for m in ENUM_WORD.finditer(t) if not meaning.negated(t, m.start(), words=4)}
    if job["kind"] == "learn.fedft" and "strategy" not in job and len(said := said & set(STRATEGIES)) == 1:
        job["strategy"] = said.pop()
    epochs = {int(m[1] or m[2]) for m in LOCAL_EPOCHS.finditer(t) if not meaning.negated(t, m.start(), words=4)}
    if job["kind"] == "learn.fedft" and "local_epochs" not in job and len(epochs) == 1:
        job["local_epochs"] = epochs.pop()
    cuts = {_layers(m[1] or m[2] or "one") for m in FIRST_LAYERS.finditer(t) if not meaning.negated(t, m.start(), words=4)}
    cuts |= {_layers(m[1]) for m in CUT_AT.finditer(t) if not meaning.negated(t, m.start(), words=4)}
    cuts.discard(None)
    if job["kind"] == "learn.split" and "cut_layer" not in job and len(cuts) == 1:
        job["cut_layer"] = cuts.pop()
    try:
        parse_intent(job)
    except ValueError:
        return intents
    return [job if ir is jobs[0] else ir for ir in intents]


OBJECTIVE_SAID = [("bandwidth", re.compile(r"\b(?:biggest|widest|fattest|largest|highest[- ]capacity) (?:pipe|path|route)\b|"
                                          r"\bmost (?:bandwidth|capacity|headroom)\b")),
                  ("hops", re.compile(r"\b(?:fewest|least|minimum|min) (?:number of )?hops\b")),
                  ("latency", re.compile(r"\b(?:lowest|least|minimum|min) (?:latency|delay)\b"))]
"""How a text asks a route's objective in words: "biggest pipe you've got", "fewest hops", "lowest latency"."""


SLICE_WORDS = re.compile(r"\b(?:slices?|embb|urllc|mmtc|miot|v2x)\b")
"""Words of a clause that asks a slice."""


def stated_objective(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one route of a text with the one objective the text asks in words (:data:`OBJECTIVE_SAID`), not negated nor
    in a clause that asks a slice ("a URLLC slice with the lowest latency"), where the model left it out."""
    routes, t = [ir for ir in intents if ir["kind"] == "sdn.route"], text.casefold()
    if len(routes) != 1 or "objective" in routes[0]:
        return intents
    said = {goal for goal, words in OBJECTIVE_SAID for m in words.finditer(t) if not meaning.negated(t, m.start(), words=4)
            and not SLICE_WORDS.search(re.split(r"[.;\n]|,\s*and\b", t[:m.start()])[-1])}
    if len(said) != 1:
        return intents
    return [{**ir, "objective": said.pop()} if ir is routes[0] else ir for ir in intents]


NAME_FLAG = re.compile(rf"(?i)(?<![\w-])(?:-n|--name)[ =]+[\"']?{_NAME}")
"""A slice's name given as a command-line flag ("tl slice create -s urllc -n icu-video ...")."""


_NAME_END = rf"[\"'“‘`]?(?!(?:done|quits|even|off|a|an|urgent|ready|good)\b){_NAME}[\"'”’`]?(?=\s*(?:[,.;:!)]|$|and\b|please\b))"
NAME_GIVEN = re.compile(rf"(?i)\b(?:(?:name|call|label)\s+(?:it|this|this one|that|the slice|the new slice)\s+(?:as\s+)?|"
                        rf"(?:the|this)\s+new\s+slice\s+(?:is|will be|should be|shall be)\s+(?:called|named)\s+|"
                        rf"(?:the|its)\s+name\s+(?:(?:can|could|should|will|may|shall|would)\s+be|is)\s+(?=[\w]*[-_\d])"
                        rf"(?!(?:gnb|edge|agg|core|hospital|factory)-\d)){_NAME_END}")
"""A name the text gives the slice it asks for ("..., dedicated, name it fireworks-crew.", "the name can be
after-party")."""
RULE_NAMED = re.compile(rf"(?i)\b(?:(?:name|call|label)\s+(?:the|this)\s+(?:new\s+)?(?:rule|policy)\s+(?:as\s+)?|"
                        rf"(?:the|this)\s+(?:new\s+)?(?:rule|policy)\s+(?:is|will be|should be|shall be)\s+(?:called|named)\s+)"
                        rf"{_NAME_END}|"
                        r"\bset up\s+(?:(?:a\s+)?(?:new\s+)?(?:rule|policy)\s+)?"
                        r"(?!(?:gnb-\d+|(?:edge|agg)-(?:north|south|east)|core-\d|hospital-\d|factory-\d|smart-farm|cloud-dc)\s*:)"
                        r"([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+)\s*:(?!\d)(?![^.;\n]*\b(?:embb|urllc|mmtc|miot|v2x|[gm]bps)\b)")
"""A name the text gives the rule it asks for ("The rule is called edge-quarantine.", "Set up edge-north-lat: latency
breaches on edge-north -> scale slice")."""


NEW_SLICE_NAMED = re.compile(r"(?i)\b(" + "|".join(re.escape(w) for w in sorted(SERVICE_OF, key=len, reverse=True)) +
                             rf")\s+slice\s+[\"'“‘`]?{_NAME}[\"'”’`]?\s+(?:at|on|for|in|across|covering)\b")
"""A new slice named between its service and its place ("V2X slice convoy at hospital-1"): the studied writers' 140
such texts whose word is no English one (:data:`NOT_NEW_NAME`: "an eMBB slice there for ...") name the slice so, or
are refused."""
NOT_NEW_NAME = NOT_NAMES | frozenset("there here everywhere anywhere with anchored going down up running based located placed "
                                     "hosted spanning covering serving live active pinned only just capped limited asap "
                                     "tomorrow tonight today soon later urgently quickly sensors devices meters cameras "
                                     "trackers tags".split())


LABELLED_SLICE = re.compile(rf"(?i)^\s*(?![a-z]+-\d+\s*:)({_LISTED_NAME})\s*:\s*(?:[\w-]+\s+){{0,3}}?slice\b")
"""A text that opens with the new slice's name as its label ("cobot-safety: dedicated URLLC slice at factory 1, ..."; not a
ticket's id: "CHG-20931: new URLLC slice ...")."""


def named_new_slice(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """The one new slice of a service that the model left unnamed, with the name the text writes between that service
    and its place (:data:`NEW_SLICE_NAMED`), when the text writes one for that service, or the name it opens with
    (:data:`LABELLED_SLICE`) when it asks one new slice."""
    out = []
    if (label := LABELLED_SLICE.match(text)) and sum(ir["kind"] == "slice.create" for ir in intents) == 1 and \
            label[1].casefold() not in grounder.g and normalise_phrase(label[1]) not in grounder.aliases:
        return [{**ir, "name": label[1].casefold()} if ir["kind"] == "slice.create" and "name" not in ir else ir
                for ir in intents]
    for ir in intents:
        if ir["kind"] == "slice.create" and "name" not in ir and \
                sum(o["kind"] == "slice.create" and o.get("service") == ir.get("service") for o in intents) == 1 and \
                len(said := {m[2].casefold() for m in NEW_SLICE_NAMED.finditer(text)
                             if SERVICE_OF[m[1].casefold()] == ir.get("service")}) == 1 and \
                (name := said.pop()) not in NOT_NEW_NAME and not name.endswith("ly") and name not in grounder.g and \
                normalise_phrase(name) not in grounder.aliases and not SERVICE_NAMED.fullmatch(name):
            ir = {**ir, "name": name}
        out.append(ir)
    return out


def flagged_name(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The one slice a text creates, named as the ``-n``/``--name`` flag of its one command says when the model left the
    name out (a text of several commands is left alone: whose flag?), or as the text names it ("name it X"), or in full
    where the model cut its name short (:data:`NAME_WHOLE`); the one rule, as the text names it ("The rule is called
    X")."""
    creates = [ir for ir in intents if ir["kind"] == "slice.create"]
    rules = [ir for ir in intents if ir["kind"] == "ztn.policy"]
    if len(rules) == 1 and "name" not in rules[0] and \
            len(names := {next(filter(None, m.groups())) for m in RULE_NAMED.finditer(text)}) == 1:
        intents = [{**ir, "name": names.pop().casefold()} if ir is rules[0] else ir for ir in intents]
    if len(creates) == 1 and "name" in creates[0] and \
            len(whole := {m.casefold() for m in NAME_WHOLE.findall(text)}) == 1 and (name := whole.pop()).startswith(
                creates[0]["name"] + "-") and not re.search(rf"(?<![\w-]){re.escape(creates[0]['name'])}(?![\w-])",
                                                            text, re.I):  # "name rehearsal-and-show" written "rehearsal"
        return [{**ir, "name": name} if ir is creates[0] else ir for ir in intents]
    if len(creates) != 1 or "name" in creates[0]:
        return intents
    if len(names := set(NAME_GIVEN.findall(text))) != 1 and (
            re.search(r"&&|;|\n|\|", text.strip()) or len(names := set(NAME_FLAG.findall(text))) != 1):
        return intents
    return [{**ir, "name": names.pop().casefold()} if ir is creates[0] else ir for ir in intents]


RULE_LABEL = re.compile(r"(?i)(?:\brule\s+|(?:^|(?<=[:;.!?])\s+)(?:\(?\d+[.)]\s*|[-*•]\s*)?)"
                        r"(?P<name>[a-z][a-z0-9]*(?:-[a-z0-9]+)+)"
                        r"[ \t]*:(?P<body>[^;\n]*)|(?P<said>[^;\n.]*?)[;,][ \t]*(?:call|name)\s+it\s+"
                        r"(?P<called>[a-z][a-z0-9]*(?:-[a-z0-9]+)+)")
"""A closed-loop rule labelled with its name in a list of several ("(1) east-ddos: DDoS on gnb-6 -> ...", "Rule f2-ddos:
on a DDoS at factory-2, isolate", "... rate-limited to 30 Mbps automatically; call it ran-ddos")."""


NOT_A_LABEL = re.compile(r"[a-z]+-\d+|(?:req|chg|inc|sec|cr|rfc|tkt|ticket|jira|sr|ref|task)-[\w-]+|zero-touch|closed-loop|"
                         r"follow-up|write-up|heads-up|roll-?out|set-up|follow-ups")
"""Hyphenated words before a colon that name no rule: a ticket's id ("CHG-4400: ..."), a heading ("zero-touch: ...")."""


def rules_labelled(intents: list[dict[str, Any]], text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """Each unnamed rule named as the one label (:data:`RULE_LABEL`) whose words speak of its event and of a node of its
    scope (or of a group, for a group's rule) and its action, where no other rule of the output fits that label
    (:data:`NOT_A_LABEL` and slices' names aside)."""
    rules = [ir for ir in intents if ir["kind"] == "ztn.policy"]
    if not any("name" not in ir for ir in rules):
        return intents
    labels = [((m["name"] or m["called"]).casefold(), fold(m["body"] if m["name"] else m["said"]))
              for m in RULE_LABEL.finditer(text)]
    taken = {str(ir.get("name")) for ir in intents} | RUNNING.get()  # a slice's name labels its change ("or-robotics: ...")
    labels = [(name, body) for name, body in labels if not grounder.spans(name) and not NOT_A_LABEL.fullmatch(name)
              and name not in taken and re.search(r"\b(?:isolat|rerout|alert|scal|rate|limit|notif|raise|ask|approv|auto)", body)]
    nodes = {body: {n for *_, n in grounder.spans(body, roles=True)} for _, body in labels}  # each label's, read once

    def fits(ir: dict[str, Any], body: str) -> bool:
        event, scope = ir["trigger"]["event"], ir["trigger"]["scope"]
        said = meaning.EVENT_WORD[event].search(body) if event in meaning.EVENT_WORD else \
            re.search(rf"\b{event.split('_')[0]}", body)
        return bool(said) and (bool(nodes[body] & set(scope)) or any(n.startswith("role:") for n in scope))
    out = []
    for ir in intents:
        if ir["kind"] == "ztn.policy" and "name" not in ir and \
                len(mine := [name for name, body in labels if fits(ir, body)]) == 1 and \
                sum(fits(other, body) for other in rules for name, body in labels if name == mine[0]) == 1:
            ir = {**ir, "name": mine[0]}
        out.append(ir)
    return out


NAME_WHOLE = re.compile(r"(?i)\b(?:name[d:]?|called)\s*:?\s*[\"'“‘`]?([a-z][a-z0-9]*(?:-[a-z0-9]+)+)")
"""A hyphenated name the text gives ("name rehearsal-and-show"), of which the model may keep the first word only."""


EACH_ISOLATED = re.compile(r"\b(?:both|all|each)(?: of them| slices| two| three)?\s+(?:(?:are|should be|must be|to be)\s+)?"
                           r"(dedicated|shared)\b(?!\s+(?:with|by|between|among))", re.I)
"""One isolation said of every slice a text creates ("grid-a at hospital-1 and grid-b at hospital-2. Both dedicated.")."""


def as_slice(raw: str, running: Collection[str]) -> str | None:
    """``raw`` with a running slice written as a node read as that slice: a create "at" it becomes a
    modify of it ("create svc=urllc at=fan-zone lat=2 ms" -> "modify name=fan-zone lat=2 ms"), a modify
    or delete "at" it names it; None when nothing changes."""
    try:
        parsed = parse(raw)
    except DecodeError:
        return None
    parts, changed = [], False
    for word, pairs in parsed.intents:
        at = pairs.get("at", "")
        if word in ("create", "modify", "delete") and at in running:
            word, pairs, changed = ("delete" if word == "delete" else "modify"), \
                {"name": at, **{k: v for k, v in pairs.items() if k not in ("at", "svc", "name")}}, True
        parts.append(" ".join([word, *(f"{k}={v}" for k, v in pairs.items())]))
    return " ; ".join(parts) if changed else None


EVENT = (r"concert|gig|match|game|derby|final|festival|show|fair|conference|congress|expo|exhibition|event|exams?|"
         r"graduation|wedding|party|parade|marathon|race|rally|launch|premiere|open[ -]day")
"""Words of an event a slice is booked for, which name no site."""


def for_an_event(node: str, text: str) -> bool:
    """Whether ``node``, a word the model wrote as a node, is the event the text books for ("3 Gbps of eMBB for the
    concert, 8-11pm": it names no site)."""
    return bool(re.fullmatch(EVENT, node, re.I)) and bool(re.search(
        rf"(?i)\bfor\s+(?:the|our|a|an|this|that|tonight's|tomorrow's|saturday's|sunday's)\s+(?:[\w'-]+\s+)?{re.escape(node)}\b",
        text))


def misspelt(word: str, near: list[str]) -> str:
    """The refusal of a misspelt node, with the nearest ids."""
    return f"unknown node {word!r}; did you mean {' or '.join(map(repr, near))}?"


MAX_TEXT = 4000
"""The longest request read, in characters (the API takes 2,000): a longer one is refused whole, not cut, so no clause
of it is applied unread; the meaning check's reading grows with the text."""


LIMIT_WORDS = re.compile(r"(?i)\b(?:cap\w*|limit\w*|throttl\w*|polic\w*|rate\w*|enforc\w*|shap\w*|restrict\w*|max\w*|at most|"
                         r"no more than|up to|ceiling|clamp\w*|hold\w*|slow\w*|below|under|down to|keep\w*|squeez\w*|"
                         r"trim\w*|reduc\w*|lower\w*)\b")
"""Words of a clause that asks traffic capped."""
QUESTION_WORDS = re.compile(r"\?|\b(?:pls|please|show|list|tell|give me|send|what|which|how|where|who|when|any)\b")
"""Words of a clause that asks to be shown something."""


def asked_in(ir: dict[str, Any], raw: str, clause: str) -> bool:
    """Whether ``clause``, read on its own, asks ``ir`` (the model's ``raw``): a route or a cap where it has the words of
    one, a question where it asks to be shown something, a change whose figures it writes; not the model's reading of a
    clause that only tells ("The leased line between your north and south aggregation flapped three times" read as a
    route, "it bursts to 900 every evening" as a cap of 900, "we'll right-size it next week" as a question)."""
    t = fold(clause)
    if ir["kind"] == "sdn.route":
        return bool(meaning.ROUTE_WORDS.search(t) or meaning.REACH.search(t))
    if ir["kind"] == "sdn.rate_limit":
        return bool(LIMIT_WORDS.search(t))
    if ir["kind"] == "query":
        return bool(QUESTION_WORDS.search(t))
    return ir["kind"] != "slice.modify" or copied(re.sub(rf"\s*{TIME_PAIR}", "", raw), clause)


class Translator:
    """Translate with one backend over one inventory; ``retriever`` adds the RAG context line,
    ``few_shot`` uses the instruction + examples prompt (for a base model without an adapter).
    ``resample``: when the greedy output leaves out numbers, nodes or names of the text, or names a
    node the text does not speak of, up to this many
    sampled outputs are tried and the one that covers the text best is kept (0: greedy only)."""

    def __init__(self, backend: Backend, g: nx.Graph, retriever: Retriever | None = None, *,
                 few_shot: bool = False, retries: int = 2, max_tokens: int = 96, resample: int = 3,
                 slices: Callable[[], Iterable[str]] | None = None) -> None:
        self.backend, self.retriever, self.few_shot = backend, retriever, few_shot
        self.grounder = retriever.grounder if retriever is not None else Grounder(g)
        self.retries, self.max_tokens, self.resample = retries, max_tokens, resample
        self.slices = slices
        self._read: tuple[str, Groups] | None = None

    def _groups(self, text: str) -> Groups:
        """:func:`groups` of ``text``, read once per text, not once per candidate output (one slot: the text being
        translated)."""
        if (read := self._read) is None or read[0] != text:
            self._read = read = (text, groups(text, self.grounder))
        return read[1]

    def prompt(self, text: str) -> str:
        context = self.retriever.retrieve(text, RUNNING.get()) if self.retriever is not None else None
        return (few_shot_prompt if self.few_shot else request_prompt)(text, context)

    def _decode(self, raw: str, text: str) -> list[dict[str, Any]]:
        """:func:`decode` with names repaired, the groups the text enumerates complete (:func:`complete_groups`), what the
        text settles alone settled (:func:`settled`) and repeats dropped; a running slice the model took for a node
        ("create ... at=fan-zone" for "fan-zone: latency down to 2 ms") is read as that slice (:func:`as_slice`); one the
        text presents as a slice ("the port-shuttles slice") is refused as no node."""
        try:
            intents = decode(raw, self.grounder)
        except DecodeError as e:
            presented = e.code == "unknown_entity" and e.node in presented_slices(text) and not difflib.get_close_matches(
                str(e.node), [str(n) for n in self.grounder.g.nodes], n=1, cutoff=0.8)  # "hospitl-2:" is a node misspelt
            if e.code != "unknown_entity" or (e.node not in RUNNING.get() and not presented):
                raise
            if e.node not in RUNNING.get() or not (fixed := as_slice(raw, RUNNING.get())):
                raise DecodeError("ambiguous", f"{e.node!r} is a slice, not a node; say what to change on it "
                                               f"(e.g. 'slice {e.node}: latency 2 ms') or which node you mean") from e
            intents = decode(fixed, self.grounder)
        enumerated, ends, exempt, carve_outs, away, reading = self._groups(text)
        intents = removed_rows(named_slices(repair_names(intents, text), text, self.grounder), text, self.grounder)
        intents = verbs_not_names(intents, text)
        intents = changed_apart(removals_kept(intents, text), text, self.grounder)
        intents = deletes_listed(new_not_deleted(intents, text, self.grounder.g), text, self.grounder.g)
        intents = service_not_named(intents, text, self.grounder)
        intents = members_not_role(complete_groups(intents, enumerated, ends, exempt, text), enumerated, text,
                                   self.grounder.g)
        intents = one_each(carved(intents, carve_outs, self.grounder.g, text), text)
        intents = settled(without_exempt(intents, exempt, self.grounder.g, reading.excepted_only), text)
        intents = narrowed_any(without_invented_waypoints(intents, text, self.grounder.g), text, self.grounder)
        intents = waypoints_asked(intents, reading)
        intents = opened_ends(intents, text, self.grounder)
        intents = on_its_own(without_unspoken(beside_a_range(intents, enumerated, reading), away), reading)
        intents = both_ways(asked_queries(reopened(intents, text), text, self.grounder), reading)
        intents = sites_kept(waypoints_completed(without_unasked_paths(intents, text), reading), text, self.grounder)
        intents = windows_of_own_clause(settings_of_own_clause(intents, text, self.grounder), text)
        intents = services_of_own_clause(intents, text, self.grounder)
        intents = one_per_site(same_window(values_of_own_clause(intents, text, self.grounder), text), text, self.grounder)
        intents = queries_there(same_members(intents, text), text)
        intents = stated_reliability(stated_settings(flagged_name(dry_run(intents, text), text), text), text)
        intents = rules_labelled(intents, text, self.grounder)
        intents = counted_slices(named_new_slice(intents, text, self.grounder), text)
        intents = stated_bandwidth(stated_latency(intents, text), text)
        intents = start_and_end(moved(stated_objective(intents, text), text, self.grounder), text)
        intents = taken_back(intents, text, self.grounder)
        intents = kept_slices(without_node_changes(intents, text, self.grounder.g), reading)
        intents = scope_said(without_cell_sites(with_named_model(intents, text), text, self.grounder), text, self.grounder)
        intents = sites_there(one_mode(same_trigger(intents, text, self.grounder), text), text)
        intents = invented_sites(intents, text, self.grounder, reading, enumerated)
        intents = source_unsaid(job_said(action_said(intents, text, reading), text, reading), reading)
        intents = port_not_node(done_before(intents, text), text, self.grounder)
        return distinct(intents)

    def _generate(self, prompt: str, text: str, **options: Any) -> str:
        """One compact output for ``prompt``, :func:`fitted` to ``text``, at most ``max_tokens`` long or a token for
        every three characters of a longer text, up to 256: a planner's message of five asks in 500 characters takes up
        to 143 tokens in the gold's compact form (14 of the studied w93's 277 need more than 96), and a model that loops
        runs to the cap."""
        cap = min(max(self.max_tokens, len(text) // 3), 256)
        return fitted(self.backend.generate(prompt, max_tokens=cap, **options), text)

    def _generate_intents(self, text: str) -> tuple[list[dict[str, Any]], dict[str, str] | None, str]:
        """Decode the model's compact output; a malformed one is retried, first sampled, then (last)
        constrained by the grammar, which is slow on a CPU over Gemma's 262k-token vocabulary.
        Returns (intents, error, raw output)."""
        request, text = text, one_line(text)  # the text the model reads, list markers off (they are not quantities)
        if (changes := gapped_changes(text, self.grounder)) is not None:
            return finished(changes, request, self.grounder), None, ""
        prompt = self.prompt(text)
        raw, first, slip = "", "", None
        for attempt in range(self.retries + 1):
            last = attempt == self.retries and attempt > 0
            raw = self._generate(prompt, text, grammar=GRAMMAR if last else None,
                                 temperature=0.0 if attempt == 0 or last else 0.7, seed=attempt)
            first = raw if attempt == 0 else first
            try:
                intents = self._decode(raw, text)
                if attempt == 0 and self.resample:
                    intents, raw = self._best_cover(prompt, text, intents, raw, request)
                intents = one_change(intents, text)
                if any(ir["kind"] in NAMED_KINDS and made_up(ir["name"], text) for ir in intents):
                    return [], {"code": "ambiguous", "message": "which slice? the request names none"}, raw
                return finished(intents, request, self.grounder), None, raw
            except DecodeError as e:
                if e.code == "unsafe" and attempt == 0 and (parts := self._safe_by_clause(request)) is not None:
                    return finished(parts[1], request, self.grounder), None, parts[0]
                if (e.code == "invalid" and not copied(raw, text)) or \
                        (e.code == "unknown_entity" and e.node is not None and not named_as_node(str(e.node), text)):
                    slip = slip or e  # a value or a node the text does not hold ("-200" for "throttle at 200"): retry
                    continue
                if e.code == "unknown_entity" and e.node is not None and for_an_event(str(e.node), text):
                    return [], {"code": "ambiguous", "message": f"where? {e.node!r} is an event, not a node: name the "
                                "site or cell"}, raw
                if e.code != "syntax":
                    return [], {"code": e.code, "message": e.message}, raw
        if slip is not None and str(slip.node).replace("_", "-") == "out-of-scope":  # its refusal written as a node
            return [], {"code": "out_of_scope", "message": "the request asks something the intent IR cannot express"}, raw
        if slip is not None and slip.code == "unknown_entity" and slip.node is not None and \
                (QUANTITY_NODE.fullmatch(str(slip.node)) or unnamed_node(str(slip.node), text)):  # every try guessed one
            return [], {"code": "ambiguous", "message": f"where? the request names no node of the inventory for it (the "
                        f"translation guessed {slip.node!r}): name the site, cell or node"}, raw
        if slip is not None:
            return [], {"code": slip.code, "message": slip.message}, raw
        if (flat := unlooped(first)) != first:  # every try looped: the greedy one's parts once, if they account for the text
            try:
                intents = finished(self._decode(fitted(flat, text), text), request, self.grounder)
                if not coverage_gaps(text, flat, intents, self.grounder):
                    return intents, None, flat
            except DecodeError:
                pass
        return [], {"code": "ambiguous", "message": "could not turn the request into intents; please rephrase"}, raw

    def _best_cover(self, prompt: str, text: str, intents: list[dict[str, Any]], raw: str,
                    request: str) -> tuple[list[dict[str, Any]], str]:
        """The greedy decoding, or a sampled one that goes against the text less (:func:`meaning.contradictions`)
        and accounts for it better (:func:`coverage_gaps`), or, for a request of several clauses, the clauses
        translated one by one (:meth:`_by_clause`)."""
        refs = text_refs(text, self.grounder)  # the text side, once for all candidates

        def cost(raw: str, intents: list[dict[str, Any]]) -> tuple[int, int]:  # judged on the request as written: its line
            # breaks end sentences ("... 400 Mbps\n\nAlready applied: ..." is two)
            return len(meaning.contradictions(request, intents, self.grounder)), _gaps(refs, raw, intents, self.grounder.g)

        best = (cost(raw, intents), intents, raw)
        for seed in range(1, self.resample + 1):
            if best[0] == (0, 0):
                break
            alt = self._generate(prompt, text, temperature=0.7, seed=100 + seed)
            try:
                alt_intents = self._decode(alt, text)
            except DecodeError:
                continue
            if (c := cost(alt, alt_intents)) < best[0]:
                best = (c, alt_intents, alt)
        if best[0] == (0, 0) or not self.resample or len(parts := request_clauses(request)) < 2:
            return best[1], best[2]
        split = self._by_clause([part for part in parts if not told(part)])
        whole = [(raw, got) for raw, got in split if got is not None]
        if whole and len(whole) == len(split) and (one := joined(whole))[1] and (c := cost(*one)) < best[0]:
            best = (c, one[1], one[0])
        adds = bool(ADDS.search(request))
        for raw, got in whole:  # the best reading so far, with each clause's intents that account for more of the text
            merged = _modifies_merged(merge(best[1], got), adds)
            if merged != best[1] and (c := cost(f"{best[2]} ; {raw}", merged)) < best[0]:
                best = (c, merged, f"{best[2]} ; {raw}")
        return best[1], best[2]

    def _safe_by_clause(self, request: str) -> tuple[str, list[dict[str, Any]]] | None:
        """A request of several clauses the model refuses whole as unsafe, though the guard found no instruction to it
        in the text, read clause by clause (the model takes an action-item list or a forwarded mail for a hidden
        order): the clauses' output joined when none of them is refused and none it leaves as context (ambiguous, out
        of scope) speaks of stopping or removing anything; None, the refusal standing, otherwise."""
        if not self.resample or len(parts := request_clauses(request)) < 2:
            return None
        read = []
        for part in parts:
            got, folded = self._by_clause([part]), fold(part)
            if got and got[0][1] is None or not got and (meaning.DENY.search(folded) or meaning.DELETE.search(folded)):
                return None
            read += got
        return joined(read) if read else None  # type: ignore[arg-type]  # no clause's intents are None here

    def _by_clause(self, parts: list[str]) -> list[tuple[str, list[dict[str, Any]] | None]]:
        """Each clause translated on its own, for a long request the model still leaves parts of: (output, intents) per
        clause that is not context (refused as ambiguous or out of scope: "### handover", "> ALERT ..."); intents None
        for a clause refused otherwise (read alone it may lack the site it speaks of: "(1) a slice for the theatre").
        Only the intents the clause asks (:func:`asked_in`) are kept."""
        out: list[tuple[str, list[dict[str, Any]] | None]] = []
        for part in parts:
            if COMMERCIAL.search(part) and not self.grounder.spans(part, roles=True):  # "and send the invoice for it to
                continue  # accounts@...": no slice named "invoice"
            raw = self._generate(self.prompt(part), part)
            try:
                if kept := [ir for ir in self._decode(raw, part) if asked_in(ir, raw, part)]:
                    out.append((raw, kept))  # a clause all of whose reading it only tells is context
            except DecodeError as e:
                if e.code not in ("ambiguous", "out_of_scope"):
                    out.append((raw, None))
        return out

    def translate(self, text: str, id: str = "q") -> TranslateRecord:
        """One translate record for ``text``, validated once here."""
        start = time.perf_counter()
        running = RUNNING.set(frozenset(map(str, self.slices())) if self.slices is not None else frozenset())
        try:
            return self._translate(text, id, start)
        finally:
            RUNNING.reset(running)

    def _translate(self, text: str, id: str, start: float) -> TranslateRecord:
        intents: list[dict[str, Any]] = []
        error: dict[str, str] | None = None
        if not text or not text.strip():
            error = {"code": "ambiguous", "message": "empty request"}
        elif len(text) > MAX_TEXT:
            error = {"code": "ambiguous", "message": f"the request is {len(text):,} characters long; at most {MAX_TEXT:,} "
                                                     "are read at once: split it into several requests"}
        elif (quantity := units.not_a_number(text)) is not None:
            error = {"code": "invalid", "message": f"{quantity!r} is not a finite number: give the value in figures"}
        elif (phrase := guard.injection(text)) is not None:
            error = {"code": "unsafe", "message": f"the text tries to give the hub instructions ({phrase!r}); nothing applied"}
        else:
            if len(text := as_read(text, self.grounder)) > MAX_TEXT:  # a table spelt out row by row grows
                return self._record(id, start, [], {"code": "ambiguous", "message": f"the request reads as {len(text):,} "
                                                    f"characters once its tables are spelt out; at most {MAX_TEXT:,} are "
                                                    "read at once: split it into several requests"})
            intents, error, _ = self._generate_intents(text)
            if error is not None and error["code"] == "out_of_scope" and (asked := job_state_query(text, self.grounder)):
                intents, error = [asked], None
            if error is not None and error["code"] == "out_of_scope" and re.search(r"(?i)\bslices?\b", text) and \
                    re.search(r"\d", text) and self.grounder.spans(text, roles=True) and not COMMERCIAL.search(text):
                # of the studied writers' texts with a slice, a node and a figure, 1 of 3,458 is out of scope
                error = {"code": "ambiguous", "message": "the request speaks of a slice of this network, but not all it needs "
                         "could be read: say the service, the sites and the figures plainly"}
            if other_system(text, self.grounder):  # no order to the model was found in it: an unsafe reading is a slip
                intents, error = [], {"code": "out_of_scope", "message": "the request asks about systems outside this "
                                      "network (a partner's cloud, satellite, radio or subscriber systems), which the intent "
                                      "IR cannot express"}
            if error is not None and error["code"] == "ambiguous" and guard.orders_network_down(text):  # "Power down both
                error = {"code": "unsafe", "message": "refused: the text asks to take the whole network down"}  # cores"
            if (error is None or error["code"] != "unsafe") and \
                    ((DEVICE_CONFIG.match(text) or HANDS_ON.match(text) or COMMERCIAL.search(text) and
                      not BANDWIDTH_FIGURE.search(text) and not LATENCY_STATED.search(text)) and
                     not re.search(r"[.;!?\n]\s+\S", text.rstrip(".!? \n")) or asks_nothing_else(intents, text)):
                intents, error = [], {"code": "out_of_scope", "message": "the request asks something the intent IR cannot "
                                      "express (slices, blocks, rate limits, routes, closed-loop rules, learning jobs and "
                                      "questions about the network)"}
            if (error is not None and error["code"] in ("out_of_scope", "ambiguous") and (over := over_full(text)) or
                    error is None and (over := over_full(text, OVER_FULL_SAID))):  # "150 % reliability", read as 100 %
                intents, error = [], {"code": "invalid", "message": f"a reliability of {over} is impossible: at most 100 %"}
            if error is not None and error["code"] == "ambiguous":
                error = self._open_point(text, error)
            used = {r for ir in intents for r in references(parse_intent(ir))}
            if intents and (why := guard.wholesale(intents, text, nodes_by_role(self.grounder.g, "core"))):
                intents, error = [], {"code": "unsafe", "message": f"refused: {why}"}
            elif any("schedule" in ir for ir in intents) and (clock := NO_CLOCK.search(text)):
                intents, error = [], {"code": "invalid", "message": f"{clock['said'] or clock['ranged']} is not a time of day"}
            elif intents and self._groups(text).reading.english and (model := unnamed_model(intents, text)):
                intents, error = [], {"code": "ambiguous", "message": f"which model should the job train? the request names "
                                      f"none (the translation guessed {model}): say anomaly detector, intent classifier "
                                      "or hub adapter"}
            elif any(ir["kind"] == "slice.create" for ir in intents) and \
                    not SERVICE_HINT.search(BANDWIDTH_FIGURE.sub(" ", LATENCY_STATED.sub(" ", CLOCKED.sub(" ", text)))) and \
                    self._groups(text).reading.english:
                intents, error = [], {"code": "ambiguous", "message": "which service should the new slice have? the request "
                                      "names none: say eMBB, URLLC, mMTC or V2X, or what it carries"}
            elif any(ir["kind"] == "sdn.route" and ir.get("src") == "any" for ir in intents) and \
                    not ANY_SOURCE.search(text) and self._groups(text).reading.english:
                intents, error = [], {"code": "ambiguous", "message": "route from where? the translation found no source "
                                      "in the request: say e.g. 'route the stadium to the cloud with the lowest latency', or "
                                      "'from anywhere'"}
            elif rate_missing(intents, text):
                intents, error = [], {"code": "ambiguous", "message": "at what rate? the request caps traffic but gives no "
                                      "rate: say e.g. 'cap hospital-2 -> cloud-dc at 200 Mbps'"}
            elif intents and (step := arithmetic.step_as_figure(intents, text)):
                intents, error = [], {"code": "ambiguous", "message": f"from what? the request changes a figure ({step!r}) "
                                      "but does not say what it is now: give the new figure, or the present one"}
            elif intents and (over := self.grounder.beyond(text)):
                intents, error = [], {"code": "unknown_entity", "message": f"there is no {' nor '.join(over)} in the "
                                      "inventory"}
            elif intents and (venue := VENUE_NAMED.search(text)) and \
                    normalise_phrase(venue[1]) not in self.grounder.aliases and \
                    not re.search(r"\bfor\b", text[max(0, venue.start() - 40):venue.start()], re.I) and \
                    not self.grounder.spans(text[venue.end():venue.end() + 25]):  # "for the cranes on the pier"
                intents, error = [], {"code": "unknown_entity", "message": f"there is no {venue[1]} in the inventory"}
            elif intents and (place := NAMED_PLACE.search(text)) and normalise_phrase(place[1]) not in self.grounder.aliases:
                intents, error = [], {"code": "unknown_entity", "message": f"there is no {place[1]} {place[2]} in the "
                                      "inventory"}
            elif guess := self._guessed(text, used):
                intents, error = [], {"code": "ambiguous", "message": guess}
            elif typo := self._corrected(text, used):
                intents, error = [], {"code": "unknown_entity", "message": typo}
            elif intents and (against := meaning.contradictions(text, intents, self.grounder)):
                intents, error = [], {"code": "ambiguous", "message": "the translation goes against the request: "
                                      + "; ".join(against) + "; nothing applied, please rephrase"}
        return self._record(id, start, intents, error)

    @staticmethod
    def _record(id: str, start: float, intents: list[dict[str, Any]], error: dict[str, str] | None) -> TranslateRecord:
        """The translate record, validated once here, with the time since ``start``."""
        return TranslateRecord.model_validate({"id": id, "intents": intents, "error": error,
                                               "latency_ms": round((time.perf_counter() - start) * 1000, 1)})

    def _guessed(self, text: str, used: set[str]) -> str | None:
        """The question to ask when the intents (naming the nodes ``used``) pick one of several nodes the text leaves
        open ("the hospital" read as hospital-1 when there are two): a guess is not applied."""
        if (choice := self.grounder.open_nodes(text)) is None:
            return None
        word, nodes = choice
        number = "|".join(ORDINALS[1:])
        singular = rf"\b(?:the|a|an|our|my|that|this|your)\s+{re.escape(word)}\b(?!s)(?!\W{{0,3}}(?:\d|#|{number}))"
        if not re.search(singular, text.casefold()) or not used & nodes or nodes <= used:
            return None
        return ask_which(word, nodes)

    def _corrected(self, text: str, used: set[str]) -> str | None:
        """What to say when the intents (naming the nodes ``used``) name a node the text only misspells
        ("hospitl-1" read as hospital-1): a correction is not applied, it is offered. A numbered twin of a node that has
        none ("port-2" read as port) is no node."""
        if (typo := self.grounder.misspelt(text)) is None:
            return None
        word, near = typo
        if (base := re.fullmatch(r"(.+)-\d", word)) and base[1] in used and base[1] in self.grounder.g and \
                not re.search(rf"(?i)(?:name|call|named|called|slice|ticket|ref|cr|chg|id)\W*(?:it\W+)?{re.escape(word)}\b|"
                              rf"\b{re.escape(word)}\W+slice\b", text):
            return f"there is no {word} in the inventory (only {base[1]})"  # "port-2, the second port terminal"
        if not used & (set(near) - {node for _, node in self.grounder.mentions(text)}):
            return None
        return misspelt(word, near)

    def _open_point(self, text: str, error: dict[str, str]) -> dict[str, str]:
        """An ambiguous refusal that says what to fix: a misspelt node with the nearest ids, a node the inventory lacks
        ("the west edge"), or the choice the text leaves open (which hospital?); the model's reason when there is none."""
        if (typo := self.grounder.misspelt(text)) is not None:
            word, near = typo
            return {"code": "unknown_entity", "message": misspelt(word, near)}
        if (node := self.grounder.unbuilt(text)) is not None:
            return {"code": "unknown_entity", "message": f"there is no {node} in the inventory"}
        if (question := self.grounder.open_choice(text)) is not None:
            return {"code": "ambiguous", "message": question}
        return error

    def translate_many(self, rows: Iterable[dict[str, Any]]) -> Iterator[TranslateRecord]:
        """Records for ``{"id", "text"}`` rows, in order."""
        for row in rows:
            yield self.translate(row["text"], str(row["id"]))
