"""The compact IR form the hub model emits, its grammar, and its decoding into exact IR JSON.

One line; intents separated by `` ; ``; each a kind word and ``key=value`` pairs; or one error::

    create svc=urllc at=hospital-1,hospital-2 bw=1.5 gbps rel=five nines ; query topic=alarms
    !unsafe

About a third of the tokens of the IR JSON, which matters on a CPU at 10-50 tokens/s. Enums and
node references are canonical; quantities are copied as written and normalised by
:mod:`llm_core.units`; node references are grounded by :class:`llm_core.grounding.Grounder`.
:data:`GRAMMAR` (GBNF, for llama.cpp and vLLM) constrains decoding to this form, and
:func:`decode` turns it into intents that validate against the IR models, or raises a
:class:`DecodeError` that says which IR error code it means.
"""
from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import ValidationError

from netmodel.errors import UnknownEntity
from netmodel.ir import ERROR_CODES, INTENT_CLASSES, Trigger, parse_intent

from . import units
from .grounding import Grounder
from .lexicon import APP_PORTS

KIND_WORDS = {"create": "slice.create", "modify": "slice.modify", "delete": "slice.delete", "block": "sdn.block",
              "limit": "sdn.rate_limit", "route": "sdn.route", "ztn": "ztn.policy", "fedft": "learn.fedft",
              "split": "learn.split", "query": "query"}
WORD_OF_KIND = {v: k for k, v in KIND_WORDS.items()}

_SLICE_KEYS = ("svc", "at", "name", "bw", "lat", "rel", "dev", "iso", "time")
KEYS: dict[str, tuple[str, ...]] = {
    "create": _SLICE_KEYS, "modify": _SLICE_KEYS, "delete": ("name",),
    "block": ("src", "dst", "proto", "port"), "limit": ("src", "dst", "rate"),
    "route": ("src", "dst", "via", "avoid", "paths", "obj"),
    "ztn": ("on", "scope", "act", "mode", "rate", "name"),
    "fedft": ("model", "nodes", "rounds", "strat", "eps", "epochs"),
    "split": ("model", "nodes", "method", "rounds", "cut"),
    "query": ("topic", "target", "dst"),
}
"""Keys each kind may carry, in the order the encoder writes them."""

FIELD = {"svc": "service", "at": "sites", "name": "name", "bw": "bandwidth_mbps", "lat": "max_latency_ms",
         "rel": "reliability", "dev": "max_devices", "iso": "isolation", "time": "schedule", "src": "src",
         "dst": "dst", "proto": "protocol", "port": "port", "rate": "rate_mbps", "via": "via", "avoid": "avoid",
         "paths": "paths", "obj": "objective", "scope": "scope", "act": "action", "mode": "mode",
         "model": "model", "nodes": "nodes", "rounds": "rounds", "strat": "strategy", "eps": "dp_epsilon",
         "epochs": "local_epochs", "method": "method", "cut": "cut_layer", "topic": "topic", "target": "target"}
KEY_OF_FIELD = {v: k for k, v in FIELD.items()} | {"event": "on"}


