"""Limits that keep one file or one crash from costing a class its app (issue #18, parts 2
and 5): a stuck request is stopped and its worker replaced, a greedy one is refused memory,
workers end with the app even after a SIGKILL, upload pictures have random names, and a later
start removes what a killed run left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from conftest import encode, photo_like

from looktwice.bounded import LimitExceeded
from looktwice.classroom import workers as cw


def test_a_stuck_request_is_stopped_and_the_others_still_get_their_answer(workers, tmp_path):
    import threading

    data = encode(photo_like(320, 240, seed=2), "JPEG", quality=90)
    answers = []

    def innocent() -> None:
        answers.append(workers.run(cw.inspect_page, data, "fine.jpg", None, str(tmp_path)))

    neighbour = threading.Thread(target=innocent)
    started = time.monotonic()
    neighbour.start()
    with pytest.raises(LimitExceeded) as caught:
        workers.run(time.sleep, 120, timeout=2)
    neighbour.join(timeout=120)
    assert time.monotonic() - started < 60
    assert "Stopped after 2 seconds" in caught.value.message.en and caught.value.message.fr
    assert len(answers) == 1 and answers[0]["view"].name == "fine.jpg"
    # the pool was replaced and serves the next request
    assert workers.run(cw.inspect_page, data, "next.jpg", None, str(tmp_path))["view"].name == "next.jpg"


def test_a_greedy_request_is_refused_memory_and_the_pool_goes_on(workers, tmp_path):
    with pytest.raises(MemoryError):
        workers.run(bytearray, 8 * 1024**3)
    data = encode(photo_like(160, 120), "PNG")
    assert workers.run(cw.inspect_page, data, "after.png", None, str(tmp_path))["view"].width == 160


def test_upload_pictures_have_random_names_and_example_pictures_stable_ones(workers, tmp_path):
    data = encode(photo_like(320, 240, seed=4), "JPEG", quality=90)
    first = workers.run(cw.inspect_page, data, "up.jpg", None, str(tmp_path), True)
    second = workers.run(cw.inspect_page, data, "up.jpg", None, str(tmp_path), True)
    assert first["pictures"]["noise"] != second["pictures"]["noise"]
    again = [workers.run(cw.inspect_page, data, "ex.jpg", None, str(tmp_path))["pictures"]["noise"] for _ in range(2)]
    assert again[0] == again[1]


def test_a_later_start_removes_what_a_killed_run_left(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = Path(tempfile.mkdtemp(prefix=f"{cw.FOLDER_PREFIX}{dead.pid}-"))
    (left / "picture.jpg").write_bytes(b"x")
    mine = Path(tempfile.mkdtemp(prefix=f"{cw.FOLDER_PREFIX}{os.getpid()}-"))
    try:
        removed = cw.sweep_abandoned()
        assert left in removed and not left.exists()
        assert mine.exists()
    finally:
        mine.rmdir()


def test_workers_end_with_the_app_even_after_a_sigkill(tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        from looktwice.classroom import workers as cw
        pool = cw.Workers(2)
        pids = [f.result(timeout=120) for f in pool.start()]
        print(" ".join(map(str, pids)), flush=True)
        time.sleep(600)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert len(pids) >= 1 and all(_running(p) for p in pids)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_running(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_running(p) for p in pids), "worker processes outlived a killed app"
    finally:
        if proc.poll() is None:
            proc.kill()


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
