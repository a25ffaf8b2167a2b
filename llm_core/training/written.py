"""The written corpus: operator requests phrased by people (the project's writers), with their gold IR.

Templates (:mod:`llm_core.training.corpus`) cover every kind and unit but only the sentence shapes someone
thought of; these files add the way operators, tenants and security staff actually phrase things:
indirect requests, NOC shorthand, tickets, follow-ups. They were written from ``spec/intent-ir.md``
and the metro6g inventory, never from the dev set. Each line of ``data/written/*.jsonl``::

    {"text": str, "intents": [IR JSON, ...], "error": null | {"code", "message"}, "target"?: str}

``target`` (the compact form the model learns) is derived here: enums and ids canonical, and every
quantity copied as the text writes it ("2 gigs", "five nines", "8pm-11pm"), as in the template
corpus; a quantity that cannot be found in the text is written canonically. Only records refused
as ``unknown_entity`` or ``invalid`` state their target, since it holds what the text says (the
unknown name, the impossible value).

``python -m llm_core.training.written check FILE...`` validates files; :func:`vary` re-grounds a record on
other nodes of the same role, so each phrasing is learnt with many inventory names.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import ValidationError

from netmodel.ir import TranslateRecord, parse_intent
from netmodel.resolve import references
from netmodel.vocabulary import node_aliases

from .. import units
from ..compact import DecodeError, decode, encode
from ..grounding import Grounder
from ..lexicon import APP_PORTS

WRITTEN = Path(str(resources.files("llm_core"))) / "data" / "written"
HELDOUT_WRITERS = ("w12", "w31", "w39", "w94", "w95")
"""Files kept out of training: a writer whose style the models never see, a check that is not the dev
set (``w6`` played that part while the corpus grew; its errors were studied, so it now trains)."""

_TOKEN = re.compile(r"[^\s,;()\[\]{}<>\"“”=]+")
_NUMBERISH = re.compile(r"^[-−+~≈≥≤<>=]*(\d|\.\d|(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                        r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
                        r"sixty|seventy|eighty|ninety|a|an|half|hundred)\b)", re.I)
_FILLER_END = {"of", "bandwidth", "throughput", "latency", "delay", "guaranteed", "max", "maximum", "minimum", "min",
               "rounds", "round", "devices", "device", "epochs", "epoch", "paths", "path", "layer", "per", "a", "second"}

# field -> (reader that turns a copied span into the IR value, prefer the longest span: with its unit)
_READERS: dict[str, tuple[Callable[[str], Any], bool]] = {
    "bandwidth_mbps": (units.bandwidth_mbps, True), "rate_mbps": (units.bandwidth_mbps, True),
    "max_latency_ms": (units.latency_ms, True), "reliability": (units.reliability, True),
    "max_devices": (lambda s: units.count(s, "max_devices"), False), "port": (units.port, False),
    "rounds": (lambda s: units.count(s, "rounds"), False), "local_epochs": (lambda s: units.count(s, "epochs"), False),
    "cut_layer": (lambda s: units.count(s, "cut"), False), "paths": (lambda s: units.count(s, "paths"), False),
    "dp_epsilon": (lambda s: units.positive(s, "dp_epsilon"), False),
}


def _same(field: str, gold: Any, got: Any) -> bool:
    if field == "reliability":
        return abs((1 - gold) - (1 - got)) <= 1e-9 + 1e-6 * (1 - gold)
    return abs(gold - got) <= 1e-9 * max(1.0, abs(gold))


class _Spans:
    """Quantity-like spans of one text (node names masked), each used at most once."""

    def __init__(self, text: str, grounder: Grounder) -> None:
        masked = text
        for phrase, _ in grounder.mentions(text):  # "gNodeB 3" names a node; its 3 is no quantity
            pattern = r"\b" + r"\W+".join(map(re.escape, phrase.split())) + r"\b"
            masked = re.sub(pattern, lambda m: "\0" * len(m.group()), masked, flags=re.I)
        masked = re.sub(r"\b[^\W\d]\w*(?:-\w+)*-\d+\b", lambda m: "\0" * len(m.group()), masked)  # gnb-9, fan-zone-2
        self.text = text
        self.tokens = [m for m in _TOKEN.finditer(masked) if "\0" not in m.group()]
        self.used: set[int] = set()

    def _clean(self, span: str) -> str:
        return span.strip(".,:;!?'`’").lstrip("~≈≥≤<>=+").strip()

    def find(self, field: str, value: Any) -> str | None:
        read, longest = _READERS[field]
        found: list[tuple[int, int, str]] = []
        for i, tok in enumerate(self.tokens):
            if i in self.used or not _NUMBERISH.match(tok.group()):
                continue
            for n in range(1, 5):
                j = i + n - 1
                if j >= len(self.tokens) or j in self.used:
                    break
                if any(self.tokens[k + 1].start() - self.tokens[k].end() > 1 for k in range(i, j)):
                    break  # a comma or bracket between: not one quantity
                span = self._clean(self.text[tok.start():self.tokens[j].end()])
                if not span or span.split()[-1].casefold() in _FILLER_END and n > 1:
                    continue
                try:
                    got = read(span.casefold())
                except (units.Unreadable, units.InvalidValue, ValueError):
                    continue
                if _same(field, value, got):
                    found.append((i, n, span))
        if not found:
            return None
        i, n, span = max(found, key=lambda f: (f[1], -f[0])) if longest else min(found, key=lambda f: (f[1], f[0]))
        self.used.update(range(i, i + n))
        return span.lower()

    def clock_pair(self, start: str, end: str) -> str | None:
        """``8 pm-11 pm`` when the text writes both times of the window, in order."""
        clocks: list[tuple[list[int], str, str]] = []
        for i, tok in enumerate(self.tokens):
            if i in self.used:
                continue
            nxt = self.tokens[i + 1].group().casefold().strip(".,") if i + 1 < len(self.tokens) else ""
            pieces = [(f"{tok.group()} {nxt}", [i, i + 1])] if nxt in ("am", "pm") else \
                [(p, [i]) for p in re.split(r"[-–—]", tok.group())]
            for piece, used in pieces:
                piece = self._clean(piece).lower()
                try:
                    clocks.append((used, piece, units.clock(piece)))
                except (units.Unreadable, units.InvalidValue):
                    pass
        for a, (used_s, s, v) in enumerate(clocks):
            for used_e, e, w in clocks[a + 1:]:
                if v == start and w == end:
                    self.used.update(used_s + used_e)
                    return f"{s}-{e}"
        return None


def copied_target(text: str, intents: list[dict[str, Any]], grounder: Grounder) -> tuple[str, int]:
    """The compact target of gold ``intents``, quantities copied from ``text``; and how many
    quantities had to be written canonically because the text's form was not found."""
    spans, canonical, out = _Spans(text, grounder), 0, []
    words = set(re.findall(r"[a-z]+", text.casefold()))
    for ir in intents:
        ir = dict(ir)
        app = next((a for a, pp in APP_PORTS.items() if pp == (ir.get("protocol"), ir.get("port")) and a in words), None)
        if app:
            ir["protocol"] = app
            del ir["port"]
        for field in _READERS:
            if field in ir:
                span = spans.find(field, ir[field])
                canonical += span is None
                ir[field] = span or ir[field]
        if "schedule" in ir:
            pair = spans.clock_pair(ir["schedule"]["start"], ir["schedule"]["end"])
            canonical += pair is None
            ir["schedule"] = pair or ir["schedule"]
        out.append(ir)
    return encode(out), canonical


