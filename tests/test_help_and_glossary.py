"""The shared data files: help services by country and the glossary, read from the package."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from looktwice import glossary, help_services

LESSONS = Path(__file__).resolve().parents[1] / "lessons"
PLAIN_SPACE_BEFORE = re.compile(r" [;:?!»]|« ")


def test_every_help_service_has_a_date_a_source_and_a_contact():
    rows = help_services.services()
    assert len(rows) >= 5
    for row in rows:
        assert row.country in help_services.COUNTRIES, row
        assert row.name and row.contact and row.what_for.en and row.what_for.fr, row
        assert date.fromisoformat(row.date_checked) <= date(2026, 11, 28), row
        assert row.source.startswith("https://"), row
        assert row.age_group in help_services.AGE_GROUPS, row
        assert not PLAIN_SPACE_BEFORE.search(row.what_for.fr), row.what_for.fr


def test_help_services_by_country():
    assert [s.name for s in help_services.for_country("FR")] == ["3018 (e-Enfance)"]
    assert {s.country for s in help_services.services()} | set(help_services.countries_without_service()) == set(
        help_services.COUNTRIES
    )


def test_glossary_terms_in_both_languages():
    terms = glossary.terms()
    assert terms["content-credentials"].name.fr == "identifiants de contenu"
    assert terms["content-credentials"].first_use("fr") == "identifiants de contenu (Content Credentials)"
    assert terms["exif"].first_use("fr") == "EXIF"
    for term in terms.values():
        assert term.name.en and term.name.fr and term.definition.en and term.definition.fr, term.id
        assert not PLAIN_SPACE_BEFORE.search(term.definition.fr), term.definition.fr


def test_glossary_pages_use_the_shared_terms():
    """Every term of glossary.csv has an entry with its id as anchor in each language's glossary
    page, whose title starts with the term."""
    for lang in ("en", "fr"):
        page = (LESSONS / lang / "glossary.md").read_text(encoding="utf-8")
        titles = dict(re.findall(r'^### <a id="([^"]+)"></a>(.*)$', page, re.M))
        for term in glossary.terms().values():
            assert term.id in titles, f"{lang}/glossary.md has no entry {term.id}"
            assert titles[term.id].lower().startswith(term.name.get(lang).lower()), (lang, term.id, titles[term.id])
