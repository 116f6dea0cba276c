"""Turn what the library found into the demo's Markdown, in English or French.

Everything here is plain data in, text out: a :class:`InspectView` keeps only the words and
numbers of a report (no pixels), so the page can be re-written in the other language without
analysing the image again, and per-browser state stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import safe_text
from ..analyses.base import FailedAnalysis
from ..analyses.credentials import STATE_LABELS
from ..evidence import Finding, Points, Strength
from ..report import Report
from ..text import Text


def esc(value: Any, limit: int | None = 300) -> str:
    """Text that may hold words from a file (labels, names, findings that quote them) made
    safe to put in Markdown: one line, every punctuation mark escaped, so that no link,
    image or HTML in it is live (:func:`looktwice.safe_text.markdown`)."""
    return safe_text.markdown(value, limit)


def tx(en: str, fr: str, lang: str) -> str:
    """``en`` or ``fr``, whichever ``lang`` asks for."""
    return Text(en, fr).get(lang)


def number(value: float, digits: int, lang: str) -> str:
    """``value`` with ``digits`` decimals: a decimal point in English, a comma in French."""
    out = f"{value:.{digits}f}"
    return out.replace(".", ",") if lang == "fr" else out


def colon(lang: str) -> str:
    """A colon as each language writes it (French: a narrow no-break space before it)."""
    return "\u202f:" if lang == "fr" else ":"


# --- the inspect tab ------------------------------------------------------------------------


@dataclass
class ResultView:
    """One analysis's words and data as the inspect tab shows them (no pixels)."""

    name: str
    ok: bool
    headline: Text
    explanation: Text
    data: dict = field(default_factory=dict)


@dataclass
class InspectView:
    """The words and numbers of one report, and where the image came from."""

    name: str
    format: str
    width: int
    height: int
    file_bytes: int
    summary: Text
    notes: list[Text]
    evidence: list[Finding]
    results: dict[str, ResultView]
    credit: Text | None = None
    #: Analyses still running: their words and pictures follow (the page shows the findings
    #: of the others first).
    pending: tuple[str, ...] = ()

    @classmethod
    def from_report(cls, report: Report, credit: Text | None = None, pending: tuple[str, ...] = ()) -> InspectView:
        """The words and numbers of ``report``; ``pending``: analyses whose results follow."""
        results = {}
        for r in report.results:
            if isinstance(r, FailedAnalysis):
                results[r.name] = ResultView(r.name, False, Text("", ""), r.reason)
            else:
                results[r.name] = ResultView(r.name, True, r.headline, r.explanation, r.data())
        return cls(
            name=report.name,
            format=report.format,
            width=report.width,
            height=report.height,
            file_bytes=report.file_bytes,
            summary=report.summary,
            notes=list(report.notes),
            evidence=list(report.evidence),
            results=results,
            credit=credit,
            pending=tuple(pending),
        )

    def data(self, name: str) -> dict:
        r = self.results.get(name)
        return r.data if r is not None and r.ok else {}


def example_credit(example) -> Text:
    """The example's title, source and licence, with its licence warning if any, in both
    languages (:meth:`looktwice.examples.Example.credit_line`)."""
    return Text(
        f"**Source and licence:** {esc(example.title_text.en, 200)}. {esc(example.credit_line('en'), 600)}",
        f"**Source et licence\u202f:** {esc(example.title_text.fr, 200)}. {esc(example.credit_line('fr'), 600)}",
    )


def credit_md(view: InspectView | None, lang: str) -> str:
    """The credit line of the inspected picture as escaped Markdown, or nothing for an upload."""
    if view is None:
        return ""
    size = tx(
        f"{view.format}, {view.width} × {view.height} pixels, {view.file_bytes / 1000:.0f} kB",
        f"{view.format}, {view.width}\u202f×\u202f{view.height} pixels, {view.file_bytes / 1000:.0f}\u00a0ko",
        lang,
    )
    parts = [f"**{esc(view.name, 120)}** ({size})"]
    if view.credit is not None:
        parts.append(view.credit.get(lang))
    else:
        parts.append(
            tx(
                "Your own image: only you know where it comes from.",
                "Votre propre image : vous seul·e savez d'où elle vient.",
                lang,
            )
        )
    for note in view.notes:
        parts.append(f"- {esc(note.get(lang), 500)}")
    return "\n\n".join(parts)


def summary_md(view: InspectView | None, lang: str) -> str:
    """The report's long summary as escaped Markdown, folded in the page."""
    if view is None:
        return ""
    summary = esc(view.summary.get(lang), None)
    return f"{summary}\n\n{_pending_md(view, lang)}" if view.pending else summary


