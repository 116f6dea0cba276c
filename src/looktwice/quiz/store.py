"""The class's anonymous quiz counts: a small SQLite file in the teacher's data directory.

It holds COUNTS ONLY (which session, set and item, right or wrong, which confidence level, on
which day). No names, no addresses, no times finer than the day, no image data. It can be
exported as CSV and erased with one command.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ..text import Text
from .items import check_set
from .scoring import CONFIDENCE_LEVELS, KINDS, CalibrationBin, check_answer, confidence_bin

#: The session label of a round that is never counted.
PRACTICE = "practice"
#: Session labels a teacher usually uses; any short label of letters, digits, '-' and '_' works.
SESSIONS: tuple[str, ...] = (PRACTICE, "pre", "post")
#: Name of the SQLite file in the data directory.
STORE_FILE = "quiz.sqlite"

_LABEL = re.compile(r"^[A-Za-z0-9_-]{1,32}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    day TEXT NOT NULL,
    session TEXT NOT NULL,
    item_set TEXT NOT NULL,
    item TEXT NOT NULL,
    truth TEXT NOT NULL,
    correct INTEGER NOT NULL,
    confidence INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, session, item_set, item, truth, correct, confidence)
);
CREATE TABLE IF NOT EXISTS rounds (
    day TEXT NOT NULL,
    session TEXT NOT NULL,
    item_set TEXT NOT NULL,
    score INTEGER NOT NULL,
    total INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, session, item_set, score, total)
);
"""

#: Columns of the exported CSV file, in order.
CSV_COLUMNS = (
    "table",
    "day",
    "session",
    "item_set",
    "item",
    "truth",
    "correct",
    "confidence",
    "score",
    "total",
    "count",
)


def check_label(label: str) -> str:
    """A session label: 1 to 32 letters, digits, '-' or '_' (``pre``, ``post``, ``week-2``)."""
    if not isinstance(label, str) or not _LABEL.match(label):
        raise ValueError("a session label is 1 to 32 letters, digits, '-' or '_' (for example pre, post)")
    return label


def default_store_path() -> Path:
    """``looktwice.paths.data_dir() / "quiz.sqlite"``."""
    from ..paths import data_dir

    return data_dir() / STORE_FILE


@dataclass(frozen=True)
class SessionSummary:
    """The class's aggregate for one session label."""

    session: str
    answers: int
    correct: int
    rounds: int
    round_scores: dict[tuple[int, int], int]
    bins: list[CalibrationBin]
    by_truth: dict[str, tuple[int, int]]
    item_sets: list[str]
    days: list[str]

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class Comparison:
    """Two sessions side by side (usually ``pre`` and ``post``)."""

    before: SessionSummary
    after: SessionSummary

    @property
    def difference(self) -> float | None:
        """Change in accuracy, in percentage points (None if either session is empty)."""
        if self.before.accuracy is None or self.after.accuracy is None:
            return None
        return 100 * (self.after.accuracy - self.before.accuracy)

    @property
    def margin(self) -> float | None:
        """Half-width, in percentage points, of a rough 95 % interval around the difference
        (normal approximation for two proportions; answers by the same student are not
        independent, so the real uncertainty is larger)."""
        b, a = self.before, self.after
        if not b.answers or not a.answers:
            return None
        pb, pa = b.correct / b.answers, a.correct / a.answers
        se = math.sqrt(pb * (1 - pb) / b.answers + pa * (1 - pa) / a.answers)
        return 100 * 1.96 * se

    def text(self, lang: str = "en") -> str:
        """The comparison as plain text (what ``looktwice quiz compare`` prints)."""
        return format_comparison(self, lang)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


def _session_lines(s: SessionSummary, lang: str) -> list[str]:
    t = lambda en, fr: Text(en, fr).get(lang)
    if not s.answers:
        return [t(f"  {s.session}: no answers recorded.", f"  {s.session} : aucune réponse enregistrée.")]
    lines = [
        t(
            f"  {s.session}: {s.correct} right out of {s.answers} answers ({_pct(s.accuracy)}), "
            f"{s.rounds} finished rounds; sets: {', '.join(s.item_sets)}; days: {', '.join(s.days)}",
            f"  {s.session} : {s.correct} bonnes réponses sur {s.answers} ({_pct(s.accuracy)}), "
            f"{s.rounds} parties terminées ; séries : {', '.join(s.item_sets)} ; jours : {', '.join(s.days)}",
        )
    ]
    for truth in KINDS:
        n, right = s.by_truth.get(truth, (0, 0))
        if n:
            name = {"real": t("real photos", "vraies photos"), "generated": t("generated images", "images générées")}[
                truth
            ]
            lines.append(
                t(f"      {name}: {right}/{n} ({_pct(right / n)})", f"      {name} : {right}/{n} ({_pct(right / n)})")
            )
    cal = ", ".join(f"{b.confidence} %: {_pct(b.accuracy)} (n={b.total})" for b in s.bins if b.total)
    lines.append(t(f"      right answers by confidence: {cal}", f"      bonnes réponses selon la confiance : {cal}"))
    return lines


