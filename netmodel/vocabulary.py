"""How operators speak of the network: nodes, roles, places, services, use cases and small numbers.

One table for both directions: the corpus generator renders node ids as the phrases operators
use ("the first hospital", "gNodeB 3", "the east edge"), the grounder maps phrases the model
copies back to ids, and the knowledge base lists them per node. Aliases are derived from the live
inventory (ids and roles), so a generated metro network gets "site 17" and "aggregation switch 4"
without any hand-written list. Pure Python and networkx: the network model owns this vocabulary
so that the language side and the knowledge base both import it from below.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import networkx as nx

NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen").split()
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
              "ninety": 90}
ORDINALS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth").split()

STEM_WORDS: dict[str, tuple[str, ...]] = {
    "gnb": ("gNB", "gNodeB", "base station", "gnb", "radio node", "cell site", "cell"),
    "core": ("core", "core router", "core node"),
    "agg": ("aggregation switch", "agg switch", "agg", "aggregation"),
    "edge": ("edge", "edge node", "MEC", "edge server"),
    "site": ("site", "tenant site"),
    "hospital": ("hospital", "hosp"),
    "factory": ("factory", "plant", "fac"),
}
"""How an id stem ``<stem>-<n>`` is spoken; a stem not listed is spoken as itself."""

PLACE_WORDS: dict[str, tuple[str, ...]] = {
    "cloud-dc": ("the cloud", "cloud DC", "the cloud data centre", "the data center", "the data centre", "cloud-dc"),
    "smart-farm": ("the farm", "the smart farm", "smart farm", "smart-farm"),
    "stadium": ("the stadium", "stadium", "the arena"),
    "campus": ("the campus", "campus", "the university campus", "the university"),
    "port": ("the port", "the harbour", "the port site"),
}
"""Nodes with a proper name rather than a numbered stem."""

DIRECTION_ADJ = {"north": "northern", "south": "southern", "east": "eastern", "west": "western"}

ROLE_PHRASES: dict[str, tuple[str, ...]] = {
    "role:ran": ("every base station", "all base stations", "all gNBs", "all gNodeBs", "the whole RAN",
                 "all radio nodes", "every cell site", "each gNB", "every cell", "all cells", "the RAN",
                 "all the gNBs", "the radio access network"),
    "role:site": ("all sites", "every tenant site", "all customer sites", "every site", "all the tenant sites"),
    "role:edge": ("all edge nodes", "every MEC server", "all edge sites", "the edge layer", "every edge node",
                  "the edges", "all the edges", "all edges", "every edge site", "the MEC layer"),
    "role:transport": ("all aggregation switches", "the transport layer", "every transport node",
                       "all agg switches", "the agg switches", "agg switches", "the aggregation tier",
                       "the aggregation layer", "all the aggregation switches"),
    "role:core": ("all core routers", "the core", "every core node", "the core network", "the core layer",
                  "all cores"),
}
ROLE_NOUNS: dict[str, tuple[str, ...]] = {
    "role:ran": ("gNB", "gNodeB", "base station", "cell", "cell site", "radio"),
    "role:site": ("site", "tenant site", "customer site"),
    "role:edge": ("edge", "edge node", "edge site", "edge server", "MEC server"),
    "role:transport": ("aggregation switch", "agg switch", "aggregation node"),
    "role:core": ("core", "core router", "core node"),
}
"""What one member of each role is called: "every gNB", "each edge", "all the core routers" name the role. Read, not
written: the template corpus phrases roles with :data:`ROLE_PHRASES` only."""
ROLE_SHORT = {"role:transport": ("transport", "aggregation switches")}
"""A layer named by its bare name ("link down anywhere in transport") or its members' plural, as "agg switches" is ("block
ssh to the aggregation switches"). Read, not written."""
ALL_PHRASES = ("every node", "all nodes", "the whole network", "everywhere", "the entire network")
ANY_PHRASES = ("anywhere", "any source", "anything", "any host")

SERVICE_WORDS: dict[str, tuple[str, ...]] = {
    "embb": ("eMBB", "enhanced mobile broadband", "broadband", "EMBB", "high-throughput broadband"),
    "urllc": ("URLLC", "ultra-reliable low-latency", "urllc", "ultra reliable low latency", "mission-critical URLLC"),
    "mmtc": ("mMTC", "massive IoT", "MIoT", "massive machine-type", "mmtc"),
    "v2x": ("V2X", "vehicle-to-everything", "vehicular", "v2x", "connected-vehicle"),
}
USE_CASES: dict[str, tuple[str, ...]] = {
    "embb": ("video streaming", "8K streaming", "fan-zone video", "AR headsets", "Wi-Fi offload",
             "live broadcast"),
    "urllc": ("remote surgery", "telesurgery", "robot control", "grid protection", "motion control",
              "robot cells"),
    "mmtc": ("farm sensors", "smart meters", "asset trackers", "IoT sensors", "environmental sensors"),
    "v2x": ("platooning", "port shuttles", "autonomous shuttles", "cooperative driving", "connected trucks"),
}
"""What a slice is for, in the operator's words: the catalogue's examples (netmodel.catalogue)."""

