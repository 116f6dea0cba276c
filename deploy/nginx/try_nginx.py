"""Try nginx in front of the classroom app on this computer: two instances on loopback ports.

    .venv/bin/python deploy/nginx/try_nginx.py                     # 2 instances, nginx on a free port
    .venv/bin/python deploy/nginx/try_nginx.py --instances 3 --port 8080 --classroom

Starts N ``looktwice demo`` instances on free ports of 127.0.0.1, then Debian's nginx
(``apt-get install nginx``) with ``looktwice.conf`` from this folder, unchanged except for its
``listen`` address (127.0.0.1 and the port) and its ``server`` lines (the instances' ports):
sticky sessions by cookie, the upload size limit, no access log. nginx runs as a process of its
own (not the system's service), with its files in a temporary folder. Prints
``ready <address> instances <ports> pids <process ids> folder <its folder>`` once nginx answers, then runs until
Ctrl-C (or SIGTERM) and stops nginx and the instances.

Try a class against it: ``python benchmarks/load_demo.py --url <address>``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tryout import free_port, interrupt, listen_on, start_nginx, stop, wait_for  # noqa: E402  (deploy/tryout.py)


def site_conf(ports: list[int], listen_port: int) -> str:
    """``looktwice.conf`` with its ``server`` lines pointing at ``ports``, listening on 127.0.0.1.

    Parameters
    ----------
    ports : list of int
        The ports of the ``looktwice demo`` instances.
    listen_port : int
        nginx's port on 127.0.0.1.
    """
    text = (HERE / "looktwice.conf").read_text(encoding="utf-8")
    lines = re.findall(r"^( *)server 127\.0\.0\.1:\d+ (.*)$", text, flags=re.MULTILINE)
    indent, options = lines[0]
    servers = "\n".join(f"{indent}server 127.0.0.1:{port} {options}" for port in ports)
    text = re.sub(r"(^ *server 127\.0\.0\.1:\d+ .*\n)+", servers + "\n", text, count=1, flags=re.MULTILINE)
    return listen_on(text, listen_port)


def start_instance(port: int, options: list[str]) -> subprocess.Popen:
    """Start one ``looktwice demo`` on 127.0.0.1:``port`` (the kit's public command)."""
    command = Path(sys.executable).with_name("looktwice")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "looktwice"]
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [*argv, "demo", "--host", "127.0.0.1", "--port", str(port), "--no-browser", *options],
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Start the instances and nginx, wait for Ctrl-C or SIGTERM, stop everything."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=2, help="how many app instances (default 2)")
    parser.add_argument("--port", type=int, default=0, help="nginx's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--workers", type=int, default=1, help="each instance's --workers (default 1)")
    parser.add_argument("--classroom", action="store_true", help="start the instances with --classroom")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGTERM, interrupt)
    folder = Path(tempfile.mkdtemp(prefix="looktwice-nginx-"))
    folder.chmod(0o755)  # nginx's workers run as another user when it is started by root
    port = args.port or free_port()
    ports = [free_port() for _ in range(args.instances)]
    options = ["--workers", str(args.workers), *(["--classroom"] if args.classroom else [])]
    processes: list[subprocess.Popen] = []
    proxy = None
    try:
        processes += [start_instance(p, options) for p in ports]
        for p, process in zip(ports, processes):
            wait_for(f"http://127.0.0.1:{p}/", process, 180)
        proxy = start_nginx(site_conf(ports, port), folder)
        wait_for(f"http://127.0.0.1:{port}/", proxy, 30)
        print(
            f"ready http://127.0.0.1:{port}/ instances {','.join(map(str, ports))} "
            f"pids {','.join(str(p.pid) for p in processes)} folder {folder}",
            flush=True,
        )
        proxy.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if proxy is not None:  # nginx first: SIGQUIT lets it finish the requests it holds
            stop(proxy, seconds=20, sig=signal.SIGQUIT)
        for process in processes:
            stop(process, seconds=20)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
