"""nginx in front of two classroom app instances (deploy/nginx), on this machine's loopback.

``deploy/nginx/try_nginx.py`` starts two ``looktwice demo`` instances and Debian's nginx with
``deploy/nginx/looktwice.conf``; a class of 30 clients (``benchmarks/load_demo.py``), each
uploading its own 2-megapixel photo, goes through nginx with 0 errors, which needs every
client's upload and call to reach the same instance (sticky sessions), and both instances
share the work. An upload over the size limit is refused by nginx, and nothing reaches the
access log. About a minute; nginx and
the instances are stopped after it. Needs nginx (``scripts/test.sh`` installs it as root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))

import tryout  # noqa: E402

TRY_NGINX = ROOT / "deploy" / "nginx" / "try_nginx.py"


def cpu_seconds(pid: int) -> float:
    """CPU time so far of a process and its children (an instance and its analysis workers)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        todo += [int(c) for c in children]
    return total


def test_nginx_serves_a_class_through_two_instances(tmp_path):
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is missing: apt-get install nginx (scripts/test.sh does it when run as root)")
    with open(tmp_path / "try_nginx.log", "w") as log, tryout.running(TRY_NGINX, log=log, seconds=240) as proxy:
        url = proxy["ready"]
        r = httpx.get(url, timeout=30)
        assert r.status_code == 200 and r.headers["server"].startswith("nginx")
        assert "looktwice_route=" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]

        # over the upload limit (40 MB): nginx refuses it before any instance sees it
        r = httpx.post(
            url + "gradio_api/upload",
            content=b"0" * (41 * 2**20),
            timeout=60,
            headers={"content-type": "application/octet-stream"},
        )
        assert r.status_code == 413 and r.headers["server"].startswith("nginx")

        pids = [int(p) for p in proxy["pids"].split(",")]
        before = [cpu_seconds(p) for p in pids]
        load = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "load_demo.py"), "--url", url, "--clients", "30"],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        print(load.stdout)
        assert load.returncode == 0 and "errors: 0" in load.stdout, load.stdout + load.stderr[-2000:]
        used = [cpu_seconds(p) - b for p, b in zip(pids, before)]
        # 30 pictures at about 0.17 s of CPU each, spread by the routing cookie over both
        assert all(u > 0.3 for u in used), used
        # no access log: the site's `access_log off` wins over the one the try-out sets around it
        access_log = Path(proxy["folder"]) / "access.log"
        assert access_log.exists() and access_log.stat().st_size == 0
