"""Write helpers shared by the services of every app."""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone

from werkroute.core.models import StaleObjectError, VersionedModel


@transaction.atomic
def save_versioned(instance: VersionedModel, expected_version: int, fields: list[str]) -> None:
    """Save ``fields`` of ``instance`` only if nobody saved it since ``expected_version`` was read.

    A conditional UPDATE (``WHERE version = expected``) makes the check and the write one atomic step, so
    two caseworkers saving at the same moment cannot both succeed.
    """
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=models.F("version") + 1, **values
    )
    if updated != 1:
        raise StaleObjectError(model.__name__)
    instance.version = expected_version + 1
    # The instance is what callers answer with (the API returns it): the moment stored, not the one read.
    instance.updated_at = values["updated_at"]
