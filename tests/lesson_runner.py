"""Run one edition of a lesson top to bottom with nbclient, with the example pack in the kit's
cache and every folder it may write to private (as a pupil's machine would have them), for
the lesson tests that need the pack (tests/lessons/test_lessons.py runs every lesson without
it)."""

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


def run_lesson(lang: str, name: str, edition: str, cache: Path, base: Path) -> tuple[object, float, Path]:
    """Run ``lessons/<lang>/<name>`` (``edition``: ``"student"`` or ``"teacher"``) with
    ``cache`` as the kit's cache and its folders under ``base``; the notebook with its outputs,
    the seconds it took and its working folder."""
    jupytext = pytest.importorskip("jupytext")
    pytest.importorskip("nbclient")
    from looktwice.lessons import editions
    from looktwice.lessons.notebooks import notebook_client

    notebook = jupytext.read(LESSONS / lang / name)
    notebook.cells = editions.edition_cells(notebook.cells, edition)
    workdir = base / "lessons" / lang  # named like the language folder, as `looktwice lessons` does
    workdir.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as mp:
        for key, folder in FOLDERS.items():
            (base / folder).mkdir()
            mp.setenv(key, str(base / folder))
        mp.setenv("LOOKTWICE_CACHE_DIR", str(cache))
        for key in ("LOOKTWICE_LANG", "JPY_SESSION_NAME", "LOOKTWICE_TRUST_ANCHORS"):
            mp.delenv(key, raising=False)
        client = notebook_client(notebook, workdir, timeout=300)
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    print(f"\n{lang}/{name} ({edition}, example pack) executed in {seconds:.1f} s")
    return notebook, seconds, workdir
