"""Browser tests: the app served from a thread, driven by Playwright in Debian's Chromium.

Screenshots go to tests/browser/screenshots/ (SCREENSHOTS below) for a person to look at.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "Secret-pass-1"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def live_server(app):
    """The app on a free port, served by a threaded werkzeug server for the whole session."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def screenshot(page):
    """screenshot("table") writes tests/browser/screenshots/table.png."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return take


@pytest.fixture
def login(page, live_server, app):
    """login(email) logs the browser in as that user (made with the make_user fixture)."""
    def log_in(email: str, password: str = PASSWORD) -> None:
        page.goto(f"{live_server}/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server}/")
    return log_in


def wait_until_processed(locator) -> None:
    """Wait until htmx has bound its triggers on content it swapped in.

    htmx inserts new content marked `htmx-added` and processes its hx- attributes only when it
    settles (20 ms later); a change made in between starts no request and is lost."""
    from playwright.sync_api import expect

    expect(locator).not_to_have_class(re.compile(r"\bhtmx-(added|settling|request)\b"))
