"""Tells as data: the category vocabulary, the tell records, their boxes, the close-up, the
French of every catalogue text, and filtering by tell category and generator family.

Boxes are checked against the manifest's width and height and against the real pack images
(the ``pack_images`` fixture), so a box that misses its image fails here, not in a lesson.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from PIL import Image

from looktwice import tell_categories
from looktwice.examples import get_example, list_examples, tell_closeup
from looktwice.examples.closeup import OUTLINE, padded
from looktwice.examples.manifest import read_manifest

MANIFEST = read_manifest()
RECORDS = [r for e in MANIFEST for r in e.tell_records]
BOXED = [(e, r) for e in MANIFEST for r in e.tell_records if r.box is not None]
#: French needs a no-break space (U+00A0 or U+202F) before these marks and inside « ».
BAD_FRENCH_SPACING = re.compile(r"(?: [:;?!»])|(?:« )")


# --- the vocabulary ----------------------------------------------------------------------------


def test_the_vocabulary_names_the_ten_categories_in_both_languages():
    assert set(tell_categories.KEYS) == {
        "text",
        "hands",
        "reflection",
        "physics",
        "background",
        "texture",
        "none",
        "metadata",
        "credentials",
        "watermark",
    }
    for category in tell_categories.VOCABULARY.values():
        assert category.label.en and category.label.fr
        assert category.explanation.en != category.explanation.fr
        assert category.explanation.en.endswith(".") and category.explanation.fr.endswith(".")
        assert not BAD_FRENCH_SPACING.search(category.explanation.fr), category.key
    assert tell_categories.lookup("Hands").label.fr == "mains et anatomie"
    with pytest.raises(ValueError, match="hands"):
        tell_categories.lookup("handz")


# --- the records -------------------------------------------------------------------------------


def test_every_record_is_well_formed():
    assert len(RECORDS) >= 100
    for record in RECORDS:
        assert record.category in tell_categories.VOCABULARY
        assert record.note.en and record.note.fr and record.note.en != record.note.fr, record
        assert not BAD_FRENCH_SPACING.search(record.note.fr), record.note.fr
        assert record.expired_since is None or 2018 <= record.expired_since <= 2026
        if not record.kind.visible and record.category != "none":
            assert record.box is None, record


def test_every_single_generated_picture_has_records():
    from looktwice import quiz

    asked = [e for part in quiz.partition(MANIFEST).values() for e in part if e.kind == "generated"]
    assert asked and all(e.tell_records for e in asked), [e.name for e in asked if not e.tell_records]
    single = [e for e in MANIFEST if e.kind == "generated" and "grid" not in e.tells]
    assert len(single) == 57 and [e.name for e in single if not e.tell_records] == []


def test_expired_tells_are_the_old_generators_ones():
    dogball = get_example("gen_biggan_dogball").tell_records[0]
    assert dogball.category == "texture" and dogball.expired and dogball.expired_since == 2022
    sign = get_example("gen_ldm_sign_misspelled").tell_records[0]
    assert sign.category == "text" and sign.expired_since == 2024
    hands = get_example("gen_cosmos_dough_hands").tell_records[0]
    assert hands.category == "hands" and not hands.expired


def test_every_box_lies_inside_its_image_by_the_manifest():
    assert len(BOXED) >= 60
    for example, record in BOXED:
        left, top, right, bottom = record.box
        assert 0 <= left < right <= example.width and 0 <= top < bottom <= example.height, (
            example.name,
            record.box,
        )


def test_every_box_lies_inside_the_real_image(pack_images):
    for example, record in BOXED:
        with Image.open(pack_images / example.filename) as image:
            assert image.size == (example.width, example.height), example.name
            assert record.box[2] <= image.width and record.box[3] <= image.height, example.name


# --- the close-up ------------------------------------------------------------------------------


def test_the_closeup_has_the_asked_size_and_draws_the_box(pack_images):
    example = get_example("gen_sd14_red_cube_signature")
    signature = example.tell_records[0]
    image = Image.open(pack_images / example.filename)
    closeup = tell_closeup(image, signature, size=400)
    assert max(closeup.size) == 400 and closeup.mode == "RGB"
    crop = padded(signature.box, image.size, 0.25)
    assert closeup.size[0] / closeup.size[1] == pytest.approx((crop[2] - crop[0]) / (crop[3] - crop[1]), rel=0.02)
    pixels = np.asarray(closeup)
    scale = 400 / max(crop[2] - crop[0], crop[3] - crop[1])
    row = round((signature.box[1] - crop[1]) * scale) + 2  # just inside the box's top edge
    outline = np.all(pixels[row] == OUTLINE, axis=-1)
    assert outline.sum() > closeup.size[0] / 2
    assert not np.any(np.all(np.asarray(image.convert("RGB")) == OUTLINE, axis=-1))


def test_the_closeup_clamps_a_box_at_the_edge(pack_images):
    example = get_example("gen_sd15_outpaint_yosemite")
    strip = example.tell_records[0]
    assert strip.box[3] == example.height
    image = Image.open(pack_images / example.filename)
    closeup = tell_closeup(image, strip, size=256)
    assert max(closeup.size) == 256
    crop = padded(strip.box, image.size, 0.25)
    assert crop[3] == example.height and crop[0] == 0


def test_a_record_without_a_place_has_no_closeup(pack_images):
    example = get_example("real_ribbons_c2pa")
    with pytest.raises(ValueError, match="no box"):
        tell_closeup(Image.open(pack_images / example.filename), example.tell_records[0])


def test_a_closeup_by_name_loads_the_downloaded_example(pack_download, pack_images, monkeypatch):
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(pack_download))
    record = get_example("gen_ldm_sign_misspelled").tell_records[0]
    by_name = tell_closeup("gen_ldm_sign_misspelled", record, size=256)
    by_image = tell_closeup(Image.open(pack_images / "gen_ldm_sign_misspelled.png"), record, size=256)
    assert by_name.size == by_image.size and max(by_name.size) == 256
    assert np.array_equal(np.asarray(by_name), np.asarray(by_image))


def test_a_closeup_by_name_needs_the_image():
    from looktwice.examples import NotDownloadedError

    with pytest.raises(NotDownloadedError):
        tell_closeup("gen_sd14_red_cube_signature", get_example("gen_sd14_red_cube_signature").tell_records[0])


# --- French, credits, families and filters -----------------------------------------------------


def test_every_text_exists_in_french_with_french_typography():
    for e in MANIFEST:
        for en, fr in (
            (e.title, e.title_fr),
            (e.description, e.description_fr),
            (e.attribution, e.attribution_fr),
            (e.license_short, e.license_short_fr),
        ):
            assert en and fr, e.name
            assert not BAD_FRENCH_SPACING.search(fr), (e.name, fr)
        assert e.title_fr != e.title and e.description_fr != e.description, e.name


def test_credit_lines_are_short_and_warn_when_the_licence_is_uncertain():
    kodak = get_example("kodim22")
    assert kodak.credit_line("fr") == (
        "Photo\u00a0: Eastman Kodak (PhotoCD PCD0992), via "
        "github.com/MohamedBakrAli/Kodak-Lossless-True-Color-Image-Suite · usage sans restriction"
    )
    assert kodak.credit_line("en").startswith("Photo: Eastman Kodak")
    for e in MANIFEST:
        for lang, warning in (("en", "LICENCE UNCERTAIN"), ("fr", "LICENCE INCERTAINE")):
            line = e.credit_line(lang)
            assert e.attribution_text.get(lang) in line and e.license_short
            assert (warning in line) == (e.license_status == "uncertain"), e.name
        assert e.title in e.credit  # the long English credit still works


def test_every_row_has_a_family_and_real_ones_are_camera_or_drawing():
    families = {e.family for e in MANIFEST}
    assert {"stable-diffusion-3", "sdxl", "flux", "biggan", "camera", "drawing"} <= families
    for e in MANIFEST:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9.]+)*", e.family), e.name
        assert (e.family in ("camera", "drawing")) == (e.kind == "real"), e.name


def test_filters_by_category_and_family():
    hands = list_examples(category="hands")
    assert {"gen_cosmos_dough_hands", "gen_sd14_apricot_picker"} <= {e.name for e in hands}
    assert all("hands" in e.categories for e in hands)
    both = list_examples("generated", category=["text", "metadata"])
    assert [e.name for e in both] == ["gen_sd14_red_cube_signature", "gen_sd14_still_life_baseball"]
    sd3 = list_examples(family="stable-diffusion-3")
    assert len(sd3) == 4 and all(e.kind == "generated" for e in sd3)
    assert list_examples(family="SDXL") == list_examples(family="sdxl")
    assert {e.name for e in list_examples("real", family="drawing")} == {"real_human_sketch_mountains"}
    assert list_examples(family="sdxl", category="reflection", tell="declared")[0].name == "gen_lcm_sdxl_bottle_sunset"
    with pytest.raises(ValueError, match="unknown tell category"):
        list_examples(category="handz")
