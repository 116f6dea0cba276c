"""looktwice.lessons: the answer keys, the activities pupils do (quiz, predict, slider, fill-in),
the classroom model of durable credentials, and the two editions of a lesson."""

from __future__ import annotations

import io

import nbformat
import pytest
from conftest import encode, photo_like
from PIL import Image

from looktwice.lessons import activities, answers, durable, editions
from looktwice.writers import launder, signing

pytest.importorskip("ipywidgets")

LESSON = "02-labels-and-credentials"
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.fixture()
def photo_png() -> bytes:
    return encode(photo_like(160, 120, seed=5), "PNG")


# --------------------------------------------------------------------------- answer keys


def test_answer_key_reads_questions_and_fill_ins():
    key = answers.answer_key(LESSON)
    question = key.questions["one-pixel"]
    assert question.letter(question.answer) == "C" and len(question.choices) == 3
    assert all(c.why.en and c.why.fr for c in question.choices)
    assert set(key.fill_ins) >= {"my-camera", "honest-term", "drawing-type"}


@pytest.mark.parametrize(
    "values,right,message",
    [
        ((answers.BLANK,), False, "blank"),
        ((42,), False, "quotes"),
        (("  ",), False, "empty"),
    ],
)
def test_fill_in_says_what_is_wrong(values, right, message):
    fill_in = answers.answer_key(LESSON).fill_ins["honest-term"]
    assert fill_in.judge(values) == (right, answers.VERDICTS[message])


def test_fill_in_explains_likely_mistakes_and_accepts_the_answer():
    fill_in = answers.answer_key(LESSON).fill_ins["honest-term"]
    assert fill_in.judge(("trainedAlgorithmicMedia",)) == (False, fill_in.wrong["trainedAlgorithmicMedia"])
    assert fill_in.judge(("print",)) == (False, fill_in.otherwise)
    assert fill_in.judge(("digitalCapture",)) == (True, fill_in.right)
    free = answers.answer_key(LESSON).fill_ins["my-camera"]
    assert free.judge(("Pinhole", "P2"))[0] and not free.judge(("Pinhole", answers.BLANK))[0]


def test_blank_is_a_string_so_cells_using_it_still_run():
    assert isinstance(activities.BLANK, str) and activities.BLANK == "___"
    assert f"{activities.BLANK} camera" == "___ camera"


# --------------------------------------------------------------------------- activities


def test_quiz_shows_a_widget_and_a_text_version_without_the_answer():
    activity = activities.for_lesson(LESSON, "fr")
    shown = activity.quiz("no-labels")
    bundle = shown._repr_mimebundle_()
    assert WIDGET in bundle
    question = answers.answer_key(LESSON).questions["no-labels"]
    for mime in ("text/plain", "text/html"):
        assert "Une photo n’a ni EXIF" in bundle[mime]
        assert all(c.why.fr not in bundle[mime] for c in question.choices)
        assert answers.VERDICTS["right"].fr not in bundle[mime]


def test_quiz_click_says_right_or_wrong_and_why():
    activity = activities.for_lesson(LESSON, "en")
    box = activity.quiz("hardest-to-forge").widget
    question = answers.answer_key(LESSON).questions["hardest-to-forge"]
    rows, feedback = box.children[1:-1], box.children[-1]
    assert feedback.value == ""
    wrong = 0 if question.answer else 1
    rows[wrong].children[0].click()
    assert "Not this one." in feedback.value and rows[wrong].children[0].button_style == "danger"
    rows[question.answer].children[0].click()
    assert "Right." in feedback.value and rows[question.answer].children[0].button_style == "success"
    assert rows[wrong].children[0].button_style == ""


def test_predict_reveals_only_after_a_prediction():
    calls = []
    shown = activities.for_lesson(LESSON, "en").predict(lambda: calls.append(1) or "revealed")
    area, button, out = shown.widget.children
    assert button.disabled and not calls
    area.value = "no"
    assert button.disabled
    area.value = "none of them"
    assert not button.disabled
    button.click()
    assert calls == [1] and area.disabled and button.disabled
    assert "Write your prediction" in shown._repr_mimebundle_()["text/plain"]


def test_predict_says_when_the_cells_above_were_not_ready():
    shown = activities.for_lesson(LESSON, "en").predict(lambda: 1 / 0)
    area, button, _out = shown.widget.children
    area.value = "a guess"
    button.click()
    assert not button.disabled, "the pupil can try again"


def test_slider_shows_the_starting_value_without_widgets():
    from looktwice.text import Text

    shown = activities.for_lesson(LESSON, "en").slider(lambda n: n * 10, 0, 5, 2, Text("n", "n"))
    bundle = shown._repr_mimebundle_()
    assert "n = 2" in bundle["text/plain"] and "20" in bundle["text/plain"]
    control = shown.widget.children[0]
    assert (control.min, control.max, control.value) == (0, 5, 2)
    control.value = 4
    assert control.value == 4


# --------------------------------------------------------------------------- durable credentials


def test_fingerprint_survives_a_resave_and_a_resize_not_a_big_crop(data_dir, photo_png):
    signed = signing.sign_image(photo_png, title="p.png", digital_source_type="digitalCapture")
    repository = durable.ManifestRepository()
    record = repository.record("p.png", signed)
    assert record.signer == signing.SIGNER_COMMON_NAME and record.declares.en
    assert repository.find(launder.resave_jpeg(signed))[0] is record
    assert repository.find(launder.resize(signed))[0] is record
    found, bits = repository.find(launder.crop(signed, 0.6))
    assert found is None and bits > durable.MATCH_BITS
    upside_down = Image.open(io.BytesIO(photo_png)).transpose(Image.Transpose.ROTATE_180)
    assert repository.find(encode(upside_down, "PNG"))[0] is None
    table = repository.table({"copy.jpg": launder.resave_jpeg(signed)}, "fr")
    assert table.rows[0][1].startswith("none") and table.rows[0][3].startswith("✔ p.png")
    assert repository.crop_table(signed, 0, "en").rows[0][2] == "0"


def test_fingerprint_of_the_same_pixels_is_the_same(photo_png):
    assert durable.fingerprint(photo_png) == durable.fingerprint(launder.resave_jpeg(photo_png, quality=95))
    assert durable.differing_bits(0b1011, 0b0001) == 2


@pytest.fixture()
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LOOKTWICE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


# --------------------------------------------------------------------------- editions


def test_editions_choose_cells_by_tag():
    cells = [
        nbformat.v4.new_markdown_cell("lesson"),
        nbformat.v4.new_markdown_cell("task", metadata={"tags": ["activity"]}),
        nbformat.v4.new_code_cell("answer = 1", metadata={"tags": ["solution"]}),
        nbformat.v4.new_markdown_cell("note", metadata={"tags": ["teacher"]}),
    ]
    assert [c.source for c in editions.edition_cells(cells, "student")] == ["lesson", "task"]
    assert editions.edition_cells(cells, "teacher") == cells
