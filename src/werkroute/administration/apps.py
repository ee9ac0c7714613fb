from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "werkroute.administration"
    label = "administration"
    verbose_name = "Beheer"
