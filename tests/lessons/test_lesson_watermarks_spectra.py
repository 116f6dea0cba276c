"""Lessons 3 and 4 (issue #15): the helpers behind "Invisible watermarks"
(looktwice.lessons.watermarks) and "Frequency fingerprints" (looktwice.lessons.fingerprints)."""

from __future__ import annotations

import os
import re

import pytest
from lesson_runner import run_lesson

from looktwice import examples
from looktwice.analyses import watermark
from looktwice.lessons import watermarks


@pytest.fixture(scope="module")
def coffee() -> bytes:
    return examples.load_example_bytes("coffee")[0]


@pytest.fixture(scope="module")
def marked(coffee) -> bytes:
    return watermarks.mark(coffee)


def test_mark_writes_sdxl_message_the_analysis_reads(coffee, marked):
    assert marked[:8] == b"\x89PNG\r\n\x1a\n"
    found = watermarks.read_mark(marked)
    assert found.payload is watermark.SDXL and found.verdict == "very likely"
    assert watermarks.sdxl_bits(marked) > watermarks.sdxl_bits(coffee)


def test_handlings_change_what_they_say(marked):
    assert watermarks.handle(marked, "jpeg", 50)[:2] == b"\xff\xd8"
    import io

    from PIL import Image

    def size(data):
        return Image.open(io.BytesIO(data)).size

    assert size(watermarks.handle(marked, "resize", 50)) == (300, 200)
    assert size(watermarks.handle(marked, "crop", 3)) == (597, 397)
    with pytest.raises(ValueError):
        watermarks.handle(marked, "blur", 1)


def test_one_pixel_crop_erases_the_mark_and_gentle_jpeg_keeps_it(marked):
    assert watermarks.read_mark(watermarks.handle(marked, "crop", 1)).verdict in ("none", "partial")
    assert watermarks.read_mark(watermarks.handle(marked, "jpeg", 95)).verdict in ("likely", "very likely")


def test_too_small_copies_are_not_checked(marked):
    table = watermarks.handling_table(marked, "resize", 25, "fr")
    assert table.rows[0][-1] == watermarks.VERDICT_NAMES["too small"].fr
    assert table.rows[0][-2] == "—"


def test_verdict_table_follows_the_analysis_limits():
    table = watermarks.verdict_table("en")
    limits = watermark.SDXL.limits
    assert [r[1] for r in table.rows] == [
        f"0–{limits[0]}",
        f"{limits[0] + 1}–{limits[1]}",
        f"{limits[1] + 1}–{limits[2]}",
        f"{limits[2] + 1}–48",
    ]
    assert table.rows[0][2] == "100%"
    assert "\u00a0%" in watermarks.verdict_table("fr").rows[0][2]


def test_survival_curve_and_picture(marked):
    curve = watermarks.survival_curve(marked, "crop")
    assert [v for v, _ in curve] == list(range(0, 17))
    assert curve[0][1] >= 42 and all(b is None or b < 39 for _, b in curve[1:])
    resize = watermarks.survival_curve(marked, "resize")
    assert resize[0][1] is None and resize[-1][1] >= 42
    picture = watermarks.survival_picture(
        marked, "fr", curves={"jpeg": [(30, 20), (95, 44)], "resize": resize, "crop": curve}
    )
    assert picture.width > 800 and picture.height > 200


def test_changes_table_counts_changed_pixels(coffee, marked):
    table = watermarks.changes_table(coffee, marked, "fr")
    changed, total = map(int, table.rows[0][1].split(" / "))
    assert 0 < changed <= total == 600 * 400
    assert "," in table.rows[1][1]


def test_facts_are_dated_and_sourced():
    for lang in ("en", "fr"):
        table = watermarks.facts_table(lang)
        assert len(table.rows) == len(watermarks.FACTS)
        for _text, when, source in table.rows:
            assert re.fullmatch(r"20\d\d-\d\d(-\d\d)?", when) and when <= watermarks.FACTS_CHECKED
            assert source
    french = " ".join(f.text.fr for f in watermarks.FACTS)
    assert not re.search(r" [:;?!»]|« ", french), "French typography in the facts"


def test_marked_caption_keeps_the_credit_line():
    assert watermarks.marked_caption("coffee", "fr").endswith(examples.get_example("coffee").credit_line("fr"))


# --------------------------------------------------------------------------- lesson 4 helpers

from looktwice.lessons import fingerprints  # noqa: E402


def test_kit_specimens_show_the_transposed_grid_and_not_the_resize_one():
    (t_name, transposed), (r_name, resized) = fingerprints.kit_specimens()
    table = fingerprints.spectrum_table([(t_name, transposed), (r_name, resized)], "en")
    assert table.column(fingerprints.WORDS["hint"].en) == ["yes", "no"]
    scores = [float(s.replace(",", "")) for s in table.column(fingerprints.WORDS["score"].en)]
    assert scores[0] > 5 * scores[1]


def test_spectra_captions_carry_the_licence():
    gallery = fingerprints.spectra(fingerprints.kit_specimens(), "fr")
    captions = [caption for _, caption in gallery.items]
    assert len(captions) == 4 and all("licence" in c.lower() and "CC0" in c for c in captions)
    assert "Spectre de l’image à sa gauche" in captions[1]


