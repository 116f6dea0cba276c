"""The "About and help" tab: what the kit does and does not do, privacy, and where to get help
if someone makes a fake picture of you, country by country (:mod:`looktwice.help_services`,
the table the lessons use too)."""

from __future__ import annotations

import gradio as gr

from .. import help_services
from ..text import Text
from . import text as ct
from .common import Context
from .views import colon, esc

#: The countries of the help table, in the order the page lists them.
HELP_COUNTRIES = ("FR", "BE", "CH", "UK", "US", "CA", "EU")


def help_table(lang: str) -> str:
    """The help services as a Markdown list, country by country (names and contacts escaped:
    the table is data, not page code)."""
    c = colon(lang)
    lines = []
    for code in HELP_COUNTRIES:
        found = help_services.for_country(code)
        if not found:
            continue
        lines.append(f"**{help_services.COUNTRIES[code].get(lang)}**")
        lines.append("")
        for s in found:
            lines.append(
                f"- **{esc(s.name, 80)}** ({s.ages(lang)}){c} {esc(s.what_for.get(lang), 400)} — {esc(s.contact, 200)}"
            )
        lines.append("")
    checked = max((s.date_checked for s in help_services.services()), default="")
    lines.append(
        Text(
            f"_Checked on {checked}. Numbers change: the lessons use the same table._",
            f"_Vérifié le {checked}. Les numéros changent\u202f: les leçons utilisent le même tableau._",
        ).get(lang)
    )
    return "\n".join(lines)


def about_md(lang: str, classroom: bool = False) -> str:
    """The whole About page: the kit, privacy, the safeguarding advice, help by country, licences.
    In classroom mode, where nothing can be uploaded, the privacy line says only that."""
    about = ct.t("about", lang)
    if classroom:
        about = about.replace(ct.PRIVACY.get(lang), ct.t("classroom_privacy", lang))
    return "\n\n".join([about, ct.t("help_head", lang), help_table(lang), ct.t("licences", lang)])


def build(ctx: Context) -> None:
    """Lay out the tab."""
    page = gr.Markdown(about_md(ctx.start_lang, ctx.classroom), latex_delimiters=[], elem_id="about")
    ctx.label(page, lambda lg: gr.Markdown(value=about_md(lg, ctx.classroom)))
