"""Run a shipped generator with NumPy alone: new pictures from the weights, no torch needed.

The kit's generators (:mod:`looktwice.lab.models`) are small enough to run as a few loops of
array arithmetic. This module reads a weights file written by
:func:`looktwice.lab.checkpoint.save_generator` and computes, in float64, the same layers torch
would: a 3x3 convolution, batch normalisation with the stored averages, ReLU, one doubling per
width (transposed convolution, or nearest-neighbour enlargement then a 3x3 convolution), and
tanh. So a class without torch can still ask a generator for new pictures, from any seed and at
any size.

The numbers agree with torch's float64 run to about 1e-12; after rounding to 0-255 a pixel can
very rarely differ by one level (tested against torch).

>>> from looktwice.lab.checkpoint import weights_path
>>> pictures = render(weights_path("colour"), seed=7, count=2)
>>> pictures.shape, pictures.dtype
((2, 64, 64, 3), dtype('uint8'))
>>> render(weights_path("transposed"), seed=7, cells=(8, 8)).shape  # a larger texture
(1, 64, 64)
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

_META = "__meta__"
_EPS = 1e-5  # torch's BatchNorm2d default


def latent(seed: int, count: int, z_channels: int, cells: tuple[int, int]) -> np.ndarray:
    """The random latent maps for ``seed``: (count, z_channels, h, w) standard normal numbers.

    Drawn with numpy's seeded generator rather than torch's, so the same seed gives the same
    numbers whatever torch's version or thread settings.
    """
    rng = np.random.default_rng(seed)
    return rng.standard_normal((count, z_channels, *cells))


def pixels_from_output(x: np.ndarray) -> np.ndarray:
    """Numbers in [-1, 1], shape (N, C, H, W), to ``uint8`` pictures: gray (N, H, W) for one
    channel, colour (N, H, W, 3) for three."""
    x = x[:, 0] if x.shape[1] == 1 else np.moveaxis(x, 1, -1)
    return np.clip(np.round((x + 1.0) * 127.5), 0, 255).astype(np.uint8)


@cache
def _weights(path: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(str(z[_META]))
        arrays = {k: z[k].astype(np.float64) for k in z.files if k != _META}
    return meta, arrays


def _conv3x3(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None) -> np.ndarray:
    """torch's ``Conv2d(kernel_size=3, padding=1)``: weight (out, in, 3, 3)."""
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    windows = sliding_window_view(padded, (3, 3), axis=(2, 3))  # (N, C, H, W, 3, 3)
    out = np.einsum("nchwij,ocij->nohw", windows, weight, optimize=True)
    return out if bias is None else out + bias[None, :, None, None]


def _transposed4x4(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None) -> np.ndarray:
    """torch's ``ConvTranspose2d(kernel_size=4, stride=2, padding=1)``: weight (in, out, 4, 4).

    Each input pixel adds its 4x4 stamp of the kernel at twice its position; the stamps overlap
    unevenly (some output pixels get four contributions, others fewer), the origin of the grid
    this generator leaves in its pictures.
    """
    n, _, h, w = x.shape
    out = np.zeros((n, weight.shape[1], 2 * h + 2, 2 * w + 2))
    for ky in range(4):
        for kx in range(4):
            out[:, :, ky : ky + 2 * h : 2, kx : kx + 2 * w : 2] += np.einsum("nchw,co->nohw", x, weight[:, :, ky, kx])
    out = out[:, :, 1:-1, 1:-1]
    return out if bias is None else out + bias[None, :, None, None]


def _batch_norm(x: np.ndarray, arrays: dict[str, np.ndarray], key: str) -> np.ndarray:
    mean, var = arrays[f"{key}.running_mean"], arrays[f"{key}.running_var"]
    scale = arrays[f"{key}.weight"] / np.sqrt(var + _EPS)
    shift = arrays[f"{key}.bias"] - mean * scale
    return x * scale[None, :, None, None] + shift[None, :, None, None]


def _doubling(x: np.ndarray, upsampling: str, arrays: dict[str, np.ndarray], index: int) -> np.ndarray:
    if upsampling == "transposed":
        key = f"net.{index}"
        return _transposed4x4(x, arrays[f"{key}.weight"], arrays.get(f"{key}.bias"))
    key = f"net.{index}.1"  # Sequential(Upsample, Conv2d)
    enlarged = x.repeat(2, axis=2).repeat(2, axis=3)
    return _conv3x3(enlarged, arrays[f"{key}.weight"], arrays.get(f"{key}.bias"))


def forward(path: str | Path, z: np.ndarray) -> np.ndarray:
    """The generator stored in ``path`` applied to latent maps ``z`` (N, z_channels, h, w):
    its output in [-1, 1], shape (N, channels, cell*h, cell*w), float64."""
    meta, arrays = _weights(str(path))
    config = meta["config"]
    z = np.asarray(z, dtype=np.float64)
    if config.get("latent", "map") == "vector":  # ConvTranspose2d(kernel_size=4) on a 1x1 map
        x = np.einsum("nc,cokl->nokl", z[:, :, 0, 0], arrays["net.0.weight"])
    else:
        x = _conv3x3(z, arrays["net.0.weight"], None)
    x = np.maximum(_batch_norm(x, arrays, "net.1"), 0.0)
    index = 3
    for _ in config["widths"][1:]:
        x = _doubling(x, config["upsampling"], arrays, index)
        x = np.maximum(_batch_norm(x, arrays, f"net.{index + 1}"), 0.0)
        index += 3
    return np.tanh(_doubling(x, config["upsampling"], arrays, index))


def render(path: str | Path, seed: int, count: int = 1, cells: tuple[int, int] | None = None) -> np.ndarray:
    """``count`` pictures from the generator stored in ``path``, drawn from ``seed``.

    Parameters
    ----------
    path : str or Path
        A weights file (``.npz``) written by :func:`looktwice.lab.checkpoint.save_generator`.
    seed : int
        Seed of the random latent maps: the same seed gives the same pictures.
    count : int
        How many pictures.
    cells : (int, int), optional
        Size of the latent map of the grey generators, whose cells each become 8 pixels; by
        default the size they were trained at (4 x 4). The colour generator takes one cell.

    Returns
    -------
    numpy.ndarray
        ``uint8`` pictures: (count, H, W) grey or (count, H, W, 3) colour.
    """
    meta, _ = _weights(str(path))
    config = meta["config"]
    if config.get("latent") == "vector":
        if cells not in (None, (1, 1)):
            raise ValueError("this generator makes pictures of one size only: leave cells out")
        cells = (1, 1)
    elif cells is None:
        side = int(meta.get("patch", 32)) // int(config["cell"])
        cells = (side, side)
    z = latent(seed, count, int(config["z_channels"]), cells)
    return pixels_from_output(forward(path, z))
