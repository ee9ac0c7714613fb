"""Reads of signals. Every function takes the acting user and starts from the clients they may change
(``cases.scope.client_scope``), so a signal outside their municipality is never read."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Min, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkroute.accounts.models import Role
from werkroute.accounts.policies import Purpose, case_municipality_ids, partner_organisation_ids
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases.events import Kind, TimelineEntry
from werkroute.cases.models import Activity, Client, ConsentScope
from werkroute.cases.scope import client_scope
from werkroute.cases.selectors import get_client
from werkroute.core import columnar
from werkroute.followup.models import CheckIn, Signal, SignalStatus, severity
from werkroute.followup.rules import BY_CODE, RULES
from werkroute.monitoring.engine import OPEN_END
from werkroute.placements.models import ReferralStatus
from werkroute.regions.models import OrganisationKind

if TYPE_CHECKING:
    from werkroute.accounts.models import User

INBOX_LIMIT = 100
NEEDS_ATTENTION_RULE = "needs_attention"


def _severity() -> Case:
    # The expression of the inbox's index (``signal_inbox_order``): the same one, or the index is not used.
    return severity()


def _signals(user: User) -> QuerySet[Signal]:
    return Signal.objects.filter(client__in=Client.objects.filter(client_scope(user, change=True)))


def _day(value: str) -> str:
    # The pages write every date as dd-mm-yyyy.
    return dt.date.fromisoformat(value).strftime("%d-%m-%Y") if value else "–"


@dataclass(frozen=True)
class InboxSignal:
    """The columns of a signal the inbox shows, read as plain values: building a model object (and its
    client's) per row was most of a long inbox's time."""

    pk: int
    client_id: Any
    rule: str
    subject: str
    due_on: dt.date
    raised_on: dt.date
    reason: dict[str, str]
    client_name: str


def reason_text(signal: Signal | InboxSignal) -> str:
    """Why the signal is there, with the dates that caused it, in the reader's language."""
    reason = signal.reason
    match signal.rule:
        case "intake_not_started":
            if reason.get("linked") and not reason["registration"]:
                return _("Gekoppeld aan de gemeente op %(day)s, nog niet ingeschreven; nog geen intake.") % {
                    "day": _day(reason["linked"])
                }
            if reason.get("linked"):
                return _("Gekoppeld op %(linked)s, ingeschreven op %(day)s; nog geen intake.") % {
                    "linked": _day(reason["linked"]),
                    "day": _day(reason["registration"]),
                }
            return _("Ingeschreven op %(day)s; nog geen intake.") % {"day": _day(reason["registration"])}
        case "handover_pending":
            if reason.get("status") == "requested":
                return _("Overdracht aangevraagd door de nieuwe gemeente op %(day)s.") % {
                    "day": _day(reason["since"])
                }
            return _("Dossier overgedragen op %(day)s; wacht op acceptatie.") % {"day": _day(reason["since"])}
        case "pip_deadline_approaching" | "pip_deadline_passed":
            return _("Ingeschreven op %(registration)s; PIP uiterlijk %(deadline)s.") % {
                "registration": _day(reason["registration"]),
                "deadline": _day(reason["deadline"]),
            }
        case "plan_review_passed":
            return _("Evaluatiedatum was %(day)s.") % {"day": _day(reason["review"])}
        case "activity_ended_nothing_after":
            return _("Activiteit afgerond op %(day)s; niets gepland daarna.") % {"day": _day(reason["ended"])}
        case "early_stop":
            return _("Activiteit voortijdig gestopt op %(day)s; niets daarna.") % {
                "day": _day(reason["ended"])
            }
        case "no_active_activity":
            return _("Geen activiteit sinds %(day)s.") % {"day": _day(reason["quiet_since"])}
        case "integration_term_ending":
            return _("PIP van %(pip)s; de termijn eindigt %(end)s.") % {
                "pip": _day(reason["pip"]),
                "end": _day(reason["term_end"]),
            }
        case "consent_expiring":
            scope = reason.get("scope", "")
            label = ConsentScope(scope).label if scope in ConsentScope.values else scope
            return _("Toestemming ‘%(scope)s’ geldig tot en met %(day)s.") % {
                "scope": label,
                "day": _day(reason["valid_until"]),
            }
        case "referral_stuck":
            status = reason.get("status", "")
            label = ReferralStatus(status).label if status in ReferralStatus.values else status
            return _("Voordracht staat sinds %(day)s op ‘%(status)s’.") % {
                "day": _day(reason["last_step"]),
                "status": label,
            }
        case "check_in_due":
            return _("Nazorgcontact na %(months)s maanden, gepland op %(day)s.") % {
                "months": reason["months"],
                "day": _day(reason["due"]),
            }
        case "work_ended_during_after_care":
            return _("Werk gestart %(started)s, gestopt %(ended)s.") % {
                "started": _day(reason["started"]),
                "ended": _day(reason["ended"]),
            }
        case "needs_attention":
            return (ATTENTION_REASONS.get(reason.get("kind", ""), ATTENTION_REASONS[""])) % {
                "day": _day(reason["on"])
            }
    return ""


# What happened, by the kind of the event that asks for the caseworker (``cases.events.NEEDS_ATTENTION``).
ATTENTION_REASONS = {
    Kind.REFERRAL_WITHDRAWN_WITHOUT_CONSENT: gettext_lazy(
        "Voordracht ingetrokken op %(day)s: de klant trok de toestemming in."
    ),
    Kind.MESSAGE_FROM_CLIENT: gettext_lazy("Bericht van de klant op %(day)s."),
    Kind.CLIENT_CANNOT_ATTEND: gettext_lazy("De klant meldde op %(day)s dat hij of zij niet kan komen."),
    Kind.CORRECTION_REQUESTED: gettext_lazy("De klant vroeg op %(day)s om een correctie."),
    "": gettext_lazy("Gebeurd op %(day)s."),
}


@dataclass(frozen=True)
class SignalRow:
    signal: Signal | InboxSignal
    name: str
    explanation: str
    reason: str
    action: str
    action_label: str
    age_days: int
    client_url: str
    snooze_url: str
    dismiss_url: str
    client_name: str = ""


# Reversing four URLs per row was most of an inbox's cost; each pattern is reversed once with this
# stand-in id and the row's ids are put in its place.
_CLIENT_STAND_IN = uuid.UUID(int=0)
_SIGNAL_STAND_IN = 987654321


class _Urls:
    def __init__(self) -> None:
        self._patterns: dict[str, str] = {}

    def __call__(self, name: str, client_id: Any, argument: str = "", value: Any = None) -> str:
        if name not in self._patterns:
            kwargs: dict[str, Any] = {"client_id": _CLIENT_STAND_IN}
            if argument:
                kwargs[argument] = _SIGNAL_STAND_IN
            self._patterns[name] = reverse(name, kwargs=kwargs)
        url = self._patterns[name].replace(str(_CLIENT_STAND_IN), str(client_id))
        return url.replace(str(_SIGNAL_STAND_IN), str(value)) if argument else url


def _rows(signals: Sequence[Signal | InboxSignal], today: dt.date) -> list[SignalRow]:
    urls = _Urls()
    texts = {rule.code: (str(rule.name), str(rule.explanation), str(rule.action_label)) for rule in RULES}
    rows = []
    for signal in signals:
        rule = BY_CODE.get(signal.rule)
        if rule is None:
            continue
        name, explanation, action_label = texts[rule.code]
        rows.append(
            SignalRow(
                signal=signal,
                name=name,
                explanation=explanation,
                reason=reason_text(signal),
                action=urls(
                    rule.action,
                    signal.client_id,
                    rule.action_subject,
                    signal.subject.partition(":")[2] if rule.action_subject else None,
                ),
                action_label=action_label,
                age_days=(today - signal.raised_on).days,
                client_url=urls("cases:client", signal.client_id),
                snooze_url=urls("followup:snooze", signal.client_id, "signal_id", signal.pk),
                dismiss_url=urls("followup:dismiss", signal.client_id, "signal_id", signal.pk),
                client_name=signal.client_name if isinstance(signal, InboxSignal) else "",
            )
        )
    return rows


# The inbox counts the open signals beyond the ones it shows up to this many: counting a caseload of tens
# of thousands of signals exactly cost 200 ms on every start page, and "more than 1,000" asks the same of
# the caseworker as the exact number does.
INBOX_COUNT_CAP = 1000


@dataclass(frozen=True)
class Inbox:
    rows: list[SignalRow]
    total: int
    # True when there are more open signals than ``total`` (which is then ``INBOX_COUNT_CAP``).
    more: bool = False


def inbox(user: User, today: dt.date | None = None, limit: int | None = None) -> Inbox:
    """The open signals of the user's own clients, most urgent first (rule severity, then the due day);
    the clients shown are logged as seen, as the caseload does. Read as plain columns: building model
    objects with their client was a large part of the page's time."""
    today = today or dt.date.today()
    limit = INBOX_LIMIT if limit is None else limit
    # The caseworker's filter as a subquery on the client ids lets the database choose: walk the open
    # signals in the inbox's order (``signal_inbox_order``) until a hundred are the user's, for a large
    # caseload, or read a small caseload's signals by the (client, status) index and sort those.
    own_clients = Client.objects.filter(client_scope(user, change=True), caseworker=user).values("pk")
    signals = (
        Signal.objects.filter(client_id__in=own_clients, status=SignalStatus.OPEN)
        .annotate(severity=_severity())
        .order_by("severity", "due_on", "pk")
    )
    columns = (
        "pk",
        "client_id",
        "rule",
        "subject",
        "due_on",
        "raised_on",
        "reason",
        "client__first_name",
        "client__last_name",
    )
    shown = [
        InboxSignal(pk, client_id, rule, subject, due_on, raised_on, reason, f"{first_name} {last_name}")
        for pk, client_id, rule, subject, due_on, raised_on, reason, first_name, last_name in signals.values_list(
            *columns
        )[:limit]
    ]
    total, more = len(shown), False
    if len(shown) == limit:
        total = signals.order_by()[: INBOX_COUNT_CAP + 1].count()
        total, more = min(total, INBOX_COUNT_CAP), total > INBOX_COUNT_CAP
    if shown:
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="signal_inbox",
            changes={"clients": sorted({str(signal.client_id) for signal in shown})},
            purpose=Purpose.CASE_WORK,
        )
    return Inbox(rows=_rows(shown, today), total=total, more=more)


