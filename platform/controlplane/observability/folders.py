"""Where each process tree keeps its metrics files (prometheus-client's multiprocess mode).

Kept apart from `metrics` on purpose: the parents that set the folder up (gunicorn's master, Celery's
main process) do so before their children record anything, and gunicorn's master must not import
prometheus-client before the settings have set PROMETHEUS_MULTIPROC_DIR (the library picks its
multiprocess mode at import, and the forked web processes inherit the module).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings


def empty(folder: Path) -> None:
    """Delete the samples of an earlier run (`*.db`; the folders of workers inside it stay): counters
    of processes that no longer exist would otherwise be summed into this run's forever."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.db"):
        path.unlink(missing_ok=True)


def use_worker_folder(nodename: str) -> Path:
    """For a Celery worker's main process, before its pool starts: its own folder inside the configured
    one, named after the node, emptied; its pool processes inherit it through the environment."""
    name = re.sub(r"[^A-Za-z0-9_.@-]", "_", nodename)
    folder = Path(settings.PROMETHEUS_MULTIPROC_DIR) / f"worker-{name}"
    empty(folder)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return folder


def current() -> Path:
    """This process tree's folder (the worker's own, in a worker)."""
    return Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or settings.PROMETHEUS_MULTIPROC_DIR)
