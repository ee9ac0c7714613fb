"""One warm handover waiting in the demo: a client of a smaller municipality moved to the centre
municipality, whose caseworker (the first demo account) finds it under "Overdrachten" to accept."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef

from werkroute.cases import handovers
from werkroute.cases.models import Handover, HandoverGround, HandoverLegalBasis, Intake
from werkroute.demo.region import DemoRegion, demo_clients

NOTE = (
    "Klant verhuist naar een woning in uw gemeente. Brede intake gedaan; Nederlands op A2 en vooruit "
    "gaand. Loopt een taaltraject bij de regionale aanbieder, dat kan doorlopen. Wil graag in de zorg "
    "werken; een oriëntatie is besproken maar nog niet gepland. Afspraken staan in het PIP."
)


def send_demo_handover(demo: DemoRegion, today: dt.date) -> Handover | None:
    """Hand one client over to the centre municipality (``None`` when the demo has no fitting client)."""
    centre = demo.region.centre_municipality or demo.municipalities[0]
    client = (
        demo_clients()
        .exclude(municipality=centre)
        .filter(Exists(Intake.objects.filter(client=OuterRef("pk"))))
        .exclude(handovers__isnull=False)
        .select_related("caseworker", "municipality")
        .order_by("municipality__name", "last_name", "pk")
        .first()
    )
    if client is None or client.caseworker is None:
        return None
    return handovers.send_handover(
        client.caseworker,
        client,
        {
            "to_municipality": centre,
            "moved_on": today + dt.timedelta(days=14),
            "ground": HandoverGround.LEGAL_BASIS,
            "legal_basis": HandoverLegalBasis.WET_INBURGERING_2021,
            "note": NOTE,
        },
        today=today,
    )
