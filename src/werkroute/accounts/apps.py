from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "werkroute.accounts"
    label = "accounts"

    def ready(self) -> None:
        from werkroute.accounts import checks  # noqa: F401  (registers the system check)
