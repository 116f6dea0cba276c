"""The "Real or generated?" tab: one picture at a time, an answer and a confidence, then the
verdict (scrolled into view and announced), the tell itself (a large close-up of its box, its
category, whether it has expired) and how the class did on this picture; at the end, the score,
the calibration chart, a review of the missed pictures and "play again"."""

from __future__ import annotations

import gradio as gr

from .. import examples, quiz
from ..analyses.base import fit_picture
from ..examples import tell_closeup
from ..image_file import open_specimen
from . import quiz_view as qv
from . import text as ct
from . import views as cv
from .common import LRU, QUIZ, Context, fail, failure, friendly_errors, pick_lang

#: Longest side of quiz pictures (most are smaller; larger ones are shown reduced).
QUIZ_SIDE = 1600
#: Side of the close-up on a tell's box.
TELL_SIDE = 768
#: Runs in the browser after "Check my answer": bring the verdict into view, move focus to it.
SHOW_VERDICT_JS = """() => {
  const v = document.getElementById('quiz-verdict');
  if (v) { v.setAttribute('tabindex', '-1'); v.scrollIntoView({block: 'start'}); v.focus({preventScroll: true}); }
}"""


def build(ctx: Context) -> None:
    """Lay out the tab and wire its events (``/quiz_start``, ``/quiz_answer``, ``/quiz_next``,
    ``/quiz_again``, and ``/class_results`` outside classroom mode)."""
    cache = LRU(64)
    state = ctx.states["quiz"]
    language = ctx.language

    def quiz_files(name: str) -> dict:
        """The quiz picture and the close-ups of its tells, written once as files."""

        def make() -> dict:
            data, _ = examples.load_example_bytes(name)
            spec = open_specimen(data, name="quiz")
            shown = fit_picture(spec.image, QUIZ_SIDE).convert("RGB")
            tells = [
                ctx.pictures.put(tell_closeup(spec.image, record, size=TELL_SIDE))
                for record in qv.boxed_records(examples.get_example(name))
            ]
            return {"picture": ctx.pictures.put(shown, "JPEG"), "tells": tells}

        return cache.get_or_make(name, make)

    def chart(r: quiz.Round | None, lang: str):
        if r is None or not r.finished:
            return gr.Image(value=None, visible=False)
        bins = quiz.calibration(r.answers)
        return gr.Image(
            value=quiz.calibration_chart(bins, lang), alt_text=quiz.chart_alt_text(bins, lang), visible=True
        )

    def review(r: quiz.Round | None, lang: str):
        if r is None or not r.finished or not r.missed:
            return gr.Gallery(value=None, visible=False)
        shown = []
        for a in r.missed:
            files = quiz_files(a.item)
            shown.append(((files["tells"] or [files["picture"]])[0], qv.review_caption(a, lang)))
        return gr.Gallery(value=shown, visible=True)

    def question(r: quiz.Round, lang: str) -> tuple:
        """Everything the tab shows for the current question (or the end screen)."""
        item = r.current
        if item is None:
            picture = gr.Image(value=None, alt_text="", visible=False)
        else:
            picture = gr.Image(
                value=quiz_files(item.name)["picture"],
                visible=True,
                alt_text=cv.tx(
                    f"Quiz picture {r.index + 1} of {len(r.items)}: look closely, then answer.",
                    f"Image {r.index + 1} sur {len(r.items)} du quiz\u202f: regardez bien, puis répondez.",
                    lang,
                ),
            )
        playing = not r.finished
        return (
            picture,
            qv.set_note(r, lang),
            qv.progress_md(r, lang),
            gr.Radio(value=None, interactive=playing),
            gr.Radio(value=None, interactive=playing),
            gr.Button(interactive=playing),
            gr.Button(interactive=False),
            "",
            gr.Image(value=None, visible=False),
            "",
            qv.results_md(r, lang),
            chart(r, lang),
            qv.review_md(r, lang),
            review(r, lang),
            gr.Button(visible=r.finished),
            r,
        )

    def new_round(item_set: str, session: str, lang: str, request: gr.Request | None, played: int):
        chosen_set = ctx.quiz_set or (item_set if item_set in quiz.ALL_SETS else quiz.SETS[0])
        chosen_session = ctx.quiz_session or (session or quiz.PRACTICE)
        seed = f"{getattr(request, 'session_hash', '') or ''}/{played}"
        r = quiz.Round.start(chosen_set, chosen_session, classroom=ctx.classroom, seed=seed, played=played)
        if not r.items:
            raise failure(
                cv.tx(
                    "There are no pictures for the quiz on this computer.",
                    "Il n’y a pas d’image pour le quiz sur cet ordinateur.",
                    lang,
                ),
                lang,
            )
        return question(r, lang)

    def quiz_start(item_set: str, session: str, lang: str, request: gr.Request):
        """Start a round on an item set; ``session`` is "practice" (not counted), "pre" or "post"."""
        lang = pick_lang(lang)
        with friendly_errors(lang, "quiz_start"):
            return new_round(item_set, session, lang, request, 0)

    def quiz_again(item_set: str, session: str, lang: str, r: quiz.Round | None, request: gr.Request):
        """Play the set again, in a new order."""
        lang = pick_lang(lang)
        with friendly_errors(lang, "quiz_again"):
            return new_round(item_set, session, lang, request, (r.played + 1 if r is not None else 0))

    def feedback(r: quiz.Round | None, lang: str) -> tuple:
        """The verdict, the tell's close-up and the tell's words for the answered picture."""
        if r is None or not r.answered_current or r.finished:
            return "", gr.Image(value=None, visible=False), ""
        a = r.answers[r.index]
        e = examples.get_example(a.item)
        counts = ctx.store.item_counts(a.item)
        tells = quiz_files(a.item)["tells"]
        records = qv.boxed_records(e)
        if tells:
            record = records[0]
            picture = gr.Image(
                value=tells[0],
                visible=True,
                alt_text=cv.tx(
                    f"Close-up of the tell ({record.kind.label.en}), its place outlined: {record.note.en}",
                    f"Gros plan sur l’indice ({record.kind.label.fr}), son emplacement entouré\u202f: {record.note.fr}",
                    lang,
                ),
            )
        else:
            picture = gr.Image(value=None, visible=False)
        return qv.verdict_md(a, counts, lang), picture, qv.tell_md(e, a.truth, lang)

    def quiz_answer(answer: str | None, confidence: int | None, lang: str, r: quiz.Round | None):
        """Answer the current picture: "real" or "generated", and a confidence (50 to 100)."""
        lang = pick_lang(lang)
        if r is None or r.finished:
            raise fail("error_start_quiz", lang)
        if answer not in quiz.KINDS or confidence is None:
            raise fail("error_answer_first", lang)
        with friendly_errors(lang, "quiz_answer"):
            r.answer(answer, float(confidence), ctx.store)
            verdict, picture, tell = feedback(r, lang)
            return (
                verdict,
                picture,
                tell,
                qv.progress_md(r, lang),
                gr.Radio(interactive=False),
                gr.Radio(interactive=False),
                gr.Button(interactive=False),
                gr.Button(interactive=True),
                r,
            )

    def quiz_next(lang: str, r: quiz.Round | None):
        """Go to the next picture (after answering); at the end, the score, the chart and the review."""
        lang = pick_lang(lang)
        if r is None or r.finished:
            raise fail("error_start_quiz", lang)
        if not r.answered_current:
            raise fail("error_answer_first", lang)
        with friendly_errors(lang, "quiz_next"):
            r.next()
            return question(r, lang)

    def class_results(before: str, after: str, lang: str):
        """The class's anonymous aggregate for two session labels, side by side."""
        lang = pick_lang(lang)
        try:
            quiz.check_label(before or "pre")
            quiz.check_label(after or "post")
        except ValueError:
            raise fail("error_session_label", lang) from None
        with friendly_errors(lang, "class_results"):
            c = ctx.store.compare(before or "pre", after or "post")
            return "```\n" + c.text(lang) + "\n```"

    # --- layout -----------------------------------------------------------------------------
    ctx.md("quiz_intro")

    def set_choices(lg: str) -> list[tuple[str, str]]:
        return [(quiz.set_name(s).get(lg), s) for s in quiz.ALL_SETS]

    def session_choices(lg: str) -> list[tuple[str, str]]:
        known = [(ct.t(f"session_{s}", lg), s) for s in quiz.SESSIONS]
        if ctx.quiz_session and ctx.quiz_session not in quiz.SESSIONS:
            known.append((ctx.quiz_session, ctx.quiz_session))
        return known

    with gr.Row(elem_classes=["stack"]):
        set_dd = gr.Dropdown(
            choices=set_choices(ctx.start_lang),
            value=ctx.quiz_set or quiz.SETS[0],
            label=ctx.T("quiz_set_label"),
            interactive=ctx.quiz_set is None,
            elem_id="quiz-set",
            min_width=240,
        )
        ctx.label(set_dd, lambda lg: gr.Dropdown(label=ct.t("quiz_set_label", lg), choices=set_choices(lg)))
        session_dd = gr.Dropdown(
            choices=session_choices(ctx.start_lang),
            value=ctx.quiz_session or quiz.PRACTICE,
            label=ctx.T("quiz_session_label"),
            interactive=ctx.quiz_session is None,
            elem_id="quiz-session",
            min_width=240,
        )
        ctx.label(session_dd, lambda lg: gr.Dropdown(label=ct.t("quiz_session_label", lg), choices=session_choices(lg)))
        start_btn = ctx.button("quiz_start_btn", variant="primary", elem_id="quiz-start", min_width=160)
    note = gr.Markdown(elem_id="quiz-note", latex_delimiters=[])
    progress = gr.Markdown(elem_id="quiz-progress", latex_delimiters=[])
    with gr.Row(elem_classes=["stack"]):
        with gr.Column(scale=3, min_width=300):
            quiz_img = ctx.picture("quiz_picture_label", "quiz-picture", visible=False)
        with gr.Column(scale=2, min_width=280):

            def answer_choices(lg: str) -> list[tuple[str, str]]:
                return [(ct.t("answer_real", lg), "real"), (ct.t("answer_generated", lg), "generated")]

            def confidence_choices(lg: str) -> list[tuple[str, int]]:
                return [(qv.confidence_label(level, lg), level) for level in quiz.CONFIDENCE_LEVELS]

            answer = gr.Radio(answer_choices(ctx.start_lang), label=ctx.T("quiz_answer_label"), elem_id="quiz-answer")
            ctx.label(answer, lambda lg: gr.Radio(label=ct.t("quiz_answer_label", lg), choices=answer_choices(lg)))
            confidence = gr.Radio(
                confidence_choices(ctx.start_lang), label=ctx.T("quiz_conf_label"), elem_id="quiz-confidence"
            )
            ctx.label(
                confidence, lambda lg: gr.Radio(label=ct.t("quiz_conf_label", lg), choices=confidence_choices(lg))
            )
            check_btn = ctx.button("quiz_check_btn", variant="primary", elem_id="quiz-check")
            next_btn = ctx.button("quiz_next_btn", elem_id="quiz-next", interactive=False)
    verdict = gr.Markdown(elem_id="quiz-verdict", latex_delimiters=[], elem_classes=["verdict"])
    with gr.Row(elem_classes=["stack"]):
        with gr.Column(scale=3, min_width=300):
            tells_img = ctx.picture("quiz_tells_label", "quiz-tells", visible=False)
        with gr.Column(scale=2, min_width=280):
            tell_text = gr.Markdown(elem_id="quiz-feedback", latex_delimiters=[])
    results = gr.Markdown(elem_id="quiz-results", latex_delimiters=[])
    chart_img = ctx.picture("quiz_chart_label", "quiz-chart", visible=False)
    review_head = gr.Markdown(elem_id="quiz-review-head", latex_delimiters=[])
    review_gallery = ctx.picture("quiz_review_label", "quiz-review", kind=gr.Gallery, columns=3, visible=False)
    again_btn = ctx.button("quiz_again_btn", variant="primary", elem_id="quiz-again", visible=False)
    teacher_out = None
    if not ctx.classroom:
        with gr.Accordion(ctx.T("teacher_head"), open=False) as teacher_box:
            ctx.labelled(teacher_box, "teacher_head")
            ctx.md("teacher_help")
            with gr.Row(elem_classes=["stack"]):
                before = ctx.labelled(
                    gr.Textbox("pre", label=ctx.T("before_label"), max_lines=1, elem_id="before"), "before_label"
                )
                after = ctx.labelled(
                    gr.Textbox("post", label=ctx.T("after_label"), max_lines=1, elem_id="after"), "after_label"
                )
                compare_btn = ctx.button("compare_btn", elem_id="compare")
            teacher_out = gr.Markdown(elem_id="class-results", latex_delimiters=[])

    # --- events -----------------------------------------------------------------------------
    def current(states: dict) -> quiz.Round | None:
        return states.get("quiz")

    ctx.follows(note, lambda lg, s: qv.set_note(current(s), lg))
    ctx.follows(progress, lambda lg, s: qv.progress_md(current(s), lg))
    ctx.follows(verdict, lambda lg, s: feedback(current(s), lg)[0])
    ctx.follows(tell_text, lambda lg, s: feedback(current(s), lg)[2])
    ctx.follows(results, lambda lg, s: qv.results_md(current(s), lg))
    ctx.follows(review_head, lambda lg, s: qv.review_md(current(s), lg))
    ctx.follows(chart_img, lambda lg, s: chart(current(s), lg) if current(s) and current(s).finished else gr.skip())

    round_out = [
        quiz_img,
        note,
        progress,
        answer,
        confidence,
        check_btn,
        next_btn,
        verdict,
        tells_img,
        tell_text,
        results,
        chart_img,
        review_head,
        review_gallery,
        again_btn,
        state,
    ]
    common = {"concurrency_id": QUIZ, "concurrency_limit": 4}
    start_btn.click(quiz_start, [set_dd, session_dd, language], round_out, api_name="quiz_start", **common)
    again_btn.click(quiz_again, [set_dd, session_dd, language, state], round_out, api_name="quiz_again", **common)
    check_btn.click(
        quiz_answer,
        [answer, confidence, language, state],
        [verdict, tells_img, tell_text, progress, answer, confidence, check_btn, next_btn, state],
        api_name="quiz_answer",
        **common,
    ).success(None, None, None, js=SHOW_VERDICT_JS)
    next_btn.click(quiz_next, [language, state], round_out, api_name="quiz_next", **common)
    if teacher_out is not None:
        compare_btn.click(
            class_results, [before, after, language], teacher_out, api_name="class_results", concurrency_limit=None
        )
