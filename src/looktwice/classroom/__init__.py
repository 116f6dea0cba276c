"""The classroom app: a Gradio page with four tabs (look closely, real or generated?, break the
evidence, about and help), in English and French, that works on a phone and on a projector.

>>> from looktwice.classroom import build_app   # doctest: +SKIP
>>> demo = build_app(classroom=True)           # doctest: +SKIP
>>> launch_app(demo)                           # doctest: +SKIP

The app is split by tab (:mod:`.tab_inspect`, :mod:`.tab_quiz`, :mod:`.tab_break`,
:mod:`.tab_about`), with what they share in :mod:`.common`, the page's words in :mod:`.text`,
the report and quiz texts in :mod:`.views` and :mod:`.quiz_view`, and the heavy work in worker
processes (:mod:`.workers`). Importing this package does not import Gradio (the names below
do), but it puts the private settings in place first (:func:`.private.private_environment`:
no analytics, Gradio's upload folder private), whichever module of the app is imported first.
"""

from __future__ import annotations

from .private import private_environment

private_environment()

_APP_NAMES = ("build_app", "launch_app", "serve", "main", "run", "parser", "server_address")


def __getattr__(name: str):
    if name in _APP_NAMES:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)


__all__ = list(_APP_NAMES)
