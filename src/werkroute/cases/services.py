"""Every write to the case file. Views and commands call these; nothing else saves case models.

Services receive objects already scoped by a selector (so the actor may see them) and re-check what a
form cannot guarantee: business rules across records, state transitions and concurrent edits. Rule
violations raise ``ValidationError`` with a Dutch message, keyed by field where one field is at fault.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import formats
from django.utils.translation import gettext as _

from werkroute.accounts.models import User
from werkroute.accounts.policies import (
    PARTNER_ORGANISATION_KINDS,
    case_municipality_ids,
    case_worker_filter,
    may_override_consent,
)
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases import events, workflow
from werkroute.cases.models import (
    Activity,
    ActivityStatus,
    Client,
    Consent,
    ConsentScope,
    Education,
    EpisodeKind,
    Intake,
    LabourEpisode,
    Note,
    PlanGoal,
    PlanVersion,
    TargetGroup,
    WorkExperience,
    newest_learning_route,
)
from werkroute.cases.models.clients import REGISTRATION_FIELDS
from werkroute.core.crypto import lookup_hash
from werkroute.core.models import StaleObjectError
from werkroute.core.services import save_versioned
from werkroute.core.values import birth_date_problem, validate_date_of_birth
from werkroute.regions.models import Organisation


def _validate_client_dates(values: dict[str, Any], today: dt.date) -> None:
    errors: dict[str, str] = {}
    permit, registration, birth = (
        values.get("permit_date"),
        values.get("registration_date"),
        values["date_of_birth"],
    )
    if permit and permit > today:
        errors["permit_date"] = _("De datum van de verblijfsvergunning ligt in de toekomst.")
    if registration and registration > today:
        errors["registration_date"] = _("De datum van inschrijving ligt in de toekomst.")
    if permit and registration and registration < permit:
        errors["registration_date"] = _("De inschrijving kan niet vóór de verblijfsvergunning liggen.")
    linked = values.get("linked_on")
    if linked and linked > today:
        errors["linked_on"] = _("De datum van de koppeling ligt in de toekomst.")
    elif permit and linked and linked < permit:
        errors["linked_on"] = _("De koppeling aan de gemeente kan niet vóór de verblijfsvergunning liggen.")
    if not registration and not linked:
        errors["registration_date"] = _(
            "Vul de datum van inschrijving in, of de datum van koppeling als de klant nog in het AZC woont."
        )
    try:
        validate_date_of_birth(birth, today)
    except ValidationError as error:
        errors["date_of_birth"] = error.messages[0]
    else:
        if permit and birth > permit:
            errors["date_of_birth"] = _("De geboortedatum ligt na de datum van de verblijfsvergunning.")
        elif problem := birth_date_problem(birth, registration or linked or today):
            errors["date_of_birth"] = problem
    target_group = values.get("target_group")
    if target_group is not None and target_group.code == "statushouder" and not permit:
        errors["permit_date"] = _("Vul de datum van de verblijfsvergunning in; die bepaalt het cohort.")
    if errors:
        raise ValidationError(errors)


MAX_HOURS_PER_WEEK = 60


def _future_end_message() -> str:
    return _("Een einddatum in de toekomst kan nog niet; beëindig de periode als het zover is.")


def _lock(client: Client) -> None:
    """Serialise writes that check rules across a client's records (numbers, overlaps, one intake)."""
    Client.objects.select_for_update().filter(pk=client.pk).exists()


def _check_municipality(actor: User, municipality_id: int) -> None:
    if municipality_id not in case_municipality_ids(actor):
        raise PermissionDenied


def _check_caseworker(values: dict[str, Any]) -> None:
    caseworker = values.get("caseworker")
    municipality_ids = {values["municipality"].pk}
    if (
        caseworker is not None
        and not User.objects.filter(case_worker_filter(municipality_ids), pk=caseworker.pk).exists()
    ):
        raise ValidationError(
            {"caseworker": _("Deze persoon is geen klantmanager of teamleider van de gekozen gemeente.")}
        )


