"""The API under load: uvicorn (one worker) on loopback, real tokens, the real store and hub agent.

    python bench/api_bench.py [--seconds 10] [--clients 1,5,20]

Per endpoint and number of concurrent clients (each with its own operator token): requests a
second, p50/p95/p99 latency, and the status codes seen. GET /topology; POST /intents as a dry run
with an IR body (plan) and with a text body (the hub agent with the language model: classify,
translate, plan; the model serves one request at a time); POST /intents with IR applied (plan,
commit-confirmed apply, assurance over telemetry, confirm; every request its own block); a
dry-run commit of IR; and the time to the first streamed step of a run. Writes
bench/results/api.json.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.api import create_app  # noqa: E402
from app.api.security import RateLimit  # noqa: E402
from netmodel.manager import NetworkManager  # noqa: E402
from netmodel.store import Store  # noqa: E402

SITES = ["campus", "stadium", "port", "smart-farm", "hospital-1", "hospital-2", "factory-1", "factory-2"]
TEXTS = [f"{verb} {proto} from the {site} to the cloud" for verb in ("block", "drop") for proto in ("telnet", "ssh")
         for site in ("campus", "port", "stadium")]  # this bench's own phrasings, not dev.jsonl


def serve(app) -> tuple[str, uvicorn.Server]:  # noqa: ANN001
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def block(n: int) -> dict:
    """A block no other request of the run repeats (distinct ports)."""
    return {"kind": "sdn.block", "src": SITES[n % len(SITES)], "dst": "cloud-dc", "protocol": "tcp",
            "port": 1024 + n % 64_000}


def load(url: str, tokens: list[str], clients: int, seconds: float, request) -> dict:  # noqa: ANN001
    """``clients`` threads send ``request(http, i)`` back to back for ``seconds``."""
    lat: list[float] = []
    codes: Counter = Counter()
    counter = iter(range(10**9))
    lock = threading.Lock()
    end = time.perf_counter() + seconds

    def worker(c: int) -> None:
        with httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {tokens[c]}"}) as http:
            while time.perf_counter() < end:
                with lock:
                    i = next(counter)
                t0 = time.perf_counter()
                r = request(http, i)
                dt = time.perf_counter() - t0
                with lock:
                    lat.append(dt)
                    codes[r.status_code] += 1

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - t0
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
    return {"clients": clients, "requests": len(lat), "rps": round(len(lat) / wall, 1),
            "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
            "codes": dict(sorted(codes.items()))}


def first_step_ms(url: str, token: str, n: int) -> float:
    """Time from sending a streamed request to its first step event."""
    t0 = time.perf_counter()
    with httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}"}) as http, \
            http.stream("POST", "/intents", json={"intents": [block(n)]}, headers={"Accept": "text/event-stream"}) as r:
        lines = r.iter_lines()
        for line in lines:
            if line.startswith("event: step"):
                first = time.perf_counter() - t0
                break
        for _ in lines:  # the run to its end
            pass
    return first * 1000


def markdown(d: dict) -> str:
    lines = ["| endpoint | clients | req/s | p50 | p95 | p99 | status codes |", "|---|---|---|---|---|---|---|"]
    for r in d["rows"]:
        codes = ", ".join(f"{k}×{v}" for k, v in r["codes"].items())
        lines.append(f"| {r['endpoint']} | {r['clients']} | {r['rps']:g} | {r['p50_ms']:g} ms | {r['p95_ms']:g} ms | "
                     f"{r['p99_ms']:g} ms | {codes} |")
    lines.append(f"\nFirst streamed step of a run: p50 {d['first_step_ms_p50']:g} ms over {d['stream_runs']} runs; "
                 f"{d['seconds']:g} s per row; one uvicorn worker; {d['machine']}.")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", default="1,5,20")
    args = ap.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory(prefix="tinylarge-api-") as tmp:
        os.environ["TINYLARGE_HOME"] = tmp
        m = NetworkManager(Store.at(f"{tmp}/api.db"))
        tokens = [m.store.create_token(f"bench{c}", "operator") for c in range(max(levels))]
        url, server = serve(create_app(m, rate=RateLimit(per_minute=1e9, burst=10**9)))
        with httpx.Client(base_url=url, timeout=600, headers={"Authorization": f"Bearer {tokens[0]}"}) as http:
            http.post("/intents", json={"text": TEXTS[0], "dry_run": True})  # loads the language model once
        endpoints = {
            "GET /topology": lambda http, i: http.get("/topology"),
            "POST /intents dry run, IR body": lambda http, i: http.post(
                "/intents", json={"intents": [block(i)], "dry_run": True}),
            "POST /intents dry run, text body": lambda http, i: http.post(
                "/intents", json={"text": TEXTS[i % len(TEXTS)], "dry_run": True}),
            "POST /intents, IR applied (agent: apply + assure)": lambda http, i: http.post(
                "/intents", json={"intents": [block(10_000 + i)]}),
            "POST /policies/commit dry run (no agent)": lambda http, i: http.post(
                "/policies/commit", json={"intents": [block(i)], "dry_run": True}),
        }
        rows = []
        for name, request in endpoints.items():
            for c in levels:
                row = load(url, tokens, c, args.seconds, request)
                rows.append({"endpoint": name, **row})
                print(name, row, flush=True)
        firsts = [first_step_ms(url, tokens[0], 60_000 + k) for k in range(10)]
        server.should_exit = True
    d = {"seconds": args.seconds, "rows": rows, "first_step_ms_p50": round(statistics.median(firsts), 1),
         "stream_runs": len(firsts), "machine": f"{os.cpu_count()} CPUs"}
    d["markdown"] = markdown(d)
    out = REPO / "bench/results/api.json"
    out.write_text(json.dumps(d, indent=2))
    print(d["markdown"])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
