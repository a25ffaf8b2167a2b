"""The HTTP API and the operator console (FastAPI), over the hub agent, the store and the loop.

Routers per area (:mod:`app.api.routes`), dependencies for the services, the caller's identity and
role (:mod:`app.api.security`), response models for every body (:mod:`app.api.models`), RFC 9457
problems for every error (:mod:`app.api.problems`), Prometheus metrics, and the console at ``/``.
CORS is closed unless ``TINYLARGE_CORS_ORIGINS`` lists origins.
"""
from __future__ import annotations

import os
from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse

from netmodel.manager import NetworkManager

from . import metrics, problems
from .middleware import BodyLimit
from .routes import admin, learning, loop, network, policies, runs
from .security import RateLimit
from .services import Services

DOCS_ASSETS = "/static/swagger-ui"
CONSOLE = files("app.api") / "console"


def create_app(manager: NetworkManager | None = None, translator: Any = None, hub: Any = None,
               rate: RateLimit | None = None) -> FastAPI:
    """The app over ``manager`` (default: the CLI's store and twin); ``translator``/``hub`` load on
    the first request that needs them when not given; ``rate`` limits each token's changes."""
    app = FastAPI(title="TinyLarge", version="0.2.0", docs_url=None, redoc_url=None,
                  description="Intent-based management of a 6G network: the hub agent, its policies, the closed "
                              "loop and learning jobs. Every call but /health and /metrics needs "
                              "`Authorization: Bearer <token>` (`tinylarge token create --role R`).")
    app.state.services = Services(manager, translator, hub, rate)
    _self_hosted_docs(app)
    problems.install(app)
    metrics.install(app)
    for r in (runs.router, policies.router, network.router, learning.router, loop.router, admin.router):
        app.include_router(r)
    origins = [o.strip() for o in os.environ.get("TINYLARGE_CORS_ORIGINS", "").split(",") if o.strip()]
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "Idempotency-Key"])
    app.add_middleware(BodyLimit)
    _console(app)
    return app


def _self_hosted_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the installed swagger-ui-py files, so that it renders offline (no CDN)."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    app.mount(DOCS_ASSETS, StaticFiles(directory=str(files("swagger_ui") / "static")), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} API",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png")


def _console(app: FastAPI) -> None:
    """The operator console: one page and its scripts (cytoscape.js vendored: no CDN)."""
    from fastapi.staticfiles import StaticFiles

    app.mount("/console", StaticFiles(directory=str(CONSOLE)), name="console")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(CONSOLE / "index.html"), media_type="text/html")
