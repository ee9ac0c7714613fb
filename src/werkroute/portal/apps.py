from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "werkroute.portal"
    label = "portal"
