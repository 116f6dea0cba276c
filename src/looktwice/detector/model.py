"""The shipped detector's weights and measured record (``model.json``), and how to apply them."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .features import FEATURES, NAMES

MODEL_FILE = "model.json"


@dataclass(frozen=True)
class Contribution:
    """How much one feature pushed the score of one image (in log-odds), and its value."""

    feature: str
    value: float
    push: float


@dataclass(frozen=True)
class Detector:
    """A standardised logistic regression over :data:`~.features.FEATURES`.

    ``held_out_real`` and ``held_out_generated`` are the scores the detector gave the kit's
    examples while they were held out of training (leave one generator family out, real photos
    in folds), after a plain re-save: the record every score is compared with.
    """

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    held_out_real: np.ndarray
    held_out_generated: np.ndarray
    info: dict

    def score(self, features: np.ndarray) -> float:
        """The detector's score in [0, 1] (0: like the real photos it learned from)."""
        z = float(self.intercept + np.dot(self.coef, (features - self.mean) / self.scale))
        return float(1.0 / (1.0 + np.exp(-z)))

    def contributions(self, features: np.ndarray) -> list[Contribution]:
        """Every feature's push on the score, strongest first."""
        pushes = self.coef * (features - self.mean) / self.scale
        order = np.argsort(-np.abs(pushes))
        return [Contribution(NAMES[i], float(features[i]), float(pushes[i])) for i in order]

    def record_at(self, score: float) -> tuple[int, int, int, int]:
        """(real photos held out that scored at least ``score``, real total, generated images
        held out that scored at most ``score``, generated total)."""
        real = int(np.sum(self.held_out_real >= score))
        generated = int(np.sum(self.held_out_generated <= score))
        return real, len(self.held_out_real), generated, len(self.held_out_generated)


def from_dict(d: dict) -> Detector:
    """A :class:`Detector` from the dict written by the training script."""
    if d["features"] != list(NAMES):
        raise ValueError("the detector's features do not match this version of the kit")
    return Detector(
        mean=np.array(d["mean"]),
        scale=np.array(d["scale"]),
        coef=np.array(d["coef"]),
        intercept=float(d["intercept"]),
        held_out_real=np.array(d["held_out"]["real"]),
        held_out_generated=np.array(d["held_out"]["generated"]),
        info=d.get("info", {}),
    )


@functools.lru_cache(maxsize=1)
def load_detector() -> Detector | None:
    """The shipped detector, or ``None`` when the kit ships none."""
    path = resources.files(__package__).joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return from_dict(json.loads(path.read_text(encoding="utf-8")))


FEATURE_LABELS = {f.name: f.label for f in FEATURES}
