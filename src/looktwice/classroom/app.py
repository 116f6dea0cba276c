"""Look Twice in the classroom: a Gradio app with four tabs.

- **Look closely** (inspect): a built-in, pack or specimen image, or an upload; the labels the
  file declares, the hints in its pixels (each picture beside its explanation), a magnifier,
  and the honest summary (never a "fake %").
- **Real or generated?** (quiz): one picture at a time, an answer and a confidence, then the
  truth, the close-ups, the provenance and licence; a score, a calibration chart and published
  human figures at the end. Pre- and post-test rounds add to anonymous class counts.
- **Break the evidence**: re-save, resize, crop, screenshot or "post" the kit's signed and
  watermarked specimen, and see which signals survive.
- **About and help**: privacy, safety, and where to get help if someone is targeted by a fake.

Run it with ``looktwice demo`` (``--classroom`` for uploads off and the curated set only), or
``python demos/classroom/app.py``. Everything stays on this computer: analytics are off, no
share link unless asked, uploads are read into memory and their temporary file deleted at
once, and nothing about an image is written to a log.

API endpoints (for ``gradio_client``): ``/inspect_example``, ``/inspect_upload`` (not in
classroom mode), ``/zoom``, ``/quiz_start``, ``/quiz_answer``, ``/quiz_next``,
``/class_results`` (not in classroom mode), ``/break_evidence``, ``/set_language``.
"""

from __future__ import annotations

