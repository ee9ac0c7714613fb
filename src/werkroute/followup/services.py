"""Every write of the follow-up app: the sweep's runs, and a caseworker snoozing or dismissing a signal.

A signal is resolved by doing what it asks (planning the activity, recording the intake…): the change of
the file triggers :func:`refresh_client`, which finds the rule no longer holds. Snoozing and dismissing
need a reason; each change is a timeline event and an audit entry.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from werkroute.accounts.models import User
from werkroute.accounts.policies import Purpose, partner_organisation_ids
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases import services as cases_services
from werkroute.cases.models import Activity, ConsentScope
from werkroute.followup import events, sweep, workflow
from werkroute.followup.models import (
    AfterCare,
    CheckIn,
    DigestSent,
    PartnerReport,
    Signal,
    SignalStatus,
    SweepRun,
    signals_changed,
)
from werkroute.followup.rules import BY_CODE

logger = logging.getLogger(__name__)

# Longer than this is not a snooze but a dismissal.
MAX_SNOOZE_DAYS = 183


def run_sweep(today: dt.date | None = None) -> sweep.SweepResult:
    """The whole sweep, recorded as a run so that an interrupted one is noticed (see ``tasks``)."""
    run = SweepRun.objects.create()
    result = sweep.sweep(today)
    SweepRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(),
        changes={"raised": result.raised, "resolved": result.resolved, "reopened": result.reopened},
    )
    # Older interrupted runs are done now too.
    SweepRun.objects.filter(finished_at__isnull=True, started_at__lte=run.started_at).update(
        finished_at=timezone.now()
    )
    logger.info("sweep_finished", extra={"changed": result.changed})
    return result


@transaction.atomic
def claim_interrupted_sweep() -> bool:
    """Whether an unfinished run exists that nobody has queued again yet; claims it when so."""
    interrupted = SweepRun.objects.filter(finished_at__isnull=True, resumed=False)
    return interrupted.update(resumed=True) > 0


def refresh_client(
    client_id: Any, *, resolved_by: str = "", today: dt.date | None = None
) -> sweep.SweepResult:
    """Bring one client's signals in line with the rules, after a change of the file of kind
    ``resolved_by`` (which, when it makes a signal's rule stop holding, is what resolved it)."""
    return sweep.sweep(today, client_ids=[client_id], resolved_by=resolved_by)


def _transition(
    actor: User, signal: Signal, new: str, *, today: dt.date, note: str, until: dt.date | None = None
) -> Signal:
    current = Signal.objects.select_for_update().get(pk=signal.pk)
    if not workflow.is_allowed(current.status, new):
        raise ValidationError(
            _("Dit signaal is intussen %(status)s; er is niets gewijzigd.")
            % {"status": SignalStatus(current.status).label}
        )
    old = current.status
    current.status, current.note, current.changed_by = new, note, actor
    current.snoozed_until = until
    if new == SignalStatus.DISMISSED:
        current.closed_on = today
    current.save(update_fields=["status", "note", "changed_by", "snoozed_until", "closed_on", "updated_at"])
    signals_changed.send(sender=Signal, client_ids=[current.client_id])
    kind = events.Kind.SIGNAL_SNOOZED if new == SignalStatus.SNOOZED else events.Kind.SIGNAL_DISMISSED
    extra: dict[str, Any] = {"until": until.isoformat()} if until else {}
    events.signal_event(current, kind, today, actor, **extra)
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        object_type="signal",
        object_id=current.pk,
        client_id=current.client_id,
        # The reason is free text: named, not copied (as for notes).
        changes={"rule": current.rule, "old": old, "new": new, "changed": ["note"], **extra},
        purpose=Purpose.CASE_WORK,
    )
    return current


def _reason(note: str) -> str:
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Geef een reden op.")})
    return note


@transaction.atomic
def snooze_signal(
    actor: User, signal: Signal, *, until: dt.date, note: str, today: dt.date | None = None
) -> Signal:
    """Put an open signal aside until ``until`` (inclusive), with a reason; the sweep opens it again the
    day after, if the rule still holds."""
    today = today or dt.date.today()
    note = _reason(note)
    if until <= today:
        raise ValidationError({"until": _("Kies een datum na vandaag.")})
    if until > today + dt.timedelta(days=MAX_SNOOZE_DAYS):
        raise ValidationError(
            {"until": _("Langer dan een half jaar uitstellen kan niet; wijs het signaal dan af.")}
        )
    return _transition(actor, signal, SignalStatus.SNOOZED, today=today, note=note, until=until)


@transaction.atomic
def dismiss_signal(actor: User, signal: Signal, *, note: str, today: dt.date | None = None) -> Signal:
    """Close a signal that does not apply, with a reason. The same cause is not raised again; a new
    cause (another deadline) is."""
    return _transition(
        actor, signal, SignalStatus.DISMISSED, today=today or dt.date.today(), note=_reason(note)
    )


