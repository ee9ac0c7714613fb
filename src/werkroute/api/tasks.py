"""Jobs of the api app: delivering notifications, with retries and back-off."""

from __future__ import annotations

import http.client

import structlog
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from werkroute.api import callbacks
from werkroute.api.models import Delivery, DeliveryStatus
from werkroute.api.notifications import RETRY_DELAYS, SIGNATURE_HEADER, encoded, signature

TIMEOUT_SECONDS = 10
log = structlog.get_logger(__name__)


def _refuse(delivery: Delivery, reason: str) -> None:
    """End the delivery as failed without trying again: what refused it does not pass by waiting."""
    delivery.status = DeliveryStatus.FAILED
    delivery.last_status_code = None
    delivery.last_error = reason[:300]
    log.warning("notification_refused", delivery=delivery.pk, reason=reason)


def attempt(delivery: Delivery) -> bool:
    """POST the event once; record the outcome on the delivery. True when the receiver took it (2xx).

    The callback URL is checked again first (:mod:`werkroute.api.callbacks`): one that now leads into
    the internal network ends the delivery as failed at once, with the reason in the log."""
    body = encoded(delivery.event)
    headers = {
        "Content-Type": "application/cloudevents+json",
        SIGNATURE_HEADER: signature(delivery.subscription.secret, body),
    }
    delivery.attempts += 1
    try:
        status, reason = callbacks.post(
            delivery.subscription.callback_url, body, headers, timeout=TIMEOUT_SECONDS
        )
        delivery.last_status_code = status
        delivery.last_error = "" if 200 <= status < 300 else reason[:300]
    except callbacks.CallbackRefused as refused:
        _refuse(delivery, _("Geweigerd: %(reason)s") % {"reason": refused})
    except (OSError, http.client.HTTPException) as error:
        delivery.last_status_code, delivery.last_error = None, (str(error) or type(error).__name__)[:300]
    delivered = delivery.last_status_code is not None and 200 <= delivery.last_status_code < 300
    if delivered:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, timezone.now()
    elif delivery.attempts > len(RETRY_DELAYS):
        delivery.status = DeliveryStatus.FAILED
    delivery.save()
    return delivered


@db_task()
def deliver(delivery_id: int) -> None:
    """Deliver a notification; on failure try again later, each wait twice the one before. A delivery
    whose subscription ended, or whose system was switched off, while it waited is not sent."""
    delivery = Delivery.objects.select_related("subscription__api_client").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return
    if not (delivery.subscription.is_active and delivery.subscription.api_client.is_active):
        _refuse(delivery, _("Niet verstuurd: het abonnement is beëindigd of de API-client is uitgeschakeld."))
        delivery.save()
        return
    if not attempt(delivery) and delivery.status == DeliveryStatus.PENDING:
        deliver.schedule((delivery_id,), delay=RETRY_DELAYS[delivery.attempts - 1])
