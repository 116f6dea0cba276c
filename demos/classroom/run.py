"""Look Twice's classroom app, Gradio style: ``python demos/classroom/run.py`` (or ``gradio
demos/classroom/run.py`` while editing it). The app itself lives in the package
(:mod:`looktwice.classroom`); this file only builds and launches it. Gradio's
``GRADIO_SERVER_NAME`` and ``GRADIO_SERVER_PORT`` choose where it listens (default
127.0.0.1:7860); ``looktwice demo --help`` lists every option."""

from looktwice.classroom import build_app, launch_app

if __name__ != "__mp_main__":  # the analysis workers re-read this file; they need no app
    demo = build_app()

if __name__ == "__main__":
    launch_app(demo)
