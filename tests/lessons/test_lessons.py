"""The lessons: sources, skeleton, links, identical code in every language, the two editions,
quizzes, activities, French typography, execution, handouts.

Each lesson is executed in every language and both editions (the student notebook and the
teacher edition) with nbclient, from a temporary folder named after the language (the way
`looktwice lessons` lays notebooks out), with the kit's data folder, TMPDIR, IPython's and
Jupyter's folders all pointed at a temporary folder and a guard in the kernel that refuses any
connection beyond 127.0.0.1. Nothing is written into the repository. The time each run takes
is printed; `benchmarks/bench_lessons.py` measures it.
"""

from __future__ import annotations

import ast
import html
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tokenize
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

jupytext = pytest.importorskip("jupytext")
nbformat = pytest.importorskip("nbformat")

from looktwice import examples, help_services, teaching  # noqa: E402
from looktwice.analyses.credentials import STATES  # noqa: E402
from looktwice.cli import main  # noqa: E402
from looktwice.lessons import answers as answers_mod  # noqa: E402
from looktwice.lessons import editions as editions_mod  # noqa: E402
from looktwice.lessons import handout as handout_mod  # noqa: E402
from looktwice.lessons import notebooks as notebook_mod  # noqa: E402
from looktwice.lessons import source as source_mod  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
TOC = source_mod.read_toc(LESSONS)
LANGS = TOC.languages
CASES = [(lang, name) for name in TOC.lessons for lang in LANGS]
RUNS = [(lang, name, edition) for lang, name in CASES for edition in editions_mod.EDITIONS]

#: The only hosts lessons may link to (help services and standards bodies). Never fetched.
EXTERNAL_HOSTS = {
    "takeitdown.ncmec.org",
    "stopncii.org",
    "e-enfance.org",
    "3018.fr",
    "147.ch",
    "clickandstop.ch",
    "c2pa.org",
    "iptc.org",
    "contentcredentials.org",
}
#: Sections every lesson has, in this order (see lessons/README.md).
REQUIRED = [
    "top",
    "objectives",
    "questions",
    "getting-ready",
    "exercises",
    "quiz",
    "key-points",
    "images-used",
    "help",
    "teacher-notes",
]
TEACHER_PARTS = ["timing", "before-the-lesson", "when-a-computer-fails", "pitfalls", "sensitive-moment"]
#: Sections with no activity of their own.
NO_ACTIVITY = {"top", "objectives", "questions", "key-points", "images-used", "help", "teacher-notes"}
#: Markers of a right answer that must never appear in a lesson file (the answer key lives in
#: the package, src/looktwice/lessons/data/).
ANSWER_MARKERS = ("correct=True", 'class="choice correct"', "data-correct=", "choice correct")
#: Sections whose numbers are not computed results (phone numbers, ages, minutes).
NOT_RESULTS = {"help", "teacher-notes"}

_NUMBER = re.compile(r"(?<![\w.\-/])\d+(?:[.,]\d+)*(?![\w])")
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def lesson(lang: str, name: str) -> source_mod.Lesson:
    return source_mod.read_lesson(LESSONS / lang / name)


def code_cells(lang: str, name: str) -> list:
    return [c for c in jupytext.read(LESSONS / lang / name).cells if c.cell_type == "code"]


def all_sections(item: source_mod.Lesson):
    for section in item.sections:
        yield section
        yield from section.children


