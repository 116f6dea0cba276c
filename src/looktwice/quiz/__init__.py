"""The "Real or generated?" quiz: item sets, scoring, calibration and the class's counts.

A student sees one example image at a time, says whether a camera or a generator made it and
how sure they are, then sees the truth, the tell to look at, and where the image comes from.
This package holds everything about the quiz that is not a screen, so the classroom app, the
lessons and the ``looktwice quiz`` command share it, one module per concern:

- :mod:`~looktwice.quiz.items`: which pictures each set asks (:data:`SETS` from the pack's
  modern generators, :data:`BUILTIN_SET` with no download), balanced and shuffled per student;
- :mod:`~looktwice.quiz.scoring`: answers, score, calibration and :data:`HUMAN_FIGURES`;
- :mod:`~looktwice.quiz.chart`: the calibration chart and its text for screen readers;
- :mod:`~looktwice.quiz.store`: the class's anonymous counts (:class:`QuizStore`, counts only);
- :mod:`~looktwice.quiz.rounds`: one student's :class:`Round`.

>>> from looktwice import quiz
>>> answers = [quiz.Answer("coffee", "real", "real", 80), quiz.Answer("x", "generated", "real", 60)]
>>> quiz.score(answers).correct
1
>>> [(b.confidence, b.total, b.correct) for b in quiz.calibration(answers) if b.total]
[(60, 1, 0), (80, 1, 1)]
"""

from __future__ import annotations

from .chart import CHART_TEXT, calibration_chart, chart_alt_text
from .items import (
    ALL_SETS,
    BUILTIN_ITEMS,
    BUILTIN_SET,
    CLASSROOM_EXCLUDED_STATUS,
    EXCLUDED_TELLS,
    MODERN_FAMILIES,
    PER_KIND,
    SET_ALIASES,
    SET_NAMES,
    SETS,
    Item,
    check_set,
    item_set,
    item_sets,
    partition,
    playable_set,
    set_name,
    shuffled,
    tell_text,
)
from .rounds import Round
from .scoring import (
    CONFIDENCE_LEVELS,
    HUMAN_FIGURES,
    KINDS,
    Answer,
    CalibrationBin,
    HumanFigure,
    Score,
    calibration,
    calibration_message,
    check_answer,
    confidence_bin,
    score,
)
from .store import (
    CSV_COLUMNS,
    PRACTICE,
    SESSIONS,
    STORE_FILE,
    Comparison,
    QuizStore,
    SessionSummary,
    check_label,
    default_store_path,
    format_comparison,
)

__all__ = [
    "ALL_SETS",
    "BUILTIN_ITEMS",
    "BUILTIN_SET",
    "CHART_TEXT",
    "CLASSROOM_EXCLUDED_STATUS",
    "CONFIDENCE_LEVELS",
    "CSV_COLUMNS",
    "EXCLUDED_TELLS",
    "HUMAN_FIGURES",
    "KINDS",
    "MODERN_FAMILIES",
    "PER_KIND",
    "PRACTICE",
    "SESSIONS",
    "SETS",
    "SET_ALIASES",
    "SET_NAMES",
    "STORE_FILE",
    "Answer",
    "CalibrationBin",
    "Comparison",
    "HumanFigure",
    "Item",
    "QuizStore",
    "Round",
    "Score",
    "SessionSummary",
    "calibration",
    "calibration_chart",
    "calibration_message",
    "chart_alt_text",
    "check_answer",
    "check_label",
    "check_set",
    "confidence_bin",
    "default_store_path",
    "format_comparison",
    "item_set",
    "item_sets",
    "partition",
    "playable_set",
    "score",
    "set_name",
    "shuffled",
    "tell_text",
]
