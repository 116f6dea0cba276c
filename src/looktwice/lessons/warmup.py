"""Lesson 0, "Start here": the warm-up, a first "real or generated?" round with confidence.

Six pictures of the quiz's pre-test set (:data:`looktwice.quiz.SETS`, ``set-a``: modern
generators and camera photos, as many of each, licences clear) are shown with a neutral caption
(their number and licence: the credit would give the answer away). For each, the pupil says
*real* or *generated* and how sure they are, then presses *Done*: the notebook shows the truth,
the credit of each picture, the score and how well the confidence matched it.

The result is kept for the end of the course in the kit's anonymous class counts on this
computer (:class:`looktwice.quiz.QuizStore`, session ``pre``): counts only, no name, nothing
sent anywhere. The counts are written only when a pupil presses *Done*, never when a notebook
is merely run. Without the example pack, the quiz's built-in set is used instead, and the
notebook says so.
"""

from __future__ import annotations

import html
from typing import Any

from PIL import Image

from ..text import Text

#: The set the warm-up asks (the quiz's pre-test set), how many pictures of each kind, and the
#: session label its counts are kept under.
SET = "set-a"
PER_KIND = 3
SESSION = "pre"
#: The side, in pixels, of the square every warm-up picture is shown as.
SIZE = 360

WORDS: dict[str, Text] = {
    "picture": Text("Picture {n}", "Image {n}"),
    "hidden": Text(
        "cropped to a square around its centre; who made it and its licence: shown when you press Done",
        "recadrée en carré autour de son centre ; qui l’a faite et sa licence : affichés quand "
        "vous appuyez sur Terminé",
    ),
    "real": Text("real photo", "vraie photo"),
    "generated": Text("generated", "générée"),
    "sure": Text("how sure (%)", "sûr·e à (%)"),
    "done": Text("Done", "Terminé"),
    "answer_all": Text(
        "Answer every picture, then press Done.", "Répondez pour chaque image, puis appuyez sur Terminé."
    ),
    "prompt": Text(
        "For each picture, decide: real photo or generated? Then say how sure you are, from 50% "
        "(a pure guess) to 100% (certain). Write your answers on your worksheet.",
        "Pour chaque image, décidez : vraie photo ou image générée ? Puis dites à quel point vous "
        "êtes sûr·e, de 50 % (au hasard) à 100 % (certain·e). Notez vos réponses sur votre fiche.",
    ),
    "builtin": Text(
        "The example pack is not on this computer: the warm-up uses the kit's built-in pictures "
        "instead (the class's results are then not comparable with the end-of-course round).",
        "Le pack d’exemples n’est pas sur cet ordinateur : l’échauffement utilise les images "
        "intégrées au kit (les résultats de la classe ne se comparent alors pas avec la partie de "
        "fin de parcours).",
    ),
    "score": Text("You got {right} right out of {total}.", "Vous avez {right} bonnes réponses sur {total}."),
    "kept": Text(
        "Your answers were added to the class's anonymous counts on this computer (no name, "
        "nothing sent anywhere). Your teacher compares them with the last lesson's round.",
        "Vos réponses ont été ajoutées aux comptages anonymes de la classe sur cet ordinateur "
        "(aucun nom, rien n’est envoyé). Votre enseignant·e les comparera avec la partie de la "
        "dernière leçon.",
    ),
    "said": Text("you said", "votre réponse"),
    "truth": Text("truth", "en vrai"),
    "credit": Text("who made it", "qui l’a faite"),
    "no_answers": Text(
        "No warm-up answers are counted on this computer yet.",
        "Aucune réponse d’échauffement n’est encore comptée sur cet ordinateur.",
    ),
    "class": Text(
        "{correct} right answers out of {answers} counted on this computer, from {rounds} finished rounds.",
        "{correct} bonnes réponses sur {answers} comptées sur cet ordinateur, pour {rounds} parties terminées.",
    ),
    "level": Text("how sure", "sûr·e à"),
    "answers": Text("answers", "réponses"),
    "right": Text("right", "justes"),
    "percent": Text("{n}%", "{n} %"),
}


def items(per_kind: int = PER_KIND):
    """The warm-up's questions and their set: ``(set name, [Item, …])``. The quiz's pre-test
    set when the example pack is on this computer, else its built-in set."""
    from .. import quiz

    found = quiz.item_set(SET, per_kind=per_kind, classroom=True)
    if found:
        return SET, found
    return quiz.BUILTIN_SET, quiz.item_set(quiz.BUILTIN_SET, per_kind=per_kind, classroom=True)


def names() -> list[str]:
    """The examples the warm-up shows (for the lesson's "Images used" table)."""
    return [item.name for item in items()[1]]


def neutral_caption(number: int, lang: str = "en") -> str:
    """A warm-up caption: the picture's number, and that its credit and licence come with the
    answer (the credit, and even the licence, would give the answer away)."""
    return f"{WORDS['picture'].get(lang).format(n=number)} · {WORDS['hidden'].get(lang)}"


def square(image: Image.Image, size: int = SIZE) -> Image.Image:
    """The centre square of a picture, at ``size`` pixels: every warm-up picture has the same
    shape and size, so neither gives the answer away."""
    image = image.convert("RGB")
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    return image.crop((left, top, left + side, top + side)).resize((size, size), Image.Resampling.LANCZOS)


def gallery(lang: str = "en", width: int = 220):
    """The warm-up's pictures, numbered, all cropped to the same square, with no credit."""
    from ..examples import load_example
    from ..teaching import show

    questions = items()[1]
    return show(
        [square(load_example(q.name)) for q in questions],
        [neutral_caption(i, lang) for i, _ in enumerate(questions, 1)],
        width=width,
    )