def text_of(page: str) -> str:
    """Visible text of an HTML fragment, ASCII whitespace collapsed (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def markdown_text(markdown: str) -> str:
    return text_of(handout_mod._markdown(markdown))


# --------------------------------------------------------------------------- sources


def test_toc_lists_existing_sources_for_every_language():
    assert TOC.lessons and set(LANGS) >= {"en", "fr"}
    for lang in LANGS:
        for source in TOC.sources(lang):
            assert source.is_file(), f"{source} is listed in toc.yml but missing"
    sources = {p.relative_to(LESSONS).as_posix() for p in LESSONS.glob("*/*.md")}
    listed = {f"{lang}/{name}" for lang in LANGS for name in (*TOC.lessons, TOC.glossary)}
    assert sources == listed, "every source in a language folder is listed in toc.yml, and only those"


def test_no_outputs_in_git_sources():
    for notebook in LESSONS.rglob("*.ipynb"):
        if "_build" in notebook.parts or ".ipynb_checkpoints" in notebook.parts:
            continue
        data = json.loads(notebook.read_text(encoding="utf-8"))
        for cell in data.get("cells", []):
            assert not cell.get("outputs") and cell.get("execution_count") is None, f"{notebook} has outputs"
    for source in LESSONS.rglob("*.md"):
        text = source.read_text(encoding="utf-8")
        assert "data:image" not in text, f"{source} embeds a picture"
        for cell in jupytext.reads(text, fmt="md:myst").cells:
            assert not cell.get("outputs")


@pytest.mark.parametrize("name", TOC.lessons)
def test_code_cells_are_identical_in_every_language(name):
    reference = [(c.source, dict(c.metadata)) for c in code_cells("en", name)]
    assert reference
    for lang in LANGS:
        assert [(c.source, dict(c.metadata)) for c in code_cells(lang, name)] == reference, lang


@pytest.mark.parametrize("name", TOC.lessons)
def test_code_cells_hold_no_comments_and_fit_the_screen(name):
    """Comments are prose: they would need translating and break identical code cells. Lines
    stay short enough for a classroom projector."""
    for cell in code_cells("en", name):
        tokens = tokenize.generate_tokens(io.StringIO(cell.source).readline)
        comments = [t.string for t in tokens if t.type == tokenize.COMMENT]
        assert not comments, f"comment in a code cell: {comments}"
        assert all(len(line) <= 88 for line in cell.source.splitlines()), cell.source


# --------------------------------------------------------------------------- skeleton


def timing_rows(item: source_mod.Lesson) -> list[tuple[str, int]]:
    """(first cell, minutes) of each row of the teacher's timing table."""
    notes = {c.anchor: c for c in item.section("teacher-notes").children}
    table = "\n".join(c.source for c in notes["timing"].cells)
    return [
        (first.strip(), int(minutes))
        for first, minutes in re.findall(r"^\|([^|\n]+)\|(?:[^|\n]*\|)*?\s*(\d+)\s*\|\s*$", table, re.M)
    ]


@pytest.mark.parametrize("lang,name", CASES)
def test_skeleton(lang, name):
    item = lesson(lang, name)
    meta = item.metadata["lesson"]
    assert meta["id"] == Path(name).stem and meta["language"] == lang
    assert "13" in meta["audience"] and "18" in meta["audience"]
    total = meta["teaching"] + meta["exercises"]
    assert 45 <= total <= 60

    anchors = [s.anchor for s in item.sections]
    positions = [anchors.index(a) for a in REQUIRED]  # ValueError if one is missing
    assert positions == sorted(positions), f"sections out of order: {anchors}"
    assert len(set(item.anchors())) == len(item.anchors()), "an anchor is used twice"

    top = " ".join(c.source for c in item.section("top").cells)
    for number in (meta["teaching"], meta["exercises"], total):
        assert str(number) in top, "the title block gives the front matter's times"

    notes = [c.anchor for c in item.section("teacher-notes").children]
    assert all(part in notes for part in TEACHER_PARTS), notes
    assert sum(minutes for _, minutes in timing_rows(item)) == total, "the timing table adds up"
    assert "- " in item.section("key-points").cells[0].source


@pytest.mark.parametrize("lang,name", CASES)
def test_facts_checked_line(lang, name):
    item = lesson(lang, name)
    checked = item.metadata["lesson"]["facts_checked"]
    assert date.fromisoformat(checked) <= date(2026, 11, 28)
    top = " ".join(c.source for c in item.section("top").cells if editions_mod.for_students(c.tags))
    words = {"en": "Facts checked on", "fr": "Faits vérifiés le"}[lang]
    assert f"{words}** {checked}" in top, f"the title block says when the facts were checked ({checked})"


@pytest.mark.parametrize("lang,name", CASES)
def test_teacher_notes_and_solutions_are_tagged(lang, name):
    """Everything under "For the teacher" is a teacher cell, every solution a solution cell,
    and every exercise has a task for pupils and a solution next to it."""
    item = lesson(lang, name)
    notes = item.section("teacher-notes")
    assert all("teacher" in c.tags for c in notes.cells)
    for part in notes.children:
        assert part.cells and all("teacher" in c.tags for c in part.cells), part.anchor
    exercises = item.section("exercises").children
    assert len(exercises) >= 2
    for exercise in exercises:
        assert exercise.anchor.startswith("exercise-")
        tags = [set(c.tags) for c in exercise.cells]
        assert any("activity" in t for t in tags), f"{exercise.anchor}: a task for pupils"
        assert any("solution" in t for t in tags), f"{exercise.anchor}: a solution next to it"
    for cell in code_cells(lang, name):
        if "solution" in cell.metadata.get("tags", []):
            assert cell.metadata["jupyter"]["source_hidden"] is True


