"""The classroom demo in a real browser: Playwright driving Debian's Chromium, headless.

Upload an image and read the report, use the keyboard, play a quiz round, switch the language
(and start in French when the browser asks for French), and check that the page never asks
anything of a server other than the demo's own (no fonts, scripts or analytics from the web).
Screenshots go to a temporary folder (or to ``$LOOKTWICE_SCREENSHOTS`` if set).

Nothing is installed here: the browser is ``/usr/bin/chromium`` (``apt-get install chromium``);
without it the tests fail and say so.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import encode, free_port, photo_like

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT = 60_000  # ms: the first analysis warms caches on a busy 2-core machine


@pytest.fixture(scope="module")
def server(pack_download, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("LOOKTWICE_CACHE_DIR", str(pack_download))
    mp.setenv("LOOKTWICE_DATA_DIR", str(tmp_path_factory.mktemp("browser-data")))
    from looktwice.classroom import app

    demo = app.build_app()
    port = free_port()
    app.launch_app(demo, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    demo.close()
    mp.undo()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: these tests drive Debian's Chromium. Install it with "
            "`apt-get install -y chromium` (never `playwright install`)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("LOOKTWICE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def outside_requests() -> list[str]:
    return []


@pytest.fixture
def page(browser, server, outside_requests):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    pg = context.new_page()

    def watch(request):
        if not request.url.startswith((server, "data:", "blob:", "about:")):
            outside_requests.append(request.url)

    pg.on("request", watch)
    pg.goto(server)
    pg.get_by_role("tab", name="Look closely").wait_for()
    yield pg
    context.close()


def test_upload_an_image_and_read_the_report(page, shots, tmp_path):
    picture = tmp_path / "garden.png"
    picture.write_bytes(encode(photo_like(800, 600, seed=5)))
    page.locator("#upload input[type=file]").set_input_files(str(picture))
    page.locator("#findings").get_by_text(re.compile("Points|No evidence")).first.wait_for()
    page.locator("#summary-box").get_by_text("The full summary").click()  # folded under the findings
    page.locator("#summary").get_by_text("Finding nothing proves nothing", exact=False).wait_for()
    assert "Content Credentials (C2PA)" in page.locator("#declared").inner_text()
    assert "garden.png" in page.locator("#credit").inner_text()
    assert "Your own image" in page.locator("#credit").inner_text()
    for key in ("spectrum", "noise", "ela"):
        img = page.locator(f"#{key}-picture img").first
        img.wait_for(state="attached")  # below the fold, loaded lazily
        assert img.get_attribute("alt"), f"{key} picture has no alt text"
        assert len(page.locator(f"#{key}-text").inner_text()) > 100
    assert "Traceback" not in page.content()
    page.screenshot(path=str(shots / "1-inspect-upload.png"), full_page=True)


def test_a_bad_upload_shows_a_friendly_message(page, shots, tmp_path):
    bad = tmp_path / "homework.png"
    bad.write_bytes(b"this is not really a picture" * 10)
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    page.get_by_text("This file is not an image Look Twice can read", exact=False).first.wait_for()
    page.screenshot(path=str(shots / "2-bad-upload.png"), full_page=False)
    assert "Traceback" not in page.content()


def test_the_keyboard_is_enough_to_inspect(page):
    button = page.get_by_role("button", name="Look at this example")
    button.focus()
    page.keyboard.press("Enter")
    page.locator("#findings li").first.wait_for()
    assert "Source and licence" in page.locator("#credit").inner_text()
    zoom = page.get_by_role("button", name="Zoom here")
    zoom.focus()
    page.keyboard.press("Enter")
    page.locator("#close-up img").first.wait_for(state="attached")


def test_click_on_the_picture_to_zoom_there(page, shots):
    page.get_by_role("button", name="Look at this example").click()
    page.locator("#findings li").first.wait_for()
    picture = page.locator("#preview img").first
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    nw, nh = picture.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    scale = min(box["width"] / nw, box["height"] / nh, 1)  # fitted in its box, never enlarged
    left, top = (box["width"] - nw * scale) / 2, (box["height"] - nh * scale) / 2
    picture.click(position={"x": left + 0.2 * nw * scale, "y": top + 0.8 * nh * scale})
    page.locator("#close-up img").first.wait_for(state="attached")
    x = float(page.locator("#zoom-x input[type=number]").input_value())
    y = float(page.locator("#zoom-y input[type=number]").input_value())
    assert 10 <= x <= 30 and 70 <= y <= 90, (x, y)
    page.locator("#close-up").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('#close-up img'); return i && i.complete && i.naturalWidth === 384; }"
    )
    page.screenshot(path=str(shots / "1b-magnifier.png"))


def test_play_a_quiz_round(page, shots):
    page.get_by_role("tab", name="Real or generated?").click()
    page.get_by_role("button", name="Start").click()
    page.locator("#quiz-picture img").first.wait_for()
    assert re.search(r"Picture 1 of \d+", page.locator("#quiz-progress").inner_text())
    page.locator("#quiz-answer").get_by_text("A generator (AI)").click()
    page.locator("#quiz-confidence").get_by_text("80 %").click()
    page.get_by_role("button", name="Check my answer").click()
    page.locator("#quiz-verdict").get_by_text(re.compile(r"Right!|Not this time\.")).wait_for()
    assert "Source and licence" in page.locator("#quiz-feedback").inner_text()
    page.screenshot(path=str(shots / "3-quiz-answer.png"), full_page=True)
    page.get_by_role("button", name="Next picture").click()
    page.locator("#quiz-progress").get_by_text(re.compile(r"Picture 2 of \d+")).wait_for()


def test_switch_language(page, shots):
    page.get_by_role("button", name="Look at this example").click()
    page.locator("#summary-box").get_by_text("The full summary").click()  # folded until asked for
    page.locator("#summary").get_by_text("Finding nothing proves nothing", exact=False).wait_for()
    page.locator("#language").get_by_text("Français").click()
    page.get_by_role("tab", name="Vraie ou générée ?").wait_for()
    page.get_by_role("button", name="Examiner cet exemple").wait_for()
    page.locator("#summary").get_by_text("Ne rien trouver ne prouve rien", exact=False).wait_for()
    assert "Source et licence" in page.locator("#credit").inner_text()
    page.screenshot(path=str(shots / "4-francais.png"), full_page=True)
    page.get_by_role("tab", name="À propos et aide").click()
    page.get_by_text("3018", exact=False).first.wait_for()
    page.screenshot(path=str(shots / "5-aide.png"), full_page=True)


def test_a_french_browser_starts_in_french(browser, server, shots):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    pg = context.new_page()
    pg.goto(server)
    pg.get_by_role("tab", name="Regarder de près").wait_for()
    pg.get_by_role("button", name="Examiner cet exemple").wait_for()
    pg.screenshot(path=str(shots / "6-navigateur-francais.png"))
    context.close()


def test_markdown_in_a_files_labels_shows_as_text_and_fetches_nothing(page, shots, tmp_path, outside_requests):
    """An EXIF Make written as a Markdown image pointing at another port of this computer:
    the page shows the characters and the browser never asks for the address."""
    from hostile_corpus import MARKDOWN_MAKE, exif_markdown_and_escapes

    picture = tmp_path / "labels.jpg"
    picture.write_bytes(exif_markdown_and_escapes())
    page.locator("#upload input[type=file]").set_input_files(str(picture))
    declared = page.locator("#declared")
    declared.get_by_text(MARKDOWN_MAKE, exact=False).wait_for()
    assert declared.locator("img").count() == 0 and declared.locator("a").count() == 0
    assert page.locator("img[src*='track.png']").count() == 0
    page.screenshot(path=str(shots / "8-markdown-in-exif.png"), full_page=False)
    assert not any("track.png" in url for url in outside_requests)


def test_nothing_was_fetched_from_outside(outside_requests, shots):
    """Runs last in this module: no page asked any other server for anything."""
    print(f"screenshots in {shots}")
    assert outside_requests == []
