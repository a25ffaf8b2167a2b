"""The knowledge base in a real chromadb (persistent, temp dir) with the offline MiniLM embeddings."""
from __future__ import annotations

import pytest

from knowledge.documents import inventory_documents, static_documents
from knowledge.index import KnowledgeIndex
from llm_core.retriever import Retriever
from netmodel.catalogue import SERVICES
from netmodel.ir import parse_intent


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> KnowledgeIndex:
    idx = KnowledgeIndex(tmp_path_factory.mktemp("kb"))
    idx.build()
    return idx


def test_documents_cover_catalogue_runbooks_devices():
    docs = static_documents()
    kinds = {d.meta["kind"] for d in docs}
    assert {"service", "doc", "device"} <= kinds
    assert {d.meta["service"] for d in docs if d.meta["kind"] == "service"} == set(SERVICES)
    assert any("DDoS" in d.text for d in docs) and any("5QI" in d.text for d in docs)


def test_build_is_incremental(index):
    n = index.stats()["docs"]
    assert n == len(static_documents())
    assert index.build() == 0  # nothing changed, nothing re-embedded


def test_dense_search_finds_the_runbook_and_service(index):
    assert index.search("what do we do during a DDoS attack", k=1)[0].id.startswith("runbooks.md")
    assert index.search("telesurgery needs a slice", k=1, where={"kind": "service"})[0].meta["service"] == "urllc"
    assert index.search("platooning trucks", k=1, where={"kind": "service"})[0].meta["service"] == "v2x"


def test_many_searches_come_back_in_order_whatever_the_chunk(index):
    """Batched searches are cut in chunks (SQLite's variable limit broke one call for a 16,000-prompt corpus); the
    answers are the single searches', in the texts' order."""
    texts = ["what do we do during a DDoS attack", "telesurgery needs a slice", "platooning trucks", "smart meters",
             "stadium video", "robot arms in the factory", "drone swarm"]
    one = [[h.id for h in index.search(t, k=2, where={"kind": "service"})] for t in texts]
    assert [[h.id for h in hits] for hits in index.search_many(texts, k=2, where={"kind": "service"}, chunk=3)] == one


def test_inventory_is_refreshed_from_the_store(index, store, manager):
    manager.apply([parse_intent({"kind": "slice.create", "service": "embb", "sites": ["stadium"], "name": "fan-zone"})])
    retriever = Retriever.for_store(store, index)
    names = {h.meta.get("name") for h in index.search("fan-zone slice at the stadium", k=5, inventory=True)}
    assert "fan-zone" in names
    assert index.stats()["inventory"] == len(inventory_documents(store.topology(), store.running()[1]))
    ctx = retriever.retrieve("a slice for the second hospital and gNodeB 3")
    assert ctx.nodes == [("the second hospital", "hospital-2"), ("gnodeb 3", "gnb-3")]
    assert ctx.line() == "the second hospital=hospital-2; gnodeb 3=gnb-3"
    assert retriever.retrieve("we need a slice for telesurgery").service == "urllc"
    assert retriever.retrieve("block traffic from the airport to core-1").nodes == [("core-1", "core-1")]