def _normal(intents: list[dict[str, Any]]) -> list[str]:
    """Intents as sorted JSON lines, lists other than ``via`` as sets, floats rounded."""
    def norm(v: Any, key: str = "") -> Any:
        if isinstance(v, dict):
            return {k: norm(x, k) for k, x in sorted(v.items())}
        if isinstance(v, list):
            return [norm(x) for x in v] if key == "via" else sorted(norm(x) for x in v)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return round(float(v), 9)
        return v.casefold() if isinstance(v, str) else v
    return sorted(json.dumps(norm(i)) for i in intents)


def check(record: dict[str, Any], g: nx.Graph, grounder: Grounder | None = None) -> tuple[list[str], str | None, int]:
    """(problems, compact target, canonical quantities) of one written record."""
    grounder = grounder or Grounder(g)
    problems: list[str] = []
    extra = set(record) - {"text", "intents", "error", "target", "note"}
    if extra:
        problems.append(f"unknown keys {sorted(extra)}")
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return ["no text"], None, 0
    try:
        TranslateRecord.model_validate({"id": "w", "intents": record.get("intents"), "error": record.get("error")})
    except ValidationError as e:
        return [f"not a valid translate record: {e.errors()[0]['loc']}: {e.errors()[0]['msg']}"], None, 0
    for ir in record["intents"]:
        for ref in references(parse_intent(ir)):
            if ref not in g and ref not in ("all", "any") and not ref.startswith("role:"):
                problems.append(f"{ir['kind']}: node {ref!r} is not in the inventory")
    code = (record["error"] or {}).get("code")
    target, canonical = record.get("target"), 0
    if code in ("unknown_entity", "invalid"):
        if not target:
            problems.append(f"a record refused as {code} needs a target (the compact form of what the text says)")
        else:
            try:
                decode(target, grounder)
                problems.append(f"target {target!r} decodes without error; expected {code}")
            except DecodeError as e:
                if e.code != code:
                    problems.append(f"target {target!r} decodes to {e.code} ({e.message}); expected {code}")
    elif code:
        if target not in (None, f"!{code}"):
            problems.append(f"target of a {code} record is !{code}")
        target = f"!{code}"
    elif not problems:
        if target is None:
            target, canonical = copied_target(record["text"], record["intents"], grounder)
        try:
            back = decode(target, grounder)
            if _normal(back) != _normal(record["intents"]):
                problems.append(f"target {target!r} decodes to {back}, not the gold intents")
        except DecodeError as e:
            problems.append(f"target {target!r} does not decode: {e.code}: {e.message}")
    return problems, target, canonical