def _audit_value(field: str, value: Any) -> Any:
    """A value as the audit log keeps it: related objects by id, the BSN never in the clear."""
    if field == "bsn":
        return "gewijzigd" if value else ""
    return getattr(value, "pk", value)


# The code of the refusal of a BSN already in Werkroute: the registration page then offers to request a
# warm handover of the existing file.
DUPLICATE_BSN = "duplicate_bsn"


def _check_bsn_unique(client: Client) -> None:
    # Across all municipalities, but the message names none: someone who moved needs a transfer of
    # the file, not a second one, and the other municipality is not this caseworker's business.
    client.bsn_hash = lookup_hash(client.bsn)
    if client.bsn_hash and Client.objects.filter(bsn_hash=client.bsn_hash).exclude(pk=client.pk).exists():
        raise ValidationError(
            {
                "bsn": ValidationError(
                    _(
                        "Er staat al een klant met dit BSN in Werkroute. Is de klant naar uw gemeente "
                        "verhuisd? Vraag dan een warme overdracht van het dossier aan, in plaats van een "
                        "tweede aan te maken."
                    ),
                    code=DUPLICATE_BSN,
                )
            }
        )


@transaction.atomic
def refuse_replayed_form(actor: User, path: str, reason: str = "replayed_form") -> None:
    """A form sent a second time, or without its one-time token (``reason``), is not saved; the refusal
    is logged."""
    audit.record(
        AuditAction.REFUSED,
        actor=actor,
        object_type="form",
        object_id=path[:64],
        changes={"reason": reason},
    )


def register_client(actor: User, values: dict[str, Any], today: dt.date | None = None) -> Client:
    """Create a client in one of the actor's municipalities; the actor becomes caseworker unless named."""
    values = {"caseworker": actor, **values}
    if values.get("target_group") is None:
        values["target_group"] = TargetGroup.objects.get(code="statushouder")
    _validate_client_dates(values, today or dt.date.today())
    _check_municipality(actor, values["municipality"].pk)
    _check_caseworker(values)
    client = Client(**{name: value for name, value in values.items() if name in REGISTRATION_FIELDS})
    client.full_clean(validate_constraints=False)
    _check_bsn_unique(client)
    client.save()
    events.client_registered(client, actor)
    return client


@transaction.atomic
def update_client(
    actor: User, client: Client, expected_version: int, values: dict[str, Any], today: dt.date | None = None
) -> list[str]:
    """Change the client's registration data; returns the names of the fields that changed."""
    merged = {name: getattr(client, name) for name in REGISTRATION_FIELDS} | values
    _validate_client_dates(merged, today or dt.date.today())
    if "municipality" in values and values["municipality"].pk != client.municipality_id:
        # A move goes through the warm handover (``cases.handovers``), also for someone who works for
        # both municipalities: it records the ground and the note, and the receiving side accepts.
        raise ValidationError({"municipality": moving_needs_a_handover()})
    _check_municipality(actor, merged["municipality"].pk)
    _check_caseworker(merged)
    changed = [
        name for name in REGISTRATION_FIELDS if name in values and getattr(client, name) != values[name]
    ]
    old_and_new = {
        name: (_audit_value(name, getattr(client, name)), _audit_value(name, values[name]))
        for name in changed
    }
    for name in changed:
        setattr(client, name, values[name])
    client.full_clean(exclude=["id"], validate_constraints=False)
    _check_bsn_unique(client)
    save_versioned(client, expected_version, [*changed, "bsn_hash"] if "bsn" in changed else changed)
    if changed:
        events.client_updated(client, actor, changed, old_and_new=old_and_new)
    return changed


