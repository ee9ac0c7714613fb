"""Typed events of a client's timeline.

Each function records one kind of event; nothing else creates ``TimelineEvent`` rows (the demo loader
calls the same functions with ``save=False`` and inserts the results in bulk). ``describe`` turns an
event back into a sentence in the reader's language, which is why ``data`` holds parameters, not text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from werkroute.accounts.policies import ClientAccess, Purpose, Section
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    Consent,
    ConsentMethod,
    ConsentScope,
    ContactChannel,
    EpisodeKind,
    Handover,
    HandoverGround,
    LabourEpisode,
    LearningRoute,
    Message,
    Note,
    PlanVersion,
    TimelineEvent,
)
from werkroute.core import iso

if TYPE_CHECKING:
    from werkroute.accounts.models import User
    from werkroute.cases.models import Client, Intake


class Kind:
    CLIENT_REGISTERED = "client_registered"
    CLIENT_UPDATED = "client_updated"
    INTAKE_RECORDED = "intake_recorded"
    PLAN_VERSION_CREATED = "plan_version_created"
    ACTIVITY_PLANNED = "activity_planned"
    ACTIVITY_STATUS_CHANGED = "activity_status_changed"
    LABOUR_EPISODE_STARTED = "labour_episode_started"
    LABOUR_EPISODE_ENDED = "labour_episode_ended"
    NOTE_ADDED = "note_added"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    # A referral to an employer was withdrawn because the client withdrew the consent it was sent on.
    REFERRAL_WITHDRAWN_WITHOUT_CONSENT = "referral_withdrawn_without_consent"
    # The client's own portal: their messages, "I can't come" and correction requests, and the answers.
    MESSAGE_FROM_CLIENT = "message_from_client"
    CLIENT_CANNOT_ATTEND = "client_cannot_attend"
    CORRECTION_REQUESTED = "correction_requested"
    MESSAGE_TO_CLIENT = "message_to_client"
    # A warm handover to the municipality the client moves to (cases.handovers).
    HANDOVER_REQUESTED = "handover_requested"
    HANDOVER_SENT = "handover_sent"
    HANDOVER_ACCEPTED = "handover_accepted"
    HANDOVER_DECLINED = "handover_declined"
    HANDOVER_WITHDRAWN = "handover_withdrawn"


# The part of the file each kind of event belongs to. A reader who may not see a section (a partner:
# identity, notes, consents) does not see its events either: the timeline applies the same limits as the
# page, through the same ``ClientAccess``. ``None``: the core of the file, seen by whoever sees the file.
# Every kind must be listed (a test checks it), so a new kind is never shown by default.
SECTION: dict[str, str | None] = {
    Kind.CLIENT_REGISTERED: None,
    Kind.CLIENT_UPDATED: Section.IDENTITY,  # which personal details changed is itself personal detail
    Kind.INTAKE_RECORDED: None,
    Kind.PLAN_VERSION_CREATED: None,
    Kind.ACTIVITY_PLANNED: None,
    Kind.ACTIVITY_STATUS_CHANGED: None,
    Kind.LABOUR_EPISODE_STARTED: None,
    Kind.LABOUR_EPISODE_ENDED: None,
    Kind.NOTE_ADDED: Section.NOTES,
    Kind.CONSENT_GIVEN: Section.CONSENTS,
    Kind.CONSENT_WITHDRAWN: Section.CONSENTS,
    Kind.REFERRAL_WITHDRAWN_WITHOUT_CONSENT: Section.CONSENTS,
    # Messages are the municipality's own contact with the client, like notes.
    Kind.MESSAGE_FROM_CLIENT: Section.NOTES,
    Kind.CLIENT_CANNOT_ATTEND: Section.NOTES,
    Kind.CORRECTION_REQUESTED: Section.NOTES,
    Kind.MESSAGE_TO_CLIENT: Section.NOTES,
    # Between the municipalities: a partner has no part in it.
    Kind.HANDOVER_REQUESTED: Section.NOTES,
    Kind.HANDOVER_SENT: Section.NOTES,
    Kind.HANDOVER_ACCEPTED: Section.NOTES,
    Kind.HANDOVER_DECLINED: Section.NOTES,
    Kind.HANDOVER_WITHDRAWN: Section.NOTES,
}


def visible_kinds(access: ClientAccess) -> frozenset[str]:
    """The kinds of event that a reader with ``access`` may see; a kind missing from :data:`SECTION` is
    seen by nobody."""
    return frozenset(kind for kind, section in SECTION.items() if section is None or access.shows(section))


# Events that ask the caseworker to act: the file and the caseload mark them until a contact or note is
# recorded after them (the caseworker spoke with the client about it). Kept as kinds of event, so that
# the follow-up app can later take them over as its signals without a new table.
NEEDS_ATTENTION = frozenset(
    {
        Kind.REFERRAL_WITHDRAWN_WITHOUT_CONSENT,
        Kind.MESSAGE_FROM_CLIENT,
        Kind.CLIENT_CANNOT_ATTEND,
        Kind.CORRECTION_REQUESTED,
    }
)
# An answer to the client in the portal is a contact with them, as a note is.
ATTENDED_BY = frozenset({Kind.NOTE_ADDED, Kind.MESSAGE_TO_CLIENT})
# Message kinds (cases.MessageKind) as the event each one records when the client sends it.
CLIENT_MESSAGE_EVENTS = {
    "message": Kind.MESSAGE_FROM_CLIENT,
    "cannot_attend": Kind.CLIENT_CANNOT_ATTEND,
    "correction": Kind.CORRECTION_REQUESTED,
}


AUDIT_ACTIONS = {
    Kind.CLIENT_REGISTERED: AuditAction.CREATE,
    Kind.PLAN_VERSION_CREATED: AuditAction.CREATE,
    Kind.ACTIVITY_PLANNED: AuditAction.CREATE,
    Kind.LABOUR_EPISODE_STARTED: AuditAction.CREATE,
    Kind.NOTE_ADDED: AuditAction.CREATE,
    Kind.CONSENT_GIVEN: AuditAction.CONSENT_GIVEN,
    Kind.CONSENT_WITHDRAWN: AuditAction.CONSENT_WITHDRAWN,
    Kind.HANDOVER_REQUESTED: AuditAction.CREATE,
}


# Events of apps above cases (a referral, in placements) are typed functions there, built on ``emit``;
# they register here how they read, since cases cannot import them.
_DESCRIBERS: dict[str, Callable[[TimelineEvent], str]] = {}


def register(kind: str, describer: Callable[[TimelineEvent], str], section: str | None) -> None:
    """How events of ``kind``, recorded by an app above cases, read on the timeline, and the part of the
    file they belong to (see :data:`SECTION`: who may see them)."""
    _DESCRIBERS[kind] = describer
    SECTION[kind] = section


def emit(
    client: Client,
    kind: str,
    occurred_on: dt.date,
    actor: User | None,
    *,
    save: bool = True,
    audited: bool = True,
    **data: Any,
) -> TimelineEvent:
    """One event of an app above cases. ``audited=False`` where that app's service writes its own audit
    entry for the same step (as placements does for each referral step), so a step is logged once."""
    return _event(client, kind, occurred_on, actor, save, audited=audited, **data)


def _event(
    client: Client,
    kind: str,
    occurred_on: dt.date,
    actor: User | None,
    save: bool,
    audit_changes: dict[str, Any] | None = None,
    audited: bool = True,
    **data: Any,
) -> TimelineEvent:
    """``audit_changes`` go to the audit log only (old and new values), never onto the timeline."""
    event = TimelineEvent(client=client, kind=kind, occurred_on=occurred_on, actor=actor, data=data)
    if save:
        event.save()
    if save and audited:
        # Every write of case data goes through exactly one of these functions, so this is where it is
        # audited. ``data`` holds parameters only (ids, codes, statuses), never free text.
        audit.record(
            AUDIT_ACTIONS.get(kind, AuditAction.UPDATE),
            actor=actor,
            object_type=kind,
            object_id=data.get("message_id")
            or data.get("activity_id")
            or data.get("episode_id")
            or data.get("note_id")
            or data.get("referral_id")
            or data.get("consent_id")
            or data.get("handover_id")
            or client.pk,
            client_id=client.pk,
            changes={**data, **(audit_changes or {})},
            purpose=Purpose.CASE_WORK,
        )
    return event


# Every function below records one kind of event. With ``save=False`` it returns the event unsaved, for
# the demo loader's bulk inserts; the objects passed in must then carry their client, not only its id.


# What the audit log keeps of a changed value. It must answer "who changed what, and when" for as long as
# it exists, but it outlives the file: after retention nothing personal may be readable in it.
# Health (a special category, AVG art. 9) and free text: the field name only, never the value.
VALUE_NOT_LOGGED = frozenset({"limiting_circumstances", "circumstances_note"})
# References to the organisation's own records (and "gewijzigd" for the BSN): kept in the clear.
VALUE_IN_THE_CLEAR = frozenset({"municipality", "target_group", "caseworker", "bsn"})


def audit_values(client: Client, old_and_new: dict[str, tuple[Any, Any]] | None) -> dict[str, Any]:
    """The ``changes`` of an audit entry for a change of ``old_and_new`` (field → (old, new)).

    Every changed field is named; personal values are sealed with the client's own key
    (``audit.services.seal``), so that deleting the file deletes them from the log as well.
    """
    if not old_and_new:
        return {}
    sealed = {name: values for name, values in old_and_new.items() if name not in VALUE_NOT_LOGGED}
    clear = {name: sealed.pop(name) for name in list(sealed) if name in VALUE_IN_THE_CLEAR}
    changes: dict[str, Any] = {"changed": sorted(old_and_new)}
    if clear:
        changes["values"] = clear
    if sealed:
        changes[audit.SEALED] = audit.seal(client.pk, sealed)
    return changes


def client_registered(client: Client, actor: User | None, *, save: bool = True) -> TimelineEvent:
    if client.registration_date is None:
        # Early start: the file opens on the link to the municipality, before the client lives there.
        return _event(client, Kind.CLIENT_REGISTERED, client.guidance_from, actor, save, early=True)
    return _event(client, Kind.CLIENT_REGISTERED, client.registration_date, actor, save)


def handover_changed(
    handover: Handover, actor: User | None, kind: str, on: dt.date, *, save: bool = True
) -> TimelineEvent:
    """A step of a warm handover (``kind`` one of the ``HANDOVER_*`` kinds). Municipality names are
    reference data, kept so the timeline reads the same after later moves."""
    return _event(
        handover.client,
        kind,
        on,
        actor,
        save,
        handover_id=handover.pk,
        from_municipality=handover.from_municipality.name,
        to_municipality=handover.to_municipality.name,
        ground=handover.ground,
        status=handover.status,
    )


def client_updated(
    client: Client,
    actor: User | None,
    fields: list[str],
    *,
    old_and_new: dict[str, tuple[Any, Any]] | None = None,
    save: bool = True,
) -> TimelineEvent:
    """Field names on the timeline (it must not copy personal data such as an address); the old and
    new values go to the audit log, which exists to answer exactly that question, sealed per client
    (:func:`audit_values`)."""
    return _event(
        client,
        Kind.CLIENT_UPDATED,
        dt.date.today(),
        actor,
        save,
        audit_changes=audit_values(client, old_and_new) if save else None,
        fields=fields,
    )


def intake_recorded(
    intake: Intake,
    actor: User | None,
    *,
    first: bool,
    on: dt.date | None = None,
    old_and_new: dict[str, tuple[Any, Any]] | None = None,
    save: bool = True,
) -> TimelineEvent:
    """``on`` defaults to the intake date; an update of an existing intake is dated when it happened.
    The changed fields of an update go to the audit log only, with values as :func:`audit_values` keeps them."""
    return _event(
        intake.client,
        Kind.INTAKE_RECORDED,
        on or intake.intake_date,
        actor,
        save,
        audit_changes=audit_values(intake.client, old_and_new) if save else None,
        first=first,
    )


def plan_version_created(plan: PlanVersion, actor: User | None, *, save: bool = True) -> TimelineEvent:
    return _event(
        plan.client,
        Kind.PLAN_VERSION_CREATED,
        plan.plan_date,
        actor,
        save,
        number=plan.number,
        route=plan.learning_route,
    )


def activity_planned(
    activity: Activity, actor: User | None, planned_on: dt.date | None = None, *, save: bool = True
) -> TimelineEvent:
    """Dated on the day it was agreed (today), not on its start, which may lie in the future."""
    return _event(
        activity.client,
        Kind.ACTIVITY_PLANNED,
        planned_on or dt.date.today(),
        actor,
        save,
        activity_id=activity.pk,
        activity_type=activity.activity_type,
        start=activity.start_date.isoformat(),
    )


def activity_status_changed(
    activity: Activity,
    actor: User | None,
    *,
    old: str,
    new: str,
    on: dt.date,
    save: bool = True,
) -> TimelineEvent:
    # No reason text here: it is free text that later roles (an employer, a partner) may not see.
    # ``describe`` takes it from the activity, where the same access rules apply as to the rest of it.
    return _event(
        activity.client,
        Kind.ACTIVITY_STATUS_CHANGED,
        on,
        actor,
        save,
        activity_id=activity.pk,
        activity_type=activity.activity_type,
        old=old,
        new=new,
    )


def labour_episode_started(episode: LabourEpisode, actor: User | None, *, save: bool = True) -> TimelineEvent:
    return _event(
        episode.client,
        Kind.LABOUR_EPISODE_STARTED,
        episode.start_date,
        actor,
        save,
        episode_id=episode.pk,
        episode_kind=episode.kind,
        hours=episode.hours_per_week,
    )


def labour_episode_ended(episode: LabourEpisode, actor: User | None, *, save: bool = True) -> TimelineEvent:
    assert episode.end_date is not None
    return _event(
        episode.client,
        Kind.LABOUR_EPISODE_ENDED,
        episode.end_date,
        actor,
        save,
        episode_id=episode.pk,
        episode_kind=episode.kind,
    )


def note_added(note: Note, actor: User | None, *, save: bool = True) -> TimelineEvent:
    return _event(
        note.client, Kind.NOTE_ADDED, note.occurred_on, actor, save, note_id=note.pk, channel=note.channel
    )


def _consent_event(
    consent: Consent, kind: str, on: dt.date, method: str, actor: User | None, save: bool, **extra: Any
) -> TimelineEvent:
    return _event(
        consent.client,
        kind,
        on,
        actor,
        save,
        consent_id=consent.pk,
        scope=consent.scope,
        organisation_id=consent.organisation_id,
        method=method,
        **extra,
    )


def consent_given(consent: Consent, actor: User | None, *, save: bool = True) -> TimelineEvent:
    valid_until = consent.valid_until.isoformat() if consent.valid_until else None
    return _consent_event(
        consent,
        Kind.CONSENT_GIVEN,
        consent.given_on,
        consent.method,
        actor,
        save,
        valid_until=valid_until,
        # Only where an interpreter was there, so that earlier events keep their shape.
        **({"interpreter_language": consent.interpreter_language} if consent.interpreter_language else {}),
    )


def consent_withdrawn(consent: Consent, actor: User | None, *, save: bool = True) -> TimelineEvent:
    assert consent.withdrawn_on is not None
    return _consent_event(
        consent, Kind.CONSENT_WITHDRAWN, consent.withdrawn_on, consent.withdrawal_method, actor, save
    )


def referral_withdrawn_without_consent(
    client: Client,
    actor: User | None,
    *,
    referral_id: int,
    placement_id: int,
    consent_id: int,
    status: str,
    on: dt.date,
    save: bool = True,
) -> TimelineEvent:
    """One referral ended because its consent was withdrawn; ``status`` is the one it had reached."""
    return _event(
        client,
        Kind.REFERRAL_WITHDRAWN_WITHOUT_CONSENT,
        on,
        actor,
        save,
        referral_id=referral_id,
        placement_id=placement_id,
        consent_id=consent_id,
        status=status,
    )


def message_sent(message: Message, actor: User | None, *, save: bool = True) -> TimelineEvent:
    """A message between client and caseworker; the text stays in the message, never on the timeline."""
    kind = CLIENT_MESSAGE_EVENTS[message.kind] if message.from_client else Kind.MESSAGE_TO_CLIENT
    return _event(
        message.client,
        kind,
        message.sent_at.date() if message.sent_at else dt.date.today(),
        actor,
        save,
        message_id=message.pk,
        activity_id=message.activity_id,
    )


@dataclass(frozen=True)
class TimelineEntry:
    occurred_on: dt.date
    kind: str
    text: str
    actor: str
    # The event it shows, for a block that refers to that event (a follow-up signal about it).
    event_id: int | None = None


def _label(choices: type, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def describe(event: TimelineEvent, activities: Mapping[int, Activity] | None = None) -> str:
    """The event as one sentence in the active language; ``activities`` (by id) supply stop reasons."""
    data = event.data
    match event.kind:
        case Kind.CLIENT_REGISTERED:
            if data.get("early"):
                return _("Aangemeld na de koppeling aan de gemeente, vóór de verhuizing")
            return _("Ingeschreven in de gemeente")
        case Kind.CLIENT_UPDATED:
            return _("Persoonsgegevens gewijzigd")
        case Kind.INTAKE_RECORDED:
            return _("Brede intake vastgelegd") if data.get("first") else _("Brede intake bijgewerkt")
        case Kind.PLAN_VERSION_CREATED:
            return _("PIP versie %(number)s vastgesteld (%(route)s)") % {
                "number": data["number"],
                "route": _label(LearningRoute, data["route"]),
            }
        case Kind.ACTIVITY_PLANNED:
            text = _("Activiteit gepland: %(type)s") % {"type": _label(ActivityType, data["activity_type"])}
            if data.get("start"):
                text += " " + _("(start %(date)s)") % {
                    "date": dt.date.fromisoformat(data["start"]).strftime("%d-%m-%Y")
                }
            return text
        case Kind.ACTIVITY_STATUS_CHANGED:
            text = _("%(type)s: %(old)s → %(new)s") % {
                "type": _label(ActivityType, data["activity_type"]),
                "old": _label(ActivityStatus, data["old"]),
                "new": _label(ActivityStatus, data["new"]),
            }
            activity = (activities or {}).get(data.get("activity_id", 0))
            if activity is not None and activity.stop_reason and data["new"] == activity.status:
                text += " — " + activity.stop_reason
            return text
        case Kind.LABOUR_EPISODE_STARTED:
            text = _("Start: %(kind)s") % {"kind": _label(EpisodeKind, data["episode_kind"])}
            if data.get("hours"):
                text += " " + _("(%(hours)s uur per week)") % {"hours": data["hours"]}
            return text
        case Kind.LABOUR_EPISODE_ENDED:
            return _("Einde: %(kind)s") % {"kind": _label(EpisodeKind, data["episode_kind"])}
        case Kind.NOTE_ADDED:
            return _("Contact of notitie: %(channel)s") % {"channel": _label(ContactChannel, data["channel"])}
        case Kind.CONSENT_GIVEN:
            if data.get("interpreter_language"):
                return _("Toestemming gegeven: %(scope)s (%(method)s, getolkt in het %(language)s)") % {
                    "scope": _label(ConsentScope, data["scope"]),
                    "method": _label(ConsentMethod, data["method"]),
                    "language": iso.language_name(data["interpreter_language"]),
                }
            return _("Toestemming gegeven: %(scope)s (%(method)s)") % {
                "scope": _label(ConsentScope, data["scope"]),
                "method": _label(ConsentMethod, data["method"]),
            }
        case Kind.CONSENT_WITHDRAWN:
            return _("Toestemming ingetrokken: %(scope)s (%(method)s)") % {
                "scope": _label(ConsentScope, data["scope"]),
                "method": _label(ConsentMethod, data["method"]),
            }
        case Kind.REFERRAL_WITHDRAWN_WITHOUT_CONSENT:
            return _(
                "Voordracht %(referral)s ingetrokken: de klant trok de toestemming in om het werkprofiel "
                "met werkgevers te delen. Bespreek met de klant hoe het verder gaat."
            ) % {"referral": data["referral_id"]}
        case Kind.MESSAGE_FROM_CLIENT:
            return _("Bericht van de klant via het portaal")
        case Kind.CLIENT_CANNOT_ATTEND:
            activity = (activities or {}).get(data.get("activity_id", 0))
            if activity is not None:
                return _("De klant meldt via het portaal niet te kunnen komen: %(activity)s") % {
                    "activity": activity
                }
            return _("De klant meldt via het portaal niet te kunnen komen")
        case Kind.CORRECTION_REQUESTED:
            return _("De klant vraagt via het portaal om een correctie van gegevens")
        case Kind.MESSAGE_TO_CLIENT:
            return _("Bericht aan de klant in het portaal")
        case Kind.HANDOVER_REQUESTED:
            return _("Warme overdracht aangevraagd door gemeente %(to)s") % {"to": data["to_municipality"]}
        case Kind.HANDOVER_SENT:
            return _("Dossier overgedragen aan gemeente %(to)s (%(ground)s); wacht op acceptatie") % {
                "to": data["to_municipality"],
                "ground": _label(HandoverGround, data["ground"]),
            }
        case Kind.HANDOVER_ACCEPTED:
            return _("Overdracht geaccepteerd: het dossier hoort nu bij gemeente %(to)s") % {
                "to": data["to_municipality"]
            }
        case Kind.HANDOVER_DECLINED:
            return _("Aanvraag van een overdracht door gemeente %(to)s afgewezen") % {
                "to": data["to_municipality"]
            }
        case Kind.HANDOVER_WITHDRAWN:
            return _(
                "Overdracht aan gemeente %(to)s ingetrokken voordat die werd geaccepteerd; het dossier "
                "blijft bij gemeente %(from)s"
            ) % {"to": data["to_municipality"], "from": data["from_municipality"]}
    describer = _DESCRIBERS.get(event.kind)
    return describer(event) if describer is not None else event.kind
