"""Look Twice in the classroom: the Gradio app, its four tabs put together, and how it is served.

- **Look closely** (:mod:`.tab_inspect`): a built-in, pack or specimen image, or an upload;
  the findings first as short cards, each analysis picture beside its explanation, a magnifier,
  and the long summary folded. The findings come first in time too: the answer arrives in two
  steps (the inspect endpoints are generators), the findings, then the pictures and the
  detector's card.
- **Real or generated?** (:mod:`.tab_quiz`): one picture at a time, then the verdict and the
  tell itself; a score, a calibration chart, a review of missed pictures and "play again".
- **Break the evidence** (:mod:`.tab_break`): re-save, resize, crop, screenshot or "post" a
  signed and watermarked specimen, and see which signals survive.
- **About and help** (:mod:`.tab_about`): privacy, safety, and help lines by country.

Everything stays on this computer: analytics are off, no share link unless asked, uploads are
moved at once out of Gradio's folder into a private one (never served, deleted within half an
hour), and nothing about an image is written to a log.

API endpoints (for ``gradio_client``): ``/inspect_example``, ``/inspect_upload`` (not in
classroom mode), ``/zoom``, ``/quiz_start``, ``/quiz_answer``, ``/quiz_next``, ``/quiz_again``,
``/class_results`` (not in classroom mode), ``/break_evidence``, ``/set_language``.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from importlib import resources
from pathlib import Path

import gradio as gr  # the package's __init__ has put the private settings in place
from starlette.middleware import Middleware

from .. import quiz
from . import tab_about, tab_break, tab_inspect, tab_quiz
from . import text as ct
from . import workers as cw
from .common import (
    LANGS,
    Context,
    break_choices,
    default_break_image,
    default_example,
    example_choices,
)
from .guard import RefuseUploads
from .private import UPLOADS_PREFIX

#: Largest upload accepted (Gradio refuses bigger files before they reach the analyses).
MAX_UPLOAD = "40mb"
#: Where the app listens unless told otherwise (Gradio's own variables win over these).
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
#: Runs once in the browser: the verdict region is announced by screen readers when it changes.
ON_LOAD_JS = """() => {
  const mark = () => {
    const v = document.getElementById('quiz-verdict');
    if (!v) { return false; }
    v.setAttribute('role', 'status'); v.setAttribute('aria-live', 'polite'); v.setAttribute('aria-atomic', 'true');
    return true;
  };
  if (!mark()) { const o = new MutationObserver(() => { if (mark()) { o.disconnect(); } });
                 o.observe(document.body, {childList: true, subtree: true}); }
}"""


def stylesheet() -> str:
    """The app's stylesheet (``style.css``, package data)."""
    return resources.files(__package__).joinpath("style.css").read_text(encoding="utf-8")


def theme() -> gr.themes.Base:
    """Large text for a projector, dark captions (never grey on grey), orange focus rings."""
    return gr.themes.Default(primary_hue="blue", secondary_hue="orange", text_size=gr.themes.sizes.text_lg).set(
        body_text_color_subdued="*neutral_700",
        block_label_text_color="*neutral_800",
        block_label_text_size="*text_md",
        block_title_text_color="*neutral_800",
        block_info_text_color="*neutral_700",
    )