def declared_md(view: InspectView | None, lang: str) -> str:
    """The labels: C2PA, IPTC source type, generator settings, watermark, camera."""
    if view is None:
        return ""
    none = tx("none found", "aucun trouvé", lang)
    c = colon(lang)
    lines = []

    cred = view.results.get("credentials")
    lines.append(
        f"- **{tx('Content Credentials (C2PA)', 'Content Credentials (C2PA)', lang)}{c}** " + _headline(cred, lang)
    )
    meta = view.data("metadata")
    dst = meta.get("digital_source_type")
    if dst:
        label = Text(**dst["label"]).get(lang) if isinstance(dst.get("label"), dict) else dst.get("term", "")
        value = f"{esc(label)} (`{esc(dst.get('term', ''), 80)}`)"
    else:
        value = none
    lines.append(f"- **{tx('IPTC digital source type', 'Type de source numérique IPTC', lang)}{c}** {value}")
    gen = meta.get("generator")
    if gen:
        bits = [esc(gen.get("tool", ""), 80)]
        if gen.get("prompt"):
            bits.append(tx("prompt", "consigne", lang) + f"{c} “{esc(gen['prompt'], 160)}”")
        settings = list((gen.get("settings") or {}).items())[:6]
        if settings:
            bits.append(", ".join(f"{esc(k, 30)} {esc(v, 40)}" for k, v in settings))
        value = "; ".join(bits)
    else:
        value = none
    lines.append(f"- **{tx('Generator settings', 'Réglages du générateur', lang)}{c}** {value}")
    mark = view.results.get("watermark")
    lines.append(f"- **{tx('Invisible watermark', 'Filigrane invisible', lang)}{c}** " + _headline(mark, lang))
    camera = (meta.get("exif") or {}).get("camera")
    lines.append(
        f"- **{tx('Camera (EXIF)', 'Appareil photo (EXIF)', lang)}{c}** " + (esc(camera, 80) if camera else none)
    )
    lines.append("")
    lines.append(
        tx(
            "_A label says what someone wrote into the file. It is strong evidence when intact, "
            "but a screenshot removes it in a second, and it can be copied onto another picture._",
            "_Une étiquette dit ce que quelqu'un a écrit dans le fichier. C'est un indice fort "
            "quand elle est intacte, mais une capture d'écran l'efface en une seconde, et elle "
            "peut être recopiée sur une autre image._",
            lang,
        )
    )
    return "\n".join(lines)


def _headline(result: ResultView | None, lang: str) -> str:
    if result is None:
        return "—"
    if not result.ok:
        return tx("could not be checked: ", "n'a pas pu être vérifié : ", lang) + esc(result.explanation.get(lang), 400)
    return esc(result.headline.get(lang), 500)


def analysis_md(view: InspectView | None, name: str, lang: str) -> str:
    """One analysis: its headline in bold, then its one-paragraph explanation."""
    if view is None:
        return ""
    r = view.results.get(name)
    if r is None:
        return f"_{STILL_MEASURING.get(lang)}_" if name in view.pending else ""
    if not r.ok:
        return f"**{tx('This analysis could not run.', 'Cette analyse n’a pas pu s’exécuter.', lang)}** {esc(r.explanation.get(lang), None)}"
    return f"**{esc(r.headline.get(lang), None)}**\n\n{esc(r.explanation.get(lang), None)}"


#: Beside an analysis whose result is on its way.
STILL_MEASURING = Text(
    "Still measuring… the result follows in a moment.", "Mesure en cours… le résultat suit dans un instant."
)


def _pending_md(view: InspectView, lang: str) -> str:
    """A line under the findings while analyses are still running, or nothing."""
    if not view.pending:
        return ""
    names = ", ".join(source_name(n, lang) for n in view.pending)
    return tx(
        f"_Still measuring: {names}. Any finding they make joins these in a moment._",
        f"_Mesure en cours : {names}. Ce qu’elles trouveront rejoindra ces indices dans un instant._",
        lang,
    )


