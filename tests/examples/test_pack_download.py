"""Downloading the example pack over real HTTP, from a server on 127.0.0.1.

The shared pack's ``mirror/`` folder is laid out like the pinned URLs, so serving it with
``http.server`` on loopback exercises the kit's real download path (pooch, requests, SHA-256
checks, retries, cropping) with no mocks. Faults are real too: a copy of a file with one byte
flipped, a folder without the file (404), a server that hangs up half-way, a closed port.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from looktwice import examples
from looktwice.cli import main
from looktwice.examples import (
    CacheWriteError,
    ChecksumError,
    DamagedError,
    DownloadInterruptedError,
    OfflineError,
    SourceNotFoundError,
    download_pack,
    verify_pack,
)
from looktwice.examples.cache import source_key

ONE = "gen_biggan_dogball"  # a single-file entry (740 kB PNG) for the fault tests
CROPPED = "gen_ldm_sign_correct"  # cut out of a larger PNG


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch) -> Path:
    """Each test starts with an empty cache of its own (tests that need the pack re-point it)."""
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder; counts requests instead of logging them."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):
        self.server.requests += 1
        super().do_GET()


class HalfThenHangUp(QuietHandler):
    """Sends the right Content-Length, half the body, then closes: a broken connection.

    Does so ``server.truncate`` times, then serves normally.
    """

    def do_GET(self):
        self.server.requests += 1
        if self.server.truncate <= 0:
            return SimpleHTTPRequestHandler.do_GET(self)
        self.server.truncate -= 1
        data = Path(self.translate_path(self.path)).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True


@contextmanager
def serve(folder: Path, handler: type[QuietHandler] = QuietHandler, truncate: int = 0) -> Iterator[ThreadingHTTPServer]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; ``server.url`` is its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    server.requests, server.truncate = 0, truncate
    server.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def copy_original(mirror: Path, name: str, dest_root: Path) -> Path:
    """Copy one example's original from the shared mirror into a new mirror folder."""
    key = source_key(examples.get_example(name).source_url)
    dest = dest_root.joinpath(*key.split("/"))
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(mirror.joinpath(*key.split("/")), dest)
    return dest


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def mirror(shared_examples: Path) -> Path:
    return shared_examples / "mirror"


@pytest.fixture(scope="module")
def downloaded(mirror: Path, tmp_path_factory) -> tuple[Path, examples.DownloadResult]:
    """The whole pack, downloaded once from the loopback server into a module-wide cache."""
    root = tmp_path_factory.mktemp("pack-cache")
    with serve(mirror) as server:
        result = download_pack(mirror=server.url, root=root, progress=False, retries=0)
    return root, result


# --- the real download path -------------------------------------------------------------------


def test_download_verify_and_reproduce_every_image(downloaded, pack_images, monkeypatch, capsys):
    root, result = downloaded
    result.raise_first()
    assert result.ok
    assert len(result.examples) == len(examples.list_examples(origin="pack")) == 88
    fetch = result.fetch
    assert len(fetch.downloaded) == len({source_key(e.source_url) for e in result.examples})
    started = time.perf_counter()
    checks = verify_pack(root=root)
    verify_seconds = time.perf_counter() - started
    with capsys.disabled():
        print(
            f"\npack: {len(fetch.downloaded)} originals downloaded and SHA-256-checked in "
            f"{fetch.seconds:.2f} s; {len(result.derived)} images cut out in "
            f"{result.derive_seconds:.2f} s ({len(result.exact)} byte-identical to the reference "
            f"PNG); verify took {verify_seconds:.2f} s"
        )
    assert fetch.seconds < 30, "target: all pack sources in under 30 s"
    bad = [(c.example.name, c.message.en) for c in checks if c.state != "ok"]
    assert bad == []
    assert {c.example.name for c in checks} == {e.name for e in examples.list_examples() if e.origin != "specimen"}

    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(root))
    for e in examples.list_examples(origin="pack"):
        data, credit = examples.load_example_bytes(e.name)
        reference = pack_images / e.filename
        if e.crop is None and not e.transform:
            assert hashlib.sha256(data).hexdigest() == e.source_sha256 == e.sha256
            assert data == reference.read_bytes()
            continue
        ours = np.asarray(examples.load_example(e.name).convert("RGB")).astype(int)
        theirs = np.asarray(Image.open(reference).convert("RGB")).astype(int)
        assert ours.shape == theirs.shape == (e.height, e.width, 3), e.name
        difference = np.abs(ours - theirs)
        if e.source_url.lower().endswith((".jpg", ".jpeg")):
            # another JPEG decoder may round a few levels differently
            assert difference.max() <= 8 and difference.mean() < 1.0, e.name
        else:
            assert difference.max() == 0, e.name


