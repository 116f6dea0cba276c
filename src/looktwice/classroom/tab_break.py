"""The "Break the evidence" tab: put a labelled picture through everyday operations (re-save,
resize, crop, screenshot, social network) and read which clues survive."""

from __future__ import annotations

import gradio as gr

from .. import examples
from . import text as ct
from . import views as cv
from . import workers as cw
from .common import HEAVY, Context, break_choices, check_offered, default_break_image, fail, friendly_errors, pick_lang

#: Laundering operations offered, in the order a lesson presents them.
OPERATIONS = ("resave", "resize", "crop", "screenshot", "social")


def build(ctx: Context) -> None:
    """Lay out the tab and wire its event (``/break_evidence``)."""
    classroom = ctx.classroom

    def break_evidence(image_name: str, operations: list[str], quality: int, scale: float, crop: float, lang: str):
        """Put an image through everyday operations and read which signals survive."""
        lang = pick_lang(lang)
        ops = [o for o in OPERATIONS if o in (operations or [])]
        if not ops:
            raise fail("error_no_ops", lang)
        with friendly_errors(lang, "break_evidence"):
            name = check_offered(image_name, classroom, lang)
            data, _ = examples.load_example_bytes(name)
            q = int(min(max(int(quality or 75), 5), 100))
            s = float(min(max(float(scale or 0.5), 0.1), 1.0))
            c = float(min(max(float(crop or 0.1), 0.0), 0.5))
            rows = ctx.pool.run(cw.break_page, data, ops, q, s, c, str(ctx.transient.folder))
            ctx.transient.sweep()
            views = [view for view, _ in rows]
            kb = cv.tx("kB", "ko", lang)
            gallery = [
                (thumb, f"{v.label.get(lang)} — {v.width} × {v.height}, {v.file_bytes / 1000:.0f}\u00a0{kb}")
                for v, thumb in rows
            ]
            return gallery, cv.survival_md(views, lang), views

    def op_choices(lg: str) -> list[tuple[str, str]]:
        return [(ct.t(f"op_{o}", lg), o) for o in OPERATIONS]

    ctx.md("break_intro")
    with gr.Row(elem_classes=["stack"]):
        with gr.Column(scale=2, min_width=300):
            break_image = ctx.example_picker(
                "break_image_label", "break-image", break_choices, default_break_image(classroom)
            )
            ops = gr.CheckboxGroup(
                op_choices(ctx.start_lang), value=list(OPERATIONS), label=ctx.T("break_ops_label"), elem_id="break-ops"
            )
            ctx.label(ops, lambda lg: gr.CheckboxGroup(label=ct.t("break_ops_label", lg), choices=op_choices(lg)))
            quality = ctx.labelled(
                gr.Slider(5, 100, value=75, step=1, label=ctx.T("quality_label"), elem_id="quality"), "quality_label"
            )
            scale = ctx.labelled(
                gr.Slider(0.1, 1.0, value=0.5, step=0.05, label=ctx.T("scale_label"), elem_id="scale"), "scale_label"
            )
            crop = ctx.labelled(
                gr.Slider(0.0, 0.5, value=0.1, step=0.02, label=ctx.T("crop_label"), elem_id="crop"), "crop_label"
            )
            break_btn = ctx.button("break_btn", variant="primary", elem_id="break-btn")
        with gr.Column(scale=3, min_width=300):
            copies = ctx.picture("break_gallery_label", "break-gallery", kind=gr.Gallery, columns=3)
    ctx.md("break_table_head")
    survived = gr.Markdown(elem_id="break-table", latex_delimiters=[], elem_classes=["wide-table"])
    ctx.follows(survived, lambda lg, states: cv.survival_md(states.get("break"), lg))
    break_btn.click(
        break_evidence,
        [break_image, ops, quality, scale, crop, ctx.language],
        [copies, survived, ctx.states["break"]],
        api_name="break_evidence",
        concurrency_id=HEAVY,
        concurrency_limit=ctx.heavy_limit,
    )
    ctx.break_dropdown = break_image
