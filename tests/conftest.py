"""Shared fixtures: where the shared example pack lives, and small helpers to make test files.

The example pack (``../shared/examples`` beside the project) is not part of the project. CI
always has it; on a machine without it, tests that need it are skipped with a clear reason,
except under CI (``CI=true``), where a missing pack is an error.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Tests live in folders that mirror the package (tests/analyses/, tests/classroom/, ...); the
# helper modules beside this file (demo_pages, hostile_corpus) are importable from all of them.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True, scope="session")
def private_data_dirs(tmp_path_factory):
    """Keep the tests away from the user's real data and cache folders (the classroom
    certificate, the quiz counts, downloaded examples): each test session gets its own."""
    saved = {k: os.environ.get(k) for k in ("LOOKTWICE_DATA_DIR", "LOOKTWICE_CACHE_DIR")}
    os.environ["LOOKTWICE_DATA_DIR"] = str(tmp_path_factory.mktemp("looktwice-data"))
    os.environ["LOOKTWICE_CACHE_DIR"] = str(tmp_path_factory.mktemp("looktwice-cache"))
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Refuse any connection or name look-up that is not for this computer: no test reaches
    beyond 127.0.0.1, and a test that tries fails loudly instead of depending on the network."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            raise OSError(f"test tried to reach {address[0]}: tests stay on 127.0.0.1")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and host not in LOOPBACK:
            raise socket.gaierror(f"test tried to look up {host}: tests stay on 127.0.0.1")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket, "getaddrinfo", getaddrinfo)
        mp.setenv("NO_PROXY", "127.0.0.1,localhost")
        for proxy in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
            mp.delenv(proxy, raising=False)
        yield


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


@pytest.fixture(scope="session")
def pack_download(shared_examples, tmp_path_factory):
    """A cache folder holding the whole example pack, copied from the shared pack's local
    mirror (no network), for tests of the quiz, close-ups and lessons."""
    from looktwice.examples import download_pack

    root = tmp_path_factory.mktemp("pack-cache")
    result = download_pack(mirror=shared_examples / "mirror", root=root, progress=False)
    assert not result.problems, result.problems
    return root


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


@pytest.fixture()
def photo_png() -> bytes:
    """A small photo-like PNG (96 x 64), the same every time."""
    return encode(photo_like(96, 64, seed=3), "PNG")


@pytest.fixture()
def photo_jpeg() -> bytes:
    """A small photo-like JPEG (96 x 64, quality 92), the same every time."""
    return encode(photo_like(96, 64, seed=4), "JPEG", quality=92)


@pytest.fixture(scope="module")
def workers():
    """Two real worker processes of the classroom app, started and warmed up, stopped after
    the module (tests/classroom)."""
    from looktwice.classroom import workers as cw

    pool = cw.Workers(2)
    for started in pool.start():
        started.result(timeout=120)
    yield pool
    pool.close()
