"""`assay witness init | vkey | cosign`: an independent witness of Assay's transparency logs.

It reads no database and nothing of the installation (audit.witness): only the checkpoint, a
consistency proof (a tlog-witness request from `assay audit witness-request`) or the log's tiles, the
log's public key and the witness's own key, so it runs on a second installation or an auditor's laptop.
The cosigned checkpoint it writes goes back to the installation with `assay audit add-cosignature`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.keyfiles import auditor_token, create_private_key, log_public_keys, read_private_key
from audit.logstate import LogState
from audit.monitor import UncheckableError, proof_from_source
from audit.notes import (
    Checkpoint,
    NoteError,
    cosignature_verifier_key,
    parse_checkpoint,
    parse_note,
    parse_witness_request,
)
from audit.tilesource import TileSource, source_for
from audit.witness import WitnessRefusal, proof_of_request, witness_checkpoint


def _no_proof(old_size: int) -> list[bytes]:
    raise WitnessRefusal(
        f"the witness last cosigned this log at size {old_size}: give a tlog-witness request with a "
        f"consistency proof from that size (`assay audit witness-request --old {old_size}`), or --tiles"
    )


def _proof_from_tiles(source: TileSource, claimed: Checkpoint) -> Callable[[int], list[bytes]]:
    # The tiles are checked against the claimed (then verified) checkpoint's root before any proof.
    return lambda old_size: proof_from_source(source, claimed, old_size)()


class Command(BaseCommand):
    help = "Cosign a transparency log's checkpoint only if it extends the last one this witness cosigned."
    # No database, no other app's checks: a witness runs anywhere.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        for name, text in (
            ("init", "Create the witness's Ed25519 key (0600) and print its cosignature verifier key."),
            ("vkey", "Print the cosignature verifier key of the witness's key."),
        ):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("--key", metavar="PEM", type=Path, required=True)
            sub.add_argument("--name", required=True, help="The witness's name, e.g. witness.example.org/w1.")
        cosign = actions.add_parser(
            "cosign",
            help="Verify a checkpoint (a tlog-witness request, or a checkpoint note with --tiles) and write "
            "it cosigned; refuse, saying why, when it does not extend the last one cosigned.",
        )
        cosign.add_argument("checkpoint", metavar="FILE", type=Path)
        cosign.add_argument("--key", metavar="PEM", type=Path, required=True, help="The witness's key.")
        cosign.add_argument("--name", required=True, help="The witness's name (as in its verifier key).")
        cosign.add_argument(
            "--state", metavar="DIR", type=Path, required=True, help="The witness's own folder."
        )
        cosign.add_argument(
            "--log-key",
            metavar="LOGKEY",
            action="append",
            required=True,
            help="The log's public key: a PEM file, or a C2SP verifier key (string or file) (repeatable).",
        )
        cosign.add_argument(
            "--tiles",
            metavar="URL_OR_DIR",
            help="Compute the consistency proof from these tiles, for a plain checkpoint note.",
        )
        cosign.add_argument(
            "--token-file", metavar="FILE", type=Path, help="An auditor's API key for --tiles."
        )
        cosign.add_argument(
            "--out", metavar="FILE", type=Path, help="Write the cosigned note here (default: stdout)."
        )

    def handle(self, *args: Any, action: str, key: Path, name: str, **options: Any) -> None:
        try:
            private_key = create_private_key(key) if action == "init" else read_private_key(key)
            if action == "cosign":
                self._cosign(private_key=private_key, name=name, **options)
                return
            self.stdout.write(cosignature_verifier_key(name, private_key.public_key()))
        except (ValueError, NoteError) as exc:
            raise CommandError(str(exc)) from exc

    def _cosign(
        self,
        *,
        private_key: Any,
        name: str,
        checkpoint: Path,
        state: Path,
        log_key: list[str],
        tiles: str | None,
        token_file: Path | None,
        out: Path | None,
        **options: Any,
    ) -> None:
        try:
            text = checkpoint.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{checkpoint} cannot be read: {exc}") from exc
        if text.startswith("old "):
            request = parse_witness_request(text)
            note, proof_from = request.checkpoint_note, proof_of_request(request.old_size, request.proof)
        elif tiles is not None:
            note = text
            source = source_for(tiles, auditor_token(token_file))
            claimed = parse_checkpoint(parse_note(note).text)
            proof_from = _proof_from_tiles(source, claimed)
        else:
            note, proof_from = text, _no_proof

        try:
            cosigned = witness_checkpoint(
                state=LogState(state),
                note=note,
                log_keys=log_public_keys(log_key),
                proof_from=proof_from,
                name=name,
                key=private_key,
                timestamp=int(time.time()),
            )
        except (WitnessRefusal, UncheckableError) as exc:
            raise CommandError(f"REFUSED: {exc}") from exc
        since = f"from size {cosigned.previous.size}" if cosigned.previous else "first checkpoint of this log"
        summary = f"cosigned {cosigned.checkpoint.origin} at size {cosigned.checkpoint.size} ({since})"
        if out is None:
            self.stdout.write(cosigned.note, ending="")
            self.stderr.write(summary)
            return
        out.write_text(cosigned.note, encoding="utf-8")
        self.stdout.write(f"{summary}; wrote {out}")
