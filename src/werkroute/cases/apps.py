from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "werkroute.cases"
    label = "cases"
