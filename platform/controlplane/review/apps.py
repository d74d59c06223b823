from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "controlplane.review"
    label = "review"
    verbose_name = "Human review"

    def ready(self) -> None:
        from controlplane.review import receivers

        receivers.connect()
