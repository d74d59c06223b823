"""The `assay` console script: Assay's process commands (serve, web, worker, beat) and Django's
management commands with Assay's settings preselected."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# Not Django commands: each only starts processes, and each of those loads Django itself.
PROCESSES: dict[str, str] = {
    "serve": "the embedded default: web server, a worker with beat, a webhook worker, supervised (make run)",
    "web": "the web server (gunicorn with uvicorn workers), as production runs it",
    "worker": "a Celery worker for some queues (control, gpu, api, webhooks), stopped cleanly on SIGTERM",
    "beat": "Celery beat, the periodic tasks (one per installation)",
}
ASSAY_APPS = ("controlplane", "generation", "policy", "provenance", "audit")


def assay_version() -> str:
    try:
        return version("assay")
    except PackageNotFoundError:  # a checkout run without installing
        return "unknown"


def _process_main(name: str) -> Callable[[list[str]], int]:
    if name == "serve":
        from controlplane.serve import main
    elif name == "web":
        from controlplane.web import main
    elif name == "worker":
        from controlplane.worker import main
    else:
        from controlplane.worker import beat_main as main
    return main


def usage() -> str:
    import django
    import django.core.management
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import find_commands, get_commands, load_command_class

    try:
        django.setup()
    except ImproperlyConfigured as exc:  # e.g. a production image without its secrets yet
        return "\n".join(
            [f"assay {assay_version()}: governed image generation", "", "Processes:"]
            + [f"  {name:<10} {text}" for name, text in PROCESSES.items()]
            + ["", f"(Assay's other commands are listed once the settings load: {exc})"]
        )
    django_own = set(find_commands(str(Path(django.core.management.__file__).parent)))
    ours: list[str] = []
    theirs: list[str] = []
    for command, app in sorted(get_commands().items(), key=lambda item: (item[1], item[0])):
        if app.split(".")[0] in ASSAY_APPS and command not in django_own:  # not Django's, adapted
            text = (load_command_class(app, command).help or "").strip().splitlines()
            ours.append(f"  {command:<10} {text[0] if text else ''}")
        else:
            theirs.append(command)
    lines = [
        f"assay {assay_version()}: governed image generation",
        "",
        "Usage: assay <command> [options]   (assay <command> --help for its options)",
        "",
        "Processes:",
        *(f"  {name:<10} {text}" for name, text in PROCESSES.items()),
        "",
        "Assay's commands:",
        *ours,
        "",
        "Django's commands: " + ", ".join(sorted(theirs)),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
    command = argv[1] if len(argv) > 1 else "help"
    if command in PROCESSES:
        sys.exit(_process_main(command)(argv[2:]))
    if command == "--version":
        print(f"assay {assay_version()}")
        return
    if command in ("help", "--help", "-h") and len(argv) <= 2:
        print(usage())
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
