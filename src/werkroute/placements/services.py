"""Every write of placements. Views and commands call these; nothing else saves a placement."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.core.services import save_versioned
from werkroute.placements import selectors
from werkroute.placements.models import Placement
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
