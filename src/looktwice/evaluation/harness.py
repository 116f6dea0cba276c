"""Run the kit on labelled images under several conditions and measure every signal."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..text import Text
from .conditions import CONDITIONS
from .metrics import Confusion, average_precision, roc_auc
from .signals import NUMBERS, Measurement, measure
from .sources import LabelledImage, Skipped, check_both_classes

#: The conditions an evaluation runs unless told otherwise.
DEFAULT_CONDITIONS: tuple[str, ...] = tuple(CONDITIONS)


@dataclass(frozen=True)
class SignalRow:
    """One signal under one condition: how often it fired on each side, how well it separates."""

    condition: str
    signal: str
    type: str  # "finding" (yes/no) or "number"
    real_fired: int
    real_total: int
    generated_fired: int
    generated_total: int
    auc: float
    average_precision: float
    confusion: Confusion | None

    def as_dict(self) -> dict:
        out = {
            "condition": self.condition,
            "signal": self.signal,
            "type": self.type,
            "real_fired": self.real_fired,
            "real_total": self.real_total,
            "generated_fired": self.generated_fired,
            "generated_total": self.generated_total,
            "roc_auc": _round(self.auc),
            "average_precision": _round(self.average_precision),
        }
        out.update(self.confusion.as_row() if self.confusion else dict.fromkeys(Confusion.__annotations__))
        return out


@dataclass(frozen=True)
class FamilyRow:
    """One generator family under one condition: how many images, which findings fired on how
    many of them, and how well each number tells them from all the real photos."""

    condition: str
    family: str
    images: int
    fired: dict[str, int]
    auc: dict[str, float]


@dataclass
class Evaluation:
    """The result of :func:`evaluate`."""

    names: list[str]
    labels: np.ndarray  # 1 = generated
    families: list[str]
    conditions: list[str]
    measurements: dict[str, list[Measurement]]
    rows: list[SignalRow]
    family_rows: list[FamilyRow]
    skipped: list[Skipped] = field(default_factory=list)

    def row(self, condition: str, signal: str) -> SignalRow:
        """The row of ``signal`` under ``condition``."""
        for r in self.rows:
            if r.condition == condition and r.signal == signal:
                return r
        raise KeyError((condition, signal))

    def values(self, condition: str, signal: str) -> np.ndarray:
        """The number ``signal`` of every image under ``condition`` (NaN where unmeasured)."""
        return np.array([m.values.get(signal, math.nan) for m in self.measurements[condition]])

    def fired(self, condition: str, kind: str) -> np.ndarray:
        """Whether the finding ``kind`` was raised on each image under ``condition``."""
        return np.array([kind in m.kinds for m in self.measurements[condition]])

    def errors(self) -> list[tuple[str, str, str]]:
        """(condition, image, error) for every image that could not be opened."""
        return [(c, n, m.error) for c in self.conditions for n, m in zip(self.names, self.measurements[c]) if m.error]


def _round(x: float) -> float | None:
    return None if math.isnan(x) else round(x, 4)


def _measure_all(args: tuple[bytes, str, tuple[str, ...]]) -> list[Measurement]:
    data, name, conditions = args
    out = []
    for c in conditions:
        try:
            handled = CONDITIONS[c].apply(data)
        except Exception as exc:  # an unreadable file is an error of this image, not of the run
            out.append(Measurement(frozenset(), {}, error=f"{type(exc).__name__}: {exc}"))
            continue
        out.append(measure(handled, name))
    return out


def evaluate(
    images: Sequence[LabelledImage],
    conditions: Iterable[str] = DEFAULT_CONDITIONS,
    *,
    workers: int | None = None,
    progress: bool = False,
    skipped: Iterable[Skipped] = (),
) -> Evaluation:
    """Measure every image under every condition and summarise each signal.

    ``workers``: processes to use (default: one per core; 1 runs everything in this process).
    Raises :class:`~.sources.EvaluationError` unless both classes are present.
    """
    images = list(images)
    check_both_classes(images)
    conditions = list(conditions)
    unknown = [c for c in conditions if c not in CONDITIONS]
    if unknown:
        raise ValueError(f"unknown conditions {unknown}; choose from {list(CONDITIONS)}")
    tasks = [(img.read(), img.name, tuple(conditions)) for img in images]
    workers = workers or os.cpu_count() or 1
    bar = _bar(len(tasks), progress)
    results: list[list[Measurement]] = []
    if workers <= 1:
        for t in tasks:
            results.append(_measure_all(t))
            bar.update(1)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for r in pool.map(_measure_all, tasks, chunksize=1):
                results.append(r)
                bar.update(1)
    bar.close()
    measurements = {c: [r[i] for r in results] for i, c in enumerate(conditions)}
    labels = np.array([1 if img.label == "generated" else 0 for img in images])
    families = [img.family for img in images]
    evaluation = Evaluation(
        names=[img.name for img in images],
        labels=labels,
        families=families,
        conditions=conditions,
        measurements=measurements,
        rows=[],
        family_rows=[],
        skipped=list(skipped),
    )
    evaluation.rows = _signal_rows(evaluation)
    evaluation.family_rows = _family_rows(evaluation)
    return evaluation


def _bar(total: int, progress: bool):
    from tqdm import tqdm

    return tqdm(total=total, disable=not progress, unit="image", desc="evaluating", leave=False)


def all_kinds(evaluation: Evaluation) -> list[str]:
    """Every kind of finding raised on any image under any condition, sorted."""
    return sorted({k for ms in evaluation.measurements.values() for m in ms for k in m.kinds})


def _signal_rows(ev: Evaluation) -> list[SignalRow]:
    rows: list[SignalRow] = []
    kinds = all_kinds(ev)
    for c in ev.conditions:
        ok = np.array([not m.error for m in ev.measurements[c]])
        y = ev.labels[ok]
        for kind in kinds:
            fired = ev.fired(c, kind)[ok]
            rows.append(_row(c, kind, "finding", y, fired.astype(float), Confusion.of(y, fired)))
        for number in NUMBERS:
            values = ev.values(c, number)[ok]
            rows.append(_row(c, number, "number", y, values, None))
    return rows


def _row(condition: str, signal: str, type_: str, y: np.ndarray, values: np.ndarray, confusion) -> SignalRow:
    present = np.isfinite(values) & (values != 0) if type_ == "finding" else np.isfinite(values)
    return SignalRow(
        condition=condition,
        signal=signal,
        type=type_,
        real_fired=int(np.sum(present & (y == 0))),
        real_total=int(np.sum(y == 0)),
        generated_fired=int(np.sum(present & (y == 1))),
        generated_total=int(np.sum(y == 1)),
        auc=roc_auc(y, values),
        average_precision=average_precision(y, values),
        confusion=confusion,
    )


def _family_rows(ev: Evaluation) -> list[FamilyRow]:
    rows: list[FamilyRow] = []
    kinds = all_kinds(ev)
    families = sorted({f for f, y in zip(ev.families, ev.labels) if y == 1})
    fam = np.array(ev.families)
    for c in ev.conditions:
        for family in families:
            members = fam == family
            subset = members | (ev.labels == 0)
            y = ev.labels[subset]
            fired = {k: int(ev.fired(c, k)[members].sum()) for k in kinds}
            auc = {n: roc_auc(y, ev.values(c, n)[subset]) for n in NUMBERS}
            rows.append(FamilyRow(c, family, int(members.sum()), {k: v for k, v in fired.items() if v}, auc))
    return rows


#: Column headings of the readable table.
HEADINGS = Text(
    "signal|condition|real|generated|ROC AUC|avg. precision",
    "signal|condition|réelles|générées|ROC AUC|précision moy.",
)