@pytest.mark.parametrize("lang,name", CASES)
def test_an_activity_at_least_every_fifteen_minutes(lang, name):
    """Each part of the lesson in the timing table takes 15 minutes at most and has something
    for pupils to do: a task (a prediction, a fill-in, a slider, a discussion) or the quiz."""
    item = lesson(lang, name)
    by_anchor = {s.anchor: s for s in item.sections}
    rows = timing_rows(item)
    assert rows
    linked: set[str] = set()
    for first, minutes in rows:
        assert minutes <= 15, f"{first}: {minutes} minutes without a change of activity"
        targets = re.findall(r"\(#([\w-]+)\)", first)
        assert targets, f"timing row {first!r} links to its sections"
        linked.update(targets)
        sections = [by_anchor[t] for t in targets]
        cells = [c for section in sections for part in (section, *section.children) for c in part.cells]
        assert any("activity" in c.tags for c in cells) or any(handout_mod.quiz_ids(s) for s in sections), first
    body = {s.anchor for s in item.sections if s.anchor not in NO_ACTIVITY}
    assert body <= linked, f"parts missing from the timing table: {body - linked}"


def test_no_answer_marker_in_any_lesson_file():
    for source in (path for lang in LANGS for path in TOC.sources(lang)):
        text = source.read_text(encoding="utf-8")
        for marker in ANSWER_MARKERS:
            assert marker not in text, f"{source.name} holds {marker!r}: the answer key belongs in the package"


def quiz_questions(name: str) -> list[answers_mod.Question]:
    key = answers_mod.answer_key(Path(name).stem)
    ids = handout_mod.quiz_ids(lesson("en", name).section("quiz"))
    return [key.questions[qid] for qid in ids]


@pytest.mark.parametrize("name", TOC.lessons)
def test_quiz_explains_every_choice(name):
    questions = quiz_questions(name)
    assert len(questions) >= 3
    for lang in LANGS:
        assert handout_mod.quiz_ids(lesson(lang, name).section("quiz")) == [q.id for q in questions]
    for question in questions:
        assert len(question.choices) >= 3, question.id
        for choice in question.choices:
            for lang in LANGS:
                assert choice.text.get(lang) and len(choice.why.get(lang)) > 20, f"{question.id}: explain every choice"


@pytest.mark.parametrize("name", TOC.lessons)
def test_quiz_right_answers_sit_at_varied_positions(name):
    positions = [q.answer for q in quiz_questions(name)]
    assert len(set(positions)) >= 3, f"right answers at {positions}: vary them"
    assert max(positions.count(p) for p in positions) <= len(positions) // 2, positions
    assert not any(a == b == c for a, b, c in zip(positions, positions[1:], positions[2:])), positions


@pytest.mark.parametrize("lang,name", CASES)
def test_student_notebook_holds_no_answer_and_no_teacher_text(tmp_path, lang, name):
    notebook_mod.build_notebooks(tmp_path, root=LESSONS)
    notebook = nbformat.read(tmp_path / lang / f"{Path(name).stem}.ipynb", as_version=4)
    sources = "\n".join(c.source for c in notebook.cells)
    assert not any(set(c.metadata.get("tags", ())) & editions_mod.TEACHER_ONLY for c in notebook.cells)
    item = lesson(lang, name)
    for section in item.sections:
        for cell in (c for part in (section, *section.children) for c in part.cells):
            if not editions_mod.for_students(cell.tags):
                assert cell.source.strip() not in sources
    key = answers_mod.answer_key(Path(name).stem)
    for question in key.questions.values():
        texts = [question.text.get(lang)] + [t.get(lang) for c in question.choices for t in (c.text, c.why)]
        for text in texts:
            assert text not in sources, f"the notebook's source shows a quiz text: {text[:60]}"
    cells = [c.source for c in notebook.cells]
    for fill_in in key.fill_ins.values():
        asked = next(i for i, c in enumerate(cells) if f'"{fill_in.id}"' in c)
        for value in fill_in.accept:
            before = "\n".join(cells[: asked + 1])
            assert not re.search(rf"\b{re.escape(value)}\b", before), (
                f"{fill_in.id}: the answer {value!r} is written before the pupil is asked"
            )
    teacher = notebook_mod.build_notebooks(tmp_path / "teacher", root=LESSONS, edition="teacher")
    assert {path.parent.parent.name for path, _ in teacher} == {"teacher"}


