from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "werkroute.core"
    label = "core"
