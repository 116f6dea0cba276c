"""The quiz's logic: item sets, scoring, calibration, the chart, and the class's anonymous counts.

Item sets are checked on small made-up catalogues (fast, every case controlled) and once on the
kit's real catalogue with the shared example pack. The store is checked for what it keeps
(counts only), what it gives back, and that it survives several writers at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3
import threading

import pytest
from PIL import Image

from looktwice import quiz
from looktwice.cli import main
from looktwice.examples import Catalog, Example, ImageSource


class FakeSource(ImageSource):
    def __init__(self, missing: set[str] | None = None) -> None:
        self.missing = missing if missing is not None else set()

    def read_bytes(self, example):  # pragma: no cover - never read in these tests
        raise AssertionError("not needed")

    def is_available(self, example) -> bool:
        return example.name not in self.missing


@pytest.fixture
def pack_cache(pack_download, monkeypatch):
    """The downloaded quiz pictures, as the kit's cache for one test."""
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(pack_download))
    return pack_download


def fake_example(
    name: str, kind: str, *, status: str = "clear", origin: str = "pack", tells=(), family: str | None = None
) -> Example:
    return Example(
        name=name,
        filename=f"{name}.png",
        kind=kind,
        title=name,
        description="",
        license="CC0",
        license_status=status,
        attribution="someone",
        origin=origin,
        tells=tuple(tells),
        family=family if family is not None else ("camera" if kind == "real" else "flux"),
    )


def fake_catalog(n_real: int = 8, n_gen: int = 8, *, missing: set[str] | None = None, extra=()) -> Catalog:
    cat = Catalog()
    source = FakeSource(missing)
    for i in range(n_real):
        cat.register(fake_example(f"r{i}", "real", status="uncertain" if i % 4 == 3 else "clear"), source)
    for i in range(n_gen):
        cat.register(fake_example(f"g{i}", "generated", status="noncommercial" if i % 4 == 3 else "clear"), source)
    for e in extra:
        cat.register(e, source)
    return cat


# --- item sets ------------------------------------------------------------------------------


def test_sets_are_disjoint_balanced_and_deterministic():
    cat = fake_catalog()
    sets = quiz.item_sets(catalog=cat, per_kind=3)
    first, second = ({i.name for i in sets[s]} for s in quiz.SETS)
    assert first and second and not (first & second)
    for items in (sets[s] for s in quiz.SETS):
        kinds = [i.truth for i in items]
        assert kinds.count("real") == kinds.count("generated") == 3
        assert all(i.truth == ("real" if i.name.startswith("r") else "generated") for i in items)
    # the same catalogue gives the same questions in the same order, every time
    assert quiz.item_sets(catalog=fake_catalog(), per_kind=3) == sets


def test_partition_deals_clear_licences_evenly():
    cat = fake_catalog(8, 8)
    parts = quiz.partition(cat)
    for kind in quiz.KINDS:
        clear = [sum(e.kind == kind and e.license_status == "clear" for e in parts[s]) for s in quiz.SETS]
        assert abs(clear[0] - clear[1]) <= 1


def test_classroom_mode_leaves_out_unclear_licences():
    cat = fake_catalog(8, 8)
    for s in quiz.SETS:
        for item in quiz.item_set(s, classroom=True, catalog=cat):
            assert cat.get(item.name).license_status not in quiz.CLASSROOM_EXCLUDED_STATUS
    everyone = {i.name for s in quiz.SETS for i in quiz.item_set(s, catalog=cat, per_kind=10)}
    assert any(cat.get(n).license_status in quiz.CLASSROOM_EXCLUDED_STATUS for n in everyone)


def test_only_available_single_pictures_from_modern_generators_and_cameras_are_asked():
    grid = fake_example("g-grid", "generated", tells=("grid",))
    specimen = fake_example("specimen-x", "generated", origin="specimen")
    old = fake_example("g-biggan", "generated", family="biggan")
    drawing = fake_example("r-drawing", "real", family="drawing")
    builtin = fake_example("r-builtin", "real", origin="builtin")
    cat = fake_catalog(6, 6, missing={"g0", "g1"}, extra=[grid, specimen, old, drawing, builtin])
    asked = {i.name for s in quiz.SETS for i in quiz.item_set(s, catalog=cat, per_kind=10)}
    assert asked and not asked & {"g0", "g1", "g-grid", "specimen-x", "g-biggan", "r-drawing", "r-builtin"}


