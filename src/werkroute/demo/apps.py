from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "werkroute.demo"
    label = "demo"
