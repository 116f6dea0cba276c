"""A lesson's answer key: its quiz and the checks of its fill-in exercises.

The answer key of lesson ``NN-slug`` lives in this package, in ``data/NN-slug.yml``, never in
the lesson source: a pupil who opens a notebook cell's source sees ``activity.quiz("one-pixel")``,
not which choice is right. The notebook's widgets, the handouts and the tests all read it here.

File format (every text in English and French)::

    quiz:
      one-pixel:                         # question id, used in the lesson's code cell
        question: {en: …, fr: …}
        choices:                         # in the order shown: A, B, C…
          - {en: …, fr: …, why_en: …, why_fr: …}
        answer: B                        # the letter of the right choice
    blanks:
      rocket-type:                       # fill-in id, used in the lesson's code cell
        accept: [digitalCapture]         # right values; leave out to accept any text
        right: {en: …, fr: …}
        wrong: {trainedAlgorithmicMedia: {en: …, fr: …}}   # what is wrong with a likely mistake
        otherwise: {en: …, fr: …}        # any other value
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..text import Text

#: Said before the explanation of a choice, and the words of a fill-in check.
VERDICTS = {
    "right": Text("Right.", "Exact."),
    "wrong": Text("Not this one.", "Pas celle-ci."),
    "blank": Text(
        "There is still a `___` to replace with your answer.", "Il reste un `___` à remplacer par votre réponse."
    ),
    "quotes": Text(
        'Put your answer between quotes, like this: `"…"`.', 'Mettez votre réponse entre guillemets, ainsi : `"…"`.'
    ),
    "empty": Text(
        "Your answer is empty: write something between the quotes.",
        "Votre réponse est vide : écrivez quelque chose entre les guillemets.",
    ),
}


class Blank(str):
    """The value of ``___`` in a fill-in cell: a string, so a cell that uses it still runs,
    but one that the lesson's checks recognise as not filled in."""

    def __new__(cls) -> Blank:
        return super().__new__(cls, "___")


#: What pupils replace in fill-in cells; the lesson's first cell runs ``___ = activities.BLANK``.
BLANK = Blank()


@dataclass(frozen=True)
class Choice:
    """One choice of a quiz question, with why it is right or wrong."""

    text: Text
    why: Text


@dataclass(frozen=True)
class Question:
    """One quiz question: its text, its choices and the index of the right one."""

    id: str
    text: Text
    choices: tuple[Choice, ...]
    answer: int

    @staticmethod
    def letter(index: int) -> str:
        """``0`` → ``"A"``."""
        return string.ascii_uppercase[index]


@dataclass(frozen=True)
class FillIn:
    """How to check the values a pupil wrote in place of ``___``."""

    id: str
    accept: tuple[str, ...]
    right: Text
    wrong: dict[str, Text] = field(default_factory=dict)
    otherwise: Text = Text("", "")

    def judge(self, values: tuple[Any, ...]) -> tuple[bool, Text]:
        """Whether every value is right, and what to tell the pupil (the first problem found)."""
        for value in values:
            if isinstance(value, Blank):
                return False, VERDICTS["blank"]
            if not isinstance(value, str):
                return False, VERDICTS["quotes"]
            if not value.strip():
                return False, VERDICTS["empty"]
            if self.accept and value.strip() not in self.accept:
                return False, self.wrong.get(value.strip(), self.otherwise)
        return True, self.right


@dataclass(frozen=True)
class AnswerKey:
    """Every quiz question and fill-in check of one lesson."""

    lesson: str
    questions: dict[str, Question]
    fill_ins: dict[str, FillIn]


def _text(data: dict[str, str], prefix: str = "") -> Text:
    return Text(str(data[f"{prefix}en"]).strip(), str(data[f"{prefix}fr"]).strip())


@cache
def answer_key(lesson: str) -> AnswerKey:
    """The answer key of a lesson (its id, e.g. ``"02-labels-and-credentials"``)."""
    import yaml

    path = resources.files(__package__).joinpath("data", f"{lesson}.yml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    questions = {}
    for qid, q in (data.get("quiz") or {}).items():
        choices = tuple(Choice(_text(c), _text(c, "why_")) for c in q["choices"])
        answer = string.ascii_uppercase.index(q["answer"])
        if answer >= len(choices):
            raise ValueError(f"{lesson}: question {qid} has no choice {q['answer']}")
        questions[qid] = Question(qid, _text(q["question"]), choices, answer)
    fill_ins = {}
    for bid, b in (data.get("blanks") or {}).items():
        fill_ins[bid] = FillIn(
            bid,
            tuple(str(v) for v in b.get("accept") or ()),
            _text(b["right"]),
            {str(k): _text(v) for k, v in (b.get("wrong") or {}).items()},
            _text(b["otherwise"]) if "otherwise" in b else Text("", ""),
        )
    return AnswerKey(lesson, questions, fill_ins)
