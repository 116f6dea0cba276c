"""Turn lesson sources into notebooks (jupytext) in a working folder outside git, and the
command line that opens them in JupyterLab on this computer only."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from pathlib import Path

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


def default_folder() -> Path:
    """Where ``looktwice lessons`` puts the notebooks: ``<data dir>/lessons``."""
    from ..paths import data_dir

    return data_dir() / "lessons"


def build_notebooks(folder: str | os.PathLike[str] | None = None, *, root: str | os.PathLike[str] | None = None,
                    fresh: bool = False) -> list[tuple[Path, str]]:
    """Convert every source (all languages) into ``folder/<lang>/<name>.ipynb``.

    A notebook made earlier from the same source is kept, with the pupil's work in it. A
    notebook made from an older source is renamed ``<name>.before-update-<time>.ipynb`` and
    replaced; ``fresh=True`` replaces every notebook without keeping a copy. Returns each
    notebook's path with what happened to it (``"new"``, ``"kept"``, ``"updated"``).
    """
    need_module("jupytext", "jupytext")
    import jupytext
    import nbformat

    toc = read_toc(root)
    target_root = Path(folder) if folder is not None else default_folder()
    converted = {*toc.lessons, toc.glossary}
    done: list[tuple[Path, str]] = []
    for lang in toc.languages:
        out_dir = target_root / lang
        out_dir.mkdir(parents=True, exist_ok=True)
        for source in toc.sources(lang):
            raw = source.read_bytes()
            digest = hashlib.sha256(raw).hexdigest()
            notebook = jupytext.reads(raw.decode("utf-8"), fmt="md:myst")
            for cell in notebook.cells:
                if cell.cell_type == "markdown":
                    cell.source = _link_to_notebook(cell.source, converted)
            notebook.metadata.pop("jupytext", None)  # a plain notebook, not paired with a text file
            notebook.metadata["looktwice"] = {"source": f"{lang}/{source.name}", "source_sha256": digest}
            target = out_dir / f"{source.stem}.ipynb"
            status = "new"
            if target.exists() and not fresh:
                if _source_digest(target) == digest:
                    done.append((target, "kept"))
                    continue
                stamp = time.strftime("%Y%m%d-%H%M%S")
                target.rename(target.with_name(f"{source.stem}.before-update-{stamp}.ipynb"))
                status = "updated"
            elif target.exists():
                status = "updated"
            nbformat.write(notebook, str(target))
            done.append((target, status))
    return done


def _source_digest(notebook_path: Path) -> str | None:
    import json

    try:
        with open(notebook_path, encoding="utf-8") as f:
            return json.load(f).get("metadata", {}).get("looktwice", {}).get("source_sha256")
    except (OSError, ValueError, AttributeError):
        return None


def jupyterlab_command(folder: Path, lang: str, first: str, *, port: int | None, browser: bool) -> list[str]:
    """The command that serves ``folder`` with JupyterLab on 127.0.0.1 and opens ``first``."""
    command = [
        sys.executable, "-m", "jupyterlab",
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
        json.dumps(JUPYTERLAB_DEFAULTS, indent=2) + "\n", encoding="utf-8")
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in (str(config), env.get("JUPYTER_CONFIG_PATH")) if p)
    return env


