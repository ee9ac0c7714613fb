from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "werkroute.taxonomy"
    label = "taxonomy"
