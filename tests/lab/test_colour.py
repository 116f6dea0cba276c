"""The colour generator: its shipped weights, its training data and licences, the NumPy renderer
that runs every shipped generator without torch, and a short training run on the pack.

Scores are computed by the core spectrum analysis and compared with each other, never with
typed-in values.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from looktwice.examples import get_example
from looktwice.lab import colour
from looktwice.lab.checkpoint import WEIGHTS_DIR, read_meta, weights_path
from looktwice.lab.numpy_generator import render

COLOUR = weights_path("colour")


def test_shipped_colour_weights_are_small_and_say_what_they_learned_from():
    assert COLOUR.stat().st_size <= 10_000_000
    meta = read_meta(COLOUR)
    assert meta["config"]["channels"] == 3 and meta["patch"] == colour.PATCH == 64
    assert [photo["name"] for photo in meta["data"]] == list(colour.PHOTOS)
    card = (WEIGHTS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    for photo in meta["data"]:
        example = get_example(photo["name"])
        assert example.person_present in ("no", ""), f"{photo['name']} shows a person"
        assert example.license_status in ("clear", ""), f"{photo['name']}: licence {example.license_status}"
        assert photo["licence"] and photo["credit"]
        assert f"`{photo['name']}`" in card, f"the model card lists {photo['name']}"
    assert f"{meta['parameters']:,}" in card


def test_colour_pictures_have_colour_and_differ_by_seed():
    pictures = render(COLOUR, seed=3, count=4)
    assert pictures.shape == (4, 64, 64, 3) and pictures.dtype == np.uint8
    spread = pictures.reshape(4, -1, 3).astype(float)
    assert all(np.abs(p[:, 0] - p[:, 2]).mean() > 3 for p in spread), "not grey"
    assert not np.array_equal(pictures[0], pictures[1])
    assert np.array_equal(pictures, render(COLOUR, seed=3, count=4)), "same seed, same pictures"
    with pytest.raises(ValueError, match="one size"):
        render(COLOUR, seed=3, cells=(8, 6))


@pytest.mark.parametrize("name", ["transposed", "resize", "colour"])
def test_numpy_renderer_matches_torch(name):
    torch = pytest.importorskip("torch")
    from looktwice.lab.checkpoint import load_generator
    from looktwice.lab.models import generate

    torch.set_num_threads(2)
    generator = load_generator(weights_path(name))
    cells = None if name == "colour" else (8, 8)
    expected = generate(generator, seed=11, count=3, cells=cells)
    got = render(weights_path(name), seed=11, count=3, cells=cells)
    assert got.shape == expected.shape
    assert np.abs(got.astype(int) - expected).max() <= 1
    assert (got != expected).mean() < 1e-3


def test_numpy_renderer_runs_where_torch_cannot_be_imported():
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "from looktwice.lab.checkpoint import weights_path\n"
        "from looktwice.lab.numpy_generator import render\n"
        "print(render(weights_path('colour'), 1, 2).shape)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(2, 64, 64, 3)"


def test_short_colour_training_on_the_pack(pack_download, monkeypatch, tmp_path: Path):
    torch = pytest.importorskip("torch")
    from looktwice.examples.cache import ENV_VAR
    from looktwice.lab.checkpoint import load_generator, save_generator

    monkeypatch.setenv(ENV_VAR, str(pack_download))
    colour.load_photo.cache_clear()
    try:
        batch = next(colour.batches(4, seed=0))
        assert batch.shape == (4, 3, 64, 64) and batch.min() >= -1 and batch.max() <= 1
        settings = colour.Settings(iterations=2, batch=4, widths=(16, 8, 8, 4), discriminator_widths=(4, 8, 8, 16))
        result = colour.train(settings, tmp_path, every=1, progress=False, keep=True)
        assert [row["step"] for row in result.log] == [1, 2]
        assert (tmp_path / "step_00002.png").exists() and (tmp_path / "log.csv").exists()
        path = tmp_path / "generator_colour.npz"
        save_generator(path, result.generator, colour.metadata(settings, result))
        assert read_meta(path)["data"][0]["name"] == colour.PHOTOS[0]
        reloaded = load_generator(path)
        assert isinstance(reloaded, torch.nn.Module)
        assert render(path, seed=0, count=1).shape == (1, 64, 64, 3)
    finally:
        colour.load_photo.cache_clear()
