"""Print the pack's measured evidence: every signal as published, re-saved and under each
degradation, the detector's held-out figures, the published anchors, and how long it took.

    python benchmarks/bench_evaluate.py            # needs the pack: looktwice examples download
    python benchmarks/bench_evaluate.py --out DIR  # also write CSV, JSON and plots

Target (issue #11): the whole pack under all seven conditions in 60 s or less on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import time

from looktwice.detector import load_detector
from looktwice.evaluation import DEFAULT_CONDITIONS, evaluate, load_source, table, write_all
from looktwice.evaluation.anchors import ANCHORS

KEY_SIGNALS = (
    "metadata.no_camera",
    "noise.smooth",
    "spectrum.periodic",
    "noise.smooth_share",
    "spectrum.score",
    "file.bytes_per_pixel",
    "detector.score",
    "report.hints",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default="pack")
    parser.add_argument("--out")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    images, skipped = load_source(args.source)
    start = time.perf_counter()
    ev = evaluate(images, DEFAULT_CONDITIONS, workers=args.workers, progress=True, skipped=skipped)
    seconds = time.perf_counter() - start
    print(f"{len(images)} images x {len(DEFAULT_CONDITIONS)} conditions in {seconds:.1f} s ({len(skipped)} skipped)\n")
    print(f"{'signal':<24}" + "".join(f"{c:>11}" for c in DEFAULT_CONDITIONS))
    for signal in KEY_SIGNALS:
        cells = []
        for c in DEFAULT_CONDITIONS:
            try:
                row = ev.row(c, signal)
            except KeyError:
                cells.append(f"{'–':>11}")
                continue
            if row.type == "finding":
                cells.append(f"{row.real_fired:>3}/{row.generated_fired:<3} {row.auc:.2f}".rjust(11))
            else:
                cells.append(f"AUC {row.auc:.2f}".rjust(11))
        print(f"{signal:<24}" + "".join(cells))
    print("\n(findings: real fired / generated fired, then ROC AUC; detector.score on the pack is")
    print(" in-sample: its honest figures are the held-out ones below)\n")
    detector = load_detector()
    figures = detector.info["held_out_figures"] if detector else {}
    for c, fig in figures.items():
        print(f"detector held out, {c:>9}: ROC AUC {fig['roc_auc']:.3f}, accuracy {fig['accuracy_at_0.5']:.3f}")
    print("\nPublished anchors (other data, other protocols):")
    for a in ANCHORS:
        print(f"- {a.detector}: {a.figure.en} [{a.source}]")
    if args.out:
        write_all(ev, args.out)
        print(f"\nwritten to {args.out}")
        print(json.dumps({"seconds": round(seconds, 1)}))
    else:
        print("\n" + table(ev, conditions=["published", "resaved"]))


if __name__ == "__main__":
    main()
