from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "werkroute.api"
    label = "api"

    def ready(self) -> None:
        from werkroute.api import notifications

        notifications.connect()
