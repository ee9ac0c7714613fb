from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "werkroute.accounts"
    label = "accounts"

    def ready(self) -> None:
        from werkroute.accounts import checks, signals  # noqa: F401  (registers the check and the signals)