def results_table(answers, lang: str = "en"):
    """One row per answered picture: its number, the answer, the confidence, the truth and the
    credit line (what *Done* reveals)."""
    from ..examples import get_example
    from ..teaching import Table

    rows = []
    for number, answer in enumerate(answers, 1):
        rows.append(
            (
                WORDS["picture"].get(lang).format(n=number),
                WORDS[answer.said].get(lang),
                WORDS["percent"].get(lang).format(n=answer.confidence),
                WORDS[answer.truth].get(lang),
                get_example(answer.item).credit_line(lang),
            )
        )
    headers = [
        "",
        WORDS["said"].get(lang),
        WORDS["sure"].get(lang),
        WORDS["truth"].get(lang),
        WORDS["credit"].get(lang),
    ]
    return Table(headers, rows)


def record(answers, item_set: str, session: str | None = SESSION, store=None) -> bool:
    """Add a finished round to the class's anonymous counts (``session=None``: count nothing).
    Returns whether anything was counted."""
    from .. import quiz

    if session is None:
        return False
    store = store if store is not None else quiz.QuizStore()
    for answer in answers:
        store.record_answer(session, item_set, answer.item, answer.truth, answer.correct, answer.confidence)
    store.record_round(session, item_set, sum(a.correct for a in answers), len(answers))
    return True


def finish(answers, item_set: str, lang: str = "en", session: str | None = SESSION, store=None) -> list:
    """What *Done* shows, in order: the score, the results table, the calibration message and,
    when the round was counted, what happened to it. Records the round (see :func:`record`)."""
    from .. import quiz
    from ..teaching import prose

    score = quiz.score(answers)
    shown: list = [
        prose(WORDS["score"].get(lang).format(right=score.correct, total=score.total), lang=lang),
        results_table(answers, lang),
        prose(quiz.calibration_message(quiz.calibration(answers)), lang=lang),
    ]
    if record(answers, item_set, session, store):
        shown.append(prose(WORDS["kept"], lang=lang))
    return shown


def round_widget(lang: str = "en", session: str | None = SESSION, store=None):
    """The warm-up for a notebook: the numbered pictures, for each a real / generated choice
    and a confidence level, and a *Done* button that reveals and counts the round (once).
    Where widgets cannot display, the pictures and the instructions are shown."""
    from .activities import Shown, _widgets

    set_name, questions = items()
    pictures = gallery(lang)
    notes = [WORDS["prompt"].get(lang)] + ([WORDS["builtin"].get(lang)] if set_name != SET else [])
    text = "\n".join([repr(pictures), *notes])
    page = pictures._repr_html_() + "".join(f"<p><i>{html.escape(n)}</i></p>" for n in notes)
    w = _widgets()
    widget = None
    if w is not None:
        widget = _build(w, questions, set_name, pictures, notes, lang, session, store)
    return Shown(widget, text, page)


def _build(w: Any, questions, set_name: str, pictures, notes: list[str], lang: str, session: str | None, store) -> Any:
    from .. import quiz
    from .activities import markdown_html

    choices = [(WORDS[k].get(lang), k) for k in quiz.KINDS]
    rows, pickers = [], []
    for number, _question in enumerate(questions, 1):
        said = w.ToggleButtons(options=choices, value=None)
        sure = w.SelectionSlider(
            options=list(quiz.CONFIDENCE_LEVELS),
            value=quiz.CONFIDENCE_LEVELS[0],
            description=WORDS["sure"].get(lang),
            continuous_update=False,
            style={"description_width": "initial"},
        )
        label = w.HTML(
            f"<b>{html.escape(WORDS['picture'].get(lang).format(n=number))}</b>", layout=w.Layout(width="6em")
        )
        rows.append(w.HBox([label, said, sure], layout=w.Layout(align_items="center")))
        pickers.append((said, sure))
    done = w.Button(description=WORDS["done"].get(lang), button_style="primary", disabled=True)
    out = w.Output()

    def changed(_change: Any) -> None:
        done.disabled = any(said.value is None for said, _ in pickers)

    def finished(_button: Any) -> None:
        from IPython.display import display

        done.disabled = True
        for said, sure in pickers:
            said.disabled = sure.disabled = True
        answers = [quiz.Answer(q.name, q.truth, said.value, sure.value) for q, (said, sure) in zip(questions, pickers)]
        with out:
            for part in finish(answers, set_name, lang, session, store):
                display(part)

    for said, _ in pickers:
        said.observe(changed, names="value")
    done.on_click(finished)
    intro = w.HTML("".join(markdown_html(n) for n in notes))
    return w.VBox(
        [w.HTML(pictures._repr_html_()), intro, *rows, w.HTML(markdown_html(WORDS["answer_all"].get(lang))), done, out]
    )


def class_counts(lang: str = "en", session: str = SESSION, store=None) -> Any:
    """The class's anonymous warm-up counts on this computer: right answers, answers, finished
    rounds, and how often answers at each confidence level were right. Reads only; says so
    when nothing is counted yet."""
    from .. import quiz
    from ..teaching import Table, prose

    store = store if store is not None else quiz.QuizStore()
    summary = store.summary(session)
    if not summary.answers:
        return prose(WORDS["no_answers"], lang=lang)
    from IPython.display import display

    display(
        prose(
            WORDS["class"].get(lang).format(correct=summary.correct, answers=summary.answers, rounds=summary.rounds),
            lang=lang,
        )
    )
    rows = [(WORDS["percent"].get(lang).format(n=b.confidence), b.total, b.correct) for b in summary.bins if b.total]
    return Table([WORDS[k].get(lang) for k in ("level", "answers", "right")], rows)
