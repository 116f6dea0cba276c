"""Measured evidence: how well each of the kit's signals tells real photos from generated
images, on labelled images, as published and after everyday handling.

>>> from looktwice.evaluation import CONDITIONS
>>> list(CONDITIONS)[:3]
['published', 'resaved', 'jpeg95']

A run, in a lesson or a script (the pack must be downloaded first)::

    from looktwice.evaluation import evaluate, load_source, table
    images, skipped = load_source("pack")
    ev = evaluate(images, ["published", "resaved"], progress=True)
    print(table(ev))
"""

from .conditions import CONDITIONS, Condition
from .harness import DEFAULT_CONDITIONS, Evaluation, FamilyRow, SignalRow, evaluate
from .output import auc_bars, roc_plot, table, to_csv, to_json, write_all
from .sources import EvaluationError, LabelledImage, Skipped, from_folder, load_source

__all__ = [
    "CONDITIONS",
    "DEFAULT_CONDITIONS",
    "Condition",
    "Evaluation",
    "EvaluationError",
    "FamilyRow",
    "LabelledImage",
    "SignalRow",
    "Skipped",
    "auc_bars",
    "evaluate",
    "from_folder",
    "load_source",
    "roc_plot",
    "table",
    "to_csv",
    "to_json",
    "write_all",
]
