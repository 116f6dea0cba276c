"""Placeholder examples API (being written): just scikit-image's coffee photo."""

from __future__ import annotations

from pathlib import Path


def load_example_bytes(name: str) -> tuple[bytes, str]:
    import skimage

    path = Path(skimage.__file__).parent / "data" / "coffee.png"
    return path.read_bytes(), "Coffee cup, CC0 (photographer Rachel Michetti), scikit-image"
