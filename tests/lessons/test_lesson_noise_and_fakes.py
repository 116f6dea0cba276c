"""Lessons 5 and 6 (#21): the helpers of looktwice.lessons.grain and looktwice.lessons.fakes,
and lesson 6 run on its no-torch path.

tests/lessons/test_lessons.py runs both lessons in both languages and editions; under pytest, lesson 6
trains live for fakes.TEST_STEPS steps when torch is installed. Here lesson 6 also runs with
its switch off (LOOKTWICE_LAB_LIVE=0) and torch made unimportable in the kernel, so the
recorded training is what the class sees, and the run time of each path is printed.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from looktwice import examples, teaching
from looktwice.lessons import colour_fakes, fakes, grain
from looktwice.track_record import record_for

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- lesson 5: grain


@pytest.fixture(scope="module")
def coffee() -> bytes:
    return examples.load_example_bytes("coffee")[0]


def test_quality_value_and_history_skip_what_is_not_a_quality(coffee):
    assert grain.quality_value("75") == 75 and grain.quality_value(40) == 40
    assert grain.quality_value("___") is None and grain.quality_value("101") is None
    assert grain.quality_value("abc") is None and grain.quality_value("0") is None
    saves = grain.history(coffee, [90, "___", 95])
    assert list(saves) == ["90", "90,95"]
    assert grain.history_name("90,50,95", "en") == "JPEG quality 90, then 50, then 95"
    assert grain.history_name("90,50", "fr") == "JPEG qualité 90, puis 50"


def test_tables_tell_the_last_save_only(coffee):
    story = grain.history(coffee, [90, 40, 95])
    table = grain.tables_table({"coffee.png": coffee, **story}, "en")
    qualities = table.column(grain.WORDS["tables"].get("en"))
    assert qualities == [grain.WORDS["none"].get("en"), "90", "40", "95"]
    grains = [float(v) for v in table.column(grain.WORDS["grain"].get("en"))]
    assert grains[3] < grains[0], "the lower quality's loss of grain stays after a high-quality save"


def test_noise_reduction_and_jpeg_smooth_a_real_photo(coffee):
    rocket = examples.load_example_bytes("rocket")[0]
    table = grain.noise_table(grain.smoothing_versions(rocket, "en"), "en")
    flags = table.column(grain.WORDS["hint"].get("en"))
    assert grain.WORDS["yes"].get("en") in flags, "the real rocket photo trips 'too smooth'"
    sizes = [grain.denoise_row(coffee, size, "en").rows[0] for size in (3, 9)]
    assert float(sizes[1][1]) < float(sizes[0][1])
    assert grain.denoise_row(coffee, 2, "en").rows[0][0].endswith(" 3"), "sizes are odd, at least 3"


def test_pasted_patch_is_never_compressed_and_stands_out_in_error_levels(coffee):
    from looktwice import inspect

    edited = grain.pasted(coffee, coffee)
    image = Image.open(io.BytesIO(edited))
    assert image.format == "PNG" and image.size == (600, 400)
    source = np.asarray(Image.open(io.BytesIO(coffee)).convert("RGB"))
    assert np.array_equal(np.asarray(image.convert("RGB"))[10:130, 460:580], source[270:390, 470:590])
    levels = inspect(edited, name="e.png", only=["ela"]).result("ela").levels.astype(float)
    assert levels[10:130, 460:580].mean() > 2 * levels[200:, :400].mean()


def test_residual_and_ela_views_carry_the_credit(coffee):
    made = grain.generated_pictures("fr")
    assert all(credit == grain.generated_credit("fr") for _, credit in made.values())
    view = grain.residual_view({"coffee.png": (coffee, "CC0"), **made}, "fr")
    assert len(view.items) == 9 and all("CC0" in caption for _, caption in view.items)
    ela = grain.ela_view({"coffee.png": (coffee, "CC0")}, "en")
    assert [caption for _, caption in ela.items] == ["coffee.png · CC0", "error levels · CC0"]


def test_spread_table_reads_the_shipped_record():
    table = grain.spread_table("noise.smooth_share", "en")
    assert len(table.rows) == 4
    low, middle, high = table.rows[0][2:]
    assert int(low) <= int(middle) <= int(high)
    assert record_for("noise.smooth").supports.value == "neutral", "the lesson explains why"


def test_french_numbers():
    assert grain.decimal(2.45, "fr") == "2,5" or grain.decimal(2.45, "fr") == "2,4"
    assert grain.percent(0.35, "fr") == "35\u202f%" and grain.percent(0.35, "en") == "35%"
    table = grain.credits_table(["coffee"], "fr")
    assert table.rows[-1][1] == grain.generated_credit("fr")


# --------------------------------------------------------------------------- lesson 6: fakes


def test_switch_and_schedule(monkeypatch):
    monkeypatch.setenv(fakes.LIVE_ENV, "0")
    assert not fakes.can_train()
    monkeypatch.setenv(fakes.STEPS_ENV, "30")
    assert fakes.live_steps() == 30
    monkeypatch.delenv(fakes.STEPS_ENV)
    assert fakes.live_steps() == fakes.TEST_STEPS  # PYTEST_CURRENT_TEST is set here
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    assert fakes.live_steps() == fakes.CLASS_STEPS
    assert fakes.watch_steps(8) == (0, 1, 2, 4, 8)
    assert "200" in str(fakes.plan(True, 200, "en")) and "torch" in str(fakes.plan(False, 0, "fr"))


def test_shipped_snapshots_need_no_torch_and_show_the_fingerprint():
    for variant in fakes.VARIANTS:
        snaps = fakes.shipped_snapshots(variant)
        assert [s.step for s in snaps] == list(fakes.SHIPPED_STEPS)
        assert all(s.samples.shape == (fakes.SAMPLES, 32, 32) and s.texture.shape == (256, 256) for s in snaps)
    finals = fakes.final_snapshots()
    assert finals["transposed"].fingerprint.score > 3 * finals["resize"].fingerprint.score
    assert fakes.shipped_snapshots()[0].fingerprint.score > 100, "the grid is there before training"
    table = fakes.progress_table(fakes.shipped_snapshots(), "fr")
    assert table.headers[0] == "étape d’entraînement" and len(table.rows) == len(fakes.SHIPPED_STEPS)


def test_views_and_tables():
    snaps = fakes.shipped_snapshots()
    view = fakes.snapshot_view(snaps, 99, "en")
    assert len(view.items) == 3 and all("CC0" in c for _, c in view.items)
    assert "training step 1000" in view.items[0][1]
    assert len(fakes.upsampling_view("fr").items) == 4
    scores = fakes.upsampling_table("en")
    medians = [float(row[2]) for row in scores.rows]
    assert medians[0] > medians[1] and medians[0] > medians[2]
    scale = fakes.scale_table("en")
    assert [row[4] for row in scale.rows] == ["6", "6", "21"]
    assert scale.rows[2][5] == "64×64"
    copies = fakes.resave_table(snaps[-1], "en")
    assert [row[0] for row in copies.rows][0] == "as made" and len(copies.rows) == 5


def test_colour_lineup_has_four_of_each_from_free_photos_and_no_torch():
    key = colour_fakes.lineup_key(colour_fakes.LINEUP_SEED, "en")
    made = [row[1] for row in key.rows]
    assert made.count(fakes.COLOUR_CREDIT.get("en")) == 4 and len(made) == 8
    assert made != sorted(made), "real and generated squares are shuffled"
    gallery = colour_fakes.lineup(colour_fakes.LINEUP_SEED, "fr")
    assert len(gallery.items) == 8
    licence = "le générateur en couleur du kit (CC0) ou une photo"
    assert all(licence in c and c.startswith(chr(65 + i)) for i, (_, c) in enumerate(gallery.items))


def test_colour_generator_passes_the_eye_but_not_the_spectrum():
    table = colour_fakes.scores_table("en")
    assert len(table.rows) == 6 and {row[1] for row in table.rows} == {str(colour_fakes.SET)}
    for generated, real in zip(table.rows[0::2], table.rows[1::2]):
        assert generated[0] == colour_fakes.COLOUR_WORDS["colour"].get("en")
        assert float(generated[2]) > 2 * float(real[2]), "the grid shows in the averaged spectrum"
        assert int(generated[3]) > int(real[3])
    view = colour_fakes.fingerprint_view("fr")
    assert len(view.items) == 4 and "générateur en couleur" in view.items[0][1]
    assert fakes.COLOUR_CREDIT.get("en") in [row[1] for row in fakes.credits_table(["coffee"], "en").rows]


def test_honest_fake_declares_a_trained_model():
    signed = fakes.sign_honestly(fakes.final_snapshots()["transposed"])
    labels = teaching.read_labels(signed)
    assert labels["declared"] and labels["declared"][0].endswith("trainedAlgorithmicMedia")


def test_live_training_keeps_snapshots_at_the_watched_steps():
    pytest.importorskip("torch")
    snaps = fakes.train_live(2, progress=False)
    assert [s.step for s in snaps] == [0, 1, 2]
    assert snaps[0].samples.shape == (fakes.SAMPLES, 32, 32) and snaps[0].texture.shape == (256, 256)


# --------------------------------------------------------------------------- lesson 6 without torch

_NO_TORCH = """\
import sys as _sys
_sys.modules["torch"] = None
"""
_CHECK = 'import sys as _sys\nprint("torch-imported", _sys.modules.get("torch") is not None)'


@pytest.mark.parametrize("lang,edition", [("fr", "teacher"), ("en", "student")])
def test_lesson_six_runs_without_torch(tmp_path, lang, edition):
    jupytext = pytest.importorskip("jupytext")
    nbformat = pytest.importorskip("nbformat")
    from lesson_runner import run_private

    from looktwice.lessons import editions

    notebook = jupytext.read(ROOT / "lessons" / lang / "06-make-a-fake.md")
    notebook.cells = editions.edition_cells(notebook.cells, edition)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(_NO_TORCH))
    notebook.cells.append(nbformat.v4.new_code_cell(_CHECK))
    seconds, _, _ = run_private(notebook, lang, tmp_path, {fakes.LIVE_ENV: "0"})
    print(f"\n{lang}/06-make-a-fake.md ({edition}, no torch) executed in {seconds:.1f} s")
    printed = "\n".join(
        o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
        for c in notebook.cells
        for o in c.get("outputs", [])
    )
    assert "torch-imported False" in printed
    assert fakes.PLAN["shipped"].get(lang)[:40] in printed
    assert str(list(fakes.SHIPPED_STEPS)) in printed