import argparse
import atexit
import html
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _private_environment() -> None:
    """Settings that must be in place before Gradio is imported: no analytics or telemetry,
    and Gradio's upload/cache folder in a private temporary folder removed at exit."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_MCP_SERVER", "False")
    if "GRADIO_TEMP_DIR" not in os.environ and "gradio" not in sys.modules:
        folder = tempfile.mkdtemp(prefix="looktwice-demo-")
        os.environ["GRADIO_TEMP_DIR"] = folder
        atexit.register(shutil.rmtree, folder, True)


_private_environment()

import gradio as gr

if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import classroom_text as ct
import classroom_views as cv
import classroom_workers as cw

from looktwice import examples, quiz
from looktwice.analyses import zoom as zoom_analysis
from looktwice.analyses.base import fit_picture
from looktwice.specimen import ImageError, open_specimen
from looktwice.text import Text

log = logging.getLogger("looktwice.demo")

#: The default image of "break the evidence", and the specimens to prefer after it.
SPECIMEN_DEFAULT = "specimen-declared-all"
#: Longest side of quiz pictures (most are smaller; larger ones are shown reduced).
QUIZ_SIDE = 1600
#: Magnifications the magnifier offers.
ZOOM_FACTORS = cw.ZOOM_FACTORS
#: Largest upload accepted (Gradio refuses bigger files before they reach the analyses).
MAX_UPLOAD = "40mb"
#: Laundering operations offered, in the order a lesson presents them.
OPERATIONS = ("resave", "resize", "crop", "screenshot", "social")
LANGS = ("en", "fr")
HEAVY = "looktwice-analysis"
QUIZ = "looktwice-quiz"

CSS = """
.gradio-container { font-size: 17px; }
.gradio-container h1 { font-size: 2.2em; }
.gradio-container h2 { font-size: 1.5em; margin-top: 0.6em; }
.gradio-container :focus-visible { outline: 3px solid #e69f00 !important; outline-offset: 2px; }
#zoom-picture .image-frame, #noise-picture .image-frame { width: 100%; height: 100%; justify-content: center; }
#zoom-picture img, #noise-picture img { image-rendering: pixelated; width: 100%; height: 100%; object-fit: contain; }
#zoom-picture img { height: auto; max-width: 976px; }
"""


# --- small helpers ----------------------------------------------------------------------------


def _html(text: str) -> str:
    """Text for a Gradio alert, which renders HTML: escape markup, keep apostrophes readable."""
    return html.escape(text, quote=False)


def _lang(value: Any) -> str:
    return value if value in LANGS else "en"


def _fail(key: str, lang: str) -> gr.Error:
    return gr.Error(_html(ct.t(key, lang)), title=ct.t("error_title", lang), print_exception=False)


@contextmanager
def friendly_errors(lang: str, what: str):
    """Turn every failure into a short message in the page: the library's own message for a
    bad image, a generic one for anything else. Only the error's type reaches the log."""
    try:
        yield
    except gr.Error:
        raise
    except ImageError as exc:
        raise gr.Error(_html(exc.message.get(lang)), title=ct.t("error_title", lang), print_exception=False) from None
    except Exception as exc:  # noqa: BLE001  never a traceback in the page, never image data in the log
        log.warning("%s failed: %s", what, type(exc).__name__)
        raise _fail("error_generic", lang) from None


class LRU:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict = {}

    def get_or_make(self, key, make: Callable[[], Any]):
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # 30 students opening the same example: one analysis, not 30
            with self._lock:
                if key in self._data:
                    return self._data[key]
            value = make()
            with self._lock:
                self._data[key] = value
                self._key_locks.pop(key, None)
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
            return value


# --- the examples offered ---------------------------------------------------------------------


def offered_examples(classroom: bool) -> list:
    """Examples a person can pick: the kit's specimens first, then built-ins, then the pack
    images on this computer. Classroom mode leaves out unclear or non-commercial licences."""
    excluded = quiz.CLASSROOM_EXCLUDED_STATUS if classroom else ()
    catalog = examples.default_catalog()
    found = catalog.find(exclude_status=excluded)
    rank = {"specimen": 0, "builtin": 1, "pack": 2}
    chosen = [e for e in found if e.origin != "pack" or catalog.is_available(e.name)]
    return sorted(chosen, key=lambda e: rank.get(e.origin, 3))


def example_choices(classroom: bool, lang: str) -> list[tuple[str, str]]:
    prefix = {
        "specimen": Text("Kit specimen", "Spécimen du kit"),
        "builtin": Text("Built-in", "Intégrée"),
        "pack": Text("Pack", "Pack"),
    }
    out = []
    for e in offered_examples(classroom):
        tag = prefix.get(e.origin, Text(e.origin, e.origin)).get(lang)
        out.append((f"{tag}{' :' if lang == 'fr' else ':'} {e.title}", e.name))
    return out


def break_choices(classroom: bool, lang: str) -> list[tuple[str, str]]:
    """For "break the evidence": the signed specimen first, the kit's other specimens, then the rest."""
    choices = example_choices(classroom, lang)  # specimens come first already
    return sorted(choices, key=lambda c: c[1] != SPECIMEN_DEFAULT)


_LOADABLE: set[str] = set()


def _loadable(name: str) -> bool:
    """Whether an example can be read now (a success is remembered; a failure is tried again,
    so an example that appears while the app runs is picked up)."""
    if name in _LOADABLE:
        return True
    try:
        examples.load_example_bytes(name)
    except Exception:  # noqa: BLE001  any failure means "not now"
        return False
    _LOADABLE.add(name)
    return True


def default_break_image(classroom: bool) -> str | None:
    """The signed, watermarked specimen if it can be loaded now; else another specimen that
    carries labels, else any example (the list picks specimens up as soon as they appear)."""
    offered = {e.name: e for e in offered_examples(classroom)}
    names = [n for _, n in break_choices(classroom, "en")]
    specimens = [n for n in names if offered[n].origin == "specimen"]
    labelled = [n for n in specimens if "declared" in offered[n].tells or n.startswith("specimen-")]
    for name in labelled + specimens:
        if _loadable(name):
            return name
    for name in names:
        if offered[name].origin != "specimen":
            return name
    return names[0] if names else None


def default_example(classroom: bool) -> str | None:
    """What the inspect tab offers first: the signed specimen if loadable, else a built-in."""
    names = [n for _, n in example_choices(classroom, "en")]
    if SPECIMEN_DEFAULT in names and _loadable(SPECIMEN_DEFAULT):
        return SPECIMEN_DEFAULT
    for e in offered_examples(classroom):
        if e.origin == "builtin":
            return e.name
    return names[0] if names else None


# --- the app ----------------------------------------------------------------------------------


class Labels:
    """Components whose words change with the language: how to re-label each one."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, Callable[[str], Any]]] = []

    def add(self, component, make: Callable[[str], Any]):
        self.items.append((component, make))
        return component

    @property
    def components(self) -> list:
        return [c for c, _ in self.items]

    def updates(self, lang: str) -> list:
        return [make(lang) for _, make in self.items]


def build_app(
    classroom: bool = False,
    *,
    lang: str | None = None,
    quiz_set: str | None = None,
    quiz_session: str | None = None,
    store: quiz.QuizStore | str | Path | None = None,
    workers: int | None = None,
) -> gr.Blocks:
    """Build the demo (without launching it).

    ``classroom``: uploads off, only the curated examples (clear licences), no class results
    in the page. ``lang``: the language to start in (``None``: the browser's). ``quiz_set`` and
    ``quiz_session`` fix the quiz's set and session label (e.g. ``"monday"``, ``"pre"``) so
    students cannot change them. ``store``: where the class counts go (default: the data
    directory's ``quiz.sqlite``). ``workers``: worker processes that analyse uploads and
    break the evidence (default: one per core; 0: inside this process). Closing the app
    (``demo.close()``) stops them.
    """
    if lang is not None and lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    if quiz_set is not None:
        quiz.check_set(quiz_set)
    if quiz_session is not None:
        quiz.check_label(quiz_session)
    store = store if isinstance(store, quiz.QuizStore) else quiz.QuizStore(store)
    start_lang = lang or "en"
    i18n = gr.I18n(**ct.i18n_dicts())
    pictures = cw.PictureFiles()
    # Pictures made from uploads are deleted after half an hour, as Gradio's own cache is.
    transient = cw.PictureFiles(max_age=1800)
    # Served straight from their folders: Gradio neither hashes nor copies them per request.
    gr.set_static_paths([pictures.folder, transient.folder])
    pool = cw.Workers(workers)
    pool.start()
    # Gradio lets twice as many heavy requests in as there are workers, so that one request's
    # reading and answering overlaps another's analysis.
    heavy_limit = 2 * max(1, pool.processes)
    example_cache = LRU(24)
    quiz_cache = LRU(64)
    labels = Labels()

    def T(key: str) -> Any:  # a static label, translated by the browser's language at first
        return i18n(key)

    def bind_md(component, key: str):
        return labels.add(component, lambda lg, k=key: gr.Markdown(value=ct.t(k, lg)))

    def bind_label(component, key: str, cls=None):
        kind = cls or type(component)
        return labels.add(component, lambda lg, k=key, kd=kind: kd(label=ct.t(k, lg)))

    def bind_picture(component, key: str, picture: str):
        """A picture of the inspect tab: its label and its alt text follow the language."""
        return labels.add(
            component, lambda lg, k=key, p=picture: gr.Image(label=ct.t(k, lg), alt_text=cv.picture_alt(p, lg))
        )

    def bind_button(component, key: str):
        return labels.add(component, lambda lg, k=key: gr.Button(value=ct.t(k, lg)))

    # --- analysis ---------------------------------------------------------------------------

    def example_analysis(name: str) -> dict:
        """The analysis of an example, cached (its pictures written once, as files)."""

        def make() -> dict:
            example = examples.get_example(name)
            data, _ = examples.load_example_bytes(example.name)
            result = pool.run(cw.inspect_page, data, example.name, cv.example_credit(example), str(pictures.folder))
            return {**result, "data": data}

        return example_cache.get_or_make(name, make)

    def inspect_outputs(result: dict, lang: str) -> tuple:
        """The inspect tab's outputs. Pictures go out as bare file paths (their alt texts are
        set with the language): building a component update per picture costs Gradio more
        time than drawing the picture."""
        view = result["view"]
        pics = result["pictures"]
        # The file's bytes stay with the browser's session (in memory, for an hour at most) so
        # that the magnifier can cut close-ups from the full-size picture.
        state = {"view": view, "data": result["data"], "preview_size": result["preview_size"]}
        return (
            result["preview"],
            cv.credit_md(view, lang),
            cv.summary_md(view, lang),
            cv.declared_md(view, lang),
            pics.get("spectrum"),
            cv.analysis_md(view, "spectrum", lang),
            pics.get("noise"),
            cv.analysis_md(view, "noise", lang),
            pics.get("ela"),
            cv.analysis_md(view, "ela", lang),
            pics.get("zoom"),
            cv.analysis_md(view, "zoom", lang),
            cv.evidence_md(view, lang),
            None,  # the previous picture's close-up goes
            state,
        )

    def inspect_example(example_name: str, lang: str):
        """Inspect a built-in, pack or specimen example, by name."""
        lang = _lang(lang)
        if not example_name:
            raise _fail("error_no_example", lang)
        with friendly_errors(lang, "inspect_example"):
            allowed = {e.name for e in offered_examples(classroom)}
            name = examples.get_example(example_name).name
            if name not in allowed:
                raise _fail("error_unavailable", lang)
            return inspect_outputs(example_analysis(name), lang)

    def inspect_upload(path: str | None, lang: str):
        """Inspect an uploaded image. The temporary file is deleted as soon as it is read."""
        lang = _lang(lang)
        if classroom:
            _delete_upload(path)
            raise _fail("error_uploads_off", lang)
        if not path:
            raise _fail("error_no_file", lang)
        try:
            data = Path(path).read_bytes()
            name = Path(path).name
        except OSError:
            raise _fail("error_generic", lang) from None
        finally:
            _delete_upload(path)
        with friendly_errors(lang, "inspect_upload"):
            result = pool.run(cw.inspect_page, data, name, None, str(transient.folder))
            transient.sweep()
            return (*inspect_outputs({**result, "data": data}, lang), None)

    def zoom(x_percent: float, y_percent: float, factor: int, lang: str, state: dict | None):
        """A close-up of the inspected picture around a point given in percent of its size."""
        lang = _lang(lang)
        if not state:
            raise _fail("error_inspect_first", lang)
        with friendly_errors(lang, "zoom"):
            xp = min(max(float(x_percent or 0), 0.0), 100.0)
            yp = min(max(float(y_percent or 0), 0.0), 100.0)
            f = int(factor) if factor in ZOOM_FACTORS else 4
            return gr.Image(
                value=pool.run(cw.close_up, state["data"], xp / 100, yp / 100, f),
                alt_text=cv.tx(
                    f"Close-up at {xp:.0f} % across and {yp:.0f} % down, enlarged {f} times",
                    f"Gros plan à {xp:.0f} % de la largeur et {yp:.0f} % de la hauteur, agrandi {f} fois",
                    lang,
                ),
            )

    def zoom_at_click(factor: int, lang: str, state: dict | None, evt: gr.SelectData):
        lang = _lang(lang)
        if not state:
            raise _fail("error_inspect_first", lang)
        if not evt.index or len(evt.index) < 2:  # a click beside the picture
            return gr.skip(), gr.skip(), gr.skip()
        with friendly_errors(lang, "zoom_at_click"):
            width, height = state["preview_size"]
            x_pct = 100 * evt.index[0] / max(1, width)
            y_pct = 100 * evt.index[1] / max(1, height)
            return round(x_pct, 1), round(y_pct, 1), zoom(x_pct, y_pct, factor, lang, state)

    # --- quiz -------------------------------------------------------------------------------

    def quiz_picture(name: str) -> dict:
        def make() -> dict:
            data, _ = examples.load_example_bytes(name)
            spec = open_specimen(data, name="quiz")
            shown = fit_picture(spec.image, QUIZ_SIDE).convert("RGB")
            close = zoom_analysis.analyse(spec).picture()
            return {"picture": pictures.put(shown), "tells": pictures.put(close)}

        return quiz_cache.get_or_make(name, make)

    def progress_md(r: quiz.Round | None, lang: str) -> str:
        if r is None:
            return ""
        s = quiz.score(r.answers)
        if r.finished:
            return cv.tx(
                f"**Finished!** {s.correct} right out of {s.total}.",
                f"**Terminé !** {s.correct} bonnes réponses sur {s.total}.",
                lang,
            )
        return cv.tx(
            f"**Picture {r.index + 1} of {len(r.items)}** · right so far: {s.correct} out of {s.total}",
            f"**Image {r.index + 1} sur {len(r.items)}** · bonnes réponses : {s.correct} sur {s.total}",
            lang,
        )

    def feedback_md(r: quiz.Round | None, lang: str) -> str:
        if r is None or not r.answered_current or r.finished:
            return ""
        a = r.answers[r.index]
        e = examples.get_example(a.item)
        head = (
            cv.tx("### ✓ Right!", "### ✓ Bonne réponse !", lang)
            if a.correct
            else cv.tx("### ✗ Not this time.", "### ✗ Pas cette fois.", lang)
        )
        lines = [
            head,
            cv.tx(
                f"This picture is **{cv.kind_name(a.truth, lang)}**.",
                f"Cette image est **{cv.kind_name(a.truth, lang)}**.",
                lang,
            ),
            cv.tx(
                f"**What it shows:** {cv.esc(e.description, 400)}",
                f"**Ce qu'elle montre :** {cv.esc(e.description, 400)} (description en anglais)",
                lang,
            ),
        ]
        if a.truth == "generated":
            lines.append(
                cv.tx(
                    f"**Made with:** {cv.esc(e.generator, 300)}", f"**Faite avec :** {cv.esc(e.generator, 300)}", lang
                )
            )
        tells = [quiz.tell_text(t).get(lang) for t in e.tells]
        if tells:
            lines.append(
                cv.tx("**Clues and facts about this picture:**", "**Indices et faits sur cette image :**", lang)
            )
            lines += [f"- {cv.esc(t, 300)}" for t in tells]
        lines.append(
            cv.tx(
                "Look at the close-ups: fingers, letters, edges, repeating patterns. A clean close-up proves nothing.",
                "Regardez les gros plans : doigts, lettres, bords, motifs qui se répètent. Un gros plan sans défaut ne prouve rien.",
                lang,
            )
        )
        lines.append(cv.example_credit(e).get(lang))
        return "\n\n".join(lines)

    def results_md(r: quiz.Round | None, lang: str) -> str:
        if r is None or not r.finished:
            return ""
        s = quiz.score(r.answers)
        pct = f"{100 * s.accuracy:.0f} %" if s.accuracy is not None else "—"
        lines = [
            cv.tx(
                f"## Your score: {s.correct} out of {s.total} ({pct})",
                f"## Votre score : {s.correct} sur {s.total} ({pct})",
                lang,
            ),
            quiz.calibration_message(quiz.calibration(r.answers)).get(lang),
            cv.tx("### How do other people do?", "### Et les autres ?", lang),
            cv.tx("| Study | Figure | What was measured |", "| Étude | Chiffre | Ce qui a été mesuré |", lang),
            "|---|---|---|",
        ]
        lines += [f"| {f.study} | **{f.figure}** | {f.what.get(lang)} |" for f in quiz.HUMAN_FIGURES]
        lines.append("")
        lines.append(
            cv.tx(
                "_The studies used different pictures and different measures, so compare with care. "
                f"Your round had only {s.total} pictures: luck matters a lot. Most people do little "
                "better than a coin toss, and the most confident are not the most accurate._",
                "_Les études utilisaient des images et des mesures différentes : comparez avec "
                f"prudence. Votre partie n'avait que {s.total} images : le hasard compte beaucoup. "
                "La plupart des gens font à peine mieux qu'un pile ou face, et les plus sûrs d'eux ne "
                "sont pas les plus justes._",
                lang,
            )
        )
        return "\n".join(lines)

    def chart(r: quiz.Round | None, lang: str):
        if r is None or not r.finished:
            return gr.Image(value=None, visible=False)
        bins = quiz.calibration(r.answers)
        return gr.Image(
            value=quiz.calibration_chart(bins, lang), alt_text=quiz.chart_alt_text(bins, lang), visible=True
        )

    def question_outputs(r: quiz.Round, lang: str) -> tuple:
        item = r.current
        if item is None:
            picture = gr.Image(value=None, alt_text="", visible=False)
        else:
            files = quiz_picture(item.name)
            picture = gr.Image(
                value=files["picture"],
                visible=True,
                alt_text=cv.tx(
                    f"Quiz picture {r.index + 1} of {len(r.items)}: look closely, then answer.",
                    f"Image {r.index + 1} sur {len(r.items)} du quiz : regardez bien, puis répondez.",
                    lang,
                ),
            )
        return (
            picture,
            progress_md(r, lang),
            gr.Radio(value=None),
            gr.Radio(value=None),
            "",
            gr.Image(value=None, visible=False),
            results_md(r, lang),
            chart(r, lang),
            r,
        )

    def quiz_start(item_set: str, session: str, lang: str):
        """Start a round on an item set; ``session`` is "practice" (not counted), "pre" or "post"."""
        lang = _lang(lang)
        with friendly_errors(lang, "quiz_start"):
            chosen_set = quiz_set or (item_set if item_set in quiz.SETS else quiz.SETS[0])
            chosen_session = quiz_session or (session or quiz.PRACTICE)
            r = quiz.Round.start(chosen_set, chosen_session, classroom=classroom)
            if not r.items:
                raise gr.Error(
                    _html(
                        cv.tx(
                            "There are no generated pictures on this computer yet, so the quiz cannot be fair. "
                            "Ask your teacher to run `looktwice examples download`.",
                            "Il n'y a pas encore d'images générées sur cet ordinateur : le quiz ne serait pas "
                            "équitable. Demandez à votre enseignant·e de lancer `looktwice examples download`.",
                            lang,
                        )
                    ),
                    title=ct.t("error_title", lang),
                    print_exception=False,
                )
            return question_outputs(r, lang)

    def quiz_answer(answer: str | None, confidence: int | None, lang: str, r: quiz.Round | None):
        """Answer the current picture: "real" or "generated", and a confidence (50 to 100)."""
        lang = _lang(lang)
        if r is None or r.finished:
            raise _fail("error_start_quiz", lang)
        if answer not in quiz.KINDS or confidence is None:
            raise _fail("error_answer_first", lang)
        with friendly_errors(lang, "quiz_answer"):
            r.answer(answer, float(confidence), store)
            files = quiz_picture(r.current.name)
            e = examples.get_example(r.current.name)
            tells = gr.Image(
                value=files["tells"],
                visible=True,
                alt_text=cv.tx(
                    f"Close-ups of the picture, enlarged pixel by pixel. {e.description}",
                    f"Gros plans de l'image, agrandis pixel par pixel. {e.description}",
                    lang,
                ),
            )
            return feedback_md(r, lang), tells, progress_md(r, lang), r

    def quiz_next(lang: str, r: quiz.Round | None):
        """Go to the next picture (after answering); at the end, the score and the chart."""
        lang = _lang(lang)
        if r is None or r.finished:
            raise _fail("error_start_quiz", lang)
        if not r.answered_current:
            raise _fail("error_answer_first", lang)
        with friendly_errors(lang, "quiz_next"):
            r.next()
            return question_outputs(r, lang)

    def class_results(before: str, after: str, lang: str):
        """The class's anonymous aggregate for two session labels, side by side."""
        lang = _lang(lang)
        try:
            quiz.check_label(before or "pre")
            quiz.check_label(after or "post")
        except ValueError:
            raise gr.Error(
                _html(
                    cv.tx(
                        "A session label is a short word such as pre or post (letters, digits, - or _).",
                        "Un nom de séance est un mot court comme pre ou post (lettres, chiffres, - ou _).",
                        lang,
                    )
                ),
                title=ct.t("error_title", lang),
                print_exception=False,
            ) from None
        with friendly_errors(lang, "class_results"):
            c = store.compare(before or "pre", after or "post")
            return "```\n" + c.text(lang) + "\n```"

    # --- break the evidence -----------------------------------------------------------------

    def break_evidence(image_name: str, operations: list[str], quality: int, scale: float, crop: float, lang: str):
        """Put an image through everyday operations and read which signals survive."""
        lang = _lang(lang)
        if not image_name:
            raise _fail("error_no_example", lang)
        ops = [o for o in OPERATIONS if o in (operations or [])]
        if not ops:
            raise _fail("error_no_ops", lang)
        with friendly_errors(lang, "break_evidence"):
            allowed = {e.name for e in offered_examples(classroom)}
            name = examples.get_example(image_name).name
            if name not in allowed:
                raise _fail("error_unavailable", lang)
            data, _ = examples.load_example_bytes(name)
            q = int(min(max(int(quality or 75), 5), 100))
            s = float(min(max(float(scale or 0.5), 0.1), 1.0))
            c = float(min(max(float(crop or 0.1), 0.0), 0.5))
            rows = pool.run(cw.break_page, data, ops, q, s, c, str(transient.folder))
            transient.sweep()
            views = [view for view, _ in rows]
            gallery = [
                (thumb, f"{v.label.get(lang)} — {v.width} × {v.height}, {v.file_bytes / 1000:.0f} {cv.tx('kB', 'ko', lang)}")
                for v, thumb in rows
            ]
            return gallery, cv.survival_md(views, lang), views

    # --- language ---------------------------------------------------------------------------

    def set_language(lang: str, inspect_state: dict | None, r: quiz.Round | None, copies: list | None):
        """Switch every label and every text on the page to ``lang`` ("en" or "fr")."""
        lang = _lang(lang)
        view = (inspect_state or {}).get("view")
        return (
            *labels.updates(lang),
            cv.credit_md(view, lang),
            cv.summary_md(view, lang),
            cv.declared_md(view, lang),
            cv.analysis_md(view, "spectrum", lang),
            cv.analysis_md(view, "noise", lang),
            cv.analysis_md(view, "ela", lang),
            cv.analysis_md(view, "zoom", lang),
            cv.evidence_md(view, lang),
            progress_md(r, lang),
            feedback_md(r, lang),
            results_md(r, lang),
            chart(r, lang) if (r is not None and r.finished) else gr.skip(),
            cv.survival_md(copies, lang),
        )

    # --- layout -----------------------------------------------------------------------------

    with gr.Blocks(title="Look Twice", analytics_enabled=False, delete_cache=(600, 1800)) as demo:
        with gr.Row(equal_height=True):
            bind_md(gr.Markdown(T("header"), latex_delimiters=[]), "header")
            language = gr.Radio(
                choices=[("English", "en"), ("Français", "fr")],
                value=start_lang,
                label="Language / Langue",
                scale=0,
                min_width=220,
                elem_id="language",
            )
        if classroom:
            bind_md(gr.Markdown(T("classroom_banner"), latex_delimiters=[]), "classroom_banner")

        inspect_state = gr.State(None, time_to_live=3600)
        quiz_state = gr.State(None, time_to_live=3600)
        break_state = gr.State(None, time_to_live=3600)

        with gr.Tabs():
            # ---------------------------------------------------------------- inspect
            with gr.Tab(T("tab_inspect"), id="inspect", elem_id="tab-inspect") as tab_inspect:
                bind_label(tab_inspect, "tab_inspect")
                bind_md(gr.Markdown(T("inspect_intro"), latex_delimiters=[]), "inspect_intro")
                with gr.Row():
                    with gr.Column(scale=2, min_width=300):
                        first = example_choices(classroom, start_lang)
                        example = gr.Dropdown(
                            choices=first,
                            value=default_example(classroom),
                            label=T("example_label"),
                            allow_custom_value=True,  # names are checked by the app, with a friendly message
                            elem_id="example",
                        )
                        labels.add(
                            example,
                            lambda lg: gr.Dropdown(
                                label=ct.t("example_label", lg), choices=example_choices(classroom, lg)
                            ),
                        )
                        inspect_btn = bind_button(
                            gr.Button(T("inspect_example_btn"), variant="primary", elem_id="inspect-example"),
                            "inspect_example_btn",
                        )
                        upload = None
                        if not classroom:
                            upload = gr.File(
                                label=T("upload_label"), file_count="single", type="filepath", elem_id="upload"
                            )
                            bind_label(upload, "upload_label")
                            bind_md(gr.Markdown(T("privacy_note"), latex_delimiters=[]), "privacy_note")
                        preview = gr.Image(
                            label=T("picture_label"),
                            interactive=False,
                            type="pil",
                            format="jpeg",
                            buttons=["fullscreen"],
                            height=420,
                            elem_id="preview",
                            alt_text=cv.picture_alt("preview", start_lang),
                        )
                        bind_picture(preview, "picture_label", "preview")
                        credit = gr.Markdown(elem_id="credit", latex_delimiters=[])
                    with gr.Column(scale=3, min_width=320):
                        bind_md(gr.Markdown(T("summary_head"), latex_delimiters=[]), "summary_head")
                        summary = gr.Markdown(elem_id="summary", latex_delimiters=[])
                        bind_md(gr.Markdown(T("declared_head"), latex_delimiters=[]), "declared_head")
                        declared = gr.Markdown(elem_id="declared", latex_delimiters=[])
                bind_md(gr.Markdown(T("hints_head"), latex_delimiters=[]), "hints_head")
                hint_outputs = []
                for key in ("spectrum", "noise", "ela"):
                    with gr.Row(equal_height=False):
                        img = gr.Image(
                            label=T(f"{key}_label"),
                            interactive=False,
                            format="png",
                            buttons=["fullscreen"],
                            elem_id=f"{key}-picture",
                            height=380,
                            scale=2,
                            min_width=260,
                            alt_text=cv.picture_alt(key, start_lang),
                        )
                        bind_picture(img, f"{key}_label", key)
                        md = gr.Markdown(elem_id=f"{key}-text", latex_delimiters=[])
                    hint_outputs += [img, md]
                bind_md(gr.Markdown(T("zoom_head"), latex_delimiters=[]), "zoom_head")
                with gr.Row():
                    zoom_auto = gr.Image(
                        label=T("zoom_auto_label"),
                        interactive=False,
                        format="png",
                        buttons=["fullscreen"],
                        elem_id="zoom-picture",
                        scale=3,
                        alt_text=cv.picture_alt("zoom", start_lang),
                    )
                    bind_picture(zoom_auto, "zoom_auto_label", "zoom")
                    zoom_text = gr.Markdown(elem_id="zoom-text", latex_delimiters=[])
                bind_md(gr.Markdown(T("zoom_pick_help"), latex_delimiters=[]), "zoom_pick_help")
                with gr.Row():
                    with gr.Column(scale=2, min_width=260):
                        zoom_x = bind_label(
                            gr.Slider(0, 100, value=50, step=1, label=T("zoom_x"), elem_id="zoom-x"), "zoom_x"
                        )
                        zoom_y = bind_label(
                            gr.Slider(0, 100, value=50, step=1, label=T("zoom_y"), elem_id="zoom-y"), "zoom_y"
                        )
                        zoom_factor = bind_label(
                            gr.Radio(
                                [(f"× {f}", f) for f in ZOOM_FACTORS],
                                value=4,
                                label=T("zoom_factor"),
                                elem_id="zoom-factor",
                            ),
                            "zoom_factor",
                        )
                        zoom_btn = bind_button(gr.Button(T("zoom_btn"), elem_id="zoom-btn"), "zoom_btn")
                    close_up = gr.Image(
                        label=T("zoom_label"),
                        interactive=False,
                        format="png",
                        buttons=["fullscreen"],
                        elem_id="close-up",
                        scale=3,
                    )
                    bind_label(close_up, "zoom_label")
                bind_md(gr.Markdown(T("evidence_head"), latex_delimiters=[]), "evidence_head")
                evidence = gr.Markdown(elem_id="evidence", latex_delimiters=[])

            # ---------------------------------------------------------------- quiz
            with gr.Tab(T("tab_quiz"), id="quiz", elem_id="tab-quiz") as tab_quiz:
                bind_label(tab_quiz, "tab_quiz")
                bind_md(gr.Markdown(T("quiz_intro"), latex_delimiters=[]), "quiz_intro")
                with gr.Row():
                    set_dd = gr.Dropdown(
                        choices=list(quiz.SETS),
                        value=quiz_set or quiz.SETS[0],
                        label=T("quiz_set_label"),
                        interactive=quiz_set is None,
                        elem_id="quiz-set",
                    )
                    bind_label(set_dd, "quiz_set_label")

                    def session_choices(lg: str) -> list[tuple[str, str]]:
                        known = [(ct.t(f"session_{s}", lg), s) for s in quiz.SESSIONS]
                        if quiz_session and quiz_session not in quiz.SESSIONS:
                            known.append((quiz_session, quiz_session))
                        return known

                    session_dd = gr.Dropdown(
                        choices=session_choices(start_lang),
                        value=quiz_session or quiz.PRACTICE,
                        label=T("quiz_session_label"),
                        interactive=quiz_session is None,
                        elem_id="quiz-session",
                    )
                    labels.add(
                        session_dd,
                        lambda lg: gr.Dropdown(label=ct.t("quiz_session_label", lg), choices=session_choices(lg)),
                    )
                    start_btn = bind_button(
                        gr.Button(T("quiz_start_btn"), variant="primary", elem_id="quiz-start"), "quiz_start_btn"
                    )
                progress = gr.Markdown(elem_id="quiz-progress", latex_delimiters=[])
                with gr.Row():
                    with gr.Column(scale=3):
                        quiz_img = gr.Image(
                            label=T("quiz_picture_label"),
                            interactive=False,
                            format="png",
                            buttons=["fullscreen"],
                            elem_id="quiz-picture",
                            visible=False,
                        )
                        bind_label(quiz_img, "quiz_picture_label")
                    with gr.Column(scale=2, min_width=280):

                        def answer_choices(lg: str) -> list[tuple[str, str]]:
                            return [(ct.t("answer_real", lg), "real"), (ct.t("answer_generated", lg), "generated")]

                        def confidence_choices(lg: str) -> list[tuple[str, int]]:
                            out = []
                            for level in quiz.CONFIDENCE_LEVELS:
                                key = f"conf_{level}"
                                out.append((ct.t(key, lg) if key in ct.T else f"{level} %", level))
                            return out

                        answer = gr.Radio(
                            answer_choices(start_lang), label=T("quiz_answer_label"), elem_id="quiz-answer"
                        )
                        labels.add(
                            answer, lambda lg: gr.Radio(label=ct.t("quiz_answer_label", lg), choices=answer_choices(lg))
                        )
                        confidence = gr.Radio(
                            confidence_choices(start_lang), label=T("quiz_conf_label"), elem_id="quiz-confidence"
                        )
                        labels.add(
                            confidence,
                            lambda lg: gr.Radio(label=ct.t("quiz_conf_label", lg), choices=confidence_choices(lg)),
                        )
                        check_btn = bind_button(
                            gr.Button(T("quiz_check_btn"), variant="primary", elem_id="quiz-check"), "quiz_check_btn"
                        )
                        next_btn = bind_button(gr.Button(T("quiz_next_btn"), elem_id="quiz-next"), "quiz_next_btn")
                feedback = gr.Markdown(elem_id="quiz-feedback", latex_delimiters=[])
                tells_img = gr.Image(
                    label=T("quiz_tells_label"),
                    interactive=False,
                    format="png",
                    buttons=["fullscreen"],
                    elem_id="quiz-tells",
                    visible=False,
                )
                bind_label(tells_img, "quiz_tells_label")
                results = gr.Markdown(elem_id="quiz-results", latex_delimiters=[])
                chart_img = gr.Image(
                    label=T("quiz_chart_label"),
                    interactive=False,
                    format="png",
                    buttons=["fullscreen"],
                    elem_id="quiz-chart",
                    visible=False,
                )
                bind_label(chart_img, "quiz_chart_label")
                teacher_out = None
                if not classroom:
                    with gr.Accordion(T("teacher_head"), open=False) as teacher_box:
                        bind_label(teacher_box, "teacher_head")
                        bind_md(gr.Markdown(T("teacher_help"), latex_delimiters=[]), "teacher_help")
                        with gr.Row():
                            before = bind_label(
                                gr.Textbox("pre", label=T("before_label"), max_lines=1, elem_id="before"),
                                "before_label",
                            )
                            after = bind_label(
                                gr.Textbox("post", label=T("after_label"), max_lines=1, elem_id="after"), "after_label"
                            )
                            compare_btn = bind_button(gr.Button(T("compare_btn"), elem_id="compare"), "compare_btn")
                        teacher_out = gr.Markdown(elem_id="class-results", latex_delimiters=[])

            # ---------------------------------------------------------------- break
            with gr.Tab(T("tab_break"), id="break", elem_id="tab-break") as tab_break:
                bind_label(tab_break, "tab_break")
                bind_md(gr.Markdown(T("break_intro"), latex_delimiters=[]), "break_intro")
                with gr.Row():
                    with gr.Column(scale=2, min_width=300):
                        bchoices = break_choices(classroom, start_lang)
                        break_image = gr.Dropdown(
                            choices=bchoices,
                            value=default_break_image(classroom),
                            label=T("break_image_label"),
                            allow_custom_value=True,
                            elem_id="break-image",
                        )
                        labels.add(
                            break_image,
                            lambda lg: gr.Dropdown(
                                label=ct.t("break_image_label", lg), choices=break_choices(classroom, lg)
                            ),
                        )

                        def op_choices(lg: str) -> list[tuple[str, str]]:
                            return [(ct.t(f"op_{o}", lg), o) for o in OPERATIONS]

                        ops = gr.CheckboxGroup(
                            op_choices(start_lang),
                            value=list(OPERATIONS),
                            label=T("break_ops_label"),
                            elem_id="break-ops",
                        )
                        labels.add(
                            ops, lambda lg: gr.CheckboxGroup(label=ct.t("break_ops_label", lg), choices=op_choices(lg))
                        )
                        quality = bind_label(
                            gr.Slider(5, 100, value=75, step=1, label=T("quality_label"), elem_id="quality"),
                            "quality_label",
                        )
                        scale = bind_label(
                            gr.Slider(0.1, 1.0, value=0.5, step=0.05, label=T("scale_label"), elem_id="scale"),
                            "scale_label",
                        )
                        crop = bind_label(
                            gr.Slider(0.0, 0.5, value=0.1, step=0.02, label=T("crop_label"), elem_id="crop"),
                            "crop_label",
                        )
                        break_btn = bind_button(
                            gr.Button(T("break_btn"), variant="primary", elem_id="break-btn"), "break_btn"
                        )
                    with gr.Column(scale=3, min_width=320):
                        copies = gr.Gallery(
                            label=T("break_gallery_label"),
                            columns=3,
                            format="png",
                            elem_id="break-gallery",
                            buttons=["fullscreen"],
                        )
                        bind_label(copies, "break_gallery_label")
                bind_md(gr.Markdown(T("break_table_head"), latex_delimiters=[]), "break_table_head")
                survived = gr.Markdown(elem_id="break-table", latex_delimiters=[])

            # ---------------------------------------------------------------- about
            with gr.Tab(T("tab_about"), id="about", elem_id="tab-about") as tab_about:
                bind_label(tab_about, "tab_about")
                bind_md(gr.Markdown(T("about"), latex_delimiters=[]), "about")

        # --- events ---------------------------------------------------------------------------
        inspect_out = [
            preview,
            credit,
            summary,
            declared,
            *hint_outputs,
            zoom_auto,
            zoom_text,
            evidence,
            close_up,
            inspect_state,
        ]
        inspect_btn.click(
            inspect_example,
            [example, language],
            inspect_out,
            api_name="inspect_example",
            concurrency_id=HEAVY,
            concurrency_limit=heavy_limit,
        )
        if upload is not None:
            upload.upload(
                inspect_upload,
                [upload, language],
                [*inspect_out, upload],
                api_name="inspect_upload",
                concurrency_id=HEAVY,
                concurrency_limit=heavy_limit,
            )
        zoom_btn.click(
            zoom,
            [zoom_x, zoom_y, zoom_factor, language, inspect_state],
            close_up,
            api_name="zoom",
            concurrency_limit=None,
        )
        preview.select(
            zoom_at_click,
            [zoom_factor, language, inspect_state],
            [zoom_x, zoom_y, close_up],
            api_visibility="private",
            concurrency_limit=None,
        )

        quiz_out = [quiz_img, progress, answer, confidence, feedback, tells_img, results, chart_img, quiz_state]
        start_btn.click(
            quiz_start,
            [set_dd, session_dd, language],
            quiz_out,
            api_name="quiz_start",
            concurrency_id=QUIZ,
            concurrency_limit=4,
        )
        check_btn.click(
            quiz_answer,
            [answer, confidence, language, quiz_state],
            [feedback, tells_img, progress, quiz_state],
            api_name="quiz_answer",
            concurrency_id=QUIZ,
            concurrency_limit=4,
        )
        next_btn.click(
            quiz_next, [language, quiz_state], quiz_out, api_name="quiz_next", concurrency_id=QUIZ, concurrency_limit=4
        )
        if teacher_out is not None:
            compare_btn.click(
                class_results, [before, after, language], teacher_out, api_name="class_results", concurrency_limit=None
            )

        break_btn.click(
            break_evidence,
            [break_image, ops, quality, scale, crop, language],
            [copies, survived, break_state],
            api_name="break_evidence",
            concurrency_id=HEAVY,
            concurrency_limit=heavy_limit,
        )

        language_out = [
            *labels.components,
            credit,
            summary,
            declared,
            hint_outputs[1],
            hint_outputs[3],
            hint_outputs[5],
            zoom_text,
            evidence,
            progress,
            feedback,
            results,
            chart_img,
            survived,
        ]
        language.change(
            set_language,
            [language, inspect_state, quiz_state, break_state],
            language_out,
            api_name="set_language",
            concurrency_limit=None,
        )

        def on_load(request: gr.Request):
            """Start in the browser's language (unless one was fixed) with today's example list."""
            detected = lang or _browser_language(request)
            choices = example_choices(classroom, detected)
            return (
                detected,
                gr.Dropdown(choices=choices, value=default_example(classroom)),
                gr.Dropdown(choices=break_choices(classroom, detected), value=default_break_image(classroom)),
            )

        demo.load(on_load, None, [language, example, break_image], api_visibility="private", concurrency_limit=None)

    demo.looktwice_i18n = i18n  # used by launch_app
    close = demo.close

    def close_with_workers(*args, **kwargs):  # the worker processes stop with the app
        pool.close()
        return close(*args, **kwargs)

    demo.close = close_with_workers
    demo.looktwice_classroom = classroom
    return demo


def _delete_upload(path: str | None) -> None:
    """Delete an uploaded file and the folder Gradio made for it, if now empty."""
    if not path:
        return
    p = Path(path)
    try:
        p.unlink()
    except OSError:
        pass
    try:
        p.parent.rmdir()
    except OSError:
        pass


def _browser_language(request: gr.Request | None) -> str:
    try:
        header = (request.headers.get("accept-language") or "") if request is not None else ""
    except Exception:  # noqa: BLE001  no header, no preference
        header = ""
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "en"


def launch_app(
    demo: gr.Blocks,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    share: bool = False,
    open_browser: bool = False,
    root_path: str | None = None,
    prevent_thread_lock: bool = False,
    quiet: bool = False,
):
    """Launch ``demo`` with the kit's settings: analytics and monitoring off, no run history
    kept in the browser, uploads capped at 40 MB (none at all in classroom mode), a queue sized
    for a class of 30, and no public share link unless ``share`` is True."""
    classroom = getattr(demo, "looktwice_classroom", False)
    demo.queue(default_concurrency_limit=2, max_size=256, status_update_rate=2)
    return demo.launch(
        server_name=host,
        server_port=port,
        share=share,
        inbrowser=open_browser,
        prevent_thread_lock=prevent_thread_lock,
        quiet=quiet,
        show_error=False,
        max_file_size="1kb" if classroom else MAX_UPLOAD,
        enable_monitoring=False,
        run_history=False,
        mcp_server=False,
        pwa=False,
        ssr_mode=False,
        footer_links=[] if classroom else ["api"],
        root_path=root_path,
        i18n=getattr(demo, "looktwice_i18n", None),
        css=CSS,
        theme=gr.themes.Default(primary_hue="blue", secondary_hue="orange"),
    )


def serve(
    classroom: bool = False,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    share: bool = False,
    open_browser: bool = True,
    lang: str | None = None,
    quiz_set: str | None = None,
    quiz_session: str | None = None,
    root_path: str | None = None,
    workers: int | None = None,
) -> None:
    """Build and launch the demo, blocking until it is stopped (Ctrl+C)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    def stop(signum, frame):  # systemd and `kill` send SIGTERM: stop cleanly, temporary files too
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    demo = build_app(classroom, lang=lang, quiz_set=quiz_set, quiz_session=quiz_session, workers=workers)
    if share:
        print(
            "Warning: --share makes a PUBLIC link through Gradio's relay servers; traffic leaves this "
            "computer. Do not use it with students' own images.",
            file=sys.stderr,
        )
    where = "this computer only" if host in ("127.0.0.1", "localhost", "::1") else "the network"
    print(
        f"Look Twice is running at http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}{root_path or ''}/ ({where}; Ctrl+C to stop)"
    )
    if classroom:
        print("Classroom mode: uploads off, clearly licensed examples only.")
    try:
        launch_app(
            demo, host=host, port=port, share=share, open_browser=open_browser, root_path=root_path, quiet=not share
        )
    except KeyboardInterrupt:
        pass
    finally:
        demo.close()


def parser() -> argparse.ArgumentParser:
    from looktwice.demo_cli import add_demo_arguments

    p = argparse.ArgumentParser(
        prog="python demos/classroom/app.py", description="Run Look Twice's classroom app in the browser."
    )
    add_demo_arguments(p)
    return p


def run(args: argparse.Namespace) -> int:
    if args.quiz_session is not None:
        try:
            quiz.check_label(args.quiz_session)
        except ValueError as exc:
            print(f"looktwice demo: {exc}", file=sys.stderr)
            return 2
    serve(
        args.classroom,
        host=args.host,
        port=args.port,
        share=args.share,
        open_browser=not args.no_browser,
        lang=args.lang,
        quiz_set=args.quiz_set,
        quiz_session=args.quiz_session,
        root_path=args.root_path,
        workers=args.workers,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
