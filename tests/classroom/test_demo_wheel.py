"""A kit installed from its wheel (not from a source checkout) starts the classroom app.

The wheel is built with ``pip wheel --no-deps --no-build-isolation`` (no network: the build
tools already installed are used) from a copy of the sources (the shared checkout gets no
``build/`` folder) and installed with ``--no-deps`` into a fresh virtual
environment outside the project, which borrows the installed dependencies (Gradio, Pillow…)
through a ``.pth`` line. The app then runs with Gradio's own ``GRADIO_SERVER_PORT`` and must
serve its page, with the stylesheet that ships as package data, from the installed copy.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import free_port
from demo_pages import wait_until_served

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=600, **kwargs)


def test_a_wheel_installed_kit_starts_the_demo(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "src", sources / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-TEXT"):
        shutil.copy(ROOT / name, sources / name)
    wheels = tmp_path / "wheels"
    run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(sources)
    )
    (wheel,) = wheels.glob("looktwice-*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", str(venv))
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel))
    purelib = Path(run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    # the dependencies already installed, after the venv's own packages (which hold the kit)
    (purelib / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = run(str(python), "-c", "import looktwice.classroom.app as a; print(a.__file__)", cwd=tmp_path).stdout
    assert Path(where.strip()).is_relative_to(venv), where

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GRADIO_TEMP"))}
    env |= {
        "GRADIO_SERVER_PORT": str(port),
        "GRADIO_SERVER_NAME": "127.0.0.1",
        "LOOKTWICE_DATA_DIR": str(tmp_path / "d"),
    }
    proc = subprocess.Popen(
        [str(venv / "bin" / "looktwice"), "demo", "--no-browser", "--workers", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        config = wait_until_served(proc, f"http://127.0.0.1:{port}/config", 180).decode()
        assert "#findings li" in config  # the stylesheet shipped as package data
        assert "tab-quiz" in config and "quiz-verdict" in config
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    assert f"Look Twice is running at http://127.0.0.1:{port}/" in out
    assert "Traceback" not in out