def test_a_set_keeps_its_pictures_when_more_are_downloaded():
    """Membership depends on the catalogue, not on what is on the computer."""
    before = fake_catalog(8, 8, missing={f"g{i}" for i in range(8)} - {"g2", "g5"})
    after = fake_catalog(8, 8)
    for s in quiz.SETS:
        early = {i.name for i in quiz.item_set(s, catalog=before, per_kind=10)}
        late = {i.name for i in quiz.item_set(s, catalog=after, per_kind=10)}
        assert early <= late


def test_no_generated_picture_means_no_quiz():
    cat = fake_catalog(6, 4, missing={f"g{i}" for i in range(4)})
    assert quiz.item_set("set-a", catalog=cat) == []


def test_unknown_set_is_refused_and_old_names_still_work():
    with pytest.raises(ValueError):
        quiz.item_set("tuesday", catalog=fake_catalog())
    assert quiz.check_set("monday") == "set-a" and quiz.check_set("friday") == "set-b"
    assert quiz.set_name("set-b").fr == "Série B (générateurs récents)"


def test_without_the_pack_the_builtin_set_is_played(tmp_path, monkeypatch):
    """No pack on this computer: the pack's sets are empty, and a round falls back to the
    built-in set (photos that ship with the kit, textures of the kit's own generator), balanced."""
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(tmp_path / "empty-cache"))
    sets = quiz.item_sets()
    assert sets["set-a"] == [] and sets["set-b"] == []
    builtin = sets[quiz.BUILTIN_SET]
    kinds = [i.truth for i in builtin]
    assert kinds.count("real") == kinds.count("generated") >= 4
    r = quiz.Round.start("set-a")
    assert r.item_set == quiz.BUILTIN_SET and r.fallback_from == "set-a"
    assert sorted(r.items, key=lambda i: i.name) == sorted(builtin, key=lambda i: i.name)


def test_each_student_gets_an_order_of_their_own():
    cat = fake_catalog()
    a = quiz.Round.start("set-a", catalog=cat, seed="student-1").items
    b = quiz.Round.start("set-a", catalog=cat, seed="student-2").items
    assert sorted(a, key=lambda i: i.name) == sorted(b, key=lambda i: i.name)
    assert a != b
    assert quiz.Round.start("set-a", catalog=cat, seed="student-1").items == a  # seeded: the same again
    assert quiz.Round.start("set-a", catalog=cat).fallback_from is None


def test_real_catalogue_with_the_pack(pack_cache):
    sets = quiz.item_sets(classroom=True)
    names = [{i.name for i in sets[s]} for s in quiz.SETS]
    assert not names[0] & names[1]
    from looktwice.examples import get_example

    for items in (sets[s] for s in quiz.SETS):
        assert len(items) >= 8
        assert [i.truth for i in items].count("real") == len(items) // 2
        for i in items:
            e = get_example(i.name)
            assert e.kind == i.truth and e.origin == "pack"
            assert e.family == "camera" if e.kind == "real" else e.family in quiz.MODERN_FAMILIES
            assert e.license_status in ("clear", "attribution")
            assert "grid" not in e.tells


# --- score and calibration ------------------------------------------------------------------


def test_score_and_calibration():
    answers = [
        quiz.Answer("a", "real", "real", 90),
        quiz.Answer("b", "generated", "real", 90),
        quiz.Answer("c", "generated", "generated", 62),
        quiz.Answer("d", "real", "generated", 50),
    ]
    s = quiz.score(answers)
    assert (s.correct, s.total, s.accuracy) == (2, 4, 0.5)
    bins = {b.confidence: b for b in quiz.calibration(answers)}
    assert list(bins) == list(quiz.CONFIDENCE_LEVELS)
    assert (bins[90].total, bins[90].correct, bins[90].accuracy) == (2, 1, 0.5)
    assert (bins[60].total, bins[60].correct) == (1, 1)
    assert bins[100].total == 0 and bins[100].accuracy is None
    assert quiz.score([]).accuracy is None


