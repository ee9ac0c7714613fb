"""Every write of placements. Views and commands call these; nothing else saves a placement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases import events as case_events
from werkroute.cases.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    Client,
    Consent,
    ConsentScope,
    EpisodeKind,
)
from werkroute.cases.scope import client_scope
from werkroute.cases.selectors import in_paid_work
from werkroute.cases.services import ConsentRequired, require_consent
from werkroute.core.services import save_versioned
from werkroute.placements import events, selectors
from werkroute.placements.models import (
    DeclineReason,
    Placement,
    PlacementStatus,
    Referral,
    ReferralStatus,
    WithdrawalReason,
)
from werkroute.placements.workflow import ENDED_BY_CONSENT_WITHDRAWAL, OPEN, check_transition
from werkroute.taxonomy.models import Skill

if TYPE_CHECKING:
    from werkroute.accounts.models import User

PLACEMENT_FIELDS = [
    "employer",
    "contact",
    "kind",
    "title",
    "occupation",
    "description",
    "min_dutch_listening",
    "min_dutch_reading",
    "min_dutch_speaking",
    "min_dutch_writing",
    "hours_per_week",
    "postcode",
    "capacity",
    "start_date",
    "end_date",
    "job_coach",
    "language_support",
    "driving_licence_required",
    "status",
]


def _check(actor: User, placement: Placement, required: set[int], desirable: set[int]) -> None:
    if not selectors.manageable_employers(actor).filter(pk=placement.employer_id).exists():
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    contact = placement.contact if placement.contact_id else None
    if contact is not None and contact.employer_id != placement.employer_id:
        errors.setdefault("contact", []).append(_("Deze contactpersoon werkt niet bij deze werkgever."))
    if placement.start_date and placement.end_date and placement.end_date < placement.start_date:
        errors.setdefault("end_date", []).append(_("De einddatum ligt vóór de startdatum."))
    if not 1 <= (placement.hours_per_week or 0) <= 60:
        errors.setdefault("hours_per_week", []).append(_("Kies 1 tot 60 uur per week."))
    if required & desirable:
        errors.setdefault("desirable_skills", []).append(
            _("Een vaardigheid kan niet tegelijk vereist en gewenst zijn.")
        )
    if errors:
        raise ValidationError(errors)


def _skill_ids(skills: Iterable[Skill | int]) -> set[int]:
    return {skill.pk if isinstance(skill, Skill) else int(skill) for skill in skills}


@transaction.atomic
def create_placement(
    actor: User,
    values: dict[str, Any],
    required_skills: Iterable[Skill | int] = (),
    desirable_skills: Iterable[Skill | int] = (),
) -> Placement:
    """Add a placement for an employer the actor may manage (own employer, or in the service point's region)."""
    placement = Placement(**{name: values[name] for name in PLACEMENT_FIELDS if name in values})
    required, desirable = _skill_ids(required_skills), _skill_ids(desirable_skills)
    _check(actor, placement, required, desirable)
    placement.full_clean(validate_constraints=False)
    placement.save()
    placement.required_skills.set(required)
    placement.desirable_skills.set(desirable)
    audit.record(AuditAction.CREATE, actor=actor, object_type="placement", object_id=placement.pk)
    return placement


@transaction.atomic
def update_placement(
    actor: User,
    placement: Placement,
    expected_version: int,
    values: dict[str, Any],
    required_skills: Iterable[Skill | int] | None = None,
    desirable_skills: Iterable[Skill | int] | None = None,
) -> list[str]:
    """Change a placement; refuses a stale form. Returns the names of the fields that changed."""
    if not selectors.may_manage(actor, placement):
        raise PermissionDenied
    changed = [
        name for name in PLACEMENT_FIELDS if name in values and getattr(placement, name) != values[name]
    ]
    for name in changed:
        setattr(placement, name, values[name])
    required = (
        _skill_ids(required_skills)
        if required_skills is not None
        else set(placement.required_skills.values_list("pk", flat=True))
    )
    desirable = (
        _skill_ids(desirable_skills)
        if desirable_skills is not None
        else set(placement.desirable_skills.values_list("pk", flat=True))
    )
    _check(actor, placement, required, desirable)
    placement.full_clean(validate_constraints=False)
    save_versioned(placement, expected_version, changed)
    if required_skills is not None:
        placement.required_skills.set(required)
    if desirable_skills is not None:
        placement.desirable_skills.set(desirable)
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        object_type="placement",
        object_id=placement.pk,
        changes={"fields": changed},
    )
    return changed


