"""Start one user's Jupyter server on the hub, with the lessons in their home.

JupyterHub runs this (``c.Spawner.cmd`` in ``jupyterhub_config.py``) as the user, with the
environment the hub gives them:

- ``LOOKTWICE_HUB_LESSONS``: the notebooks the technician built once (``prepare.py``), in
  ``<edition>/<lang>/``;
- ``LOOKTWICE_EDITION``: ``student`` or ``teacher`` (the ``teachers`` group);
- ``LOOKTWICE_LANG``: ``en`` or ``fr`` (the ``lang-fr`` group).

It copies that edition's notebooks in that language into ``~/lessons/<lang>/`` (the lessons
read their language from the folder's name), then becomes ``jupyterhub-singleuser`` with the
arguments it was given. A notebook the user already has is kept, with their work in it; one
made from an older lesson source is kept as ``<name>.before-update-<time>.ipynb`` beside the
new one, as ``looktwice lessons build`` does on a laptop.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def made_from(notebook: Path) -> tuple[str | None, str | None]:
    """The lesson source digest and edition the kit wrote into a notebook's metadata.

    Parameters
    ----------
    notebook : Path
        A notebook made by ``looktwice lessons build``.

    Returns
    -------
    tuple of (str or None, str or None)
        ``(source_sha256, edition)``; ``(None, None)`` when the file is not readable.
    """
    try:
        made = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {}).get("looktwice", {})
    except (OSError, ValueError, AttributeError):
        return None, None
    return made.get("source_sha256"), made.get("edition")


def give_lessons(shared: Path, home: Path, edition: str, lang: str) -> list[tuple[Path, str]]:
    """Copy one edition's notebooks in one language into ``home/lessons/<lang>``.

    Parameters
    ----------
    shared : Path
        The folder the technician built, holding ``<edition>/<lang>/*.ipynb``.
    home : Path
        The user's home folder.
    edition : str
        ``"student"`` or ``"teacher"``.
    lang : str
        ``"en"`` or ``"fr"``.

    Returns
    -------
    list of (Path, str)
        Each notebook in the user's folder with ``"new"``, ``"kept"`` or ``"updated"``.
    """
    source = shared / edition / lang
    if not source.is_dir():
        raise SystemExit(f"looktwice: no lessons in {source}: run deploy/jupyterhub/prepare.py first")
    target = home / "lessons" / lang
    target.mkdir(parents=True, exist_ok=True)
    done = []
    for notebook in sorted(source.glob("*.ipynb")):
        dest = target / notebook.name
        status = "new"
        if dest.exists():
            if made_from(dest) == made_from(notebook):
                done.append((dest, "kept"))
                continue
            dest.rename(dest.with_name(f"{dest.stem}.before-update-{time.strftime('%Y%m%d-%H%M%S')}.ipynb"))
            status = "updated"
        shutil.copyfile(notebook, dest)  # the copy is the user's own, writable
        done.append((dest, status))
    return done


def main(argv: list[str]) -> None:
    """Give the lessons, then replace this process with ``jupyterhub-singleuser argv...``."""
    edition = os.environ.get("LOOKTWICE_EDITION", "student")
    lang = os.environ.get("LOOKTWICE_LANG", "en")
    if edition not in ("student", "teacher") or lang not in ("en", "fr"):
        raise SystemExit(f"looktwice: unknown edition {edition!r} or language {lang!r}")
    give_lessons(Path(os.environ["LOOKTWICE_HUB_LESSONS"]), Path.home(), edition, lang)
    # Kernels talk to the server over Unix sockets (--KernelManager.transport=ipc), whose paths
    # may not exceed 107 bytes: under ~/.local/share/jupyter/runtime a long user name breaks
    # that, so they go in a private folder of the user's own (mode 0700, unguessable name).
    os.environ["JUPYTER_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="jupyter-")
    os.execv(sys.executable, [sys.executable, "-m", "jupyterhub.singleuser", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
