"""looktwice.teaching: the helpers lesson notebooks call instead of pasting code into cells."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import numpy as np
import pytest
from conftest import encode, photo_like
from PIL import Image

from looktwice import teaching
from looktwice.analyses.credentials import STATES
from looktwice.source_types import VOCABULARY
from looktwice.survival import survival
from looktwice.writers import labels, launder, signing
from looktwice.writers.tamper import lossless_resave


@pytest.fixture()
def data_dir(tmp_path, monkeypatch) -> Path:
    """A private data folder, so signing makes its classroom certificate there."""
    folder = tmp_path / "data"
    monkeypatch.setenv("LOOKTWICE_DATA_DIR", str(folder))
    return folder


# --------------------------------------------------------------------------- language, folder


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_language_comes_from_the_notebook_folder(tmp_path, monkeypatch, lang):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.setenv(teaching.LANG_ENV, "en" if lang == "fr" else "fr")  # the folder wins
    folder = tmp_path / lang
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert teaching.lesson_language() == lang


def test_language_from_jupyterlab_session_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "lessons" / "fr" / "01-x.ipynb"))
    assert teaching.lesson_language() == "fr"


def test_language_falls_back_to_environment_then_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.setenv(teaching.LANG_ENV, "FR")
    assert teaching.lesson_language() == "fr"
    monkeypatch.setenv(teaching.LANG_ENV, "de")  # not a kit language
    assert teaching.lesson_language() == "en"
    assert teaching.lesson_language(default="fr") == "fr"
    monkeypatch.delenv(teaching.LANG_ENV)
    assert teaching.lesson_language() == "en"


def test_scratch_folder_is_a_new_empty_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first, second = teaching.scratch_folder(), teaching.scratch_folder()
    assert first != second
    for folder in (first, second):
        assert folder.is_dir() and folder.parent == tmp_path and not any(folder.iterdir())
        assert folder.name.startswith("looktwice-lesson-")


# --------------------------------------------------------------------------- showing things


def test_gallery_shows_each_picture_with_its_caption(photo_png, photo_jpeg):
    gallery = teaching.show([photo_png, Image.open(io.BytesIO(photo_jpeg))], ["<a> & b", "Licence: CC0"], width=40)
    page = gallery._repr_html_()
    assert page.count("<figure") == 2 and page.count('src="data:image/png;base64,') == 2
    assert "&lt;a&gt; &amp; b" in page and "<a> & b" not in page  # captions are escaped
    assert 'width="40"' in page  # shrunk to the requested width
    assert repr(gallery).splitlines() == ["[96×64] <a> & b", "[96×64] Licence: CC0"]


def test_gallery_accepts_paths_and_needs_one_caption_per_picture(tmp_path, photo_png):
    path = tmp_path / "p.png"
    path.write_bytes(photo_png)
    assert "[96×64]" in repr(teaching.show([path]))
    with pytest.raises(ValueError):
        teaching.show([photo_png, photo_png], ["only one"])


def test_table_html_text_and_columns():
    table = teaching.Table(["a", "b"], [(1, "<x>"), ("long value", 2)])
    assert table.column("a") == ["1", "long value"]
    page = table._repr_html_()
    assert page.count("<tr>") == 3 and "&lt;x&gt;" in page
    lines = repr(table).splitlines()
    assert lines[0].startswith("a          | b") and len(lines) == 4
    with pytest.raises(ValueError):
        teaching.Table(["a"], [(1, 2)])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_vocabulary_table_lists_every_iptc_term(lang):
    table = teaching.source_type_table(lang)
    assert table.column(table.headers[0]) == list(VOCABULARY)
    assert table.headers == [teaching.WORDS[k].get(lang) for k in ("term", "meaning", "points")]
    only = teaching.source_type_table(lang, ["digitalCapture", "nonsense"])
    assert len(only.rows) == 1 and only.rows[0][1] == VOCABULARY["digitalCapture"].label.get(lang)


def test_fields_table():
    assert teaching.fields_table({"make": "X"}, "fr").rows == [["make", "X"]]
    assert teaching.fields_table(None).rows == []


def test_every_state_and_word_has_both_languages():
    assert set(teaching.STATE_NAMES) == set(STATES)
    from looktwice.evidence import Points, Strength

    for text in [
        *teaching.STATE_NAMES.values(),
        *teaching.WORDS.values(),
        *(p.label for p in Points),
        *(p.sentence for p in Points),
        *(s.label for s in Strength),
        teaching.SAMPLE_PROMPT,
        teaching.DRAWN_CREDIT,
    ]:
        assert text.en and text.fr
    assert teaching.state_label("tampered", "fr") == "tampered · modifiée après signature"
    assert teaching.state_label("something-new") == "something-new"


# --------------------------------------------------------------------------- pictures


def test_drawn_picture_is_a_deterministic_png_without_labels():
    first = teaching.drawn_picture()
    assert first == teaching.drawn_picture()
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (480, 320) and image.mode == "RGB"
    assert not image.getexif() and not getattr(image, "text", {})
    assert len(np.unique(np.asarray(image).reshape(-1, 3), axis=0)) > 20  # a picture, not a flat fill
    assert teaching.read_labels(first)["camera"] is None
    assert "Licence" in teaching.DRAWN_CREDIT.en and "Licence" in teaching.DRAWN_CREDIT.fr


def test_changed_pixels_needs_same_size(photo_png):
    assert teaching.changed_pixels(photo_png, photo_png) == 0
    with pytest.raises(ValueError):
        teaching.changed_pixels(photo_png, launder.resize(photo_png))


# --------------------------------------------------------------------------- label tables


def test_labels_and_credentials_tables(data_dir, photo_png):
    signed = signing.sign_image(photo_png, title="t.png", digital_source_type="trainedAlgorithmicMedia")
    files = {
        "plain.png": photo_png,
        "camera.jpg": labels.with_camera_exif(photo_png, "Lookalike", "LT-1", "2021:06:01 09:30:00"),
        "signed.png": signed,
        "resaved.jpg": launder.resave_jpeg(signed),
    }
    table = teaching.labels_table(files, "en")
    assert table.column("file") == list(files)
    assert table.column("camera (EXIF)") == ["—", "Lookalike LT-1", "—", "—"]
    assert table.column("Content Credentials")[2] == teaching.state_label("valid_untrusted", "en")
    trusted = teaching.credentials_table(files, "fr", trust_anchors_pem=signing.trust_anchor_pem())
    assert trusted.column("octets") == [str(len(d)) for d in files.values()]
    states = trusted.column("identifiants de contenu")
    assert states[2] == teaching.state_label("valid", "fr") and states[3] == teaching.state_label("none", "fr")
    assert trusted.column("l’étiquette déclare")[2] == VOCABULARY["trainedAlgorithmicMedia"].label.fr
    assert trusted.column("signataire")[2] == teaching.signer_name(signing.SIGNER_COMMON_NAME, "fr")
    assert teaching.signer_name(signing.SIGNER_COMMON_NAME, "en") == signing.SIGNER_COMMON_NAME
    assert teaching.signer_name("Some Camera Maker", "fr") == "Some Camera Maker"


def test_read_labels_on_a_format_without_credentials_support():
    found = teaching.read_labels(encode(photo_like(16, 16), "BMP"))
    assert found["credentials"] == "none" and found["declared"] == []


def test_survival_table_has_one_row_per_copy(data_dir, photo_png):
    signed = signing.sign_image(photo_png, title="t.png", digital_source_type="digitalCapture")
    rows = survival(signed)
    table = teaching.survival_table(rows, "fr", signals=["credentials", "camera"])
    assert len(table.rows) == len(rows) and len(table.headers) == 5
    assert table.rows[0][3].startswith("✔ valid_untrusted")
    assert all(row[3].startswith("✗ none") for row in table.rows[1:])
    assert table.rows[0][0] == rows[0].label.fr and table.rows[0][2] == str(len(signed))


# --------------------------------------------------------------------------- bytes, not pixels


def test_resave_table_shows_bytes_pixels_and_state(data_dir, photo_png):
    signed = signing.sign_image(photo_png, title="t.png", digital_source_type="digitalCapture")
    again = lossless_resave(signed, compress_level=0)
    table = teaching.resave_table(signed, 0, "fr")
    assert table.headers == ["niveau de compression", "octets", "pixels modifiés", "identifiants de contenu"]
    assert table.rows == [["0", str(len(again)), "0", teaching.state_label("tampered", "fr")]]


# --------------------------------------------------------------------------- output for people


def test_prose_is_markdown_for_people():
    shown = teaching.prose(teaching.DRAWN_CREDIT, "plain", lang="fr")
    assert shown._repr_markdown_() == f"{teaching.DRAWN_CREDIT.fr} plain"
    listed = teaching.prose("one", "two", bullets=True)
    assert listed._repr_markdown_() == "- one\n- two" and repr(listed) == "- one\n- two"


def test_credit_lines_and_the_images_used_table():
    line = teaching.credit_line("coffee", "fr")
    assert line and ("CC0" in line or "Licence" in line)
    table = teaching.credits_table(["coffee", "rocket"], "fr", drawn=True)
    assert table.column("image") == ["coffee", "rocket", "drawn_picture"]
    assert table.column("crédit et licence")[2] == teaching.DRAWN_CREDIT.fr


def test_help_table_lists_every_service_and_says_which_countries_have_none():
    from looktwice import help_services

    table = teaching.help_table("fr")
    assert len(table.rows) == len(help_services.services()) + len(help_services.countries_without_service())
    assert "3018 (e-Enfance)" in table.column("service")
    assert table.column("pays").count("Suisse") == len(help_services.for_country("CH"))
    for code in help_services.countries_without_service():
        row = table.rows[table.column("pays").index(help_services.COUNTRIES[code].fr)]
        assert row[2] == teaching.WORDS["no_service"].fr


def test_certificate_names_are_readable_not_raw(data_dir):
    chain = signing.classroom_chain()
    table = teaching.certificate_names(chain.signer_certificate, "en")
    assert table.column("value")[:2] == [signing.SIGNER_COMMON_NAME, signing.ROOT_COMMON_NAME]
    assert "OU=" not in repr(table) and "CN=" not in repr(table)


def test_tables_show_several_tables_in_one_cell():
    first, second = teaching.Table(["a"], [["1"]]), teaching.Table(["b"], [["2"]])
    both = teaching.Tables(first, second)
    assert both._repr_html_() == first._repr_html_() + second._repr_html_()
    assert repr(both) == f"{first!r}\n\n{second!r}"
