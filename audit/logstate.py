"""What a monitor or a witness remembers: the last checkpoint it trusted (or cosigned) per log origin.

A folder with one file per origin, named by the SHA-256 of the origin (origins hold `/`), holding the
signed checkpoint note exactly as it was accepted. Replacing it is atomic (a temporary file, then a
rename), so a crash leaves the old or the new one, never half of either. A checkpoint that contradicts
the trusted one is kept beside it as evidence (`<name>.conflict-<unix time>`): two checkpoints signed
by the same log key that do not extend each other prove the log misbehaved.

Pure Python: it runs on an auditor's laptop without Django.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path


class LogState:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _file(self, origin: str) -> Path:
        return self.directory / hashlib.sha256(origin.encode()).hexdigest()

    def load(self, origin: str) -> str | None:
        """The trusted checkpoint note of `origin`, or None when this log was never seen."""
        try:
            return self._file(origin).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def save(self, origin: str, note: str) -> None:
        self._write(self._file(origin), note)

    def keep_evidence(self, origin: str, note: str) -> Path:
        path = self._file(origin).with_name(f"{self._file(origin).name}.conflict-{int(time.time())}")
        self._write(path, note)
        return path

    def _write(self, path: Path, text: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temporary = tempfile.mkstemp(dir=self.directory, prefix=".state-")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
