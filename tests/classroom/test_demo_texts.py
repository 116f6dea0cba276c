"""The classroom app's own words, without a browser: the About page's safeguarding advice and
help lines, one privacy sentence everywhere, and French typography and numbers."""

from __future__ import annotations

import re

import pytest

from looktwice import help_services, quiz
from looktwice.classroom import quiz_view as qv
from looktwice.classroom import tab_about
from looktwice.classroom import text as ct
from looktwice.classroom import views as cv

LANGS = ("en", "fr")


@pytest.mark.parametrize("lang", LANGS)
def test_the_about_page_lists_help_for_every_country_of_the_shared_table(lang):
    page = tab_about.about_md(lang)
    for code in tab_about.HELP_COUNTRIES:
        services = help_services.for_country(code)
        assert services, code
        assert help_services.COUNTRIES[code].get(lang) in page
        for s in services:
            assert cv.esc(s.name, 80) in page


@pytest.mark.parametrize("lang", LANGS)
def test_keeping_proof_never_sits_next_to_advice_on_sexual_pictures(lang):
    """Saving a sexual picture of someone under 18 is itself the wrong advice: the page says not
    to, and the advice to keep a screenshot comes only for pictures that are not sexual, after
    the help lines."""
    page = tab_about.about_md(lang)
    sections = re.split(r"\n#{2,3} ", page)
    sexual = [s for s in sections if re.match(r"(If the picture is sexual|Si l’image est sexuelle)", s)]
    proof = [s for s in sections if re.search(r"(screenshot|capture)", s, re.IGNORECASE)]
    assert len(sexual) == 1
    assert re.search(r"Do not save, copy, screenshot|Ne l’enregistrez pas", sexual[0])
    keep = [s for s in proof if s is not sexual[0]]
    assert len(keep) == 1 and re.match(
        r"(If the fake picture is not sexual|Si la fausse image n’est pas sexuelle)", keep[0]
    )
    order = [sections.index(sexual[0]), sections.index(keep[0])]
    assert order[1] - order[0] >= 3  # other sections, and the help lines, stand between them


@pytest.mark.parametrize("lang", LANGS)
def test_uploads_are_described_the_same_way_everywhere(lang):
    sentence = ct.PRIVACY.get(lang)
    assert sentence in ct.t("privacy_note", lang)
    assert sentence in tab_about.about_md(lang)
    assert sentence not in tab_about.about_md(lang, classroom=True)  # nothing can be uploaded there
    everything = "\n".join(t.get(lang) for t in ct.T.values())
    assert not re.search(r"right after|puis\s+effacées aussitôt|\(within the hour|\(dans l.heure", everything)


def french_texts() -> list[str]:
    texts = [t.fr for t in ct.T.values()]
    texts += [t.fr for t in (*cv.LIMITS.values(), *cv.STRENGTH.values(), *cv.POINTS.values())]
    texts += [tab_about.about_md("fr")]
    return texts


def test_french_punctuation_has_its_no_break_spaces():
    for text in french_texts():
        plain = re.sub(r"`[^`]*`", "", text)  # commands are not French
        assert not re.search(r"[^\s\u202f\u00a0][ ]?[ ][:;?!](\s|$)", plain), plain[:200]
        assert not re.search(r"« |\s»", plain.replace("«\u00a0", "").replace("\u00a0»", "")), plain[:200]


def test_french_numbers_have_a_decimal_comma():
    assert cv.number(0.5, 2, "fr") == "0,50" and cv.number(0.5, 2, "en") == "0.50"
    assert qv.confidence_label(50, "fr") == "50\u00a0% (au hasard)"
    r = quiz.Round("set-a", quiz.PRACTICE, [quiz.Item("x", "real")])
    r.answers.append(quiz.Answer("x", "real", "real", 80))
    r.index = 1
    results = qv.results_md(r, "fr")
    assert "48,2\u00a0%" in results and "48.2" not in results
    assert "48.2 %" in qv.results_md(r, "en")


def test_set_names_are_translated():
    for name in quiz.ALL_SETS:
        assert quiz.set_name(name).fr != quiz.set_name(name).en
