"""Take the README's picture of the operator console: a request sent in the page (the real hub
agent and language model), a change approved, the loop run on a DDoS, on the metro6g twin.

    python bench/console_screenshot.py        # writes bench/results/console.png (needs chromium)
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from api_bench import serve  # noqa: E402


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="tinylarge-shot-") as tmp:
        os.environ["TINYLARGE_HOME"] = tmp
        from app.api import create_app
        from netmodel.manager import NetworkManager
        from netmodel.store import Store

        m = NetworkManager(Store.at(f"{tmp}/console.db"))
        token = m.store.create_token("noc-anna", "operator")
        url, server = serve(create_app(m))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1500, "height": 1050})
            page.goto(url)
            page.fill("#token", token)
            page.click("#login-form button")
            page.wait_for_selector("#app:not([hidden])")
            for text in ("give the stadium an eMBB slice of 1500 Mbps", "block ssh from all sites to the cloud"):
                n = page.locator(".msg .outcome").count()
                page.fill("#text", text)
                page.click("#send")
                page.wait_for_function(f"document.querySelectorAll('.msg .outcome').length > {n}", timeout=300_000)
            page.get_by_role("button", name="Approve").click()
            page.wait_for_function("[...document.querySelectorAll('.msg')].pop().textContent.includes('assured')")
            page.click("#loop-start")
            time.sleep(14)
            page.screenshot(path=str(REPO / "bench/results/console.png"), full_page=True)
            browser.close()
        server.should_exit = True
    print("wrote bench/results/console.png")


if __name__ == "__main__":
    main()
