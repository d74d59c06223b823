"""`assay audit`, with the image proofs: `prove --image ID` and `verify-proof IMAGE PROOF --key LOGKEY`.

audit depends on nothing of the project, so its own `audit` command cannot read images or C2PA
manifests; this one extends it. Django resolves a command name to the first installed app that has it,
and the control plane's apps come before `audit` in INSTALLED_APPS, so `assay audit` is this command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from audit.management.commands.audit import Command as AuditCommand
from audit.management.commands.audit import _trusted_keys
from foundation.errors import ServiceError
from generation.log_proofs import image_proof, parse_log_key, verify_image_proof
from generation.models import GeneratedImage
from provenance.errors import ProvenanceError
from provenance.services import verify


class Command(AuditCommand):
    help = AuditCommand.help + " Prove an image's generation record and verify such a proof offline."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        actions = next(action for action in parser._actions if action.dest == "action")
        prove = actions.add_parser(
            "prove", help="Write the tlog-proof of an image's generation event (newest log checkpoint)."
        )
        prove.add_argument("--image", metavar="ID", required=True, help="The image's public id (img_...).")
        prove.add_argument("--out", metavar="FILE", type=Path, help="Write the proof here (default: stdout).")
        verify_proof = actions.add_parser(
            "verify-proof",
            help="Check offline that an image's generation record is in its log: C2PA manifest, leaf, "
            "inclusion, checkpoint signature (no database access).",
        )
        verify_proof.add_argument("image", metavar="IMAGE", type=Path)
        verify_proof.add_argument("proof", metavar="PROOF", type=Path)
        verify_proof.add_argument(
            "--key",
            metavar="LOGKEY",
            required=True,
            help="The log's public key: a C2SP verifier key string, or a file holding one or a PEM key.",
        )
        verify_proof.add_argument(
            "--signer",
            metavar="CHAIN",
            type=Path,
            help="The installation's C2PA signing chain, leaf first (GET /v1/verify/signing-chain): the "
            "manifest must be signed by that leaf. Default: this installation's own signing certificates.",
        )
        verify_proof.add_argument(
            "--witness",
            metavar="VKEY",
            action="append",
            default=[],
            help="A witness's cosignature verifier key that must have cosigned the checkpoint (repeatable).",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "prove":
            self._prove(**options)
        elif action == "verify-proof":
            self._verify_proof(**options)
        else:
            super().handle(*args, action=action, **options)

    def _prove(self, *, image: str, out: Path | None, **options: Any) -> None:
        row = GeneratedImage.objects.select_related("tenant").filter(public_id=image).first()
        if row is None:
            raise CommandError(f"no image {image!r}")
        try:
            proof = image_proof(row, list(_trusted_keys(None).keys.values()))
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        if out is None:
            self.stdout.write(proof, ending="")
            return
        out.write_text(proof, encoding="utf-8")
        self.stdout.write(f"wrote the proof of image {image} to {out}")

    def _verify_proof(
        self, *, image: Path, proof: Path, key: str, signer: Path | None, witness: list[str], **options: Any
    ) -> None:
        try:
            data = image.read_bytes()
            proof_text = proof.read_text(encoding="utf-8")
            key_text = Path(key).read_text(encoding="utf-8") if Path(key).is_file() else key
            key_name, public_keys = parse_log_key(key_text)
            chain = signer.read_bytes() if signer is not None else None
            manifest = verify(data, signer_chain_pem=chain)["c2pa"]
        except (OSError, UnicodeDecodeError, ValueError, ProvenanceError) as exc:
            raise CommandError(str(exc)) from exc
        result = verify_image_proof(manifest, proof_text, public_keys, key_name=key_name, witnesses=witness)
        for name, passed, detail in result.checks:
            self.stdout.write(f"{'OK    ' if passed else 'FAILED'}  {name}: {detail}")
        if not result.ok:
            raise CommandError(f"proof verification failed: {result.failed}")
        self.stdout.write("proof verified")