def format_comparison(c: Comparison, lang: str = "en") -> str:
    """The pre-test and post-test summaries side by side, as text for a terminal."""
    t = lambda en, fr: Text(en, fr).get(lang)
    lines = [t("Class results (anonymous counts)", "Résultats de la classe (comptages anonymes)")]
    lines += _session_lines(c.before, lang)
    lines += _session_lines(c.after, lang)
    diff, margin = c.difference, c.margin
    if diff is None:
        lines.append(t("Not enough answers to compare yet.", "Pas encore assez de réponses pour comparer."))
    else:
        lines.append(
            t(
                f"Change: {diff:+.0f} percentage points (rough 95 % range: {diff - margin:+.0f} to {diff + margin:+.0f}).",
                f"Écart : {diff:+.0f} points (fourchette approximative à 95 % : {diff - margin:+.0f} à {diff + margin:+.0f}).",
            )
        )
        if abs(diff) <= margin:
            lines.append(
                t(
                    "This change is within what chance alone could give with this many answers.",
                    "Cet écart reste dans ce que le hasard seul pourrait donner avec si peu de réponses.",
                )
            )
        lines.append(
            t(
                "The two sessions used different images (that is the point), so some of the change "
                "can come from one set being easier than the other.",
                "Les deux séances utilisaient des images différentes (c'est voulu) : une partie de "
                "l'écart peut venir d'une série plus facile que l'autre.",
            )
        )
    return "\n".join(lines)


class QuizStore:
    """The class's anonymous quiz counts, in one SQLite file (counts only; see the module doc).

    Every call opens the file, does one short transaction and closes it, so several demo
    processes (or threads) can share one file safely.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 15000")
        con.executescript(_SCHEMA)
        return con

    @staticmethod
    def _day(day: dt.date | str | None) -> str:
        if day is None:
            return dt.date.today().isoformat()
        return day.isoformat() if isinstance(day, dt.date) else dt.date.fromisoformat(day).isoformat()

    def record_answer(
        self,
        session: str,
        item_set: str,
        item: str,
        truth: str,
        correct: bool,
        confidence: int,
        *,
        day: dt.date | str | None = None,
    ) -> None:
        """Add one to the count of answers like this one (nothing about who gave it)."""
        check_label(session)
        item_set = check_set(item_set)
        check_answer(truth)
        row = (self._day(day), session, item_set, str(item)[:80], truth, int(bool(correct)), confidence_bin(confidence))
        with closing(self._connect()) as con:
            con.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET count = count + 1",
                row,
            )

    def record_round(
        self, session: str, item_set: str, score: int, total: int, *, day: dt.date | str | None = None
    ) -> None:
        """Add one to the count of finished rounds with this score."""
        check_label(session)
        item_set = check_set(item_set)
        if not 0 <= int(score) <= int(total):
            raise ValueError("score must be between 0 and total")
        with closing(self._connect()) as con:
            con.execute(
                "INSERT INTO rounds VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET count = count + 1",
                (self._day(day), session, item_set, int(score), int(total)),
            )

    def _rows(self, table: str, session: str | None = None) -> list[sqlite3.Row]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as con:
            con.row_factory = sqlite3.Row
            query = f"SELECT * FROM {table}"  # table is one of two fixed names
            if session is None:
                return list(con.execute(query + " ORDER BY day, session, item_set"))
            return list(con.execute(query + " WHERE session = ? ORDER BY day, item_set", (session,)))

    def sessions(self) -> list[str]:
        """Session labels with at least one recorded answer."""
        return sorted({r["session"] for r in self._rows("answers")})

    def summary(self, session: str) -> SessionSummary:
        """The aggregate of every answer and round recorded under ``session``."""
        check_label(session)
        answers = self._rows("answers", session)
        rounds = self._rows("rounds", session)
        bins = {level: [0, 0] for level in CONFIDENCE_LEVELS}
        by_truth: dict[str, list[int]] = {}
        for r in answers:
            b = bins[confidence_bin(r["confidence"])]
            b[0] += r["count"]
            b[1] += r["count"] * r["correct"]
            t = by_truth.setdefault(r["truth"], [0, 0])
            t[0] += r["count"]
            t[1] += r["count"] * r["correct"]
        scores: dict[tuple[int, int], int] = {}
        for r in rounds:
            key = (r["score"], r["total"])
            scores[key] = scores.get(key, 0) + r["count"]
        return SessionSummary(
            session=session,
            answers=sum(r["count"] for r in answers),
            correct=sum(r["count"] * r["correct"] for r in answers),
            rounds=sum(scores.values()),
            round_scores=scores,
            bins=[CalibrationBin(level, t, c) for level, (t, c) in bins.items()],
            by_truth={k: (v[0], v[1]) for k, v in by_truth.items()},
            item_sets=sorted({r["item_set"] for r in answers}),
            days=sorted({r["day"] for r in answers}),
        )

    def item_counts(self, item: str, *, day: dt.date | str | None = None) -> tuple[int, int]:
        """How many counted answers about ``item`` were right, and how many there were, on
        ``day`` (default today): what the class did on this picture, anonymously."""
        if not self.path.exists():
            return 0, 0
        with closing(self._connect()) as con:
            row = con.execute(
                "SELECT COALESCE(SUM(count * correct), 0), COALESCE(SUM(count), 0) FROM answers "
                "WHERE item = ? AND day = ?",
                (str(item)[:80], self._day(day)),
            ).fetchone()
        return int(row[0]), int(row[1])

    def compare(self, before: str = "pre", after: str = "post") -> Comparison:
        """The class's aggregates for two session labels, side by side."""
        return Comparison(self.summary(before), self.summary(after))

    def export_csv(self, path: str | Path) -> int:
        """Write every count to a CSV file (columns :data:`CSV_COLUMNS`); returns the row count."""
        rows: list[dict] = []
        for r in self._rows("answers"):
            rows.append({"table": "answer", **dict(r)})
        for r in self._rows("rounds"):
            rows.append({"table": "round", **dict(r)})
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS, restval="")
            writer.writeheader()
            writer.writerows(rows)
        return len(rows)

    def erase(self) -> bool:
        """Delete the file (and SQLite's side files); returns whether there was anything."""
        found = False
        for suffix in ("", "-wal", "-shm", "-journal"):
            p = self.path.with_name(self.path.name + suffix)
            try:
                p.unlink()
                found = True
            except FileNotFoundError:
                pass
        return found
