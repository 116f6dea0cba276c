"""``python -m looktwice.classroom``: run the classroom app (the options of ``looktwice demo``)."""

import sys

from .app import main

sys.exit(main())
