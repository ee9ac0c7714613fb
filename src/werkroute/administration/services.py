"""Writes of the administration screens. Account rules live in ``accounts.services``, case rules in
``cases.services``; this app combines them and adds organisations and the reference-data imports."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from werkroute.accounts import services as accounts
from werkroute.accounts.policies import administration_region_ids, may_administer
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases import services as cases
from werkroute.core.importing import ImportFileError, ImportReport
from werkroute.regions.importers import import_municipalities, import_postcodes
from werkroute.regions.models import Organisation, OrganisationKind, Region
from werkroute.taxonomy.importers import import_esco

if TYPE_CHECKING:
    from werkroute.accounts.models import User

ORGANISATION_FIELDS = ("name", "kind", "region", "municipality")


def _require_administrator(actor: User) -> None:
    if not may_administer(actor):
        raise PermissionDenied


@transaction.atomic
def save_organisation(
    actor: User, values: dict[str, Any], organisation: Organisation | None = None
) -> Organisation:
    """Create or change an organisation in a region the actor administers. A municipal organisation needs
    its municipality, in that region; other kinds may name the municipality where they are based."""
    _require_administrator(actor)
    region_ids = administration_region_ids(actor)
    if values["region"].pk not in region_ids or (organisation and organisation.region_id not in region_ids):
        raise PermissionDenied
    municipality = values.get("municipality")
    if values["kind"] == OrganisationKind.MUNICIPALITY and municipality is None:
        raise ValidationError({"municipality": _("Kies de gemeente waarvoor deze organisatie werkt.")})
    if municipality is not None and municipality.region_id != values["region"].pk:
        raise ValidationError({"municipality": _("Deze gemeente ligt niet in de gekozen arbeidsmarktregio.")})
    organisation = organisation or Organisation()
    created = organisation.pk is None
    before = (
        {
            name: getattr(organisation, f"{name}_id" if name in ("region", "municipality") else name)
            for name in ORGANISATION_FIELDS
        }
        if not created
        else {}
    )
    for name in ORGANISATION_FIELDS:
        setattr(organisation, name, values.get(name))
    organisation.full_clean()
    organisation.save()
    after = {
        name: getattr(organisation, f"{name}_id" if name in ("region", "municipality") else name)
        for name in ORGANISATION_FIELDS
    }
    audit.record(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        actor=actor,
        object_type="organisation",
        object_id=organisation.pk,
        changes={name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]},
    )
    return organisation


@transaction.atomic
def set_national_market(actor: User, region: Region, taking_part: bool) -> bool:
    """Let ``region`` (one the actor administers) take part in the national market or leave it: its
    employer service point then shares the region's pool and open placements with the other taking part
    regions in one national batch (``placements.selectors.national_batch``). A region agrees to this as
    a whole, so it is the administrator's setting, not a role. Audited with the old and the new value;
    returns whether anything changed (saving the same value again writes nothing)."""
    _require_administrator(actor)
    if region.pk not in administration_region_ids(actor):
        raise PermissionDenied
    # Read again under a lock: two administrators saving at once each see the value they change.
    stored = Region.objects.select_for_update().get(pk=region.pk)
    if stored.national_market == taking_part:
        return False
    Region.objects.filter(pk=stored.pk).update(national_market=taking_part)
    region.national_market = taking_part
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        object_type="region",
        object_id=region.pk,
        changes={"national_market": [stored.national_market, taking_part]},
    )
    return True


@transaction.atomic
def deactivate_user(actor: User, user: User, successor: User | None, reason: str) -> int:
    """Block ``user``'s account after moving their clients to ``successor`` (a team lead of the clients'
    municipalities); refused when they have clients and no successor is named, so no client is left
    without a caseworker. Returns how many clients moved."""
    _require_administrator(actor)
    if actor.pk == user.pk:
        raise ValidationError(_("U kunt uw eigen account niet blokkeren."))
    from werkroute.cases.models import Client

    has_clients = Client.objects.filter(caseworker=user).exists()
    if has_clients and successor is None:
        raise ValidationError(
            {"successor": _("Deze gebruiker heeft klanten. Kies een teamleider die ze overneemt.")}
        )
    moved = cases.transfer_caseload(actor, user, successor) if successor is not None and has_clients else 0
    accounts.deactivate_user(actor=actor, user=user, reason=reason)
    return moved


def _record_import(
    actor: User, kind: str, files: Iterable[str], report: ImportReport | None, error: str
) -> None:
    audit.record(
        AuditAction.CREATE if report is not None else AuditAction.REFUSED,
        actor=actor,
        object_type="reference_import",
        object_id=kind,
        changes={
            "files": sorted(files),
            "created": report.created if report else {},
            "updated": report.updated if report else {},
            "deleted": report.deleted if report else {},
            "error": error,
        },
    )


def _without_folder(
    actor: User, kind: str, names: list[str], error: ImportFileError, folder: str
) -> ImportFileError:
    """The importer's message names the server's temporary folder; the user knows their files."""
    message = str(error).replace(folder + "/", "").replace(folder, _("de geüploade bestanden"))
    _record_import(actor, kind, names, None, message)
    return ImportFileError(message, row=error.row, file_name=error.file_name)


def _store(folder: Path, upload: UploadedFile, name: str | None = None) -> Path:
    # Only the base name: an uploaded name must not climb out of the temporary folder.
    target = folder / Path(name or upload.name or "bestand.csv").name
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


def import_regions(
    actor: User,
    municipalities: UploadedFile,
    postcodes: UploadedFile | None = None,
    region_codes: set[str] | None = None,
) -> ImportReport:
    """Run the CBS municipality (and PC4) import on uploaded files, all or nothing; audited either way.
    Raises ``ImportFileError`` with the importer's Dutch message (file and row) when a file is wrong."""
    _require_administrator(actor)
    names = [municipalities.name or ""] + ([postcodes.name or ""] if postcodes else [])
    with tempfile.TemporaryDirectory(prefix="werkroute-import-") as folder:
        municipality_file = _store(Path(folder), municipalities)
        postcode_file = (
            _store(Path(folder), postcodes, "pc4-" + Path(postcodes.name or "").name) if postcodes else None
        )
        try:
            report = ImportReport()
            with transaction.atomic():
                report.merge(import_municipalities(municipality_file, region_codes=region_codes or None))
                if postcode_file is not None:
                    report.merge(import_postcodes(postcode_file, region_codes=region_codes or None))
        except ImportFileError as error:
            raise _without_folder(actor, "regions", names, error, folder) from None
    _record_import(actor, "regions", names, report, "")
    return report


def import_taxonomy(actor: User, files: list[UploadedFile]) -> ImportReport:
    """Run the ESCO import on the uploaded CSV files of the official download (one folder's files)."""
    _require_administrator(actor)
    names = [upload.name or "" for upload in files]
    with tempfile.TemporaryDirectory(prefix="werkroute-esco-") as folder:
        for upload in files:
            _store(Path(folder), upload)
        try:
            report = import_esco(Path(folder))
        except ImportFileError as error:
            raise _without_folder(actor, "esco", names, error, folder) from None
    _record_import(actor, "esco", names, report, "")
    return report
