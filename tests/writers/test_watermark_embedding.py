"""looktwice.writers.watermark: the kit's ``dwtDct`` encoder writes exactly what the reference
encoder writes, and the reference decoder reads it back."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import photo_like
from watermark_reference import noise_image, reference_decode, reference_encode

from looktwice.analyses.watermark import SD_V1_BITS, SDXL_BITS
from looktwice.writers.watermark import embed_bits


@pytest.mark.parametrize("shape", [(512, 512), (263, 301), (400, 600)])
def test_embed_is_identical_to_the_reference_encoder(shape):
    rgb = photo_like(shape[1], shape[0], seed=7)
    for bits in (SDXL_BITS, SD_V1_BITS):
        ours = embed_bits(rgb, bits)
        assert ours.dtype == np.uint8 and ours.shape == rgb.shape
        reference = reference_encode(rgb, "bits", bits.tolist())
        np.testing.assert_array_equal(ours, reference)


def test_reference_decoder_reads_our_mark():
    rgb = noise_image(320, 480, seed=8)
    for bits in (SDXL_BITS, SD_V1_BITS):
        np.testing.assert_array_equal(reference_decode(embed_bits(rgb, bits), bits.size), bits)
