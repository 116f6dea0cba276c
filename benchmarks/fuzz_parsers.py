"""Fuzz the kit's readers for longer than CI can: mutated real files through the whole report,
and raw text through each parser of a file's labels. Bounded; prints what it tried and found.

    python benchmarks/fuzz_parsers.py                     # 2,000 files, 5 minutes at most
    python benchmarks/fuzz_parsers.py --examples 20000 --minutes 60 --seed 7

Inputs are drawn by Hypothesis (mutations of seed files: flipped, inserted and deleted bytes,
cut-offs, spliced segments). A failure is any exception other than the kit's own clear
``ImageError``, or an input that takes longer than --slow seconds. Each failure is written to
--out so it can join ``tests/hostile_corpus.py``.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import traceback
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_corpus import exif_jpeg, png_chunk, png_with_chunks  # noqa: E402


def seeds() -> list[bytes]:
    """Small real files carrying the labels the parsers read."""
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "PNG")
    plain_png = buf.getvalue()
    a1111 = png_with_chunks(
        png_chunk(b"tEXt", b"parameters\x00a cat\nNegative prompt: dog\nSteps: 20, Sampler: Euler a, Seed: 1")
    )
    comfy = png_with_chunks(png_chunk(b"tEXt", b'prompt\x00{"3": {"class_type": "KSampler", "inputs": {"seed": 5}}}'))
    xmp = png_with_chunks(
        png_chunk(
            b"iTXt",
            b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
            b"xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
            b"xmlns:Iptc4xmpExt='http://iptc.org/std/Iptc4xmpExt/2008-02-29/' "
            b"Iptc4xmpExt:DigitalSourceType='http://cv.iptc.org/newscodes/digitalsourcetype/"
            b"trainedAlgorithmicMedia'/></rdf:RDF></x:xmpmeta>",
        )
    )
    return [plain_png, a1111, comfy, xmp, exif_jpeg(make="Canon", model="EOS", software="GIMP 2.10")]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "cut", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "cut":
            del data[at:]
        elif kind == "repeat":
            piece = data[at : at + draw(st.integers(1, 256))]
            data[at:at] = piece * draw(st.integers(1, 200))
    return bytes(data)


SEEDS = seeds()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--slow", type=float, default=5.0, help="seconds after which an input counts as a failure")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args()

    import warnings

    import looktwice
    from looktwice.image_file import ImageError

    warnings.simplefilter("ignore")  # Pillow warns about the damage the fuzzer makes on purpose
    deadline = time.monotonic() + args.minutes * 60
    tried, refused, failures, slowest = 0, 0, [], 0.0

    @settings(max_examples=args.examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(mutated())
    def one(data: bytes) -> None:
        nonlocal tried, refused, slowest
        if time.monotonic() > deadline:
            return
        tried += 1
        started = time.perf_counter()
        try:
            looktwice.inspect(data)
        except ImageError:
            refused += 1
        except Exception:
            failures.append((data, traceback.format_exc(limit=3)))
        took = time.perf_counter() - started
        slowest = max(slowest, took)
        if took > args.slow:
            failures.append((data, f"slow: {took:.1f} s"))

    import random

    random.seed(args.seed)
    one()
    print(f"inputs tried: {tried}; refused with a clear message: {refused}; slowest: {slowest:.2f} s")
    print(f"failures: {len(failures)}")
    if failures:
        args.out.mkdir(parents=True, exist_ok=True)
        for i, (data, why) in enumerate(failures):
            (args.out / f"failure-{i}.bin").write_bytes(data)
            (args.out / f"failure-{i}.txt").write_text(why)
            print(f"- failure-{i}.bin: {why.strip().splitlines()[-1]}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
