"""Where the kit keeps the few files it writes for a user.

- the **data directory** (``$LOOKTWICE_DATA_DIR``, else the platform's per-user data folder,
  e.g. ``~/.local/share/looktwice`` on Linux): the classroom certificate chain and the quiz's
  anonymous class counts;
- the **cache** (``$LOOKTWICE_CACHE_DIR``, see :mod:`looktwice.examples.cache`): downloaded
  example images.

Uploaded images are never written to either.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "LOOKTWICE_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The kit's data directory: ``override``, else ``$LOOKTWICE_DATA_DIR``, else the
    platform's per-user data folder."""
    if override is not None:
        return Path(override)
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("looktwice", appauthor=False))
