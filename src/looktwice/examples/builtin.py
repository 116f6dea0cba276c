"""Built-in examples: photos that ship inside packages the kit already depends on.

scikit-image and scikit-learn carry a few freely licensed photos in their wheels (the coffee
cup, Chelsea the cat, the Summer Palace pagoda, ...). The kit reads them from the installed
package, so they work on a computer that has never been online. The package is located with
``importlib.util.find_spec``, which does not import it (importing scikit-learn takes seconds).

The manifest records each file's SHA-256 in the package version it was checked against. A
different installed version may carry a re-encoded file; it is still loaded (pip checked the
package when it was installed) and ``looktwice examples verify`` reports the difference.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from pathlib import Path, PurePosixPath

from ..text import Text
from .catalog import Example, ImageSource
from .errors import NotDownloadedError

#: Python package (import name) -> distribution name, for messages.
_DISTRIBUTIONS = {"skimage": "scikit-image", "sklearn": "scikit-learn"}


def package_file_path(package_file: str) -> Path | None:
    """Where ``package_file`` (``"skimage/data/coffee.png"``) is installed, or ``None``."""
    top, *rest = PurePosixPath(package_file).parts
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location).joinpath(*rest)
        if candidate.is_file():
            return candidate
    return None


def installed_version(package_file: str) -> str | None:
    """Version of the distribution that provides ``package_file``, if installed."""
    top = PurePosixPath(package_file).parts[0]
    try:
        return importlib.metadata.version(_DISTRIBUTIONS.get(top, top))
    except importlib.metadata.PackageNotFoundError:
        return None


def matches_manifest(example: Example) -> bool | None:
    """Whether the installed file is byte-identical to the manifest's (``None``: not installed)."""
    path = package_file_path(example.package_file)
    if path is None:
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest() == example.source_sha256


class PackageFileSource(ImageSource):
    """Loads examples whose ``package_file`` names a file inside an installed package."""

    def path(self, example: Example) -> Path | None:
        return package_file_path(example.package_file)

    def is_available(self, example: Example) -> bool:
        return self.path(example) is not None

    def status(self, example: Example) -> Text:
        if self.is_available(example):
            return Text("built in", "intégrée")
        return Text("missing from the installed package", "absente du paquet installé")

    def read_bytes(self, example: Example) -> bytes:
        path = self.path(example)
        if path is None:
            top = PurePosixPath(example.package_file).parts[0]
            dist = _DISTRIBUTIONS.get(top, top)
            raise NotDownloadedError(
                Text(
                    f"'{example.name}' should come with the Python package {dist}, but "
                    f"{example.package_file} is not there. Reinstall or update it "
                    f"(`pip install --upgrade {dist}`).",
                    f"« {example.name} » devrait venir avec le paquet Python {dist}, mais "
                    f"{example.package_file} n'y est pas. Réinstallez-le ou mettez-le à jour "
                    f"(`pip install --upgrade {dist}`).",
                )
            )
        return path.read_bytes()