@pytest.mark.parametrize(("given", "level"), [(50, 50), (54.9, 50), (55, 60), (99, 100), (0, 50), (130, 100)])
def test_confidence_bins(given, level):
    assert quiz.confidence_bin(given) == level


def test_calibration_message_is_honest_about_overconfidence():
    sure_and_wrong = [quiz.Answer(str(i), "real", "generated", 100) for i in range(6)]
    msg = quiz.calibration_message(quiz.calibration(sure_and_wrong))
    assert "more confident" in msg.en and "plus confiant" in msg.fr
    assert "only 6 answers" in msg.en
    assert quiz.calibration_message(quiz.calibration([])).en == "No answers yet."


def test_calibration_chart_and_its_text():
    answers = [quiz.Answer(str(i), "real", "real" if i % 2 else "generated", 50 + 10 * (i % 6)) for i in range(12)]
    bins = quiz.calibration(answers)
    for lang in ("en", "fr"):
        image = quiz.calibration_chart(bins, lang)
        assert isinstance(image, Image.Image) and image.size == (720, 460)
        # the colour-blind-safe blue of the bars is there
        assert (0, 114, 178) in {c for _, c in image.getcolors(1 << 16)}
    alt = quiz.chart_alt_text(bins, "fr")
    assert "bonnes sur" in alt and "50\u00a0%" in alt


def test_published_human_figures_are_quoted_exactly():
    figures = {f.study: f.figure for f in quiz.HUMAN_FIGURES}
    assert figures["Nightingale & Farid, PNAS 2022"] == "48.2 %"
    assert figures["Microsoft AI for Good Lab, 2025"] == "62 %"
    assert figures["Högemann et al., Front. AI 2025"] == "63.7 %"
    assert all(f.what.en and f.what.fr for f in quiz.HUMAN_FIGURES)


def test_the_tells_of_quiz_pictures_have_french():
    from looktwice.examples import TELLS, default_catalog

    used = {t for part in quiz.partition(default_catalog()).values() for e in part for t in e.tells}
    assert used
    for tell in used:
        t = quiz.tell_text(tell)
        assert t.en == TELLS[tell]
        assert t.fr != t.en, tell
    assert quiz.tell_text("no-such-tell").fr == "no-such-tell"  # a new tag still shows


# --- the store ------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    return quiz.QuizStore(tmp_path / "data" / "quiz.sqlite")


def test_store_keeps_counts_only(store):
    store.record_answer("pre", "set-a", "real_coffee_cup", "real", True, 80)
    store.record_answer("pre", "set-a", "real_coffee_cup", "real", True, 78)
    store.record_round("pre", "set-a", 7, 10)
    con = sqlite3.connect(store.path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"answers", "rounds"}
    columns = {t: [r[1] for r in con.execute(f"PRAGMA table_info({t})")] for t in tables}
    assert columns["answers"] == ["day", "session", "item_set", "item", "truth", "correct", "confidence", "count"]
    assert columns["rounds"] == ["day", "session", "item_set", "score", "total", "count"]
    rows = con.execute("SELECT * FROM answers").fetchall()
    con.close()
    assert rows == [(dt.date.today().isoformat(), "pre", "set-a", "real_coffee_cup", "real", 1, 80, 2)]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[0][0])  # the day, nothing finer


def test_store_refuses_bad_values(store):
    with pytest.raises(ValueError):
        store.record_answer("Jane Doe", "set-a", "x", "real", True, 80)  # not a label
    with pytest.raises(ValueError):
        store.record_answer("pre", "sunday", "x", "real", True, 80)
    with pytest.raises(ValueError):
        store.record_answer("pre", "set-a", "x", "fake", True, 80)
    with pytest.raises(ValueError):
        store.record_round("pre", "set-a", 11, 10)


