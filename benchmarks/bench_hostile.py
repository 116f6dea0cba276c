"""Time each hostile file of the test corpus and measure its peak memory.

Run from the project root::

    python benchmarks/bench_hostile.py [CASE ...] [--timeout SECONDS] [--memory-gb GB]
    python benchmarks/bench_hostile.py --watermark [--trials N]

Each case (``tests/hostile_corpus.py``) is built in a temporary folder and inspected in its
own process (report, text and JSON, as ``looktwice inspect`` makes them), under a time limit
and an address-space limit so that a regression cannot freeze the computer. One line per
case: the outcome (``report``, ``error``, ``TIMEOUT`` or ``CRASH``), the wall-clock seconds
and the process's peak resident memory in MB (the Python interpreter with NumPy, Pillow and
the analyses loaded is about 150 MB of it). The target is at most 5 s and 1 GB per case.

``--watermark`` measures how many bits of each watermark message pictures *without* the mark
match, which is where ``analyses/watermark.py`` puts its "likely" limits: random vertical
stripes (one random bit per column of 8-pixel blocks, at every width from 8 to 419 blocks,
``--trials`` patterns each) and random noise; then marks written with the kit's encoder (bit
for bit the reference one) into photo-like pictures and saved as PNG.
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


def watermark_chance(trials: int) -> None:
    """Print the best matches of unmarked striped and noisy pictures, and of marked ones."""
    import io

    import numpy as np
    from conftest import photo_like
    from PIL import Image

    from looktwice import open_specimen
    from looktwice.analyses.watermark import PAYLOADS, block_scores, vote
    from looktwice.writers.watermark import embed_bits

    rng = np.random.default_rng(18)
    tails = {p.key: np.zeros(p.size + 1, np.int64) for p in PAYLOADS}
    for width_blocks in range(8, 420):
        rows = max(64, -(-1024 // width_blocks))
        for _ in range(trials):
            columns = rng.random(width_blocks) < 0.5
            scores = np.broadcast_to(columns, (rows, width_blocks)).ravel()
            for p in PAYLOADS:
                tails[p.key][int((vote(scores, p.size) == p.bits).sum())] += 1
    noise = {p.key: 0 for p in PAYLOADS}
    for seed in range(50):
        scores = block_scores(np.random.default_rng(seed).integers(0, 256, (512, 512, 3), dtype=np.uint8))
        for p in PAYLOADS:
            noise[p.key] = max(noise[p.key], int((vote(scores, p.size) == p.bits).sum()))
    marked = {p.key: [] for p in PAYLOADS}
    for seed, (w, h) in enumerate([(512, 512), (768, 512), (1024, 1024), (517, 389), (640, 480), (256, 256)]):
        for p in PAYLOADS:
            buf = io.BytesIO()
            Image.fromarray(embed_bits(photo_like(w, h, seed=seed), p.bits)).save(buf, "PNG")
            scores = block_scores(open_specimen(buf.getvalue()).rgb)
            marked[p.key].append(int((vote(scores, p.size) == p.bits).sum()))
    for p in PAYLOADS:
        counts = tails[p.key]
        at_least = np.cumsum(counts[::-1])[::-1]
        best = int(np.nonzero(counts)[0].max())
        print(f"{p.label} ({p.size} bits), limits none/partial/likely {p.limits}")
        print(f"  stripes: {int(counts.sum())} patterns, best {best}; at least k matches: "
              + ", ".join(f"{k}: {int(at_least[k])}" for k in range(best - 6, best + 1)))  # fmt: skip
        print(f"  noise (50 pictures of 512 x 512): best {noise[p.key]}")
        print(f"  marked photo-like PNGs: {sorted(marked[p.key])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="*", default=list(CASES), help="cases to run (default: all)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a case is stopped")
    parser.add_argument("--memory-gb", type=float, default=3.0, help="address-space limit per case")
    parser.add_argument("--watermark", action="store_true", help="measure watermark matches without a mark")
    parser.add_argument("--trials", type=int, default=100, help="stripe patterns per width (--watermark)")
    args = parser.parse_args()
    if args.watermark:
        watermark_chance(args.trials)
        return
    print(f"{'case':28} {'outcome':10} {'seconds':>8} {'peak MB':>8}  detail")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.cases:
            r = run_case(name, Path(folder), args.timeout, int(args.memory_gb * 2**30))
            detail = r.get("message") or "; ".join(r.get("notes", []) + r.get("reasons", []))
            print(f"{name:28} {r['outcome']:10} {r['seconds']:8.2f} {r['peak_mb']:8.0f}  {detail[:110]}")


if __name__ == "__main__":
    main()