def build_app(
    classroom: bool = False,
    *,
    lang: str | None = None,
    quiz_set: str | None = None,
    quiz_session: str | None = None,
    store: quiz.QuizStore | str | Path | None = None,
    workers: int | None = None,
) -> gr.Blocks:
    """Build the classroom app (without launching it).

    Parameters
    ----------
    classroom : bool
        Uploads off, only the curated examples (clear licences), no class results in the page.
    lang : str or None
        The language to start in (``"en"``, ``"fr"``; ``None``: each browser's own).
    quiz_set, quiz_session : str or None
        Fix the quiz's set and session label (e.g. ``"set-a"``, ``"pre"``) so students cannot
        change them.
    store : QuizStore, path or None
        Where the class counts go (default: the data directory's ``quiz.sqlite``).
    workers : int or None
        Worker processes that analyse images (default: one per core; 0: inside this process).

    Returns
    -------
    gradio.Blocks
        The app; ``demo.close()`` also stops its worker processes.
    """
    if lang is not None and lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    if quiz_set is not None:
        quiz_set = quiz.check_set(quiz_set)
    if quiz_session is not None:
        quiz.check_label(quiz_session)
    store = store if isinstance(store, quiz.QuizStore) else quiz.QuizStore(store)
    # what a run killed before its clean-up left in the temporary folder
    cw.sweep_abandoned((cw.FOLDER_PREFIX, UPLOADS_PREFIX))
    pictures = cw.PictureFiles()
    # Pictures made from uploads are deleted after half an hour, as Gradio's own cache is; they
    # and the uploads kept for the magnifier have random names, and the uploads are not served.
    transient = cw.PictureFiles(max_age=1800, random_names=True)
    uploads = cw.PictureFiles(max_age=1800, random_names=True)
    # Served straight from their folders: Gradio neither hashes nor copies them per request.
    gr.set_static_paths([pictures.folder, transient.folder])
    pool = cw.Workers(workers)
    pool.start()
    ctx = Context(
        classroom=classroom,
        start_lang=lang or "en",
        fixed_lang=lang,
        quiz_set=quiz_set,
        quiz_session=quiz_session,
        store=store,
        pool=pool,
        pictures=pictures,
        transient=transient,
        uploads=uploads,
        # Gradio lets twice as many heavy requests in as there are workers, so that one
        # request's reading and answering overlaps another's analysis.
        heavy_limit=2 * max(1, pool.processes),
        i18n=gr.I18n(**ct.i18n_dicts()),
    )

    with gr.Blocks(title="Look Twice", analytics_enabled=False, delete_cache=(600, 1800)) as demo:
        with gr.Row(equal_height=True, elem_classes=["stack"]):
            ctx.md("header", min_width=280)
            ctx.language = gr.Radio(
                choices=[("English", "en"), ("Français", "fr")],
                value=ctx.start_lang,
                label="Language / Langue",
                scale=0,
                min_width=220,
                elem_id="language",
            )
        if classroom:
            ctx.md("classroom_banner")
        for name in ("inspect", "quiz", "break"):
            ctx.states[name] = gr.State(None, time_to_live=3600)

        with gr.Tabs(elem_id="tabs"):
            for key, tab in (
                ("inspect", tab_inspect),
                ("quiz", tab_quiz),
                ("break", tab_break),
                ("about", tab_about),
            ):
                with gr.Tab(ctx.T(f"tab_{key}"), id=key, elem_id=f"tab-{key}") as page:
                    ctx.labelled(page, f"tab_{key}")
                    tab.build(ctx)

        state_names = list(ctx.states)

        def set_language(lang: str, *values):
            """Switch every label and every text on the page to ``lang`` ("en" or "fr")."""
            lang = lang if lang in LANGS else "en"
            states = dict(zip(state_names, values))
            return (
                *(make(lang) for _, make in ctx.relabel),
                *(write(lang, states) for _, write in ctx.rewrite),
            )

        ctx.language.change(
            set_language,
            [ctx.language, *ctx.states.values()],
            [*(c for c, _ in ctx.relabel), *(c for c, _ in ctx.rewrite)],
            api_name="set_language",
            concurrency_limit=None,
        )

        def on_load(request: gr.Request):
            """Start in the browser's language (unless one was fixed) with today's example list."""
            detected = lang or browser_language(request)
            return (
                detected,
                gr.Dropdown(choices=example_choices(classroom, detected), value=default_example(classroom)),
                gr.Dropdown(choices=break_choices(classroom, detected), value=default_break_image(classroom)),
            )

        demo.load(
            on_load,
            None,
            [ctx.language, ctx.example_dropdown, ctx.break_dropdown],
            api_visibility="private",
            concurrency_limit=None,
        )

    demo.looktwice_i18n = ctx.i18n  # used by launch_app
    demo.looktwice_classroom = classroom
    close = demo.close

    def close_with_workers(*args, **kwargs):  # the worker processes stop with the app
        pool.close()
        return close(*args, **kwargs)

    demo.close = close_with_workers
    return demo


