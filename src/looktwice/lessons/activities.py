"""What pupils do in a lesson notebook: quiz questions, predictions, sliders, fill-in checks.

A lesson's first cell makes one :class:`Activities` for the lesson and its language::

    activity = activities.for_lesson("02-labels-and-credentials", LANG)
    ___ = activities.BLANK

and later cells call it: ``activity.quiz("one-pixel")`` (one question per cell, answer key in
the package, see :mod:`.answers`), ``activity.predict(lambda: …)`` (the reveal stays locked
until a prediction is written), ``activity.slider(show, low, high, value, label)`` and
``activity.check("rocket-type", value)`` (says what is wrong with a fill-in).

Each is an ipywidgets widget in JupyterLab (offline: the widgets' JavaScript comes with
``jupyterlab_widgets``). Its display also carries a plain text and HTML version, which is what
shows where widgets cannot (a notebook run by nbclient, a static HTML export): the question and
its choices, or the prompt, never the answer.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from ..text import Text
from .answers import BLANK, VERDICTS, AnswerKey, Question, answer_key

__all__ = ["BLANK", "Activities", "for_lesson"]

WORDS = {
    "prediction": Text(
        "Write your prediction here before you check.", "Écrivez votre prédiction ici avant de vérifier."
    ),
    "check": Text("Check", "Vérifier"),
    "yours": Text("Your prediction", "Votre prédiction"),
    "no_widgets": Text(
        "(Answer on your worksheet: this copy cannot show the buttons.)",
        "(Répondez sur votre fiche : cette copie ne peut pas afficher les boutons.)",
    ),
    "not_ready": Text(
        "Run the cells above first, and fill in their `___`.",
        "Exécutez d’abord les cellules du dessus, et remplissez leurs `___`.",
    ),
    "predict_first": Text(
        "Write your prediction on your worksheet, then check it in JupyterLab.",
        "Écrivez votre prédiction sur votre fiche, puis vérifiez-la dans JupyterLab.",
    ),
}


def markdown_html(text: str) -> str:
    """Markdown (inline code, emphasis, lists) as HTML, for text shown inside a widget."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(text).strip()


def _rich(value: Any) -> dict[str, Any]:
    """The display data of any value (its HTML, Markdown and plain text), as Jupyter makes it."""
    try:
        from IPython.core.interactiveshell import InteractiveShell

        if InteractiveShell.initialized():
            data, _ = InteractiveShell.instance().display_formatter.format(value)
            return data
    except ImportError:
        pass
    return {"text/plain": repr(value)}


class Shown:
    """A widget, with the text and HTML to show where widgets cannot be displayed."""

    def __init__(self, widget: Any, text: str, page: str) -> None:
        self.widget, self.text, self.page = widget, text, page

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {}
        if self.widget is not None:
            bundle.update(self.widget._repr_mimebundle_())
        bundle["text/plain"] = self.text
        bundle["text/html"] = self.page
        return bundle

    def __repr__(self) -> str:
        return self.text


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError:  # the lessons extra is not installed: text only
        return None
    return ipywidgets