def _literal_values(annotation: Any) -> tuple[str, ...]:
    """The values of a ``Literal[...]`` field type, optional or not; () for any other type."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return next((v for a in get_args(annotation) if (v := _literal_values(a))), ())


def _enums() -> dict[str, tuple[str, ...]]:
    """Compact key -> the IR's values for every enumerated field, in the order the IR models declare them;
    ``proto`` also takes the named application protocols (``proto=ssh``)."""
    out: dict[str, tuple[str, ...]] = {}
    for model in INTENT_CLASSES.values():
        for name, info in model.model_fields.items():
            fields = Trigger.model_fields.items() if info.annotation is Trigger else [(name, info)]
            for field, finfo in fields:
                values = _literal_values(finfo.annotation)
                if field != "kind" and values:
                    out.setdefault(KEY_OF_FIELD[field], values)
    out["proto"] = (*out["proto"], *APP_PORTS)
    return out


ENUMS = _enums()
"""Values each enumerated key may take, derived from the IR models."""

REQUIRED: dict[str, tuple[str, ...]] = {
    kind: tuple(f for f, info in model.model_fields.items() if info.is_required()) for kind, model in INTENT_CLASSES.items()
}
"""IR fields each kind must carry (a decoded intent missing one is ``ambiguous``)."""
TRIGGER_REQUIRED = tuple(f for f, info in Trigger.model_fields.items() if info.is_required())


class DecodeError(ValueError):
    """The compact text cannot become IR; ``code`` is the IR error it amounts to, or ``syntax``
    when the text is malformed (worth a retry)."""

    def __init__(self, code: str, message: str, node: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.node = code, message, node  # node: the unknown one, for unknown_entity


@dataclass
class Compact:
    """A parsed compact line: intents as (kind word, {key: raw value}), or one error code."""

    intents: list[tuple[str, dict[str, str]]]
    error: str | None = None


_PAIR_RE = re.compile(r"(?:^|\s)([a-z]+)=")


def parse(text: str) -> Compact:
    """Split a compact line into kinds and raw key/value pairs (no grounding or units yet)."""
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    if line.startswith("!"):
        code = line[1:].split()[0].strip(".") if line[1:].split() else ""
        if code not in ERROR_CODES:
            raise DecodeError("syntax", f"unknown error code {code!r}")
        return Compact([], code)
    intents = []
    for part in filter(None, (p.strip() for p in line.split(" ; "))):
        word, _, rest = part.partition(" ")
        if word not in KIND_WORDS:
            raise DecodeError("syntax", f"unknown intent kind {word!r}")
        pairs: dict[str, str] = {}
        marks = []
        for m in _PAIR_RE.finditer(" " + rest):  # a word= after a quantity is more of it ("bw=one and=a half gigs")
            if m.group(1) in KEYS[word] or m.group(1) not in ("and", "a", "an", "of", "point", "half"):
                marks.append((m.start(1), m.end(), m.group(1)))
        for (_, end, key), nxt in zip(marks, marks[1:] + [(len(rest) + 1, 0, "")]):
            value = _PAIR_RE.sub(lambda m: m.group().replace("=", " "), (" " + rest)[end:nxt[0]]).strip()
            if key in KEYS[word] and value and key not in pairs:
                pairs[key] = value
        intents.append((word, pairs))
    if not intents:
        raise DecodeError("syntax", "empty output")
    return Compact(intents)


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in re.split(r",|\band\b", value) if v.strip()]


def _enum(key: str) -> Callable[[str], str]:
    def read(value: str) -> str:
        v = value.strip().casefold().replace("-", "_").replace(" ", "_")
        if v not in ENUMS[key]:
            raise DecodeError("syntax", f"{key}={value!r} is not one of {', '.join(ENUMS[key])}")
        return v
    return read


_UNIT_KEYS = ("bw", "lat", "rel", "time")


def _reads(reader: Callable[[str], Any], value: str) -> bool:
    """Whether ``reader`` understands ``value`` (an impossible value is understood: it is ``invalid``)."""
    try:
        reader(value)
    except units.Unreadable:
        return False
    except units.InvalidValue:
        return True
    return True


def _unswap(pairs: dict[str, str], readers: dict[str, Callable[[str], Any]]) -> dict[str, str]:
    """Quantities the model wrote under each other's keys ("lat=150% rel=0.1 ms") go back where their
    units say; a value only one other key can read moves there when that key is free or unreadable."""
    out = dict(pairs)
    for key in [k for k in _UNIT_KEYS if k in out and not _reads(readers[k], out[k])]:
        if _reads(readers[key], out[key]):
            continue  # fixed by an earlier swap
        fits = [k for k in _UNIT_KEYS if k != key and _reads(readers[k], out[key])
                and (k not in out or not _reads(readers[k], out[k]))]
        if len(fits) == 1:
            other = fits[0]
            if other in out:
                out[key], out[other] = out[other], out[key]
            else:
                out[other] = out.pop(key)
    return out


GLUED_QUANTITY = re.compile(r"(?:[a-z]+-)?(\d+(?:\.\d+)?\s*(?:[mgk]bps|[mgk]bit/s|ms))", re.I)
"""A figure the model glued onto a list of places ("at=gnb-6,gnb-400 mbps" for "at gNodeB 6, 400 Mbps")."""
FLOW_NAME = re.compile(r"([\w-]+?)-to-([\w-]+)", re.I)
"""A flow written as one word ("src=stadium-to-cloud" for "Stadium-to-cloud traffic")."""


def _unglued(pairs: dict[str, str], grounder: Grounder) -> dict[str, str]:
    """``pairs`` with a quantity glued onto a list of places moved to the key its unit reads (when free), and a source
    written as a flow ("stadium-to-cloud") split into its two ends (when no destination is given)."""
    out = dict(pairs)
    if "at" in out and len(items := _split_list(out["at"])) > 1 and (m := GLUED_QUANTITY.fullmatch(items[-1])):
        key = "lat" if m[1].casefold().endswith("ms") else "bw"
        if key not in out:
            out["at"], out[key] = ",".join(items[:-1]), m[1]
    if "src" in out and "dst" not in out and (m := FLOW_NAME.fullmatch(out["src"].strip())):
        with contextlib.suppress(UnknownEntity):
            grounder.ref(m[1], "endpoint"), grounder.ref(m[2], "endpoint")
            out["src"], out["dst"] = m[1], m[2]
    return out


def _intent(word: str, pairs: dict[str, str], grounder: Grounder) -> dict[str, Any]:
    """IR dict of one parsed intent; raises DecodeError (invalid / unknown_entity / ambiguous)."""
    kind = KIND_WORDS[word]
    ir: dict[str, Any] = {"kind": kind}
    refs = {"at": "selector", "nodes": "selector", "scope": "selector", "target": "selector",
            "src": "endpoint", "dst": "id" if word == "query" else "endpoint", "via": "id", "avoid": "id"}
    readers: dict[str, Callable[[str], Any]] = {
        "bw": units.bandwidth_mbps, "rate": units.bandwidth_mbps, "lat": units.latency_ms, "rel": units.reliability,
        "dev": lambda v: units.count(v, "max_devices"), "paths": lambda v: units.count(v, "paths"),
        "rounds": lambda v: units.count(v, "rounds"), "epochs": lambda v: units.count(v, "local_epochs"),
        "cut": lambda v: units.count(v, "cut_layer"), "port": units.port,
        "eps": lambda v: units.positive(v, "dp_epsilon"), "time": units.schedule, "name": lambda v: v.strip().strip("'\"“”‘’`"),
    }
    try:
        for key, value in _unswap(_unglued(pairs, grounder), readers).items():
            if key in refs:
                many = key in ("at", "nodes", "scope", "via", "avoid")
                got = grounder.refs(_split_list(value), refs[key]) if many else grounder.ref(value, refs[key])
            elif key in ENUMS:
                got = _enum(key)(value)
            else:
                got = readers[key](value)
            if key == "on":
                ir.setdefault("trigger", {})["event"] = got
            elif key == "scope":
                ir.setdefault("trigger", {})["scope"] = got
            elif key == "proto" and got in APP_PORTS:
                ir["protocol"], ir["port"] = APP_PORTS[got]
            elif key == "port" and "port" in ir:
                continue  # a named service already fixed the port
            else:
                ir[FIELD[key]] = got
    except UnknownEntity as e:
        raise DecodeError("unknown_entity", e.message, e.details.get("node")) from None
    except units.InvalidValue as e:
        raise DecodeError("invalid", str(e)) from None
    except units.Unreadable as e:
        raise DecodeError("syntax", str(e)) from None
    if kind == "ztn.policy":
        ir.setdefault("mode", "approve")  # the IR convention: approve unless the text says otherwise
    return ir


def _missing(ir: dict[str, Any]) -> str | None:
    gone = [f for f in REQUIRED[ir["kind"]] if f not in ir]
    if ir["kind"] == "ztn.policy" and "trigger" in ir:
        gone += [f"trigger.{f}" for f in TRIGGER_REQUIRED if f not in ir["trigger"]]
    if ir["kind"] == "slice.modify" and len(ir) <= 2:
        gone.append("a field to change")
    return ", ".join(gone) or None


def decode(text: str, grounder: Grounder) -> list[dict[str, Any]]:
    """Exact IR intents for a compact line, or :class:`DecodeError`. For several intents the first
    failure decides, except that ``unsafe`` anywhere wins (nothing of such an utterance applies)."""
    parsed = parse(text)
    if parsed.error:
        raise DecodeError(parsed.error, f"the request was refused as {parsed.error}")
    out, failures = [], []
    for word, pairs in parsed.intents:
        try:
            ir = _intent(word, pairs, grounder)
            gone = _missing(ir)
            if gone:
                raise DecodeError("ambiguous", f"{ir['kind']}: missing {gone}")
            out.append(parse_intent(ir).to_json())
        except DecodeError as e:
            failures.append(e)
        except ValidationError as e:
            failures.append(DecodeError("invalid", f"{KIND_WORDS[word]}: {e.errors()[0]['msg']}"))
    if failures:
        order = ["unknown_entity", "invalid", "ambiguous", "syntax"]
        raise min(failures, key=lambda e: order.index(e.code) if e.code in order else -1)
    return out


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.12g}"
    return str(value)


def encode(intents: list[dict[str, Any]]) -> str:
    """Canonical compact form of IR intents (numbers in IR units): few-shot examples, round trips."""
    parts = []
    for ir in intents:
        word = WORD_OF_KIND[ir["kind"]]
        pairs = []
        flat = dict(ir)
        trigger = flat.pop("trigger", None)
        if trigger:
            flat = {"event": trigger["event"], "scope": trigger["scope"], **flat}
        for f, v in flat.items():
            if f == "kind":
                continue
            key = KEY_OF_FIELD[f]
            if isinstance(v, list):
                v = ",".join(v)
            elif isinstance(v, dict):
                v = f"{v['start']}-{v['end']}"
            pairs.append((KEYS[word].index(key) if key in KEYS[word] else 99, f"{key}={_fmt(v)}"))
        parts.append(" ".join([word, *(p for _, p in sorted(pairs))]))
    return " ; ".join(parts)


def _alts(words: Any) -> str:
    return " | ".join(f'"{w}"' for w in words)


def grammar() -> str:
    """GBNF grammar of the compact form (llama.cpp ``grammar``, vLLM ``structured_outputs.grammar``)."""
    rules = ['root ::= " "? (error | intent (" ; " intent)*)',
             f'error ::= "!" ({_alts(ERROR_CODES)})',
             "intent ::= " + " | ".join(f"{w}-intent" for w in KEYS)]
    for word, keys in KEYS.items():
        rules.append(f'{word}-intent ::= "{word}" ({word}-pair)+')
        rules.append(f'{word}-pair ::= " " (' + " | ".join(
            f'"{k}=" {"enum-" + k if k in ENUMS else "value"}' for k in keys) + ")")
    for key, values in ENUMS.items():
        rules.append(f"enum-{key} ::= {_alts(values)}")
    rules += ['value ::= word (" " word)*', 'word ::= [^ =;!\\n]+']
    return "\n".join(rules) + "\n"


GRAMMAR = grammar()
