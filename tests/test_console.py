"""The operator console in a real browser (Debian's chromium through Playwright) against the real
app under uvicorn: the hub agent with the language model, real tokens, the store."""
from __future__ import annotations

import shutil

import pytest

from app.api import create_app
from netmodel.manager import NetworkManager
from netmodel.store import Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)")]


@pytest.fixture(scope="module")
def site(tmp_path_factory, serve):
    """One server for the module: the language model loads once."""
    m = NetworkManager(Store.at(tmp_path_factory.mktemp("console") / "console.db"))
    tokens = {role: m.store.create_token(f"console-{role}", role) for role in ("viewer", "operator", "admin")}
    return serve(create_app(m)), m, tokens


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def login(browser, url: str, token: str):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.fill("#token", token)
    page.click("#login-form button")
    page.wait_for_selector("#app:not([hidden])")
    page.errors = errors
    return page


def ask(page, text: str):
    before = page.locator(".msg").count()
    page.fill("#text", text)
    page.click("#send")
    page.wait_for_function(f"document.querySelectorAll('.msg .outcome').length > {before}", timeout=180_000)
    return page.locator(".msg").nth(before)


def test_an_operator_sends_a_request_sees_the_steps_stream_and_the_topology(site, browser):
    url, m, tokens = site
    page = login(browser, url, tokens["operator"])
    assert page.text_content("#who") == "console-operator (operator)"
    page.wait_for_function("document.querySelector('#graph canvas') !== null")
    assert page.get_attribute("#graph", "data-slices") == ""
    msg = ask(page, "give the stadium an eMBB slice of 1500 Mbps")
    assert "assured" in msg.locator("[data-testid=outcome]").text_content()
    (name,) = m.running.slices
    page.wait_for_function(f"document.querySelector('#graph').dataset.slices === '{name}'")  # the topology changed
    msg = ask(page, "block telnet from the campus to the cloud")
    steps = msg.locator("[data-testid=steps] li").all_text_contents()
    assert [s.split(" ·")[0] for s in steps] == ["classify", "translate", "plan", "policy", "approve", "apply", "assure"]
    assert "assured" in msg.locator("[data-testid=outcome]").text_content()
    assert "BLOCK" in msg.locator("[data-testid=readback]").text_content()
    assert m.running.acls and m.store.audit(5, action="commit")[0].actor == "console-operator"
    page.wait_for_function("document.querySelector('#audit tbody').textContent.includes('commit')")
    assert not page.errors


def test_a_wide_change_waits_and_the_operator_approves_it_in_the_page(site, browser):
    url, m, tokens = site
    page = login(browser, url, tokens["operator"])
    msg = ask(page, "block ssh from all sites to the cloud")
    assert "waiting" in msg.locator("[data-testid=outcome]").first.text_content()
    assert "devices" in msg.text_content() and msg.locator("[data-testid=diff]").count() == 1
    msg.get_by_role("button", name="Approve").click()
    page.wait_for_function("[...document.querySelectorAll('.msg')].pop().textContent.includes('assured')",
                           timeout=120_000)
    assert m.store.runs(1)[0].status == "assured"


def test_a_refusal_shows_its_code_and_changes_nothing(site, browser):
    url, m, tokens = site
    page = login(browser, url, tokens["operator"])
    version = m.store.active_version()
    msg = ask(page, "give the hospital a low-latency slice")
    assert "ambiguous" in msg.locator("[data-testid=outcome]").text_content() and "bad" in msg.get_attribute("class")
    assert m.store.active_version() == version or m.store.active_version().id == version.id


def test_a_viewer_sees_everything_and_can_change_nothing(site, browser):
    import httpx

    url, m, tokens = site
    wide = {"kind": "sdn.block", "src": "role:site", "dst": "cloud-dc", "protocol": "tcp", "port": 25}
    waiting = httpx.post(f"{url}/intents", json={"intents": [wide]}, timeout=60,
                         headers={"Authorization": f"Bearer {tokens['operator']}"}).json()
    assert waiting["status"] == "waiting"
    page = login(browser, url, tokens["viewer"])
    assert page.is_disabled("#send") and page.is_disabled("#loop-start") and page.is_disabled("#loop-kill")
    item = page.locator(f"#approvals [data-run={waiting['run_id']}]")
    item.wait_for()
    assert item.get_by_role("button", name="Approve").is_disabled() and "BLOCK" in item.text_content()
    page.wait_for_function("document.querySelector('#audit tbody tr') !== null")
    m.g.edges["gnb-8", "smart-farm"]["up"] = False
    try:
        page.wait_for_function("document.querySelector('#graph').dataset.down === '1'", timeout=10_000)
    finally:
        m.g.edges["gnb-8", "smart-farm"]["up"] = True


def test_a_bad_token_is_refused_on_the_login_page(site, browser):
    url, _, _ = site
    page = browser.new_page()
    page.goto(url)
    page.fill("#token", "tl_00000000_nope")
    page.click("#login-form button")
    page.wait_for_function("document.querySelector('#login-error').textContent.length > 0")
    assert "unknown or revoked" in page.text_content("#login-error") and page.is_hidden("#app")
