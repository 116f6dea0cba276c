"""Break the evidence: a signed, watermarked, labelled image through everyday handling."""

from __future__ import annotations

import pytest
from conftest import encode, photo_like

from looktwice.analyses.watermark import SDXL_BITS
from looktwice.survival import SIGNALS, survival
from looktwice.writers import labels, launder
from looktwice.writers.signing import sign_image
from looktwice.writers.watermark import embed_bits


@pytest.fixture(scope="module")
def declared_png(tmp_path_factory) -> bytes:
    data_dir = tmp_path_factory.mktemp("data")
    pixels = embed_bits(photo_like(768, 512, seed=5), SDXL_BITS)
    data = labels.with_generator_parameters(encode(pixels, "PNG"), "a quiet harbour", {"Steps": 20, "Seed": 3})
    data = labels.with_source_type(data, "trainedAlgorithmicMedia")
    import os

    os.environ["LOOKTWICE_DATA_DIR"] = str(data_dir)
    try:
        return sign_image(data, title="harbour", digital_source_type="trainedAlgorithmicMedia")
    finally:
        del os.environ["LOOKTWICE_DATA_DIR"]


def test_original_carries_every_declared_signal(declared_png):
    original = survival(declared_png, operations={})[0]
    s = original.signals
    assert s["credentials"].present and s["credentials"].detail == "valid_untrusted"
    assert s["source_type"].detail == "trainedAlgorithmicMedia"
    assert s["generator"].present and s["watermark"].present
    assert not s["camera"].present
    assert set(s) == set(SIGNALS)


def test_which_signals_survive(declared_png):
    rows = {r.operation: r for r in survival(declared_png)}
    assert list(rows) == ["original", *launder.OPERATIONS]
    for name in launder.OPERATIONS:
        s = rows[name].signals
        # every file label is gone after any re-encoding
        assert not s["credentials"].present and not s["source_type"].present and not s["generator"].present, name
    # the watermark lives in the pixels, but cropping shifts its 8x8 grid and rescaling
    # redraws it: both erase it (measured, as the README of invisible-watermark says)
    assert not rows["crop"].signals["watermark"].present
    assert not rows["screenshot"].signals["watermark"].present
    assert rows["resize"].width == 384
