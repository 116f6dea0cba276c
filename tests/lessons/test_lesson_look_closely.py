"""Lessons 0 (Start here) and 1 (Look closely): the warm-up and its anonymous class counts, the
tells the lesson shows, and both lessons executed with the example pack on the computer.

tests/lessons/test_lessons.py runs every lesson listed in lessons/toc.yml on a computer with no pack
(the lessons then say so and use the built-in pictures); here the same lessons run with the
pack copied from the shared loopback mirror (the ``pack_download`` fixture), as in a class.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import SHARED
from lesson_runner import run_lesson

from looktwice import quiz
from looktwice.lessons import look_closely, warmup
from looktwice.lessons.answers import answer_key
from looktwice.text import Text

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
MINE = ("00-start-here", "01-look-closely")
FRENCH_SPACE_WANTED = re.compile(r" [:;?!»%]|« ")


@pytest.fixture()
def with_pack(pack_download, monkeypatch):
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(pack_download))
    yield pack_download


# --------------------------------------------------------------------------- tells


def test_every_box_shown_lies_inside_its_image(with_pack):
    """Every tell the lesson shows has a box inside its image, and its close-up can be made."""
    from looktwice.examples import get_example, load_example

    shown = [
        (name, category) for category in look_closely.VISIBLE for name, category in look_closely.shown_records(category)
    ]
    shown += [(look_closely.SPOT_IT, "text"), look_closely.MYSTERY]
    shown += [(e.name, r.category) for e, r in look_closely.expired_records() if r.box]
    for name in (look_closely.SPOT_IT, *look_closely.EXERCISE):
        shown += [(name, r.category) for r in get_example(name).tell_records if r.box]
    for name, category in shown:
        box = look_closely.record(name, category).box
        width, height = load_example(name).size
        assert box is not None and 0 <= box[0] < box[2] <= width and 0 <= box[1] < box[3] <= height, name
        assert max(look_closely.closeup(name, category, 200).size) == 200


def test_each_category_pairs_an_old_and_a_recent_tell_with_a_real_photo():
    from looktwice.examples import get_example

    for category in look_closely.VISIBLE:
        old, recent = (look_closely.record(n, category) for n in look_closely.GENERATED[category])
        assert old.expired or get_example(look_closely.GENERATED[category][0]).family not in quiz.MODERN_FAMILIES
        assert not recent.expired, category
        assert get_example(look_closely.REAL[category].name).kind == "real"
    assert all(get_example(n).kind == "generated" for n in look_closely.EXERCISE)


def test_no_person_in_the_clean_and_expired_galleries(with_pack):
    from looktwice.examples import get_example

    names = look_closely.clean_names() + look_closely.gallery_names()
    assert names and all(get_example(n).person_present == "no" for n in names)
    clean = look_closely.clean_names()
    assert [get_example(n).kind for n in clean].count("real") == 1
    assert (
        look_closely.clean_reveal("fr").column(look_closely.WORDS["truth"].fr).count(look_closely.WORDS["real"].fr) == 1
    )


def test_expired_counts_are_computed_from_the_records():
    table = look_closely.expired_by_year("en")
    years = [int(y) for y in table.column(look_closely.WORDS["year"].en)]
    counts = [int(n) for n in table.column(look_closely.WORDS["tells"].en)]
    assert years == sorted(years) and sum(counts) == len(look_closely.expired_records())
    assert all(r.expired_since == y for y in years for _, r in look_closely.expired_records() if r.expired_since == y)


def test_missing_pack_is_said_in_the_lessons_language(monkeypatch, tmp_path):
    monkeypatch.setattr(look_closely, "available", lambda name: False)
    shown = look_closely.compare("text", "fr")
    assert shown.markdown == look_closely.WORDS["missing"].fr
    assert look_closely.reveal(look_closely.SPOT_IT, "en").markdown == look_closely.WORDS["missing"].en


def test_studies_are_from_the_reference_notes():
    """Every study row names its source as the reference notes do, and its French figures use
    a decimal comma and a narrow no-break space before %."""
    reference = SHARED / "reference"
    if not reference.is_dir() and not os.environ.get("CI"):
        pytest.skip("the shared reference notes are not beside the project")
    notes = "".join(
        (reference / name).read_text(encoding="utf-8") for name in ("anchors-and-studies.md", "updates-2026-11.md")
    )
    for study in look_closely.STUDIES:
        assert study.study.split(" et al.")[0] in notes, study.study
        for number in re.findall(r"\d+(?:\.\d+)?", study.figure.en):
            assert number in notes, (study.study, number)
        assert "." not in re.sub(r"et al\.", "", study.figure.fr)


def test_french_texts_of_the_modules_use_french_spacing():
    for table in (look_closely.WORDS, warmup.WORDS):
        for text in table.values():
            assert not FRENCH_SPACE_WANTED.search(text.fr), text.fr
    for match in look_closely.REAL.values():
        assert not FRENCH_SPACE_WANTED.search(match.note.fr)
    for study in look_closely.STUDIES:
        assert not FRENCH_SPACE_WANTED.search(study.figure.fr + study.what.fr)


# --------------------------------------------------------------------------- warm-up


def test_warm_up_asks_the_pre_test_set_balanced_and_hides_the_answer(with_pack):
    set_name, items = warmup.items()
    assert set_name == warmup.SET
    assert sorted(i.truth for i in items) == ["generated"] * warmup.PER_KIND + ["real"] * warmup.PER_KIND
    gallery = warmup.gallery("fr")
    assert {image.size for image, _ in gallery.items} == {(warmup.SIZE, warmup.SIZE)}
    from looktwice.examples import get_example

    for _image, caption in gallery.items:
        assert "licence" in caption.lower()
        for item in items:
            assert get_example(item.name).credit_line("fr") not in caption


def test_warm_up_without_the_pack_uses_the_built_in_set():
    set_name, items = warmup.items()
    if set_name == warmup.SET:
        pytest.skip("the example pack is in this session's cache")
    assert set_name == quiz.BUILTIN_SET and items


def test_done_counts_the_round_anonymously_once(tmp_path, with_pack):
    store = quiz.QuizStore(tmp_path / "quiz.sqlite")
    _, items = warmup.items()
    answers = [quiz.Answer(i.name, i.truth, "real", 70) for i in items]
    shown = warmup.finish(answers, warmup.SET, "fr", store=store)
    right = sum(a.correct for a in answers)
    assert shown[0].markdown == warmup.WORDS["score"].fr.format(right=right, total=len(answers))
    assert shown[-1].markdown == warmup.WORDS["kept"].fr
    summary = store.summary(warmup.SESSION)
    assert (summary.answers, summary.correct, summary.rounds) == (len(answers), right, 1)
    table = warmup.class_counts("en", store=store)
    assert table.column(warmup.WORDS["answers"].en) == [str(len(answers))]
    nothing = quiz.QuizStore(tmp_path / "none.sqlite")
    assert warmup.finish(answers, warmup.SET, "en", session=None, store=nothing)[-1].markdown != warmup.WORDS["kept"].en
    assert not (tmp_path / "none.sqlite").exists()
    assert warmup.class_counts("en", store=nothing).markdown == warmup.WORDS["no_answers"].en


def test_the_widget_counts_nothing_until_done(tmp_path, with_pack):
    pytest.importorskip("ipywidgets")
    store = quiz.QuizStore(tmp_path / "quiz.sqlite")
    shown = warmup.round_widget("en", store=store)
    assert "Picture 1" in shown.text and warmup.WORDS["prompt"].en in shown.text
    assert not (tmp_path / "quiz.sqlite").exists()


# --------------------------------------------------------------------------- answer keys


@pytest.mark.parametrize("lesson", MINE)
def test_answer_keys_have_both_languages_and_french_spacing(lesson):
    key = answer_key(lesson)
    texts: list[Text] = []
    for question in key.questions.values():
        texts.append(question.text)
        texts += [t for c in question.choices for t in (c.text, c.why)]
    for fill_in in key.fill_ins.values():
        texts += [fill_in.right, *fill_in.wrong.values()]
    for text in texts:
        assert text.en and text.fr and not FRENCH_SPACE_WANTED.search(text.fr), text.fr


# --------------------------------------------------------------------------- with the pack


@pytest.fixture(
    scope="module", params=[(lang, name) for name in MINE for lang in ("en", "fr")], ids=lambda p: f"{p[0]}-{p[1]}"
)
def run_with_pack(request, pack_download, tmp_path_factory):
    """The teacher edition of one lesson run top to bottom with the pack in the cache."""
    lang, name = request.param
    base = tmp_path_factory.mktemp(f"pack-{lang}-{name}")
    notebook, seconds, _ = run_lesson(lang, f"{name}.md", "teacher", pack_download, base)
    return lang, name, notebook, seconds, base


def _printed(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            parts += [data.get("text/plain", ""), data.get("text/markdown", ""), data.get("text/html", "")]
    return "\n".join(parts)


def test_lessons_show_the_pack_with_credits_and_in_time(run_with_pack, with_pack):
    from looktwice.examples import get_example

    lang, name, notebook, seconds, base = run_with_pack
    printed = _printed(notebook)
    assert look_closely.WORDS["missing"].get(lang) not in printed
    assert warmup.WORDS["builtin"].get(lang) not in printed
    names = warmup.names() if name == "00-start-here" else look_closely.names_used()
    assert len(names) >= 6
    for example in names:
        assert get_example(example).credit_line(lang) in printed, example
    if name == "01-look-closely":
        for category in look_closely.VISIBLE:
            for record in (look_closely.record(n, category) for n in look_closely.GENERATED[category]):
                assert record.note.get(lang).replace("'", "&#x27;").replace('"', "&quot;") in printed
        for year in {str(r.expired_since) for _, r in look_closely.expired_records()}:
            assert year in printed
    assert not (base / "data" / "quiz.sqlite").exists(), "running a lesson counts no answer"
    assert seconds < 60 * (1 if not os.environ.get("CI") else 2)


def test_images_used_lists_what_the_lesson_showed(with_pack):
    table = look_closely.credits_table("fr")
    names = table.column(table.headers[0])
    assert names == look_closely.names_used() and "drawn_picture" not in names


def test_images_used_names_the_drawn_picture_without_the_pack(monkeypatch):
    monkeypatch.setattr(look_closely, "available", lambda name: name == "chelsea" or name.startswith("real_cat"))
    table = look_closely.credits_table("en")
    assert table.column(table.headers[0])[-1] == "drawn_picture"
