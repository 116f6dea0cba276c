"""Run a lesson top to bottom with the kit's notebook client, every folder it may write to
private (as a pupil's machine would have them): :func:`run_private` for any lesson notebook,
:func:`run_lesson` for one edition with the example pack in the kit's cache (the lesson tests
that need the pack; tests/lessons/test_lessons.py runs every lesson without it)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

LESSONS = Path(__file__).resolve().parents[1] / "lessons"
#: Environment variables pointed at private folders while a lesson runs.
FOLDERS = {
    "LOOKTWICE_DATA_DIR": "data",
    "TMPDIR": "tmp",
    "IPYTHONDIR": "ipython",
    "JUPYTER_RUNTIME_DIR": "runtime",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_CONFIG_DIR": "config",
}


def run_private(notebook, lang: str, base: Path, env: dict[str, str] | None = None) -> tuple[float, Path, dict]:
    """Run ``notebook`` (a lesson in ``lang``) top to bottom with every folder it may write to
    under ``base`` and the variables of ``env`` set; the seconds it took, its working folder
    (``base/lessons/<lang>``, named like the language folder, as `looktwice lessons` does) and
    the private folders by name (``"data"``, ``"tmp"``...)."""
    pytest.importorskip("nbclient")
    from looktwice.lessons.notebooks import notebook_client

    workdir = base / "lessons" / lang
    workdir.mkdir(parents=True)
    folders = {name: base / name for name in FOLDERS.values()}
    with pytest.MonkeyPatch.context() as mp:
        for key, name in FOLDERS.items():
            folders[name].mkdir()
            mp.setenv(key, str(folders[name]))
        for key in ("LOOKTWICE_LANG", "JPY_SESSION_NAME", "LOOKTWICE_TRUST_ANCHORS"):
            mp.delenv(key, raising=False)
        for key, value in (env or {}).items():
            mp.setenv(key, value)
        client = notebook_client(notebook, workdir, timeout=300)
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    return seconds, workdir, folders


def run_lesson(lang: str, name: str, edition: str, cache: Path, base: Path) -> tuple[object, float, Path]:
    """Run ``lessons/<lang>/<name>`` (``edition``: ``"student"`` or ``"teacher"``) with
    ``cache`` as the kit's cache and its folders under ``base``; the notebook with its outputs,
    the seconds it took and its working folder."""
    jupytext = pytest.importorskip("jupytext")
    from looktwice.lessons import editions

    notebook = jupytext.read(LESSONS / lang / name)
    notebook.cells = editions.edition_cells(notebook.cells, edition)
    seconds, workdir, _ = run_private(notebook, lang, base, {"LOOKTWICE_CACHE_DIR": str(cache)})
    print(f"\n{lang}/{name} ({edition}, example pack) executed in {seconds:.1f} s")
    return notebook, seconds, workdir
