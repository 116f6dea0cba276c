"""An evaluation as a readable table, CSV, JSON and PNG plots (drawn with Pillow)."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from ..text import Text
from .conditions import CONDITIONS
from .harness import Evaluation, SignalRow
from .metrics import roc_curve
from .signals import NUMBERS

#: Colour-blind-safe line colours (Okabe-Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def _fmt(x: float) -> str:
    return "–" if math.isnan(x) else f"{x:.2f}"


def table(ev: Evaluation, lang: str = "en", conditions: list[str] | None = None) -> str:
    """A plain-text table: one line per signal and condition, rates on each side and AUC."""
    heads = (
        Text("signal", "signal"),
        Text("condition", "condition"),
        Text("real", "réelles"),
        Text("generated", "générées"),
    )
    lines = [
        f"{heads[0].get(lang):<34} {heads[1].get(lang):<12} {heads[2].get(lang):>9} "
        f"{heads[3].get(lang):>10} {'AUC':>5} {'AP':>5}"
    ]
    for row in ev.rows:
        if conditions and row.condition not in conditions:
            continue
        if row.type == "number":
            real, gen = f"n={row.real_fired}", f"n={row.generated_fired}"
        else:
            real = f"{row.real_fired}/{row.real_total}"
            gen = f"{row.generated_fired}/{row.generated_total}"
        lines.append(
            f"{row.signal:<34} {row.condition:<12} {real:>9} {gen:>10} {_fmt(row.auc):>5} "
            f"{_fmt(row.average_precision):>5}"
        )
    lines.append(NOTE.get(lang))
    return "\n".join(lines)


NOTE = Text(
    "Findings: how many images raised them on each side. Numbers: how many images had the "
    "number. AUC 0.5 = no better than chance; below 0.5 the signal is higher on real photos.",
    "Indices : combien d'images les ont déclenchés de chaque côté. Nombres : combien d'images "
    "avaient la mesure. AUC 0,5 = pas mieux que le hasard ; sous 0,5, le signal est plus élevé "
    "sur les vraies photos.",
)


def to_csv(ev: Evaluation) -> str:
    """Every signal row as CSV (one line per condition and signal)."""
    rows = [r.as_dict() for r in ev.rows]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def to_json(ev: Evaluation) -> dict:
    """The evaluation as a JSON-safe dict: rows, per-family breakdown, skipped and failed images."""
    clean = lambda x: None if isinstance(x, float) and math.isnan(x) else (round(x, 4) if isinstance(x, float) else x)  # noqa: E731
    return {
        "images": len(ev.names),
        "real": int(np.sum(ev.labels == 0)),
        "generated": int(np.sum(ev.labels == 1)),
        "conditions": ev.conditions,
        "signals": [r.as_dict() for r in ev.rows],
        "families": [
            {
                "condition": f.condition,
                "family": f.family,
                "images": f.images,
                "fired": f.fired,
                "roc_auc": {k: clean(v) for k, v in f.auc.items()},
            }
            for f in ev.family_rows
        ],
        "skipped": [{"name": s.name, "reason": s.reason.to_dict()} for s in ev.skipped],
        "errors": [{"condition": c, "name": n, "error": e} for c, n, e in ev.errors()],
    }


def write_all(ev: Evaluation, folder: str | Path, lang: str = "en") -> list[Path]:
    """Write ``evaluation.csv``, ``evaluation.json``, ``table.txt`` and the PNG plots."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in (
        ("evaluation.csv", to_csv(ev)),
        ("evaluation.json", json.dumps(to_json(ev), ensure_ascii=False, indent=1)),
        ("table.txt", table(ev, lang) + "\n"),
    ):
        (folder / name).write_text(content, encoding="utf-8")
        written.append(folder / name)
    for c in ev.conditions:
        path = folder / f"roc-{c}.png"
        roc_plot(ev, c, lang).save(path)
        written.append(path)
    path = folder / "auc-by-condition.png"
    auc_bars(ev, lang).save(path)
    written.append(path)
    return written


def _best_numbers(ev: Evaluation, condition: str, count: int = 6) -> list[SignalRow]:
    rows = [r for r in ev.rows if r.condition == condition and r.type == "number" and not math.isnan(r.auc)]
    return sorted(rows, key=lambda r: -abs(r.auc - 0.5))[:count]


def roc_plot(ev: Evaluation, condition: str, lang: str = "en", size: int = 560) -> Image.Image:
    """ROC curves of the numbers that separate best under ``condition`` (a curve under the
    diagonal means the number is higher on real photos)."""
    margin, legend = 56, 22
    rows = _best_numbers(ev, condition)
    image = Image.new("RGB", (size + 2 * margin, size + 2 * margin + legend * len(rows)), "white")
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = margin, margin, margin + size, margin + size
    draw.rectangle((x0, y0, x1, y1), outline="#444444")
    draw.line((x0, y1, x1, y0), fill="#BBBBBB", width=1)
    title = Text("ROC curves", "Courbes ROC").get(lang) + " — " + CONDITIONS[condition].label.get(lang)
    draw.text((x0, 18), title, fill="black")
    draw.text((x0, y1 + 8), Text("real photos flagged →", "vraies photos signalées →").get(lang), fill="black")
    draw.text((4, y0), Text("generated\ncaught ↑", "générées\nrepérées ↑").get(lang), fill="black")
    for i, row in enumerate(rows):
        fpr, tpr = roc_curve(ev.labels, ev.values(condition, row.signal))
        colour = PALETTE[i % len(PALETTE)]
        points = [(x0 + f * size, y1 - t * size) for f, t in zip(fpr, tpr)]
        if len(points) > 1:
            draw.line(points, fill=colour, width=3)
        y = y1 + 30 + i * legend
        draw.line((x0, y + 6, x0 + 24, y + 6), fill=colour, width=3)
        draw.text((x0 + 32, y), f"{NUMBERS[row.signal].get(lang)} (AUC {_fmt(row.auc)})", fill="black")
    return image


def auc_bars(ev: Evaluation, lang: str = "en", width: int = 760) -> Image.Image:
    """Bars of each number's ROC AUC under each condition, 0.5 (chance) marked."""
    numbers = list(NUMBERS)
    bar, gap, left = 10, 8, 300
    block = bar * len(ev.conditions) + gap
    height = 60 + block * len(numbers) + 22 * len(ev.conditions)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text(
        (10, 10),
        Text("ROC AUC of each number, by condition", "ROC AUC de chaque nombre, par condition").get(lang),
        fill="black",
    )
    scale = width - left - 20
    chance = left + 0.5 * scale
    for i, number in enumerate(numbers):
        y = 40 + i * block
        draw.text((10, y + 2), NUMBERS[number].get(lang)[:44], fill="black")
        for j, c in enumerate(ev.conditions):
            auc = ev.row(c, number).auc
            if not math.isnan(auc):
                draw.rectangle(
                    (left, y + j * bar, left + auc * scale, y + j * bar + bar - 2), fill=PALETTE[j % len(PALETTE)]
                )
    draw.line((chance, 36, chance, 40 + block * len(numbers)), fill="black", width=1)
    for j, c in enumerate(ev.conditions):
        y = 46 + block * len(numbers) + j * 22
        draw.rectangle((left, y, left + 16, y + 12), fill=PALETTE[j % len(PALETTE)])
        draw.text((left + 24, y), CONDITIONS[c].label.get(lang), fill="black")
    return image
