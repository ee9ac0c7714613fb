"""The intervention an activity carries out, on the client's timeline (built on ``cases.events.emit``).
The event is the audit entry of the link too, and it takes the link into the access-request export with
the rest of the timeline. The intervention's name is kept with the event: it is the catalogue's public
text, not client data, and the timeline should read the same after the catalogue changes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from werkroute.cases import events

if TYPE_CHECKING:
    from werkroute.accounts.models import User
    from werkroute.cases.models import Activity, TimelineEvent
    from werkroute.knowledge.models import Intervention


class Kind:
    ACTIVITY_INTERVENTION_LINKED = "activity_intervention_linked"


def activity_intervention_linked(
    activity: Activity, intervention: Intervention | None, actor: User | None
) -> TimelineEvent:
    return events.emit(
        activity.client,
        Kind.ACTIVITY_INTERVENTION_LINKED,
        dt.date.today(),
        actor,
        activity_id=activity.pk,
        intervention_id=intervention.pk if intervention else None,
        intervention=intervention.name if intervention else "",
    )


def _describe_linked(event: TimelineEvent) -> str:
    if not event.data.get("intervention_id"):
        return _("Activiteit voert geen interventie uit de kennisbank meer uit")
    return _("Activiteit voert de interventie %(intervention)s uit") % {
        "intervention": event.data["intervention"]
    }


events.register(Kind.ACTIVITY_INTERVENTION_LINKED, _describe_linked, None)
