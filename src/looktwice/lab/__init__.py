"""The generator lab: "make a fake" with a tiny image generator trained on a CPU.

* :mod:`~looktwice.lab.samples` - the kit's own generated images, shipped as PNGs with a
  description of exactly how each was made (works without torch);
* :mod:`~looktwice.lab.upsampling` - five ways to enlarge the same picture and the grid each
  leaves in the spectrum (needs torch);
* :mod:`~looktwice.lab.train` - train the two tiny grey generators and watch their
  fingerprints form (needs torch); :mod:`~looktwice.lab.models` holds the networks;
* :mod:`~looktwice.lab.colour` - the colour generator, whose 64x64 pictures pass at a glance:
  its training photos and training (needs torch and the example pack);
* :mod:`~looktwice.lab.numpy_generator` - runs any shipped generator with NumPy alone, so a
  class without torch can still draw new pictures from it.

Importing this package does not import torch: only the modules that need it do, so the core
install (without the ``lab`` extra) can still show and analyse the shipped samples.
"""

from __future__ import annotations

import os

# School machines are shared. Torch's OpenMP threads spin while they wait for work by default;
# measured here, that made training up to 10 times slower whenever another program was busy
# on the same cores, while letting them sleep costs nothing measurable. This only takes effect
# if torch has not been imported yet, never overrides a choice the user made, and changes no
# result (only how idle threads wait).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__all__ = ["LabSample", "SampleInfo", "fingerprint_scores", "list_samples", "load_sample"]


def __getattr__(name: str):
    """The samples API, imported on first use (so ``python -m looktwice.lab.samples``
    does not find the module already imported)."""
    if name in __all__:
        from . import samples

        return getattr(samples, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
