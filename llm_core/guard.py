"""Safety rules that do not depend on the model (defence in depth around it).

Before the model: text that tries to give the hub new instructions (the usual prompt-injection
phrasings) is refused as ``unsafe`` whatever else it asks. After decoding: intents that would
disable the network wholesale (block or throttle any to any, delete every slice) are refused as ``unsafe``. The model is trained
to refuse both as well (and orders such as "isolate every node"); these rules make the refusal not
depend on it. A closed-loop rule that isolates whichever node a trigger fires on is conditional,
not wholesale: it translates, and the verifier's guardrail refuses automatic isolation of
infrastructure when it is applied.
"""
from __future__ import annotations

import re
from typing import Any

_INJECTION = [re.compile(p, re.IGNORECASE) for p in (
    r"\b(ignore|disregard|forget|override|bypass)\b[^.?!\n]{0,40}\b(instructions?|rules|guidelines|prompts?|"
    r"directives|guardrails|safety|context|the operator|the above)\b",
    r"\b(system|admin|developer|root)\s+(override|mode|prompt)\b",
    r"\byou are now\b|\bpretend (that )?(you are|to be)\b|\bact as (the )?(admin|root|system)\b",
    r"\bnew instructions?\s*:",
    r"</?\s*(system|assistant|user|ticket|instructions?)\s*>",
    r"\b(assistant|ai|llm|bot|hub|model|agent)\s+(instructions?|commands?|directives?)\b",
    r"(#|//|<!--|/\*)\s*(ai|assistant|llm|bot|hub|agent)\s*[:,-]",
    r"\b(assistant|ai|llm|bot|hub|agent)\s*,?\s*(must|should|shall|needs? to|has to|is to)\b",
)]


def injection(text: str) -> str | None:
    """The phrase that makes ``text`` a prompt injection, or None."""
    for pattern in _INJECTION:
        m = pattern.search(text)
        if m:
            return m.group(0)
    return None


def wholesale(intents: list[dict[str, Any]]) -> str | None:
    """Why these intents would disable the network wholesale, or None."""
    everywhere = {"any", "all"}
    for ir in intents:
        between_all = ir.get("src") in everywhere and ir.get("dst") in everywhere
        if between_all and ir["kind"] == "sdn.block" and "protocol" not in ir and "port" not in ir:
            return "blocks all traffic between all nodes"
        if between_all and ir["kind"] == "sdn.rate_limit":
            return "throttles all traffic between all nodes"
        if ir["kind"] == "slice.delete" and ir["name"].casefold() in ("all", "every", "everything", "*"):
            return "deletes every slice"
    return None
