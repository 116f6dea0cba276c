"""What every tab of the classroom app shares: the app's settings and helpers, the examples it
offers, friendly errors, and the registry of texts that follow the language switch."""

from __future__ import annotations

import html
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from .. import examples, quiz
from ..bounded import LimitExceeded
from ..image_file import ImageError
from ..text import Text
from . import text as ct
from . import workers as cw

log = logging.getLogger("looktwice.demo")

LANGS = ("en", "fr")
#: Concurrency groups: the analyses (in worker processes) and the quiz's pictures.
HEAVY = "looktwice-analysis"
QUIZ = "looktwice-quiz"
#: The inspect tab's group. Its requests wait for the workers in the order of their
#: priority (:class:`looktwice.classroom.workers.Turns`), not in Gradio's queue, so a whole
#: class is let in at once: every student's findings come before anyone's pictures.
INSPECT = "looktwice-inspect"
INSPECT_LIMIT = 32
#: The default image of "break the evidence" and of the inspect tab.
SPECIMEN_DEFAULT = "specimen-declared-all"


def html_text(text: str) -> str:
    """Text for a Gradio alert, which renders HTML: escape markup, keep apostrophes readable."""
    return html.escape(text, quote=False)


def pick_lang(value: Any) -> str:
    """``value`` if it is a language of the app, else English."""
    return value if value in LANGS else "en"


def fail(key: str, lang: str) -> gr.Error:
    """A friendly error from the app's own texts (:mod:`looktwice.classroom.text`)."""
    return failure(ct.t(key, lang), lang)


def failure(message: str, lang: str) -> gr.Error:
    """A friendly error with ``message`` (plain text: it is escaped)."""
    return gr.Error(html_text(message), title=ct.t("error_title", lang), print_exception=False)


@contextmanager
def friendly_errors(lang: str, what: str):
    """Turn every failure into a short message in the page: the library's own message for a
    bad image, a generic one for anything else. Only the error's type reaches the log."""
    try:
        yield
    except gr.Error:
        raise
    except (ImageError, LimitExceeded) as exc:
        raise failure(exc.message.get(lang), lang) from None
    except Exception as exc:  # noqa: BLE001  never a traceback in the page, never image data in the log
        log.warning("%s failed: %s", what, type(exc).__name__)
        raise fail("error_generic", lang) from None


def ready(components: list, values: tuple) -> tuple:
    """``values`` for ``components`` as Gradio sends them to the page: each through its
    component's ``postprocess``, here in the handler's own thread, for an event registered
    with ``postprocess=False``. Gradio would run each one in a thread of its own (about 0.1 ms
    of CPU each, 20 outputs in each of the inspect tab's two steps, in the web process a whole
    class waits on). ``None``, states and updates (``gr.skip()``) pass as they are."""
    out = []
    for component, value in zip(components, values, strict=True):
        if value is None or isinstance(component, gr.State) or (isinstance(value, dict) and "__type__" in value):
            out.append(value)
            continue
        value = component.postprocess(value)
        out.append(value.model_dump() if hasattr(value, "model_dump") else value)
    return tuple(out)


class LRU:
    """A small thread-safe least-recently-used cache that makes each value once."""

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
    images on this computer. Classroom mode leaves out unclear or non-commercial licences, the
    tiny GAN's raw textures, and keeps from the pack only pictures whose tell is a place to look
    at and that the quiz does not ask (inspecting them would give its answers away)."""
    excluded = quiz.CLASSROOM_EXCLUDED_STATUS if classroom else ()
    catalog = examples.default_catalog()
    found = catalog.find(exclude_status=excluded)
    rank = {"specimen": 0, "builtin": 1, "pack": 2}
    chosen = [e for e in found if e.origin != "pack" or catalog.is_available(e.name)]
    if classroom:
        asked = {i.name for s in quiz.SETS for i in quiz.item_set(s, classroom=True, catalog=catalog)}
        chosen = [
            e
            for e in chosen
            if not e.name.startswith("kit-")
            and (e.origin != "pack" or (e.name not in asked and any(r.box for r in e.tell_records)))
        ]
    return sorted(chosen, key=lambda e: rank.get(e.origin, 3))


_ORIGINS = {
    "specimen": Text("Kit specimen", "Spécimen du kit"),
    "builtin": Text("Built-in photo", "Photo intégrée"),
    "pack": Text("Example pack", "Pack d’exemples"),
}


def example_choices(classroom: bool, lang: str) -> list[tuple[str, str]]:
    """``(label, name)`` pairs for a dropdown: where the example comes from and its title."""
    colon = "\u202f:" if lang == "fr" else ":"
    out = []
    for e in offered_examples(classroom):
        tag = _ORIGINS.get(e.origin, Text(e.origin, e.origin)).get(lang)
        out.append((f"{tag}{colon} {e.title_text.get(lang)}", e.name))
    return out


def break_choices(classroom: bool, lang: str) -> list[tuple[str, str]]:
    """For "break the evidence": the signed specimen first, the kit's other specimens, then the rest."""
    return sorted(example_choices(classroom, lang), key=lambda c: c[1] != SPECIMEN_DEFAULT)