@pytest.mark.parametrize("name", [*TOC.lessons, TOC.glossary])
def test_same_anchors_in_every_language(name):
    def anchors(lang):
        return re.findall(r'<a id="([^"]+)"></a>', (LESSONS / lang / name).read_text(encoding="utf-8"))

    reference = anchors("en")
    assert len(reference) == len(set(reference))
    for lang in LANGS:
        if name == TOC.glossary:  # entries are sorted by each language's alphabet
            assert sorted(anchors(lang)) == sorted(reference), lang
        else:
            assert anchors(lang) == reference, lang


# --------------------------------------------------------------------------- links


def _links(markdown: str) -> list[str]:
    text = _INLINE_CODE.sub("", _FENCE.sub("", markdown))
    targets = [m.group(3) for m in source_mod.MD_LINK.finditer(text)]
    targets += re.findall(r'(?:href|src)="([^"]+)"', text)
    return targets


def _explicit_anchors(path: Path) -> set[str]:
    return set(re.findall(r'<a id="([^"]+)"></a>', path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("source", sorted(LESSONS.rglob("*.md")), ids=lambda p: p.relative_to(LESSONS).as_posix())
def test_links_and_pictures_resolve(source):
    for target in _links(source.read_text(encoding="utf-8")):
        parts = urlsplit(target)
        if parts.scheme:
            assert parts.scheme == "https", f"{target}: only https links"
            host = parts.netloc.lower().removeprefix("www.")
            assert host in EXTERNAL_HOSTS, f"{target}: {host} is not on the allow-list"
            continue
        path = (source.parent / parts.path).resolve() if parts.path else source
        assert path.exists(), f"{source.name}: {target} does not exist"
        assert LESSONS in path.parents or path == LESSONS or ROOT in path.parents, target
        if parts.fragment:
            assert path.suffix == ".md", f"{target}: anchors only into lesson sources"
            assert parts.fragment in _explicit_anchors(path), f"{source.name}: no anchor for {target}"


# --------------------------------------------------------------------------- execution

_GUARD = """\
import socket as _socket
_connect, _lookup = _socket.socket.connect, _socket.getaddrinfo
_LOCAL = ("127.0.0.1", "::1", "localhost")
def _local_only(sock, address, _real=_connect):
    if sock.family in (_socket.AF_INET, _socket.AF_INET6) and address[0] not in _LOCAL:
        raise OSError("the lesson tried to reach " + str(address[0]))
    return _real(sock, address)
def _lookup_local(host, *args, _real=_lookup, **kwargs):
    if host not in _LOCAL and host is not None:
        raise OSError("the lesson tried to look up " + str(host))
    return _real(host, *args, **kwargs)
_socket.socket.connect, _socket.getaddrinfo = _local_only, _lookup_local
"""


def _snapshot(folder: Path) -> dict[str, float]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime for p in folder.rglob("*") if "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module", params=RUNS, ids=[f"{lang}-{edition}-{name}" for lang, name, edition in RUNS])
def executed(request, tmp_path_factory):
    """One edition of the lesson run from top to bottom: (language, name, edition, notebook
    with outputs, seconds, folders, working folder)."""
    from lesson_runner import run_private

    lang, name, edition = request.param
    base = tmp_path_factory.mktemp(f"run-{lang}-{edition}")
    before = _snapshot(LESSONS)
    notebook = jupytext.read(LESSONS / lang / name)
    notebook.cells = editions_mod.edition_cells(notebook.cells, edition)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(_GUARD))
    seconds, workdir, folders = run_private(notebook, lang, base, {"PYTHONDONTWRITEBYTECODE": "1"})
    notebook.cells.pop(0)
    print(f"\n{lang}/{name} ({edition}) executed in {seconds:.1f} s")
    assert _snapshot(LESSONS) == before, "running the lesson changed the lessons folder"
    return lang, name, edition, notebook, seconds, folders, workdir


def _outputs(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output["text"])
            data = output.get("data", {})
            parts.append(data.get("text/plain", ""))
            parts.append(data.get("text/markdown", ""))
            parts.append(text_of(data.get("text/html", "")))
    return "\n".join(parts)


def _prose(lang: str, name: str) -> str:
    """The lesson's text, without the teacher's notes, the help services and the title block."""
    item = lesson(lang, name)
    keep = []
    for section in item.sections:
        if section.anchor in NOT_RESULTS:
            continue
        for part in (section, *section.children):
            keep.append(part.title)
            keep += [c.source for c in part.cells if c.kind == "markdown" and "teacher" not in c.tags]
    return "\n".join(keep)