def test_spectrum_table_accepts_copies_that_are_not_examples():
    (name, transposed), _ = fingerprints.kit_specimens()
    from looktwice.writers import launder

    table = fingerprints.spectrum_table([("copy.jpg", launder.resave_jpeg(transposed))], "fr")
    assert table.rows[0][1] == "—" and table.rows[0][-1] == "non", "the kit counts no dots in a JPEG"
    assert "," in table.rows[0][2] or table.rows[0][2].isdigit()


def test_measure_without_the_pack_uses_the_kit_s_own_pictures():
    sample = fingerprints.measure(per_family=1, real=2, source="builtins")
    assert sample.source == "builtins"
    assert sample.images("real") == 2 and sample.images("generated") >= 1
    assert {m.condition for m in sample.measured} == {"published", "resaved"}
    assert not any(m.hint for m in sample.measured if m.condition == "resaved"), "no hint on a JPEG"
    table = fingerprints.family_table(sample, "fr")
    assert table.rows[0][:2] == ["vraies photos", "2"]
    assert "kit" in fingerprints.sample_note(sample, "en")


def test_threshold_table_counts_each_side():
    sample = fingerprints.Sample(
        "builtins",
        [
            fingerprints.Measured("a", "real", "camera", "published", 4.0, False),
            fingerprints.Measured("b", "generated", "x", "published", 30.0, True),
            fingerprints.Measured("c", "generated", "x", "published", 10.0, False),
            fingerprints.Measured("b", "generated", "x", "resaved", 12.0, False),
        ],
    )
    table = fingerprints.threshold_table(sample, 10, "en")
    assert table.rows == [["as published", "0 / 1", "2 / 2"], ["after a plain re-save", "0 / 0", "1 / 1"]]
    assert table.headers[0] == "score at or above 10"


def test_pack_status_says_when_the_pack_is_missing():
    assert "looktwice examples download" in fingerprints.pack_status([], "en").markdown
    assert "\u00a0:" in fingerprints.pack_status([("x", b"")], "fr").markdown


def test_lab_view_and_scores():
    pytest.importorskip("torch")
    from looktwice.lab import upsampling

    results = upsampling.run_lab(count=2)
    gallery = fingerprints.lab_view(results, "fr")
    assert "Licence\u00a0: CC0" in gallery.items[0][1]
    table = fingerprints.lab_scores(results, "en")
    assert [r[0] for r in table.rows] == [m.name.en for m in upsampling.METHODS]


# --------------------------------------------------------------------------- the lessons with the pack


@pytest.fixture(scope="module")
def with_pack(pack_download):
    """The example pack downloaded from the shared mirror into a test cache folder."""
    return pack_download


def outputs(notebook) -> str:
    import html as html_mod

    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            parts += [
                data.get("text/plain", ""),
                data.get("text/markdown", ""),
                html_mod.unescape(re.sub(r"<[^>]+>", " ", data.get("text/html", ""))),
            ]
    return "\n".join(parts)


@pytest.mark.parametrize("lang,edition", [("en", "teacher"), ("fr", "student")])
def test_lesson_4_with_the_pack_shows_families_and_measures_them(with_pack, tmp_path, lang, edition):
    notebook, _seconds, workdir = run_lesson(lang, "04-frequency-fingerprints.md", edition, with_pack, tmp_path)
    assert os.listdir(workdir) == []
    printed = outputs(notebook)
    assert fingerprints.PACK_MISSING.get(lang) not in printed
    for family in ("stable-diffusion-1", "sdxl", "flux"):
        assert family in printed, f"{family} is measured and shown"
    assert fingerprints.WORDS["source_pack"].get(lang) in printed
    captions = re.findall(
        r"<figcaption[^>]*>(.*?)</figcaption>",
        "".join(o.get("data", {}).get("text/html", "") for c in notebook.cells for o in c.get("outputs", [])),
        re.S,
    )
    assert captions and all(re.search(r"licence|CC0|public domain|domaine public", c, re.I) for c in captions)


def test_family_names_translate_the_kit_s_own_generators_only():
    assert (
        fingerprints.family_name("look twice classroom gan (looktwice.lab), transposed", "fr")
        == "kit Look Twice, convolutions transposées"
    )
    assert (
        fingerprints.family_name("Look Twice classroom GAN (looktwice.lab), resize", "en")
        == "Look Twice kit, resize + convolution"
    )
    assert fingerprints.family_name("stable-diffusion-1", "fr") == "stable-diffusion-1"


def test_without_torch_the_lab_gives_way_to_the_kit_s_generators(monkeypatch):
    import sys

    import looktwice.lab

    monkeypatch.setitem(sys.modules, "looktwice.lab.upsampling", None)
    monkeypatch.delattr(looktwice.lab, "upsampling", raising=False)
    assert fingerprints.upsampling_lab() is None
    table = fingerprints.lab_scores(None, "fr")
    assert [r[0] for r in table.rows] == [
        "kit Look Twice, convolutions transposées",
        "kit Look Twice, agrandir + convolution",
    ]
    from looktwice.lessons.answers import answer_key

    check = answer_key("04-frequency-fingerprints").fill_ins["better-method"]
    assert check.judge((table.rows[1][0],))[0] and check.judge(("resize + conv",))[0]
    assert not check.judge((table.rows[0][0],))[0]
