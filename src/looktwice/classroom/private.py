"""Settings that must be in place before Gradio is imported."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

#: Start of the name of Gradio's upload folder; the process id follows, so that a later start
#: can remove the folder of a run that was killed (see ``workers.sweep_abandoned``).
UPLOADS_PREFIX = "looktwice-demo-"


def private_environment() -> None:
    """No analytics or telemetry, and Gradio's upload/cache folder in a private temporary
    folder removed at exit (unless one was chosen with ``GRADIO_TEMP_DIR``)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_MCP_SERVER", "False")
    if "GRADIO_TEMP_DIR" not in os.environ and "gradio" not in sys.modules:
        folder = tempfile.mkdtemp(prefix=f"{UPLOADS_PREFIX}{os.getpid()}-")
        os.environ["GRADIO_TEMP_DIR"] = folder
        atexit.register(shutil.rmtree, folder, True)