def test_lesson_runs_in_its_language_and_in_time(executed):
    lang, _name, _edition, notebook, seconds, _folders, _workdir = executed
    first = next(c for c in notebook.cells if c.cell_type == "code")
    assert first.outputs[0]["text"].split()[0] == lang
    printed = _outputs(notebook)
    question = next(iter(answers_mod.answer_key(Path(_name).stem).questions.values()))
    assert question.text.get(lang) in printed  # the activities speak the notebook's language
    for other in LANGS:
        if other != lang:
            assert question.text.get(other) not in printed
    print(f"{seconds:.1f} s")  # the time is a figure, not a test: benchmarks/bench_lessons.py


def test_lesson_writes_only_into_temporary_folders(executed):
    _lang, _name, _edition, _notebook, _seconds, folders, workdir = executed
    assert {p.name for p in folders["data"].iterdir()} <= {"classroom-ca"}  # a lesson that signs makes it
    assert not any(workdir.iterdir()), "the lesson wrote into the notebook's folder"
    left = [p.name for p in folders["tmp"].iterdir() if p.name.startswith("looktwice-lesson-")]
    assert not left, "the scratch folder is removed when the kernel stops"


def test_every_number_and_state_in_the_prose_is_printed(executed):
    """Checked on the teacher edition, whose outputs include the solutions'. Besides the front
    matter's numbers, only the date the facts were checked and the standard versions the
    front matter lists as stated (``stated_numbers``, from the reference notes) are typed in."""
    lang, name, edition, notebook, _seconds, _folders, _workdir = executed
    if edition != "teacher":
        pytest.skip("the teacher edition's outputs include the solutions'")
    printed = _outputs(notebook)
    meta = lesson(lang, name).metadata["lesson"]
    allowed = set(_NUMBER.findall(str(meta["audience"]))) | {
        str(meta["teaching"]),
        str(meta["exercises"]),
        str(meta["teaching"] + meta["exercises"]),
    }
    allowed |= set(_NUMBER.findall(str(meta["facts_checked"]))) | set(meta.get("stated_numbers", ()))
    prose = _prose(lang, name)
    for number in set(_NUMBER.findall(_INLINE_CODE.sub("", prose))) - allowed:
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", printed), (
            f"{number!r} is written in the prose but no cell prints it"
        )
    for word in set(_INLINE_CODE.findall(prose)) & set(STATES):
        assert re.search(rf"\b{word}\b", printed), f"state {word!r} is named in the prose but never shown"


def test_every_picture_shown_carries_its_licence(executed):
    lang, name, _edition, notebook, _seconds, _folders, _workdir = executed
    captions = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            page = output.get("data", {}).get("text/html", "")
            captions += re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", page, re.S)
    assert captions, "the lesson shows pictures"
    licence = re.compile(r"\bCC0\b|\bCC BY\b|public domain|domaine public|Licence", re.I)
    for caption in captions:
        assert licence.search(text_of(caption)), f"picture without its licence: {text_of(caption)[:80]}"
    used = set()
    for cell in code_cells(lang, name):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                try:
                    used.add(examples.get_example(node.value).name)
                except Exception:
                    pass
    assert used, "the lesson uses the kit's examples"
    printed = _outputs(notebook)
    for example in used:
        record = examples.get_example(example)
        assert record.origin == "builtin", f"{example} is not built in: the lesson must run offline"
        assert teaching.credit_line(example, lang) in printed, f"no credit line printed for {example}"


def test_student_run_shows_no_solution_and_no_teacher_text(executed):
    """Run top to bottom, the student notebook shows no solution's output, no teacher's text,
    no passed check (every blank is still blank) and no quiz verdict; every activity shows a
    readable text where widgets cannot display."""
    lang, name, edition, notebook, _seconds, _folders, _workdir = executed
    if edition != "student":
        pytest.skip("the teacher edition shows the solutions")
    printed = _outputs(notebook)
    item = lesson(lang, name)
    for section in item.sections:
        for cell in (c for part in (section, *section.children) for c in part.cells):
            if cell.kind == "markdown" and not editions_mod.for_students(cell.tags):
                first_line = markdown_text(cell.source)[:50]
                assert first_line not in printed, f"teacher text shown: {first_line}"
    for verdict in ("right", "wrong"):
        assert f"{answers_mod.VERDICTS[verdict].get(lang)}**" not in printed
    key = answers_mod.answer_key(Path(name).stem)
    for fill_in in key.fill_ins.values():
        assert fill_in.right.get(lang) not in printed, f"{fill_in.id} was solved by the notebook itself"
    assert answers_mod.VERDICTS["blank"].get(lang) in printed
    for question in key.questions.values():
        assert question.text.get(lang) in printed, "each quiz question reads as text without widgets"
        for choice in question.choices:
            assert choice.why.get(lang) not in printed
    widgets = [
        o
        for c in notebook.cells
        for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widgets) >= len(key.questions) + 3
    assert all(o["data"].get("text/plain") and o["data"].get("text/html") for o in widgets)


