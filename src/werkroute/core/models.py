"""Abstract bases shared by the domain models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaleObjectError(Exception):
    """The record changed after the form was opened; saving would overwrite someone else's work."""


class VersionedModel(models.Model):
    """A record edited by people at busy desks: optimistic locking against silent overwrites.

    Forms carry the ``version`` they were opened with; :func:`werkroute.core.services.save_versioned`
    only writes when it is still current, and raises :class:`StaleObjectError` otherwise.
    """

    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True
