"""Start llama-cpp-python's OpenAI-compatible server on the base GGUF with the GGUF LoRA: a local
stand-in for a vLLM server (same ``/v1/completions`` API), used by the HTTP backend's tests and
the benchmark."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from .backends import llama_threads
from .model import gguf_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    """``python -m llama_cpp.server`` in a child process; use as a context manager."""

    def __init__(self, lora: str | Path | None, *, alias: str = "tinylarge-ir", port: int | None = None,
                 n_ctx: int = 2048, start_timeout_s: float = 120.0) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_path()), "--host", "127.0.0.1",
               "--port", str(self.port), "--n_ctx", str(n_ctx), "--model_alias", alias,
               "--n_threads", str(llama_threads())]  # the server's default is half the cores
        if lora:
            cmd += ["--lora_path", str(lora)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + start_timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with code {self.proc.returncode}")
            try:
                if httpx.get(f"{self.url}/models", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.5)
        self.close()
        raise RuntimeError(f"llama_cpp.server did not answer within {start_timeout_s:.0f} s")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def __enter__(self) -> LlamaServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
