"""``GET /metrics``: Prometheus text exposition. Request counts and latencies are counted here;
commits, rollbacks, alarms, loop actions, translations and job progress are read from the store
at each scrape, so every process writing to it (CLI, loop, API) is counted."""
from __future__ import annotations

import time
from collections.abc import Iterator

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class StoreCollector(Collector):
    """What the store holds, as metric families (counted in the database at scrape time)."""

    ACTIONS = {"commit": "commits", "rollback": "rollbacks", "loop_action": "loop_actions"}

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        store = self.app.state.services.store
        counts = store.action_counts(list(self.ACTIONS))
        for action, name in self.ACTIONS.items():
            yield CounterMetricFamily(f"tinylarge_{name}", f"{action} entries in the audit log", value=counts[action])
        yield CounterMetricFamily("tinylarge_translations", "texts the hub agent translated",
                                  value=store.step_count("translate"))
        yield GaugeMetricFamily("tinylarge_alarms_open", "alarms raised and not cleared",
                                value=store.open_alarm_count())
        jobs = GaugeMetricFamily("tinylarge_job_rounds", "rounds a learning job has finished", labels=["job", "status"])
        for job in store.jobs():
            jobs.add_metric([job.id, job.status], len(job.progress))
        yield jobs


class Counted:
    """Counts each HTTP request by method, route template (not the raw path) and status, and times it."""

    def __init__(self, app: ASGIApp, requests: Counter, latency: Histogram) -> None:
        self.app, self.requests, self.latency = app, requests, latency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0, status = time.perf_counter(), [500]

        async def sent(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            self.requests.labels(scope["method"], route, str(status[0])).inc()
            self.latency.labels(route).observe(time.perf_counter() - t0)


def install(app: FastAPI) -> None:
    registry = CollectorRegistry()
    requests = Counter("tinylarge_http_requests", "HTTP requests", ["method", "route", "status"], registry=registry)
    latency = Histogram("tinylarge_http_request_seconds", "HTTP request latency", ["route"], registry=registry,
                        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
    registry.register(StoreCollector(app))

    app.add_middleware(Counted, requests=requests, latency=latency)

    @app.get("/metrics", tags=["health"], response_class=Response,
             responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"}})
    def metrics() -> Response:
        """Prometheus text exposition (scraped without a token, like /health)."""
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
