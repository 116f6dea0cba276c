"""Help services by country, for pupils facing a sexual picture shared without consent.

The list is one data file, ``help_services.csv`` in this package, read by the lessons and the
classroom app alike, so a service is checked and corrected in one place. Every row says when
it was last checked and where the fact comes from.

>>> from looktwice import help_services
>>> {"BE", "CA", "CH", "EU", "FR", "UK", "US"} <= {s.country for s in help_services.services()}
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .text import Text

#: The countries a lesson should cover, with their names; ``EU`` stands for help that works
#: across the European Union.
COUNTRIES: dict[str, Text] = {
    "FR": Text("France", "France"),
    "BE": Text("Belgium", "Belgique"),
    "CH": Text("Switzerland", "Suisse"),
    "UK": Text("United Kingdom", "Royaume-Uni"),
    "US": Text("United States", "États-Unis"),
    "CA": Text("Canada", "Canada"),
    "EU": Text("European Union", "Union européenne"),
}

#: What the ``age_group`` column's codes mean.
AGE_GROUPS: dict[str, Text] = {
    "any": Text("any age", "tout âge"),
    "young": Text("children and young people", "enfants et jeunes"),
    "under-18": Text("under 18", "moins de 18 ans"),
    "13-17": Text("13 to 17", "13 à 17 ans"),
    "18+": Text("18 and over", "18 ans et plus"),
}


@dataclass(frozen=True)
class HelpService:
    """One row of ``help_services.csv``."""

    country: str
    name: str
    what_for: Text
    contact: str
    age_group: str
    date_checked: str
    source: str

    def ages(self, lang: str = "en") -> str:
        """The age group in words."""
        return AGE_GROUPS[self.age_group].get(lang)


@cache
def services() -> tuple[HelpService, ...]:
    """Every service in the data file, in its order."""
    text = resources.files(__package__).joinpath("help_services.csv").read_text(encoding="utf-8")
    return tuple(
        HelpService(
            row["country"],
            row["name"],
            Text(row["what_for_en"], row["what_for_fr"]),
            row["contact"],
            row["age_group"],
            row["date_checked"],
            row["source"],
        )
        for row in csv.DictReader(text.splitlines())
    )


def for_country(country: str) -> list[HelpService]:
    """The services of one country (``"FR"``, ``"UK"``…), in the file's order."""
    return [s for s in services() if s.country == country]


def countries_without_service() -> list[str]:
    """The countries of :data:`COUNTRIES` that the data file has no checked service for yet."""
    covered = {s.country for s in services()}
    return [code for code in COUNTRIES if code not in covered]
