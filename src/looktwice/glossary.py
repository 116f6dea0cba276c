"""The kit's glossary: each term in English and French with a one-line definition.

One data file, ``glossary.csv`` in this package, shared by the lessons and the classroom app,
so a term is translated once ("Content Credentials" is "identifiants de contenu", the name
the C2PA and Adobe French interfaces use). The lessons' longer glossary pages
(``lessons/<lang>/glossary.md``) use the same ids as anchors and the same terms as titles.

>>> from looktwice import glossary
>>> glossary.term("content-credentials").name.get("fr")
'identifiants de contenu'
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .text import Text


@dataclass(frozen=True)
class Term:
    """One row of ``glossary.csv``: an id (the anchor in the glossary pages), the term's name
    and its short definition."""

    id: str
    name: Text
    definition: Text

    def first_use(self, lang: str = "en") -> str:
        """The term as said the first time in a text: in French, with its English name when the
        two differ (« identifiants de contenu (Content Credentials) »)."""
        name = self.name.get(lang)
        if lang == "fr" and self.name.en.lower() not in name.lower():
            return f"{name} ({self.name.en})"
        return name


@cache
def terms() -> dict[str, Term]:
    """Every term, by id, in the file's order."""
    text = resources.files(__package__).joinpath("glossary.csv").read_text(encoding="utf-8")
    return {
        row["id"]: Term(row["id"], Text(row["en"], row["fr"]), Text(row["definition_en"], row["definition_fr"]))
        for row in csv.DictReader(text.splitlines())
    }


def term(term_id: str) -> Term:
    """The term with this id; KeyError if the glossary has none."""
    return terms()[term_id]