STRENGTH = {
    Strength.DECLARED: Text(
        "Declared: a label or mark says how it was made",
        "Déclaré\u202f: une étiquette ou une marque dit comment elle a été faite",
    ),
    Strength.HINT: Text("Hints: traces, never proof", "Indices\u202f: des traces, jamais des preuves"),
    Strength.CONTEXT: Text("Context: what happened to the file", "Contexte\u202f: ce qui est arrivé au fichier"),
}
POINTS = {
    Points.GENERATED: Text("Points to: generated", "Va vers\u202f: générée"),
    Points.CAPTURED: Text("Points to: a camera", "Va vers\u202f: un appareil photo"),
    Points.EDITED: Text("Points to: edited", "Va vers\u202f: retouchée"),
    Points.NEUTRAL: Text("Points neither way", "Ne penche d’aucun côté"),
}
#: Where each analysis fails, shown under each of its findings.
LIMITS = {
    "metadata": Text(
        "Labels are text: anyone can add, change or remove them.",
        "Les étiquettes sont du texte\u202f: n’importe qui peut les ajouter, les changer ou les enlever.",
    ),
    "credentials": Text(
        "A screenshot or a re-save removes them; a valid signature says who signed, not that the picture is true.",
        "Une capture d’écran ou un réenregistrement les efface\u202f; une signature valide dit qui a signé, pas que l’image est vraie.",
    ),
    "watermark": Text(
        "Cropping, resizing and strong compression erase it; other generators use other marks.",
        "Un recadrage, un redimensionnement ou une forte compression l’effacent\u202f; les autres générateurs utilisent d’autres marques.",
    ),
    "spectrum": Text(
        "Modern generators often leave no dots; JPEG’s 8×8 blocks and resizing make dots too.",
        "Les générateurs récents n’en laissent souvent aucun\u202f; les blocs 8×8 du JPEG et le redimensionnement en font aussi.",
    ),
    "noise": Text(
        "Compression and phone filters smooth real photos too.",
        "La compression et les filtres des téléphones lissent aussi les vraies photos.",
    ),
    "ela": Text(
        "Easy to misread; never evidence on its own.", "Facile à mal lire\u202f; jamais une preuve à lui seul."
    ),
    "zoom": Text(
        "Newer generators make fewer visible mistakes.", "Les générateurs récents font moins d’erreurs visibles."
    ),
    "detector": Text(
        "A score learnt from the kit’s 100 pictures: new generators and re-saved files fool it; never proof.",
        "Un score appris sur les 100 images du kit\u202f: les nouveaux générateurs et les fichiers réenregistrés le trompent\u202f; jamais une preuve.",
    ),
}
_MEASURED = ("Measured on the kit", "Mesuré sur les ")
#: Glossary terms naming the analyses (one translation, shared with the lessons).
_GLOSSARY_SOURCES = {
    "credentials": "content-credentials",
    "watermark": "watermark",
    "spectrum": "spectrum",
    "noise": "noise-residual",
    "ela": "ela",
    "detector": "detector",
}
_OTHER_SOURCES = {
    "metadata": Text("file labels (metadata)", "étiquettes du fichier (métadonnées)"),
    "zoom": Text("close-ups", "gros plans"),
}


def source_name(source: str, lang: str) -> str:
    """An analysis's name as a pupil reads it (the glossary's term when it has one)."""
    from .. import glossary

    term = _GLOSSARY_SOURCES.get(source)
    if term is not None and term in glossary.terms():
        return glossary.term(term).name.get(lang)
    return _OTHER_SOURCES.get(source, Text(source, source)).get(lang)


def split_record(message: str) -> tuple[str, str]:
    """A finding's message cut in two: what was found, and its measured track record (the
    sentence the report appends, or ``""``)."""
    for start in _MEASURED:
        at = message.find(start)
        if at > 0:
            return message[:at].strip(), message[at:].strip()
    return message, ""


def findings_md(view: InspectView | None, lang: str) -> str:
    """The findings first, as short cards grouped as declared, hints and context: which way
    each points, what was found, its limit, and its measured record in small print."""
    if view is None:
        return ""
    if not view.evidence:
        if view.pending:
            return _pending_md(view, lang)
        return tx(
            "No evidence either way was found. That proves nothing: look at the source and the context.",
            "Aucun indice, dans un sens ou dans l’autre. Cela ne prouve rien\u202f: regardez la source et le contexte.",
            lang,
        )
    lines: list[str] = []
    for strength in Strength:
        found = [f for f in view.evidence if f.strength is strength]
        if not found:
            continue
        lines.append(f"### {STRENGTH[strength].get(lang)}")
        lines.append("")
        for f in found:
            said, record = split_record(f.message.get(lang))
            card = [f"- **{POINTS[f.points].get(lang)}** · {esc(source_name(f.source, lang), 80)}", esc(said, None)]
            limit = LIMITS.get(f.source)
            if limit is not None:
                card.append(f"_{tx('Limit', 'Limite', lang)}{colon(lang)} {limit.get(lang)}_")
            if record:
                card.append(f"<small>{esc(record, None)}</small>")
            lines.append("<br>\n  ".join(card))
        lines.append("")
    failed = [r for r in view.results.values() if not r.ok]
    if failed:
        names = ", ".join(source_name(r.name, lang) for r in failed)
        lines.append(tx(f"_Could not run: {names}._", f"_N’ont pas pu s’exécuter\u202f: {names}._", lang))
    if view.pending:
        lines.append(_pending_md(view, lang))
    return "\n".join(lines)


