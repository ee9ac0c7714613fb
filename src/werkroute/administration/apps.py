from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "werkroute.administration"
    label = "administration"
    verbose_name = "Beheer"

    def ready(self) -> None:
        from werkroute.administration import signals  # noqa: F401  (records account changes in the chain)
