"""Prepare the hub's shared folder once: the example pack, both lesson editions, an offline kernel.

    sudo /opt/looktwice/.venv/bin/python deploy/jupyterhub/prepare.py /srv/looktwice
    sudo ... prepare.py /srv/looktwice --mirror /media/usb/looktwice-pack   # no internet here
    sudo ... prepare.py /srv/looktwice --run-teacher-edition fr            # expected outputs in French

Makes, in the folder given (``LOOKTWICE_HUB_SHARE`` of ``jupyterhub_config.py``):

- ``pack/``: the example pack, downloaded once (``looktwice examples download``), then made
  read-only for everyone (files 0444, folders 0555). Every user's ``LOOKTWICE_CACHE_DIR``
  points here: one copy on disk, whatever the number of students;
- ``lessons/student/<lang>/`` and ``lessons/teacher/<lang>/``: the notebooks of both editions
  in every language (``looktwice.lessons`` builds them); the teacher edition of the languages
  given to ``--run-teacher-edition`` is run once, so it opens with its expected outputs;
- ``jupyter/kernels/python3/``: a kernel that starts in a network namespace of its own
  (``unshare --net``), so it can reach no address at all, not even this machine's; made only
  if this machine lets a user do that (Debian 12 does; many containers do not).

Run it again after ``git pull`` to update the lessons: students keep their own copies, and a
changed lesson reaches them the next time their server starts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path


def looktwice(*args: str, cache: Path | None = None) -> None:
    """Run the kit's public command ``looktwice args...`` with this Python, stopping on failure."""
    env = dict(os.environ)
    if cache is not None:
        env["LOOKTWICE_CACHE_DIR"] = str(cache)
    subprocess.run([sys.executable, "-m", "looktwice", *args], env=env, check=True)


def read_only(folder: Path) -> None:
    """Make ``folder`` readable by every user and writable by nobody but root."""
    for path in (folder, *folder.rglob("*")):
        path.chmod(0o555 if path.is_dir() else 0o444)


def make_pack(share: Path, mirror: Path | None) -> Path:
    """Download the example pack into ``share/pack`` (from ``mirror`` if given), read-only."""
    pack = share / "pack"
    if pack.exists():
        for path in (pack, *pack.rglob("*")):  # writable again while it is updated
            path.chmod(0o755 if path.is_dir() else 0o644)
    pack.mkdir(parents=True, exist_ok=True)
    looktwice("examples", "download", "--quiet", *(["--mirror", str(mirror)] if mirror else []), cache=pack)
    read_only(pack)
    return pack


def make_lessons(share: Path, run_teacher: tuple[str, ...] = ()) -> Path:
    """Build the student and teacher notebooks into ``share/lessons/<edition>/<lang>``."""
    from looktwice.lessons.notebooks import build_notebooks

    lessons = share / "lessons"
    build_notebooks(lessons / "student", edition="student")
    build_notebooks(lessons / "teacher", edition="teacher", execute=run_teacher)
    for path in (lessons, *lessons.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return lessons


def offline_kernel_possible() -> bool:
    """Whether a user's process may start itself in a new network namespace here.

    Tried as ``nobody`` when run by root: root always may, students may not (a kernel that
    cannot start would be worse than one with the network).
    """
    as_user = {"user": "nobody"} if os.geteuid() == 0 else {}
    try:
        return (
            subprocess.run(
                ["unshare", "--net", "--map-current-user", "true"],
                capture_output=True,
                timeout=10,
                check=False,
                **as_user,
            ).returncode
            == 0
        )
    except (OSError, KeyError, subprocess.TimeoutExpired):  # KeyError: no user nobody
        return False


def make_offline_kernel(share: Path) -> Path | None:
    """Write the ``python3`` kernel that runs without network into ``share/jupyter/kernels``.

    Returns the kernel's folder, or None when this machine does not allow it (then use the
    network rules of deploy/README.md). The servers talk to such kernels over Unix sockets
    (``--KernelManager.transport=ipc`` in ``jupyterhub_config.py``).
    """
    folder = share / "jupyter" / "kernels" / "python3"
    if not offline_kernel_possible():
        print(
            "prepare: this machine does not allow `unshare --net` for users: kernels keep the "
            "machine's network; block it with the firewall rules of deploy/README.md",
            file=sys.stderr,
        )
        return None
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [
            "unshare",
            "--net",
            "--map-current-user",
            sys.executable,
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
        ],
        "display_name": "Python 3 (Look Twice, offline)",
        "language": "python",
        "metadata": {"debugger": True},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    """Prepare the shared folder given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("share", type=Path, help="the hub's shared folder (e.g. /srv/looktwice)")
    parser.add_argument("--mirror", type=Path, help="a copy of the pack made by `looktwice examples export`")
    parser.add_argument(
        "--run-teacher-edition",
        nargs="*",
        default=["en"],
        metavar="LANG",
        help="languages whose teacher edition is run once (default en; none: give no LANG)",
    )
    parser.add_argument("--no-pack", action="store_true", help="leave the pack as it is")
    args = parser.parse_args(argv)
    args.share.mkdir(parents=True, exist_ok=True)
    args.share.chmod(0o755)
    if not args.no_pack:
        make_pack(args.share, args.mirror)
    make_lessons(args.share, tuple(args.run_teacher_edition))
    kernel = make_offline_kernel(args.share)
    print(f"prepare: {args.share} is ready (pack, lessons, {'offline kernel' if kernel else 'no offline kernel'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
