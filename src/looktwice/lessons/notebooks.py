"""Turn lesson sources into notebooks (jupytext) in a working folder outside git, and the
command line that opens them in JupyterLab on this computer only.

One source makes two editions (see :mod:`.editions`): the *student* notebook, without the
cells tagged ``teacher`` or ``solution``, and the *teacher* edition with every cell, run once
when it is made so the teacher sees the expected outputs before the class does."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from pathlib import Path

from .editions import EDITIONS, edition_cells
from .source import MD_LINK, need_module, read_toc

# --------------------------------------------------------------------------- notebooks


def _link_to_notebook(markdown: str, converted: set[str]) -> str:
    """Point relative links at converted sources (``glossary.md#x``) to their notebooks."""

    def swap(match: re.Match[str]) -> str:
        bang, text, target = match.groups()
        path, _, anchor = target.partition("#")
        if bang or "://" in path or not path.endswith(".md") or Path(path).name not in converted:
            return match.group(0)
        return f"[{text}]({path[:-3]}.ipynb{'#' + anchor if anchor else ''})"

    return MD_LINK.sub(swap, markdown)


def default_folder(edition: str = "student") -> Path:
    """Where ``looktwice lessons`` puts the notebooks: ``<data dir>/lessons`` for pupils,
    ``<data dir>/lessons-teacher`` for the teacher edition (a separate folder, so a pupil
    browsing the lessons folder never finds the solutions)."""
    from ..paths import data_dir

    return data_dir() / ("lessons" if edition == "student" else f"lessons-{edition}")


def build_notebooks(
    folder: str | os.PathLike[str] | None = None,
    *,
    root: str | os.PathLike[str] | None = None,
    fresh: bool = False,
    edition: str = "student",
    execute: tuple[str, ...] = (),
) -> list[tuple[Path, str]]:
    """Convert every source (all languages) into ``folder/<lang>/<name>.ipynb``.

    ``edition`` is ``"student"`` (no teacher notes, no solutions) or ``"teacher"`` (every
    cell); the new or updated lesson notebooks of the languages in ``execute`` are run once,
    so they open with their outputs (what the teacher edition does). A notebook made earlier from the same source is
    kept, with the pupil's work in it. A notebook made from an older source is renamed
    ``<name>.before-update-<time>.ipynb`` and replaced; ``fresh=True`` replaces every notebook
    without keeping a copy. Returns each notebook's path with what happened to it (``"new"``,
    ``"kept"``, ``"updated"``).
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    need_module("jupytext", "jupytext")
    import jupytext
    import nbformat

    toc = read_toc(root)
    target_root = Path(folder) if folder is not None else default_folder(edition)
    converted = {*toc.lessons, toc.glossary}
    done: list[tuple[Path, str]] = []
    for lang in toc.languages:
        out_dir = target_root / lang
        out_dir.mkdir(parents=True, exist_ok=True)
        for source in toc.sources(lang):
            raw = source.read_bytes()
            digest = hashlib.sha256(raw).hexdigest()
            notebook = jupytext.reads(raw.decode("utf-8"), fmt="md:myst")
            notebook.cells = edition_cells(notebook.cells, edition)
            for cell in notebook.cells:
                if cell.cell_type == "markdown":
                    cell.source = _link_to_notebook(cell.source, converted)
            notebook.metadata.pop("jupytext", None)  # a plain notebook, not paired with a text file
            notebook.metadata["looktwice"] = {
                "source": f"{lang}/{source.name}",
                "source_sha256": digest,
                "edition": edition,
            }
            target = out_dir / f"{source.stem}.ipynb"
            status = "new"
            if target.exists() and not fresh:
                if _source_digest(target) == digest and _edition(target) == edition:
                    done.append((target, "kept"))
                    continue
                stamp = time.strftime("%Y%m%d-%H%M%S")
                target.rename(target.with_name(f"{source.stem}.before-update-{stamp}.ipynb"))
                status = "updated"
            elif target.exists():
                status = "updated"
            if lang in execute and source.name in toc.lessons:
                execute_notebook(notebook, out_dir)
            nbformat.write(notebook, str(target))
            done.append((target, status))
    return done


def execute_notebook(notebook, folder: Path, timeout: int = 300) -> None:
    """Run a notebook from top to bottom in ``folder`` (so it finds its language from the
    folder's name), keeping its outputs. Needs nbclient and ipykernel (the lessons extra)."""
    need_module("nbclient", "nbclient")
    notebook_client(notebook, folder, timeout).execute()


#: Longest single wait for a cell's reply; the cell's whole ``timeout`` still applies.
REPLY_POLL_SECONDS = 1.0


def notebook_client(notebook, folder: Path, timeout: int = 300):  # noqa: ANN001, ANN201 (nbformat, nbclient)
    """An nbclient ``NotebookClient`` for ``notebook``, run in ``folder``, that waits for each
    cell's reply in slices of :data:`REPLY_POLL_SECONDS`.

    nbclient waits for a reply in one call as long as the cell's timeout. After a cell that
    shows widgets that call sometimes does not wake up when the reply arrives, only when the
    timeout ends (jupyter/nbclient#312): a lesson then stalls for five minutes on a slider,
    and finishes as if nothing happened. Short waits in a loop see the reply at once.
    """
    import asyncio
    from queue import Empty
    from time import monotonic

    from nbclient import NotebookClient
    from nbclient.client import timestamp
    from nbclient.exceptions import CellTimeoutError
    from nbclient.util import ensure_async

    class SteadyClient(NotebookClient):
        async def _async_poll_for_reply(self, msg_id, cell, timeout, task_poll_output_msg, task_poll_kernel_alive):  # noqa: ANN001, ANN202
            deadline = None if timeout is None else monotonic() + timeout
            while True:
                left = REPLY_POLL_SECONDS if deadline is None else max(0.0, deadline - monotonic())
                try:
                    msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=min(left, REPLY_POLL_SECONDS)))
                except Empty:
                    if deadline is None or monotonic() < deadline:
                        continue
                    # the cell's whole timeout passed: nbclient's own handling
                    task_poll_kernel_alive.cancel()
                    await self._async_check_alive()
                    msg = await self._async_handle_timeout(timeout, cell)  # raises unless interrupting
                    msg["parent_header"] = {"msg_id": msg_id}
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if self.record_timing:
                    cell["metadata"]["execution"]["shell.execute_reply"] = timestamp(msg)
                try:
                    await asyncio.wait_for(task_poll_output_msg, self.iopub_timeout)
                except (TimeoutError, Empty):
                    if self.raise_on_iopub_timeout:
                        task_poll_kernel_alive.cancel()
                        raise CellTimeoutError.error_from_timeout_and_cell(
                            "Timeout waiting for IOPub output", self.iopub_timeout, cell
                        ) from None
                    self.log.warning("Timeout waiting for IOPub output")
                task_poll_kernel_alive.cancel()
                return msg

    return SteadyClient(notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}})


