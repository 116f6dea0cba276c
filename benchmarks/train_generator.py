"""Train the kit's two tiny generators with the shipped settings and print the figures.

    python benchmarks/train_generator.py [--iterations 1000] [--out lab-run] [--shipped-only]

Prints, per generator: parameters, training time and speed on this machine, whether the
weights come out identical to the shipped ones (same code, seed and thread count; another
processor may differ in the last bits), and the periodic-peak score of textures painted by the
fresh weights. Then the lesson's comparison on the *shipped* samples: periodic-peak scores of
the kit's generated textures against real patches of the same size from the training photos.
Every score comes from the core spectrum analysis, computed now.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from looktwice.analyses.spectrum import periodic_peak_score
from looktwice.lab import samples
from looktwice.lab.checkpoint import load_generator, weights_path
from looktwice.lab.models import UPSAMPLINGS, generate, parameter_count
from looktwice.lab.train import Settings, train


def _line(name: str, scores: list[float]) -> str:
    return (
        f"{name:<22} median {statistics.median(scores):>8.1f}   "
        f"range {min(scores):>7.1f} - {max(scores):<7.1f}  (n={len(scores)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=Settings.iterations)
    parser.add_argument("--out", type=Path, default=None, help="keep snapshots here (default: a temp folder)")
    parser.add_argument("--shipped-only", action="store_true", help="skip training; print the shipped figures only")
    args = parser.parse_args()

    if not args.shipped_only:
        with tempfile.TemporaryDirectory() as tmp:
            out = args.out or Path(tmp)
            print(
                f"{'generator':<11} {'params':>8} {'seconds':>8} {'it/s':>6} {'same as shipped':>16} "
                f"{'texture score (median of 8)':>28}"
            )
            for upsampling in UPSAMPLINGS:
                settings = Settings(upsampling=upsampling, iterations=args.iterations)
                result = train(settings, out, progress=False)
                shipped = load_generator(weights_path(upsampling)).state_dict()
                fresh = result.generator.state_dict()
                diff = max(float((fresh[k].double() - shipped[k].double()).abs().max()) for k in fresh)
                same = "yes" if diff == 0 else f"max diff {diff:.1e}"
                textures = [generate(result.generator, s, cells=samples.TEXTURE_CELLS)[0] for s in range(1, 9)]
                scores = [periodic_peak_score(t) for t in textures]
                print(
                    f"{upsampling:<11} {parameter_count(result.generator):>8} {result.seconds:>8.0f} "
                    f"{args.iterations / result.seconds:>6.1f} {same:>16} "
                    f"{statistics.median(scores):>28.1f}"
                )

    print("\nShipped samples (256x256 textures) against real 256x256 patches of the training photos:")
    scores = samples.fingerprint_scores()
    for key in (*UPSAMPLINGS, "real"):
        print(_line(key, scores[key]))
    real, transposed, resize = (statistics.median(scores[k]) for k in ("real", "transposed", "resize"))
    print(
        f"transposed / real: {transposed / real:.1f}x   resize / real: {resize / real:.1f}x   "
        f"transposed / resize: {transposed / resize:.1f}x"
    )
    sizes = {p.name: p.stat().st_size for p in sorted(samples.SAMPLES_DIR.glob("*.png"))}
    weights = {u: weights_path(u).stat().st_size for u in UPSAMPLINGS}
    print(
        f"\nsample PNGs: {sum(sizes.values()) / 1024:.0f} KB in {len(sizes)} files "
        f"(largest {max(sizes.values()) / 1024:.0f} KB); weights: "
        + ", ".join(f"{u} {s / 1024:.0f} KB" for u, s in weights.items())
    )


if __name__ == "__main__":
    main()