def records(writers: Iterable[str] = HELDOUT_WRITERS) -> list[dict[str, Any]]:
    """The records of these writers' files as written, unchecked (default: the held-out writers,
    which are only measured)."""
    return [json.loads(line) for name in writers
            for line in (WRITTEN / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def load(paths: Iterable[Path] | None = None, g: nx.Graph | None = None) -> list[dict[str, Any]]:
    """Checked training records (``text``, ``intents``, ``error``, ``target``, ``writer``) of the
    written files (default: every writer but the held-out ones, without the texts a held-out writer
    also wrote, such as "show me the topology"); a bad record raises."""
    from netmodel.twin import load_topology

    g = g if g is not None else load_topology()
    grounder = Grounder(g)
    held: set[str] = set()
    if paths is None:
        paths = [p for p in sorted(WRITTEN.glob("*.jsonl")) if p.stem not in HELDOUT_WRITERS]
        held = {r["text"].strip().casefold() for r in records()}
    out = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["text"].strip().casefold() in held:
                continue
            problems, target, _ = check(rec, g, grounder)
            if problems:
                raise ValueError(f"{path}:{n}: {'; '.join(problems)}")
            out.append({"text": rec["text"], "intents": rec["intents"], "error": rec["error"], "target": target,
                        "writer": Path(path).stem})
    return out


_ID_IN_TARGET = r"(?<=[=,]){}(?=[ ,]|$)"


def restyle(text: str, rng: random.Random) -> str:
    """The same request typed differently: casing and the closing punctuation."""
    x = rng.random()
    text = text.lower() if x < 0.3 else text[0].upper() + text[1:] if x < 0.6 else text
    if text.endswith((".", "!")) and rng.random() < 0.5:
        return text[:-1]
    return text + "." if not text.endswith((".", "!", "?")) and rng.random() < 0.3 else text


def vary(record: dict[str, Any], g: nx.Graph, rng: random.Random) -> dict[str, Any]:
    """The record with the nodes it names swapped for other nodes of the same role (text, target
    and gold together) and restyled; roles, ``all`` and unknown names stay. A record naming no
    node is only restyled."""
    grounder = Grounder(g)
    mentions = [(p, n) for p, n in grounder.mentions(record["text"])
                if re.search(_ID_IN_TARGET.format(re.escape(n)), record["target"])]
    if not mentions:
        return {**record, "text": restyle(record["text"], rng)}
    ids = {n for _, n in mentions}
    taken = set(re.findall(r"(?<=[=,])([a-z0-9]+(?:-[a-z0-9]+)*)", record["target"]))
    swap: dict[str, str] = {}
    for n in sorted(ids):
        pool = sorted(m for m in g if g.nodes[m]["role"] == g.nodes[n]["role"] and m not in taken and m not in swap.values())
        if pool:
            swap[n] = rng.choice(pool)
    text, target = record["text"], record["target"]
    for phrase, n in sorted(mentions, key=lambda m: -len(m[0])):
        if n not in swap:
            continue
        aliases = node_aliases(swap[n])
        alias = aliases[0] if rng.random() < 0.35 else rng.choice(aliases[1:] or aliases)
        pattern = r"(?<![\w-])(?:the\s+)?" + r"\W+".join(map(re.escape, phrase.split())) + r"(?![\w-])"
        text = re.sub(pattern, lambda _m, a=alias: a, text, flags=re.I)
    for old, new in swap.items():
        target = re.sub(_ID_IN_TARGET.format(re.escape(old)), new, target)
    out = {**record, "text": restyle(text, rng), "target": target}
    if record["error"] is None:
        out["intents"] = decode(target, grounder)
    return out


def _main(argv: list[str] | None = None) -> int:
    """``check FILE...``: report every problem and a summary by kind / error code."""
    from netmodel.twin import load_topology

    parser = argparse.ArgumentParser(prog="python -m llm_core.training.written",
                                     description="Validate files of the written corpus.")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check every record: IR models, inventory, target decodes to the gold")
    check_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    g = load_topology()
    grounder = Grounder(g)
    bad, kinds, canon, texts = 0, Counter(), 0, Counter()
    for path in args.files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{path}:{n}: not JSON: {e.msg}")
                bad += 1
                continue
            problems, target, c = check(rec, g, grounder)
            texts[rec.get("text", "").strip().casefold()] += 1
            canon += c
            if problems:
                bad += 1
                print(f"{path}:{n}: " + "; ".join(problems))
                continue
            if c:
                print(f"{path}:{n}: note: {c} quantity(ies) not found as written, target {target!r}")
            key = (rec["error"] or {}).get("code") or "+".join(sorted(i["kind"] for i in rec["intents"]))
            kinds["multi" if len(rec["intents"]) > 1 else key] += 1
    dup = sum(v - 1 for v in texts.values() if v > 1)
    print(f"{sum(kinds.values())} good, {bad} bad, {dup} duplicate texts, {canon} quantities written canonically")
    print(", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(_main())
