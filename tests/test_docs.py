"""Every example in the README and the package READMEs works as shown.

- A ```console block is a transcript: each ``$ command`` runs, in order, in one fresh home per
  document, in a folder holding the files the document shows (the block after
  ``<!-- file: NAME -->``). What the block shows under a command must appear in what it prints,
  line by line and in order (``...`` skips; run ids, times, dates and temporary paths are masked),
  and the command exits 0, or 1 where it says ``# exit 1``.
- A ```bash / ```sh block lists commands that run for minutes, need a GPU, or serve: each
  ``tinylarge`` line is parsed by the real command line (every sub-command, option and value must be
  accepted), each ``python`` script answers ``--help``; the rest are named in :data:`NOT_RUN`.
- A ```json block holds IR intents, which must parse.

``python tests/test_docs.py --write`` records the transcripts' output into the documents again.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted(REPO.glob("*/README.md")), *sorted(REPO.glob("llm_core/adapters/*/README.md"))]
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)
FILE = re.compile(r"<!-- file: (\S+) -->\s*\Z")
MASKS = [(re.compile(r"\b(run|r|i)-[0-9a-f]{8}\b"), r"\1-ID"), (re.compile(r"\b(cli-learn\.\w+)-[0-9a-f]{6}"), r"\1-ID"),
         (re.compile(r"digest: [0-9a-f]+…?"), "digest: D"), (re.compile(r'"latency_ms": [\d.]+'), '"latency_ms": N'),
         (re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(\+00:00| UTC)?"), "DATE"),  # before the time alone
         (re.compile(r"\b\d+:\d{2}:\d{2}\b"), "H:MM:SS"),
         (re.compile(r"\b\d+(\.\d+)? ?(ms|s)\b"), r"N \2"),
         (re.compile(r"(/tmp|/var/tmp)/\S+"), "TMP")]
NOT_RUN = {"make": "the commands that run this suite", "vllm": "a GPU server (vLLM cannot be installed here)"}


@dataclass
class Block:
    lang: str
    body: str
    span: tuple[int, int]  # of the body in the document
    file: str | None  # the name the document gives it


def blocks(doc: Path) -> list[Block]:
    text = doc.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        named = FILE.search(text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1] + "\n")
        out.append(Block(m.group(1), m.group(2), m.span(2), named.group(1) if named else None))
    return out


def transcript(body: str) -> list[tuple[str, list[str]]]:
    """(command, the lines shown under it) of a console block."""
    steps: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def mask(line: str) -> str:
    for pattern, repl in MASKS:
        line = pattern.sub(repl, line)
    return " ".join(line.split())


def shown_in(expected: list[str], actual: str) -> str | None:
    """The first shown line missing from ``actual`` (in order), or None."""
    lines = [mask(x) for x in actual.splitlines()]
    i = 0
    for want in map(mask, expected):
        if not want or want == "...":
            continue
        while i < len(lines) and want not in lines[i]:
            i += 1
        if i == len(lines):
            return want
        i += 1
    return None


@contextmanager
def workspace(*docs: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A folder with the documents' files, and an environment with a fresh home and store; removed after."""
    root = Path(tempfile.mkdtemp(prefix="tinylarge-docs-"))
    for b in (b for doc in docs for b in blocks(doc)):
        if b.file:
            (root / b.file).write_text(b.body, encoding="utf-8")
    env = {**os.environ, "TINYLARGE_HOME": str(root / "home"), "COLUMNS": "110", "NO_COLOR": "1",
           "TINYLARGE_LAB_PREFIX": "tld-",  # the transcripts' namespace lab never touches one an operator runs
           "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("TINYLARGE_DB", None)
    try:
        yield root, env
    finally:
        shutil.rmtree(root, ignore_errors=True)


def played(doc: Path) -> Iterator[tuple[Block, str, list[str], subprocess.CompletedProcess]]:
    """Every transcript command of ``doc``, run in the document's order (they build on each other)
    in one fresh workspace: (its block, the command, the lines shown under it, what it did)."""
    with workspace(doc) as (cwd, env):
        for b in blocks(doc):
            if b.lang == "console":
                for command, shown in transcript(b.body):
                    yield b, command, shown, run(command, cwd, env)


def run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def documented(lang: str) -> list[Path]:
    return [d for d in DOCS if any(b.lang == lang for b in blocks(d))]


def _rel(doc: Path) -> str:
    return str(doc.relative_to(REPO))


@pytest.mark.slow
@pytest.mark.parametrize("doc", documented("console"), ids=_rel)
def test_transcripts_show_what_the_commands_print(doc):
    if os.geteuid() != 0 and "tinylarge lab up" in doc.read_text(encoding="utf-8"):
        pytest.skip("its transcript builds the namespace lab, which needs root (`make test` runs as root in CI)")
    for _, command, shown, p in played(doc):
        out = p.stdout + p.stderr
        missing = shown_in(shown, out)
        assert missing is None, f"{_rel(doc)}: `{command}` did not print {missing!r}; it printed:\n{out}"
        code = 1 if command.rstrip().endswith("# exit 1") else 0
        assert p.returncode == code, f"`{command}` exited {p.returncode}, not {code}:\n{out}"


def _tinylarge_parses(argv: list[str], cwd: Path) -> None:
    """Parse ``argv`` as the real command line does, down to the leaf command, without running it."""
    import click
    from typer.main import get_command

    from app.cli import app

    cmd, args, name, parent = get_command(app), argv, "tinylarge", None
    here = os.getcwd()
    os.chdir(cwd)  # paths an option requires to exist are the document's files
    try:
        while True:
            ctx = cmd.make_context(name, list(args), parent=parent)
            with warnings.catch_warnings():  # click 8.2 deprecates protected_args; 9 will keep them in args
                warnings.simplefilter("ignore", DeprecationWarning)
                rest = [*ctx.protected_args, *ctx.args] if isinstance(cmd, click.Group) else []
            if not rest:
                return
            name, args, parent = rest[0], rest[1:], ctx
            cmd = cmd.get_command(ctx, name)
            assert cmd is not None, f"no command {name!r} in {' '.join(argv)}"
    finally:
        os.chdir(here)


def commands(body: str) -> list[list[str]]:
    """The command lines of a bash block (continuations joined, comments dropped)."""
    return [words for line in body.replace("\\\n", " ").splitlines() if (words := shlex.split(line, comments=True))]


@pytest.mark.parametrize("doc", documented("bash") + [d for d in documented("sh") if d not in documented("bash")],
                         ids=_rel)
def test_listed_commands_parse(doc):
    with workspace(*DOCS) as (cwd, env):  # a package guide may use a file the README shows
        for words in (w for b in blocks(doc) if b.lang in ("bash", "sh") for w in commands(b.body)):
            _check_listed(doc, words, cwd, env)


def _check_listed(doc: Path, words: list[str], cwd: Path, env: dict[str, str]) -> None:
    """A listed command: parsed by the real CLI, run (``python -m``), answering ``--help``, or named in NOT_RUN."""
    exe = Path(words[0]).name
    if exe == "tinylarge":
        _tinylarge_parses(words[1:], cwd)
    elif exe == "python" and words[1] == "-m":
        p = run(shlex.join([sys.executable, *words[1:]]), REPO, env)
        assert p.returncode == 0, p.stdout + p.stderr
    elif exe == "python":
        p = run(shlex.join([sys.executable, words[1], "--help"]), REPO, env)
        assert p.returncode == 0 and "usage" in p.stdout.lower(), p.stdout + p.stderr
    else:
        assert exe in NOT_RUN, f"{_rel(doc)}: `{' '.join(words)}` is neither run nor listed in NOT_RUN"


@pytest.mark.parametrize("doc", documented("json"), ids=_rel)
def test_json_examples_are_ir(doc):
    import json

    from netmodel.manager import parse_intents

    for b in blocks(doc):
        if b.lang == "json":
            data = json.loads(b.body)
            assert parse_intents(data if isinstance(data, list) else [data])


def write() -> None:
    """Run every transcript and put what each command printed under it (commands unchanged)."""
    for doc in documented("console"):
        recorded: dict[tuple[int, int], str] = {}
        for b, command, _, p in played(doc):
            printed = (p.stdout + p.stderr).rstrip("\n")
            print(f"$ {command}\n{printed}", flush=True)
            recorded[b.span] = recorded.get(b.span, "") + f"$ {command}\n" + "".join(
                f"{line.rstrip()}\n" for line in printed.splitlines())
        text = doc.read_text(encoding="utf-8")
        for (start, end), body in sorted(recorded.items(), reverse=True):
            text = text[:start] + body + text[end:]
        doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="record the transcripts' output into the documents")
    if ap.parse_args().write:
        sys.path.insert(0, str(REPO))
        write()
