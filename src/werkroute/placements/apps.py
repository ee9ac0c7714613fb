from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "werkroute.placements"
    label = "placements"

    def ready(self) -> None:
        # Registers how referral steps read on the client's timeline (cases cannot import placements).
        from werkroute.placements import events  # noqa: F401