def client_signals(user: User, client: Client, today: dt.date | None = None) -> list[SignalRow]:
    """The open signals of one client (already read through ``cases.selectors.get_client``)."""
    signals = (
        _signals(user)
        .filter(client=client, status=SignalStatus.OPEN)
        .annotate(severity=_severity())
        .order_by("severity", "due_on", "pk")
    )
    return _rows(list(signals), today or dt.date.today())


def signal_list(user: User, *, status: str = "", rule: str = "", client_id: Any = None) -> QuerySet[Signal]:
    """Every signal, live or closed, of the clients ``user`` may change, filtered by status, rule and
    client: for systems that keep their own work lists. The caller pages it and logs what it shows."""
    signals = _signals(user)
    if status:
        signals = signals.filter(status=status)
    if rule:
        signals = signals.filter(rule=rule)
    if client_id is not None:
        signals = signals.filter(client_id=client_id)
    return signals


@dataclass(frozen=True)
class FileItem:
    """One line of the client file's signal block: a signal, and for a signal about an event that asks
    for the caseworker, that event as the file describes it."""

    row: SignalRow | None
    event: TimelineEntry | None = None


def client_file_items(user: User, client: Client, attention: Sequence[TimelineEntry]) -> list[FileItem]:
    """The open signals of one client (read through ``cases.selectors``), each with the event behind it
    when it has one; then the file's events that ask for the caseworker and have no signal yet (the sweep
    raises one after the change is committed, or at night), so none of them is missed in between."""
    rows = client_signals(user, client)
    by_event = {entry.event_id: entry for entry in attention if entry.event_id is not None}
    items = []
    for row in rows:
        event = None
        if row.signal.rule == NEEDS_ATTENTION_RULE:
            _, _, event_id = row.signal.subject.partition(":")
            event = by_event.get(int(event_id)) if event_id.isdigit() else None
        items.append(FileItem(row, event))
    if by_event:
        # A signal in any status answers for its event: a snoozed or dismissed one was a decision.
        with_signal = set(
            Signal.objects.filter(
                client=client,
                rule=NEEDS_ATTENTION_RULE,
                subject__in=[f"event:{event_id}" for event_id in by_event],
            ).values_list("subject", flat=True)
        )
        items += [
            FileItem(None, entry)
            for event_id, entry in by_event.items()
            if f"event:{event_id}" not in with_signal
        ]
    return items


