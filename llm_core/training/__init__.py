"""The training side of the language model: corpora, the LoRA loop, the adapter recipe and its
GGUF export. Nothing on the run-time path (translator, hub) imports this package."""