_LOADABLE: set[str] = set()


def loadable(name: str) -> bool:
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
    carries labels, else any example."""
    offered = {e.name: e for e in offered_examples(classroom)}
    names = [n for _, n in break_choices(classroom, "en")]
    specimens = [n for n in names if offered[n].origin == "specimen"]
    labelled = [n for n in specimens if "declared" in offered[n].tells or n.startswith("specimen-")]
    for name in labelled + specimens:
        if loadable(name):
            return name
    for name in names:
        if offered[name].origin != "specimen":
            return name
    return names[0] if names else None


def default_example(classroom: bool) -> str | None:
    """What the inspect tab offers first: the signed specimen if loadable, else a built-in."""
    names = [n for _, n in example_choices(classroom, "en")]
    if SPECIMEN_DEFAULT in names and loadable(SPECIMEN_DEFAULT):
        return SPECIMEN_DEFAULT
    for e in offered_examples(classroom):
        if e.origin == "builtin":
            return e.name
    return names[0] if names else None


def check_offered(name: str | None, classroom: bool, lang: str) -> str:
    """The example's canonical name if it is offered here; a friendly error otherwise (call it
    inside :func:`friendly_errors`)."""
    if not name:
        raise fail("error_no_example", lang)
    allowed = {e.name for e in offered_examples(classroom)}
    canonical = examples.get_example(name).name  # an unknown name: the library's own message
    if canonical not in allowed:
        raise fail("error_unavailable", lang)
    return canonical


# --- what every tab shares ------------------------------------------------------------------


@dataclass
class Context:
    """The app's settings and shared parts, handed to each tab's ``build`` function.

    ``relabel`` holds, for each component whose words change with the language, how to make
    its update in a language; ``rewrite`` holds, for each component whose text depends on what
    the student did, how to write it again from the app's states (a dict by state name).
    """

    classroom: bool
    start_lang: str
    fixed_lang: str | None
    quiz_set: str | None
    quiz_session: str | None
    store: quiz.QuizStore
    pool: cw.Workers
    pictures: cw.PictureFiles
    transient: cw.PictureFiles
    #: Uploads kept for the magnifier (random names, not served, deleted after half an hour).
    uploads: cw.PictureFiles
    heavy_limit: int
    i18n: gr.I18n
    relabel: list[tuple[Any, Callable[[str], Any]]] = field(default_factory=list)
    rewrite: list[tuple[Any, Callable[[str, dict], Any]]] = field(default_factory=list)
    states: dict[str, gr.State] = field(default_factory=dict)
    #: The language switch, and the example lists the page refreshes when it opens.
    language: Any = None
    example_dropdown: Any = None
    break_dropdown: Any = None

    def T(self, key: str) -> Any:
        """A static label, translated by the browser's language when the page opens."""
        return self.i18n(key)

    def label(self, component, make: Callable[[str], Any]):
        """Register how ``component`` is re-labelled in a language; returns the component."""
        self.relabel.append((component, make))
        return component

    def md(self, key: str, **kwargs) -> gr.Markdown:
        """A Markdown block of the app's own text ``key``, following the language."""
        component = gr.Markdown(self.T(key), latex_delimiters=[], **kwargs)
        return self.label(component, lambda lg, k=key: gr.Markdown(value=ct.t(k, lg)))

    def labelled(self, component, key: str):
        """``component``, whose ``label`` is the app's text ``key``, following the language."""
        kind = type(component)
        return self.label(component, lambda lg, k=key, kd=kind: kd(label=ct.t(k, lg)))

    def button(self, key: str, **kwargs) -> gr.Button:
        """A button whose words are the app's text ``key``, following the language."""
        component = gr.Button(self.T(key), **kwargs)
        return self.label(component, lambda lg, k=key: gr.Button(value=ct.t(k, lg)))

    def picture(self, key: str, elem_id: str, *, kind: type = gr.Image, **kwargs):
        """A picture shown to students (``gr.Image``, or ``gr.Gallery`` with ``kind``), not
        editable, with a full-screen button, labelled with the app's text ``key``."""
        component = kind(
            label=self.T(key), interactive=False, format="png", buttons=["fullscreen"], elem_id=elem_id, **kwargs
        )
        return self.labelled(component, key)

    def example_picker(self, key: str, elem_id: str, choices: Callable[[bool, str], list], default: str | None):
        """A dropdown of examples (``choices(classroom, lang)``), labelled with the app's text
        ``key``; its labels and choices follow the language."""
        component = gr.Dropdown(
            choices=choices(self.classroom, self.start_lang),
            value=default,
            label=self.T(key),
            allow_custom_value=True,  # names are checked by the app, with a friendly message
            elem_id=elem_id,
        )
        return self.label(component, lambda lg: gr.Dropdown(label=ct.t(key, lg), choices=choices(self.classroom, lg)))

    def follows(self, component, write: Callable[[str, dict], Any]):
        """Register how ``component`` is written again from the states in a language."""
        self.rewrite.append((component, write))
        return component