def get_signal(user: User, client_id: Any, signal_id: int) -> Signal:
    """A live signal of a client ``user`` may change; 404 otherwise (also once it is closed)."""
    try:
        signal = (
            _signals(user)
            .select_related("client")
            .get(pk=signal_id, client_id=client_id, status__in=[SignalStatus.OPEN, SignalStatus.SNOOZED])
        )
    except (Signal.DoesNotExist, ValidationError, ValueError, OverflowError):
        audit.record(AuditAction.REFUSED, actor=user, object_type="signal", object_id=str(signal_id)[:64])
        raise Http404 from None
    audit.record(
        AuditAction.VIEW,
        actor=user,
        object_type="signal",
        object_id=signal.pk,
        client_id=signal.client_id,
        purpose=Purpose.CASE_WORK,
    )
    return signal


def team_municipality_ids(user: User) -> set[int]:
    """The municipalities whose team ``user`` leads (one query)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        user.memberships.filter(
            role=Role.TEAM_LEAD,
            organisation__kind=OrganisationKind.MUNICIPALITY,
            organisation__municipality_id__isnull=False,
        ).values_list("organisation__municipality_id", flat=True)
    ) & case_municipality_ids(user)


@dataclass(frozen=True)
class TeamRow:
    caseworker: str
    rule: str
    open: int
    oldest_days: int


@dataclass(frozen=True)
class TeamView:
    rows: list[TeamRow]
    without_owner: list[Client]
    without_owner_total: int


def team_view(user: User, today: dt.date | None = None, limit: int = 100) -> TeamView:
    """For a team lead: open signals per caseworker and rule with the age of the oldest, and the clients
    of the team's municipalities without a caseworker (names: the team lead may open those files)."""
    today = today or dt.date.today()
    municipality_ids = team_municipality_ids(user)
    in_team = Q(client__municipality_id__in=municipality_ids)
    grouped = (
        _signals(user)
        .filter(in_team, status=SignalStatus.OPEN)
        .values(
            "client__caseworker__first_name",
            "client__caseworker__last_name",
            "client__caseworker__username",
            "rule",
        )
        .annotate(open=Count("pk"), oldest=Min("raised_on"))
        .order_by("client__caseworker__last_name", "client__caseworker__username", "rule")
    )
    rows = []
    for row in grouped:
        name = " ".join(
            part
            for part in (row["client__caseworker__first_name"], row["client__caseworker__last_name"])
            if part
        ) or (row["client__caseworker__username"] or _("(geen klantmanager)"))
        rule = BY_CODE.get(row["rule"])
        rows.append(
            TeamRow(
                caseworker=name,
                rule=str(rule.name) if rule else row["rule"],
                open=row["open"],
                oldest_days=(today - row["oldest"]).days,
            )
        )
    orphans = Client.objects.filter(
        client_scope(user, change=True), municipality_id__in=municipality_ids, caseworker__isnull=True
    ).order_by("last_name", "first_name")
    shown = list(orphans.only("pk", "first_name", "last_name", "registration_date")[:limit])
    if shown:
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="client_list",
            changes={"clients": [str(client.pk) for client in shown]},
            purpose=Purpose.CASE_WORK,
        )
    total = len(shown) if len(shown) < limit else orphans.count()
    return TeamView(rows=rows, without_owner=shown, without_owner_total=total)