def browser_language(request: gr.Request | None) -> str:
    """The first of the app's languages the browser asks for (``Accept-Language``), else English."""
    try:
        header = (request.headers.get("accept-language") or "") if request is not None else ""
    except Exception:  # noqa: BLE001  no header, no preference
        header = ""
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "en"


def server_address(host: str | None = None, port: int | None = None) -> tuple[str, int]:
    """Where to listen: ``host``/``port`` if given, else Gradio's ``GRADIO_SERVER_NAME`` and
    ``GRADIO_SERVER_PORT``, else 127.0.0.1:7860."""
    host = host or os.environ.get("GRADIO_SERVER_NAME") or DEFAULT_HOST
    if port is None:
        port = int(os.environ.get("GRADIO_SERVER_PORT") or DEFAULT_PORT)
    return host, port


def launch_app(
    demo: gr.Blocks,
    *,
    host: str | None = None,
    port: int | None = None,
    share: bool = False,
    open_browser: bool = False,
    root_path: str | None = None,
    prevent_thread_lock: bool = False,
    quiet: bool = False,
):
    """Launch ``demo`` with the kit's settings: analytics and monitoring off, no run history
    kept in the browser, uploads capped at 40 MB (none at all in classroom mode), a queue sized
    for a class of 30, and no public share link unless ``share`` is True. ``host`` and ``port``
    default to Gradio's environment variables, then 127.0.0.1:7860."""
    classroom = getattr(demo, "looktwice_classroom", False)
    host, port = server_address(host, port)
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
        app_kwargs={"middleware": [Middleware(RefuseUploads)]} if classroom else None,
        enable_monitoring=False,
        # a class's inspect requests wait for the workers in threads of their own (see
        # common.INSPECT_LIMIT), with room left for every other click
        max_threads=64,
        run_history=False,
        mcp_server=False,
        pwa=False,
        ssr_mode=False,
        footer_links=[] if classroom else ["api"],
        root_path=root_path,
        i18n=getattr(demo, "looktwice_i18n", None),
        css=stylesheet(),
        js=ON_LOAD_JS,
        theme=theme(),
    )


def serve(
    classroom: bool = False,
    *,
    host: str | None = None,
    port: int | None = None,
    share: bool = False,
    open_browser: bool = True,
    lang: str | None = None,
    quiz_set: str | None = None,
    quiz_session: str | None = None,
    root_path: str | None = None,
    workers: int | None = None,
) -> None:
    """Build and launch the app, blocking until it is stopped (Ctrl+C or SIGTERM)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    def stop(signum, frame):  # systemd and `kill` send SIGTERM: stop cleanly, temporary files too
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    host, port = server_address(host, port)
    demo = build_app(classroom, lang=lang, quiz_set=quiz_set, quiz_session=quiz_session, workers=workers)
    if share:
        print(
            "Warning: --share makes a PUBLIC link through Gradio's relay servers; traffic leaves this "
            "computer. Do not use it with students' own images.",
            file=sys.stderr,
        )
    where = "this computer only" if host in ("127.0.0.1", "localhost", "::1") else "the network"
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    print(f"Look Twice is running at http://{shown}:{port}{root_path or ''}/ ({where}; Ctrl+C to stop)")
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
    """The options of ``python -m looktwice.classroom`` (the same as ``looktwice demo``)."""
    from ..demo_cli import add_demo_arguments

    p = argparse.ArgumentParser(
        prog="python -m looktwice.classroom", description="Run Look Twice's classroom app in the browser."
    )
    add_demo_arguments(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Serve the app with parsed options; 2 for a bad session label or set."""
    try:
        if args.quiz_session is not None:
            quiz.check_label(args.quiz_session)
        if args.quiz_set is not None:
            quiz.check_set(args.quiz_set)
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
    """``python -m looktwice.classroom [options]``."""
    return run(parser().parse_args(argv))
