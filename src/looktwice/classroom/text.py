"""Every word the classroom demo shows that does not come from the library, in English and French.

One table, key -> :class:`looktwice.text.Text`, so a sentence and its translation are written
and reviewed together. :func:`i18n` turns it into a ``gr.I18n`` for the static labels (picked
from the browser's language when the page opens); the demo's own language switch then
re-labels everything with :meth:`Text.get`, and switches the report text too.
"""

from __future__ import annotations

from ..text import Text

#: What happens to an upload, said the same way on every page.
PRIVACY = Text(
    "Uploaded images stay on this computer: each is kept in a private temporary folder under a random name, for the magnifier, and deleted within the hour with the pictures drawn from it; everything goes when the app stops. Nothing is sent anywhere.",
    "Les images envoyées restent sur cet ordinateur : chacune est gardée dans un dossier temporaire privé, sous un nom aléatoire, pour la loupe, puis effacée dans l’heure avec les images tirées de son analyse ; tout disparaît quand l’application s’arrête. Rien n’est envoyé ailleurs.",
)

T: dict[str, Text] = {
    # --- page -----------------------------------------------------------------------------
    "page_title": Text("Look Twice", "Look Twice"),
    "header": Text(
        "# Look Twice\nIs this picture real? Look at the evidence, and learn where each clue can fail.",
        "# Look Twice\nCette image est-elle vraie ? Regardez les indices, et apprenez quand chacun peut tromper.",
    ),
    "language": Text("Language", "Langue"),
    "classroom_banner": Text(
        "**Classroom mode:** the curated examples only, each with a clear licence.",
        "**Mode classe\u202f:** uniquement les exemples choisis, chacun avec une licence claire.",
    ),
    "classroom_privacy": Text(
        "Nothing you do here is stored or sent anywhere.",
        "Rien de ce que vous faites ici n’est gardé ni envoyé ailleurs.",
    ),
    "tab_inspect": Text("Look closely", "Regarder de près"),
    "tab_quiz": Text("Real or generated?", "Vraie ou générée ?"),
    "tab_break": Text("Break the evidence", "Casser les preuves"),
    "tab_about": Text("About and help", "À propos et aide"),
    # --- inspect --------------------------------------------------------------------------
    "inspect_intro": Text(
        "## Look closely at a picture\n"
        "Pick an example or upload your own image. Look Twice reads the labels in the file and "
        "looks for traces in the pixels. It never says “87 % fake”: no honest tool can.",
        "## Regarder une image de près\n"
        "Choisissez un exemple ou envoyez votre image. Look Twice lit les étiquettes du fichier "
        "et cherche des traces dans les pixels. Il ne dit jamais « fausse à 87 % » : aucun "
        "outil honnête ne le peut.",
    ),
    "inspect_intro_classroom": Text(
        "## Look closely at a picture\n"
        "Pick one of the examples. Look Twice reads the labels in the file and looks for traces "
        "in the pixels. It never says “87 % fake”: no honest tool can.",
        "## Regarder une image de près\n"
        "Choisissez un des exemples. Look Twice lit les étiquettes du fichier et cherche des "
        "traces dans les pixels. Il ne dit jamais «\u00a0fausse à 87\u00a0%\u00a0»\u202f: aucun outil "
        "honnête ne le peut.",
    ),
    "findings_head": Text(
        "## What Look Twice found\nEach finding says which way it points and where it fails.",
        "## Ce que Look Twice a trouvé\nChaque indice dit dans quel sens il va et quand il peut tromper.",
    ),
    "example_label": Text("Choose an example", "Choisissez un exemple"),
    "inspect_example_btn": Text("Look at this example", "Examiner cet exemple"),
    "upload_label": Text("Or upload your own image", "Ou envoyez votre propre image"),
    "privacy_note": Text(
        "**Private:** " + PRIVACY.en,
        "**Privé :** " + PRIVACY.fr,
    ),
    "picture_label": Text(
        "The picture (click on it to zoom there)", "L'image (cliquez dessus pour zoomer à cet endroit)"
    ),
    "summary_head": Text("The full summary", "Le résumé complet"),
    "declared_head": Text("Every label the file could carry", "Toutes les étiquettes que le fichier pourrait porter"),
    "hints_head": Text(
        "## Hints in the pixels\nEach picture comes with what it shows and how it can fool you.",
        "## Les indices dans les pixels\nChaque image est expliquée, avec la façon dont elle peut tromper.",
    ),
    "spectrum_label": Text(
        "Frequency spectrum (bright dots are circled)", "Spectre des fréquences (points lumineux entourés)"
    ),
    "noise_label": Text("Noise map (the grain of the picture)", "Carte du bruit (le grain de l'image)"),
    "ela_label": Text(
        "Error levels (after one more JPEG save)", "Niveaux d'erreur (après un enregistrement JPEG de plus)"
    ),
    "detector_label": Text(
        "The kit's detector: what pushed its score", "Le détecteur du kit\u202f: ce qui a poussé son score"
    ),
    "zoom_head": Text("## Look closer", "## Regarder encore plus près"),
    "zoom_auto_label": Text("Close-ups chosen by Look Twice", "Gros plans choisis par Look Twice"),
    "zoom_pick_help": Text(
        "Click on the picture, or use the sliders and the button, to zoom anywhere.",
        "Cliquez sur l'image, ou utilisez les curseurs et le bouton, pour zoomer où vous voulez.",
    ),
    "zoom_x": Text("Left → right (%)", "Gauche → droite (%)"),
    "zoom_y": Text("Top → bottom (%)", "Haut → bas (%)"),
    "zoom_factor": Text("Magnification", "Grossissement"),
    "zoom_btn": Text("Zoom here", "Zoomer ici"),
    "zoom_label": Text("Your close-up", "Votre gros plan"),
    "evidence_head": Text("## All the evidence", "## Tous les indices"),
    # --- quiz -----------------------------------------------------------------------------
    "quiz_intro": Text(
        "## Real or generated?\n"
        "You will see pictures one at a time. Say if a camera took it or a generator made it, "
        "and how sure you are. After each answer you see the truth and the clues.",
        "## Vraie ou générée ?\n"
        "Vous allez voir des images une par une. Dites si un appareil photo l'a prise ou si un "
        "générateur l'a fabriquée, et à quel point vous êtes sûr·e. Après chaque réponse, vous "
        "voyez la vérité et les indices.",
    ),
    "quiz_set_label": Text("Question set", "Série de questions"),
    "quiz_session_label": Text("This round is", "Cette partie est"),
    "session_practice": Text("Practice (not counted)", "Entraînement (non compté)"),
    "session_pre": Text("Test before the lesson (counted, anonymous)", "Test avant la leçon (compté, anonyme)"),
    "session_post": Text("Test after the lesson (counted, anonymous)", "Test après la leçon (compté, anonyme)"),
    "quiz_start_btn": Text("Start", "Commencer"),
    "quiz_picture_label": Text("Picture", "Image"),
    "quiz_answer_label": Text("Who made this picture?", "Qui a fait cette image ?"),
    "answer_real": Text("A camera (a real photo)", "Un appareil photo (une vraie photo)"),
    "answer_generated": Text("A generator (AI)", "Un générateur (IA)"),
    "quiz_conf_label": Text("How sure are you?", "À quel point êtes-vous sûr·e ?"),
    "quiz_check_btn": Text("Check my answer", "Vérifier ma réponse"),
    "quiz_next_btn": Text("Next picture", "Image suivante"),
    "quiz_tells_label": Text("Close-ups: where to look", "Gros plans : où regarder"),
    "quiz_review_label": Text("Pictures you missed", "Images manquées"),
    "quiz_again_btn": Text("Play again", "Rejouer"),
    "quiz_chart_label": Text("Your confidence and your results", "Votre confiance et vos résultats"),
    "teacher_head": Text("For the teacher: class results", "Pour l'enseignant·e : résultats de la classe"),
    "teacher_help": Text(
        "Counts only: no names, no addresses, only the day. On the teacher's computer: "
        "`looktwice quiz compare --before pre --after post`, `looktwice quiz export FILE.csv`, "
        "`looktwice quiz erase`.",
        "Des comptages seulement : ni nom, ni adresse, seulement le jour. Sur l'ordinateur de "
        "l'enseignant·e : `looktwice quiz compare --before pre --after post`, "
        "`looktwice quiz export FICHIER.csv`, `looktwice quiz erase`.",
    ),
    "before_label": Text("Before", "Avant"),
    "after_label": Text("After", "Après"),
    "compare_btn": Text("Compare the class's results", "Comparer les résultats de la classe"),
    # --- break the evidence ---------------------------------------------------------------
    "break_intro": Text(
        "## Break the evidence\n"
        "The kit's own specimen carries every kind of label: signed Content Credentials (C2PA), "
        "an IPTC “made by AI” label, generator settings and an invisible watermark. Do to it "
        "what people do to pictures every day, and see which clues survive.",
        "## Casser les preuves\n"
        "Le spécimen du kit porte toutes les étiquettes : des identifiants de contenu (C2PA) "
        "signés, une étiquette IPTC « faite par IA », les réglages du générateur et un "
        "filigrane invisible. Faites-lui ce que l'on fait tous les jours aux images, et voyez "
        "quels indices survivent.",
    ),
    "break_image_label": Text("Picture to break", "Image à casser"),
    "break_ops_label": Text("What happens to it", "Ce qui lui arrive"),
    "op_resave": Text("Saved again as JPEG", "Réenregistrée en JPEG"),
    "op_resize": Text("Resized", "Redimensionnée"),
    "op_crop": Text("Cropped", "Recadrée"),
    "op_screenshot": Text("Screenshot", "Capture d'écran"),
    "op_social": Text("Posted on a social network", "Publiée sur un réseau social"),
    "quality_label": Text("JPEG quality (100 = best)", "Qualité JPEG (100 = la meilleure)"),
    "scale_label": Text("New size (1 = unchanged)", "Nouvelle taille (1 = inchangée)"),
    "crop_label": Text("Part cut away", "Part coupée"),
    "break_btn": Text("Break it!", "Cassez-la !"),
    "break_gallery_label": Text("The original and its copies", "L'original et ses copies"),
    "break_table_head": Text("## Which clues survived?", "## Quels indices ont survécu ?"),
    # --- about ----------------------------------------------------------------------------
    "about": Text(
        """## About Look Twice

Look Twice helps you check pictures before you believe or share them. It shows **evidence**,
never a verdict: labels in the file (which anyone can add or remove), and traces in the pixels
(which are hints, never proof). Finding nothing proves nothing.

**Private.** Everything runs on this computer. Uploaded images stay on this computer: each is kept in a private temporary folder under a random name, for the magnifier, and deleted within the hour with the pictures drawn from it; everything goes when the app stops. Nothing is sent anywhere. The quiz keeps only anonymous
counts (right or wrong, per picture and per day: no names).

**Safe examples.** Every example is a public, non-sexual image with its source and licence
shown beside it. None shows a made-up picture of a real person.""",
        """## À propos de Look Twice

Look Twice vous aide à vérifier une image avant d’y croire ou de la partager. Il montre des
**indices**, jamais un verdict : les étiquettes du fichier (que n’importe qui peut ajouter ou
enlever) et les traces dans les pixels (des indices, jamais des preuves). Ne rien trouver ne
prouve rien.

**Privé.** Tout fonctionne sur cet ordinateur. Les images envoyées restent sur cet ordinateur : chacune est gardée dans un dossier temporaire privé, sous un nom aléatoire, pour la loupe, puis effacée dans l’heure avec les images tirées de son analyse ; tout disparaît quand l’application s’arrête. Rien n’est envoyé ailleurs. Le quiz ne garde que des comptages
anonymes (juste ou faux, par image et par jour : aucun nom).

**Des exemples sûrs.** Chaque exemple est une image publique, non sexuelle, avec sa source et
sa licence affichées à côté. Aucune ne montre une fausse image d’une personne réelle.""",
    ),
    "help_head": Text(
        """## If someone makes a fake picture of you

It is not your fault, and you are not alone.

### If the picture is sexual or nude

- **Do not save, copy, screenshot or forward it**, not even as proof: if the person in it is
  under 18, keeping or sending it can itself be a crime. Note where you saw it (the app, the
  account name) and **tell an adult you trust** (a parent, a teacher, the school nurse or
  counsellor). The help lines below and the police keep the evidence.
- **If you are under 18**: **Take It Down** (takeitdown.ncmec.org, free, run by NCMEC) helps
  remove it from the big platforms without anyone seeing it; the national help lines below
  can ask platforms to remove it too.
- **If you are 18 or over**: **StopNCII.org** helps stop intimate pictures from being shared.

### Any fake picture

- **Tell an adult you trust.**
- **Do not share it further**, even to complain about it.
- **Report it to the platform** (app or website) where you saw it: every big platform has a
  "report" button for this.

### Help near you""",
        """## Si quelqu’un fabrique une fausse image de vous

Ce n’est pas de votre faute, et vous n’êtes pas seul·e.

### Si l’image est sexuelle ou dénudée

- **Ne l’enregistrez pas, ne la copiez pas, n’en faites pas de capture et ne la transférez
  pas**, même comme preuve : si la personne a moins de 18 ans, la garder ou l’envoyer
  peut être en soi un délit. Notez où vous l’avez vue (l’application, le nom du compte) et
  **parlez-en à un adulte de confiance** (un parent, un·e enseignant·e, l’infirmier·e, le ou
  la CPE). Les lignes d’aide ci-dessous et la police conservent les preuves.
- **Si vous avez moins de 18 ans** : **Take It Down** (takeitdown.ncmec.org, gratuit,
  géré par le NCMEC) aide à la faire retirer des grandes plateformes sans que personne ne la
  voie ; les lignes d’aide nationales ci-dessous peuvent aussi en demander le retrait.
- **Si vous avez 18 ans ou plus** : **StopNCII.org** aide à bloquer le partage d’images
  intimes.

### Toute fausse image

- **Parlez-en à un adulte de confiance.**
- **Ne la partagez pas**, même pour vous plaindre.
- **Signalez-la à la plateforme** (application ou site) où vous l’avez vue : toutes les
  grandes plateformes ont un bouton « signaler ».

### De l’aide près de chez vous""",
    ),
    "licences": Text(
        """### If the fake picture is not sexual: keeping proof

A screenshot of the post and the account name helps the adults and the platform act. Keep it
only for a picture that is not sexual.

## Licences

Code: MIT. Lesson texts: CC BY 4.0. Each example image keeps its own licence, shown wherever
it appears.""",
        """### Si la fausse image n’est pas sexuelle : garder une preuve

Une capture de la publication et le nom du compte aident les adultes et la plateforme à agir.
Ne la gardez que pour une image qui n’est pas sexuelle.

## Licences

Code : MIT. Textes des leçons : CC BY 4.0. Chaque image d’exemple garde sa propre licence,
affichée partout où elle apparaît.""",
    ),
    # --- messages -------------------------------------------------------------------------
    "error_title": Text("That did not work", "Cela n'a pas marché"),
    "error_generic": Text(
        "Something went wrong on our side with this request. Please try again, or try another picture.",
        "Un problème est survenu de notre côté. Réessayez, ou essayez une autre image.",
    ),
    "error_no_file": Text("Choose an image file first.", "Choisissez d'abord un fichier image."),
    "error_no_example": Text("Choose an example first.", "Choisissez d'abord un exemple."),
    "error_uploads_off": Text(
        "Uploads are turned off in classroom mode: pick one of the examples.",
        "L'envoi d'images est désactivé en mode classe : choisissez un des exemples.",
    ),
    "error_inspect_first": Text(
        "Look at a picture first, then zoom into it.", "Examinez d'abord une image, puis zoomez dedans."
    ),
    "error_unavailable": Text(
        "This example is not on this computer. Ask your teacher to download the example pack.",
        "Cet exemple n’est pas sur cet ordinateur. Demandez à votre enseignant·e de télécharger le pack d’exemples.",
    ),
    "error_answer_first": Text("Pick an answer first.", "Choisissez d'abord une réponse."),
    "error_start_quiz": Text("Press Start to begin a round.", "Appuyez sur Commencer pour lancer une partie."),
    "error_session_label": Text(
        "A session label is a short word such as pre or post (letters, digits, - or _).",
        "Un nom de séance est un mot court comme pre ou post (lettres, chiffres, - ou _).",
    ),
    "error_no_ops": Text(
        "Tick at least one thing to do to the picture.", "Cochez au moins une chose à faire à l'image."
    ),
}


def i18n_dicts() -> dict[str, dict[str, str]]:
    """``{"en": {key: text}, "fr": {...}}`` for ``gr.I18n``."""
    return {lang: {key: text.get(lang) for key, text in T.items()} for lang in ("en", "fr")}


def t(key: str, lang: str) -> str:
    """The UI text ``key`` in ``lang``."""
    return T[key].get(lang)