class Activities:
    """The activities of one lesson in one language."""

    def __init__(self, key: AnswerKey, lang: str) -> None:
        self.key, self.lang = key, lang

    # ----------------------------------------------------------------- quiz

    def quiz(self, question_id: str) -> Shown:
        """One quiz question as buttons; a click says whether the choice is right, and why."""
        question = self.key.questions[question_id]
        lang = self.lang
        lines = [question.text.get(lang)] + [
            f"{question.letter(i)}. {c.text.get(lang)}" for i, c in enumerate(question.choices)
        ]
        text = "\n".join(lines + [WORDS["no_widgets"].get(lang)])
        page = (
            f'<div class="looktwice-quiz">{markdown_html("**" + question.text.get(lang) + "**")}<ol type="A">'
            + "".join(f"<li>{markdown_html(c.text.get(lang))}</li>" for c in question.choices)
            + f"</ol><p><i>{html.escape(WORDS['no_widgets'].get(lang))}</i></p></div>"
        )
        return Shown(self._quiz_widget(question), text, page)

    def _quiz_widget(self, question: Question) -> Any:
        w = _widgets()
        if w is None:
            return None
        lang = self.lang
        feedback = w.HTML()
        buttons, rows = [], []
        for index, choice in enumerate(question.choices):
            button = w.Button(description=question.letter(index), layout=w.Layout(width="3.2em", flex="none"))
            label = w.HTML(markdown_html(choice.text.get(lang)), layout=w.Layout(flex="1"))
            rows.append(w.HBox([button, label], layout=w.Layout(align_items="center")))
            buttons.append(button)

        def choose(clicked: Any) -> None:
            index = buttons.index(clicked)
            right = index == question.answer
            for button in buttons:
                button.button_style = ""
            clicked.button_style = "success" if right else "danger"
            verdict = VERDICTS["right" if right else "wrong"].get(lang)
            why = question.choices[index].why.get(lang)
            feedback.value = markdown_html(f"**{question.letter(index)}. {verdict}** {why}")

        for button in buttons:
            button.on_click(choose)
        title = w.HTML(markdown_html(f"**{question.text.get(lang)}**"))
        return w.VBox([title, *rows, feedback], layout=w.Layout(max_width="52em"))

    # ----------------------------------------------------------------- predict, then check

    def predict(self, reveal: Callable[[], Any]) -> Shown:
        """A box for the pupil's prediction and a Check button that stays off until something is
        written; the button then shows what ``reveal()`` returns, under the prediction."""
        text = WORDS["predict_first"].get(self.lang)
        return Shown(self._predict_widget(reveal), text, f"<p><i>{html.escape(text)}</i></p>")

    def _predict_widget(self, reveal: Callable[[], Any]) -> Any:
        w = _widgets()
        if w is None:
            return None
        area = w.Textarea(
            placeholder=WORDS["prediction"].get(self.lang),
            layout=w.Layout(width="100%", max_width="52em", height="5em"),
        )
        button = w.Button(description=WORDS["check"].get(self.lang), disabled=True, button_style="primary")
        out = w.Output()

        def typed(change: dict[str, Any]) -> None:
            button.disabled = len(str(change["new"]).strip()) < 3

        def check(_button: Any) -> None:
            from IPython.display import Markdown, display

            area.disabled = button.disabled = True
            with out:
                try:
                    display(reveal())
                except Exception as exc:  # a blank left, a cell above not run: say so, let them retry
                    area.disabled = button.disabled = False
                    display(Markdown(f"{WORDS['not_ready'].get(self.lang)} ({exc})"))

        area.observe(typed, names="value")
        button.on_click(check)
        return w.VBox([area, button, out])

    # ----------------------------------------------------------------- slider

    def slider(self, show: Callable[[int], Any], low: int, high: int, value: int, label: Text, step: int = 1) -> Shown:
        """A slider from ``low`` to ``high``; each position shows ``show(position)``. Where
        widgets cannot display, ``show(value)`` is shown instead."""
        start = _rich(show(value))
        text = f"{label.get(self.lang)} = {value}\n{start.get('text/plain', '')}"
        page = f"<p><b>{html.escape(label.get(self.lang))} = {value}</b></p>" + start.get(
            "text/html", f"<pre>{html.escape(start.get('text/plain', ''))}</pre>"
        )
        w = _widgets()
        widget = None
        if w is not None:
            control = w.IntSlider(
                value=value,
                min=low,
                max=high,
                step=step,
                description=label.get(self.lang),
                continuous_update=False,
                style={"description_width": "initial"},
                layout=w.Layout(width="32em"),
            )
            out = w.Output()

            def draw(position: int) -> None:
                from IPython.display import display

                with out:
                    out.clear_output(wait=True)
                    display(show(position))

            control.observe(lambda change: draw(change["new"]), names="value")
            draw(value)
            widget = w.VBox([control, out])
        return Shown(widget, text, page)

    # ----------------------------------------------------------------- fill-in

    def check(self, fill_in_id: str, *values: Any, then: Callable[[], Any] | None = None) -> Any:
        """Say whether the values written in place of ``___`` are right, and if not, what is
        wrong. When they are right and ``then`` is given, return what ``then()`` returns (the
        cell shows it)."""
        from IPython.display import Markdown, display

        right, message = self.key.fill_ins[fill_in_id].judge(values)
        verdict = VERDICTS["right" if right else "wrong"].get(self.lang)
        display(Markdown(f"**{verdict}** {message.get(self.lang)}" if right else message.get(self.lang)))
        return then() if right and then is not None else None


def for_lesson(lesson: str, lang: str) -> Activities:
    """The activities of a lesson (its id, the file stem) in a language."""
    return Activities(answer_key(lesson), lang)
