from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foundation.cli import cli_actor
from generation import catalog
from generation.models import Backend, ImageModel, Mode
from generation.shapes import cli as shapes_cli


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


class Command(BaseCommand):
    help = "The model catalog: build the tiny development model, register models, list them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        tiny = sub.add_parser("make-tiny", help="build and register a tiny random model (tests and demo)")
        tiny.add_argument("--name", default="assay-tiny")
        tiny.add_argument("--seed", type=int, default=0)
        tiny.add_argument("--if-missing", action="store_true", help="do nothing when any model is enabled")
        register = sub.add_parser("register", help="add or update a catalog entry")
        register.add_argument("--name", required=True)
        register.add_argument("--backend", required=True, choices=Backend.values)
        register.add_argument("--family", required=True, help="sd15, sdxl, openai, ...")
        register.add_argument("--license", required=True)
        register.add_argument("--capabilities", default=",".join(Mode.values))
        register.add_argument(
            "--sizes", default="512x512", help='comma-separated "WxH"; the first is the default'
        )
        register.add_argument(
            "--folder", default="", help="diffusers folder, under ASSAY_MODELS_DIR or absolute"
        )
        register.add_argument("--provider-model", default="")
        register.add_argument("--max-n", type=int, default=10)
        register.add_argument("--steps", type=int, default=None)
        register.add_argument("--guidance", type=float, default=None)
        register.add_argument("--description", default="")
        sub.add_parser("list", help="list the catalog")
        sub.add_parser("ensure-shipped", help="register assay-shapes-1, the model Assay ships, if absent")
        shapes_cli.add_arguments(
            sub.add_parser("train-shapes", help="train assay-shapes-1 (see generation.shapes)")
        )

    def handle(self, *args: object, action: str, **options: object) -> None:
        if action == "train-shapes":
            from generation.shapes import train  # imports torch: only this subcommand pays for it

            train.run_from_options(options, log=self.stdout.write)
            return
        if action == "list":
            for model in ImageModel.objects.order_by("name"):
                state = "enabled" if model.is_enabled else "disabled"
                self.stdout.write(
                    f"{model.name}\t{model.backend}\t{state}\t{','.join(model.capabilities)}\t{','.join(model.sizes)}"
                )
            return
        if action == "ensure-shipped":
            model = catalog.shipped_model_ensure(actor=cli_actor())
            self.stdout.write(
                f"registered {model.name}" if model else f"{catalog.SHIPPED_MODEL} already registered"
            )
            return
        try:
            if action == "make-tiny":
                if options["if_missing"] and ImageModel.objects.filter(is_enabled=True).exists():
                    self.stdout.write("a model is already enabled; nothing to build")
                    return
                model = catalog.tiny_model_build(
                    name=str(options["name"]), seed=int(options["seed"]), actor=cli_actor()
                )
            else:
                model = catalog.model_register(
                    name=str(options["name"]),
                    backend=str(options["backend"]),
                    family=str(options["family"]),
                    license=str(options["license"]),
                    capabilities=_csv(str(options["capabilities"])),
                    sizes=_csv(str(options["sizes"])),
                    folder=str(options["folder"]),
                    provider_model=str(options["provider_model"]),
                    max_n=int(options["max_n"]),
                    default_steps=options["steps"],
                    default_guidance=options["guidance"],
                    description=str(options["description"]),
                    actor=cli_actor(),
                )
        except catalog.CatalogError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"registered {model.name} ({model.backend}, {model.weights_sha256 or 'no local weights'})"
        )
