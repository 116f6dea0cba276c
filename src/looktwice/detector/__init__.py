"""The kit's transparent detector: a logistic regression on a dozen named pixel measurements.

It is small on purpose, so that a class can look inside: which features it uses, how much each
one pushed a given image, and how often it was wrong on generators it never saw during
training (``MODEL_CARD.md`` beside this file, written by ``python -m looktwice.detector.train``).
The report shows it as a hint with its score and its measured error rates, never as a verdict.
"""

from .model import Detector, load_detector

__all__ = ["Detector", "load_detector"]
