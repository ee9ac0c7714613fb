from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "werkroute.privacy"
    label = "privacy"
