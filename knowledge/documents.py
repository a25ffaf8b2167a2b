"""Documents of the knowledge base, as chunks: the static files under ``docs/`` and the live
inventory (nodes with their spoken aliases, slices and policies in force) rendered from the store.

The service catalogue is rendered from ``netmodel.catalogue.SERVICES`` too, so the defaults the
model is told and the defaults the compiler applies are one table.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import networkx as nx
import yaml

from netmodel.catalogue import SERVICES
from netmodel.policy import PolicySet
from netmodel.vocabulary import SERVICE_WORDS, USE_CASES, node_aliases


@dataclass(frozen=True)
class Document:
    """One retrievable chunk; ``meta['kind']`` is service, doc, device, node, slice or policy."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        return hashlib.sha256((self.text + repr(sorted(self.meta.items()))).encode()).hexdigest()[:16]


def _markdown_chunks(name: str, text: str) -> list[Document]:
    """Split a markdown file at its second-level headings (the preamble is a chunk of its own)."""
    parts = re.split(r"(?m)^## ", text)
    title = parts[0].strip().splitlines()[0].lstrip("# ").strip()
    chunks = [Document(f"{name}#0", parts[0].strip(), {"kind": "doc", "source": name, "title": title})]
    for i, part in enumerate(parts[1:], 1):
        heading = part.splitlines()[0].strip()
        chunks.append(Document(f"{name}#{i}", f"{title}: {part.strip()}", {"kind": "doc", "source": name,
                                                                          "title": heading}))
    return chunks


def service_documents() -> list[Document]:
    """One chunk per service type, with its SST, defaults and the phrases operators use for it."""
    out = []
    for svc, p in SERVICES.items():
        text = (f"{SERVICE_WORDS[svc][0]} slice (service {svc}, SST {p['sst']}): {p['description']}. "
                f"Typical use: {p['examples']}, {', '.join(USE_CASES[svc])}. Also called: "
                f"{', '.join(SERVICE_WORDS[svc])}. Defaults: {p['bandwidth_mbps']:g} Mbit/s, "
                f"max latency {p['max_latency_ms']:g} ms, reliability {p['reliability']}, anchored at the {p['anchor']}.")
        out.append(Document(f"service:{svc}", text, {"kind": "service", "service": svc}))
    return out


def static_documents() -> list[Document]:
    """Every chunk of the files shipped in ``knowledge/docs`` plus the rendered service catalogue."""
    docs = service_documents()
    for entry in sorted(resources.files("knowledge").joinpath("docs").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".md"):
            docs += _markdown_chunks(entry.name, entry.read_text(encoding="utf-8"))
        elif entry.name.endswith((".yaml", ".yml")):
            for cls, spec in yaml.safe_load(entry.read_text(encoding="utf-8")).items():
                budget = ", ".join(f"{k} {v}" for k, v in spec.items() if k != "description")
                docs.append(Document(f"device:{cls}", f"Device class {cls}: {spec['description']}; {budget}.",
                                     {"kind": "device", "device_class": cls}))
    return docs


def inventory_documents(g: nx.Graph, policies: PolicySet | None = None) -> list[Document]:
    """The live inventory: one chunk per node (role, aliases, neighbours) and per object in force."""
    docs = []
    for n, d in sorted(g.nodes(data=True)):
        aliases = node_aliases(str(n))[1:8]
        links = ", ".join(sorted(map(str, g.neighbors(n)))[:6])
        extra = f", device class {d['device_class']}" if d.get("device_class") else ""
        docs.append(Document(f"node:{n}", f"Node {n} (role {d['role']}{extra}). Also called: {', '.join(aliases)}. "
                                          f"Linked to: {links}.", {"kind": "node", "node": str(n), "role": d["role"]}))
    for section, obj in (policies or PolicySet()).objects():
        key = obj.key()
        meta: dict[str, Any] = {"kind": "slice" if section == "slices" else "policy", "name": key, "section": section}
        docs.append(Document(f"{section}:{key}", f"In force ({section}): {obj.summary()}", meta))
    return docs
