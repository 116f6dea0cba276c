"""Saving and reading the shipped generator weights.

Weights are stored as ``.npz`` (plain numpy arrays plus a JSON description under the key
``__meta__``), so the core install, which has no torch, can still read what a model is, how it
was trained and on what. Only :func:`load_generator` needs torch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .models import Generator

#: Where the shipped weights live, inside the installed package.
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
_META = "__meta__"


def weights_path(upsampling: str, folder: Path | None = None) -> Path:
    """The file holding a shipped generator: ``"transposed"``, ``"resize"`` (grey) or ``"colour"``."""
    return (folder or WEIGHTS_DIR) / f"generator_{upsampling}.npz"


def save_generator(path: Path, generator: Generator, meta: dict[str, Any]) -> None:
    """Write the generator's float32 weights and ``meta`` (plus its config) to ``path``."""
    arrays = {k: v.detach().cpu().numpy() for k, v in generator.state_dict().items()}
    meta = {**meta, "config": generator.config.to_dict()}
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        np.savez_compressed(f, **{_META: np.array(json.dumps(meta, sort_keys=True))}, **arrays)


def read_meta(path: Path) -> dict[str, Any]:
    """The JSON description stored with the weights (numpy only, no torch)."""
    with np.load(path, allow_pickle=False) as z:
        return json.loads(str(z[_META]))


def load_generator(path: Path) -> Generator:
    """Rebuild the generator described in ``path`` and load its weights (needs torch)."""
    import torch

    from .models import Generator, GeneratorConfig

    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(str(z[_META]))
        state = {k: torch.from_numpy(z[k].copy()) for k in z.files if k != _META}
    generator = Generator(GeneratorConfig.from_dict(meta["config"]))
    generator.load_state_dict(state)
    return generator.eval()
