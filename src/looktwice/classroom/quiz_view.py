"""The quiz's words, in English and French: progress, the verdict, the tell, the class's count,
the end screen and the review of missed pictures. Plain data in, Markdown out (no Gradio)."""

from __future__ import annotations

import re

from .. import examples, quiz
from ..text import Text
from .views import colon, esc, tx

#: The words for each truth.
KIND_NAMES = {
    "real": Text("a real photo (a camera took it)", "une vraie photo (un appareil l’a prise)"),
    "generated": Text("generated (a computer program made it)", "générée (un programme l’a fabriquée)"),
}


def kind_name(kind: str, lang: str) -> str:
    """What ``"real"`` or ``"generated"`` means, in words."""
    return KIND_NAMES.get(kind, Text(kind, kind)).get(lang)


def generator_name(example) -> str:
    """The generator without the note on where the picture was found ("(model card grid)")."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", example.generator or "").strip()


def boxed_records(example) -> list:
    """The example's tell records that are a place on the picture (they get a close-up)."""
    return [r for r in example.tell_records if r.box is not None]


def progress_md(r: quiz.Round | None, lang: str) -> str:
    """ "Picture 3 of 12 · right so far: 2 out of 2", or the final score."""
    if r is None:
        return ""
    s = quiz.score(r.answers)
    if r.finished:
        return tx(
            f"**Finished!** {s.correct} right out of {s.total}.",
            f"**Terminé\u202f!** {s.correct} bonnes réponses sur {s.total}.",
            lang,
        )
    return tx(
        f"**Picture {r.index + 1} of {len(r.items)}** · right so far: {s.correct} out of {s.total}",
        f"**Image {r.index + 1} sur {len(r.items)}** · bonnes réponses\u202f: {s.correct} sur {s.total}",
        lang,
    )


def set_note(r: quiz.Round | None, lang: str) -> str:
    """The round's set by name, and a visible note when it fell back to the built-in set."""
    if r is None:
        return ""
    name = quiz.set_name(r.item_set).get(lang)
    line = tx(f"Question set: **{name}**.", f"Série de questions\u202f: **{name}**.", lang)
    if r.fallback_from is None:
        return line
    return (
        line
        + "\n\n"
        + tx(
            "**Note:** the example pack is not on this computer, so this round uses the built-in set: "
            "photos that come with the kit and textures painted by the kit's own small generator. "
            "For pictures from today's generators, ask your teacher to download the pack once "
            "(`bash scripts/start.sh` does it when the network allows).",
            "**À noter\u202f:** le pack d’exemples n’est pas sur cet ordinateur\u202f; cette partie utilise "
            "donc la série intégrée\u202f: des photos fournies avec le kit et des textures peintes par le "
            "petit générateur du kit. Pour des images des générateurs d’aujourd’hui, demandez à votre "
            "enseignant·e de télécharger le pack une fois (`bash scripts/start.sh` le fait quand le "
            "réseau le permet).",
            lang,
        )
    )


def verdict_md(answer: quiz.Answer | None, class_counts: tuple[int, int] | None, lang: str) -> str:
    """Right or not, the truth, and how many of the class got this picture right today."""
    if answer is None:
        return ""
    head = (
        tx("### ✓ Right!", "### ✓ Bonne réponse\u202f!", lang)
        if answer.correct
        else tx("### ✗ Not this time.", "### ✗ Pas cette fois.", lang)
    )
    lines = [
        head,
        tx(
            f"This picture is **{kind_name(answer.truth, lang)}**.",
            f"Cette image est **{kind_name(answer.truth, lang)}**.",
            lang,
        ),
    ]
    if class_counts is not None:
        right, total = class_counts
        if total:
            lines.append(
                tx(
                    f"In this class today, {right} of {total} counted answers on this picture were right.",
                    f"Dans cette classe aujourd’hui, {right} des {total} réponses comptées sur cette image étaient justes.",
                    lang,
                )
            )
        else:
            lines.append(
                tx(
                    "Nobody in this class has answered this picture in a counted round today.",
                    "Personne dans cette classe n’a encore répondu à cette image lors d’une partie comptée aujourd’hui.",
                    lang,
                )
            )
    return "\n\n".join(lines)


def expiry(record, lang: str) -> str:
    """Whether the tell still works on current generators."""
    if record.expired_since is None:
        return tx(
            "Still seen in pictures from current generators.",
            "Encore visible sur des images de générateurs actuels.",
            lang,
        )
    return tx(
        f"**Expired:** since {record.expired_since}, current generators mostly no longer make this mistake.",
        f"**Périmé\u202f:** depuis {record.expired_since}, les générateurs actuels ne font presque plus cette erreur.",
        lang,
    )


