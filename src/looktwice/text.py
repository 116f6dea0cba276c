"""Bilingual text: every sentence the kit shows a person exists in English and French.

Keeping both languages in one small value (rather than a catalogue keyed by message ids) means
a sentence and its translation are written, reviewed and changed together, next to the code
that decides to say it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = ("en", "fr")


@dataclass(frozen=True)
class Text:
    """One message in English and French."""

    en: str
    fr: str

    def get(self, lang: str = "en") -> str:
        """The message in ``lang`` (``"en"`` or ``"fr"``); English for anything else."""
        return self.fr if lang == "fr" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "fr": self.fr}

    def __add__(self, other: Text) -> Text:
        """Join two messages with a space, language by language."""
        return Text(f"{self.en} {other.en}".strip(), f"{self.fr} {other.fr}".strip())


def join(parts: list[Text], sep: str = " ") -> Text:
    """Join several messages language by language."""
    return Text(sep.join(p.en for p in parts), sep.join(p.fr for p in parts))
