"""What the try-out scripts share (``jupyterhub/try_hub.py``, ``nginx/try_nginx.py``): free
ports on 127.0.0.1, waiting for a server to answer, stopping what a script started, and running
a try-out script in a child process until its ``ready`` line (for tests and benchmarks).

A try-out script prints one line ``ready <address> <key> <value> ...`` once it serves, then runs
until SIGTERM or Ctrl-C and stops everything it started.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

#: The main configuration around a site file, for an nginx that is not the system's service.
NGINX_MAIN_CONF = """\
daemon off;
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    # what would be logged without the site's `access_log off` (so a test can see it stays empty)
    access_log {folder}/access.log;
    include {folder}/site.conf;
}}
"""


def start_nginx(site: str, folder: Path) -> subprocess.Popen:
    """Check and start Debian's nginx with one site's configuration, its files in ``folder``.

    Parameters
    ----------
    site : str
        The site's configuration (``map``, ``upstream`` and ``server`` blocks), as in
        ``/etc/nginx/sites-enabled``.
    folder : Path
        A folder of its own (readable by nginx's workers: mode 0755).

    Returns
    -------
    subprocess.Popen
        The nginx master process, in a session of its own; stop it with ``SIGQUIT``.
    """
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is missing: sudo apt-get install nginx")
    (folder / "site.conf").write_text(site, encoding="utf-8")
    (folder / "nginx.conf").write_text(NGINX_MAIN_CONF.format(folder=folder), encoding="utf-8")
    command = [nginx, "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    subprocess.run([*command, "-t", "-q"], check=True)
    return subprocess.Popen(command, start_new_session=True)


def listen_on(site: str, port: int) -> str:
    """A site configuration with its ``listen 80;`` line made ``listen 127.0.0.1:<port>;``."""
    lines = site.splitlines(keepends=True)
    found = [i for i, line in enumerate(lines) if line.strip() == "listen 80;"]
    if len(found) != 1:
        raise SystemExit("the site's configuration has no single `listen 80;` line to replace")
    lines[found[0]] = lines[found[0]].replace("listen 80;", f"listen 127.0.0.1:{port};")
    return "".join(lines)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float) -> None:
    """Wait until ``url`` answers, or fail if ``process`` ends or ``seconds`` pass.

    Parameters
    ----------
    url : str
        An address on 127.0.0.1.
    process : subprocess.Popen
        The server that should answer there.
    seconds : float
        How long to wait.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[:3]} stopped while starting (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def stop(process: subprocess.Popen, seconds: float = 30, sig: int = signal.SIGTERM) -> None:
    """Stop a process started with ``start_new_session=True``, then anything left of its session."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # its own session: only what this script started
    process.wait()


def interrupt(_signum: int, _frame: object) -> None:
    """Installed for SIGTERM: stop as Ctrl-C does, through the ``finally`` blocks."""
    raise KeyboardInterrupt


@contextlib.contextmanager
def running(script: Path, *args: str, log: IO | None = None, seconds: float = 240) -> Iterator[dict[str, str]]:
    """Run a try-out script in a child process until the ``with`` block ends.

    Parameters
    ----------
    script : Path
        The script (run with this Python).
    *args : str
        Its options.
    log : file, optional
        Where its log (standard error) goes; default nowhere.
    seconds : float
        How long it may take to be ready.

    Yields
    ------
    dict
        Its ready line read as pairs: ``ready`` (the address), then the script's own keys.
    """
    child = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=log or subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout], daemon=True).start()
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if child.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{script.name}: not ready within {seconds:.0f} s (see its log)") from None
                continue
            if line.startswith("ready "):
                words = line.split()
                yield dict(zip(words[::2], words[1::2]))
                return
    finally:
        stop(child, seconds=60)  # the script stops what it started