def picture_alt(name: str, lang: str) -> str:
    """Alt text for each picture of the inspect tab: what the picture shows. What it found is
    in the explanation beside it, which a screen reader reads next."""
    return {
        "preview": Text("The picture being inspected", "L'image examinée"),
        "spectrum": Text(
            "Frequency spectrum of the picture's fine detail, bright dots circled",
            "Spectre des fréquences du détail fin de l'image, points lumineux entourés",
        ),
        "noise": Text(
            "Noise map: how much grain each part of the picture has (dark blue: smooth, yellow: grainy)",
            "Carte du bruit : le grain de chaque partie de l'image (bleu foncé : lisse, jaune : granuleux)",
        ),
        "ela": Text(
            "Error levels: how much each pixel changes after one more JPEG save (dark blue: little, yellow: a lot)",
            "Niveaux d'erreur : combien chaque pixel change après un enregistrement JPEG de plus (bleu foncé : peu, jaune : beaucoup)",
        ),
        "zoom": Text("Close-ups, enlarged pixel by pixel", "Gros plans, agrandis pixel par pixel"),
        "detector": Text(
            "Bars: how much each measured feature pushed the detector's score, towards generated or towards a camera",
            "Barres\u202f: combien chaque mesure a poussé le score du détecteur, vers «\u202fgénérée\u202f» ou vers «\u202fappareil photo\u202f»",
        ),
    }[name].get(lang)


# --- the quiz -------------------------------------------------------------------------------


def kind_name(kind: str, lang: str) -> str:
    """The name of ``kind`` ("real" or "generated") in ``lang``, for quiz feedback."""
    return {
        "real": Text("a real photo (a camera took it)", "une vraie photo (un appareil l'a prise)"),
        "generated": Text("generated (a computer program made it)", "générée (un programme l'a fabriquée)"),
    }.get(kind, Text(kind, kind)).get(lang)


# --- break the evidence ---------------------------------------------------------------------

_STATES = STATE_LABELS


_VERDICTS = {
    "none": Text("none", "aucun"),
    "partial": Text("partial", "partiel"),
    "likely": Text("likely", "probable"),
    "very likely": Text("very likely", "très probable"),
}


def _watermark_detail(signal, lang: str) -> str:
    """'SDXL 48/48 (very likely)' with the verdict in ``lang`` (the signal carries it)."""
    if signal.verdict not in _VERDICTS:
        return signal.detail
    reading = signal.detail.rsplit(" (", 1)[0]
    return f"{reading} ({_VERDICTS[signal.verdict].get(lang)})"


@dataclass(frozen=True)
class CopyView:
    """One row of :func:`looktwice.survival.survival`, without its bytes."""

    operation: str
    label: Text
    width: int
    height: int
    file_bytes: int
    signals: dict


def survival_md(rows: list[CopyView] | None, lang: str) -> str:
    """The survival table: one line per clue, one column per copy, words and symbols."""
    if not rows:
        return ""
    from ..survival import SIGNALS

    head = "| " + tx("Clue", "Indice", lang) + " | " + " | ".join(esc(r.label.get(lang), 60) for r in rows) + " |"
    lines = [head, "|" + "---|" * (len(rows) + 1)]
    for key, name in SIGNALS.items():
        cells = []
        for r in rows:
            s = r.signals.get(key)
            if s is None:
                cells.append("—")
                continue
            detail = s.detail
            if key == "credentials":
                detail = _STATES.get(s.detail, Text(s.detail, s.detail)).get(lang)
            elif key == "watermark":
                detail = _watermark_detail(s, lang)
            word = tx("✓ found", "✓ trouvé", lang) if s.present else tx("✗ not found", "✗ non trouvé", lang)
            if key in ("watermark", "spectrum", "credentials") and detail and detail != "—":
                word += f" ({esc(detail, 60)})"
            cells.append(word)
        lines.append(f"| **{name.get(lang)}** | " + " | ".join(cells) + " |")
    sizes = " · ".join(
        f"{esc(r.label.get(lang), 60)}{tx(':', ' :', lang)} {r.width} × {r.height}, {r.file_bytes / 1000:.0f} {tx('kB', 'ko', lang)}"
        for r in rows
    )
    lines.append("")
    lines.append(sizes)
    lines.append("")
    lines.append(
        tx(
            "**What this shows:** labels and signatures live in the file, so rewriting the file "
            "removes them; the watermark lives in the pixels and survives gentle changes, but not "
            "strong compression, cropping or resizing. New traces can even appear: resizing and "
            "screenshots can add regular dots to the spectrum. A missing label proves nothing.",
            "**Ce que cela montre :** les étiquettes et les signatures vivent dans le fichier, donc "
            "réécrire le fichier les efface ; le filigrane vit dans les pixels et survit aux petits "
            "changements, mais pas à une forte compression, à un recadrage ou à un "
            "redimensionnement. De nouvelles traces peuvent même apparaître : redimensionner ou "
            "faire une capture peut ajouter des points réguliers au spectre. Une étiquette "
            "absente ne prouve rien.",
            lang,
        )
    )
    return "\n".join(lines)
