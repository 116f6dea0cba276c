"""Time each hostile file of the test corpus and measure its peak memory.

Run from the project root::

    python benchmarks/bench_hostile.py [CASE ...] [--timeout SECONDS] [--memory-gb GB]

Each case (``tests/hostile_corpus.py``) is built in a temporary folder and inspected in its
own process (report, text and JSON, as ``looktwice inspect`` makes them), under a time limit
and an address-space limit so that a regression cannot freeze the computer. One line per
case: the outcome (``report``, ``error``, ``TIMEOUT`` or ``CRASH``), the wall-clock seconds
and the process's peak resident memory in MB (the Python interpreter with NumPy, Pillow and
the analyses loaded is about 150 MB of it). The target is at most 5 s and 1 GB per case.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from hostile_corpus import CASES, write_case  # noqa: E402


def run_case(name: str, folder: Path, timeout: float, memory_bytes: int) -> dict:
    """Build and inspect one case in a child process limited to ``memory_bytes`` of address
    space; the child reports its own time and peak memory."""
    path = write_case(name, folder)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, str(TESTS / "hostile_corpus.py"), str(path)],
            capture_output=True, text=True, timeout=timeout, preexec_fn=limit,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"outcome": "TIMEOUT", "seconds": time.perf_counter() - start, "peak_mb": float("nan")}
    finally:
        path.unlink()
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"CRASH ({last[:80]})", "seconds": time.perf_counter() - start, "peak_mb": float("nan")}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="*", default=list(CASES), help="cases to run (default: all)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a case is stopped")
    parser.add_argument("--memory-gb", type=float, default=3.0, help="address-space limit per case")
    args = parser.parse_args()
    print(f"{'case':28} {'outcome':10} {'seconds':>8} {'peak MB':>8}  detail")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.cases:
            r = run_case(name, Path(folder), args.timeout, int(args.memory_gb * 2**30))
            detail = r.get("message") or "; ".join(r.get("notes", []) + r.get("reasons", []))
            print(f"{name:28} {r['outcome']:10} {r['seconds']:8.2f} {r['peak_mb']:8.0f}  {detail[:110]}")


if __name__ == "__main__":
    main()
