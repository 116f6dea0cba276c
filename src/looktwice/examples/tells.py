"""The short tags ("tells") the example manifest gives each image, and what each one means.

A lesson asks for "a generated image with garbled text" or "a real photo with camera EXIF" by
filtering on these tags. They were assigned by reading each image's description and metadata
notes in the manifest, never guessed from the pixels; a tag that needs judgement says so here.
"""

from __future__ import annotations

from types import MappingProxyType

#: Every tell used in the manifest, with a sentence a teacher can read out.
TELLS: MappingProxyType[str, str] = MappingProxyType(
    {
        # What is in the picture
        "text": "the picture contains writing",
        "garbled-text": "its writing is misspelled or warped, a classic sign of a generator",
        "legible-text": "made by a generator, yet its writing is spelled right: garbled text "
        "is not a reliable sign any more",
        "animal": "shows an animal",
        "food": "shows food or drink",
        "landscape": "shows a landscape",
        "building": "shows a building",
        "vehicle": "shows a vehicle",
        "space": "shows space (stars, galaxies)",
        "texture": "a close texture (bricks, grass) that fills the frame",
        "close-up": "a close-up or macro view",
        "surreal": "shows something that could not happen (judgement from its description)",
        "photorealistic": "its source describes it as photorealistic",
        "illustration": "looks painted or stylised rather than photographed",
        "human-made": "real, but drawn by a person rather than photographed",
        # How the picture was made or published
        "grid": "several pictures in one (a sample sheet or a comparison)",
        "tile": "cut out of a bigger sample sheet that the model's authors published",
        "gan-failure": "a well-known generator failure where objects melt into each other",
        "reconstruction": "an AI redrawing of a real photo (the photo went through a model)",
        "img2img": "made by a generator from a drawing it was given",
        "model-comparison": "compares versions of one generator on the same prompt",
        "processed": "a real photo that was transformed afterwards (warped, cropped, scaled)",
        "scan": "a scanned document",
        "motion-blur": "blurred because the camera moved",
        "greyscale": "has no colour",
        "small": "320 pixels or less on its longest side, which hides many clues",
        # Sets to compare side by side
        "pair-coffee": "compare: a real coffee cup and a generated one",
        "pair-letterboard": "compare: a real letter-board photo and two AI redrawings of it",
        "pair-mountain-sketch": "compare: a hand-drawn sketch and the picture a generator made from it",
        "pair-street-sign": "compare: two signs made from the same prompt, one spelled right",
        # What the file carries
        "camera-exif": "the file carries EXIF tags naming a camera make and model",
        "software-tag": "the file names the editing software that saved it",
        "xmp": "the file carries XMP metadata",
        "png-text": "the PNG file carries text chunks (such as a creation time)",
        "no-metadata": "the file carries no EXIF, XMP or text at all",
        # The kit's own specimens
        "specimen": "made by the Look Twice kit itself, which says exactly how",
        "kit-generated": "painted by the kit's tiny classroom GAN",
        "declared": "carries a label or mark that says it was generated",
        "c2pa": "carries signed C2PA Content Credentials",
        "watermark": "carries an invisible watermark in its pixels",
        "lying-label": "carries a label that is false on purpose, to show labels can lie",
        "laundered": "a labelled image after everyday handling (re-save, resize, screenshot...)",
    }
)
