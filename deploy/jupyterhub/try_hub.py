"""Try the school hub on this computer: JupyterHub on 127.0.0.1 with test users.

    .venv/bin/python deploy/jupyterhub/try_hub.py --mirror ../shared/examples/mirror
    .venv/bin/python deploy/jupyterhub/try_hub.py --users ada,bea,cam --teachers cam --french bea

Prepares a temporary shared folder (the example pack, read-only; both lesson editions, the
teacher's without its expected outputs so that it starts quickly; the offline kernel if this
machine allows it, see ``prepare.py``), then runs JupyterHub with
``jupyterhub_config.py`` through ``try_config.py``: test users who all log in with one
password (printed), each user's server a local process of the user running this script
(SimpleLocalProcessSpawner, no isolation: for trying out only), and configurable-http-proxy
in front (and nginx in front of it with ``--nginx``, configured by
``deploy/nginx/looktwice-hub.conf``). Prints ``ready <address> password <password>`` once the hub answers, then runs until
Ctrl-C (or SIGTERM), stops the hub, which stops every user's server and the proxy, and deletes
the temporary folder (unless ``--keep``).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import prepare

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tryout import free_port, interrupt, listen_on, start_nginx, stop, wait_for  # noqa: E402  (deploy/tryout.py)


def main(argv: list[str] | None = None) -> int:
    """Prepare, start the hub, wait for Ctrl-C or SIGTERM, stop everything."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="the hub's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--users", default="ada,bea,cam", help="test users, comma-separated")
    parser.add_argument("--teachers", default="cam", help="those of them who get the teacher edition")
    parser.add_argument("--french", default="bea", help="those of them who get the lessons in French")
    parser.add_argument("--password", default=None, help="their shared password (default: a random one)")
    parser.add_argument("--mirror", type=Path, help="get the example pack from this copy (default: its addresses)")
    parser.add_argument("--idle-seconds", type=int, default=1800, help="idle servers are stopped after this")
    parser.add_argument(
        "--nginx", action="store_true", help="put Debian's nginx in front, with deploy/nginx/looktwice-hub.conf"
    )
    parser.add_argument("--folder", type=Path, help="work here instead of a new temporary folder")
    parser.add_argument("--keep", action="store_true", help="keep the folder when the hub stops")
    args = parser.parse_args(argv)

    folder = args.folder or Path(tempfile.mkdtemp(prefix="lt-hub-"))  # short: kernels' socket paths
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    password = args.password or secrets.token_urlsafe(12)
    port = args.port or free_port()
    share, state, homes = folder / "share", folder / "state", folder / "home"
    for path in (state, homes):
        path.mkdir(exist_ok=True)
    prepare.main([str(share), *(["--mirror", str(args.mirror)] if args.mirror else []), "--run-teacher-edition"])

    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),
        "LOOKTWICE_HUB_SHARE": str(share),
        "LOOKTWICE_HUB_STATE": str(state),
        "LOOKTWICE_HUB_PORT": str(port),
        "LOOKTWICE_HUB_IDLE_SECONDS": str(args.idle_seconds),
        "LOOKTWICE_TRY_HUB_API_PORT": str(free_port()),
        "LOOKTWICE_TRY_PROXY_API_PORT": str(free_port()),
        "LOOKTWICE_TRY_PASSWORD": password,
        "LOOKTWICE_TRY_USERS": args.users,
        "LOOKTWICE_TRY_TEACHERS": args.teachers,
        "LOOKTWICE_TRY_FRENCH": args.french,
        "LOOKTWICE_TRY_HOMES": str(homes),
    }
    hub = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(HERE / "try_config.py")],
        cwd=state,
        env=env,
        start_new_session=True,
    )
    signal.signal(signal.SIGTERM, interrupt)
    proxy = None
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url + "hub/health", hub, 120)
        if args.nginx:
            site = (HERE.parent / "nginx" / "looktwice-hub.conf").read_text(encoding="utf-8")
            site = site.replace("proxy_pass http://127.0.0.1:8000;", f"proxy_pass http://127.0.0.1:{port};")
            (folder / "nginx").mkdir(mode=0o755, exist_ok=True)
            url = f"http://127.0.0.1:{free_port()}/"
            proxy = start_nginx(listen_on(site, int(url.rsplit(":", 1)[1].strip("/"))), folder / "nginx")
            wait_for(url + "hub/health", proxy, 30)
        print(f"ready {url} password {password} users {args.users} folder {folder}", flush=True)
        hub.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if proxy is not None:
            stop(proxy, seconds=20, sig=signal.SIGQUIT)
        stop(hub)
        if not args.keep and args.folder is None:
            for path in folder.rglob("*"):  # the pack is read-only
                if path.is_dir() and not path.is_symlink():
                    path.chmod(0o755)
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
