"""The generator lab: training runs, shipped weights and samples, fingerprints, upsampling lab.

No mocks and no timings: every score below is computed by the core spectrum analysis, and the
assertions compare computed values with each other (margins), never with typed-in scores.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from looktwice.lab import samples  # noqa: E402
from looktwice.lab.checkpoint import load_generator, read_meta, weights_path  # noqa: E402
from looktwice.lab.models import UPSAMPLINGS, generate  # noqa: E402

torch.set_num_threads(2)


def test_short_training_run_changes_weights_and_makes_patches(tmp_path: Path) -> None:
    from looktwice.lab.train import Settings, build, train

    settings = Settings(iterations=4, batch=8, seed=3)
    start, _ = build(settings)
    before = {k: v.clone() for k, v in start.state_dict().items()}
    result = train(settings, out=tmp_path, every=2, progress=False)
    after = result.generator.state_dict()
    changed = [k for k in before if k.endswith("weight") and not torch.equal(before[k], after[k])]
    assert len(changed) == sum(k.endswith("weight") for k in before)
    samples = generate(result.generator, seed=0, count=5)
    assert samples.shape == (5, 32, 32) and samples.dtype == np.uint8
    texture = generate(result.generator, seed=0, cells=(6, 10))
    assert texture.shape == (1, 48, 80)
    # snapshots for the class to watch, and a log with the scores measured on the way
    assert sorted(p.name for p in (tmp_path / "transposed").glob("step_*.png")) == ["step_00002.png", "step_00004.png"]
    assert "periodic_peak_score" in (tmp_path / "transposed" / "log.csv").read_text()


def test_same_seed_same_training() -> None:
    from looktwice.lab.train import Settings, train

    settings = Settings(upsampling="resize", iterations=2, batch=4, seed=5)
    a = train(settings, progress=False).generator.state_dict()
    b = train(settings, progress=False).generator.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("upsampling", UPSAMPLINGS)
def test_shipped_weights_describe_themselves(upsampling: str) -> None:
    meta = read_meta(weights_path(upsampling))
    assert meta["config"]["upsampling"] == upsampling
    assert {d["name"] for d in meta["data"]}.isdisjoint({"astronaut", "camera"})
    generator = load_generator(weights_path(upsampling))
    assert sum(p.numel() for p in generator.parameters()) == meta["parameters"]


def test_generation_from_shipped_weights_is_reproducible() -> None:
    generator = load_generator(weights_path("transposed"))
    a = generate(generator, seed=11, count=3)
    b = generate(generator, seed=11, count=3)
    c = generate(generator, seed=12, count=3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("name", [r[0] for r in samples.RECIPES])
def test_rendered_sample_equals_shipped_png(name: str) -> None:
    shipped = samples.load_sample(name)
    rendered = samples.render_sample(name)
    assert rendered.shape == shipped.pixels.shape == (shipped.info.height, shipped.info.width)
    assert np.array_equal(rendered, shipped.pixels)


def test_sample_descriptions_match_the_shipped_weights() -> None:
    import hashlib

    infos = samples.list_samples()
    assert [i.name for i in infos] == [r[0] for r in samples.RECIPES]
    for info in infos:
        weights = weights_path(info.upsampling)
        assert info.weights == weights.name
        assert info.weights_sha256 == hashlib.sha256(weights.read_bytes()).hexdigest()
        assert info.path.stat().st_size < 100_000
        assert info.what.en and info.what.fr and info.how.en and info.how.fr


def test_transposed_fingerprint_beats_real_patches_and_resize_conv() -> None:
    scores = samples.fingerprint_scores()
    transposed = statistics.median(scores["transposed"])
    resize = statistics.median(scores["resize"])
    real = statistics.median(scores["real"])
    assert transposed >= 4 * real, scores
    assert resize * 2 <= transposed, scores
    # every single transposed texture shows its grid more than any real patch
    assert min(scores["transposed"]) > max(scores["real"]), scores


def test_upsampling_lab_orders_the_methods() -> None:
    from looktwice.lab.upsampling import lab_picture, lab_table, run_lab

    results = {r.method.key: r for r in run_lab()}
    transposed = min(results["transposed_k3s2"].score, results["transposed_k4s2"].score)
    others = max(results[k].score for k in ("nearest", "bilinear", "resize_conv"))
    assert transposed >= 10 * others
    assert results["transposed_k3s2"].peaks and results["transposed_k4s2"].peaks
    picture = lab_picture(list(results.values()), "fr")
    assert picture.width > 5 * 256
    table = lab_table(list(results.values()))
    assert all(r.method.name.en in table for r in results.values())


def test_samples_api_does_not_import_torch() -> None:
    code = (
        "import sys, json\n"
        "import looktwice, looktwice.lab, looktwice.lab.samples as s\n"
        "from looktwice.lab.checkpoint import read_meta, weights_path\n"
        "names = [i.name for i in s.list_samples()]\n"
        "shapes = [list(s.load_sample(n).pixels.shape) for n in names]\n"
        "meta = read_meta(weights_path('transposed'))\n"
        "scores = s.fingerprint_scores(real_count=2)\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'n': len(names), 'shapes': shapes}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["torch"] is False
    assert result["n"] == len(samples.RECIPES)
