"""Plain metrics of how well one signal separates real photos from generated images.

>>> import numpy as np
>>> labels = np.array([0, 0, 1, 1])
>>> roc_auc(labels, np.array([0.1, 0.4, 0.35, 0.8]))
0.75
>>> Confusion.of(labels, np.array([False, True, True, True])).as_row()
{'true_positive': 2, 'false_positive': 1, 'true_negative': 1, 'false_negative': 0}
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def _usable(labels: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = np.isfinite(scores)
    return labels[keep], scores[keep]


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC with generated (label 1) as the positive class; NaN scores are left out; NaN
    when fewer than one image of each class is left."""
    from sklearn.metrics import roc_auc_score

    y, s = _usable(labels, scores)
    if len(set(y.tolist())) < 2:
        return math.nan
    return float(roc_auc_score(y, s))


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Average precision for the generated class (NaN when a class is missing)."""
    from sklearn.metrics import average_precision_score

    y, s = _usable(labels, scores)
    if len(set(y.tolist())) < 2:
        return math.nan
    return float(average_precision_score(y, s))


def roc_curve(labels: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """False-positive and true-positive rates along the ROC curve (empty when a class is missing)."""
    from sklearn.metrics import roc_curve as sk_roc_curve

    y, s = _usable(labels, scores)
    if len(set(y.tolist())) < 2:
        return np.array([]), np.array([])
    fpr, tpr, _ = sk_roc_curve(y, s)
    return fpr, tpr


@dataclass(frozen=True)
class Confusion:
    """Counts of a yes/no signal against the truth, generated being "positive"."""

    true_positive: int
    false_positive: int
    true_negative: int
    false_negative: int

    @classmethod
    def of(cls, labels: np.ndarray, fired: np.ndarray) -> Confusion:
        y, f = labels.astype(bool), fired.astype(bool)
        return cls(
            true_positive=int(np.sum(y & f)),
            false_positive=int(np.sum(~y & f)),
            true_negative=int(np.sum(~y & ~f)),
            false_negative=int(np.sum(y & ~f)),
        )

    def as_row(self) -> dict[str, int]:
        return {
            "true_positive": self.true_positive,
            "false_positive": self.false_positive,
            "true_negative": self.true_negative,
            "false_negative": self.false_negative,
        }
