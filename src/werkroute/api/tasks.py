"""Jobs of the api app: delivering notifications, with retries and back-off."""

from __future__ import annotations

import urllib.error
import urllib.request

from django.utils import timezone
from huey.contrib.djhuey import db_task

from werkroute.api.models import Delivery, DeliveryStatus
from werkroute.api.notifications import RETRY_DELAYS, SIGNATURE_HEADER, encoded, signature

TIMEOUT_SECONDS = 10


def attempt(delivery: Delivery) -> bool:
    """POST the event once; record the outcome on the delivery. True when the receiver took it (2xx)."""
    body = encoded(delivery.event)
    request = urllib.request.Request(  # noqa: S310 (the callback URL is an http(s) URLField)
        delivery.subscription.callback_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/cloudevents+json",
            SIGNATURE_HEADER: signature(delivery.subscription.secret, body),
        },
    )
    delivery.attempts += 1
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            delivery.last_status_code = response.status
            delivery.last_error = ""
    except urllib.error.HTTPError as error:
        delivery.last_status_code, delivery.last_error = error.code, str(error.reason)[:300]
    except (urllib.error.URLError, OSError) as error:
        delivery.last_status_code, delivery.last_error = None, str(error)[:300]
    delivered = delivery.last_status_code is not None and 200 <= delivery.last_status_code < 300
    if delivered:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, timezone.now()
    elif delivery.attempts > len(RETRY_DELAYS):
        delivery.status = DeliveryStatus.FAILED
    delivery.save()
    return delivered


@db_task()
def deliver(delivery_id: int) -> None:
    """Deliver a notification; on failure try again later, each wait twice the one before."""
    delivery = Delivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return
    if not attempt(delivery) and delivery.status == DeliveryStatus.PENDING:
        deliver.schedule((delivery_id,), delay=RETRY_DELAYS[delivery.attempts - 1])
