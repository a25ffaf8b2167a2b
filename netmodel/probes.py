"""Traffic between lab nodes, to prove what a policy does: ping, traceroute and iperf3 runs.

Every probe binds the source node's host address, so the flow is the one the policies name
(node ``a`` -> node ``b``), and reads iperf3's JSON report rather than its text.
"""
from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass

from .lab import Lab, LabError


def ping(lab: Lab, src: str, dst: str, count: int = 2, wait_s: float = 1.0) -> bool:
    """Does ``src`` get at least one echo reply from ``dst``?"""
    p = subprocess.run(["ip", "netns", "exec", lab.ns(src), "ping", "-n", "-q", "-c", str(count), "-i", "0.2",
                        "-W", f"{wait_s:g}", "-I", lab.hosts[src], lab.hosts[dst]], capture_output=True, text=True)
    return p.returncode == 0


def trace(lab: Lab, src: str, dst: str) -> list[str]:
    """The nodes ``src`` -> ``dst`` traffic crosses, as traceroute sees them (``src`` first; a
    hop that did not answer is ``?``)."""
    p = subprocess.run(["ip", "netns", "exec", lab.ns(src), "traceroute", "-n", "-q", "1", "-w", "1", "-m", "16",
                        "-s", lab.hosts[src], lab.hosts[dst]], capture_output=True, text=True)
    if p.returncode != 0:
        raise LabError(f"traceroute {src} -> {dst} failed: {p.stderr.strip()}")
    hops = [line.split()[1] for line in p.stdout.splitlines()[1:] if len(line.split()) > 1]
    return [src] + [lab.owners.get(h, "?") for h in hops]


@dataclass
class Flow:
    """One iperf3 run in progress (server in ``dst``'s namespace, client in ``src``'s)."""

    server: subprocess.Popen
    client: subprocess.Popen
    udp: bool

    def mbit_s(self, timeout_s: float = 120.0) -> float:
        """Wait for the run; the rate the receiver got, Mbit/s. Both processes are gone afterwards."""
        try:
            out, err = self.client.communicate(timeout=timeout_s)
            self.server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise LabError("iperf3 did not finish in time") from None
        finally:
            for p in (self.client, self.server):
                if p.poll() is None:
                    p.kill()
                    p.wait()
        report = json.loads(out or "{}")
        if "error" in report or "end" not in report:
            raise LabError(f"iperf3 failed: {report.get('error') or err.strip()}")
        end = report["end"]
        got = end["sum"] if self.udp else end["sum_received"]
        if self.udp:  # the sender's rate less what the receiver reported lost
            return got["bits_per_second"] * (1 - got.get("lost_percent", 0.0) / 100) / 1e6
        return got["bits_per_second"] / 1e6


def start_flow(lab: Lab, src: str, dst: str, seconds: float = 3.0, port: int = 5201,
               udp_mbit: float | None = None, omit_s: int = 0, streams: int = 1) -> Flow:
    """Start ``src`` -> ``dst`` traffic: TCP as fast as it goes, or UDP offered at ``udp_mbit``;
    the first ``omit_s`` seconds (slow start, a policer's one-second bucket) are not counted."""
    server = subprocess.Popen(["ip", "netns", "exec", lab.ns(dst), "iperf3", "-s", "-1", "-B", lab.hosts[dst],
                               "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)  # the server binds its port
    argv = ["ip", "netns", "exec", lab.ns(src), "iperf3", "-c", lab.hosts[dst], "-B", lab.hosts[src], "-p", str(port),
            "-t", f"{seconds:g}", "-O", str(omit_s), "-P", str(streams), "-J", "--connect-timeout", "5000"]
    if udp_mbit is not None:
        argv += ["-u", "-b", f"{udp_mbit:g}M", "-l", "1200"]
    client = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return Flow(server, client, udp_mbit is not None)


def throughput(lab: Lab, src: str, dst: str, seconds: float = 3.0, udp_mbit: float | None = None,
               omit_s: int = 0) -> float:
    """Mbit/s ``src`` gets through to ``dst`` (one run, nothing competing that this starts)."""
    return start_flow(lab, src, dst, seconds, udp_mbit=udp_mbit, omit_s=omit_s).mbit_s()
