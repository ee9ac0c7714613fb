"""Signals on the client's timeline: raising, snoozing, reopening, resolving and dismissing are each one
typed event (built on ``cases.events.emit``). They belong with the municipality's own notes: a partner
who sees the file does not see the caseworker's work list."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from werkroute.accounts.policies import Section
from werkroute.cases import events
from werkroute.cases.models import ActivityType
from werkroute.followup.models import PartnerOutcome
from werkroute.followup.rules import BY_CODE

if TYPE_CHECKING:
    from werkroute.accounts.models import User
    from werkroute.cases.models import TimelineEvent
    from werkroute.followup.models import CheckIn, PartnerReport, Signal


class Kind:
    SIGNAL_RAISED = "signal_raised"
    SIGNAL_SNOOZED = "signal_snoozed"
    SIGNAL_REOPENED = "signal_reopened"
    SIGNAL_RESOLVED = "signal_resolved"
    SIGNAL_DISMISSED = "signal_dismissed"
    AFTER_CARE_STARTED = "after_care_started"
    CHECK_IN_RECORDED = "after_care_check_in_recorded"
    PARTNER_REPORTED = "partner_reported"


SIGNAL_KINDS = frozenset(
    {
        Kind.SIGNAL_RAISED,
        Kind.SIGNAL_SNOOZED,
        Kind.SIGNAL_REOPENED,
        Kind.SIGNAL_RESOLVED,
        Kind.SIGNAL_DISMISSED,
    }
)
AFTER_CARE_KINDS = frozenset({Kind.AFTER_CARE_STARTED, Kind.CHECK_IN_RECORDED, Kind.PARTNER_REPORTED})
# Kinds the sweep writes itself: they do not trigger another refresh of the client's signals.
ALL_KINDS = SIGNAL_KINDS | frozenset({Kind.AFTER_CARE_STARTED})


def signal_event_data(signal_id: int, rule: str, subject: str) -> dict[str, Any]:
    """The data of a signal's event: the sweep writes its events as rows with this, in bulk."""
    return {"signal_id": signal_id, "rule": rule, "subject": subject}


def signal_event(
    signal: Signal, kind: str, on: dt.date, actor: User | None, *, save: bool = True, **extra: Any
) -> TimelineEvent:
    """One change of ``signal``. The services audit each change themselves (the sweep once per rule and
    run), so the event is not audited a second time."""
    return events.emit(
        signal.client,
        kind,
        on,
        actor,
        save=save,
        audited=False,
        **signal_event_data(signal.pk, signal.rule, signal.subject),
        **extra,
    )


def after_care_started_data(after_care_id: int, episode_id: int) -> dict[str, Any]:
    """The data of the event that after-care started, dated on the start of the work: the sweep writes
    these events as rows, in bulk (and audits its run)."""
    return {"after_care_id": after_care_id, "episode_id": episode_id}


def check_in_recorded(check_in: CheckIn, actor: User | None) -> TimelineEvent:
    """Audited by ``services.record_check_in`` with the outcome."""
    return events.emit(
        check_in.after_care.client,
        Kind.CHECK_IN_RECORDED,
        check_in.done_on or dt.date.today(),
        actor,
        audited=False,
        check_in_id=check_in.pk,
        months=check_in.months,
        still_in_work=check_in.still_in_work,
    )


def partner_reported(report: PartnerReport, actor: User | None) -> TimelineEvent:
    """Audited by ``services.report_back``."""
    return events.emit(
        report.activity.client,
        Kind.PARTNER_REPORTED,
        report.period_end,
        actor,
        audited=False,
        report_id=report.pk,
        activity_id=report.activity_id,
        activity_type=report.activity.activity_type,
        attended=report.sessions_attended,
        planned=report.sessions_planned,
        outcome=report.outcome,
    )


def _describe_after_care(event: TimelineEvent) -> str:
    if event.kind == Kind.PARTNER_REPORTED:
        data = event.data
        return _(
            "Terugmelding aanbieder: %(type)s, %(attended)s van %(planned)s keer aanwezig, %(outcome)s"
        ) % {
            "type": _choice(ActivityType, data["activity_type"]),
            "attended": data["attended"],
            "planned": data["planned"],
            "outcome": _choice(PartnerOutcome, data["outcome"]),
        }
    if event.kind == Kind.AFTER_CARE_STARTED:
        return _("Nazorg gestart: contact na 1, 3, 6 en 12 maanden")
    text = _("Nazorgcontact na %(months)s maanden") % {"months": event.data["months"]}
    if event.data.get("still_in_work") is False:
        text += " — " + _("niet meer aan het werk")
    return text


def _choice(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _rule_name(event: TimelineEvent) -> str:
    rule = BY_CODE.get(event.data.get("rule", ""))
    return str(rule.name) if rule else event.data.get("rule", "")


def _describe(event: TimelineEvent) -> str:
    name = _rule_name(event)
    match event.kind:
        case Kind.SIGNAL_RAISED:
            return _("Signaal: %(rule)s") % {"rule": name}
        case Kind.SIGNAL_SNOOZED:
            return _("Signaal uitgesteld tot %(until)s: %(rule)s") % {
                "rule": name,
                "until": dt.date.fromisoformat(event.data["until"]).strftime("%d-%m-%Y"),
            }
        case Kind.SIGNAL_REOPENED:
            return _("Signaal weer open na uitstel: %(rule)s") % {"rule": name}
        case Kind.SIGNAL_RESOLVED:
            return _("Signaal opgelost: %(rule)s") % {"rule": name}
        case Kind.SIGNAL_DISMISSED:
            return _("Signaal afgewezen: %(rule)s") % {"rule": name}
    return event.kind


for _kind in SIGNAL_KINDS:
    events.register(_kind, _describe, Section.NOTES)
# After-care is part of the guidance itself, seen by whoever sees the file.
for _kind in AFTER_CARE_KINDS:
    events.register(_kind, _describe_after_care, None)
