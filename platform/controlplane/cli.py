"""The `assay` console script: Django's management commands with Assay's settings preselected."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
    if argv[1:2] == ["serve"]:
        # Not a Django command: it only starts and supervises processes, each of which loads Django.
        from controlplane.serve import main as serve

        sys.exit(serve(argv[2:]))
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
