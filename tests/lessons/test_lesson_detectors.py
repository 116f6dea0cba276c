"""Lesson 7, "Detectors and their limits": the helpers of looktwice.lessons.detectors, and the
lesson run on the example pack (tests/lessons/test_lessons.py runs it without the pack, the way a fresh
install does).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from lesson_runner import run_lesson

from looktwice.lessons import detectors

ROOT = Path(__file__).resolve().parents[2]
LESSON = "07-detectors-and-their-limits"
_PLAIN_SPACE = re.compile(r" [:;?!»%]|« ")


def synthetic(
    n_real: int = 12,
    families: tuple[str, ...] = ("a", "a", "b", "b", "c", "c", "d", "d", "e", "e", "f", "f"),
    shift: float = 2.0,
) -> detectors.FeatureSet:
    """A feature set whose generated images differ from the real ones on the first feature."""
    rng = np.random.default_rng(1)
    n = n_real + len(families)
    labels = np.array([0] * n_real + [1] * len(families))
    base = rng.normal(size=(n, 12))
    base[:, 0] += shift * labels
    features = {h: base + rng.normal(scale=0.1, size=base.shape) for h in detectors.HANDLINGS}
    return detectors.FeatureSet(
        [f"img{i}" for i in range(n)], labels, ["real"] * n_real + list(families), "pack", features, 0.0
    )


# --------------------------------------------------------------------------- arithmetic and formats


def test_base_rate_of_the_lesson():
    """95 % right on each side, 1 % generated, 10,000 pictures: 95 caught, 495 false alarms."""
    r = detectors.base_rate(1, 95, 5)
    assert (r["generated"], r["caught"], r["real"], r["false"], r["alarms"]) == (100, 95, 9900, 495, 590)
    assert round(r["false_share"]) == 84
    exercise = detectors.base_rate(0.5, 99, 1, feed=20_000)
    assert (exercise["caught"], exercise["false"], exercise["alarms"]) == pytest.approx((99, 199, 298))


def test_base_rate_table_in_both_languages():
    en = detectors.base_rate_table(1, "en")
    fr = detectors.base_rate_table(1, "fr")
    assert "95\u202f%" in en.headers[1] and "9,900" in en.column(en.headers[1])
    assert "9\u202f900" in fr.column(fr.headers[1]) and "84\u202f%" in fr.column(fr.headers[1])
    measured = detectors.Measures(0.75, 0.8, 18, 6, 18, 6)
    assert len(detectors.base_rate_table(10, "en", measured=measured).headers) == 3


def test_numbers_use_the_language_decimal_mark():
    assert detectors.number(0.814, "en") == "0.81" and detectors.number(0.814, "fr") == "0,81"
    assert detectors.percent(83.9, "fr", 1) == "83,9\u202f%"
    assert detectors.count(20000, "en") == "20,000" and detectors.count(20000, "fr") == "20\u202f000"
    assert detectors.number(float("nan"), "en") == "—"


# --------------------------------------------------------------------------- folds and scores


def test_folds_cover_every_image_once():
    fs = synthetic()
    for by_family in (False, True):
        groups = detectors.folds(fs, by_family)
        joined = np.sort(np.concatenate(groups))
        assert np.array_equal(joined, np.arange(len(fs.labels)))
    family_groups = detectors.folds(fs, by_family=True)
    fams = np.array(fs.families)
    for group in family_groups:
        assert len(set(fams[group])) == 1, "a group is one family, or real photos only"


def test_held_out_scores_separate_a_separable_set_and_are_cached():
    fs = synthetic(shift=8.0)
    scores = detectors.held_out_scores(fs)
    m = detectors.measures(fs.labels, scores)
    assert m.auc > 0.85 and m.accuracy > 0.75
    assert m.true_positive + m.false_negative == fs.generated
    assert detectors.all_held_out_scores(fs) is detectors.all_held_out_scores(fs)
    noise = synthetic(shift=0.0)
    assert detectors.measures(noise.labels, detectors.held_out_scores(noise)).auc < m.auc - 0.2


def test_strict_threshold_flags_no_real_photo():
    labels = np.array([0, 0, 0, 1, 1, 1])
    scores = np.array([0.1, 0.42, 0.3, 0.9, 0.4, 0.6])
    t = detectors.strict_threshold(labels, scores)
    assert t == 43
    assert detectors.measures(labels, scores, t / 100).false_positive == 0
    assert detectors.measures(labels, scores, (t - 1) / 100).false_positive == 1


def test_tables_and_pictures():
    fs = synthetic()
    detector = detectors.train_detector(fs)
    assert detectors.weights_table(detector, "fr").rows[0][0] == "1", "the shifted feature weighs most"
    with pytest.raises(ValueError):
        detectors.train_detector(fs, "published")
    assert len(detectors.break_table(fs, "en").rows) == len(detectors.HANDLINGS)
    both = detectors.family_table(fs, "fr")
    assert len(both.tables[1].rows) == len(fs.generated_families())
    assert detectors.feature_strip(fs, 1, "fr").size[0] == 640
    assert detectors.roc_picture(fs.labels, detectors.held_out_scores(fs), "en").size == (480, 480)
    assert len(detectors.features_table(fs, "en").rows) == 12


def test_published_figures_have_sources_and_french_typography():
    for people in (False, True):
        for lang in ("en", "fr"):
            table = detectors.published_table(lang, people=people)
            assert all(row[2] and row[3] == detectors.CHECKED for row in table.rows)
        own = detectors.PEOPLE if people else detectors.PUBLISHED
        for entry in own:
            assert not _PLAIN_SPACE.search(entry.figure.fr), entry.figure.fr
    for word in detectors.WORDS.values():
        assert not _PLAIN_SPACE.search(word.fr), word.fr


# --------------------------------------------------------------------------- on the example pack


@pytest.fixture()
def with_pack(pack_download, monkeypatch):
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(pack_download))
    return pack_download


def test_sample_is_balanced_and_covers_every_family(with_pack):
    images, source = detectors.lesson_images()
    assert source == "pack" and len(images) == detectors.SAMPLE
    labels = [i.label for i in images]
    assert labels.count("real") == labels.count("generated") == detectors.SAMPLE // 2
    from looktwice.evaluation import load_source

    everything, _ = load_source("pack")
    families = {i.family for i in everything if i.label == "generated"}
    assert {i.family for i in images if i.label == "generated"} == families
    again, _ = detectors.lesson_images()
    assert [i.name for i in again] == [i.name for i in images], "the sample is seeded"


@pytest.mark.parametrize("lang,edition", [("en", "teacher"), ("fr", "student")])
def test_lesson_runs_on_the_example_pack(lang, edition, with_pack, tmp_path, monkeypatch):
    """With the pack downloaded, the lesson measures a sample of it (its first table says so),
    every handling and every family appear, and the run prints its time."""
    from test_lessons import _outputs

    notebook, _seconds, _ = run_lesson(lang, f"{LESSON}.md", edition, with_pack, tmp_path)
    printed = _outputs(notebook)
    assert detectors.WORDS["pack"].get(lang) in printed
    assert detectors.WORDS["builtins"].get(lang) not in printed
    from looktwice.evaluation.conditions import CONDITIONS

    if edition == "teacher":
        for handling in detectors.HANDLINGS:
            assert CONDITIONS[handling].label.get(lang) in printed
        assert "stable-diffusion-1" in printed, "the family table lists the pack's families"
        assert detectors.WORDS["your_detector"].get(lang) in printed
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