# --- Referrals (voordrachten) ----------------------------------------------------------------------------


def _may_work_on_client(actor: User, client: Client) -> bool:
    return Client.objects.filter(client_scope(actor, change=True), pk=client.pk).exists()


def _require_caseworker(actor: User, referral: Referral) -> None:
    if not _may_work_on_client(actor, referral.client):
        raise PermissionDenied


def _require_employer_side(actor: User, referral: Referral) -> None:
    """Interview and decision: the employer, its service point, or the client's caseworker records them."""
    if not (selectors.may_manage(actor, referral.placement) or _may_work_on_client(actor, referral.client)):
        raise PermissionDenied


def _require_shared_with_employer(actor: User, referral: Referral, day: dt.date) -> None:
    """The employer's part of a referral (interview, decision) goes on only while the client's consent to
    share the work profile holds on ``day`` (or the referral was sent on an audited override): checked at
    the moment of the step, since a consent can be withdrawn or expire after the referral was sent."""
    if Referral.objects.filter(selectors.shared_with_employer(day), pk=referral.pk).exists():
        return
    audit.record(
        AuditAction.REFUSED,
        actor=actor,
        object_type="referral",
        object_id=referral.pk,
        client_id=referral.client_id,
        changes={"reason": "no_consent", "status": referral.status},
    )
    raise ConsentRequired(
        _(
            "De klant geeft geen toestemming (meer) om het werkprofiel met werkgevers te delen. Deze "
            "voordracht kan alleen nog worden ingetrokken."
        )
    )


def _step(
    actor: User | None, referral: Referral, to_status: str, fields: list[str], **changes: Any
) -> Referral:
    check_transition(referral, to_status)
    before = referral.status
    referral.status = to_status
    save_fields = ["status", "updated_at", *fields]
    referral.save(update_fields=save_fields)
    on: dt.date | None = {
        ReferralStatus.SENT: referral.sent_on,
        ReferralStatus.ACCEPTED: referral.decided_on,
        ReferralStatus.DECLINED: referral.decided_on,
        ReferralStatus.STARTED: referral.started_on,
    }.get(ReferralStatus(to_status))
    events.referral_status_changed(referral, actor, before, on or dt.date.today())
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        object_type="referral",
        object_id=referral.pk,
        client_id=referral.client_id,
        changes={"status": [before, to_status], **changes},
    )
    return referral


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("client", "placement").get(pk=referral.pk)


@transaction.atomic
def propose_referral(
    actor: User, client: Client, placement: Placement, today: dt.date | None = None
) -> Referral:
    """Propose ``client`` for ``placement``; the score and its parts are kept for later calibration."""
    if (
        not _may_work_on_client(actor, client)
        or not selectors.visible_placements(actor).filter(pk=placement.pk).exists()
    ):
        raise PermissionDenied
    if placement.status != PlacementStatus.OPEN:
        raise ValidationError(_("Deze plaats staat niet open."))
    if Referral.objects.filter(client=client, placement=placement, status__in=OPEN).exists():
        raise ValidationError(_("Deze klant is al voorgedragen voor deze plaats."))
    referral = _scored_referral(actor, client, placement, today or dt.date.today())
    if referral is None:
        raise ValidationError(
            _("Deze plaats is voor deze klant niet haalbaar (reistijd, rijbewijs of beschikbaarheid).")
        )
    return referral


