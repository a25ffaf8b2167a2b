"""Ground the node references the model wrote in the live inventory.

The model writes ids (``hospital-1``), role selectors, ``all``/``any`` or, for a name it does not
know, an id-like form of the mention (``airport``, ``gnb-12``). Grounding accepts ids and any
spoken alias of the inventory (:mod:`netmodel.vocabulary`); anything else is an unknown entity,
reported with the nearest valid ids (``netmodel.resolve``).
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from netmodel.errors import UnknownEntity
from netmodel.ir import ROLE_SELECTORS
from netmodel.resolve import unknown
from netmodel.vocabulary import NUMBER_WORDS, STEM_WORDS, alias_table, node_words, normalise_phrase

LIST_JOIN = re.compile(r"\s*(?:(?:,|&|/|\band\b|\bthe\b|\bas well as\b)\s*)+")
PLURAL = re.compile(r"\b(?:both|the two|the three|all two|all three)\s+([a-z]+s)\b")
"""A plural that counts its members ("both factories", "the two hospitals"); "the hospitals" and "all gNBs" are
too often context or a role."""
EACH = re.compile(r"\b(?:from|to|for|at|on|of|between|and)\s+(?:each|every)\s+([a-z]+)\b(?!\s+(?:has|have|is|are|was|were|"
                  r"gets|got|needs|uses|runs|must|should|can|will)\b)")
"""A word for two nodes taken one by one where a request names its ends ("from each factory", "to every hospital");
"every site" or "each edge" is a role, "each hospital has its own firewall" context."""
EITHER = re.compile(r"\b(?:neither|either)\s+(?:of\s+the\s+)?([a-z]+)(?![\w-])")
"""A word for two nodes taken one by one by "neither" or "either" ("neither hospital", "either of the factories")."""
RefKind = Literal["selector", "endpoint", "id"]
"""selector: id, role or ``all`` (sites, nodes, scope, target); endpoint: id, role or ``any``
(src/dst of sdn intents); id: an exact node (via, avoid, path dst)."""


COMPASS = r"north-?west|north-?east|south-?west|south-?east|north|south|east|west|central|centre|center|middle"
"""The points an operator names transport and edge nodes by."""


NOT_IDS = (r"%|ms|mbps|gbps|kbps|[mgk]b|mbit\w*|gbit\w*|mega\w*|giga\w*|gigs?|megs?|percent|per cent|pm|am|o'?clock|"
           r"noon|hours?|h|mins?|minutes?|seconds?|days?|rounds?|epochs?|layers?|devices|users|sensors|ues|phones")
"""What follows a number that is a quantity or a time, not the last id of a range ("cells 6 to 12 megabits", "until 10 pm")."""
COUNTED = re.compile(r"\s*(?:load-balanced|redundant|disjoint|equal-cost|parallel|separate|diverse)\s+paths?\b")
"""What a number in words after one node counts ("core-1, two load-balanced paths")."""


@dataclass
class Grounder:
    g: nx.Graph
    aliases: dict[str, str] = field(init=False)
    by_word: dict[str, set[str]] = field(init=False)  # a word of a node's spoken forms -> the nodes it names

    def __post_init__(self) -> None:
        self.aliases = alias_table(self.g)
        self.by_word = {}
        for node in self.g.nodes:
            for w in node_words(str(node)):
                self.by_word.setdefault(w.casefold(), set()).add(str(node))

    def ref(self, value: str, kind: RefKind) -> str:
        """One reference as the IR wants it for this kind of field, or :class:`UnknownEntity`."""
        v = value.strip().strip("'\"").casefold()
        if v in ("all", "any", "everything", "everywhere", "*"):
            if kind == "id":
                raise UnknownEntity(f"{value!r} is not one node", node=value)
            return "any" if kind == "endpoint" else "all"
        if v.startswith("role:"):
            if v not in ROLE_SELECTORS or kind == "id":
                raise UnknownEntity(f"unknown or misplaced role selector {value!r}", node=value)
            return v
        if v in self.g:
            return v
        hit = self.aliases.get(normalise_phrase(v))
        if hit is None and re.fullmatch(r"[a-z]+ ?\d+", v):
            hit = self.aliases.get(normalise_phrase(re.sub(r"(\D)(\d)", r"\1-\2", v.replace(" ", ""))))
        if hit is None:
            raise unknown(self.g, re.sub(r"[^a-z0-9]+", "-", v).strip("-") or value)
        if hit in ("all",) or hit.startswith("role:"):
            if kind == "id":
                raise UnknownEntity(f"{value!r} is not one node", node=value)
            return "any" if kind == "endpoint" and hit == "all" else hit
        return hit

    def refs(self, values: list[str], kind: RefKind) -> list[str]:
        """Several references, duplicates dropped, order kept (``via`` is ordered); a value that is a range or a list
        of numbered nodes as the text writes it ("gnb1-4", copied whole) stands for its members."""
        return list(dict.fromkeys(self.ref(n, kind) for v in values for n in self._members(v)))

    def _members(self, value: str) -> list[str]:
        groups = self.enumerations(value := value.strip())
        return groups[0][0] if len(groups) == 1 and groups[0][1] == (0, len(value.casefold())) else [value]

    def mentions(self, text: str, roles: bool = False) -> list[tuple[str, str]]:
        """(phrase, id) for every inventory alias written in ``text``, longest match first, in order
        of appearance: the exact-match half of retrieval; with ``roles``, role phrases ("the edges")
        too, as (phrase, selector)."""
        return [(phrase, node) for _, _, phrase, node in self.spans(text, roles)]

    def spans(self, text: str, roles: bool = False) -> list[tuple[int, int, str, str]]:
        """:meth:`mentions` with where each phrase starts and ends (character offsets into :func:`fold` of ``text``)."""
        matches = list(re.finditer(r"[\w#:'\-]+?(?=-?>|[^\w#:'\-]|$)", fold(text)))  # "gnb-2->core-1": two names
        words = [re.sub(r"'s?$", "", m.group().rstrip(":")) for m in matches]  # "the stadium's", "cloud-dc: ..." name nodes
        found: list[tuple[int, int, str, str]] = []
        i = 0
        while i < len(words):
            for n in range(min(6, len(words) - i), 0, -1):
                if n > 1 and words[i + n - 1] in ("the", "a", "an"):
                    continue  # "the stadium an eMBB slice": the article belongs to what follows
                phrase = " ".join(words[i:i + n])
                key = normalise_phrase(phrase)
                hit = self.aliases.get(key) if key else None
                if hit and hit != "all" and (roles or not hit.startswith("role:")) and not _is_port_number(words, i, n):
                    found.append((matches[i].start(), matches[i + n - 1].end(), phrase, hit))
                    i += n - 1
                    break
            i += 1
        return found

    def enumerations(self, text: str) -> list[tuple[list[str], tuple[int, int]]]:
        """The groups of numbered nodes ``text`` writes as a range or a list after one name ("cells 2 to 5",
        "gnb-1 through gnb-4", "gNodeB 1, 2 and 3", "factories 1-2"), each as (its node ids in order, where it is
        written in the casefolded text); a group naming a node the inventory lacks is left out (that is the model's
        ``unknown_entity``)."""
        out, t = [], text.casefold()
        spelled = "|".join(NUMBER_WORDS[1:13])  # "cells two to five"
        num = rf"(\d+|{spelled})"

        def number(word: str) -> int:
            return int(word) if word.isdigit() else NUMBER_WORDS.index(word)
        for stem, numbered, words in self.numbered_kinds:
            name = "|".join(re.escape(plural(w)) + "|" + re.escape(w) for w in words)
            unit = (r"(?!\s*(?:(?:ms|s|µs|us|mbps|gbps|kbps|mbit|gbit|m|g|k|gigs?|megs?|rounds?|epochs?|layers?|pm|am|mb/s|"
                    r"megabits?|gigabits?|percent|paths?|routers?|hundred|thousand|million|point|"
                    r"and an? (?:half|quarter))\b|%|:\d))")
            upto = rf"(?:(?:to|-|–)\s*|(?:through|thru|until|\.\.)\s*(?:(?:{name})[\s#-]*)?)"  # "gnb-1 to gnb-3" is a flow
            for m in re.finditer(rf"\b(?:{name})[\s#-]*{num}\s*{upto}{num}\b(?!\.\d){unit}"  # "gNB seven, 1.2 Gbps"
                                 rf"|\b(?:{name})[\s#-]*{num}((?:\s*(?:,|and|or|&|/|\+)\s*#?\s*(?:\d+|{spelled})\b(?!\.\d)"
                                 rf"{unit})+)",
                                 t):
                if re.match(r"\)", t[m.end():]) and re.search(r"(?:^|[\s:])1\)", t[:m.start()]):
                    continue  # "1) block ping to core-1, 2) limit ...": the 2 numbers the next item
                if not m.group(1) and COUNTED.match(t, m.end()) and re.fullmatch(rf"\W*(?:and\W+)?(?:{spelled})", m.group(4)):
                    continue  # "core-1, two load-balanced paths" counts paths ("gnb 1, two and three redundant paths" lists)
                if m.group(1):
                    lo, hi = number(m.group(1)), number(m.group(2))
                    members = list(range(lo, hi + 1)) if 0 < hi - lo < 16 else []
                else:
                    members = [number(m.group(3)), *map(number, re.findall(num, m.group(4)))]
                if len(members) > 1 and set(members) <= numbered:
                    out.append(([f"{stem}-{n}" for n in members], m.span()))
        return out

    @functools.cached_property
    def numbered_kinds(self) -> list[tuple[str, set[int], list[str]]]:
        """Each kind of numbered node (:data:`STEM_WORDS`) the inventory has: its stem, the numbers it has, and the words
        that name it, longest first."""
        out = []
        for stem, forms in STEM_WORDS.items():
            if numbered := {int(n.rsplit("-", 1)[1]) for n in map(str, self.g.nodes) if re.fullmatch(rf"{stem}-\d+", n)}:
                out.append((stem, numbered, sorted({w.casefold() for w in (*forms, stem)}, key=len, reverse=True)))
        return out

    def beyond(self, text: str) -> list[str]:
        """The ids a range of ``text`` runs on to past the inventory ("gnb-7..gnb-10", "gNBs 7 to 10", "gnb-6 to gnb-9"
        where the gNBs end at gnb-8), in order; empty when none does. Only a range written with "..", "through", "thru",
        "until", its name again ("to gnb-9") or after a plural ("cells 7 to 10"): "cap gnb-3 to 10" is a rate."""
        t = text.casefold()
        for stem, numbered, words in self.numbered_kinds:
            name = "|".join(re.escape(w) for w in words)
            plurals = "|".join(re.escape(plural(w)) for w in words)
            for m in re.finditer(rf"(?<![\w-])(?:(?:{name})[\s#-]*(\d+)\s*(?:\.\.|through|thru|(?:until|to)(?=\s*(?:{name})\b))"
                                 rf"|(?:{plurals})\s*#?(\d+)\s*(?:\.\.|through|thru|to|-|until(?=\s*(?:{name})\b)))"
                                 rf"\s*(?:{name})?[\s#-]*(\d+)\b(?!\.\d|:\d|\s*(?:{NOT_IDS})\b)", t):
                lo, hi = int(m[1] or m[2]), int(m[3])
                over = [f"{stem}-{n}" for n in range(lo, hi + 1) if n not in numbered]
                if lo in numbered and 0 < hi - lo < 16 and over:
                    return over
        return []

    def lists(self, text: str) -> list[list[str]]:
        """The groups of nodes ``text`` lists by name or by a plural ("the port, the farm and the stadium", "both
        factories", "the hospitals"): named nodes of one role joined only by commas, "and", "&" or "/"; plurals of one
        role joined so are one list ("both hospitals and both factories")."""
        t = fold(text)
        out, run = [], []
        for start, end, _, node in self.spans(text):
            if run and self.g.nodes[node].get("role") == self.g.nodes[run[-1][2]].get("role") and \
                    LIST_JOIN.fullmatch(t[run[-1][1]:start]):
                run.append((start, end, node))
                continue
            if len(run) > 1:
                out.append([n for _, _, n in run])
            run = [(start, end, node)]
        if len(run) > 1:
            out.append([n for _, _, n in run])
        end, opened = -1, 0  # where the last plural ends, and where its run of joined plurals starts
        for m in PLURAL.finditer(t):
            word = m.group(1)
            nodes = self.by_word.get(singular(word), set())
            if len(nodes) > 1 and word not in self.by_word:
                if out and end >= 0 and LIST_JOIN.fullmatch(t[end:m.start()]) and \
                        not re.search(r"\bbetween\s+$", t[max(0, opened - 9):opened]) and \
                        {self.g.nodes[n].get("role") for n in [*out[-1], *nodes]} == {self.g.nodes[out[-1][0]].get("role")}:
                    out[-1] = sorted({*out[-1], *nodes})  # "both hospitals and both factories": one list
                else:
                    out.append(sorted(nodes))
                    opened = m.start()
                end = m.end()
        out += [sorted(nodes) for m in EACH.finditer(t) if len(nodes := self.by_word.get(m.group(1), set())) == 2]
        out += [sorted(nodes) for m in EITHER.finditer(t) if len(nodes := self.by_word.get(singular(m.group(1)), set())) == 2]
        return out

    def open_choice(self, text: str) -> str | None:
        """A word of ``text`` that names several nodes none of which the text picks ("the hospital":
        hospital-1 or hospital-2?), as a question; None when there is none."""
        return None if (choice := self.open_nodes(text)) is None else ask_which(*choice)

    def open_nodes(self, text: str) -> tuple[str, set[str]] | None:
        """(word, the nodes it may name) for the choice :meth:`open_choice` asks about."""
        named = {node for _, node in self.mentions(text)}
        words = re.findall(r"[a-z][a-z\-]*", text.casefold())
        for w in [*words, *map(" ".join, zip(words, words[1:]))]:
            for word in (w, w.removesuffix("s")):
                nodes = self.by_word.get(word, set())
                if len(nodes) > 1 and not nodes & named:
                    return word, nodes
        return None

    def unbuilt(self, text: str) -> str | None:
        """The id of a node ``text`` names by a compass point the inventory lacks ("the west edge", "agg-central" where the
        edges are north, south and east), None when it names none: no choice among the others."""
        t = text.casefold()
        for stem in ("edge", "agg"):
            points = {str(n).split("-", 1)[1] for n in self.g.nodes if str(n).startswith(stem + "-")}
            if not points:
                continue
            words = r"edge(?: node| site| server)?" if stem == "edge" else r"agg(?:regation)?(?: switch| node)?"
            for m in re.finditer(rf"\b(?:({COMPASS})(?:ern)?\s+{words}|{words}[\s-]({COMPASS}))\b", t):
                if (point := (m[1] or m[2]).removesuffix("ern")) not in points:
                    return f"{stem}-{point}"
        return None

    def misspelt(self, text: str) -> tuple[str, list[str]] | None:
        """The first word of ``text`` shaped like a node id or name that is none, with the nearest
        ids ("hospitl-1" -> hospital-1); None when every such word names a node or is the name the text gives a slice or rule."""
        known = self.aliases.keys() | self.by_word.keys()
        ids, t = sorted(map(str, self.g.nodes)), text.casefold()
        for m in re.finditer(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+|[a-z]{4,}", t):
            word = m[0]
            if re.search(r"\b(?:slice|policy|rule|job)\s+(?:\S+\s+)?(?:called|named)\s+[\"'“‘`]?$",
                         t[max(0, m.start() - 40):m.start()]):
                continue  # a name given to the slice or rule the text asks for ("a slice called harbour-av")
            if word in known or normalise_phrase(word) in self.aliases or len(self._members(word)) > 1 or \
                    any(word.removesuffix(end) in known for end in ("s", "es")):
                continue
            id_like = "-" in word or any(ch.isdigit() for ch in word)  # "hospitl-1": surely meant as a name
            near = difflib.get_close_matches(word, ids + sorted(self.aliases), n=3, cutoff=0.8 if id_like else 0.9)
            near = list(dict.fromkeys(self.aliases.get(x, x) for x in near))
            if near and all(not n.startswith("role:") and n != "all" for n in near):
                return word, near
        return None


def singular(word: str) -> str:
    """"factories" -> "factory", "hospitals" -> "hospital"; a singular stays."""
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")


def plural(word: str) -> str:
    """"factory" -> "factories", "cell site" -> "cell sites"."""
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def ask_which(word: str, nodes: set[str]) -> str:
    """The question for a word that names several nodes ("which hospital: hospital-1 or hospital-2?")."""
    some = sorted(nodes)
    listed = " or ".join(some) if len(some) <= 4 else f"{', '.join(some[:4])}, ... ({len(some)} in all)"
    return f"which {word}: {listed}?"


def fold(text: str) -> str:
    """The text as node mentions are matched: casefolded, typographic apostrophes plain."""
    return text.casefold().replace("’", "'")


def whole_words(name: str, text: str, flags: int = 0) -> list[re.Match[str]]:
    """Where ``text`` writes ``name`` as a word of its own: not inside "x-name", "name-2" or "names"."""
    return list(re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags))


def _is_port_number(words: list[str], i: int, n: int) -> bool:
    """'port 22', 'TCP port' and 'block that port' name a TCP or UDP port, not the node called port."""
    if n != 1 or words[i] != "port":
        return False
    before = words[i - 1] if i else ""
    return i + 1 < len(words) and words[i + 1].rstrip(",.").isdigit() or before in ("tcp", "udp") or \
        before in ("that", "this", "same") and i > 1 and words[i - 2] in ("block", "close", "open", "allow", "deny", "on")
