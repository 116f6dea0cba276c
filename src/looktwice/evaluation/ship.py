"""Make the track record the kit ships (``looktwice/data/track_record.json``) from its pack.

    python -m looktwice.evaluation.ship                  # the downloaded pack
    python -m looktwice.evaluation.ship --images DIR     # a folder with labels.csv

The file is computed, never typed in: running this again on the same images gives the same
bytes (a test checks it). The detector's own findings are left out: its record comes from
held-out training (``looktwice.detector.train``), not from images it learned from.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from ..evidence import Points, Rate
from ..track_record import DATA_FILE, supported_direction
from .harness import Evaluation, all_kinds, evaluate
from .sources import check_both_classes, load_source

#: The measured numbers whose ranges the findings quote.
SPREAD_SIGNALS = ("noise.smooth_share", "spectrum.score")
CONDITIONS = ("published", "resaved")


def _rate(ev: Evaluation, condition: str, kind: str) -> Rate:
    row = ev.row(condition, kind)
    return Rate(row.real_fired, row.real_total, row.generated_fired, row.generated_total)


def _claim(ev: Evaluation, kind: str) -> Points:
    for c in ev.conditions:
        for m in ev.measurements[c]:
            if kind in m.claims:
                return Points(m.claims[kind])
    return Points.NEUTRAL


def track_record(ev: Evaluation) -> dict:
    """The shipped track record of an evaluation run under ``published`` and ``resaved``."""
    findings = {}
    for kind in all_kinds(ev):
        if kind.startswith("detector"):
            continue
        published, resaved = _rate(ev, "published", kind), _rate(ev, "resaved", kind)
        findings[kind] = {
            "claims": _claim(ev, kind).value,
            "published": published.to_dict(),
            "resaved": resaved.to_dict(),
            "supports": supported_direction(_claim(ev, kind), published, resaved).value,
        }
    signals = {}
    for signal in SPREAD_SIGNALS:
        signals[signal] = {}
        for c in CONDITIONS:
            values = ev.values(c, signal)
            sides = {}
            for side, label in (("real", 0), ("generated", 1)):
                v = values[(ev.labels == label) & np.isfinite(values)]
                sides[side] = [round(float(q), 4) for q in np.percentile(v, (10, 50, 90))] if v.size else None
            signals[signal][c] = sides
    return {
        "about": "Made by python -m looktwice.evaluation.ship; do not edit by hand.",
        "images": len(ev.names),
        "real": int(np.sum(ev.labels == 0)),
        "generated": int(np.sum(ev.labels == 1)),
        "findings": findings,
        "signals": signals,
    }


def dumps(record: dict) -> str:
    """The track record as the exact text the kit ships."""
    return json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def make(source: str = "pack", workers: int | None = None, progress: bool = False) -> dict:
    """Evaluate ``source`` under the two conditions and return its track record."""
    images, skipped = load_source(source)
    check_both_classes(images)
    return track_record(evaluate(images, CONDITIONS, workers=workers, progress=progress, skipped=skipped))


def main(argv: list[str] | None = None) -> int:
    """Evaluate the pack and write the track record the kit ships."""
    parser = argparse.ArgumentParser(prog="python -m looktwice.evaluation.ship", description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", metavar="DIR", help="a folder with labels.csv (default: the downloaded pack)")
    parser.add_argument(
        "--output", type=Path, default=Path(__file__).resolve().parents[1] / "data" / DATA_FILE, help="file to write"
    )
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    record = make(args.images or "pack", workers=args.workers, progress=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dumps(record), encoding="utf-8")
    print(f"wrote {args.output} ({record['images']} images)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