# --------------------------------------------------------------------------- notebooks and handouts


@pytest.fixture()
def lessons_copy(tmp_path) -> Path:
    copy = tmp_path / "lessons-copy"
    shutil.copytree(LESSONS, copy, ignore=shutil.ignore_patterns("_build", "*.ipynb"))
    return copy


def test_build_notebooks_keeps_work_and_updates_old_copies(tmp_path, lessons_copy):
    out = tmp_path / "built"
    first = notebook_mod.build_notebooks(out, root=lessons_copy)
    assert {s for _, s in first} == {"new"}
    assert len(first) == len(LANGS) * (len(TOC.lessons) + 1)
    for lang in LANGS:
        for name in TOC.lessons:
            notebook = nbformat.read(out / lang / f"{Path(name).stem}.ipynb", as_version=4)
            assert "jupytext" not in notebook.metadata
            assert notebook.metadata["looktwice"]["source"] == f"{lang}/{name}"
            assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
            markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
            assert "(glossary.ipynb#" in markdown and "glossary.md" not in markdown
        assert (out / lang / "glossary.ipynb").is_file()
    assert {s for _, s in notebook_mod.build_notebooks(out, root=lessons_copy)} == {"kept"}

    name = TOC.lessons[0]
    with open(lessons_copy / "fr" / name, "a", encoding="utf-8") as f:
        f.write("\nUne phrase de plus.\n")
    again = dict(notebook_mod.build_notebooks(out, root=lessons_copy))
    assert again[out / "fr" / f"{Path(name).stem}.ipynb"] == "updated"
    assert list((out / "fr").glob(f"{Path(name).stem}.before-update-*.ipynb"))
    assert {s for _, s in notebook_mod.build_notebooks(out, root=lessons_copy, fresh=True)} == {"updated"}


@pytest.mark.parametrize("lang,name", CASES)
def test_handouts_worksheet_without_and_answer_key_with_solutions(tmp_path, lang, name):
    made = handout_mod.build_handouts(tmp_path / "out", langs=(lang,), root=LESSONS, pdf=False)
    handout = next(h for h in made if h.lesson == Path(name).stem)
    assert handout.worksheet_pdf is None
    worksheet = handout.worksheet_html.read_text(encoding="utf-8")
    key = handout.answer_key_html.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in worksheet and f'<html lang="{lang}">' in key
    sheet_text, key_text = text_of(worksheet), text_of(key)
    item = lesson(lang, name)

    tasks = 0
    for section in item.sections:
        for part in (section, *section.children):
            for cell in part.cells:
                snippet = (markdown_text(cell.source) if cell.kind == "markdown" else cell.source)[:60]
                if "solution" in cell.tags or "teacher" in cell.tags:
                    assert snippet not in sheet_text, f"the worksheet gives away: {snippet}"
                    shown = key_text if cell.kind == "markdown" else html.unescape(key)
                    assert snippet in shown, f"the answer key lacks: {snippet}"
                elif "activity" in cell.tags:
                    tasks += 1
                    assert snippet in sheet_text and snippet in key_text, snippet
    assert worksheet.count('class="answer-space"') == tasks, "a box to answer in after every task"
    assert 'class="solution"' not in worksheet and 'class="explain"' not in worksheet
    assert 'id="teacher-notes"' not in worksheet and 'id="teacher-notes"' in key

    covered = [s for s in item.sections if s.anchor not in handout_mod.LEFT_OFF + handout_mod.ANSWER_KEY_ONLY]
    for section in covered:
        assert f'id="{section.anchor}"' in worksheet, f"the worksheet covers {section.anchor}"
    for part in item.section("exercises").children:
        assert part.title in sheet_text and part.title in key_text

    questions = quiz_questions(name)
    assert worksheet.count("☐") == sum(len(q.choices) for q in questions)
    assert key.count('class="correct"') == len(questions)
    for question in questions:
        assert text_of(handout_mod._inline(question.text.get(lang))) in sheet_text
        for choice in question.choices:
            why = text_of(handout_mod._inline(choice.why.get(lang)))
            assert why not in sheet_text and why in key_text
    for service in help_services.services():
        assert service.what_for.get(lang) in sheet_text, "the help services are on the worksheet"