def moving_needs_a_handover() -> str:
    """The refusal of a direct change of municipality, shown by the form and the API alike."""
    return _(
        "Een klant verhuist naar een andere gemeente via een warme overdracht, niet door de gemeente hier "
        "te wijzigen. Kies op het dossier 'Overdragen bij verhuizing': u schrijft een overdrachtsnotitie "
        "en legt de grondslag vast, en de nieuwe gemeente accepteert het dossier."
    )


@dataclass
class IntakeInput:
    values: dict[str, Any]
    education: list[dict[str, Any]]
    work_experience: list[dict[str, Any]]
    skills: list[Any]
    wished_occupations: list[Any]


@transaction.atomic
def record_intake(
    actor: User, client: Client, data: IntakeInput, expected_version: int | None, today: dt.date | None = None
) -> Intake:
    """Create or update the client's brede intake, replacing its education and work history rows.

    ``expected_version`` is None when the form was opened on a client without intake; if someone else
    recorded one meanwhile, that is a conflict too.
    """
    today = today or dt.date.today()
    if data.values["intake_date"] > today:
        raise ValidationError({"intake_date": _("De datum van de intake ligt in de toekomst.")})
    # Early start: an intake in the reception centre after the link to the municipality is allowed.
    if data.values["intake_date"] < client.guidance_from:
        raise ValidationError(
            {
                "intake_date": _(
                    "De intake kan niet vóór de inschrijving of de koppeling aan de gemeente liggen."
                )
            }
        )
    _lock(client)
    existing = Intake.objects.filter(client=client).first()
    changed: dict[str, tuple[Any, Any]] = {}
    if existing is None:
        if expected_version is not None:
            raise StaleObjectError("Intake")
        intake = Intake(client=client, recorded_by=actor, **data.values)
        intake.full_clean(exclude=["client"])
        intake.save()
    else:
        if expected_version is None:
            raise StaleObjectError("Intake")
        intake = existing
        # Old and new values of what changed, for the audit log (the timeline only says "updated").
        changed = {
            name: (_audit_value(name, getattr(intake, name)), _audit_value(name, value))
            for name, value in data.values.items()
            if getattr(intake, name) != value
        }
        for name, value in data.values.items():
            setattr(intake, name, value)
        intake.recorded_by = actor
        intake.full_clean(exclude=["client"])
        save_versioned(intake, expected_version, [*data.values, "recorded_by"])
        intake.education.all().delete()
        intake.work_experience.all().delete()
    Education.objects.bulk_create(Education(intake=intake, **row) for row in data.education)
    WorkExperience.objects.bulk_create(WorkExperience(intake=intake, **row) for row in data.work_experience)
    intake.skills.set(data.skills)
    intake.wished_occupations.set(data.wished_occupations)
    # A first intake is dated on its interview; an update on the day it was made.
    events.intake_recorded(
        intake, actor, first=existing is None, on=None if existing is None else today, old_and_new=changed
    )
    return intake


