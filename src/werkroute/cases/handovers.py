"""Warm handovers of a client's file to the municipality the client moves to.

Requested (by the new municipality, which found the client by BSN when registering them) → sent (the
sending caseworker wrote the handover note and recorded the ground: a legal basis or the client's
consent) → accepted (by a caseworker or team lead of the new municipality). A request may be declined
with a reason; a sent handover may be withdrawn with a reason until it is accepted. Until acceptance the
file stays with the sending municipality, which stays responsible; the receiving municipality reads it
from the moment it is sent (``cases.scope``). On acceptance the one
client row moves, with everything in it: nothing is copied, the BSN stays unique, and the sending
municipality loses access because the file is no longer in its municipality.

This module is the one way a client changes municipality: ``services.update_client`` refuses a change of
``Client.municipality``, so that nobody who happens to work for both municipalities moves a file around
the handover (and around its ground, note and acceptance).

Every step is one timeline event, and so one audit entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from werkroute.accounts.models import User
from werkroute.accounts.policies import case_municipality_ids, may_view_team
from werkroute.cases import events
from werkroute.cases.events import Kind
from werkroute.cases.models import (
    OPEN_HANDOVER_STATUSES,
    Client,
    ConsentScope,
    Handover,
    HandoverGround,
    HandoverLegalBasis,
    HandoverStatus,
    Relocation,
)
from werkroute.cases.services import _check_caseworker, _lock, require_consent
from werkroute.core.crypto import lookup_hash
from werkroute.core.services import save_versioned
from werkroute.regions.models import Municipality


def _already_open() -> str:
    return _("Voor deze klant loopt al een overdracht.")


def _check_receiver(actor: User, municipality: Municipality) -> None:
    if municipality.pk not in case_municipality_ids(actor):
        raise PermissionDenied


@transaction.atomic
def request_handover(
    actor: User, *, bsn: str, to_municipality: Municipality, moved_on: dt.date, today: dt.date | None = None
) -> Handover:
    """The new municipality asks for the file of a client already in Werkroute (found by BSN).

    Says nothing about the file or where it is: the sending municipality decides what to hand over.
    """
    _check_receiver(actor, to_municipality)
    today = today or dt.date.today()
    client = Client.objects.select_for_update().filter(bsn_hash=lookup_hash(bsn)).first() if bsn else None
    if client is None:
        raise ValidationError(
            {"bsn": _("Er staat geen klant met dit BSN in Werkroute. Schrijf de klant in.")}
        )
    if client.municipality_id == to_municipality.pk:
        raise ValidationError({"bsn": _("Deze klant hoort al bij deze gemeente.")})
    if Handover.objects.filter(client=client, status__in=OPEN_HANDOVER_STATUSES).exists():
        raise ValidationError(_already_open())
    handover = Handover.objects.create(
        client=client,
        from_municipality=client.municipality,
        to_municipality=to_municipality,
        moved_on=moved_on,
        status=HandoverStatus.REQUESTED,
        requested_by=actor,
        requested_on=today,
    )
    events.handover_changed(handover, actor, Kind.HANDOVER_REQUESTED, today)
    return handover


def ground_errors(ground: str, legal_basis: str, legal_basis_note: str) -> dict[str, str]:
    """What is wrong with a handover's ground, per field (the form asks too, to show it at once)."""
    if ground not in HandoverGround.values:
        return {"ground": _("Kies de grondslag: een wettelijke grondslag of de toestemming van de klant.")}
    if ground != HandoverGround.LEGAL_BASIS:
        return {}
    if not legal_basis:
        return {"legal_basis": _("Kies de wettelijke grondslag waarop het dossier overgaat.")}
    if legal_basis not in HandoverLegalBasis.values:
        return {"legal_basis": _("Kies een wettelijke grondslag uit de lijst.")}
    if legal_basis == HandoverLegalBasis.OTHER and not legal_basis_note.strip():
        return {
            "legal_basis_note": _(
                "Noem bij een andere grondslag de wet en het artikel waarop het dossier overgaat."
            )
        }
    return {}


@transaction.atomic
def send_handover(
    actor: User, client: Client, values: dict[str, Any], today: dt.date | None = None
) -> Handover:
    """The sending caseworker hands the file over: the receiving municipality, the move date, the ground
    and the handover note. Answers an open request when there is one (to the municipality that asked).

    ``client`` comes from a selector scoped for change: only the municipality that holds the file sends.
    """
    today = today or dt.date.today()
    _lock(client)
    to_municipality: Municipality = values["to_municipality"]
    note, ground = values["note"].strip(), values["ground"]
    legal_basis = values.get("legal_basis") or ""
    legal_basis_note = (values.get("legal_basis_note") or "").strip()
    errors: dict[str, str] = {}
    if to_municipality.pk == client.municipality_id:
        errors["to_municipality"] = _("Kies de gemeente waar de klant naartoe verhuist.")
    if not note:
        errors["note"] = _("Schrijf een overdrachtsnotitie voor de nieuwe klantmanager.")
    errors |= ground_errors(ground, legal_basis, legal_basis_note)
    handover = Handover.objects.filter(client=client, status__in=OPEN_HANDOVER_STATUSES).first()
    if handover is not None and handover.status == HandoverStatus.SENT:
        errors["__all__"] = _already_open()
    elif handover is not None and handover.to_municipality_id != to_municipality.pk:
        errors["to_municipality"] = _(
            "Gemeente %(asked)s vroeg om dit dossier. Wijs die aanvraag eerst af als de klant ergens "
            "anders heen gaat."
        ) % {"asked": handover.to_municipality.name}
    if errors:
        raise ValidationError(errors)
    consent = None
    if ground == HandoverGround.CONSENT:
        # Refuses (and logs the refusal) without a valid consent; an override needs the permission.
        consent = require_consent(actor, client, ConsentScope.TRANSFER_TO_NEW_MUNICIPALITY, on=today)
        legal_basis = legal_basis_note = ""
    if handover is None:
        handover = Handover(
            client=client, from_municipality=client.municipality, to_municipality=to_municipality
        )
    handover.moved_on = values["moved_on"]
    handover.status = HandoverStatus.SENT
    handover.note, handover.ground, handover.consent = note, ground, consent
    handover.legal_basis, handover.legal_basis_note = legal_basis, legal_basis_note
    handover.sent_by, handover.sent_on = actor, today
    try:
        with transaction.atomic():
            handover.save()
    except IntegrityError:  # another caseworker sent one at the same moment
        raise ValidationError(_already_open()) from None
    events.handover_changed(handover, actor, Kind.HANDOVER_SENT, today)
    return handover