@pytest.mark.skipif(handout_mod.pdf_engine() is None, reason="no PDF tool (WeasyPrint or Chromium) installed")
def test_handout_pdf(tmp_path):
    made = handout_mod.build_handouts(tmp_path, langs=("fr",), root=LESSONS)
    for handout in made:
        for pdf in (handout.worksheet_pdf, handout.answer_key_pdf):
            assert pdf is not None and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


@pytest.mark.skipif(not shutil.which("chromium"), reason="Chromium is not installed")
def test_handout_pdf_with_chromium(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(handout_mod.handout_html(lesson("fr", TOC.lessons[0]), "fr", answers=False), encoding="utf-8")
    handout_mod.write_pdf(page, tmp_path / "page.pdf", shutil.which("chromium"))
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")


def test_handout_command(tmp_path, lessons_copy, capsys):
    out = tmp_path / "handouts"
    assert (
        main(["lessons", "handout", "--lang", "fr", "--out", str(out), "--no-pdf", "--source", str(lessons_copy)]) == 0
    )
    assert sorted(p.name for p in (out / "fr").iterdir()) == sorted(
        f"{Path(n).stem}-{kind}.html" for n in TOC.lessons for kind in ("worksheet", "answer-key")
    )
    assert not (out / "en").exists()
    assert str(out / "fr") in capsys.readouterr().out


def test_build_command_and_a_wrong_source_folder(tmp_path, lessons_copy, capsys, monkeypatch):
    assert main(["lessons", "build", "--folder", str(tmp_path / "nb"), "--source", str(lessons_copy)]) == 0
    assert (tmp_path / "nb" / "fr" / TOC.lessons[0].replace(".md", ".ipynb")).is_file()
    capsys.readouterr()
    assert main(["lessons", "--lang", "fr", "build", "--source", str(tmp_path / "nowhere")]) == 1
    assert "n'est pas un dossier de leçons" in capsys.readouterr().err
    monkeypatch.setenv(source_mod.LESSONS_DIR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(source_mod.LessonsError):
        source_mod.lessons_dir()


def test_jupyterlab_command_is_local_and_offline(tmp_path):
    command = notebook_mod.jupyterlab_command(tmp_path, "fr", "01-x.ipynb", port=8899, browser=False)
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    for option in (
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={tmp_path}",
        "--ServerApp.open_browser=False",
        "--LabApp.default_url=/lab/tree/fr/01-x.ipynb",
        "--LabApp.news_url=None",
        "--LabApp.extension_manager=readonly",
        "--ServerApp.port=8899",
    ):
        assert option in command


def test_jupyterlab_environment_adds_offline_defaults(tmp_path):
    env = notebook_mod.jupyterlab_environment(tmp_path, base={"JUPYTER_CONFIG_PATH": "/elsewhere", "X": "1"})
    config = tmp_path / ".jupyter-config"
    assert env["JUPYTER_CONFIG_PATH"] == os.pathsep.join([str(config), "/elsewhere"]) and env["X"] == "1"
    written = json.loads((config / "labconfig" / "default_setting_overrides.json").read_text(encoding="utf-8"))
    assert written == notebook_mod.JUPYTERLAB_DEFAULTS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(
    shutil.which("jupyter") is None and not (Path(sys.executable).parent / "jupyter").exists(),
    reason="JupyterLab is not installed",
)
def test_jupyterlab_serves_the_lessons_on_loopback(tmp_path):
    pytest.importorskip("jupyterlab")
    folder = tmp_path / "nb"
    notebook_mod.build_notebooks(folder, root=LESSONS)
    first = f"{Path(TOC.lessons[0]).stem}.ipynb"
    port, token = _free_port(), "looktwice-test-token"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "ws"),
        "IPYTHONDIR": str(tmp_path / "ipy"),
    }
    command = notebook_mod.jupyterlab_command(folder, "fr", first, port=port, browser=False)
    command += [f"--IdentityProvider.token={token}", "--ServerApp.port_retries=0"]
    env = notebook_mod.jupyterlab_environment(folder, base=env)
    log = tmp_path / "jupyterlab.log"
    with open(log, "wb") as errors:  # the server keeps its own copy of the file
        server = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        url = f"http://127.0.0.1:{port}/api/contents/fr/{first}?content=0&token={token}"
        deadline, answer = time.monotonic() + 90, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    answer = json.load(response)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert answer is not None, log.read_text(errors="replace")[-3000:]
        assert answer["name"] == first and answer["type"] == "notebook"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab/tree/fr/{first}?token={token}", timeout=10) as page:
            assert page.status == 200 and b"JupyterLab" in page.read()
        plugin = "@jupyterlab/apputils-extension:notification"
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/lab/api/settings/{plugin}?token={token}", timeout=10
        ) as response:
            schema = json.load(response)["schema"]["properties"]
        assert schema["fetchNews"]["default"] == "false" and schema["checkForUpdates"]["default"] is False
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_lessons_are_found_in_the_clone_without_being_named(monkeypatch):
    monkeypatch.delenv(source_mod.LESSONS_DIR_ENV, raising=False)
    assert source_mod.lessons_dir() == LESSONS.resolve()


