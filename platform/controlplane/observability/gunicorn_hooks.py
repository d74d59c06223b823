"""gunicorn server hooks for the web's metrics, loaded with
`gunicorn --config python:controlplane.observability.gunicorn_hooks`.

They run in gunicorn's master process, which forks the web processes. prometheus-client is imported
inside the hook on purpose: it picks its multiprocess mode at import from PROMETHEUS_MULTIPROC_DIR,
which the settings set, and the web processes forked from the master inherit the imported module.
"""

from __future__ import annotations

import copy
import os
from typing import Any

from django.conf import settings

from controlplane.observability import folders

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")


def _log_config() -> dict[str, Any]:
    """gunicorn's own lines (starting, booting workers, timeouts) through the project's handler: the same
    format (JSON in production) and redaction as every other line."""
    config = copy.deepcopy(settings.LOGGING)
    own = {"handlers": ["console"], "level": "INFO", "propagate": False}
    config["loggers"] = {**config.get("loggers", {}), "gunicorn.error": own, "gunicorn.access": own}
    return config


# Read by gunicorn from this config module.
logconfig_dict = _log_config()


def on_starting(server: Any) -> None:
    """Before the first web process starts: an empty folder (reading the settings sets the variable
    that the web processes inherit)."""
    folders.empty(settings.PROMETHEUS_MULTIPROC_DIR)


def child_exit(server: Any, worker: Any) -> None:
    """A web process exited: its requests in progress stop counting."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, path=str(folders.current()))
