"""Every write of the knowledge base: the catalogue's edits and import (each kept as a version and
audited), the link of an activity to an intervention, and the stored outcome measurements."""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkroute.accounts.policies import may_edit_knowledge
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases.models import Activity, ActivityStatus
from werkroute.core.services import save_versioned
from werkroute.knowledge import events
from werkroute.knowledge.forms import InterventionForm
from werkroute.knowledge.models import (
    ActivityIntervention,
    Intervention,
    InterventionOutcome,
    InterventionVersion,
)

if TYPE_CHECKING:
    from werkroute.accounts.models import User
    from werkroute.cases.models import Client

EXPORT_FORMAT = "werkroute-interventiecatalogus"
EXPORT_VERSION = 1
# Everything of an intervention that an editor writes, in the order of the form and the export.
CONTENT_FIELDS = tuple(InterventionForm.base_fields)
# Activities that can still be said to carry out an intervention (a cancelled one never began).
LINKABLE_STATUSES = (
    ActivityStatus.PLANNED,
    ActivityStatus.ACTIVE,
    ActivityStatus.COMPLETED,
    ActivityStatus.STOPPED_EARLY,
)


class CatalogueImportError(Exception):
    """An imported catalogue that is refused as a whole; ``message`` names the item and the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _require_editor(actor: User) -> None:
    if not may_edit_knowledge(actor):
        raise PermissionDenied


def content_of(intervention: Intervention) -> dict[str, Any]:
    """The intervention's content as plain data: what a version keeps and the export writes."""
    content: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        if name == "regions":
            content[name] = sorted(intervention.regions.values_list("code", flat=True))
        elif name == "cost_per_participant":
            cost = intervention.cost_per_participant
            content[name] = None if cost is None else str(cost)
        else:
            content[name] = getattr(intervention, name)
    return content


def _apply(intervention: Intervention, cleaned: dict[str, Any]) -> None:
    for name in CONTENT_FIELDS:
        if name != "regions":
            setattr(intervention, name, cleaned[name])


def _comparable(content: dict[str, Any]) -> dict[str, Any]:
    cost = content.get("cost_per_participant")
    return {**content, "cost_per_participant": None if cost in (None, "") else str(Decimal(str(cost)))}


def _changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    before, after = _comparable(before), _comparable(after)
    return sorted(name for name in CONTENT_FIELDS if before.get(name) != after.get(name))


def _keep_version(intervention: Intervention, actor: User | None, reason: str) -> InterventionVersion:
    number = (intervention.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return InterventionVersion.objects.create(
        intervention=intervention,
        number=number,
        content=content_of(intervention),
        reason=reason,
        saved_by=actor,
    )


@transaction.atomic
def create_intervention(actor: User, cleaned: dict[str, Any], reason: str = "") -> Intervention:
    """A new intervention from a valid :class:`~werkroute.knowledge.forms.InterventionForm`; version 1
    is kept and the creation audited. Only a knowledge editor."""
    _require_editor(actor)
    if Intervention.objects.filter(code=cleaned["code"]).exists():
        raise ValidationError({"code": _("Deze code is al in gebruik.")})
    intervention = Intervention(updated_by=actor)
    _apply(intervention, cleaned)
    intervention.save()
    intervention.regions.set(cleaned["regions"])
    _keep_version(intervention, actor, reason)
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        object_type="intervention",
        object_id=intervention.pk,
        changes={"code": intervention.code},
    )
    return intervention


@transaction.atomic
def update_intervention(
    actor: User, intervention: Intervention, cleaned: dict[str, Any], expected_version: int, reason: str = ""
) -> list[str]:
    """Save a new text of ``intervention``; the previous one stays as a version. Refuses a stale form
    (``StaleObjectError``). Returns the changed fields (none: nothing is written)."""
    _require_editor(actor)
    if Intervention.objects.filter(code=cleaned["code"]).exclude(pk=intervention.pk).exists():
        raise ValidationError({"code": _("Deze code is al in gebruik.")})
    before = content_of(intervention)
    after = {**cleaned, "regions": sorted(region.code for region in cleaned["regions"])}
    changed = _changed_fields(before, after)
    if not changed:
        return []
    _apply(intervention, cleaned)
    intervention.updated_by = actor
    save_versioned(
        intervention,
        expected_version,
        [*(name for name in CONTENT_FIELDS if name != "regions"), "updated_by"],
    )
    intervention.regions.set(cleaned["regions"])
    _keep_version(intervention, actor, reason)
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        object_type="intervention",
        object_id=intervention.pk,
        changes={"changed": changed, "reason": reason},
    )
    return changed


def export_catalogue(actor: User) -> str:
    """The whole catalogue as JSON (the format :func:`import_catalogue` reads); audited as an export."""
    interventions = Intervention.objects.prefetch_related("regions").order_by("code")
    items = [content_of(intervention) for intervention in interventions]
    document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "interventions": items}
    audit.record(
        AuditAction.EXPORT,
        actor=actor,
        object_type="intervention_catalogue",
        changes={"interventions": len(items)},
    )
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)


def _item_label(number: int, item: Any) -> str:
    code = item.get("code") if isinstance(item, dict) else None
    if isinstance(code, str) and code:
        return _("Interventie %(number)s (%(code)s)") % {"number": number, "code": code[:80]}
    return _("Interventie %(number)s") % {"number": number}


