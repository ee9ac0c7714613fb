"""The referral on the client's timeline: every step is a typed event, as intake, plan and activity steps
are (built on ``cases.events.emit``). Each step is audited by its service in ``placements.services``, so
these events are not audited a second time. The placement's title is kept with the event: it is the
employer's public offer, not client data, and the timeline should read the same after the offer closes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from werkroute.accounts.policies import Section
from werkroute.cases import events
from werkroute.placements.models import DeclineReason, ReferralStatus

if TYPE_CHECKING:
    from werkroute.accounts.models import User
    from werkroute.cases.models import TimelineEvent
    from werkroute.placements.models import Referral


class Kind:
    REFERRAL_PROPOSED = "referral_proposed"
    REFERRAL_STATUS_CHANGED = "referral_status_changed"


def referral_proposed(referral: Referral, actor: User | None, *, save: bool = True) -> TimelineEvent:
    return events.emit(
        referral.client,
        Kind.REFERRAL_PROPOSED,
        referral.proposed_on,
        actor,
        save=save,
        audited=False,
        referral_id=referral.pk,
        placement_id=referral.placement_id,
        placement=referral.placement.title,
        while_in_work=referral.proposed_while_in_work,
    )


def referral_status_changed(
    referral: Referral, actor: User | None, old: str, on: dt.date, *, save: bool = True
) -> TimelineEvent:
    data = {
        "referral_id": referral.pk,
        "placement_id": referral.placement_id,
        "placement": referral.placement.title,
        "old": old,
        "new": referral.status,
    }
    if referral.status == ReferralStatus.DECLINED:
        data["reason"] = referral.decline_reason
    return events.emit(
        referral.client, Kind.REFERRAL_STATUS_CHANGED, on, actor, save=save, audited=False, **data
    )


def _label(choices: type, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _describe_proposed(event: TimelineEvent) -> str:
    text = _("Voorgedragen voor %(placement)s") % {"placement": event.data["placement"]}
    if event.data.get("while_in_work"):
        text += " " + _("(terwijl in betaald werk)")
    return text


def _describe_status_changed(event: TimelineEvent) -> str:
    data = event.data
    text = _("Voordracht %(placement)s: %(old)s → %(new)s") % {
        "placement": data["placement"],
        "old": _label(ReferralStatus, data["old"]),
        "new": _label(ReferralStatus, data["new"]),
    }
    if data.get("reason"):
        text += " — " + _label(DeclineReason, data["reason"])
    return text


# Referrals are shown on the caseworker's pages only; the timeline keeps them from whoever else sees the file.
events.register(Kind.REFERRAL_PROPOSED, _describe_proposed, Section.REFERRALS)
events.register(Kind.REFERRAL_STATUS_CHANGED, _describe_status_changed, Section.REFERRALS)
