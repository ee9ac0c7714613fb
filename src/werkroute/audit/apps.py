from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "werkroute.audit"
    label = "audit"

    def ready(self) -> None:
        from werkroute.audit import signals  # noqa: F401  (login and failed-login entries)
