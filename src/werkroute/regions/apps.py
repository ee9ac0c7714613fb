from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "werkroute.regions"
    label = "regions"
