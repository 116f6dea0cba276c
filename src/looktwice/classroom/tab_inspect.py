"""The "Look closely" tab: pick an example (or upload an image, outside classroom mode), read
the findings first as short cards, then each analysis picture beside its explanation, the
magnifier, and the long summary folded away."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from .. import examples
from . import text as ct
from . import views as cv
from . import workers as cw
from .common import (
    INSPECT,
    INSPECT_LIMIT,
    LRU,
    Context,
    check_offered,
    default_example,
    example_choices,
    fail,
    friendly_errors,
    pick_lang,
    ready,
)

#: The analysis pictures shown beside their explanations, in order.
HINT_PICTURES = ("spectrum", "noise", "ela", "detector")
ZOOM_FACTORS = cw.ZOOM_FACTORS


def delete_upload(path: str | None) -> None:
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


def build(ctx: Context) -> None:
    """Lay out the tab and wire its events (``/inspect_example``, ``/inspect_upload``, ``/zoom``)."""
    cache = LRU(48)
    classroom = ctx.classroom
    state = ctx.states["inspect"]

    def example_findings(name: str) -> dict:
        """The first stage of an example's analysis, cached (its picture written once)."""

        def make() -> dict:
            example = examples.get_example(name)
            data, _ = examples.load_example_bytes(example.name)
            credit = cv.example_credit(example)
            result = ctx.pool.run(cw.inspect_findings, data, example.name, credit, str(ctx.pictures.folder))
            return {**result, "data": data, "credit": credit}

        return cache.get_or_make((name, "findings"), make)

    def example_pictures(name: str, first: dict) -> dict:
        """The second stage of an example's analysis, cached (its pictures written once)."""

        def make() -> dict:
            return ctx.pool.run(
                cw.inspect_pictures,
                first["data"],
                name,
                first["credit"],
                str(ctx.pictures.folder),
                False,
                first["carry"],
                priority=cw.LATER,
            )

        return cache.get_or_make((name, "pictures"), make)

    def texts(view, lang: str) -> tuple:
        return (
            cv.credit_md(view, lang),
            cv.findings_md(view, lang),
            cv.declared_md(view, lang),
            *(cv.analysis_md(view, key, lang) for key in HINT_PICTURES),
            cv.analysis_md(view, "zoom", lang),
            cv.summary_md(view, lang),
        )

    def kept(view, first: dict) -> dict:
        """What the magnifier cuts close-ups from: an example's bytes (shared with the cache of
        example analyses), or the path of an upload kept in the private folder (never the
        upload's bytes in the session, which would stay in memory for an hour)."""
        return {"view": view, "data": first["data"], "preview_size": first["preview_size"]}

    #: The components each step writes to, in order (filled in with the layout below).
    written: list = []

    def findings_outputs(first: dict, lang: str) -> tuple:
        """The tab's outputs once the findings are known: the picture, the cards and the
        words; the analysis pictures are cleared (they were the previous image's)."""
        view = first["view"]
        return (
            first["preview"],
            *(None for _ in HINT_PICTURES),
            None,
            *texts(view, lang),
            None,  # the previous picture's close-up goes
            kept(view, first),
        )

    def complete_outputs(first: dict, second: dict, lang: str) -> tuple:
        """The tab's outputs once everything is known. Pictures go out as bare file paths:
        building a component update per picture costs Gradio more time than drawing the
        picture. A close-up made meanwhile stays."""
        view = second["view"]
        pics = second["pictures"]
        return (
            first["preview"],
            *(pics.get(key) for key in HINT_PICTURES),
            pics.get("zoom"),
            *texts(view, lang),
            gr.skip(),
            kept(view, first),
        )

    def inspect_example(example_name: str, lang: str):
        """Inspect a built-in, pack or specimen example, by name: the findings first, then
        every picture."""
        lang = pick_lang(lang)
        with friendly_errors(lang, "inspect_example"):
            name = check_offered(example_name, classroom, lang)
            first = example_findings(name)
        yield ready(written, findings_outputs(first, lang))
        with friendly_errors(lang, "inspect_example"):
            second = example_pictures(name, first)
        yield ready(written, complete_outputs(first, second, lang))

    def inspect_upload(path: str | None, lang: str):
        """Inspect an uploaded image: the findings first, then every picture. The uploaded
        file is moved at once into the private folder the magnifier reads from (never served)."""
        lang = pick_lang(lang)
        if classroom:
            delete_upload(path)
            raise fail("error_uploads_off", lang)
        if not path:
            raise fail("error_no_file", lang)
        try:
            name = Path(path).name
            kept_at = ctx.uploads.take(path, ".upload")
        except OSError:
            raise fail("error_generic", lang) from None
        finally:
            delete_upload(path)
        folder = str(ctx.transient.folder)
        try:
            with friendly_errors(lang, "inspect_upload"):
                first = ctx.pool.run(cw.inspect_findings, kept_at, name, None, folder, True)
        except gr.Error:
            Path(kept_at).unlink(missing_ok=True)  # unreadable: nothing to keep
            raise
        ctx.transient.sweep()
        ctx.uploads.sweep()
        first["data"] = kept_at
        yield (*ready(written, findings_outputs(first, lang)), None)
        with friendly_errors(lang, "inspect_upload"):
            second = ctx.pool.run(
                cw.inspect_pictures, kept_at, name, None, folder, True, first["carry"], priority=cw.LATER
            )
        yield (*ready(written, complete_outputs(first, second, lang)), gr.skip())

    def zoom(x_percent: float, y_percent: float, factor: int, lang: str, kept: dict | None):
        """A close-up of the inspected picture around a point given in percent of its size."""
        lang = pick_lang(lang)
        if not kept:
            raise fail("error_inspect_first", lang)
        with friendly_errors(lang, "zoom"):
            xp = min(max(float(x_percent or 0), 0.0), 100.0)
            yp = min(max(float(y_percent or 0), 0.0), 100.0)
            f = int(factor) if factor in ZOOM_FACTORS else 4
            return gr.Image(
                value=ctx.pool.run(cw.close_up, kept["data"], xp / 100, yp / 100, f),
                alt_text=cv.tx(
                    f"Close-up at {xp:.0f} % across and {yp:.0f} % down, enlarged {f} times",
                    f"Gros plan à {xp:.0f}\u00a0% de la largeur et {yp:.0f}\u00a0% de la hauteur, agrandi {f}\u00a0fois",
                    lang,
                ),
            )

    def zoom_at_click(factor: int, lang: str, kept: dict | None, evt: gr.SelectData):
        lang = pick_lang(lang)
        if not kept:
            raise fail("error_inspect_first", lang)
        if not evt.index or len(evt.index) < 2:  # a click beside the picture
            return gr.skip(), gr.skip(), gr.skip()
        with friendly_errors(lang, "zoom_at_click"):
            width, height = kept["preview_size"]
            x_pct = 100 * evt.index[0] / max(1, width)
            y_pct = 100 * evt.index[1] / max(1, height)
            return round(x_pct, 1), round(y_pct, 1), zoom(x_pct, y_pct, factor, lang, kept)

    def picture(key: str, label_key: str, **kwargs) -> gr.Image:
        """A picture of the tab: its label and alt text follow the language."""
        component = gr.Image(
            label=ctx.T(label_key),
            interactive=False,
            buttons=["fullscreen"],
            alt_text=cv.picture_alt(key, ctx.start_lang),
            **kwargs,
        )
        return ctx.label(
            component, lambda lg, k=label_key, p=key: gr.Image(label=ct.t(k, lg), alt_text=cv.picture_alt(p, lg))
        )

    # --- layout -----------------------------------------------------------------------------
    ctx.md("inspect_intro_classroom" if classroom else "inspect_intro")
    with gr.Row(elem_classes=["stack"]):
        with gr.Column(scale=2, min_width=300):
            example = ctx.example_picker("example_label", "example", example_choices, default_example(classroom))
            inspect_btn = ctx.button("inspect_example_btn", variant="primary", elem_id="inspect-example")
            upload = None
            if not classroom:
                upload = ctx.labelled(
                    gr.File(label=ctx.T("upload_label"), file_count="single", type="filepath", elem_id="upload"),
                    "upload_label",
                )
                ctx.md("privacy_note", elem_id="privacy-note")
            preview = picture("preview", "picture_label", type="pil", format="jpeg", height=420, elem_id="preview")
            credit = gr.Markdown(elem_id="credit", latex_delimiters=[])
        with gr.Column(scale=3, min_width=300):
            ctx.md("findings_head")
            findings = gr.Markdown(elem_id="findings", latex_delimiters=[], sanitize_html=True)
            with gr.Accordion(ctx.T("declared_head"), open=True, elem_id="declared-box") as declared_box:
                declared = gr.Markdown(elem_id="declared", latex_delimiters=[])
            ctx.labelled(declared_box, "declared_head")
            with gr.Accordion(ctx.T("summary_head"), open=False, elem_id="summary-box") as summary_box:
                summary = gr.Markdown(elem_id="summary", latex_delimiters=[])
            ctx.labelled(summary_box, "summary_head")
    ctx.md("hints_head")
    hint_pictures, hint_texts = [], []
    for key in HINT_PICTURES:
        with gr.Row(equal_height=False, elem_classes=["stack", "analysis"]):
            with gr.Column(scale=2, min_width=280):
                hint_pictures.append(picture(key, f"{key}_label", format="png", elem_id=f"{key}-picture", height=380))
            with gr.Column(scale=3, min_width=280):
                hint_texts.append(gr.Markdown(elem_id=f"{key}-text", latex_delimiters=[]))
    ctx.md("zoom_head")
    with gr.Row(elem_classes=["stack", "analysis"]):
        with gr.Column(scale=3, min_width=280):
            zoom_auto = picture("zoom", "zoom_auto_label", format="png", elem_id="zoom-picture")
        with gr.Column(scale=2, min_width=280):
            zoom_text = gr.Markdown(elem_id="zoom-text", latex_delimiters=[])
    ctx.md("zoom_pick_help")
    with gr.Row(elem_classes=["stack"]):
        with gr.Column(scale=2, min_width=280):
            zoom_x = ctx.labelled(
                gr.Slider(0, 100, value=50, step=1, label=ctx.T("zoom_x"), elem_id="zoom-x"), "zoom_x"
            )
            zoom_y = ctx.labelled(
                gr.Slider(0, 100, value=50, step=1, label=ctx.T("zoom_y"), elem_id="zoom-y"), "zoom_y"
            )
            zoom_factor = ctx.labelled(
                gr.Radio(
                    [(f"× {f}", f) for f in ZOOM_FACTORS], value=4, label=ctx.T("zoom_factor"), elem_id="zoom-factor"
                ),
                "zoom_factor",
            )
            zoom_btn = ctx.button("zoom_btn", elem_id="zoom-btn")
        with gr.Column(scale=3, min_width=280):
            close_up = ctx.picture("zoom_label", "close-up")

    # --- events -----------------------------------------------------------------------------
    text_outputs = [credit, findings, declared, *hint_texts, zoom_text, summary]
    for component, position in zip(text_outputs, range(len(text_outputs))):
        ctx.follows(
            component,
            lambda lg, states, i=position: texts((states.get("inspect") or {}).get("view"), lg)[i],
        )
    inspect_out = [preview, *hint_pictures, zoom_auto, *text_outputs, close_up, state]
    written.extend(inspect_out)
    language = ctx.language
    inspect_btn.click(
        inspect_example,
        [example, language],
        inspect_out,
        api_name="inspect_example",
        postprocess=False,  # done by ready()
        concurrency_id=INSPECT,
        concurrency_limit=INSPECT_LIMIT,
    )
    if upload is not None:
        upload.upload(
            inspect_upload,
            [upload, language],
            [*inspect_out, upload],
            api_name="inspect_upload",
            postprocess=False,  # done by ready()
            concurrency_id=INSPECT,
            concurrency_limit=INSPECT_LIMIT,
        )
    zoom_btn.click(
        zoom, [zoom_x, zoom_y, zoom_factor, language, state], close_up, api_name="zoom", concurrency_limit=None
    )
    preview.select(
        zoom_at_click,
        [zoom_factor, language, state],
        [zoom_x, zoom_y, close_up],
        api_visibility="private",
        concurrency_limit=None,
    )
    ctx.example_dropdown = example
