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
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from conftest import encode, photo_like
from PIL import Image

from looktwice.classroom import views as cv
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


def test_the_findings_then_the_pictures_make_the_same_page_as_one_run(workers, tmp_path):
    from looktwice.image_file import open_specimen
    from looktwice.report import build_report

    data = encode(photo_like(800, 600, seed=6), "JPEG", quality=90)
    first = workers.run(cw.inspect_findings, data, "two.jpg", None, str(tmp_path))
    assert set(first["view"].results) == set(cw.FINDINGS_FIRST) and first["view"].pending == cw.WITH_PICTURES
    assert Path(first["preview"]).is_file() and "pictures" not in first
    second = workers.run(cw.inspect_pictures, data, "two.jpg", None, str(tmp_path), False, first["carry"])
    whole = cv.InspectView.from_report(build_report(open_specimen(data, name="two.jpg"), threads=1))
    assert second["view"] == whole and not second["view"].pending
    assert {f.source for f in first["view"].evidence} < {f.source for f in whole.evidence}  # the detector's card
    for key in cw.SHOWN:
        assert Path(second["pictures"][key]).is_file()
    # an upload kept in the private folder is read by its path
    kept = tmp_path / "kept.upload"
    kept.write_bytes(data)
    assert workers.run(cw.inspect_findings, str(kept), "two.jpg", None, str(tmp_path))["view"] == first["view"]


def test_a_students_findings_wait_for_no_one_elses_pictures(workers):
    """Both workers busy, four requests for pictures waiting: a request for findings that
    comes last is the next one served."""
    finished: list[str] = []
    lock = threading.Lock()

    def ask(tag: str, seconds: float, priority: int) -> None:
        workers.run(time.sleep, seconds, priority=priority)
        with lock:
            finished.append(tag)

    busy = [threading.Thread(target=ask, args=(f"busy{i}", 0.8, cw.NOW)) for i in range(2)]
    later = [threading.Thread(target=ask, args=(f"pictures{i}", 0.4, cw.LATER)) for i in range(4)]
    for t in busy:
        t.start()
    time.sleep(0.3)
    for t in later:
        t.start()
        time.sleep(0.05)
    findings = threading.Thread(target=ask, args=("findings", 0.4, cw.NOW))
    findings.start()
    for t in [*busy, *later, findings]:
        t.join(timeout=60)
    assert sorted(finished[:2]) == ["busy0", "busy1"]
    assert finished.index("findings") <= 3, finished  # beside the first picture request, not after four


def test_turns_go_by_priority_then_by_arrival():
    turns = cw.Turns(1)
    order: list[str] = []
    gate = threading.Event()

    def holder() -> None:
        with turns.turn():
            gate.wait(10)

    def ask(tag: str, priority: int) -> None:
        with turns.turn(priority):
            order.append(tag)

    first = threading.Thread(target=holder)
    first.start()
    time.sleep(0.1)
    waiting = []
    for tag, priority in (("later-a", cw.LATER), ("now-a", cw.NOW), ("later-b", cw.LATER), ("now-b", cw.NOW)):
        waiting.append(threading.Thread(target=ask, args=(tag, priority)))
        waiting[-1].start()
        time.sleep(0.05)
    gate.set()
    for t in [first, *waiting]:
        t.join(timeout=10)
    assert order == ["now-a", "now-b", "later-a", "later-b"]
