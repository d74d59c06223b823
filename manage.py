#!/usr/bin/env python
"""Django's command-line utility for Assay; `assay` (the console script) is the same entry point."""

import sys
from pathlib import Path

# Running `python manage.py` from a checkout without `pip install -e .` still finds the packages.
_ROOT = Path(__file__).resolve().parent
for _path in (_ROOT, _ROOT / "platform"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from controlplane.cli import main  # noqa: E402 - the path set-up above must come first

if __name__ == "__main__":
    main()