def test_no_temporary_files_are_left_in_the_cache(downloaded):
    root, _ = downloaded
    leftovers = [p for p in files_under(root) if p.name.startswith((".", "tmp")) or p.suffix == ".part"]
    assert leftovers == []


def test_a_second_download_needs_no_network(downloaded):
    root, _ = downloaded
    again = download_pack(mirror=f"http://127.0.0.1:{closed_port()}", root=root, progress=False, retries=0)
    assert again.ok and again.fetch.downloaded == [] and again.derived == []


def test_exclude_status_leaves_rows_out(mirror, own_cache):
    with serve(mirror) as server:
        result = download_pack(
            mirror=server.url, exclude_status=["uncertain", "noncommercial"], progress=False, retries=0
        )
    assert result.ok
    assert result.examples and all(e.license_status in ("clear", "attribution") for e in result.examples)
    assert not examples.is_available("gen_stylegan2_church")  # noncommercial
    assert not examples.is_available("gen_sd1_city_ruins")  # uncertain
    assert examples.load_example("gen_biggan_burger").size == (256, 256)


# --- faults -----------------------------------------------------------------------------------


def test_a_flipped_byte_is_refused_and_nothing_is_kept(mirror, tmp_path, own_cache, capsys):
    bad = tmp_path / "bad-mirror"
    original = copy_original(mirror, ONE, bad)
    data = bytearray(original.read_bytes())
    data[len(data) // 2] ^= 0x01
    original.write_bytes(bytes(data))
    with serve(bad) as server:
        result = download_pack([ONE], mirror=server.url, progress=False, retries=1)
        assert server.requests == 2, "a bad checksum is retried once, then given up"
    assert len(result.problems) == 1 and isinstance(result.problems[0].error, ChecksumError)
    assert "SHA-256" in str(result.problems[0].error)
    assert files_under(own_cache) == []
    with pytest.raises(examples.NotDownloadedError):
        examples.load_example(ONE)

    with serve(bad) as server:
        assert main(["examples", "download", ONE, "--mirror", server.url, "--retries", "0", "--quiet"]) == 1
    assert "SHA-256" in capsys.readouterr().err
    assert files_under(own_cache) == []


def test_a_missing_file_gives_a_clear_error_without_retrying(tmp_path, own_cache):
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    with serve(empty) as server:
        started = time.perf_counter()
        result = download_pack([ONE], mirror=server.url, progress=False, retries=3)
        assert server.requests == 1, "a 404 is not retried"
    assert time.perf_counter() - started < 5
    error = result.problems[0].error
    assert isinstance(error, SourceNotFoundError)
    assert "does not have" in str(error) and "DogBall.png" in str(error) and ONE in str(error)
    assert files_under(own_cache) == []


def test_an_interrupted_download_leaves_no_corrupt_file(mirror, own_cache):
    with serve(mirror, HalfThenHangUp, truncate=10) as server:
        result = download_pack([ONE], mirror=server.url, progress=False, retries=1)
        assert server.requests == 2
    assert isinstance(result.problems[0].error, DownloadInterruptedError)
    assert "interrupted" in str(result.problems[0].error)
    assert files_under(own_cache) == []


def test_a_retry_recovers_from_one_interruption(mirror, own_cache):
    with serve(mirror, HalfThenHangUp, truncate=1) as server:
        result = download_pack([ONE], mirror=server.url, progress=False, retries=1)
        assert server.requests == 2
    assert result.ok
    data, _ = examples.load_example_bytes(ONE)
    assert hashlib.sha256(data).hexdigest() == examples.get_example(ONE).source_sha256


def test_offline_with_nothing_cached_says_so_kindly(own_cache, capsys):
    url = f"http://127.0.0.1:{closed_port()}"
    result = download_pack(mirror=url, progress=False, retries=0)
    assert isinstance(result.problems[0].error, OfflineError)
    assert result.fetch.not_tried, "after a connection failure the other files are not tried"
    assert main(["examples", "download", "--mirror", url, "--retries", "0", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Could not connect" in err and "built-in photos still work" in err
    assert "Traceback" not in err
    assert files_under(own_cache) == []
    assert examples.load_example("coffee").size == (600, 400)


def test_a_failed_write_of_a_cut_out_image_leaves_nothing(mirror, own_cache):
    """A full disk while the cropped image is being written leaves no file behind."""

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    with serve(mirror) as server, pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "fsync", disk_full)
        result = download_pack([CROPPED], mirror=server.url, progress=False, retries=0)
    assert isinstance(result.problems[0].error, CacheWriteError)
    assert "LOOKTWICE_CACHE_DIR" in str(result.problems[0].error)
    assert files_under(own_cache / "pack") == []
    with serve(mirror) as server:
        assert download_pack([CROPPED], mirror=server.url, progress=False, retries=0).ok
    assert examples.load_example(CROPPED).size == (301, 301)


def test_damage_in_the_cache_is_found_and_repaired(mirror, own_cache):
    names = [ONE, CROPPED]
    with serve(mirror) as server:
        assert download_pack(names, mirror=server.url, progress=False, retries=0).ok
    original = examples.example_path(ONE)
    original.write_bytes(original.read_bytes()[:-10] + b"0123456789")
    cut = examples.example_path(CROPPED)
    cut.write_bytes(cut.read_bytes()[:1000])
    assert {c.example.name: c.state for c in verify_pack(names)} == {ONE: "damaged", CROPPED: "damaged"}
    for name in names:
        with pytest.raises(DamagedError, match="looktwice examples download"):
            examples.load_example(name)
    with serve(mirror) as server:
        assert download_pack(names, mirror=server.url, progress=False, retries=0).ok
    assert {c.state for c in verify_pack(names)} == {"ok"}


# --- sharing the pack -------------------------------------------------------------------------


def test_export_then_install_from_the_folder_and_from_a_web_server(downloaded, tmp_path, monkeypatch, capsys):
    root, _ = downloaded
    share = tmp_path / "usb-stick" / "looktwice-pack"
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(root))
    assert main(["examples", "export", str(share)]) == 0
    assert f"--mirror {share}" in capsys.readouterr().out
    credits = (share / "CREDITS.txt").read_text(encoding="utf-8")
    assert (share / "README.txt").is_file() and "LICENCE UNCERTAIN" in credits and "LICENCE INCERTAINE" in credits
    assert "Rubans avec Content Credentials. Photographe non crédité" in credits
    listed = (share / "looktwice-examples.csv").read_text(encoding="utf-8").splitlines()
    assert len(listed) == 1 + 88 and "title_fr" in listed[0]
    for e in examples.list_examples(origin="pack"):
        key = source_key(e.source_url)
        assert hashlib.sha256(share.joinpath(*key.split("/")).read_bytes()).hexdigest() == e.source_sha256

    # no server is running now: the folder alone is enough
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(tmp_path / "school-laptop"))
    assert main(["examples", "download", "--mirror", str(share), "--quiet"]) == 0
    assert main(["examples", "verify"]) == 0
    capsys.readouterr()

    # the same folder served on the school network
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(tmp_path / "other-laptop"))
    with serve(share) as server:
        assert main(["examples", "download", ONE, CROPPED, "--mirror", server.url + "/", "--quiet"]) == 0
    assert examples.load_example(CROPPED).size == (301, 301)


