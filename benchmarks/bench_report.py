"""Benchmark: the full report on a 12-megapixel camera-like JPEG.

Prints the time to decode the JPEG alone, the time of the full report (decode included), their
ratio, the time of each analysis run alone, and the peak memory of a process that makes one
report. Targets (issue #2): report <= 5x decode, peak memory <= 1 GB, every analysis at full
resolution.

    python benchmarks/bench_report.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import time

import numpy as np
from PIL import Image

WIDTH, HEIGHT = 4000, 3000


def camera_like_jpeg(seed: int = 0) -> bytes:
    """A 12-megapixel JPEG that looks like a camera's: a scikit-image photo enlarged, with
    sensor-like noise and Canon-style EXIF, saved at quality 92."""
    from skimage import data

    rng = np.random.default_rng(seed)
    base = Image.fromarray(data.coffee()).resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    pixels = np.asarray(base, dtype=np.float32)
    pixels += rng.normal(0, 3.0, pixels.shape).astype(np.float32)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "Canon EOS 50D"
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=92, exif=exif)
    return buf.getvalue()


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def decode(raw: bytes) -> None:
    image = Image.open(io.BytesIO(raw))
    image.load()


def peak_memory_mb(raw_path: str) -> tuple[float, float]:
    """Peak resident memory (MB) of a fresh process after imports, and after one report."""
    # VmHWM (the kernel's high-water mark of resident memory) belongs to the new program;
    # ru_maxrss would include the parent's memory from before the fork.
    code = (
        "import re, sys, looktwice\n"
        "hwm = lambda: int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "base = hwm()\n"
        "r = looktwice.inspect(sys.argv[1])\n"
        "print(base, hwm())"
    )
    out = subprocess.run([sys.executable, "-c", code, raw_path], capture_output=True, text=True, check=True)
    base, peak = (int(v) / 1024 for v in out.stdout.split())
    return base, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()

    import tempfile

    import looktwice
    from looktwice.analyses import ANALYSES
    from looktwice.image_file import open_specimen

    raw = camera_like_jpeg()
    decode_s = best_of(lambda: decode(raw), args.repeat)
    report_s = best_of(lambda: looktwice.inspect(raw), args.repeat)
    alone = {}
    for name, fn in ANALYSES.items():
        specimens = [open_specimen(raw) for _ in range(args.repeat)]
        for s in specimens:  # shared arrays are computed once per image; count them apart
            _ = s.residual
        alone[name] = best_of(lambda: fn(specimens.pop()), args.repeat)  # noqa: B023  called at once
    shared_s = best_of(lambda: open_specimen(raw).residual, args.repeat)
    with tempfile.NamedTemporaryFile(suffix=".jpg") as f:
        f.write(raw)
        f.flush()
        base_mb, peak_mb = peak_memory_mb(f.name)

    print(f"image: {WIDTH} x {HEIGHT} JPEG, {len(raw) / 1e6:.1f} MB")
    print(f"decode alone:           {decode_s * 1000:7.0f} ms")
    print(f"full report:            {report_s * 1000:7.0f} ms")
    print(f"ratio report / decode:  {report_s / decode_s:7.2f}   (target <= 5)")
    print(f"open + shared arrays:   {shared_s * 1000:7.0f} ms  (decode, RGB, luma, residual)")
    for name, seconds in alone.items():
        print(f"  {name:12s}          {seconds * 1000:7.0f} ms  (alone, shared arrays ready)")
    print(f"peak memory:            {peak_mb:7.0f} MB  (after imports {base_mb:.0f} MB; target <= 1024)")
    if args.json:
        print(
            json.dumps(
                {
                    "decode_s": decode_s,
                    "report_s": report_s,
                    "ratio": report_s / decode_s,
                    "analyses_s": alone,
                    "peak_mb": peak_mb,
                }
            )
        )


if __name__ == "__main__":
    main()