@transaction.atomic
def create_plan_version(
    actor: User,
    client: Client,
    based_on: int | None,
    values: dict[str, Any],
    goals: list[dict[str, Any]],
    today: dt.date | None = None,
) -> PlanVersion:
    """Add the next version of the client's PIP. Earlier versions stay as they were.

    ``based_on`` is the version number the form was opened on (None for a first plan); when another
    version was added since, the caller gets :class:`StaleObjectError` instead of overwriting it.
    """
    _lock(client)  # two revisions at once must not both take the same number
    latest = PlanVersion.objects.filter(client=client).order_by("-number").first()
    if (latest.number if latest else None) != based_on:
        raise StaleObjectError("PlanVersion")
    plan_date, review_date = values["plan_date"], values.get("review_date")
    if plan_date > (today or dt.date.today()):
        raise ValidationError({"plan_date": _("De datum van het plan ligt in de toekomst.")})
    if plan_date < client.guidance_from:
        raise ValidationError(
            {"plan_date": _("Het plan kan niet vóór de inschrijving of de koppeling aan de gemeente liggen.")}
        )
    if latest is not None and plan_date < latest.plan_date:
        raise ValidationError(
            {"plan_date": _("Een nieuwe versie kan niet eerder gedateerd zijn dan de vorige versie.")}
        )
    if review_date and review_date < plan_date:
        raise ValidationError({"review_date": _("De evaluatiedatum ligt vóór de datum van het plan.")})
    if not goals:
        raise ValidationError(_("Een plan heeft minstens één doel."))
    if any(goal.get("target_date") and goal["target_date"] < plan_date for goal in goals):
        raise ValidationError(_("De streefdatum van een doel ligt vóór de datum van het plan."))
    plan = PlanVersion.objects.create(
        client=client, number=(latest.number if latest else 0) + 1, created_by=actor, **values
    )
    PlanGoal.objects.bulk_create(
        PlanGoal(plan_version=plan, position=position, **goal) for position, goal in enumerate(goals)
    )
    # Under the client's lock the new version is the newest: the stored route follows it in this transaction.
    Client.objects.filter(pk=client.pk).update(current_learning_route=plan.learning_route)
    client.current_learning_route = plan.learning_route
    events.plan_version_created(plan, actor)
    return plan


def store_current_learning_routes(clients: QuerySet[Client]) -> int:
    """Set ``current_learning_route`` of ``clients`` from their newest plan version, in one UPDATE.

    For plan versions written in bulk (the demo's loader), in the same transaction as those versions; a
    single new version goes through :func:`create_plan_version`, which sets the route itself.
    """
    return clients.update(current_learning_route=newest_learning_route())