def test_compare_before_and_after(store):
    for i in range(10):
        store.record_answer("pre", "set-a", f"m{i}", "real" if i % 2 else "generated", i < 4, 90)
        store.record_answer("post", "set-b", f"f{i}", "real" if i % 2 else "generated", i < 8, 70)
    store.record_round("pre", "set-a", 4, 10)
    store.record_round("post", "set-b", 8, 10)
    c = store.compare("pre", "post")
    assert (c.before.answers, c.before.correct, c.after.correct) == (10, 4, 8)
    assert c.difference == pytest.approx(40.0)
    assert 0 < c.margin < 60
    assert c.before.rounds == 1 and c.before.round_scores == {(4, 10): 1}
    text = c.text("en")
    assert "+40 percentage points" in text and "different images" in text
    assert "+40 points" in c.text("fr")
    empty = store.compare("x", "y")
    assert empty.difference is None and "Not enough answers" in empty.text()


def test_export_and_erase(store, tmp_path):
    store.record_answer("pre", "set-a", "a", "real", False, 60)
    store.record_round("pre", "set-a", 0, 1)
    out = tmp_path / "counts.csv"
    assert store.export_csv(out) == 2
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(quiz.CSV_COLUMNS)
    assert rows[0]["table"] == "answer" and rows[0]["count"] == "1" and rows[0]["correct"] == "0"
    assert rows[1]["table"] == "round" and rows[1]["score"] == "0"
    assert store.erase() is True
    assert not store.path.exists() and store.sessions() == []
    assert store.erase() is False


def test_store_survives_many_writers(store):
    def write(k: int) -> None:
        for i in range(20):
            store.record_answer("post", "set-b", f"item{i % 3}", "generated", (i + k) % 2 == 0, 50 + 10 * (i % 6))

    threads = [threading.Thread(target=write, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.summary("post").answers == 120


# --- a round --------------------------------------------------------------------------------


def test_a_counted_round_reports_each_answer_once(store, monkeypatch):
    cat = fake_catalog()
    r = quiz.Round.start("set-a", "pre", catalog=cat)
    assert r.items and r.current == r.items[0]
    first = r.answer("real", 73, store)
    assert first.confidence == 70
    assert r.answer("generated", 100, store) == first  # a second click changes nothing
    assert r.next() == r.items[1]
    while not r.finished:
        r.answer("generated", 90, store)
        r.next()
    s = store.summary("pre")
    assert s.answers == len(r.items) and s.rounds == 1
    assert [a.item for a in r.missed] == [a.item for a in r.answers if a.truth != a.said]
    with pytest.raises(ValueError):
        r.answer("real", 50, store)
    first_item = r.items[0]
    right = int(first.correct)
    assert store.item_counts(first_item.name) == (right, 1)
    assert store.item_counts(first_item.name, day="2001-01-01") == (0, 0)


def test_practice_rounds_are_not_counted(store):
    r = quiz.Round.start("set-b", quiz.PRACTICE, catalog=fake_catalog())
    r.answer("real", 50, store)
    assert not store.path.exists()


def test_next_needs_an_answer_first():
    r = quiz.Round.start("set-b", catalog=fake_catalog())
    assert r.next() == r.items[0]
    assert r.index == 0


# --- the command line -----------------------------------------------------------------------


def test_quiz_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LOOKTWICE_DATA_DIR", str(tmp_path / "data"))
    store = quiz.QuizStore()
    assert store.path == tmp_path / "data" / "quiz.sqlite"
    store.record_answer("pre", "set-a", "a", "real", True, 80)
    store.record_answer("post", "set-b", "b", "real", True, 80)
    assert main(["quiz", "compare", "--before", "pre", "--after", "post"]) == 0
    out = capsys.readouterr().out
    assert "pre: 1 right out of 1" in out and "post: 1 right out of 1" in out
    assert main(["quiz", "compare", "--lang", "fr"]) == 0
    assert "Résultats de la classe" in capsys.readouterr().out
    assert main(["quiz", "export", str(tmp_path / "x.csv")]) == 0
    assert "Wrote 2 rows" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["quiz", "erase"]) == 1  # no terminal to ask: nothing erased without --yes
    assert store.path.exists()
    assert main(["quiz", "erase", "--yes"]) == 0
    assert not store.path.exists()
    assert main(["quiz", "compare", "--before", "not a label"]) == 2


def test_quiz_sets_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(tmp_path / "empty"))
    assert main(["quiz", "sets"]) == 0
    assert "download the example pack" in capsys.readouterr().out
