"""Load test of the classroom demo: a class of 30 inspecting 2-megapixel images at once.

    python benchmarks/load_demo.py                 # 30 clients, each uploads its own 2 MP JPEG
    python benchmarks/load_demo.py --format png    # ... as PNG (bigger files, slower to decode)
    python benchmarks/load_demo.py --example real_coffee_cup   # all 30 open the same example
    python benchmarks/load_demo.py --url http://school-server:7860/   # an app already running
    python benchmarks/load_demo.py --client http   # lighter clients: measures the server better

The demo is started in its own process (as ``looktwice demo`` would run it) on 127.0.0.1,
unless ``--url`` is given. Every client connects first; then all send their request at the
same moment, and the time from sending to receiving the full answer is measured (with
``--download``, also fetching every picture of the answer, as a browser would). Prints the median (p50), the 95th percentile (p95), the slowest request
and the number of errors. The target on a 2-core laptop: p95 <= 3 s and no error.

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
APP = ROOT / "demos" / "classroom" / "app.py"


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


def start_server(port: int, concurrency: int) -> subprocess.Popen:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen(
        [sys.executable, str(APP), "--port", str(port), "--no-browser", "--concurrency", str(concurrency)],
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


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def http_call(client, example: str | None, path: Path | None, download: bool) -> None:
    """One inspect through Gradio's plain HTTP API: upload (if a file), call, read the result."""
    import json

    if example:
        api, data = "inspect_example", [example, "en"]
    else:
        with open(path, "rb") as f:
            r = client.post("gradio_api/upload", files={"files": (path.name, f, "application/octet-stream")})
        r.raise_for_status()
        api, data = "inspect_upload", [{"path": r.json()[0], "meta": {"_type": "gradio.FileData"}}, "en"]
    r = client.post(f"gradio_api/call/{api}", json={"data": data})
    r.raise_for_status()
    event = r.json()["event_id"]
    kind = None
    with client.stream("GET", f"gradio_api/call/{api}/{event}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                kind = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and kind in ("complete", "error"):
                if kind == "error":
                    raise RuntimeError(line[5:].strip()[:300])
                if download:
                    for item in json.loads(line[5:]):
                        value = item.get("value") if isinstance(item, dict) else None
                        if isinstance(value, dict) and value.get("url"):
                            client.get(value["url"]).raise_for_status()
                return
    raise RuntimeError("the stream ended without a result")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--megapixels", type=float, default=2.0)
    parser.add_argument("--format", choices=["jpeg", "png"], default="jpeg")
    parser.add_argument("--example", help="inspect this example by name instead of uploading")
    parser.add_argument("--url", help="an app already running (default: start one on 127.0.0.1)")
    parser.add_argument("--concurrency", type=int, default=2, help="the server's --concurrency (default 2)")
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
        default="gradio",
        help="gradio: gradio_client (default); http: bare HTTP calls to the same endpoints "
        "(/gradio_api/call/...), which take far less of this machine's CPU than gradio_client",
    )
    parser.add_argument(
        "--download",
        action="store_true",
        help="also download every picture of the answer into the client (a browser fetches them "
        "from the students' own machines; here the clients' downloading takes this machine's CPU)",
    )
    args = parser.parse_args(argv)

    from gradio_client import Client, handle_file

    proc = None
    url = args.url
    folder = Path(tempfile.mkdtemp(prefix="looktwice-load-"))
    if url is None:
        port = free_port()
        proc = start_server(port, args.concurrency)
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
        latencies: list[float] = []
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
                    if args.client == "http":
                        http_call(clients[i], args.example, files[i] if files else None, args.download)
                    elif args.example:
                        clients[i].predict(args.example, "en", api_name="/inspect_example")
                    else:
                        clients[i].predict(handle_file(str(files[i])), "en", api_name="/inspect_upload")
                    with lock:
                        latencies.append(time.perf_counter() - start)
                except Exception as exc:  # noqa: BLE001  counted, not raised: the point is to see them all
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=one, args=(i,)) for i in range(args.clients)]
        server_cpu = cpu_seconds(proc.pid) if proc is not None else None
        client_cpu = time.process_time()
        wall = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
        client_cpu = time.process_time() - client_cpu
        if server_cpu is not None:
            server_cpu = (cpu_seconds(proc.pid) or server_cpu) - server_cpu
        what = (
            f"example {args.example}"
            if args.example
            else f"{args.format.upper()} {width}x{height} ({width * height / 1e6:.1f} MP), each client its own"
        )
        if args.spread:
            what += f"; arrivals spread over {args.spread:g} s"
        print(
            f"clients: {args.clients} {args.client} x {args.rounds} request(s); {what}; pictures downloaded: "
            f"{'yes' if args.download else 'no'}; server concurrency {args.concurrency}; CPUs: {os.cpu_count()}"
        )
        if latencies:
            print(
                f"latency p50 {statistics.median(latencies):.2f} s  p95 {percentile(latencies, 0.95):.2f} s  "
                f"max {max(latencies):.2f} s  (all done in {wall:.2f} s)"
            )
        n = max(1, len(latencies) + len(errors))
        cpu = f"CPU used: clients {client_cpu:.1f} s"
        if server_cpu is not None:
            cpu += f", server {server_cpu:.1f} s ({server_cpu / n:.2f} s per request)"
        print(cpu)
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