@transaction.atomic
def decline_request(actor: User, client: Client, reason: str, today: dt.date | None = None) -> Handover:
    """The sending caseworker declines a request (not this person, or not moved): the file stays."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef aan waarom u de aanvraag afwijst.")})
    _lock(client)
    handover = Handover.objects.filter(client=client, status=HandoverStatus.REQUESTED).first()
    if handover is None:
        raise ValidationError(_("Er is geen openstaande aanvraag voor deze klant."))
    handover.status, handover.decline_reason = HandoverStatus.DECLINED, reason
    handover.save(update_fields=["status", "decline_reason"])
    events.handover_changed(handover, actor, Kind.HANDOVER_DECLINED, today or dt.date.today())
    return handover


def may_withdraw(actor: User, handover: Handover) -> bool:
    """Who may take back a sent handover: the caseworker who sent it, the client's caseworker, or a team
    lead of the sending municipality. Not any colleague: withdrawing undoes a colleague's decision."""
    if handover.status != HandoverStatus.SENT:
        return False
    if handover.from_municipality_id not in case_municipality_ids(actor):
        return False
    return actor.pk in (handover.sent_by_id, handover.client.caseworker_id) or may_view_team(
        actor, handover.from_municipality_id
    )


@transaction.atomic
def withdraw_handover(actor: User, client: Client, reason: str, today: dt.date | None = None) -> Handover:
    """The sending side takes back a handover it sent, before the receiving municipality accepted it
    (the move fell through, the wrong municipality, the note must be rewritten). The file stays where it
    was; the receiving municipality's reading access ends at once, because it follows the status; the
    ``handover_pending`` signal is resolved by the sweep that follows this change. A new handover may be
    sent afterwards.

    ``client`` comes from a selector scoped for change: only the municipality that holds the file.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef aan waarom u de overdracht intrekt.")})
    _lock(client)
    handover = (
        Handover.objects.select_for_update()
        .select_related("client", "from_municipality", "to_municipality")
        .filter(client=client, status__in=OPEN_HANDOVER_STATUSES)
        .first()
    )
    if handover is None or handover.status != HandoverStatus.SENT:
        raise ValidationError(
            _("Er is geen verstuurde overdracht om in te trekken; misschien is ze al geaccepteerd.")
        )
    if not may_withdraw(actor, handover):
        raise PermissionDenied
    handover.status = HandoverStatus.WITHDRAWN
    handover.withdrawn_by, handover.withdrawn_on, handover.withdraw_reason = (
        actor,
        today or dt.date.today(),
        reason,
    )
    handover.save(update_fields=["status", "withdrawn_by", "withdrawn_on", "withdraw_reason"])
    events.handover_changed(handover, actor, Kind.HANDOVER_WITHDRAWN, handover.withdrawn_on)
    return handover


@transaction.atomic
def accept_handover(
    actor: User, handover: Handover, caseworker: User | None = None, today: dt.date | None = None
) -> Handover:
    """The receiving municipality takes the file over: the client row moves to it, with ``caseworker``
    (the actor by default) as the new caseworker, and the move is kept as a relocation."""
    today = today or dt.date.today()
    _check_receiver(actor, handover.to_municipality)
    client = Client.objects.select_for_update().get(pk=handover.client_id)
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    if locked.status != HandoverStatus.SENT:
        raise ValidationError(_("Deze overdracht is al afgehandeld."))
    caseworker = caseworker or actor
    _check_caseworker({"municipality": handover.to_municipality, "caseworker": caseworker})
    previous = client.municipality
    old_caseworker = client.caseworker_id
    client.municipality, client.caseworker = handover.to_municipality, caseworker
    save_versioned(client, client.version, ["municipality", "caseworker"])
    # Kept for monitoring, which counts a client where they lived on each reference date.
    locked.relocation = Relocation.objects.create(
        client=client,
        from_municipality=previous,
        to_municipality=client.municipality,
        moved_on=locked.moved_on,
    )
    locked.status, locked.accepted_by, locked.accepted_on = HandoverStatus.ACCEPTED, actor, today
    locked.save(update_fields=["relocation", "status", "accepted_by", "accepted_on"])
    events.handover_changed(locked, actor, Kind.HANDOVER_ACCEPTED, today)
    events.client_updated(
        client,
        actor,
        ["municipality", "caseworker"],
        old_and_new={
            "municipality": (previous.pk, client.municipality_id),
            "caseworker": (old_caseworker, caseworker.pk),
        },
    )
    return locked