def open_signals_read(as_of: dt.date) -> columnar.Read:
    """For monitoring's aggregates only (never shown per client): the signals open on ``as_of``, each
    with the day it was raised. Open on a day: raised by then and not closed by then; a signal snoozed
    now is left out (when it was snoozed is not kept)."""
    signals = Signal.objects.filter(raised_on__lte=as_of).filter(
        Q(status=SignalStatus.OPEN) | Q(closed_on__gt=as_of)
    )
    return columnar.Read(
        signals, {"key": columnar.key("client_id"), "day": columnar.day("raised_on", OPEN_END)}
    )


def get_check_in(user: User, client_id: Any, check_in_id: int) -> CheckIn:
    """An open after-care check-in of a client ``user`` may change; 404 otherwise."""
    try:
        check_in = CheckIn.objects.select_related("after_care__current_episode", "after_care__client").get(
            pk=check_in_id,
            after_care__client_id=client_id,
            after_care__client__in=Client.objects.filter(client_scope(user, change=True)),
            done_on__isnull=True,
            after_care__current_episode__isnull=False,
        )
    except (CheckIn.DoesNotExist, ValidationError, ValueError, OverflowError):
        audit.record(
            AuditAction.REFUSED,
            actor=user,
            object_type="after_care_check_in",
            object_id=str(check_in_id)[:64],
        )
        raise Http404 from None
    audit.record(
        AuditAction.VIEW,
        actor=user,
        object_type="after_care_check_in",
        object_id=check_in.pk,
        client_id=check_in.after_care.client_id,
        purpose=Purpose.CASE_WORK,
    )
    return check_in


def partner_activity(user: User, client_id: Any, activity_id: int) -> tuple[Activity, int]:
    """For a partner worker: an activity their organisation runs for a client whose file is shared with
    it now (the file read through ``cases.selectors.get_client``, logged); 404 otherwise."""
    client = get_client(user, client_id)
    organisations = partner_organisation_ids(user)
    try:
        activity = (
            Activity.objects.filter(client=client, pk=activity_id, provider_id__in=organisations)
            .select_related("client", "provider")
            .first()
        )
    except OverflowError:  # an id beyond the key's range: not found, like any other
        raise Http404 from None
    if activity is None or activity.provider_id is None:
        raise Http404
    return activity, activity.provider_id


def activities_run_by_partner(user: User, client: Client) -> list[Activity]:
    """The activities of ``client`` (already read through ``get_client``) that the user's partner
    organisations run, each with its newest report."""
    organisations = partner_organisation_ids(user)
    if not organisations:
        return []
    activities = list(
        Activity.objects.filter(client=client, provider_id__in=organisations)
        .exclude(status="cancelled")
        .prefetch_related("partner_reports")
    )
    return activities
