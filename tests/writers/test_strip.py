"""looktwice.writers.strip: every label goes, the compressed pixels stay byte for byte."""

from __future__ import annotations

from conftest import encode, photo_like

import looktwice
from looktwice.evidence import Strength
from looktwice.image_file import open_specimen
from looktwice.writers import labels
from looktwice.writers.strip import without_labels


def test_labels_can_be_removed_without_touching_the_pixels():
    camera = labels.with_camera_exif(encode(photo_like(200, 150, seed=4)), "Nikon", "D850", "2024:05:01 10:00:00")
    jpeg = labels.with_source_type(camera, "trainedAlgorithmicMedia")
    png = labels.with_generator_parameters(encode(photo_like(120, 90, seed=5)), "a lighthouse", {"Steps": 20})
    for labelled in (jpeg, png):
        clean = without_labels(labelled)
        declared = [f for f in looktwice.inspect(labelled).evidence if f.strength is Strength.DECLARED]
        assert declared and not [f for f in looktwice.inspect(clean).evidence if f.strength is Strength.DECLARED]
        before, after = open_specimen(labelled), open_specimen(clean)
        assert after.format == before.format and (after.rgb == before.rgb).all()
        assert not after.opened.getexif() and not {"xmp", "XML:com.adobe.xmp", "parameters"} & set(after.opened.info)
        assert len(clean) < len(labelled)
    assert without_labels(b"GIF89a...") is None
    assert without_labels(jpeg[:40]) is None  # a header cut short
