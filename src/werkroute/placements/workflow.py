"""The referral (voordracht) status table: which step may follow which, and nothing else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from werkroute.placements.models import Referral, ReferralStatus

S = ReferralStatus
ALLOWED: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.CONSENTED, S.WITHDRAWN}),
    S.CONSENTED: frozenset({S.SENT, S.WITHDRAWN}),
    S.SENT: frozenset({S.INTERVIEW, S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.INTERVIEW: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.STARTED, S.WITHDRAWN}),
    S.STARTED: frozenset({S.IN_WORK_3_MONTHS, S.ENDED}),
    S.IN_WORK_3_MONTHS: frozenset({S.IN_WORK_6_MONTHS, S.ENDED}),
    S.IN_WORK_6_MONTHS: frozenset(),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.ENDED: frozenset(),
}
# Referrals in these states count against a placement's capacity and block a second proposal.
OPEN = frozenset({S.PROPOSED, S.CONSENTED, S.SENT, S.INTERVIEW, S.ACCEPTED})

# When the client withdraws the consent to share the work profile with employers, the referrals in these
# states go to WITHDRAWN (reason ``consent_withdrawn``), by the system, in the withdrawal's transaction.
# Withdrawn rather than frozen: the consent is the only ground on which the employer holds the profile, so
# the employer must let go of the candidate now, not wait in a pause that may never end; a frozen
# referral would keep holding one of the placement's places; and going on later needs a new consent
# anyway, which is what a new proposal asks for. From STARTED on the client works there: that referral
# stays for the follow-up, but the employer no longer sees the profile (every read checks the consent).
ENDED_BY_CONSENT_WITHDRAWAL = OPEN


def check_transition(referral: Referral, to_status: str) -> None:
    """Refuses a step the table does not allow, with a message that names both states."""
    if to_status not in ALLOWED[referral.status]:
        raise ValidationError(
            _("Een voordracht met status ‘%(current)s’ kan niet naar ‘%(next)s’.")
            % {"current": ReferralStatus(referral.status).label, "next": ReferralStatus(to_status).label}
        )
