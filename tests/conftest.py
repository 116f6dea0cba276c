"""Shared fixtures: where the shared example pack lives, and small helpers to make test files.

The example pack (``../shared/examples`` beside the project) is not part of the project. CI
always has it; on a machine without it, tests that need it are skipped with a clear reason,
except under CI (``CI=true``), where a missing pack is an error.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _need(path: Path) -> Path:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI needs the shared example pack beside the project")
        pytest.skip(f"{path} not present (the shared example pack is only on developer machines)")
    return path


@pytest.fixture(scope="session")
def shared_examples() -> Path:
    """``../shared/examples``: images/, mirror/ and manifest.csv."""
    return _need(SHARED / "examples")


@pytest.fixture(scope="session")
def pack_images(shared_examples: Path) -> Path:
    return _need(shared_examples / "images")


@pytest.fixture(scope="session")
def pack_manifest(shared_examples: Path) -> list[dict[str, str]]:
    with open(_need(shared_examples / "manifest.csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def photo_like(width: int = 512, height: int = 384, seed: int = 0) -> np.ndarray:
    """A deterministic, photo-like RGB array: smooth shapes, texture and sensor-like noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 120 + 60 * np.sin(x / 37.0) * np.cos(y / 23.0) + 40 * np.sin((x + y) / 91.0)
    rgb = np.stack([base, base * 0.8 + 30, 200 - base * 0.5], axis=-1)
    rgb += rng.normal(0, 3.0, rgb.shape)
    return np.clip(rgb, 0, 255).astype(np.uint8)


def encode(array_or_image, fmt: str = "PNG", **params) -> bytes:
    """Encode an array or PIL image to bytes in memory."""
    image = array_or_image if isinstance(array_or_image, Image.Image) else Image.fromarray(array_or_image)
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()