def _validate_period(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        raise ValidationError({"end_date": _("De einddatum ligt vóór de startdatum.")})


def _validate_provider(client: Client, provider: Organisation | None) -> None:
    """An activity is run by a provider or partner of the client's own labour market region (or by the
    municipality itself, with no provider); the form offers only those, the service does not trust it."""
    if provider is None:
        return
    if not partner_organisations(client).filter(pk=provider.pk).exists():
        raise ValidationError({"provider": _("Kies een aanbieder of partner uit de regio van de klant.")})


@transaction.atomic
def plan_activity(actor: User, client: Client, values: dict[str, Any]) -> Activity:
    """Agree a new activity with the client; it starts as planned.

    Refused: more hours a week than anyone can spend, and a start before the client had a permit (or,
    without one, before the registration): such a date is a typing error, not a plan.
    """
    _validate_period(values["start_date"], values.get("end_date"))
    _validate_provider(client, values.get("provider"))
    if (values.get("hours_per_week") or 0) > MAX_HOURS_PER_WEEK:
        raise ValidationError({"hours_per_week": _("Meer dan 60 uur per week is niet aannemelijk.")})
    earliest = client.permit_date or client.guidance_from
    if earliest and values["start_date"] < earliest:
        raise ValidationError(
            {
                "start_date": _("De startdatum ligt vóór %(what)s (%(day)s).")
                % {
                    "what": _("de verblijfsvergunning")
                    if client.permit_date
                    else _("de inschrijving of koppeling"),
                    "day": formats.date_format(earliest, "SHORT_DATE_FORMAT"),
                }
            }
        )
    activity = Activity(client=client, status=ActivityStatus.PLANNED, **values)
    activity.full_clean(exclude=["client"])
    activity.save()
    events.activity_planned(activity, actor)
    return activity


@transaction.atomic
def transition_activity(
    actor: User,
    activity: Activity,
    new_status: str,
    *,
    expected_version: int,
    on: dt.date,
    reason: str = "",
    outcome: str = "",
    today: dt.date | None = None,
) -> Activity:
    """Move an activity to ``new_status`` if the workflow table allows it.

    Closing (completed, stopped early) sets the end date to ``on``; stopping early needs a reason.
    """
    old_status = activity.status
    if not workflow.is_allowed(old_status, new_status):
        raise ValidationError(
            _("Een activiteit met status ‘%(old)s’ kan niet naar ‘%(new)s’.")
            % {"old": ActivityStatus(old_status).label, "new": ActivityStatus(new_status).label}
        )
    if on > (today or dt.date.today()):
        raise ValidationError({"on": _("De datum ligt in de toekomst.")})
    reason = reason.strip()
    if new_status in workflow.NEEDS_REASON and not reason:
        raise ValidationError({"reason": _("Geef aan waarom de activiteit voortijdig stopt.")})
    fields = ["status"]
    if new_status == ActivityStatus.ACTIVE:
        if activity.end_date is not None and on > activity.end_date:
            raise ValidationError(
                {"on": _("Deze startdatum ligt na de geplande einddatum. Plan de activiteit opnieuw.")}
            )
        activity.start_date = on
        fields.append("start_date")
    if new_status == ActivityStatus.CANCELLED:
        activity.stop_reason = reason
        fields.append("stop_reason")
    if new_status in workflow.CLOSING:
        if on < activity.start_date:
            raise ValidationError({"on": _("De einddatum ligt vóór de startdatum.")})
        activity.end_date = on
        activity.stop_reason = reason
        activity.outcome = outcome.strip()
        fields += ["end_date", "stop_reason", "outcome"]
    activity.status = new_status
    save_versioned(activity, expected_version, fields)
    events.activity_status_changed(activity, actor, old=old_status, new=new_status, on=on)
    return activity


def _overlapping(  # type: ignore[no-untyped-def]
    client: Client, kind: str | None, start: dt.date, end: dt.date | None, exclude_pk: int | None = None
):
    """Spells of ``kind`` (any kind when None) that share at least one day with [start, end]."""
    spells = LabourEpisode.objects.filter(client=client)
    if kind is not None:
        spells = spells.filter(kind=kind)
    if exclude_pk is not None:
        spells = spells.exclude(pk=exclude_pk)
    spells = spells.exclude(end_date__lt=start)
    if end is not None:
        spells = spells.exclude(start_date__gt=end)
    return spells


# Kinds of spell of which a person can have several at once (two part-time jobs).
MAY_OVERLAP = frozenset({EpisodeKind.PAID_WORK})


@transaction.atomic
def record_labour_episode(
    actor: User, client: Client, values: dict[str, Any], today: dt.date | None = None
) -> LabourEpisode:
    """Record a spell of one labour market status.

    Spells of one kind may not overlap, except paid work: two part-time jobs at once are two spells,
    each with its own hours (monitoring counts the person once and adds the hours up).
    """
    start, end, kind = values["start_date"], values.get("end_date"), values["kind"]
    today = today or dt.date.today()
    _validate_period(start, end)
    if start > today:
        raise ValidationError({"start_date": _("Een positie kan niet in de toekomst beginnen.")})
    if end is not None and end > today:
        raise ValidationError({"end_date": _future_end_message()})
    if kind == EpisodeKind.PAID_WORK and not values.get("hours_per_week"):
        raise ValidationError({"hours_per_week": _("Vul bij betaald werk het aantal uur per week in.")})
    if (values.get("hours_per_week") or 0) > MAX_HOURS_PER_WEEK:
        raise ValidationError({"hours_per_week": _("Meer dan 60 uur per week is niet aannemelijk.")})
    _lock(client)
    clash = None if kind in MAY_OVERLAP else _overlapping(client, kind, start, end).first()
    if clash is None:
        # "None of these" excludes every other position in the same period, and the other way round.
        others = _overlapping(client, None, start, end)
        if kind == EpisodeKind.NONE:
            clash = others.exclude(kind=EpisodeKind.NONE).first()
        else:
            clash = others.filter(kind=EpisodeKind.NONE).first()
    if clash is not None:
        raise ValidationError(
            _(
                "Deze periode overlapt met een andere periode ‘%(kind)s’ (vanaf %(start)s). Beëindig die eerst."
            )
            % {
                "kind": EpisodeKind(clash.kind).label,
                "start": formats.date_format(clash.start_date, "SHORT_DATE_FORMAT"),
            }
        )
    episode = LabourEpisode(client=client, **values)
    episode.full_clean(exclude=["client"])
    episode.save()
    events.labour_episode_started(episode, actor)
    if episode.end_date is not None:
        events.labour_episode_ended(episode, actor)
    return episode


@transaction.atomic
def end_labour_episode(
    actor: User, episode: LabourEpisode, end_date: dt.date, today: dt.date | None = None
) -> LabourEpisode:
    """Close an open spell on ``end_date`` (inclusive)."""
    if episode.end_date is not None:
        raise ValidationError(_("Deze periode is al beëindigd."))
    if end_date > (today or dt.date.today()):
        raise ValidationError({"end_date": _future_end_message()})
    if end_date < episode.start_date:
        raise ValidationError({"end_date": _("De einddatum ligt vóór de startdatum.")})
    # A later spell of the same kind may already exist (recorded after a gap); ending must not reach it.
    if (
        episode.kind not in MAY_OVERLAP
        and _overlapping(
            episode.client, episode.kind, episode.start_date, end_date, exclude_pk=episode.pk
        ).exists()
    ):
        raise ValidationError(
            {"end_date": _("Deze einddatum overlapt met een latere periode van dezelfde soort.")}
        )
    updated = LabourEpisode.objects.filter(pk=episode.pk, end_date__isnull=True).update(end_date=end_date)
    if updated != 1:
        raise StaleObjectError("LabourEpisode")
    episode.end_date = end_date
    events.labour_episode_ended(episode, actor)
    return episode


@transaction.atomic
def add_note(actor: User, client: Client, values: dict[str, Any], today: dt.date | None = None) -> Note:
    """Add a note to the file. The same note twice is refused.

    The one-time form token does not cover this: after "back" the browser loads the form page anew
    (pages of the file are never cached), with a fresh token, and the text typed is still in the
    fields, so sending it again looks like a new form. The same author writing the same text about
    the same day and channel twice is that re-submission, never a second conversation.
    """
    if values["occurred_on"] > (today or dt.date.today()):
        raise ValidationError({"occurred_on": _("De datum ligt in de toekomst.")})
    note = Note(client=client, author=actor, **values)
    note.full_clean(exclude=["client", "author"])
    _lock(client)
    if Note.objects.filter(
        client=client,
        author=actor,
        occurred_on=note.occurred_on,
        channel=note.channel,
        text=note.text,
    ).exists():
        raise ValidationError(_("Deze notitie staat al in het dossier; ze is niet nog een keer opgeslagen."))
    note.save()
    events.note_added(note, actor)
    return note


def partner_organisations(client: Client) -> QuerySet[Organisation]:
    """The partners and providers of ``client``'s own labour market region, by name: those that may run
    their activities and receive their file (under SHARE_FILE_WITH_PARTNER). The staff's forms, the
    portal, :func:`give_consent` and the activity services all ask this."""
    return Organisation.objects.filter(
        kind__in=PARTNER_ORGANISATION_KINDS, region_id=client.municipality.region_id
    ).order_by("name")


class ConsentRequired(ValidationError):
    """Raised by a service that would share without a valid consent; the message says what is missing."""


@transaction.atomic
def give_consent(
    actor: User, client: Client, values: dict[str, Any], today: dt.date | None = None
) -> Consent:
    """Record a consent as the client gave it: scope, from when, until when, how, and (for a partner) whom."""
    today = today or dt.date.today()
    # Given to the municipality that holds the file now (see ``SCOPES_BOUND_TO_MUNICIPALITY``).
    consent = Consent(client=client, recorded_by=actor, municipality_id=client.municipality_id, **values)
    errors: dict[str, str] = {}
    if consent.given_on > today:
        errors["given_on"] = _("Toestemming kan niet in de toekomst gegeven zijn.")
    if consent.valid_until is not None and consent.valid_until < consent.given_on:
        errors["valid_until"] = _("De einddatum ligt vóór de datum waarop de toestemming is gegeven.")
    if consent.scope == ConsentScope.SHARE_FILE_WITH_PARTNER:
        organisation = consent.organisation
        if organisation is None:
            errors["organisation"] = _("Kies met welke partnerorganisatie het dossier gedeeld mag worden.")
        elif not partner_organisations(client).filter(pk=organisation.pk).exists():
            errors["organisation"] = _("Kies een partner of aanbieder in de regio van de klant.")
    elif consent.organisation is not None:
        errors["organisation"] = _("Alleen bij delen met een partnerorganisatie hoort een organisatie.")
    if errors:
        raise ValidationError(errors)
    _lock(client)
    # One given to the municipality the client left does not count here: the new one may ask again.
    duplicate = Consent.objects.in_force(consent.given_on).filter(
        client=client, scope=consent.scope, organisation=consent.organisation
    )
    if duplicate.exists():
        raise ValidationError(
            _("Deze toestemming staat al vast en geldt nog. Trek die eerst in als er iets moet veranderen.")
        )
    consent.save()
    events.consent_given(consent, actor)
    return consent


# Sent inside the withdrawal's transaction, with ``actor`` and ``consent`` (already withdrawn). Apps above
# this one that share on a consent's ground (placements: referrals sent to employers) receive it and end
# what relied on the consent, in the same transaction: the withdrawal and its consequences happen together
# or not at all. A signal, because the case file must not import the apps that build on it.
consent_withdrawn_signal = Signal()


@transaction.atomic
def withdraw_consent(
    actor: User,
    consent: Consent,
    method: str,
    withdrawn_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Consent:
    """Withdraw from ``withdrawn_on`` (today by default); every check of the consent refuses from then on.

    Whatever was shared on the consent's ground is ended in the same transaction by the receivers of
    :data:`consent_withdrawn_signal` (e.g. open referrals to employers are withdrawn).
    """
    today = today or dt.date.today()
    withdrawn_on = withdrawn_on or today
    if withdrawn_on > today:
        raise ValidationError({"withdrawn_on": _("Een intrekking kan niet in de toekomst liggen.")})
    if withdrawn_on < consent.given_on:
        withdrawn_on = consent.given_on  # withdrawn before it took effect: it never applied
    updated = Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(
        withdrawn_on=withdrawn_on, withdrawal_method=method, withdrawn_by=actor
    )
    if updated != 1:
        raise ValidationError(_("Deze toestemming was al ingetrokken."))
    consent.withdrawn_on, consent.withdrawal_method, consent.withdrawn_by = withdrawn_on, method, actor
    events.consent_withdrawn(consent, actor)
    consent_withdrawn_signal.send(sender=Consent, actor=actor, consent=consent)
    return consent


def require_consent(
    actor: User,
    client: Client,
    scope: str,
    *,
    organisation: Any = None,
    override_reason: str = "",
    on: dt.date | None = None,
) -> Consent | None:
    """The valid consent for sharing ``client``'s data in ``scope`` (with ``organisation``), or refuse.

    Every service that shares calls this first. Without a consent, a user holding the separate
    ``cases.override_consent`` permission may share anyway by giving a reason; that override is audited
    with the reason and ``None`` is returned. Everyone else gets ``ConsentRequired``.
    """
    day = on or dt.date.today()
    consents = Consent.objects.in_force(day).filter(client=client, scope=scope)
    if organisation is not None:
        consents = consents.filter(organisation=organisation)
    consent = consents.first()
    if consent is not None:
        return consent
    reason = override_reason.strip()
    if reason and may_override_consent(actor, client):
        audit.record(
            AuditAction.OVERRIDE,
            actor=actor,
            object_type="consent",
            object_id=scope,
            client_id=client.pk,
            changes={"scope": scope, "organisation_id": getattr(organisation, "pk", None)},
            purpose=reason[:200],
        )
        return None
    audit.record(
        AuditAction.REFUSED,
        actor=actor,
        object_type="consent",
        object_id=scope,
        client_id=client.pk,
        changes={"scope": scope, "organisation_id": getattr(organisation, "pk", None)},
    )
    if reason:
        raise ConsentRequired(
            _("U mag niet zonder toestemming van de klant delen; vraag iemand met die bevoegdheid.")
        )
    raise ConsentRequired(
        _(
            "De klant heeft hiervoor geen geldige toestemming gegeven: %(scope)s. Leg eerst de toestemming vast."
        )
        % {"scope": ConsentScope(scope).label}
    )


# --- Administration: target groups and caseloads (called by the administration app) ---------------------


@transaction.atomic
def save_target_group(
    actor: User, values: dict[str, Any], target_group: TargetGroup | None = None
) -> TargetGroup:
    """Create or change a target group (reference data). Only an administrator; the group's region, when
    given, must be one they administer. The code of ``statushouder`` is fixed: registration relies on it."""
    from werkroute.accounts.policies import administration_region_ids, may_administer

    if not may_administer(actor):
        raise PermissionDenied
    region = values.get("region")
    if region is not None and region.pk not in administration_region_ids(actor):
        raise PermissionDenied
    # As stored: a model form has already written its input onto the instance it was given.
    group = TargetGroup.objects.select_for_update().get(pk=target_group.pk) if target_group else TargetGroup()
    if group.pk and group.code == "statushouder" and values.get("code", group.code) != "statushouder":
        raise ValidationError({"code": _("De code van de doelgroep statushouder ligt vast.")})
    before = {name: getattr(group, name) for name in ("code", "name", "region_id")}
    for name, value in values.items():
        setattr(group, name, value)
    group.full_clean()
    created = group.pk is None
    group.save()
    audit.record(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        actor=actor,
        object_type="target_group",
        object_id=group.pk,
        changes={
            name: [before[name], getattr(group, name)]
            for name in before
            if before[name] != getattr(group, name)
        },
    )
    return group


@transaction.atomic
def transfer_caseload(actor: User, from_user: User, to_user: User) -> int:
    """Make ``to_user`` the caseworker of every client of ``from_user`` (for a colleague who leaves).

    Only an administrator, who sees no file: this moves files without showing them. ``to_user`` must be an
    active caseworker or team lead of every municipality involved, so that no client ends up with someone
    who cannot open their file. Each client's timeline and the audit log record the change. Returns the
    number of clients moved.
    """
    from werkroute.accounts.policies import may_administer

    if not may_administer(actor):
        raise PermissionDenied
    clients = list(Client.objects.select_for_update().filter(caseworker=from_user).order_by("pk"))
    municipality_ids = {client.municipality_id for client in clients}
    if clients and (
        to_user.pk == from_user.pk
        or not all(
            User.objects.filter(case_worker_filter({municipality_id}), pk=to_user.pk).exists()
            for municipality_id in municipality_ids
        )
    ):
        raise ValidationError(
            {
                "successor": _(
                    "Deze persoon is geen klantmanager of teamleider van alle gemeenten van deze klanten."
                )
            }
        )
    for client in clients:
        client.caseworker = to_user
        # Locked above, so the version cannot have moved; the bump makes an open edit form of the old
        # caseworker refuse rather than put the old name back.
        save_versioned(client, client.version, ["caseworker"])
        events.client_updated(
            client, actor, ["caseworker"], old_and_new={"caseworker": (from_user.pk, to_user.pk)}
        )
    return len(clients)