def _scored_referral(
    actor: User, client: Client, placement: Placement, today: dt.date, *, batch: bool = False
) -> Referral | None:
    """A proposed referral of ``client`` for ``placement`` with the engine's score and its parts (kept for
    later calibration), on the client's timeline and audited; ``None`` when the pair is not feasible. The
    one place that creates a referral, whether a caseworker proposes it or the regional batch does."""
    from werkroute.matching.recommend import explain
    from werkroute.placements.matching_adapter import build_market, client_queryset, placement_queryset

    market = build_market(
        client_queryset([client]),
        list(placement_queryset(Placement.objects.filter(pk=placement.pk))),
        today=today,
    )
    explanation = explain(market, 0, 0, with_counterfactual=False)
    if not explanation.feasible:
        return None
    referral = Referral.objects.create(
        client=client,
        placement=placement,
        proposed_by=actor,
        proposed_on=today,
        score=explanation.score,
        score_parts={c.component: round(c.value, 4) for c in explanation.contributions},
        proposed_while_in_work=Client.objects.filter(in_paid_work(today), pk=client.pk).exists(),
    )
    events.referral_proposed(referral, actor)
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        object_type="referral",
        object_id=referral.pk,
        client_id=client.pk,
        changes={
            "placement_id": placement.pk,
            "score": round(explanation.score, 4),
            "while_in_work": referral.proposed_while_in_work,
            **({"batch": True} if batch else {}),
        },
        purpose=selectors.MATCHING_PURPOSE if batch else "",
    )
    return referral


def _consent(actor: User, referral: Referral, override_reason: str, today: dt.date) -> Consent | None:
    return require_consent(
        actor,
        referral.client,
        ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
        override_reason=override_reason,
        on=today,
    )


