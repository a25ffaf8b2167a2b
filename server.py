"""HTTP surface of TinyLarge: the API and the operator console (:mod:`app.api`).

    uvicorn server:app            # or: python server.py --port 8000

``TINYLARGE_DB`` / ``TINYLARGE_TOPOLOGY`` / ``TINYLARGE_DRIVER`` pick the store, the twin and the
driver (``netns``: also the namespace lab); create tokens with ``tinylarge token create``.
"""
from __future__ import annotations

import argparse

from app.api import create_app

app = create_app()

if __name__ == "__main__":
    import uvicorn

    ap = argparse.ArgumentParser(description="Run the TinyLarge API and operator console.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args()
    uvicorn.run(app, host=args.host, port=args.port)
