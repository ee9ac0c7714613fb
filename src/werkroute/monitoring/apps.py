from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "werkroute.monitoring"
    label = "monitoring"