def send_digests(today: dt.date | None = None) -> int:
    """Mail every active caseworker with open signals the counts per rule and a link to the start page;
    no names or other personal data. Once a day per person (``DigestSent``), so a rerun sends nothing
    twice. Returns the number of mails sent."""
    today = today or dt.date.today()
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Signal.objects.filter(status=SignalStatus.OPEN, client__caseworker__is_active=True)
        .values_list("client__caseworker_id", "rule")
        .annotate(number=Count("pk"))
    )
    for user_id, rule, number in rows:
        counts.setdefault(user_id, {})[rule] = number
    already = set(DigestSent.objects.filter(sent_on=today).values_list("user_id", flat=True))
    link = settings.WERKROUTE_SITE_URL.rstrip("/") + reverse("cases:caseload")
    sent = 0
    for user in User.objects.filter(pk__in=set(counts) - already).exclude(email=""):
        with transaction.atomic():
            _digest, created = DigestSent.objects.get_or_create(user=user, sent_on=today)
            if not created:
                continue
            per_rule = counts[user.pk]
            with translation.override(settings.LANGUAGE_CODE):
                lines = [
                    f"- {BY_CODE[code].name if code in BY_CODE else code}: {number}"
                    for code, number in sorted(per_rule.items())
                ]
                body = "\n".join(
                    [
                        _("U heeft %(count)s open signalen in Werkroute:")
                        % {"count": sum(per_rule.values())},
                        "",
                        *lines,
                        "",
                        _("Bekijk ze op uw startpagina: %(link)s") % {"link": link},
                    ]
                )
                subject = _("Werkroute: %(count)s open signalen") % {"count": sum(per_rule.values())}
            send_mail(subject, body, None, [user.email])
        sent += 1
    return sent


@transaction.atomic
def record_check_in(
    actor: User, check_in: CheckIn, values: dict[str, Any], today: dt.date | None = None
) -> CheckIn:
    """Record an after-care check-in with its outcome. Where the work changed, the labour episodes say
    so (through the case file's services): no longer in work ends the spell on the day given (the check-in's by default); other hours or another contract end the spell the day before
    the check-in and start a new one."""
    today = today or dt.date.today()
    check_in = (
        CheckIn.objects.select_for_update().select_related("after_care__episode__client").get(pk=check_in.pk)
    )
    if check_in.done_on is not None:
        raise ValidationError(_("Dit nazorgcontact is al vastgelegd."))
    done_on: dt.date = values["done_on"]
    if done_on > today:
        raise ValidationError({"done_on": _("De datum ligt in de toekomst.")})
    episode = check_in.after_care.current_episode
    if episode is None:
        raise ValidationError(_("Het werk van deze nazorg staat niet meer in het dossier."))
    if done_on < episode.start_date:
        raise ValidationError({"done_on": _("De datum ligt vóór de start van het werk.")})
    still_in_work = values["still_in_work"]
    hours, contract = values.get("hours_per_week"), values.get("contract_type") or ""
    if still_in_work and not hours:
        raise ValidationError({"hours_per_week": _("Vul het aantal uur per week in.")})
    if episode.end_date is None:
        if not still_in_work:
            cases_services.end_labour_episode(
                actor, episode, values.get("work_ended_on") or done_on, today=today
            )
        elif done_on > episode.start_date and (
            hours != episode.hours_per_week or (contract and contract != episode.contract_type)
        ):
            # The same job on other terms: the old spell ends the day before, a new one starts.
            cases_services.end_labour_episode(actor, episode, done_on - dt.timedelta(days=1), today=today)
            new = cases_services.record_labour_episode(
                actor,
                episode.client,
                {
                    "kind": episode.kind,
                    "start_date": done_on,
                    "hours_per_week": hours,
                    "contract_type": contract or episode.contract_type,
                    "employer_name": episode.employer_name,
                },
                today=today,
            )
            # The after-care goes on with the job, now on its new terms.
            AfterCare.objects.filter(pk=check_in.after_care_id).update(current_episode=new)
    check_in.done_on, check_in.still_in_work = done_on, still_in_work
    check_in.hours_per_week, check_in.contract_type = hours, contract
    check_in.needs_support, check_in.recorded_by = values.get("needs_support"), actor
    check_in.save()
    events.check_in_recorded(check_in, actor)
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        object_type="after_care_check_in",
        object_id=check_in.pk,
        client_id=episode.client_id,
        changes={
            "months": check_in.months,
            "still_in_work": still_in_work,
            "hours_per_week": hours,
            "contract_type": contract,
            "needs_support": check_in.needs_support,
        },
        purpose=Purpose.CASE_WORK,
    )
    return check_in


@transaction.atomic
def report_back(
    actor: User,
    activity: Activity,
    organisation_id: int,
    values: dict[str, Any],
    today: dt.date | None = None,
) -> PartnerReport:
    """A partner's report on an activity it runs. Refused unless the activity is run by ``organisation_id``,
    the actor works there as partner worker, and the client's consent to share the file with it holds
    today (checked here, at the moment of the write, not only when the page was opened)."""
    today = today or dt.date.today()
    if organisation_id not in partner_organisation_ids(actor) or activity.provider_id != organisation_id:
        raise PermissionDenied
    cases_services.require_consent(
        actor, activity.client, ConsentScope.SHARE_FILE_WITH_PARTNER, organisation=activity.provider, on=today
    )
    if values["period_end"] > today:
        raise ValidationError({"period_end": _("De datum ligt in de toekomst.")})
    if values["period_end"] < activity.start_date:
        raise ValidationError({"period_end": _("De datum ligt vóór de start van de activiteit.")})
    if values["sessions_attended"] > values["sessions_planned"]:
        raise ValidationError({"sessions_attended": _("Meer aanwezig dan gepland kan niet.")})
    report = PartnerReport.objects.create(
        activity=activity, organisation_id=organisation_id, reported_by=actor, **values
    )
    events.partner_reported(report, actor)
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        object_type="partner_report",
        object_id=report.pk,
        client_id=activity.client_id,
        changes={
            "activity_id": activity.pk,
            "organisation_id": organisation_id,
            "period_end": values["period_end"],
            "sessions_planned": values["sessions_planned"],
            "sessions_attended": values["sessions_attended"],
            "outcome": values["outcome"],
        },
        purpose=Purpose.PARTNER_SHARE,
    )
    return report
