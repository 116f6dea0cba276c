"""Helpers for the classroom app's browser tests: serve the app on 127.0.0.1, open Debian's
Chromium, and measure what a student sees (visible text columns, the viewport)."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import free_port

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
#: Phone, school laptop, projector.
SIZES = {"phone": (390, 844), "laptop": (1366, 768), "projector": (1920, 1080)}
TABS = ("inspect", "quiz", "break", "about")
TIMEOUT = 90_000  # ms: the first analysis warms caches on a busy 2-core machine

#: Widths of every visible block of text (Markdown) on the page, with the start of its text.
TEXT_COLUMNS_JS = """() => [...document.querySelectorAll('.prose')]
  .filter(e => e.offsetParent !== null && e.innerText.trim().length > 0)
  .map(e => [e.getBoundingClientRect().width, e.innerText.trim().slice(0, 60)])"""


@contextmanager
def served(**options) -> Iterator[str]:
    """The classroom app built with ``options`` and served on a free port; its address."""
    from looktwice.classroom import build_app, launch_app

    demo = build_app(**options)
    port = free_port()
    launch_app(demo, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


@contextmanager
def chromium():
    """Headless Debian Chromium driven by Playwright (the test fails if it is missing)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, size: str = "laptop", locale: str = "en-US"):
    """A new page at one of :data:`SIZES`, loaded and ready (its first tab shown)."""
    width, height = SIZES[size]
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(url)
    page.locator("#tab-inspect-button").wait_for()
    return page


def show_tab(page, tab: str) -> None:
    """Click a tab by its button, as a student does, and wait for its panel."""
    page.locator(f"#tab-{tab}-button").click()
    page.locator(f"#tab-{tab}").wait_for(state="visible")


def answer_current(page, answer_index: int = 1, confidence_index: int = 3) -> None:
    """Pick an answer and a confidence, press "Check", and wait for the verdict."""
    page.locator("#quiz-answer label").nth(answer_index).click()
    page.locator("#quiz-confidence label").nth(confidence_index).click()
    page.locator("#quiz-check").click()
    page.locator("#quiz-verdict h3").wait_for()


def in_viewport(page, selector: str) -> bool:
    """Whether the top of the element is inside the visible part of the window."""
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= 0 && r.top < window.innerHeight; }""",
        selector,
    )


def wait_until_served(proc: subprocess.Popen, url: str, seconds: float = 120) -> bytes:
    """The body of ``url`` once the app started as ``proc`` answers it (fails if ``proc``
    stops or ``seconds`` pass first)."""
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                assert r.status == 200
                return r.read()
        except OSError:
            assert proc.poll() is None and time.time() < deadline, "the app did not start"
            time.sleep(0.5)
