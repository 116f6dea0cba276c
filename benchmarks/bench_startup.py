"""Print how long ``looktwice --version`` and ``looktwice inspect --help`` take to start
(target, issue #19: 0.3 s or less; heavy imports happen where they are used).

    python benchmarks/bench_startup.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COMMANDS = (["--version"], ["inspect", "--help"], ["evaluate", "--help"])


def main(runs: int = 7) -> None:
    for args in COMMANDS:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "looktwice", *args], check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        print(
            f"looktwice {' '.join(args):<16} median {statistics.median(times):.3f} s, best {min(times):.3f} s ({runs} runs)"
        )


if __name__ == "__main__":
    main()
