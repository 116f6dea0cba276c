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

from ..lazy import lazy_attributes

#: Where each public name lives; imported on first use, so that ``looktwice --help`` stays quick.
_LAZY = {
    "CONDITIONS": "conditions",
    "Condition": "conditions",
    "DEFAULT_CONDITIONS": "harness",
    "Evaluation": "harness",
    "FamilyRow": "harness",
    "SignalRow": "harness",
    "evaluate": "harness",
    "auc_bars": "output",
    "roc_plot": "output",
    "table": "output",
    "to_csv": "output",
    "to_json": "output",
    "write_all": "output",
    "EvaluationError": "sources",
    "LabelledImage": "sources",
    "Skipped": "sources",
    "from_folder": "sources",
    "load_source": "sources",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = sorted(_LAZY)
