"""The interpreter timed runs use: the runtime environment's, so that speed is measured as users run Recount.

``make bench`` runs in its own environment, which adds the peers and the semantic extra; there spaCy (through
thinc) imports torch, 2.3 s more per process, which a ratio against a bare parse in the same environment
hides. ``RECOUNT_TIMING_PYTHON`` (set by ``make bench`` to ``.venv/bin/python``) names the interpreter for
every timed child process; without it, this one.

Python caches compiled modules (``__pycache__``) on first import, and an installed wheel ships them compiled;
an editable install where ``PYTHONDONTWRITEBYTECODE`` is set (some CI images and sandboxes) would instead
compile Recount's ~100 modules again in every timed process. Importing this module compiles them once, so
timed runs start as a user's second run does.
"""

from __future__ import annotations

import compileall
import os
import sys
from pathlib import Path

TIMING_PYTHON = os.environ.get("RECOUNT_TIMING_PYTHON") or sys.executable
SOURCE = Path(__file__).resolve().parent.parent / "src"

compileall.compile_dir(SOURCE, quiet=1)
