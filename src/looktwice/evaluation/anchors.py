"""Published figures to print beside the kit's own, each with where it comes from.

They were measured on other data, with other protocols, by much larger models; they are here
so that a class can see the same pattern at every scale: near-perfect on the generators a
detector was trained on, much weaker on new generators and on images shared online.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import Text


@dataclass(frozen=True)
class Anchor:
    """One published figure and its source."""

    detector: str
    figure: Text
    source: str


ANCHORS: tuple[Anchor, ...] = (
    Anchor(
        "CNNDetection (Wang et al., CVPR 2020)",
        Text(
            "trained on ProGAN: 100 % accuracy on ProGAN, 73.4 % accuracy (98.5 AP) on StyleGAN, "
            "59.0 % (88.2 AP) on BigGAN",
            "entraîné sur ProGAN : 100\u202f% d'exactitude sur ProGAN, 73,4\u202f% (AP 98,5) sur "
            "StyleGAN, 59,0\u202f% (AP 88,2) sur BigGAN",
        ),
        "README of PeterWang512/CNNDetection (Blur+JPEG 0.5 model)",
    ),
    Anchor(
        "UnivFD (Ojha et al., CVPR 2023)",
        Text(
            "trained on ProGAN: 99.31 mAP on GANs, 95.00 mAP on diffusion and autoregressive "
            "models (linear probe on CLIP features)",
            "entraîné sur ProGAN : mAP 99,31 sur les GAN, 95,00 sur les modèles de diffusion et "
            "autorégressifs (sonde linéaire sur des caractéristiques CLIP)",
        ),
        "Ojha et al., CVPR 2023, paper text and WisconsinAIVision/UniversalFakeDetect",
    ),
    Anchor(
        "GenImage spectrum baseline (Zhu et al.)",
        Text(
            "the spectrum-based detector falls to 49.9–50.8 % accuracy (chance) under low "
            "resolution, JPEG 65 or 30 and blur",
            "le détecteur fondé sur le spectre tombe à 49,9–50,8\u202f% d'exactitude (le hasard) en "
            "basse résolution, en JPEG 65 ou 30 et avec du flou",
        ),
        "GenImage-Dataset/GenImage Readme.md",
    ),
    Anchor(
        "B-Free (Guillaro et al., CVPR 2025)",
        Text(
            "on about 1,400 images that went viral online, most detectors stay under 70 % "
            "balanced accuracy after their first day online; B-Free about 92 %",
            "sur environ 1\u202f400 images devenues virales, la plupart des détecteurs restent sous "
            "70\u202f% d'exactitude équilibrée après leur premier jour en ligne ; B-Free environ 92\u202f%",
        ),
        "arXiv 2412.17671; grip-unina/B-Free docs/index.md",
    ),
)
