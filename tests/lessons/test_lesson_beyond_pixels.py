"""Lesson 8 (Beyond pixels) and the teacher's guide: the hash matching the lesson computes, the
local reverse search, the dated and sourced facts, and the guide built in both languages.

The lesson itself (skeleton, both languages and editions, handouts, typography, links) is run
by tests/lessons/test_lessons.py, like every lesson listed in lessons/toc.yml.
"""

from __future__ import annotations

import html
import itertools
import re
from datetime import date
from pathlib import Path

import pytest

from looktwice import help_services, teaching
from looktwice.lessons import activities, beyond, guide
from looktwice.lessons.source import read_toc
from looktwice.writers import launder

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
CHECKED = date(2026, 11, 28)
PLAIN_SPACE_BEFORE = re.compile(r" [:;?!»%]|« ")


@pytest.fixture(scope="module")
def photos() -> dict[str, bytes]:
    return beyond.kit_pictures()


# --------------------------------------------------------------------------- hash matching


def test_copies_keep_the_perceptual_hash_and_other_photos_do_not(photos):
    """What the lesson shows, measured on every photo it uses: re-saved, resized and
    social-network copies stay within a few bits, different photos are far beyond the limit."""
    hashes = {name: beyond.perceptual_hash(data) for name, data in photos.items()}
    assert all(re.fullmatch(r"[0-9a-f]{16}", h) for h in hashes.values())
    for name, data in photos.items():
        for copy in beyond.copies_of(data, name).values():
            assert beyond.differing_bits(hashes[name], beyond.perceptual_hash(copy)) <= 4, name
            assert beyond.exact_hash(copy) != beyond.exact_hash(data), "an exact hash misses every copy"
    closest = min(beyond.differing_bits(hashes[a], hashes[b]) for a, b in itertools.combinations(hashes, 2))
    assert closest >= 2 * beyond.MATCH_BITS, closest


