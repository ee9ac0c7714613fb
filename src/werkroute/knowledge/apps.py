from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "werkroute.knowledge"
    label = "knowledge"

    def ready(self) -> None:
        # Registers how a linked intervention reads on the client's timeline (cases cannot import knowledge).
        from django.utils.translation import gettext_lazy as _

        from werkroute.knowledge import events  # noqa: F401
        from werkroute.knowledge.models import ActivityIntervention
        from werkroute.placements import access_export

        access_export.register(
            "activity_interventions",
            title=_("Werkwijzen die uw activiteiten uitvoeren"),
            model=ActivityIntervention,
            path="activity__client",
        )