# --------------------------------------------------------------------------- French


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HTML_TAG = re.compile(r"<[^>]+>")
_FRENCH_SPACE_WANTED = re.compile(r" [:;?!»]|« ")


def french_prose(text: str) -> str:
    """The prose of a French source: without front matter, code fences, cell markers, inline
    code, link targets and HTML tags (a link's text stays: it is prose)."""
    text = _FENCE.sub("", _FRONT_MATTER.sub("", text))
    text = re.sub(r"^\+\+\+.*$", "", text, flags=re.M)
    text = _INLINE_CODE.sub("", text)
    text = source_mod.MD_LINK.sub(lambda m: m.group(2), text)
    return _HTML_TAG.sub("", text)


def test_french_typography_check_finds_plain_spaces():
    sample = 'Voici : `a : b` [un lien](x.md#y) « texte » <a id="z"></a>et ?\n```python\nx = {"a" : 1}\n```\n'
    assert len(_FRENCH_SPACE_WANTED.findall(french_prose(sample))) == 4
    assert not _FRENCH_SPACE_WANTED.findall(
        french_prose(
            sample.replace(" :", "\u202f:").replace("« ", "«\u202f").replace(" »", "\u202f»").replace(" ?", "\u202f?")
        )
    )


@pytest.mark.parametrize("source", sorted((LESSONS / "fr").rglob("*.md")), ids=lambda p: p.name)
def test_french_sources_use_no_break_spaces(source):
    prose = french_prose(source.read_text(encoding="utf-8"))
    found = [prose[max(0, m.start() - 25) : m.end() + 5] for m in _FRENCH_SPACE_WANTED.finditer(prose)]
    assert not found, f"{len(found)} plain spaces where French wants a no-break space: {found[:5]}"


@pytest.mark.parametrize("name", TOC.lessons)
def test_french_names_content_credentials_once_in_english(name):
    prose = french_prose((LESSONS / "fr" / name).read_text(encoding="utf-8"))
    assert prose.count("Content Credentials") == 1, "said once, with the French term"
    assert "identifiants de contenu (Content Credentials)" in prose


def _english_only_words() -> set[str]:
    from looktwice.lessons import activities, durable

    words = set()
    for table in (teaching.WORDS, activities.WORDS, durable.WORDS, answers_mod.VERDICTS, teaching.STATE_NAMES):
        words |= {t.en for t in table.values() if t.en != t.fr and len(t.en) > 3}
    return words


def test_french_outputs_hold_no_english(executed):
    lang, _name, _edition, notebook, _seconds, _folders, _workdir = executed
    if lang != "fr":
        pytest.skip("French outputs only")
    printed = _outputs(notebook)
    # the glossary's rule: the French term, with the English name once in brackets
    printed = printed.replace("identifiants de contenu (Content Credentials", "identifiants de contenu (")
    leaks = [w for w in _english_only_words() if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", printed)]
    assert not leaks, f"English in the French outputs: {leaks}"


def test_teacher_edition_command_runs_the_notebook_once(tmp_path, lessons_copy, capsys):
    """`looktwice lessons build --teacher` makes the teacher edition with every cell, and the
    notebooks of the language asked for open with the outputs of a first run."""
    folder = tmp_path / "teacher"
    assert (
        main(["lessons", "--lang", "fr", "build", "--teacher", "--folder", str(folder), "--source", str(lessons_copy)])
        == 0
    )
    stem = Path(TOC.lessons[0]).stem
    french = nbformat.read(folder / "fr" / f"{stem}.ipynb", as_version=4)
    english = nbformat.read(folder / "en" / f"{stem}.ipynb", as_version=4)
    assert french.metadata["looktwice"]["edition"] == "teacher"
    tags = {t for c in french.cells for t in c.metadata.get("tags", ())}
    assert {"solution", "teacher"} <= tags
    assert all(c.outputs for c in french.cells if "solution" in c.metadata.get("tags", ()) and c.cell_type == "code")
    assert not any(c.outputs for c in english.cells if c.cell_type == "code")
    assert "enseignant" in capsys.readouterr().out
