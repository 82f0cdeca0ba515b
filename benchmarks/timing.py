"""The interpreter timed runs use: the runtime environment's, so that speed is measured as users run Recount.

``make bench`` runs in its own environment, which adds the peers and the semantic extra; there spaCy (through
thinc) imports torch, 2.3 s more per process, which a ratio against a bare parse in the same environment
hides. ``RECOUNT_TIMING_PYTHON`` (set by ``make bench`` to ``.venv/bin/python``) names the interpreter for
every timed child process; without it, this one.
"""

from __future__ import annotations

import os
import sys

TIMING_PYTHON = os.environ.get("RECOUNT_TIMING_PYTHON") or sys.executable
