"""Run one piece of work in a child process, with a time limit and a memory limit.

A stranger's file can be built to make a parser slow or greedy. The kit's parsers are bounded
(:mod:`looktwice.limits`), but a bug or a library's own parsing could still hang; running the
inspection in a child process that is killed when it takes too long, or refused memory past a
cap, means such a file costs the user a clear message, never a frozen terminal or machine.

>>> run_bounded(sum, [1, 2, 3], timeout=30)
6
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from typing import Any

from .text import Text


class LimitExceeded(Exception):
    """The work took longer than allowed, or needed more memory; ``message`` says which."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message

    def __reduce__(self):
        return (type(self), (self.message,))


def too_slow(seconds: float) -> LimitExceeded:
    """The error for work stopped after ``seconds``, in both languages."""
    return LimitExceeded(
        Text(
            f"Stopped after {seconds:g} seconds: this file takes far longer to read than any real "
            "picture. It may be damaged, or made to slow programs down.",
            f"Arrêté au bout de {seconds:g} secondes\u202f: ce fichier est bien plus long à lire "
            "qu'une vraie image. Il est peut-être abîmé, ou fait pour ralentir les programmes.",
        )
    )


def too_greedy(megabytes: int) -> LimitExceeded:
    """The error for work that needed more than ``megabytes`` of memory, in both languages."""
    return LimitExceeded(
        Text(
            f"Stopped: reading this file needed more than {megabytes} MB of memory. It may be "
            "damaged, or made to exhaust the computer.",
            f"Arrêté\u202f: la lecture de ce fichier demandait plus de {megabytes}\u00a0Mo de "
            "mémoire. Il est peut-être abîmé, ou fait pour épuiser l'ordinateur.",
        )
    )


def _child(connection, func: Callable[..., Any], args: tuple, memory: int | None) -> None:
    if memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        connection.send(("ok", func(*args)))
    except MemoryError:
        connection.send(("memory", None))
    except BaseException as exc:  # sent back to the parent, which raises it
        try:
            connection.send(("error", exc))
        except Exception:
            connection.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        connection.close()


def run_bounded(func: Callable[..., Any], *args: Any, timeout: float, memory_mb: int | None = None) -> Any:
    """``func(*args)`` in a child process; its result, or the exception it raised.

    Raises :class:`LimitExceeded` when the child runs longer than ``timeout`` seconds (it is
    killed) or needs more than ``memory_mb`` megabytes of address space (Linux and macOS).
    ``func``, ``args`` and the result must be picklable where processes are spawned.
    """
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    receiver, sender = context.Pipe(duplex=False)
    memory = memory_mb * 1024 * 1024 if memory_mb else None
    process = context.Process(target=_child, args=(sender, func, args, memory), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise too_slow(timeout)
        try:
            kind, value = receiver.recv()
        except EOFError:  # the child died without a word (killed, or out of memory in C code)
            kind, value = "memory", None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if kind == "ok":
        return value
    if kind == "memory":
        raise too_greedy(memory_mb or 0)
    raise value
