"""Load test of the classroom demo: a class of 30 inspecting 2-megapixel images at once.

    python benchmarks/load_demo.py                 # 30 clients, each uploads its own 2 MP JPEG
    python benchmarks/load_demo.py --format png    # ... as PNG (bigger files, slower to decode)
    python benchmarks/load_demo.py --example real_coffee_cup   # all 30 open the same example
    python benchmarks/load_demo.py --url http://school-server:7860/   # an app already running
    python benchmarks/load_demo.py --client gradio # 30 gradio_client clients instead
    python benchmarks/load_demo.py --workers 1     # the server with one analysis worker

The demo is started in its own process (as ``looktwice demo`` would run it) on 127.0.0.1,
unless ``--url`` is given. Every client connects and opens its session first (as a student's
page does when it loads); then all send their request at the same moment. The inspect tab
answers in two steps, and both are timed from sending:

- **findings shown**: the first answer, with the picture, the findings as cards, the labels
  and the grain and spectrum's words (what a student reads first);
- **complete**: the whole answer, with every analysis picture and the detector's card (with
  ``--download``, also fetching every picture of the answer, as a browser would).

Prints the median (p50), the 95th percentile (p95) and the slowest request of each, the CPU
time of the server's web process and of its analysis workers, the CPU other processes of
the machine used meanwhile and the time the virtual machine's host took from it (steal):
both lengthen every wait. Then the number of errors. The target on a 2-core laptop
(issue #13) applies to the findings shown: p95 <= 1.0 s, and no error.

The clients run in this process, so on one machine they take a little CPU from the server;
in a classroom they run on the students' computers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]


def photo(width: int, height: int, seed: int) -> Image.Image:
    """A deterministic photo-like picture: smooth shapes, texture and sensor-like noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    phase = rng.uniform(0, 6.28, 3)
    base = 120 + 60 * np.sin(x / 37.0 + phase[0]) * np.cos(y / 23.0 + phase[1]) + 40 * np.sin((x + y) / 91.0 + phase[2])
    rgb = np.stack([base, base * 0.8 + 30, 200 - base * 0.5], axis=-1)
    rgb += rng.normal(0, 3.0, rgb.shape)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int | None) -> subprocess.Popen:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "looktwice", "demo", "--port", str(port), "--no-browser"]
        + ([] if workers is None else ["--workers", str(workers)]),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the demo stopped while starting:\n{proc.stderr.read()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the demo did not start within 120 s")


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pid: int) -> dict[str, float] | None:
    """User + system CPU time so far of a process and of each of its descendants (its worker
    processes), by process id (Linux), or None."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    times, todo = {}, [pid]
    while todo:
        p = todo.pop()
        fields = _stat(p)
        if fields is None:
            continue
        times[str(p)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        todo += children.get(p, [])
    return times or None


def stolen_seconds() -> float | None:
    """CPU time the hypervisor gave to others so far ("steal" in /proc/stat), or None. On a
    virtual machine this is time the server could not use: it lengthens every latency."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def busy_seconds() -> float | None:
    """CPU time every process of this machine has used so far (user, nice, system, interrupts;
    from /proc/stat), or None. Less the server's and the clients', what others took meanwhile."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
        user, nice, system, _idle, _iowait, irq, softirq = fields
        return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def server_pid(url: str) -> int | None:
    """The process listening on ``url``'s port on this machine (Linux), or None."""
    import urllib.parse

    port = urllib.parse.urlsplit(url).port
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f[9])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd).removeprefix("socket:[").rstrip("]") in inodes:
                    return int(entry.name)
        except OSError:
            continue
    return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def http_result(client, api: str, data: list, session: str, steps: list | None = None) -> list:
    """Call a named endpoint through Gradio's plain HTTP API in ``session``; its outputs (the
    last step's, for an endpoint that answers in steps). ``steps``: a list to which each
    step's outputs are appended as ``(time.perf_counter(), outputs)`` as they arrive."""
    import json

    r = client.post(f"gradio_api/call/{api}", json={"data": data, "session_hash": session})
    r.raise_for_status()
    event = r.json()["event_id"]
    kind = None
    with client.stream("GET", f"gradio_api/call/{api}/{event}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                kind = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and kind == "generating" and steps is not None:
                steps.append((time.perf_counter(), json.loads(line[5:])))
            elif line.startswith("data:") and kind in ("complete", "error"):
                if kind == "error":
                    raise RuntimeError(line[5:].strip()[:300])
                outputs = json.loads(line[5:])
                if steps is not None and not steps:
                    steps.append((time.perf_counter(), outputs))
                return outputs
    raise RuntimeError("the stream ended without a result")


def http_call(client, example: str | None, path: Path | None, download: bool, session: str) -> float:
    """One inspect through Gradio's plain HTTP API: upload (if a file), call, read the result;
    the time (``time.perf_counter()``) its first answer arrived."""
    if example:
        api, data = "inspect_example", [example, "en"]
    else:
        with open(path, "rb") as f:
            r = client.post("gradio_api/upload", files={"files": (path.name, f, "application/octet-stream")})
        r.raise_for_status()
        api, data = "inspect_upload", [{"path": r.json()[0], "meta": {"_type": "gradio.FileData"}}, "en"]
    steps: list = []
    outputs = http_result(client, api, data, session, steps)
    if download:
        for item in outputs:
            value = item.get("value") if isinstance(item, dict) and "value" in item else item
            if isinstance(value, dict) and value.get("url"):
                client.get(value["url"]).raise_for_status()
    return steps[0][0]


def gradio_call(client, example: str | None, path: Path | None) -> float:
    """One inspect through ``gradio_client``; the time its first answer arrived."""
    from gradio_client import handle_file

    if example:
        job = client.submit(example, "en", api_name="/inspect_example")
    else:
        job = client.submit(handle_file(str(path)), "en", api_name="/inspect_upload")
    first = None
    for _ in job:  # each step's outputs, as they arrive
        first = first or time.perf_counter()
    job.result()
    return first or time.perf_counter()


def summary(name: str, values: list[float]) -> str:
    """``name: p50 ... p95 ... max ...`` of ``values`` (seconds)."""
    return (
        f"{name:<34} p50 {statistics.median(values):.2f} s  p95 {percentile(values, 0.95):.2f} s  "
        f"max {max(values):.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--megapixels", type=float, default=2.0)
    parser.add_argument("--format", choices=["jpeg", "png"], default="jpeg")
    parser.add_argument("--example", help="inspect this example by name instead of uploading")
    parser.add_argument("--url", help="an app already running (default: start one on 127.0.0.1)")
    parser.add_argument(
        "--workers", type=int, default=None, help="the server's --workers (default: its own, one per core)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="how many times each client sends its request")
    parser.add_argument(
        "--spread",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="start each client at a random moment within SECONDS instead of all at once "
        "(a class rarely clicks in the same second); the order is fixed by a seed",
    )
    parser.add_argument(
        "--client",
        choices=["gradio", "http"],
        default="http",
        help="http (default): the HTTP calls a page makes (upload, then /gradio_api/call/...); "
        "gradio: gradio_client, whose 30 clients take more of this machine's CPU than the server",
    )
    parser.add_argument(
        "--download",
        action="store_true",
        help="also download every picture of the answer into the client (a browser fetches them "
        "from the students' own machines; here the clients' downloading takes this machine's CPU)",
    )
    args = parser.parse_args(argv)

    from gradio_client import Client

    proc = None
    url = args.url
    folder = Path(tempfile.mkdtemp(prefix="looktwice-load-"))
    if url is None:
        port = free_port()
        proc = start_server(port, args.workers)
        url = f"http://127.0.0.1:{port}/"
    try:
        width = round((args.megapixels * 1e6 * 3 / 2) ** 0.5)
        height = round(width * 2 / 3)
        files = []
        if not args.example:
            for i in range(args.clients):
                path = folder / f"photo-{i}.{'jpg' if args.format == 'jpeg' else 'png'}"
                image = photo(width, height, seed=i)
                image.save(path, "JPEG", quality=90) if args.format == "jpeg" else image.save(path, "PNG")
                files.append(path)
        if args.client == "gradio":
            clients = [
                Client(
                    url,
                    verbose=False,
                    analytics_enabled=False,
                    download_files=str(folder / f"dl-{i}") if args.download else False,
                )
                for i in range(args.clients)
            ]
        else:
            import httpx

            clients = [httpx.Client(base_url=url, timeout=300) for _ in range(args.clients)]
        # Each client opens its session first, as a student's page does when it loads (Gradio
        # builds a session's state then, which takes the server some 40 ms per student).
        import secrets

        sessions = [secrets.token_hex(6) for _ in range(args.clients)]
        for i in range(args.clients):
            if args.client == "http":
                http_result(clients[i], "set_language", ["en", None, None, None], sessions[i])
            else:
                clients[i].predict("en", None, None, None, api_name="/set_language")
        latencies: list[float] = []
        shown: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(args.clients)

        import random

        delays = [random.Random(i).uniform(0, args.spread) for i in range(args.clients)]

        def one(i: int) -> None:
            barrier.wait()
            time.sleep(delays[i])
            for _ in range(args.rounds):
                start = time.perf_counter()
                try:
                    path = files[i] if files else None
                    if args.client == "http":
                        first = http_call(clients[i], args.example, path, args.download, sessions[i])
                    else:
                        first = gradio_call(clients[i], args.example, path)
                    with lock:
                        latencies.append(time.perf_counter() - start)
                        shown.append(first - start)
                except Exception as exc:  # noqa: BLE001  counted, not raised: the point is to see them all
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=one, args=(i,)) for i in range(args.clients)]
        pid = proc.pid if proc is not None else server_pid(url)
        server_cpu = cpu_seconds(pid) if pid is not None else None
        client_cpu = time.process_time()
        stolen = stolen_seconds()
        busy = busy_seconds()
        wall = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
        client_cpu = time.process_time() - client_cpu
        if stolen is not None:
            stolen = (stolen_seconds() or stolen) - stolen
        if busy is not None:
            busy = (busy_seconds() or busy) - busy
        if server_cpu is not None:
            after = cpu_seconds(pid) or {}
            # the web server's own process, and its workers (including any started meanwhile)
            main_cpu = after.get(str(pid), 0.0) - server_cpu.get(str(pid), 0.0)
            worker_cpu = sum(t - server_cpu.get(p, 0.0) for p, t in after.items() if p != str(pid))
            server_cpu = main_cpu + worker_cpu
        what = (
            f"example {args.example}"
            if args.example
            else f"{args.format.upper()} {width}x{height} ({width * height / 1e6:.1f} MP), each client its own"
        )
        if args.spread:
            what += f"; arrivals spread over {args.spread:g} s"
        print(
            f"clients: {args.clients} {args.client} x {args.rounds} request(s); {what}; pictures downloaded: "
            f"{'yes' if args.download else 'no'}; server workers {'default' if args.workers is None else args.workers}; CPUs: {os.cpu_count()}"
        )
        if latencies:
            print(summary("findings shown (the target's step):", shown))
            print(summary("complete (every picture):", latencies) + f"  (all done in {wall:.2f} s)")
        n = max(1, len(latencies) + len(errors))
        cpu = f"CPU used: clients {client_cpu:.1f} s"
        if server_cpu is not None:
            cpu += (
                f", server {server_cpu:.1f} s ({server_cpu / n:.3f} s per request: "
                f"web process {main_cpu / n:.3f} s, workers {worker_cpu / n:.3f} s)"
            )
        if busy is not None and server_cpu is not None:
            cpu += f"; other processes on this machine {max(0.0, busy - server_cpu - client_cpu):.1f} s"
        print(cpu)
        if stolen:
            print(
                f"CPU time taken by the virtual machine's host meanwhile (steal): {stolen:.1f} s "
                f"of the {os.cpu_count() * wall:.1f} s the cores had"
            )
        print(f"errors: {len(errors)}")
        for e in errors[:5]:
            print("  ", e[:300])
        return 0 if not errors else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
