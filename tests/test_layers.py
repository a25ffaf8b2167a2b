"""The dependency direction: front ends (app, server) and agents/tools sit above the engines, and the
network model sits below every ML package. A new import that points upwards fails here."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("netmodel", "llm_core", "knowledge", "tiny_nodes", "federated")
ABOVE_ENGINES = {"app", "server", "agents", "tools"}
ML = {"llm_core", "knowledge", "tiny_nodes", "federated", "torch", "transformers"}
FORBIDDEN = {
    "netmodel": ML | ABOVE_ENGINES,
    "knowledge": {"llm_core"} | ABOVE_ENGINES,
    **{p: ABOVE_ENGINES for p in ("llm_core", "tiny_nodes", "federated")},
}


def imported_packages(path: Path) -> set[str]:
    """Top-level packages a module imports anywhere (module level or inside functions); relative
    imports stay inside their own package."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ENGINES)
def test_no_engine_module_imports_upwards(package):
    bad = {str(f.relative_to(ROOT)): sorted(imported_packages(f) & FORBIDDEN[package])
           for f in sorted((ROOT / package).rglob("*.py"))}
    assert not {f: names for f, names in bad.items() if names}


def test_importing_the_network_model_loads_no_ml_and_nothing_above_it():
    """Every module under netmodel, imported in a fresh interpreter, leaves the ML stack unloaded."""
    script = """
import importlib, json, pkgutil, sys
import netmodel
for m in pkgutil.walk_packages(netmodel.__path__, "netmodel."):
    importlib.import_module(m.name)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         check=True).stdout
    loaded = set(json.loads(out))
    assert "netmodel" in loaded and not loaded & (ML | ABOVE_ENGINES)


def test_the_translator_at_run_time_loads_no_training_code_torch_or_store():
    """Serving translations needs the run-time side of llm_core only: no corpus or finetune code,
    no torch (llama.cpp serves), and no SQLModel (where state lives is netmodel.config)."""
    script = """
import json, sys
import llm_core.hub, llm_core.translator, llm_core.retriever, llm_core.backends
print(json.dumps(sorted(sys.modules)))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         check=True).stdout
    loaded = set(json.loads(out))
    assert not {m for m in loaded if m.startswith("llm_core.training")}
    assert not loaded & {"torch", "sqlmodel", "transformers"}
