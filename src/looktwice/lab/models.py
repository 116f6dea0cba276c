"""The kit's two tiny generators and their discriminator (needs torch).

Both generators are the same DCGAN-style network (Radford, Metz & Chintala 2016) and differ in
one thing only, how they double the picture's size:

* ``"transposed"``: a transposed convolution (kernel 4, stride 2), as in DCGAN. Its kernel
  overlaps itself unevenly, which stamps a faint grid on the output (Odena, Dumoulin & Olah
  2016): the fingerprint the kit teaches.
* ``"resize"``: nearest-neighbour enlargement followed by an ordinary 3x3 convolution, the fix
  Odena et al. propose. Same depth and widths, much fainter grid.

The latent input is a small *map* of random numbers rather than one vector (a "spatial GAN",
Jetchev, Bergmann & Vollgraf 2016): the network is trained on 32x32 patches from a 4x4 map, and
the same weights can then paint a seamless texture of any size from a bigger map. That matters
for the lab: a 256x256 picture has enough pixels for the spectrum to show the grid clearly,
with no seams between separate patches to confuse it.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import torch
from torch import nn

from .numpy_generator import latent, pixels_from_output

Upsampling = Literal["transposed", "resize"]
UPSAMPLINGS: tuple[Upsampling, ...] = ("transposed", "resize")


@dataclass(frozen=True)
class GeneratorConfig:
    """Everything needed to rebuild a generator before loading its weights."""

    upsampling: Upsampling = "transposed"
    z_channels: int = 32
    widths: tuple[int, ...] = (128, 64, 32)
    #: Each latent cell becomes a square of this many pixels: 2 ** number of doublings, times
    #: 4 for a ``"vector"`` latent.
    cell: int = 8
    #: 1 for the grey texture generators, 3 for the colour one.
    channels: int = 1
    #: ``"map"``: the input is a map of random numbers, mixed by a 3x3 convolution, so one
    #: network paints seamless textures of any size (the grey generators). ``"vector"``: one
    #: column of random numbers per picture, projected to a 4x4 map by a 4x4 transposed
    #: convolution (DCGAN's own projection); each position gets its own weights, so a
    #: picture can have a layout (sky above, ground below), as the colour generator needs.
    latent: str = "map"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["widths"] = list(self.widths)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> GeneratorConfig:
        return cls(
            upsampling=data["upsampling"],
            z_channels=int(data["z_channels"]),
            widths=tuple(int(w) for w in data["widths"]),
            cell=int(data["cell"]),
            channels=int(data.get("channels", 1)),
            latent=data.get("latent", "map"),
        )


def _upsample(upsampling: Upsampling, cin: int, cout: int, bias: bool) -> nn.Module:
    """One doubling of height and width, by the chosen method."""
    if upsampling == "transposed":
        return nn.ConvTranspose2d(cin, cout, kernel_size=4, stride=2, padding=1, bias=bias)
    if upsampling == "resize":
        return nn.Sequential(
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(cin, cout, kernel_size=3, padding=1, bias=bias),
        )
    raise ValueError(f"unknown upsampling {upsampling!r}")


class Generator(nn.Module):
    """Latent map (N, z_channels, h, w) to image (N, channels, cell*h, cell*w) in [-1, 1].

    A 3x3 convolution mixes the latent map (or, for a ``"vector"`` latent of shape
    (N, z_channels, 1, 1), a 4x4 transposed convolution projects it to a 4x4 map, as in DCGAN),
    then one doubling per width, each followed by batch normalisation and ReLU except the last,
    which ends in tanh.
    """

    def __init__(self, config: GeneratorConfig = GeneratorConfig()) -> None:
        super().__init__()
        self.config = config
        w = config.widths
        if config.latent == "vector":
            first: nn.Module = nn.ConvTranspose2d(config.z_channels, w[0], kernel_size=4, bias=False)
        elif config.latent == "map":
            first = nn.Conv2d(config.z_channels, w[0], kernel_size=3, padding=1, bias=False)
        else:
            raise ValueError(f"unknown latent {config.latent!r}")
        layers: list[nn.Module] = [
            first,
            nn.BatchNorm2d(w[0]),
            nn.ReLU(inplace=True),
        ]
        for cin, cout in zip(w[:-1], w[1:]):
            layers += [
                _upsample(config.upsampling, cin, cout, False),
                nn.BatchNorm2d(cout),
                nn.ReLU(inplace=True),
            ]
        layers += [_upsample(config.upsampling, w[-1], config.channels, True), nn.Tanh()]
        self.net = nn.Sequential(*layers)
        if (4 if config.latent == "vector" else 1) * 2 ** len(w) != config.cell:
            raise ValueError("cell must be 2 ** len(widths), times 4 for a vector latent")

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


class Discriminator(nn.Module):
    """Patch to one logit (real > 0). Strided convolutions, leaky ReLU.

    With ``len(widths)`` halvings the patch must be ``4 * 2 ** len(widths)`` pixels wide: 32x32
    for the grey generators' three widths, 64x64 for the colour generator's four.
    """

    def __init__(self, widths: tuple[int, ...] = (32, 64, 128), channels: int = 1) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        cin = channels
        for i, cout in enumerate(widths):
            layers.append(nn.Conv2d(cin, cout, kernel_size=4, stride=2, padding=1, bias=i == 0))
            if i > 0:
                layers.append(nn.BatchNorm2d(cout))
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            cin = cout
        layers.append(nn.Conv2d(cin, 1, kernel_size=4))  # 4x4 -> 1x1
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).flatten(1).mean(1)


def init_weights(module: nn.Module) -> None:
    """DCGAN's initialisation: convolutions N(0, 0.02), batch-norm scales N(1, 0.02)."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)


def parameter_count(module: nn.Module) -> int:
    """Number of trainable numbers in ``module``."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """Generator output in [-1, 1], shape (N, C, H, W), to ``uint8`` pictures: gray (N, H, W)
    for one channel, colour (N, H, W, 3) for three."""
    return pixels_from_output(images.detach().to(torch.float64).cpu().numpy())


def generate(
    generator: Generator, seed: int, count: int = 1, cells: tuple[int, int] | None = None, exact: bool = True
) -> np.ndarray:
    """``count`` ``uint8`` images, each (cell*h, cell*w) for ``cells`` = (h, w) latent cells
    (grey, or with a last axis of 3 for the colour generator).

    With ``exact`` (the default) the network runs in float64 on a copy: float32 results can
    differ in the last bits between processors and thread counts, which would occasionally
    flip a pixel by one grey level; in float64 that rounding essentially never changes, so a
    seed gives the same picture on any machine. Batch normalisation uses its stored averages
    (evaluation mode), so images do not depend on what else is in the batch.
    """
    if cells is None:
        cells = (1, 1) if generator.config.latent == "vector" else (4, 4)
    z = torch.from_numpy(latent(seed, count, generator.config.z_channels, cells))
    net = copy.deepcopy(generator).eval()
    net = net.double() if exact else net.float()
    with torch.no_grad():
        out = net(z.to(torch.float64 if exact else torch.float32))
    return to_uint8(out)