def number_word(n: int) -> str:
    """Spell 0..99 (enough for node numbers and small counts)."""
    if n < 20:
        return NUMBER_WORDS[n]
    tens, unit = divmod(n, 10)
    word = next(w for w, v in TENS_WORDS.items() if v == tens * 10)
    return word if unit == 0 else f"{word}-{NUMBER_WORDS[unit]}"


def ordinal_suffix(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _numbered_aliases(stem: str, n: int) -> list[str]:
    words = STEM_WORDS.get(stem, (stem,))
    out = []
    for w in words:
        out += [f"{w} {n}", f"{w}-{n}", f"{w} #{n}", f"{w} number {n}", f"the {ordinal_suffix(n)} {w}"]
        if " " not in w:
            out.append(f"{w}{n}")  # gnb4, hosp2: console shorthand
        if n < 100:
            out += [f"{w} {number_word(n)}", f"{w} number {number_word(n)}"]
        if n < len(ORDINALS):
            out += [f"the {ORDINALS[n]} {w}", f"{ORDINALS[n]} {w}"]
    return out


def _directional_aliases(stem: str, direction: str) -> list[str]:
    words = STEM_WORDS.get(stem, (stem,))
    adj = DIRECTION_ADJ.get(direction, direction)
    out = []
    for w in words:
        out += [f"{w} {direction}", f"{w}-{direction}", f"the {direction} {w}", f"{direction} {w}",
                f"the {adj} {w}", f"{adj} {w}", f"the {w} in the {direction}"]
    return out


def node_aliases(node_id: str) -> list[str]:
    """Spoken forms of one node id, the id itself first."""
    aliases = [node_id, *PLACE_WORDS.get(node_id, ())]
    m = re.fullmatch(r"([a-z]+)-(\d+)", node_id)
    if m:
        aliases += _numbered_aliases(m.group(1), int(m.group(2)))
    m = re.fullmatch(r"([a-z]+)-(north|south|east|west|central)", node_id)
    if m:
        aliases += _directional_aliases(m.group(1), m.group(2))
    if "-" in node_id and node_id not in PLACE_WORDS:
        aliases.append(node_id.replace("-", " "))
    return list(dict.fromkeys(aliases))


def node_words(node_id: str) -> tuple[str, ...]:
    """Words one of which every spoken form of the node contains: its id, the words of its stem
    ("gnb", "base station", "cell") or its place words ("farm", "harbour")."""
    words = {node_id, node_id.replace("-", " ")} | {w.casefold().removeprefix("the ") for w in PLACE_WORDS.get(node_id, ())}
    m = re.fullmatch(r"([a-z]+)-(?:\d+|north|south|east|west|central)", node_id)
    if m:
        words |= {m.group(1), *(w.casefold() for w in STEM_WORDS.get(m.group(1), ()))}
    return tuple(sorted(words))


def normalise_phrase(text: str) -> str:
    """Lowercase, drop articles and punctuation that do not change what is named."""
    text = text.casefold().replace("_", " ").replace("’", "'")
    text = re.sub(r"[^\w#:\- ]", " ", text)
    words = [w for w in text.split() if w not in ("the", "a", "an")]
    return " ".join(words)


@lru_cache(maxsize=8)
def _alias_table(ids: frozenset[str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for node_id in sorted(ids):
        for alias in node_aliases(node_id):
            table.setdefault(normalise_phrase(alias), node_id)
    for role, phrases in ROLE_PHRASES.items():
        for p in phrases:
            table[normalise_phrase(p)] = role
    for role, nouns in ROLE_NOUNS.items():
        for noun in nouns:
            many = noun + ("es" if noun.endswith(("ch", "s")) else "s")
            for p in (f"every {noun}", f"each {noun}", f"all {many}", f"all the {many}"):
                table.setdefault(normalise_phrase(p), role)
    for p in ALL_PHRASES:
        table[normalise_phrase(p)] = "all"
    for role, words in ROLE_SHORT.items():
        for w in words:
            table.setdefault(w, role)
    shorts = [(short, node_id) for node_id in sorted(ids) for short in _short_forms(node_id)]
    once = Counter(short for short, _ in shorts)
    for short, node_id in shorts:
        if once[short] == 1:  # "a-north" of agg-north and access-north names neither
            table.setdefault(short, node_id)
    return table


def _short_forms(node_id: str) -> list[str]:
    """The shorthand of tickets for a node with a direction ("agg-n", "e-south"; hyphenated only: "the edge(s)" and
    "the agg n/w" name no node) and for a data centre ("DC"). Read, not written: the template corpus does not use them."""
    if node_id.endswith("-dc"):
        return ["dc"]
    m = re.fullmatch(r"([a-z]+)-(north|south|east|west)", node_id)
    if not m:
        return []
    stem, direction = m.groups()
    return [f"{stem}-{direction[0]}", f"{stem[0]}-{direction}"]


def alias_table(g: nx.Graph) -> dict[str, str]:
    """Normalised phrase -> node id or selector, for the nodes ``g`` holds."""
    return _alias_table(frozenset(map(str, g.nodes)))