def _parse(raw: bytes) -> list[Any]:
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CatalogueImportError(_("Het bestand is geen tekst in UTF-8.")) from None
    except json.JSONDecodeError as error:
        raise CatalogueImportError(
            _("Het bestand is geen geldige JSON (regel %(line)s, kolom %(column)s).")
            % {"line": error.lineno, "column": error.colno}
        ) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise CatalogueImportError(
            _('Dit is geen export van de interventiecatalogus: het veld "format" moet "%(format)s" zijn.')
            % {"format": EXPORT_FORMAT}
        )
    if document.get("version") != EXPORT_VERSION:
        raise CatalogueImportError(
            _("Deze versie van het bestandsformaat kennen we niet (verwacht: %(version)s).")
            % {"version": EXPORT_VERSION}
        )
    items = document.get("interventions")
    if not isinstance(items, list):
        raise CatalogueImportError(_('Het veld "interventions" moet een lijst zijn.'))
    return items


def _validated(items: list[Any]) -> list[dict[str, Any]]:
    """Every item checked with the editor's own form; the first problem names the item and the field."""
    cleaned_items, seen = [], set()
    for number, item in enumerate(items, start=1):
        label = _item_label(number, item)
        if not isinstance(item, dict):
            raise CatalogueImportError(_("%(item)s: is geen object met velden.") % {"item": label})
        unknown = sorted(set(item) - set(CONTENT_FIELDS))
        if unknown:
            raise CatalogueImportError(
                _('%(item)s: onbekend veld "%(field)s".') % {"item": label, "field": str(unknown[0])[:80]}
            )
        data = {name: ("" if value is None else value) for name, value in item.items()}
        form = InterventionForm(data)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            name = form.fields[field].label if field in form.fields else field
            raise CatalogueImportError(
                _('%(item)s, veld "%(field)s": %(error)s')
                % {"item": label, "field": name, "error": errors[0]}
            )
        if form.cleaned_data["code"] in seen:
            raise CatalogueImportError(
                _("%(item)s: deze code staat twee keer in het bestand.") % {"item": label}
            )
        seen.add(form.cleaned_data["code"])
        cleaned_items.append(form.cleaned_data)
    return cleaned_items


def import_catalogue(actor: User, raw: bytes) -> dict[str, int]:
    """Read a whole exported catalogue: new codes are added, known ones get a new version where their
    content changed. The file is checked entirely first; any problem refuses all of it (nothing is
    written) with a Dutch message naming the item and field. Returns counts."""
    _require_editor(actor)
    try:
        cleaned_items = _validated(_parse(raw))
    except CatalogueImportError as error:
        audit.record(
            AuditAction.REFUSED,
            actor=actor,
            object_type="intervention_catalogue",
            changes={"error": error.message},
        )
        raise
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    reason = _("import van de catalogus")
    with transaction.atomic():
        existing = {
            intervention.code: intervention for intervention in Intervention.objects.select_for_update()
        }
        for cleaned in cleaned_items:
            intervention = existing.get(cleaned["code"])
            if intervention is None:
                create_intervention(actor, cleaned, reason)
                counts["created"] += 1
            elif update_intervention(actor, intervention, cleaned, intervention.version, reason):
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts


@transaction.atomic
def link_activity(actor: User, client: Client, activity: Activity, intervention: Intervention | None) -> None:
    """Say which intervention ``activity`` carries out (``None``: none). ``client`` must come from
    ``cases.selectors.get_client(actor, ..., change=True)`` and ``activity`` from ``get_activity`` for
    it; the link is a timeline event of the file, and so audited."""
    if activity.client_id != client.pk:
        raise PermissionDenied
    if activity.status not in LINKABLE_STATUSES:
        raise ValidationError(_("Een geannuleerde activiteit voert geen interventie uit."))
    current = ActivityIntervention.objects.filter(activity=activity).first()
    if (current.intervention_id if current else None) == (intervention.pk if intervention else None):
        return
    if intervention is None:
        ActivityIntervention.objects.filter(activity=activity).delete()
    else:
        ActivityIntervention.objects.update_or_create(
            activity=activity, defaults={"intervention": intervention, "linked_by": actor}
        )
    events.activity_intervention_linked(activity, intervention, actor)


def measure_outcomes(as_of: dt.date | None = None, seed: int = 0) -> dict[str, float]:
    """Measure the outcomes of every intervention from the case files and keep them (the job's work);
    older measurements are replaced. Returns timings and counts."""
    from werkroute.knowledge import adapter, outcomes

    started = time.perf_counter()
    as_of = as_of or dt.date.today()
    population = adapter.load_population(as_of)
    ids = list(Intervention.objects.values_list("pk", flat=True))
    results = outcomes.measure_all(population, ids, seed=seed)
    now = timezone.now()
    with transaction.atomic():
        InterventionOutcome.objects.filter(intervention_id__in=ids).delete()
        InterventionOutcome.objects.bulk_create(
            InterventionOutcome(
                intervention_id=pk,
                as_of=as_of,
                computed_at=now,
                participants=result["participants"],
                measured=result["measured"],
                data=result,
            )
            for pk, result in results.items()
        )
    return {
        "interventions": len(ids),
        "participants": sum(result["participants"] for result in results.values()),
        "seconds": time.perf_counter() - started,
    }


def outcomes_minimum() -> int:
    """How many participants an intervention needs before its outcomes are estimated."""
    from werkroute.knowledge.outcomes import MIN_PARTICIPANTS

    return MIN_PARTICIPANTS