@transaction.atomic
def record_client_consent(
    actor: User,
    referral: Referral,
    override_reason: str = "",
    today: dt.date | None = None,
    consent_values: dict[str, Any] | None = None,
) -> Referral:
    """The client agrees to this referral: needs a valid consent to share the work profile with employers.

    With ``consent_values`` (given on, valid until, how, interpreter) that consent is recorded first, in
    the same transaction: the caseworker records it where the referral asks for it, in one step.
    """
    referral = _locked(referral)
    _require_caseworker(actor, referral)
    today = today or dt.date.today()
    check_transition(referral, ReferralStatus.CONSENTED)
    if consent_values is not None:
        from werkroute.cases import services as cases

        cases.give_consent(
            actor,
            referral.client,
            {**consent_values, "scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, "organisation": None},
            today=today,
        )
    referral.consent = _consent(actor, referral, override_reason, today)
    referral.consent_override_reason = override_reason.strip()[:200] if referral.consent is None else ""
    return _step(actor, referral, ReferralStatus.CONSENTED, ["consent", "consent_override_reason"])


# How long a consent to share the work profile given in the portal holds, unless withdrawn earlier; the
# portal states this period in the consent's text.
PORTAL_PROFILE_CONSENT_DAYS = 365


@transaction.atomic
def answer_as_client(
    actor: User, referral: Referral, *, accept: bool, reason: str = "", today: dt.date | None = None
) -> Referral:
    """The client answers a proposal in their portal (``actor`` is their own account).

    Accepting gives the consent to share the work profile with employers in the region (method portal,
    for :data:`PORTAL_PROFILE_CONSENT_DAYS`, unless one is already valid) and takes the referral to
    "consent", the same step a caseworker records; the caseworker sends it on. Declining withdraws the
    referral with the client's reason, which reaches the caseworker as a message.
    """
    from werkroute.cases import client_services
    from werkroute.cases import services as cases
    from werkroute.cases.models import ClientAccount, ConsentMethod, MessageKind

    referral = _locked(referral)
    if not ClientAccount.objects.filter(user=actor, client_id=referral.client_id).exists():
        raise PermissionDenied
    today = today or dt.date.today()
    if not accept:
        check_transition(referral, ReferralStatus.WITHDRAWN)
        if not reason.strip():
            raise ValidationError({"reason": _("Schrijf kort waarom u dit voorstel niet wilt.")})
        referral.withdrawal_reason = WithdrawalReason.DECLINED_BY_CLIENT
        _step(actor, referral, ReferralStatus.WITHDRAWN, ["withdrawal_reason"], reason="by_client")
        client_services.send_client_message(actor, referral.client, reason, MessageKind.MESSAGE)
        return referral
    check_transition(referral, ReferralStatus.CONSENTED)
    consent = (
        Consent.objects.valid_on(today)
        .filter(client=referral.client, scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS)
        .first()
    )
    if consent is None:
        consent = cases.give_consent(
            actor,
            referral.client,
            {
                "scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
                "organisation": None,
                "given_on": today,
                "valid_until": today + dt.timedelta(days=PORTAL_PROFILE_CONSENT_DAYS),
                "method": ConsentMethod.PORTAL,
            },
            today=today,
        )
    referral.consent = consent
    return _step(actor, referral, ReferralStatus.CONSENTED, ["consent"], by="client")


@transaction.atomic
def send_to_employer(
    actor: User, referral: Referral, override_reason: str = "", today: dt.date | None = None
) -> Referral:
    """Send the work profile to the employer. Refused without a consent valid today (or an audited override)."""
    referral = _locked(referral)
    _require_caseworker(actor, referral)
    today = today or dt.date.today()
    check_transition(referral, ReferralStatus.SENT)
    consent = _consent(actor, referral, override_reason or referral.consent_override_reason, today)
    if consent is not None:
        referral.consent = consent
    referral.sent_on = today
    return _step(actor, referral, ReferralStatus.SENT, ["consent", "sent_on"])


@transaction.atomic
def record_interview(actor: User, referral: Referral, today: dt.date | None = None) -> Referral:
    """The employer and the candidate meet; only while the consent to share the profile holds."""
    referral = _locked(referral)
    _require_employer_side(actor, referral)
    _require_shared_with_employer(actor, referral, today or dt.date.today())
    return _step(actor, referral, ReferralStatus.INTERVIEW, [])


@transaction.atomic
def decide(
    actor: User, referral: Referral, accepted: bool, reason: str = "", today: dt.date | None = None
) -> Referral:
    """The employer's decision; a refusal needs a reason code (kept to learn what stands in the way).
    Only while the consent to share the profile holds."""
    referral = _locked(referral)
    _require_employer_side(actor, referral)
    _require_shared_with_employer(actor, referral, today or dt.date.today())
    referral.decided_on = today or dt.date.today()
    if accepted:
        return _step(actor, referral, ReferralStatus.ACCEPTED, ["decided_on"])
    if reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": _("Kies een reden van afwijzing.")})
    referral.decline_reason = reason
    return _step(actor, referral, ReferralStatus.DECLINED, ["decided_on", "decline_reason"], reason=reason)


@transaction.atomic
def withdraw(actor: User, referral: Referral) -> Referral:
    """The caseworker ends a referral; always possible while it is open, with or without consent."""
    referral = _locked(referral)
    _require_caseworker(actor, referral)
    referral.withdrawal_reason = WithdrawalReason.BY_CASEWORKER
    return _step(actor, referral, ReferralStatus.WITHDRAWN, ["withdrawal_reason"])


def end_referrals_without_consent(
    actor: User | None, consent: Consent, today: dt.date | None = None, **_signal: Any
) -> list[Referral]:
    """After ``consent`` was withdrawn: withdraw the client's open referrals (see
    ``workflow.ENDED_BY_CONSENT_WITHDRAWAL`` for why withdrawn, not frozen), each audited and put on the
    client's timeline as an event that asks the caseworker to talk with the client.

    Receives ``cases.services.consent_withdrawn_signal``, inside the withdrawal's transaction. Nothing
    happens when another consent of the same scope still holds today.
    """
    day = today or dt.date.today()
    if consent.scope != ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS:
        return []
    still_valid = Consent.objects.valid_on(day).filter(client_id=consent.client_id, scope=consent.scope)
    if still_valid.exists():
        return []
    referrals = list(
        Referral.objects.select_for_update()
        .filter(client_id=consent.client_id, status__in=ENDED_BY_CONSENT_WITHDRAWAL)
        .select_related("client")
        .order_by("pk")
    )
    for referral in referrals:
        reached = referral.status
        referral.withdrawal_reason = WithdrawalReason.CONSENT_WITHDRAWN
        _step(actor, referral, ReferralStatus.WITHDRAWN, ["withdrawal_reason"], reason="consent_withdrawn")
        case_events.referral_withdrawn_without_consent(
            referral.client,
            actor,
            referral_id=referral.pk,
            placement_id=referral.placement_id,
            consent_id=consent.pk,
            status=reached,
            on=day,
        )
    return referrals


@transaction.atomic
def start_work(
    actor: User,
    referral: Referral,
    start_date: dt.date,
    hours_per_week: int,
    cancel_activity_ids: Iterable[int] = (),
    today: dt.date | None = None,
) -> Referral:
    """The client starts: opens a paid-work position and plans after-care, through the case services.

    ``hours_per_week`` are the hours agreed with the client, which need not be the placement's (a
    part-time start, a second job beside another). The planned activities of the client named in
    ``cancel_activity_ids`` are cancelled because of the job; the others stay as planned.
    """
    from werkroute.cases import services as cases

    referral = _locked(referral)
    _require_caseworker(actor, referral)
    check_transition(referral, ReferralStatus.STARTED)
    placement = referral.placement
    today = today or dt.date.today()
    referral.labour_episode = cases.record_labour_episode(
        actor,
        referral.client,
        {
            "kind": EpisodeKind.PAID_WORK,
            "start_date": start_date,
            "hours_per_week": hours_per_week,
            "employer_name": placement.employer.name,
        },
        today=today,
    )
    planned = Activity.objects.filter(
        client=referral.client, status=ActivityStatus.PLANNED, pk__in=list(cancel_activity_ids)
    )
    for activity in planned:
        cases.transition_activity(
            actor,
            activity,
            ActivityStatus.CANCELLED,
            expected_version=activity.version,
            on=min(start_date, today),
            reason=_("Begonnen met werk: %(title)s") % {"title": placement.title},
            today=today,
        )
    referral.after_care = cases.plan_activity(
        actor,
        referral.client,
        {
            "activity_type": ActivityType.AFTER_CARE,
            "description": placement.title[:200],
            "start_date": start_date,
        },
    )
    referral.started_on = start_date
    return _step(actor, referral, ReferralStatus.STARTED, ["labour_episode", "after_care", "started_on"])


@transaction.atomic
def record_follow_up(actor: User, referral: Referral, months: int, still_in_work: bool) -> Referral:
    """After 3 and 6 months: is the client still at work? Kept as the outcome of the referral."""
    referral = _locked(referral)
    _require_caseworker(actor, referral)
    if months not in (3, 6):
        raise ValidationError(_("Opvolging gebeurt na 3 of na 6 maanden."))
    if not still_in_work:
        return _step(actor, referral, ReferralStatus.ENDED, [], months=months)
    target = ReferralStatus.IN_WORK_3_MONTHS if months == 3 else ReferralStatus.IN_WORK_6_MONTHS
    return _step(actor, referral, target, [], months=months)


@transaction.atomic
def propose_from_batch(
    actor: User, batch: selectors.Batch, chosen: set[str], today: dt.date | None = None
) -> list[Referral]:
    """The employer service point turns the chosen proposals of its regional or national batch into
    referrals.

    ``chosen`` holds :func:`batch_key` values of ``batch.proposals``, so only what the batch proposed can
    be created, and only for placements of the actor's own regions (the national batch proposes for the
    placements of every region taking part; each service point refers to its own). The referral starts
    as proposed: the client's caseworker then asks the client's consent before anything is sent to an
    employer. A pair with an open referral already is skipped.
    """
    own = selectors.batch_region_ids(actor)
    if batch.region is not None and batch.region.pk not in own:
        raise PermissionDenied
    if batch.region is None and not selectors.national_region_ids(actor):
        raise PermissionDenied
    today = today or dt.date.today()
    created = []
    for proposal in batch.proposals:
        client, placement = proposal["client"], proposal["placement"]
        if batch_key(proposal) not in chosen:
            continue
        if placement.employer.region_id not in own:
            raise PermissionDenied
        if Referral.objects.filter(client=client, placement=placement, status__in=OPEN).exists():
            continue
        referral = _scored_referral(actor, client, placement, today, batch=True)
        if referral is None:  # the batch proposes feasible pairs only; a change since then is skipped
            continue
        created.append(referral)
    return created


def batch_key(proposal: dict[str, Any]) -> str:
    """How a page names one proposal of the batch: the client's pseudonym and the placement."""
    return f"{proposal['label']}:{proposal['placement'].pk}"
