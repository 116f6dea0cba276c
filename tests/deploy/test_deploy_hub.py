"""The school hub (deploy/jupyterhub) on this machine: JupyterHub with configurable-http-proxy
on 127.0.0.1 and Debian's nginx in front (deploy/nginx/looktwice-hub.conf), started by
``deploy/jupyterhub/try_hub.py --nginx`` with three test users; every request goes through nginx.

Three users log in through the hub's login form; each gets the lessons folder in their own
language and edition; one lesson runs in a user's kernel through the Jupyter server's REST and
kernel WebSocket API; the example pack is one read-only copy that every user reads; the
kernels have no network when this machine allows it; the idle culler stops idle servers.
Needs JupyterHub (the ``server`` extra) and ``configurable-http-proxy`` from npm (installed by
``scripts/test.sh``) and nginx. One test of about a minute and a half; the hub and nginx are
stopped after it.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "deploy" / "jupyterhub")]

import hub_client  # noqa: E402
import tryout  # noqa: E402

TRY_HUB = ROOT / "deploy" / "jupyterhub" / "try_hub.py"
USERS = {"ada": ("en", "student"), "bea": ("fr", "student"), "cam": ("en", "teacher")}
IDLE_SECONDS = 30


def notebook_edition(student: hub_client.Student, path: str) -> str:
    notebook = student.api("GET", f"/user/{student.name}/api/contents/{path}").json()["content"]
    return notebook["metadata"]["looktwice"]["edition"]


def test_hub_serves_three_users_their_lessons(shared_examples, tmp_path):
    if shutil.which("configurable-http-proxy") is None:
        pytest.fail(
            "configurable-http-proxy is missing: npm install -g configurable-http-proxy "
            "(scripts/test.sh does it when run as root)"
        )
    log = tmp_path / "hub.log"
    args = [
        "--mirror",
        str(shared_examples / "mirror"),
        "--users",
        ",".join(USERS),
        "--teachers",
        "cam",
        "--french",
        "bea",
        "--idle-seconds",
        str(IDLE_SECONDS),
        "--nginx",
    ]
    with open(log, "w") as log_file, tryout.running(TRY_HUB, *args, log=log_file) as hub:
        folder = Path(hub["folder"])
        share = folder / "share"
        students = {name: hub_client.Student(hub["ready"], name, hub["password"]) for name in USERS}
        for student in students.values():  # logging in started them all; wait for each
            student.start(seconds=180)
        for name, (lang, edition) in USERS.items():
            student = students[name]
            assert student.listing("lessons") == [lang], name
            lessons = student.listing(f"lessons/{lang}")
            assert "00-start-here.ipynb" in lessons and len(lessons) >= 3, lessons
            assert notebook_edition(student, f"lessons/{lang}/00-start-here.ipynb") == edition

        # one lesson, cell by cell, in ada's kernel (its folder tells the lesson its language)
        run = students["ada"].run_lesson("lessons/en/00-start-here.ipynb", seconds=240)
        assert run["cells"] > 0
        print(f"lesson 00 ran {run['cells']} code cells in {run['seconds']:.1f} s")

        # the example pack: one read-only copy, which every user's kernel reads
        pack = share / "pack"
        images = [p for p in pack.rglob("*") if p.is_file()]
        assert len(images) > 40
        assert all(p.stat().st_mode & 0o222 == 0 for p in [pack, *pack.rglob("*")])
        assert not [p for p in (folder / "home").rglob("*.png")]
        probe = (
            "import os, socket\nprint(os.environ['LOOKTWICE_CACHE_DIR'])\n"
            f"try:\n    socket.create_connection(('127.0.0.1', {hub['ready'].rsplit(':', 1)[1].strip('/')}), 3)\n"
            "    print('network')\nexcept OSError:\n    print('no network')\n"
        )
        offline = (share / "jupyter" / "kernels" / "python3" / "kernel.json").exists()
        for name in ("bea", "cam"):
            cache, network = students[name].run_code(probe).strip().splitlines()
            assert cache == str(pack), name
            # on this machine (Debian 12) the kernels run without network; where `unshare --net`
            # is not allowed, prepare.py says so and the kernels keep it (deploy/README.md)
            assert network == ("no network" if offline else "network"), (name, network)

        # the idle culler stops the servers nobody uses (their files stay)
        deadline = time.monotonic() + IDLE_SECONDS + 90
        running = set(USERS)
        while running and time.monotonic() < deadline:
            time.sleep(3)
            running = {n for n in running if students[n].api("GET", f"/hub/api/users/{n}").json()["servers"]}
        assert not running, f"not culled after {IDLE_SECONDS} s idle: {running}"
        assert (folder / "home" / "bea" / "lessons" / "fr" / "00-start-here.ipynb").exists()
        assert (folder / "nginx" / "access.log").stat().st_size == 0  # the site's `access_log off`
        for student in students.values():
            student.close()
    # no access log: neither the hub, the proxy nor the servers wrote down a request
    logged = log.read_text()
    for request in ("GET ", "POST ", "/user/ada", "/hub/login", "/api/kernels"):
        assert request not in logged, logged[-3000:]
