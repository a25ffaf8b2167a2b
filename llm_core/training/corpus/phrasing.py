"""What every intent family of the corpus draws on: clauses, node references and quantities in the
forms operators speak them, and the politeness and casing of a whole utterance."""
from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from netmodel.vocabulary import (
    ALL_PHRASES,
    ANY_PHRASES,
    NUMBER_WORDS,
    ORDINALS,
    ROLE_PHRASES,
    SERVICE_WORDS,
    STEM_WORDS,
    alias_table,
    node_aliases,
    normalise_phrase,
    number_word,
)

Split = Literal["all", "train", "heldout"]


@dataclass
class Clause:
    """One intent as text, IR and compact target, built together so they cannot disagree."""

    text: str
    ir: dict[str, Any]
    target: str
    flaw: str | None = None  # an error code this clause forces on the utterance (invalid, unknown_entity)


@dataclass
class Ref:
    mention: str
    value: str  # id, role selector, all/any, or (for unknown entities) the id-like form of the mention
    known: bool = True


@dataclass
class Quantity:
    text: str
    value: float


@dataclass
class Phrasing:
    """The generator's state (inventory, seeded RNG, split) and what every intent family draws on:
    phrasings, node references, quantities in their spoken forms."""

    g: nx.Graph
    rng: random.Random
    split: Split
    ids_by_role: dict[str, list[str]] = field(init=False)
    taken: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.ids_by_role = {}
        for n, role in self.g.nodes(data="role"):
            self.ids_by_role.setdefault(role, []).append(str(n))
        self.taken = alias_table(self.g)

    # -- choice helpers ----------------------------------------------------------------------
    def pick(self, options: Sequence[Any]) -> Any:
        """Choose a phrasing; the train split never sees every fifth option of a list of four or more."""
        if self.split == "train" and len(options) >= 4:
            options = [o for i, o in enumerate(options) if i % 5 != 4]
        return self.rng.choice(list(options))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -- node references -----------------------------------------------------------------------
    def node(self, roles: Sequence[str] | None = None, exclude: Sequence[str] = ()) -> Ref:
        pool = [n for r in (roles or self.ids_by_role) for n in self.ids_by_role.get(r, []) if n not in exclude]
        node_id = self.rng.choice(sorted(pool))
        aliases = node_aliases(node_id)
        mention = node_id if self.chance(0.35) else self.pick(aliases[1:] or aliases)
        return Ref(mention, node_id)

    def unknown_node(self, roles: Sequence[str] | None = None) -> Ref:
        """A plausible name the inventory does not have: a number past the last one, another
        direction, or a place that is not in the network."""
        for _ in range(50):
            choice = self.rng.random()
            if choice < 0.55:
                stems = {}
                for r in roles or self.ids_by_role:
                    for n in self.ids_by_role.get(r, []):
                        m = re.fullmatch(r"([a-z]+)-(\d+)", n)
                        if m:
                            stems[m.group(1)] = max(stems.get(m.group(1), 0), int(m.group(2)))
                if not stems:
                    continue
                stem = self.rng.choice(sorted(stems))
                num = stems[stem] + self.rng.randint(1, 12)
                words = STEM_WORDS.get(stem, (stem,))
                mention = self.pick([f"{self.pick(words)} {num}", f"{stem}-{num}",
                                     f"the {ORDINALS[num]} {self.pick(words)}" if num < len(ORDINALS) else f"{stem}-{num}",
                                     f"{self.pick(words)} {number_word(num)}" if num < 100 else f"{stem}-{num}"])
                value = f"{stem}-{num}"
            elif choice < 0.75:
                stem = self.pick(["edge", "agg", "core"])
                direction = self.pick(["west", "central", "north", "south", "east"])
                value = f"{stem}-{direction}"
                mention = self.pick([value, f"the {direction} {self.pick(STEM_WORDS[stem])}", f"{stem} {direction}"])
            else:
                place = self.pick(["airport", "mall", "school", "library", "train station", "warehouse", "museum",
                                   "city hall", "marina", "substation", "mine", "shipyard", "bank", "depot",
                                   "observatory", "refinery", "hotel"])
                value = place.replace(" ", "-")
                mention = self.pick([f"the {place}", place, f"the {place} site"])
            if value not in self.g and normalise_phrase(mention) not in self.taken:
                return Ref(mention, value, known=False)
        raise RuntimeError("could not invent an unknown node name")

    def role(self, roles: Sequence[str]) -> Ref:
        role = self.rng.choice([r for r in roles if r in self.ids_by_role])
        return Ref(self.pick(ROLE_PHRASES[f"role:{role}"]), f"role:{role}")

    def selector(self, roles: Sequence[str], p_role: float = 0.2, p_all: float = 0.05, most: int = 3) -> list[Ref]:
        """Refs for sites / nodes / scope / target: some ids, or a role selector, or ``all``."""
        x = self.rng.random()
        if x < p_all:
            return [Ref(self.pick(ALL_PHRASES), "all")]
        if x < p_all + p_role:
            first = self.role(roles)
            if self.chance(0.2):  # "the edges and the RAN", "the cloud plus the edge layer"
                return [first, self.role(roles) if self.chance(0.5) else self.node(roles)]
            return [first]
        k = self.rng.choice([1, 1, 1, 2, 2, 3][: most * 2])
        refs: list[Ref] = []
        for _ in range(k):
            ref = self.node(roles, exclude=[r.value for r in refs])
            refs.append(ref)
        return refs

    def endpoint(self, roles: Sequence[str] | None = None, p_role: float = 0.1, p_any: float = 0.0,
                 exclude: Sequence[str] = ()) -> Ref:
        x = self.rng.random()
        if x < p_any:
            return Ref(self.pick(ANY_PHRASES), "any")
        if x < p_any + p_role:
            return self.role(roles or ("ran", "site", "edge"))
        return self.node(roles, exclude=exclude)

    @staticmethod
    def values(refs: Sequence[Ref]) -> list[str]:
        return list(dict.fromkeys(r.value for r in refs))

    def join(self, words: Sequence[str]) -> str:
        if len(words) == 1:
            return words[0]
        sep = self.pick([", ", ", ", " / "]) if len(words) > 2 else ", "
        return sep.join(words[:-1]) + self.pick([" and ", " and ", " & ", ", "]) + words[-1]

    def refs_text(self, refs: Sequence[Ref]) -> str:
        return self.join([r.mention for r in refs])

    # -- quantities ----------------------------------------------------------------------------
    def number(self, x: float, words: bool = True) -> str:
        if words and x == int(x) and 0 < x < 100 and self.chance(0.15):
            return number_word(int(x))
        return f"{x:g}" if x < 10000 or self.chance(0.5) else f"{int(x):,}"

    @staticmethod
    def with_unit(number: str, unit: str, tight: bool) -> str:
        """``50Mbps`` or ``50 Mbps``; spelt numbers always keep their space."""
        return f"{number}{'' if tight and number[-1].isdigit() else ' '}{unit}"

    def bandwidth(self, lo: float = 1, hi: float = 5000) -> Quantity:
        mbps = self.pick([1, 2, 5, 10, 20, 25, 50, 75, 100, 150, 200, 250, 300, 400, 500, 600, 800,
                          1000, 1500, 2000, 2500, 5000, 10000, 0.5, 0.1, 0.25, 40, 15, 30, 60, 120, 3000])
        mbps = min(max(mbps, lo), hi)
        if mbps >= 1000 and self.chance(0.7):
            unit = self.pick(["Gbps", "Gbit/s", "gigabits per second", "G", "gig", "Gb/s", "gigabit"])
            return Quantity(self.with_unit(self.number(mbps / 1000), unit, tight=unit == "G"), mbps)
        if mbps < 1 and self.chance(0.7):
            unit = self.pick(["kbps", "kbit/s", "kilobits per second", "kb/s"])
            return Quantity(f"{self.number(mbps * 1000, words=False)} {unit}", mbps)
        unit = self.pick(["Mbps", "Mbit/s", "megabits per second", "Mbps", "Mb/s", "meg", "megabits", "M", "mbps"])
        return Quantity(self.with_unit(self.number(mbps), unit, tight=unit == "M" or self.chance(0.15)), mbps)

    def latency(self) -> Quantity:
        ms = self.pick([1, 2, 3, 5, 8, 10, 15, 20, 25, 30, 50, 100, 0.5, 4, 12, 40, 0.25, 1.5, 200])
        if ms < 1 and self.chance(0.7):
            unit = self.pick(["µs", "us", "microseconds", "μs"])
            return Quantity(f"{ms * 1000:g} {unit}", ms)
        unit = self.pick(["ms", "milliseconds", "msec", "ms", "millis", "millisecond"])
        return Quantity(self.with_unit(self.number(ms), unit, tight=unit == "ms" and self.chance(0.3)), ms)

    def reliability(self) -> Quantity:
        k = self.pick([2, 3, 4, 5, 6, 3, 4, 5])
        r = round(1 - 10 ** -k, k)
        pct = f"{r * 100:.{max(k - 2, 0)}f}"
        form = self.pick(["pct", "nines", "word_nines", "pct_word", "fraction"])
        text = {"pct": f"{pct}%", "nines": f"{k} nines", "word_nines": f"{NUMBER_WORDS[k]} nines",
                "pct_word": f"{pct} percent", "fraction": f"{r}"}[form]
        if form == "pct" and self.chance(0.3):
            text = f"{pct} %"
        if self.chance(0.15):
            text, r = self.pick([("99.95%", 0.9995), ("99.5 %", 0.995), ("99.95 percent", 0.9995), ("99.9%", 0.999)])
        return Quantity(text, r)

    def count(self, lo: int = 1, hi: int = 1_000_000) -> Quantity:
        n = self.pick([100, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 250, 1500, 200000, 1000000])
        n = min(max(n, lo), hi)
        if n >= 1000 and n % 1000 == 0 and self.chance(0.4):
            return Quantity(f"{n // 1000}k", n)
        if n == 1_000_000 and self.chance(0.5):
            return Quantity(self.pick(["a million", "one million", "1 million"]), n)
        return Quantity(f"{n:,}" if self.chance(0.4) else str(n), n)

    def small_count(self, choices: Sequence[int]) -> Quantity:
        n = self.pick(choices)
        return Quantity(number_word(n) if n < 20 and self.chance(0.3) else str(n), n)

    def clock(self, hour: int, minute: int = 0) -> str:
        if minute == 0 and self.chance(0.35):
            if hour == 12:
                return self.pick(["noon", "12pm"])
            if hour == 0:
                return "midnight"
            return f"{hour % 12 or 12}{self.pick(['am', ' am', 'AM'])}" if hour < 12 else \
                f"{hour % 12}{self.pick(['pm', ' pm', 'PM'])}"
        return f"{hour:02d}:{minute:02d}" if self.chance(0.8) else f"{hour}:{minute:02d}"

    # -- shared vocabulary ---------------------------------------------------------------------
    def slice_name(self) -> str:
        head = self.pick(["video", "fan", "surgery", "robots", "farm", "shuttle", "ar", "meter", "grid", "cam",
                          "ops", "event", "lab", "fleet", "sensor", "stream", "drone", "xr", "care", "metro",
                          "hospital", "port", "campus", "stadium", "factory", "edge", "match", "city", "tele", "vip"])
        tail = self.pick(["zone", "net", "slice", "a", "b", "1", "2", "live", "iot", "ops", "lane", "fast", "core"])
        x = self.rng.random()
        if x < 0.12:  # a plain word: "harvest", "rescue"
            return self.pick(["harvest", "rescue", "broadcast", "premium", "concert", "derby", "lecture", "cargo",
                              "nightshift", "emergency", "festival", "logistics", "theatre", "gold", "fanzone"])
        return f"{head}-{tail}" if x < 0.85 else head + tail

    def service_phrase(self, svc: str) -> str:
        return self.pick(SERVICE_WORDS[svc])

    # -- a whole utterance ----------------------------------------------------------------------
    def single(self, kind: str) -> Clause:
        return getattr(self, kind)()

    def polish(self, text: str, calm: bool = False) -> str:
        """Politeness, casing and punctuation, the way operators actually type. ``calm`` leaves out
        urgency ("right away"), which would blur a closed-loop rule's auto/approve mode."""
        pre = self.pick(["", "", "", "", "please ", "can you ", "could you please ", "I need you to ", "we need to ",
                         "go ahead and ", "hey, ", "ok, ", "kindly ", "I'd like to ", "let's ", "we'd like to ",
                         "please could you ", "need to ", "operator request: ", "quick one: "])
        if pre and text.split(" ", 1)[0].lower() not in IMPERATIVES:
            pre = self.pick(["", "please, ", "hey, ", "ok, ", "so ", "FYI: "])
        post = self.pick(["", "", "", "", " please", ", thanks", ". thank you"] if calm else
                         ["", "", "", "", " please", " asap", ", thanks", " right away", " now", ". thank you"])
        text = pre + text + post
        text += self.pick(["", "", ".", ".", "!", ""]) if not text.endswith(("?", ".")) else ""
        if self.chance(0.2):
            return text.lower()
        return text[0].upper() + text[1:] if self.chance(0.7) else text


IMPERATIVES = {"create", "set", "provision", "spin", "deploy", "build", "add", "establish", "configure", "make",
               "stand", "bring", "allocate", "open", "give", "move", "change", "re-home", "increase", "raise", "bump",
               "lower", "reduce", "update", "adjust", "modify", "reconfigure", "delete", "tear", "remove",
               "decommission", "get", "drop", "take", "release", "block", "deny", "stop", "filter", "prevent",
               "firewall", "disallow", "cut", "limit", "throttle", "cap", "rate-limit", "police", "restrict", "shape",
               "keep", "route", "send", "steer", "reroute", "forward", "fine-tune", "run", "start", "retrain",
               "launch", "have", "train", "use", "split-train", "show", "list", "display", "describe", "trace",
               "let", "fix", "isolate", "reserve", "kill", "clean", "destroy", "blackhole", "put", "kick", "improve",
               "tweak", "print", "summarise", "process", "write", "compose", "tell", "translate", "recommend",
               "book", "help", "order", "explain", "draft", "sing", "plan", "calculate", "play", "remind", "suggest"}
