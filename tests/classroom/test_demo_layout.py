"""The classroom app as a class uses it, in Debian's Chromium at phone (390×844), school laptop
(1366×768) and projector (1920×1080) sizes, asserting what is visible on the page: every tab
reachable, no text squeezed into a narrow column, large dark text, the quiz verdict brought
into view and announced, a whole round to the end screen and "play again", the built-in set
when the example pack is missing, a French page without the app's English, and a classroom
mode that never mentions uploads."""

from __future__ import annotations

import re

import pytest
from demo_pages import (
    SIZES,
    TABS,
    TEXT_COLUMNS_JS,
    answer_current,
    chromium,
    in_viewport,
    open_page,
    served,
    show_tab,
)

#: The narrowest a column of text may be (the issue found explanations squeezed into ~45 px).
MIN_TEXT_WIDTH = 200


@pytest.fixture(scope="module")
def env(pack_download, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("LOOKTWICE_CACHE_DIR", str(pack_download))
    mp.setenv("LOOKTWICE_DATA_DIR", str(tmp_path_factory.mktemp("layout-data")))
    yield
    mp.undo()


@pytest.fixture(scope="module")
def server(env):
    with served(workers=1) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.mark.parametrize("size", list(SIZES))
def test_every_tab_is_reachable_and_no_text_column_is_narrow(browser, server, size):
    page = open_page(browser, server, size)
    page.locator("#inspect-example").click()
    page.locator("#findings li").first.wait_for()
    for tab in TABS:
        show_tab(page, tab)
        assert page.locator(f"#tab-{tab}-button").is_visible()
        # the tab bar, however many lines it takes, sits above the tab's content, not over it
        bar = page.locator("#tabs [role=tablist]").bounding_box()
        panel = page.locator(f"#tab-{tab}").bounding_box()
        assert bar["y"] + bar["height"] <= panel["y"] + 1, (size, tab, bar, panel)
        columns = page.evaluate(TEXT_COLUMNS_JS)
        assert columns, tab
        narrow = [(round(w), text) for w, text in columns if w < MIN_TEXT_WIDTH]
        assert not narrow, (size, tab, narrow)
    page.context.close()


def test_projector_text_is_large_and_captions_dark(browser, server):
    page = open_page(browser, server, "projector")
    page.locator("#inspect-example").click()
    page.locator("#findings li").first.wait_for()
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('#findings li')).fontSize)")
    assert size >= 18
    intro = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('#tab-inspect .prose p')).fontSize)"
    )
    assert intro >= 18
    # captions (the labels of pictures and controls) are dark, not grey on grey
    colours = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="block-info"], label span')]
              .filter(e => e.offsetParent !== null).map(e => getComputedStyle(e).color)"""
    )
    assert colours
    for colour in colours:
        r, g, b = (int(v) for v in re.findall(r"\d+", colour)[:3])
        assert max(r, g, b) <= 100, colour
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_verdict_comes_into_view_and_is_announced(browser, server, size):
    page = open_page(browser, server, size)
    show_tab(page, "quiz")
    page.locator("#quiz-start").click()
    page.locator("#quiz-picture img").first.wait_for()
    answer_current(page)
    page.wait_for_function(
        "() => { const r = document.querySelector('#quiz-verdict').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )
    assert in_viewport(page, "#quiz-verdict")
    verdict = page.locator("#quiz-verdict")
    assert verdict.get_attribute("aria-live") == "polite"
    assert re.search(r"Right!|Not this time\.", verdict.inner_text())
    assert "Source and licence" in page.locator("#quiz-feedback").inner_text()
    page.context.close()


def test_a_whole_round_to_the_end_screen_and_play_again(browser, server):
    page = open_page(browser, server, "laptop")
    show_tab(page, "quiz")
    page.locator("#quiz-start").click()
    page.locator("#quiz-picture img").first.wait_for()
    total = int(re.search(r"Picture 1 of (\d+)", page.locator("#quiz-progress").inner_text()).group(1))
    for i in range(total):
        answer_current(page, answer_index=i % 2)
        page.locator("#quiz-next").click()
        if_done = "Finished!" if i == total - 1 else f"Picture {i + 2} of {total}"
        page.locator("#quiz-progress").get_by_text(if_done, exact=False).wait_for()
    results = page.locator("#quiz-results").inner_text()
    assert "Your score:" in results and "arXiv" not in results
    page.locator("#quiz-chart img").first.wait_for()
    assert page.locator("#quiz-answer input").first.is_disabled()
    assert page.locator("#quiz-check").is_disabled() and page.locator("#quiz-next").is_disabled()
    review = page.locator("#quiz-review-head").inner_text()
    assert "missed" in review
    page.locator("#quiz-again").click()
    page.locator("#quiz-progress").get_by_text(f"Picture 1 of {total}", exact=False).wait_for()
    assert not page.locator("#quiz-again").is_visible()
    assert page.locator("#quiz-answer input").first.is_enabled()
    page.context.close()


def test_without_the_pack_the_quiz_plays_the_builtin_set(browser, tmp_path, monkeypatch):
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("LOOKTWICE_DATA_DIR", str(tmp_path / "empty-data"))
    with served(workers=0) as url:
        page = open_page(browser, url, "phone")
        show_tab(page, "quiz")
        page.locator("#quiz-start").click()
        page.locator("#quiz-picture img").first.wait_for()
        note = page.locator("#quiz-note").inner_text()
        assert "Built-in set" in note and "example pack is not on this computer" in note
        answer_current(page)
        assert re.search(r"Right!|Not this time\.", page.locator("#quiz-verdict").inner_text())
        page.context.close()


def english_phrases() -> set[str]:
    """Phrases of the app's own English texts that differ from their French."""
    from looktwice.classroom import text as ct
    from looktwice.classroom import views as cv

    texts = list(ct.T.values()) + list(cv.LIMITS.values()) + list(cv.STRENGTH.values()) + list(cv.POINTS.values())
    phrases = set()
    for t in texts:
        for part in re.split(r"[\n.:;!?()]", re.sub(r"[*_#`]", "", t.en)):
            part = part.strip()
            if len(part.split()) >= 3 and part not in t.fr:
                phrases.add(part)
    return phrases


def test_a_french_page_shows_none_of_the_apps_english(browser, server):
    page = open_page(browser, server, "laptop", locale="fr-FR")
    page.get_by_role("tab", name="Regarder de près").wait_for()
    page.locator("#inspect-example").click()
    page.locator("#findings li").first.wait_for()
    seen = page.locator("body").inner_text()
    show_tab(page, "quiz")
    page.locator("#quiz-start").click()
    page.locator("#quiz-picture img").first.wait_for()
    answer_current(page)
    for tab in TABS:
        show_tab(page, tab)
        seen += "\n" + page.locator("body").inner_text()
    assert "Bonne réponse" in seen or "Pas cette fois" in seen
    found = sorted(p for p in english_phrases() if p in seen)
    assert not found, found
    assert not re.search(r"\d\.\d+\s*%", seen)  # a decimal comma, not a point, in French numbers
    page.context.close()


def test_classroom_mode_never_mentions_uploads(browser, env):
    with served(classroom=True, workers=0) as url:
        page = open_page(browser, url, "phone")
        seen = ""
        for tab in TABS:
            show_tab(page, tab)
            seen += page.locator("body").inner_text() + "\n"
        assert page.locator("input[type=file]").count() == 0
        assert not re.search(r"upload|envoy|téléverse|drop file", seen, re.IGNORECASE), seen[:2000]
        page.context.close()
