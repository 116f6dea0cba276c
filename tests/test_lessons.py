"""The lessons: sources, skeleton, links, identical code in every language, execution, handouts.

Each lesson is executed in every language with nbclient, from a temporary folder named after the
language (the way `looktwice lessons` lays notebooks out), with the kit's data folder, TMPDIR,
IPython's and Jupyter's folders all pointed at a temporary folder and a guard in the kernel that
refuses any connection beyond 127.0.0.1. Nothing is written into the repository.
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
from pathlib import Path
from urllib.parse import urlsplit

import pytest

jupytext = pytest.importorskip("jupytext")
nbformat = pytest.importorskip("nbformat")

from looktwice import examples, teaching  # noqa: E402
from looktwice.lessons import handout as handout_mod  # noqa: E402
from looktwice.lessons import notebooks as notebook_mod  # noqa: E402
from looktwice.lessons import source as source_mod  # noqa: E402
from looktwice.analyses.credentials import STATES  # noqa: E402
from looktwice.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
TOC = source_mod.read_toc(LESSONS)
LANGS = TOC.languages
CASES = [(lang, name) for name in TOC.lessons for lang in LANGS]

#: The only hosts lessons may link to (help services and standards bodies). Never fetched.
EXTERNAL_HOSTS = {
    "takeitdown.ncmec.org", "stopncii.org", "e-enfance.org", "3018.fr",
    "c2pa.org", "iptc.org", "contentcredentials.org",
}
#: Sections every lesson has, in this order (see lessons/README.md).
REQUIRED = ["top", "objectives", "questions", "getting-ready", "exercises", "quiz", "key-points",
            "images-used", "help", "teacher-notes"]
TEACHER_PARTS = ["timing", "before-the-lesson", "pitfalls", "sensitive-moment"]
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
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


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


@pytest.mark.parametrize("lang,name", CASES)
def test_skeleton(lang, name):
    item = lesson(lang, name)
    meta = item.metadata["lesson"]
    assert meta["id"] == Path(name).stem and meta["language"] == lang
    assert "13" in meta["audience"] and "18" in meta["audience"]
    total = meta["teaching"] + meta["exercises"]
    assert 45 <= total <= 60

    anchors = [s.anchor for s in item.sections]
    positions = [anchors.index(a) for a in REQUIRED]  # KeyError-like ValueError if missing
    assert positions == sorted(positions), f"sections out of order: {anchors}"
    assert len(set(item.anchors())) == len(item.anchors()), "an anchor is used twice"

    top = " ".join(c.source for c in item.section("top").cells)
    for number in (meta["teaching"], meta["exercises"], total):
        assert str(number) in top, "the title block gives the front matter's times"

    notes = [c.anchor for c in item.section("teacher-notes").children]
    assert all(part in notes for part in TEACHER_PARTS), notes
    timing = item.section("teacher-notes").children[notes.index("timing")]
    minutes = [int(m) for m in re.findall(r"^\|[^|\n]+\|\s*(\d+)\s*\|\s*$", timing.cells[0].source, re.M)]
    assert sum(minutes) == total, "the timing table adds up to the lesson's time"

    assert "- " in item.section("key-points").cells[0].source


@pytest.mark.parametrize("lang,name", CASES)
def test_exercises_have_hidden_solutions(lang, name):
    exercises = lesson(lang, name).section("exercises").children
    assert len(exercises) >= 2
    for exercise in exercises:
        assert exercise.anchor.startswith("exercise-")
        solutions = [d for c in exercise.cells if c.kind == "markdown" for d in handout_mod._details(c.source, "solution")]
        assert len(solutions) == 1 and solutions[0][1], f"{exercise.anchor}: one solution, not empty"
    for cell in code_cells(lang, name):
        if "solution" in cell.metadata.get("tags", []):
            assert cell.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}


@pytest.mark.parametrize("lang,name", CASES)
def test_quiz_explains_every_answer(lang, name):
    questions = lesson(lang, name).section("quiz").children
    assert len(questions) >= 3
    for question in questions:
        assert question.anchor.startswith("quiz-")
        choices = [d for c in question.cells if c.kind == "markdown" for d in handout_mod._details(c.source, "choice")]
        assert len(choices) >= 2, question.anchor
        assert sum(correct for _, _, correct in choices) == 1, f"{question.anchor}: exactly one right answer"
        for summary, explanation, _ in choices:
            assert summary and len(markdown_text(explanation)) > 20, f"{question.anchor}: explain every choice"


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

_GUARD = '''\
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
'''


def _snapshot(folder: Path) -> dict[str, float]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime for p in folder.rglob("*")
            if "__pycache__" not in p.parts}


@pytest.fixture(scope="module", params=CASES, ids=[f"{lang}-{name}" for lang, name in CASES])
def executed(request, tmp_path_factory):
    """The lesson run from top to bottom: (language, notebook with outputs, seconds, folders)."""
    from nbclient import NotebookClient

    lang, name = request.param
    base = tmp_path_factory.mktemp(f"run-{lang}")
    folders = {k: base / k for k in ("data", "tmp", "ipython", "runtime", "jupyter-data", "config")}
    for folder in folders.values():
        folder.mkdir()
    workdir = base / "lessons" / lang  # named like the language folder, as `looktwice lessons` does
    workdir.mkdir(parents=True)
    before = _snapshot(LESSONS)
    notebook = jupytext.read(LESSONS / lang / name)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(_GUARD))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LOOKTWICE_DATA_DIR", str(folders["data"]))
        mp.setenv("TMPDIR", str(folders["tmp"]))
        mp.setenv("IPYTHONDIR", str(folders["ipython"]))
        mp.setenv("JUPYTER_RUNTIME_DIR", str(folders["runtime"]))
        mp.setenv("JUPYTER_DATA_DIR", str(folders["jupyter-data"]))
        mp.setenv("JUPYTER_CONFIG_DIR", str(folders["config"]))
        mp.setenv("PYTHONDONTWRITEBYTECODE", "1")
        for key in ("LOOKTWICE_LANG", "JPY_SESSION_NAME", "LOOKTWICE_TRUST_ANCHORS"):
            mp.delenv(key, raising=False)
        client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(workdir)}})
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    notebook.cells.pop(0)
    print(f"\n{lang}/{name} executed in {seconds:.1f} s")
    assert _snapshot(LESSONS) == before, "running the lesson changed the lessons folder"
    return lang, name, notebook, seconds, folders, workdir


def _outputs(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output["text"])
            data = output.get("data", {})
            parts.append(data.get("text/plain", ""))
            parts.append(text_of(data.get("text/html", "")))
    return "\n".join(parts)


def _prose(lang: str, name: str) -> str:
    item = lesson(lang, name)
    keep = []
    for section in item.sections:
        if section.anchor in NOT_RESULTS:
            continue
        for part in (section, *section.children):
            keep.append(part.title)
            keep += [c.source for c in part.cells if c.kind == "markdown"]
    return "\n".join(keep)


def test_lesson_runs_in_its_language_and_in_time(executed):
    lang, _name, notebook, seconds, _folders, _workdir = executed
    first = next(c for c in notebook.cells if c.cell_type == "code")
    assert first.outputs[0]["text"].split()[0] == lang
    headers = _outputs(notebook)
    assert teaching.WORDS["declares"].get(lang) in headers  # tables speak the notebook's language
    for other in LANGS:
        if other != lang:
            assert teaching.WORDS["declares"].get(other) not in headers
    assert seconds < 300  # measured and printed; the target (60 s on 2 cores) is in lessons/README.md


def test_lesson_writes_only_into_temporary_folders(executed):
    _lang, _name, _notebook, _seconds, folders, workdir = executed
    assert [p.name for p in folders["data"].iterdir()] == ["classroom-ca"]
    assert not any(workdir.iterdir()), "the lesson wrote into the notebook's folder"
    left = [p.name for p in folders["tmp"].iterdir() if p.name.startswith("looktwice-lesson-")]
    assert not left, "the scratch folder is removed when the kernel stops"


def test_every_number_and_state_in_the_prose_is_printed(executed):
    lang, name, notebook, _seconds, _folders, _workdir = executed
    printed = _outputs(notebook)
    meta = lesson(lang, name).metadata["lesson"]
    allowed = set(_NUMBER.findall(str(meta["audience"]))) | {
        str(meta["teaching"]), str(meta["exercises"]), str(meta["teaching"] + meta["exercises"])}
    prose = _prose(lang, name)
    for number in set(_NUMBER.findall(_INLINE_CODE.sub("", prose))) - allowed:
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", printed), \
            f"{number!r} is written in the prose but no cell prints it"
    for word in set(_INLINE_CODE.findall(prose)) & set(STATES):
        assert re.search(rf"\b{word}\b", printed), f"state {word!r} is named in the prose but never shown"


def test_every_picture_shown_carries_its_licence(executed):
    lang, name, notebook, _seconds, _folders, _workdir = executed
    captions = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            page = output.get("data", {}).get("text/html", "")
            captions += re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", page, re.S)
    assert captions, "the lesson shows pictures"
    for caption in captions:
        assert "Licence" in text_of(caption), f"picture without its licence line: {text_of(caption)[:80]}"
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
        assert record.credit in printed, f"no credit line printed for {example}"


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


def _solutions_and_explanations(item: source_mod.Lesson) -> tuple[list[str], list[str], list[str]]:
    solutions, explanations, code = [], [], []
    for exercise in item.section("exercises").children:
        for cell in exercise.cells:
            if cell.kind == "code" and "solution" in cell.tags:
                code.append(cell.source)
            elif cell.kind == "markdown":
                solutions += [markdown_text(body) for _, body, _ in handout_mod._details(cell.source, "solution")]
    for question in item.section("quiz").children:
        for cell in question.cells:
            explanations += [markdown_text(body) for _, body, _ in handout_mod._details(cell.source, "choice")]
    return solutions, explanations, code


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

    solutions, explanations, code = _solutions_and_explanations(item)
    for snippet in [s[:60] for s in solutions + explanations]:
        assert snippet not in sheet_text, f"the worksheet gives away: {snippet}"
        assert snippet in key_text, f"the answer key lacks: {snippet}"
    for source in code:
        assert html.escape(source) not in worksheet and html.escape(source) in key
    assert 'class="solution"' not in worksheet and 'class="explain"' not in worksheet
    assert 'id="teacher-notes"' not in worksheet and 'id="teacher-notes"' in key

    questions = item.section("quiz").children
    choices = sum(len(handout_mod._details(c.source, "choice")) for q in questions for c in q.cells)
    assert worksheet.count("☐") == choices
    assert key.count('class="correct"') == len(questions)
    for part in item.section("exercises").children + questions:
        assert part.title in sheet_text and part.title in key_text
    assert worksheet.count('class="answer-space"') == len(item.section("exercises").children)
    assert item.section("help").title in sheet_text


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
    assert main(["lessons", "handout", "--lang", "fr", "--out", str(out), "--no-pdf",
                 "--source", str(lessons_copy)]) == 0
    assert sorted(p.name for p in (out / "fr").iterdir()) == sorted(
        f"{Path(n).stem}-{kind}.html" for n in TOC.lessons for kind in ("worksheet", "answer-key"))
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
    for option in ("--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={tmp_path}", "--ServerApp.open_browser=False",
                   "--LabApp.default_url=/lab/tree/fr/01-x.ipynb", "--LabApp.news_url=None",
                   "--LabApp.extension_manager=readonly", "--ServerApp.port=8899"):
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


@pytest.mark.skipif(shutil.which("jupyter") is None and not (Path(sys.executable).parent / "jupyter").exists(),
                    reason="JupyterLab is not installed")
def test_jupyterlab_serves_the_lessons_on_loopback(tmp_path):
    pytest.importorskip("jupyterlab")
    folder = tmp_path / "nb"
    notebook_mod.build_notebooks(folder, root=LESSONS)
    first = f"{Path(TOC.lessons[0]).stem}.ipynb"
    port, token = _free_port(), "looktwice-test-token"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data"), "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "ws"), "IPYTHONDIR": str(tmp_path / "ipy")}
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
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab/api/settings/{plugin}?token={token}",
                                    timeout=10) as response:
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
