from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "werkroute.placements"
    label = "placements"
