"""Work in a child process with a time and a memory limit (looktwice.bounded)."""

from __future__ import annotations

import time

import pytest

from looktwice.bounded import LimitExceeded, run_bounded
from looktwice.image_file import ImageError, open_specimen


def test_the_result_comes_back():
    assert run_bounded(sorted, [3, 1, 2], timeout=30) == [1, 2, 3]


def test_a_slow_child_is_killed_and_says_so():
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="Stopped after 0.5 seconds"):
        run_bounded(time.sleep, 30, timeout=0.5)
    assert time.monotonic() - started < 15


def test_a_greedy_child_is_refused_memory():
    with pytest.raises(LimitExceeded) as caught:
        run_bounded(bytearray, 3_000_000_000, timeout=30, memory_mb=800)
    assert "800 MB" in caught.value.message.en and "800\u00a0Mo" in caught.value.message.fr


def test_the_childs_own_error_comes_back_in_both_languages():
    with pytest.raises(ImageError) as caught:
        run_bounded(open_specimen, b"not a picture", timeout=30)
    assert caught.value.message.fr
