"""One student's round through a set of quiz items."""

from __future__ import annotations

from dataclasses import dataclass, field

from .items import Item, check_set, playable_set, shuffled
from .scoring import Answer, check_answer, confidence_bin, score
from .store import PRACTICE, QuizStore, check_label


@dataclass
class Round:
    """One student's round through a set: which items, where they are, what they answered.

    Plain data only (it lives in the demo's per-browser state); the store is told about each
    answer as it is given, unless the session is :data:`PRACTICE`.
    """

    item_set: str
    session: str
    items: list[Item]
    index: int = 0
    answers: list[Answer] = field(default_factory=list)
    #: The set asked for, when the round fell back to the built-in set (else ``None``).
    fallback_from: str | None = None
    #: How many rounds this student played before this one (each new round is shuffled anew).
    played: int = 0

    @classmethod
    def start(
        cls,
        item_set: str,
        session: str = PRACTICE,
        *,
        classroom: bool = False,
        catalog=None,
        seed: str | int | None = None,
        played: int = 0,
    ) -> Round:
        """A new round on ``item_set`` (the built-in set if the pack is missing), its items
        shuffled with ``seed`` (one order per student; ``None``: the set's fixed order)."""
        check_label(session)
        asked = check_set(item_set)
        chosen, found = playable_set(asked, classroom=classroom, catalog=catalog)
        return cls(
            chosen,
            session,
            shuffled(found, seed),
            fallback_from=asked if chosen != asked else None,
            played=played,
        )

    @property
    def missed(self) -> list[Answer]:
        """The answers that were wrong, in the order given."""
        return [a for a in self.answers if not a.correct]

    @property
    def current(self) -> Item | None:
        return self.items[self.index] if self.index < len(self.items) else None

    @property
    def answered_current(self) -> bool:
        return len(self.answers) > self.index

    @property
    def finished(self) -> bool:
        return self.index >= len(self.items)

    @property
    def counted(self) -> bool:
        return self.session != PRACTICE

    def answer(self, said: str, confidence: float, store: QuizStore | None = None) -> Answer:
        """Record the answer to the current item (once); tells the store if the round counts."""
        item = self.current
        if item is None:
            raise ValueError("the round is over")
        if self.answered_current:
            return self.answers[self.index]
        a = Answer(item.name, item.truth, check_answer(said), confidence_bin(confidence))
        self.answers.append(a)
        if store is not None and self.counted:
            store.record_answer(self.session, self.item_set, a.item, a.truth, a.correct, a.confidence)
            if len(self.answers) == len(self.items):
                s = score(self.answers)
                store.record_round(self.session, self.item_set, s.correct, s.total)
        return a

    def next(self) -> Item | None:
        """Move on (only after answering); returns the new current item or None at the end."""
        if self.answered_current:
            self.index += 1
        return self.current
