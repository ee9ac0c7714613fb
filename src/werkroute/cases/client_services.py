"""Writes of the client's own portal and their counterparts on the caseworker's side: opening a client
account, messages both ways ("I can't come" and correction requests are messages with a kind), reading
them, and the client's visits.

Like ``services.py``, these receive objects already scoped by a selector. A message from the client puts
an event on the timeline that asks the caseworker to act (``events.NEEDS_ATTENTION``) until they answer or
record a contact. Notification e-mails carry a link only: no name, no content, since mail leaves the
platform unencrypted and may be read by someone else in the household.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from werkroute.accounts.models import User
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases import events
from werkroute.cases.models import Activity, Client, ClientAccount, Message, MessageKind

MAX_MESSAGE_LENGTH = 2000


@transaction.atomic
def open_client_account(actor: User | None, client: Client, user: User) -> ClientAccount:
    """Link ``user`` to ``client``: from then on the account opens that one file in the portal.

    Refused for an account that holds memberships (a staff account must never become a client's) and for
    a client or user already linked."""
    if user.memberships.exists():
        raise ValidationError(_("Een account van een medewerker kan geen klantaccount worden."))
    try:
        with transaction.atomic():
            account = ClientAccount.objects.create(user=user, client=client)
    except IntegrityError as error:
        raise ValidationError(_("Deze klant of dit account heeft al een klantaccount.")) from error
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        object_type="client_account",
        object_id=account.pk,
        client_id=client.pk,
        changes={"user_id": user.pk},
    )
    return account


def record_visit(account: ClientAccount) -> dt.datetime | None:
    """The client opened the portal: returns the previous visit (what changed since then is shown) and
    remembers this one."""
    previous = account.last_visit_at
    account.last_visit_at = timezone.now()
    account.save(update_fields=["last_visit_at"])
    return previous


def remember_language(account: ClientAccount, language: str) -> None:
    if language != account.language:
        account.language = language
        account.save(update_fields=["language"])


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf eerst een bericht.")})
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {"text": _("Een bericht is hoogstens %(count)s tekens lang.") % {"count": MAX_MESSAGE_LENGTH}}
        )
    return text


def _notify(address: str, path: str, language: str) -> None:
    """The mail is written in ``language``, not in that of the request that caused it: a client's
    message must not reach their caseworker in Tigrinya, nor an answer reach the client in Dutch."""
    if not address:
        return
    with translation.override(language):
        send_mail(
            _("Nieuw bericht in Werkroute"),
            _("Er staat een nieuw bericht voor u klaar in Werkroute. Log in om het te lezen: %(link)s")
            % {"link": settings.WERKROUTE_SITE_URL + path},
            None,
            [address],
        )


@transaction.atomic
def send_client_message(
    actor: User,
    client: Client,
    text: str,
    kind: str = MessageKind.MESSAGE,
    activity: Activity | None = None,
) -> Message:
    """A message from the client (``actor`` is their own account) to their caseworker; ``kind`` says
    whether it is an ordinary message, "I can't come" to ``activity`` (the text is the reason) or a
    request to correct their data. The caseworker is told by e-mail, with a link only."""
    if kind not in MessageKind.values:
        raise ValidationError(_("Onbekende soort bericht."))
    if kind == MessageKind.CANNOT_ATTEND and (activity is None or activity.client_id != client.pk):
        raise ValidationError(_("Kies de afspraak waar u niet kunt komen."))
    message = Message.objects.create(
        client=client,
        kind=kind,
        from_client=True,
        author=actor,
        activity=activity if kind == MessageKind.CANNOT_ATTEND else None,
        text=_clean_text(text),
    )
    events.message_sent(message, actor)
    caseworker = client.caseworker
    if caseworker is not None and caseworker.email:
        address = caseworker.email
        transaction.on_commit(
            lambda: _notify(address, reverse("cases:messages", args=[client.pk]), settings.LANGUAGE_CODE)
        )
    return message


@transaction.atomic
def send_message_to_client(actor: User, client: Client, text: str) -> Message:
    """The caseworker's answer in the client's thread; the client is told by e-mail, with a link only."""
    message = Message.objects.create(client=client, from_client=False, author=actor, text=_clean_text(text))
    events.message_sent(message, actor)
    # Answering reads what came before it.
    Message.objects.filter(client=client, from_client=True, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if client.email:
        address = client.email
        chosen = ClientAccount.objects.filter(client=client).values_list("language", flat=True).first()
        language = chosen or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: _notify(address, reverse("portal:messages"), language))
    return message


def mark_read(client: Client, *, from_client: bool) -> int:
    """The thread was opened by the other side: their unread messages are now read."""
    return Message.objects.filter(client=client, from_client=from_client, read_at__isnull=True).update(
        read_at=timezone.now()
    )
