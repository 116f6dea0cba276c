"""The two editions a lesson source makes, chosen by cell tags.

A lesson source keeps everything about a lesson together: a solution sits right after its
exercise, a teacher's note next to the part it is about. Cells say who they are for with a tag
(in MyST: ``+++ {"tags": ["teacher"]}`` before a Markdown cell, ``:tags: [solution]`` in a
code cell's options):

========== =========================================== ================ =================
tag        what the cell holds                          student notebook teacher edition
========== =========================================== ================ =================
(none)     the lesson                                   yes              yes
``activity`` a task for pupils (also on the worksheet)  yes              yes
``solution`` a solution: prose, or code the tests run   no               yes
``teacher``  notes, timing, preparation, what to say    no               yes
========== =========================================== ================ =================

The worksheet and the answer key (:mod:`.handout`) follow the same tags.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

EDITIONS = ("student", "teacher")

#: Tags of the cells only the teacher edition and the answer key carry.
TEACHER_ONLY = frozenset({"solution", "teacher"})


def for_students(tags: Iterable[str]) -> bool:
    """Whether a cell with these tags belongs in the student notebook."""
    return not TEACHER_ONLY.intersection(tags)


def edition_cells(cells: list[Any], edition: str) -> list[Any]:
    """The notebook cells of one edition (nbformat cells, in their order)."""
    if edition == "teacher":
        return list(cells)
    return [cell for cell in cells if for_students(cell.metadata.get("tags", ()))]