def test_export_without_a_download_says_what_to_do(tmp_path, capsys):
    assert main(["examples", "export", str(tmp_path / "out")]) == 1
    assert "looktwice examples download" in capsys.readouterr().err


def test_a_missing_mirror_folder_is_reported(tmp_path, capsys):
    assert main(["examples", "download", "--mirror", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cache_location_follows_the_environment(own_cache):
    assert examples.cache_dir() == own_cache
    assert str(examples.example_path(ONE)).startswith(str(own_cache))
    os.environ.pop("LOOKTWICE_CACHE_DIR")
    assert "looktwice" in examples.cache_dir().parts


def test_a_mirror_folder_given_as_a_relative_path_works(shared_examples, tmp_path, monkeypatch, capsys):
    link = tmp_path / "school-copy"
    link.symlink_to(shared_examples / "mirror")
    monkeypatch.chdir(tmp_path)
    assert main(["examples", "download", ONE, "--mirror", "school-copy"]) == 0
    assert examples.is_available(ONE)


# --- a broken or hostile mirror (issue #18, part 4) ---------------------------------------------


class Endless(QuietHandler):
    """Answers the request for ``server.target`` with zeros for ever (no Content-Length), or
    with a Content-Length of ``server.declare`` when set; serves every other file normally."""

    def do_GET(self):
        self.server.requests += 1
        if not self.path.endswith(self.server.target):
            return SimpleHTTPRequestHandler.do_GET(self)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if self.server.declare:
            self.send_header("Content-Length", str(self.server.declare))
        self.end_headers()
        block = b"\0" * 65536
        try:
            while self.server.sent < 200_000_000:
                self.wfile.write(block)
                self.server.sent += len(block)
        except OSError:
            pass  # the kit hung up: what this test wants
        self.close_connection = True


class RedirectOne(QuietHandler):
    """Redirects the request for ``server.target`` to a closed port; serves the rest."""

    def do_GET(self):
        self.server.requests += 1
        if self.path.endswith(self.server.target):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.closed}/nowhere.png")
            self.end_headers()
            return None
        return SimpleHTTPRequestHandler.do_GET(self)


def _target(name: str) -> str:
    return source_key(examples.get_example(name).source_url).rsplit("/", 1)[-1]


@pytest.mark.parametrize("declare", [0, 2_000_000_000])
def test_an_endless_or_oversized_file_is_cut_off_at_its_manifest_size(mirror, own_cache, declare):
    expected = examples.get_example(ONE).source_size
    assert expected > 0
    with serve(mirror, Endless) as server:
        server.target, server.declare, server.sent = _target(ONE), declare, 0
        result = download_pack([ONE, CROPPED], mirror=server.url, progress=False, retries=2)
    failed = {p.names: p.error for p in result.problems}
    assert list(failed) == [(ONE,)]
    assert isinstance(failed[(ONE,)], ChecksumError) and "refused before" in failed[(ONE,)].message.en
    assert examples.is_available(CROPPED), "one bad file does not stop the others"
    # nothing larger than the expected file was kept, and the server was stopped early
    assert all(p.stat().st_size <= 10_000_000 for p in files_under(own_cache))
    assert not any(p.name.endswith(_target(ONE)) for p in files_under(own_cache))
    assert server.sent < expected + 50_000_000


def test_a_mirror_folder_copy_of_the_wrong_size_is_refused_before_copying(mirror, tmp_path, own_cache):
    school = tmp_path / "school"
    copy = copy_original(mirror, ONE, school)
    with open(copy, "ab") as f:
        f.write(b"\0" * 1000)
    result = download_pack([ONE], mirror=school, progress=False, retries=0)
    assert "refused before" in result.problems[0].error.message.en
    assert not any(p.name == copy.name for p in files_under(own_cache))


def test_a_redirect_to_a_closed_port_fails_alone(mirror, own_cache, capsys):
    with serve(mirror, RedirectOne) as server:
        server.target, server.closed = _target(ONE), closed_port()
        result = download_pack([ONE, CROPPED], mirror=server.url, progress=False, retries=0)
    assert [p.names for p in result.problems] == [(ONE,)]
    assert result.fetch.not_tried == []
    assert examples.is_available(CROPPED)
