"""The classroom app's worker processes: real processes, real images, a real crash.

The app sends uploads and "break the evidence" to a pool of worker processes
(:mod:`looktwice.classroom.workers`). These tests check what a class relies on: a bad
file's message comes back in both languages across the process boundary, pictures are written
where the web server serves them, and a worker that dies costs no other request its answer.
"""

from __future__ import annotations

import io
import os
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from conftest import encode, photo_like
from PIL import Image

from looktwice.classroom import workers as cw
from looktwice.image_file import ImageError


def die_now(_: int) -> None:
    """A worker that dies mid-request, as one killed by the system would."""
    os._exit(1)


def test_a_page_is_analysed_in_a_worker_with_its_pictures_written(workers, tmp_path):
    data = encode(photo_like(800, 600, seed=5), "JPEG", quality=90)
    page = workers.run(cw.inspect_page, data, "holiday.jpg", None, str(tmp_path))
    assert page["view"].name == "holiday.jpg" and page["view"].width == 800
    for key in cw.SHOWN:
        assert Path(page["pictures"][key]).parent == tmp_path and Path(page["pictures"][key]).is_file()
    assert max(page["preview_size"]) <= cw.PREVIEW_SIDE
    close = workers.run(cw.close_up, data, 0.5, 0.5, 8)
    assert close.size == (cw.CLOSE_UP_SIDE, cw.CLOSE_UP_SIDE)


def test_a_bad_file_comes_back_as_the_librarys_message_in_both_languages(workers, tmp_path):
    whole = encode(photo_like(320, 240, seed=1))
    with pytest.raises(ImageError) as caught:
        workers.run(cw.inspect_page, whole[: len(whole) // 2], "cut.png", None, str(tmp_path))
    assert "damaged or cut short" in caught.value.message.en
    assert "abîmé" in caught.value.message.fr


def test_a_dying_worker_costs_no_other_request_its_answer(workers, tmp_path):
    images = [encode(photo_like(640, 480, seed=s), "JPEG", quality=85) for s in range(6)]
    answers: dict[int, str] = {}
    failures: list[BaseException] = []

    def inspect(i: int) -> None:
        try:
            answers[i] = workers.run(cw.inspect_page, images[i], f"photo-{i}.jpg", None, str(tmp_path))["view"].name
        except BaseException as exc:  # noqa: BLE001  collected and asserted below
            failures.append(exc)

    threads = [threading.Thread(target=inspect, args=(i,)) for i in range(6)]
    for t in threads[:3]:
        t.start()
    with pytest.raises(BrokenProcessPool):
        workers.run(die_now, 0)  # killed twice: in the pool, then alone
    for t in threads[3:]:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures, failures
    assert answers == {i: f"photo-{i}.jpg" for i in range(6)}
    # and the pool serves as before
    assert workers.run(cw.inspect_page, images[0], "again.jpg", None, str(tmp_path))["view"].name == "again.jpg"


def test_pictures_of_uploads_are_swept_after_their_time(tmp_path):
    files = cw.PictureFiles(tmp_path, max_age=60)
    path = Path(files.put(Image.fromarray(photo_like(64, 64))))
    files.sweep()
    assert path.is_file()
    os.utime(path, (path.stat().st_atime - 120, path.stat().st_mtime - 120))
    files.sweep()
    assert path.is_file()  # the folder was looked at less than a minute ago
    assert files.put(Image.fromarray(photo_like(64, 64))) == str(path)  # the same picture again...
    files.sweep(force=True)
    assert path.is_file()  # ...lives on from now
    os.utime(path, (path.stat().st_atime - 120, path.stat().st_mtime - 120))
    files.sweep(force=True)
    assert not path.exists()


def test_an_upload_is_shown_as_its_own_pixels_without_its_labels(workers, tmp_path):
    from looktwice.writers import labels

    photo = labels.with_camera_exif(encode(photo_like(640, 480, seed=8)), "Canon", "EOS R5", "2025:06:01 12:00:00")
    page = workers.run(cw.inspect_page, photo, "mine.jpg", None, str(tmp_path))
    with Image.open(page["preview"]) as shown, Image.open(io.BytesIO(photo)) as sent:
        assert shown.format == "JPEG" and not shown.getexif()  # no camera, date or position kept
        assert shown.size == page["preview_size"] == (640, 480)
        assert shown.tobytes() == sent.tobytes()  # the very pixels, not re-encoded
    big = encode(photo_like(2400, 1800, seed=9), "JPEG", quality=90)  # over PASSTHROUGH_PIXELS
    page = workers.run(cw.inspect_page, big, "big.jpg", None, str(tmp_path))
    assert max(page["preview_size"]) <= cw.PREVIEW_SIDE


def test_without_worker_processes_the_work_runs_in_the_app(workers, tmp_path):
    assert workers.run(os.getpid) != os.getpid()  # the pool: another process
    inline = cw.Workers(0)
    assert inline.start() == []
    assert inline.run(os.getpid) == os.getpid()
    data = encode(photo_like(320, 240, seed=2), "JPEG", quality=90)
    assert inline.run(cw.inspect_page, data, "here.jpg", None, str(tmp_path))["view"].name == "here.jpg"