def _made_from(notebook_path: Path) -> dict:
    """What the kit wrote in a notebook it made: its source, the source's digest, the edition."""
    import json

    try:
        with open(notebook_path, encoding="utf-8") as f:
            made = json.load(f).get("metadata", {}).get("looktwice", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return made if isinstance(made, dict) else {}


def _source_digest(notebook_path: Path) -> str | None:
    return _made_from(notebook_path).get("source_sha256")


def _edition(notebook_path: Path) -> str:
    return _made_from(notebook_path).get("edition", "student")


def jupyterlab_command(folder: Path, lang: str, first: str, *, port: int | None, browser: bool) -> list[str]:
    """The command that serves ``folder`` with JupyterLab on 127.0.0.1 and opens ``first``."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={folder}",
        f"--ServerApp.open_browser={browser}",
        f"--LabApp.default_url=/lab/tree/{lang}/{first}",
        # nothing is fetched from the internet while a lesson runs
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # some classroom kiosks log in as root
        command.append("--ServerApp.allow_root=True")
    return command


#: JupyterLab settings for a classroom: no prompt about news, no update check (both would
#: contact the internet). Given to JupyterLab as defaults, so a user's own settings still win.
JUPYTERLAB_DEFAULTS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def jupyterlab_environment(folder: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment to start JupyterLab with: ``base`` (this process's environment by
    default) plus a configuration folder, ``folder/.jupyter-config``, that switches off
    JupyterLab's news prompt and update check (``JUPYTER_CONFIG_PATH``, searched before the
    user's own folders, which it does not replace)."""
    import json

    config = folder / ".jupyter-config"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "labconfig" / "default_setting_overrides.json").write_text(
        json.dumps(JUPYTERLAB_DEFAULTS, indent=2) + "\n", encoding="utf-8"
    )
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in (str(config), env.get("JUPYTER_CONFIG_PATH")) if p)
    return env