def test_hash_list_keeps_hashes_only_and_blocks_copies(photos):
    coffee = photos["coffee"]
    shared = beyond.HashList()
    entry = shared.add("coffee", coffee)
    assert vars(entry) == {"label": "coffee", "hash": beyond.perceptual_hash(coffee)}
    sent = shared.sent_table(coffee, "en")
    assert sent.column(beyond.WORDS["bytes"].en) == [str(len(coffee)), str(beyond.HASH_BITS // 8)]
    assert all(shared.blocks(copy) for copy in beyond.copies_of(coffee, "coffee").values())
    assert not any(shared.blocks(data) for name, data in photos.items() if name != "coffee")
    table = shared.table({"rocket.jpg": photos["rocket"], "half.png": launder.resize(coffee)}, "fr")
    assert table.column(beyond.WORDS["match"].fr) == [beyond.WORDS["no"].fr, beyond.WORDS["yes"].fr]


def test_the_slider_trades_missed_copies_for_false_blocks(photos):
    """At the kit's limit the cropped copy goes through; a limit high enough to block it also
    blocks a different photo: the trade-off the slider shows."""
    coffee = photos["coffee"]
    shared = beyond.HashList()
    shared.add("coffee", coffee)
    cropped = launder.crop(coffee, 0.1)
    others = [data for name, data in photos.items() if name != "coffee"]
    assert not shared.blocks(cropped)
    needed = shared.closest(cropped)[1]
    assert any(shared.blocks(other, match_bits=needed + 10) for other in others)
    table = shared.threshold_table({"cropped.png": cropped}, 40, "en")
    assert table.column(beyond.WORDS["match"].en) == [beyond.WORDS["yes"].en]


def test_reverse_search_finds_the_original_of_a_small_copy(photos):
    mystery = launder.social_network(launder.resize(photos["china"], 0.4))
    table = beyond.reverse_search(mystery, photos, "en")
    assert table.column(beyond.WORDS["found"].en)[0] == "china"
    assert table.column(beyond.WORDS["same"].en) == [beyond.WORDS["yes"].en] + [beyond.WORDS["no"].en] * 2


# --------------------------------------------------------------------------- dated facts


def test_every_legal_fact_has_a_date_a_source_and_a_check():
    checked, law, remedies = beyond.facts()
    assert date.fromisoformat(checked) <= CHECKED
    assert {f.country for f in law} >= {"EU", "FR", "CH", "UK", "US"}
    for fact in law:
        date.fromisoformat(fact.date)
        assert fact.source.en and fact.source.fr and fact.text.en and fact.text.fr, fact
    for remedy in remedies:
        assert remedy.can.en and remedy.cannot.fr, remedy.id
        if remedy.example:
            assert date.fromisoformat(remedy.date) <= CHECKED and remedy.source, remedy.id
    for lang in ("en", "fr"):
        table = beyond.law_table(lang)
        assert all(row[1] == "—" or row[3] and row[4] for row in table.rows)
        countries = set(table.column(beyond.WORDS["country"].get(lang)))
        assert {help_services.COUNTRIES[c].get(lang) for c in ("EU", "FR", "BE", "CH", "UK", "US")} <= countries


def test_a_country_without_a_checked_fact_says_so():
    table = beyond.law_table("fr", ("BE",))
    assert table.rows == [["Belgique", "—", beyond.WORDS["no_law"].fr, "—", "—"]]


def test_every_help_service_shows_its_date_and_source():
    table = beyond.help_sources_table("en")
    assert len(table.rows) == len(help_services.services())
    for service, row in zip(help_services.services(), table.rows):
        assert row[2] == service.date_checked and row[3] == service.source


def test_country_tables_wait_for_the_blank():
    waiting = beyond.country_tables(activities.BLANK, "fr")
    assert repr(waiting) == activities.WORDS["not_ready"].fr
    shown = repr(beyond.country_tables("CH", "en"))
    assert "147 (Pro Juventute)" in shown and "6B_122/2024" in shown


def test_french_texts_use_no_break_spaces():
    _, law, remedies = beyond.facts()
    texts = [f.text.fr for f in law] + [t.fr for f in law if f.caveat for t in (f.caveat,)]
    texts += [t.fr for r in remedies for t in (r.name, r.can, r.cannot, r.example) if t]
    texts += [w.fr for w in beyond.WORDS.values()]
    texts += [row[-1] for row in beyond.remedies_table("fr").rows]
    for text in texts:
        assert not PLAIN_SPACE_BEFORE.search(text), text


# --------------------------------------------------------------------------- the teacher's guide


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_guide_builds_with_the_course_help_and_law(tmp_path, lang):
    written = guide.build_guide(tmp_path, langs=(lang,), root=LESSONS, pdf=False)
    assert written == [tmp_path / lang / "teachers-guide.html"]
    page = written[0].read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in page and "looktwice:" not in page, "every marker is replaced"
    text = html.unescape(page)
    toc = read_toc(LESSONS)
    course = guide.course_table(lang, LESSONS)
    assert [row[0] for row in course.rows] == [str(n) for n in range(9)]
    for planned, row in zip(guide.COURSE, course.rows):
        listed = planned.file in toc.lessons
        assert (row[3] == guide.WORDS["preparing"].get(lang)) is not listed, planned.file
    eight = next(row for row in course.rows if row[0] == "8")
    assert eight[2] == "60" and eight[1] == guide.COURSE[8].title.get(lang)
    for service in help_services.services():
        assert service.source in text and service.what_for.get(lang) in text
    for fact in beyond.facts()[1]:
        assert fact.date in page
    for anchor in ("plans", "preparation", "quiz", "when-a-computer-fails", "safeguarding", "disclosure", "printing"):
        assert f'id="{anchor}"' in page


def test_guide_sources_have_the_same_anchors_in_both_languages():
    def anchors(lang):
        return re.findall(r'<a id="([^"]+)"></a>', (LESSONS / lang / guide.GUIDE).read_text(encoding="utf-8"))

    assert anchors("en") == anchors("fr") and len(anchors("en")) == len(set(anchors("en")))


@pytest.mark.parametrize("command", ["looktwice", "module"])
def test_guide_command(tmp_path, capsys, command):
    from looktwice.cli import main

    args = ["--out", str(tmp_path), "--lang", "fr", "--no-pdf", "--source", str(LESSONS)]
    assert (main(["lessons", "guide", *args]) if command == "looktwice" else guide.main(args)) == 0
    assert (tmp_path / "fr" / "teachers-guide.html").is_file() and not (tmp_path / "en").exists()
    assert "teachers-guide.html" in capsys.readouterr().out


@pytest.mark.skipif(
    __import__("looktwice.lessons.handout", fromlist=["pdf_engine"]).pdf_engine() is None,
    reason="no PDF tool (WeasyPrint or Chromium) installed",
)
def test_guide_pdf(tmp_path):
    written = guide.build_guide(tmp_path, langs=("fr",), root=LESSONS)
    pdf = tmp_path / "fr" / "teachers-guide.pdf"
    assert pdf in written and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20000


def test_lesson_uses_only_pictures_without_people():
    """The photos lesson 8 hashes and searches come with the kit (no download) and have a
    licence line."""
    for name in beyond.KIT_PICTURES:
        assert re.search(r"CC0|CC BY|public domain", teaching.credit_line(name, "en")), name
