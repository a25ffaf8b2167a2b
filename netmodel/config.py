"""Where TinyLarge keeps its state: configuration, apart from the store so that loading the LLM does not import SQLModel."""
from __future__ import annotations

import os
from pathlib import Path


def default_home() -> Path:
    """Where TinyLarge keeps its state: ``$TINYLARGE_HOME`` or ``~/.local/share/tinylarge``."""
    env = os.environ.get("TINYLARGE_HOME")
    base = Path(env) if env else Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local/share")) / "tinylarge"
    return base


def lab_prefix() -> str:
    """The prefix of the namespace lab's names (``$TINYLARGE_LAB_PREFIX``, else ``tl-``), so a second
    lab (the tests', say) never touches the one an operator runs."""
    return os.environ.get("TINYLARGE_LAB_PREFIX", "tl-")


def default_url() -> str:
    return os.environ.get("TINYLARGE_DB") or f"sqlite:///{default_home() / 'tinylarge.db'}"