def tell_md(example, truth: str, lang: str) -> str:
    """The tell of the picture: its category, what to look at, whether it has expired; a clean
    photoreal picture says so; then what it shows, who made it, and its credit."""
    c = colon(lang)
    lines: list[str] = []
    records = list(example.tell_records)
    clean = [r for r in records if r.category == "none"]
    shown = [r for r in records if r.category != "none"]
    if truth == "generated" and clean and not boxed_records(example):
        lines.append(
            tx(
                "**A clean photoreal picture:** nothing visible gives it away. Looking hard proves nothing "
                "either way: check where it comes from.",
                "**Une image photoréaliste sans défaut\u202f:** rien de visible ne la trahit. Bien regarder ne "
                "prouve rien, ni dans un sens ni dans l’autre\u202f: vérifiez d’où elle vient.",
                lang,
            )
        )
    for r in shown:
        lines.append(f"**{tx('Tell', 'Indice', lang)}{c} {r.kind.label.get(lang)}.** {esc(r.note.get(lang), 400)}.")
        lines.append(expiry(r, lang))
    if not records:
        if truth == "real":
            lines.append(
                tx(
                    "**A real photo:** there is no tell to find. A picture without mistakes proves nothing: "
                    "check where it comes from.",
                    "**Une vraie photo\u202f:** il n’y a pas d’indice à trouver. Une image sans défaut ne prouve "
                    "rien\u202f: vérifiez d’où elle vient.",
                    lang,
                )
            )
        else:
            lines += [f"- {esc(quiz.tell_text(t).get(lang), 300)}" for t in example.tells if t in _TELL_TAGS]
    lines.append(
        f"**{tx('What it shows', 'Ce qu’elle montre', lang)}{c}** {esc(example.description_text.get(lang), 400)}"
    )
    if truth == "generated" and generator_name(example):
        lines.append(f"**{tx('Made with', 'Faite avec', lang)}{c}** {esc(generator_name(example), 120)}")
    lines.append(f"**{tx('Source and licence', 'Source et licence', lang)}{c}** {esc(example.credit_line(lang), 400)}")
    return "\n\n".join(lines)


#: Tags of the old catalogue that say something about how a picture was made (not its subject).
_TELL_TAGS = ("kit-generated", "garbled-text", "legible-text", "declared", "watermark", "c2pa")


def results_md(r: quiz.Round | None, lang: str) -> str:
    """The end screen: score, calibration, and published human figures to compare with."""
    if r is None or not r.finished:
        return ""
    s = quiz.score(r.answers)
    pct = f"{100 * s.accuracy:.0f}\u00a0%" if s.accuracy is not None else "—"
    lines = [
        tx(
            f"## Your score: {s.correct} out of {s.total} ({pct.replace(chr(160), ' ')})",
            f"## Votre score\u202f: {s.correct} sur {s.total} ({pct})",
            lang,
        ),
        quiz.calibration_message(quiz.calibration(r.answers)).get(lang),
        tx("### How do other people do?", "### Et les autres\u202f?", lang),
    ]
    for f in quiz.HUMAN_FIGURES:
        figure = f.figure if lang == "en" else f.figure.replace(".", ",").replace(" %", "\u00a0%")
        lines.append(f"- **{figure}** — {f.what.get(lang)} ({f.study})")
    lines.append("")
    lines.append(
        tx(
            "_The studies used different pictures and different measures, so compare with care. "
            f"Your round had only {s.total} pictures: luck matters a lot._",
            "_Les études utilisaient des images et des mesures différentes\u202f: comparez avec "
            f"prudence. Votre partie n’avait que {s.total}\u00a0images\u202f: le hasard compte beaucoup._",
            lang,
        )
    )
    return "\n".join(lines)


def review_caption(answer: quiz.Answer, lang: str) -> str:
    """The caption of a missed picture in the end screen's review: what it was and its tell."""
    e = examples.get_example(answer.item)
    said = kind_name(answer.said, lang).split(" (")[0]
    truth = kind_name(answer.truth, lang).split(" (")[0]
    tells = [r for r in e.tell_records if r.category != "none"]
    tell = f" · {tells[0].kind.label.get(lang)}" if tells else ""
    return tx(
        f"{e.title_text.en}: you said {said}; it is {truth}{tell}",
        f"{e.title_text.fr}\u202f: vous avez dit {said}\u202f; elle est {truth}{tell}",
        lang,
    )


def review_md(r: quiz.Round | None, lang: str) -> str:
    """A line above the review of missed pictures."""
    if r is None or not r.finished:
        return ""
    missed = len(r.missed)
    if not missed:
        return tx("### No picture missed: well done.", "### Aucune image manquée\u202f: bravo.", lang)
    return (
        tx(
            f"### The {missed} pictures you missed, and where to look",
            f"### Les {missed}\u00a0images manquées, et où regarder",
            lang,
        )
        if missed > 1
        else tx("### The picture you missed, and where to look", "### L’image manquée, et où regarder", lang)
    )


def confidence_label(level: int, lang: str) -> str:
    """A confidence level's words: "50 % (just a guess)" … "100 % (certain)"."""
    pct = f"{level} %" if lang == "en" else f"{level}\u00a0%"
    extra = {50: Text("just a guess", "au hasard"), 100: Text("certain", "certain·e")}.get(level)
    return f"{pct} ({extra.get(lang)})" if extra else pct


__all__ = [
    "boxed_records",
    "confidence_label",
    "generator_name",
    "kind_name",
    "progress_md",
    "results_md",
    "review_caption",
    "review_md",
    "set_note",
    "tell_md",
    "verdict_md",
]
