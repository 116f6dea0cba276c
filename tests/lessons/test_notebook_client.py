"""The notebook client the kit runs lessons with: replies seen at once, timeouts still kept.

nbclient's own wait for a cell's reply can sleep through the reply after widget cells until the
cell's timeout ends (jupyter/nbclient#312); the kit's client waits in short slices instead.
"""

from __future__ import annotations

import time

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

from looktwice.lessons.notebooks import notebook_client  # noqa: E402


def _notebook(*sources: str):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return notebook


def test_widget_cells_run_and_return_as_soon_as_they_finish(tmp_path):
    notebook = _notebook(
        "import ipywidgets as w\nout = w.Output()\nwith out:\n    print('drawn')\nw.VBox([w.IntSlider(3), out])",
        "print(6 * 7)",
    )
    start = time.perf_counter()
    notebook_client(notebook, tmp_path, timeout=60).execute()
    assert time.perf_counter() - start < 50, "no cell waited for its whole timeout"
    assert notebook.cells[1].outputs[0]["text"] == "42\n"


def test_a_cell_that_runs_too_long_still_times_out(tmp_path):
    from nbclient.exceptions import CellTimeoutError

    notebook = _notebook("import time\ntime.sleep(30)")
    start = time.perf_counter()
    with pytest.raises(CellTimeoutError):
        notebook_client(notebook, tmp_path, timeout=2).execute()
    assert time.perf_counter() - start < 25
