"""The hub's knowledge base: the project's own documents (service catalogue, runbooks, device
classes) and the live inventory, indexed in chromadb for retrieval-augmented translation."""
