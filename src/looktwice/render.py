"""Turn a report into readable text for a terminal (the CLI's non-JSON output).

Names, labels and values in a report come from the file and may hold escape sequences; the
text is passed through :func:`looktwice.safe_text.terminal`, so that they are shown, not
obeyed.
"""

from __future__ import annotations

import textwrap

from .analyses.base import FailedAnalysis
from .evidence import Points, Strength
from .report import Report
from .safe_text import terminal
from .text import Text

WIDTH = 88

LABELS = {
    "summary": Text("What Look Twice found", "Ce que Look Twice a trouvé"),
    "evidence": Text("Evidence", "Indices"),
    "analyses": Text("Each analysis", "Chaque analyse"),
    "notes": Text("About the file", "À propos du fichier"),
    "none": Text("No evidence either way was found.", "Aucun indice, dans un sens ou dans l'autre."),
    "failed": Text("could not run", "n'a pas pu s'exécuter"),
    **{s: s.label for s in Strength},
    **{p: p.sentence for p in Points},
}


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def report_as_text(report: Report, lang: str = "en") -> str:
    """The report as plain text in ``lang`` (``"en"`` or ``"fr"``), safe to print: control
    characters from the file are made visible."""
    t = lambda key: LABELS[key].get(lang)  # noqa: E731
    size_kb = report.file_bytes / 1000
    lines = [
        f"Look Twice — {report.name} ({report.format}, {report.width} x {report.height} pixels, {size_kb:.0f} kB)",
        "",
    ]
    if report.notes:
        lines.append(t("notes"))
        lines += [_wrap(n.get(lang), "  - ") for n in report.notes]
        lines.append("")
    lines.append(t("summary"))
    lines.append(_wrap(report.summary.get(lang), "  "))
    lines.append("")
    lines.append(t("evidence"))
    if not report.evidence:
        lines.append(_wrap(t("none"), "  "))
    for f in report.evidence:
        head = f"  [{t(f.strength)}] {f.source} — {t(f.points)}"
        lines.append(head)
        lines.append(_wrap(f.message.get(lang), "      "))
    lines.append("")
    lines.append(t("analyses"))
    for r in report.results:
        if isinstance(r, FailedAnalysis):
            lines.append(f"  {r.name}: {t('failed')}")
            lines.append(_wrap(r.reason.get(lang), "      "))
            continue
        lines.append(f"  {r.name}: {r.headline.get(lang)}")
        if r.explanation.get(lang):
            lines.append(_wrap(r.explanation.get(lang), "      "))
    return terminal("\n".join(lines) + "\n")
