"""Browser tests: the real assistant (both servers, the shared SQLite database) driven by Playwright
with Debian's chromium, headless. Select them with `pytest -m browser`.

Screenshots go to tests/artifacts/ (ignored by git) so a person can look at the pages.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.web.site import VENDOR_DIR
from tests.conftest import IN_CI
from tests.servers import ROOT, Assistant

ARTIFACTS = ROOT / "tests" / "artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _missing(message: str) -> None:
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str:
    path = os.environ.get("SAMENSPRAAK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        _missing("chromium is not installed: `make install` as root installs it (apt-get install chromium)")
    return str(path)


@pytest.fixture(scope="session")
def web(shared_assistant: Assistant) -> Assistant:
    """The running assistant for the browser tests: the one the e2e tests share (tests/conftest.py)."""
    for name in ("rasa-webchat.js", "chart.umd.js"):
        if not (VENDOR_DIR / name).is_file():
            pytest.fail(f"{VENDOR_DIR / name} is missing: run `make install` (it vendors the npm packages)")
    return shared_assistant


# Module scope, not session: Playwright's sync API keeps an event loop running in this thread
# while it is started, and later tests that call asyncio.run() would fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is pinned in requirements.txt
        _missing("playwright is not installed: run `make install`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


class Pages:
    """New browser contexts that refuse any address but the assistant's, and collect errors."""

    def __init__(self, browser: Any, origin: str) -> None:
        self.browser = browser
        self.origin = origin
        self.contexts: list[Any] = []
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def new(self, viewport: dict[str, int] = PHONE, **options: Any) -> Any:
        """A page in a new context; the phone viewport also gets touch, like a real phone."""
        if viewport == PHONE:
            options = {"is_mobile": True, "has_touch": True, **options}
        context = self.browser.new_context(viewport=viewport, locale="nl-NL", accept_downloads=True, **options)
        self.contexts.append(context)

        def only_local(route: Any) -> None:
            url = route.request.url
            if url.startswith(self.origin) or url.startswith("data:"):
                route.continue_()
            else:
                self.external.append(url)
                route.abort()

        context.route("**/*", only_local)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(browser: Any, web: Assistant) -> Iterator[Pages]:
    opened = Pages(browser, web.url)
    yield opened
    opened.close()
    assert not opened.external, f"the page asked other hosts: {opened.external}"
    assert not opened.dialogs, f"a dialog was opened (script ran?): {opened.dialogs}"
    # 4xx pages a test asks for on purpose are logged by chromium as failed resources; anything else is a bug
    unexpected = [e for e in opened.errors if "the server responded with a status of 4" not in e]
    assert not unexpected, f"errors in the browser console: {unexpected}"


def screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def settled_boxes(page: Any, locators: list[Any], timeout_ms: int = 10_000) -> list[dict[str, float]]:
    """The bounding boxes of these elements once all are drawn and stay put for a moment.

    The chat widget redraws its custom messages (the profile picture) when the next message
    arrives; a box read during that redraw is None or stale, so read until two reads agree.
    """
    previous: list[Any] = []
    for _ in range(timeout_ms // 100):
        boxes = [locator.bounding_box() for locator in locators]
        if all(boxes) and boxes == previous:
            return boxes
        previous = boxes
        page.wait_for_timeout(100)
    raise AssertionError(f"the elements did not settle: {previous}")
