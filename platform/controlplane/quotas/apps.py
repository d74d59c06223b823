from django.apps import AppConfig


class QuotasConfig(AppConfig):
    name = "controlplane.quotas"
    label = "quotas"
    verbose_name = "Quotas, rate limits and usage"

    def ready(self) -> None:
        from controlplane.quotas import receivers

        receivers.connect()
