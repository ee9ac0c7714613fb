"""The rule table: every continuity signal, what it means, when it holds and what resolves it.

Each rule finds *all* clients for whom it holds with a few queries (set-based: no loop over clients), for
one group of municipalities that share the same thresholds; the sweep (:mod:`werkroute.followup.sweep`)
calls it once per group and compares the result with the signals that are open. A municipality changes a
threshold with a :class:`~werkroute.followup.models.RuleThreshold` row.

A rule returns :class:`Finding` rows: the client, a subject (which activity, consent or referral; empty
when the rule is about the client as a whole), the due day (the deadline of the rule, for ordering) and
the dates that made it hold, which the page shows as the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from werkroute.cases.events import ATTENDED_BY, NEEDS_ATTENTION
from werkroute.cases.models import (
    OPEN_HANDOVER_STATUSES,
    Activity,
    ActivityStatus,
    ActivityType,
    Client,
    Consent,
    EpisodeKind,
    Handover,
    LabourEpisode,
    PlanVersion,
    TimelineEvent,
)
from werkroute.cases.models.clients import PIP_DEADLINE_WEEKS, WET_INBURGERING_2021_START
from werkroute.followup.models import SEVERITY_BY_RULE, UNKNOWN_RULE_SEVERITY, AfterCare, CheckIn
from werkroute.placements.models import Referral, ReferralStatus

# The inburgering term: three years from the PIP (Wet inburgering 2021).
INTEGRATION_TERM_YEARS = 3
# Spells in which a client is doing well without an activity: working or studying.
ON_THEIR_WAY = (EpisodeKind.PAID_WORK, EpisodeKind.SELF_EMPLOYMENT, EpisodeKind.EDUCATION)
# Referral steps that wait for someone; the others are an outcome.
WAITING_REFERRAL_STEPS = (
    ReferralStatus.PROPOSED,
    ReferralStatus.CONSENTED,
    ReferralStatus.SENT,
    ReferralStatus.INTERVIEW,
    ReferralStatus.ACCEPTED,
)


class Finding(NamedTuple):
    # A tuple: the sweep makes one per signal, a hundred thousand and more at national scale.
    client_id: Any
    subject: str
    due_on: dt.date
    reason: dict[str, str]


@dataclass(frozen=True)
class Scope:
    """Which clients one call of a rule looks at: the municipalities sharing one set of thresholds
    (``include``; ``None`` for all but ``exclude``), optionally narrowed to some clients."""

    include: frozenset[int] | None = None
    exclude: frozenset[int] = frozenset()
    client_ids: frozenset[Any] | None = None

    def q(self, prefix: str = "") -> Q:
        condition = Q()
        if self.include is not None:
            condition &= Q(**{f"{prefix}municipality_id__in": self.include})
        if self.exclude:
            condition &= ~Q(**{f"{prefix}municipality_id__in": self.exclude})
        if self.client_ids is not None:
            condition &= Q(**{f"{prefix}pk__in" if prefix == "" else f"{prefix}id__in": self.client_ids})
        return condition


@dataclass(frozen=True)
class Rule:
    code: str
    name: str | Promise
    explanation: str | Promise
    # The one action that resolves it: a URL name of the client file (with the client's id) and its label.
    action: str
    action_label: str | Promise
    find: Callable[[dt.date, dict[str, int], Scope], Iterable[Finding]]
    thresholds: dict[str, int] = field(default_factory=dict)
    # Rules that say the same thing more precisely: a client they hold for gets no signal of this rule.
    yields_to: tuple[str, ...] = ()
    # When the action's page is about the subject (one check-in), the URL argument that takes its id.
    action_subject: str = ""

    @property
    def severity(self) -> int:
        """Lower is more urgent; the inbox orders by this, then by the due day (``SEVERITY_BY_RULE``)."""
        return SEVERITY_BY_RULE[self.code]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _set(day: dt.date | None) -> dt.date:
    """A date column that the query's own filter keeps from being empty."""
    assert day is not None
    return day


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _on_their_way(today: dt.date, client_ref: Any = None) -> Exists:
    """In work or education on ``today`` (for a filter on a model with ``client``, or on ``Client``)."""
    return Exists(
        LabourEpisode.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today),
            kind__in=ON_THEIR_WAY,
            **{"client": client_ref if client_ref is not None else OuterRef("pk")},
            start_date__lte=today,
        )
    )


def _without_plan() -> Any:
    return ~Exists(PlanVersion.objects.filter(client=OuterRef("pk")))


def _statushouders_under_the_law(scope: Scope) -> QuerySet[Client]:
    return Client.objects.filter(
        scope.q(), target_group__code="statushouder", registration_date__gte=WET_INBURGERING_2021_START
    )


# --- the rules ----------------------------------------------------------------------------------------


def find_intake_not_started(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    """No intake N weeks after the later of the registration and the link to the municipality (early
    start: a client linked but not yet living there counts from the link; once registered, from the
    registration, so the move itself gives the new caseworker their N weeks)."""
    weeks = dt.timedelta(weeks=params["weeks"])
    # GREATEST skips NULLs in PostgreSQL but not in SQLite; coalescing each side gives the same answer.
    counted_from = Greatest(
        Coalesce("registration_date", "linked_on"), Coalesce("linked_on", "registration_date")
    )
    rows = (
        Client.objects.filter(scope.q(), intake__isnull=True)
        .annotate(counted_from=counted_from)
        .filter(counted_from__lte=today - weeks)
        .values_list("pk", "registration_date", "linked_on", "counted_from")
        .iterator(chunk_size=5000)
    )
    for client_id, registered, linked, start in rows:
        reason = {"registration": _iso(registered)}
        if linked is not None:
            reason["linked"] = _iso(linked)
        yield Finding(client_id, "", start + weeks, reason)


def find_handover_pending(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    """A warm handover requested or sent and not yet accepted: the sending municipality stays
    responsible until the receiving one accepts (or the request is declined, or the handover withdrawn)."""
    rows = (
        Handover.objects.filter(scope.q("client__"), status__in=OPEN_HANDOVER_STATUSES)
        .annotate(since=Coalesce("sent_on", "requested_on"))
        .filter(since__lte=today - dt.timedelta(days=params["days"]))
        .values_list("client_id", "pk", "status", "since")
    )
    for client_id, handover_id, status, since in rows.iterator(chunk_size=5000):
        yield Finding(
            client_id,
            f"handover:{handover_id}",
            since + dt.timedelta(days=params["days"]),
            {"status": status, "since": _iso(since)},
        )


def _pip_deadline(registered: dt.date) -> dt.date:
    return registered + dt.timedelta(weeks=PIP_DEADLINE_WEEKS)


def find_pip_deadline_approaching(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    term = dt.timedelta(weeks=PIP_DEADLINE_WEEKS)
    rows = (
        _statushouders_under_the_law(scope)
        .filter(
            _without_plan(),
            registration_date__gte=today - term,
            registration_date__lte=today - term + dt.timedelta(days=params["days"]),
        )
        .values_list("pk", "registration_date")
    )
    for client_id, registered in rows.iterator(chunk_size=5000):
        deadline = _pip_deadline(_set(registered))
        yield Finding(client_id, "", deadline, {"registration": _iso(registered), "deadline": _iso(deadline)})


def find_pip_deadline_passed(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    term = dt.timedelta(weeks=PIP_DEADLINE_WEEKS)
    rows = (
        _statushouders_under_the_law(scope)
        .filter(_without_plan(), registration_date__lt=today - term)
        .values_list("pk", "registration_date")
    )
    for client_id, registered in rows.iterator(chunk_size=5000):
        deadline = _pip_deadline(_set(registered))
        yield Finding(client_id, "", deadline, {"registration": _iso(registered), "deadline": _iso(deadline)})


def find_plan_review_passed(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    newest = PlanVersion.objects.filter(client=OuterRef("client")).order_by("-number").values("number")[:1]
    rows = PlanVersion.objects.filter(
        scope.q("client__"),
        number=Subquery(newest),
        review_date__lt=today - dt.timedelta(days=params["days"]),
    ).values_list("client_id", "number", "review_date")
    for client_id, number, review in rows.iterator(chunk_size=5000):
        yield Finding(client_id, f"plan:{number}", _set(review), {"review": _iso(review)})


def _closed_with_nothing_after(status: str, today: dt.date, scope: Scope) -> QuerySet[Activity]:
    """Activities that ended with ``status`` and are the client's last: nothing planned or running, nothing
    started on or after their end, no other activity ending later; the client neither works nor studies."""
    others = Activity.objects.filter(client=OuterRef("client")).exclude(pk=OuterRef("pk"))
    return (
        Activity.objects.filter(scope.q("client__"), status=status)
        .exclude(activity_type=ActivityType.AFTER_CARE)
        .exclude(
            Exists(others.filter(status__in=[ActivityStatus.PLANNED, ActivityStatus.ACTIVE]))
            | Exists(
                others.exclude(status=ActivityStatus.CANCELLED).filter(start_date__gte=OuterRef("end_date"))
            )
            | Exists(
                others.filter(
                    Q(end_date__gt=OuterRef("end_date"))
                    | Q(end_date=OuterRef("end_date"), pk__gt=OuterRef("pk")),
                    status__in=[ActivityStatus.COMPLETED, ActivityStatus.STOPPED_EARLY],
                )
            )
            | _on_their_way(today, OuterRef("client"))
        )
    )


def find_activity_ended_nothing_after(
    today: dt.date, params: dict[str, int], scope: Scope
) -> Iterator[Finding]:
    rows = (
        _closed_with_nothing_after(ActivityStatus.COMPLETED, today, scope)
        .filter(
            end_date__lte=today - dt.timedelta(days=params["days"]),
            end_date__gte=today - dt.timedelta(days=params["lookback_days"]),
        )
        .values_list("client_id", "pk", "end_date")
    )
    for client_id, activity_id, ended in rows.iterator(chunk_size=5000):
        due = _set(ended) + dt.timedelta(days=params["days"])
        yield Finding(client_id, f"activity:{activity_id}", due, {"ended": _iso(ended)})


def find_early_stop(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    rows = (
        _closed_with_nothing_after(ActivityStatus.STOPPED_EARLY, today, scope)
        .filter(end_date__gte=today - dt.timedelta(days=params["lookback_days"]))
        .values_list("client_id", "pk", "end_date")
    )
    for client_id, activity_id, ended in rows.iterator(chunk_size=5000):
        yield Finding(client_id, f"activity:{activity_id}", _set(ended), {"ended": _iso(ended)})


def find_no_active_activity(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    """A PIP, but for N weeks no activity: nothing planned or running, and the last one (or the PIP, when
    there was none) ended N weeks ago or longer; the client neither works nor studies."""
    since = today - dt.timedelta(weeks=params["weeks"])
    first_plan = PlanVersion.objects.filter(client=OuterRef("pk"), number=1).values("plan_date")[:1]
    last_end = (
        Activity.objects.filter(client=OuterRef("pk"))
        .exclude(status=ActivityStatus.CANCELLED)
        .values("client")
        .annotate(last=Max("end_date"))
        .values("last")
    )
    rows = (
        Client.objects.filter(scope.q())
        .annotate(pip=Subquery(first_plan), last_end=Subquery(last_end))
        .filter(pip__lte=since)
        .filter(Q(last_end__isnull=True) | Q(last_end__lte=since))
        .exclude(
            Exists(
                Activity.objects.filter(
                    client=OuterRef("pk"), status__in=[ActivityStatus.PLANNED, ActivityStatus.ACTIVE]
                )
            )
        )
        .exclude(_on_their_way(today))
        .values_list("pk", "pip", "last_end")
    )
    for client_id, pip, last_end in rows.iterator(chunk_size=5000):
        quiet_since = max(pip, last_end) if last_end else pip
        yield Finding(
            client_id,
            "",
            quiet_since + dt.timedelta(weeks=params["weeks"]),
            {"quiet_since": _iso(quiet_since)},
        )


def find_integration_term_ending(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    """The three-year term from the PIP ends within N days (or ended at most 30 days ago) and the plan
    was not reviewed since the window opened."""
    window = dt.timedelta(days=params["days"])
    earliest_pip = add_years(today - dt.timedelta(days=30), -INTEGRATION_TERM_YEARS)
    latest_pip = add_years(today + window, -INTEGRATION_TERM_YEARS)
    rows = (
        PlanVersion.objects.filter(
            scope.q("client__"),
            number=1,
            plan_date__gte=earliest_pip,
            plan_date__lte=latest_pip,
            client__target_group__code="statushouder",
            client__registration_date__gte=WET_INBURGERING_2021_START,
        )
        .annotate(newest=Max("client__plan_versions__plan_date"))
        .values_list("client_id", "plan_date", "newest")
    )
    for client_id, pip, newest in rows.iterator(chunk_size=5000):
        term_end = add_years(pip, INTEGRATION_TERM_YEARS)
        if newest >= term_end - window:
            continue  # the plan was reviewed with the end of the term in sight
        yield Finding(client_id, "", term_end, {"pip": _iso(pip), "term_end": _iso(term_end)})


def find_consent_expiring(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    """A consent runs out within N days, or ran out at most N days ago, and no later one of the same
    scope (and organisation) takes over."""
    window = dt.timedelta(days=params["days"])
    # Consents without an organisation compare equal to each other: key them with 0.
    renewed = (
        Consent.objects.annotate(organisation_key=Coalesce("organisation_id", 0))
        .filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")),
            client=OuterRef("client"),
            scope=OuterRef("scope"),
            organisation_key=OuterRef("organisation_key"),
            withdrawn_on__isnull=True,
            given_on__gte=OuterRef("given_on"),
        )
        .exclude(pk=OuterRef("pk"))
    )
    rows = (
        Consent.objects.annotate(organisation_key=Coalesce("organisation_id", 0))
        .filter(
            scope.q("client__"),
            withdrawn_on__isnull=True,
            valid_until__gte=today - window,
            valid_until__lte=today + window,
        )
        .exclude(Exists(renewed))
        .values_list("client_id", "pk", "valid_until", "scope")
    )
    for client_id, consent_id, until, consent_scope in rows.iterator(chunk_size=5000):
        yield Finding(
            client_id,
            f"consent:{consent_id}",
            _set(until),
            {"valid_until": _iso(until), "scope": consent_scope},
        )


def find_referral_stuck(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    last_step = Coalesce("decided_on", "sent_on", "proposed_on")
    rows = (
        Referral.objects.filter(scope.q("client__"), status__in=WAITING_REFERRAL_STEPS)
        .annotate(last_step=last_step)
        .filter(last_step__lte=today - dt.timedelta(days=params["days"]))
        .values_list("client_id", "pk", "last_step", "status")
    )
    for client_id, referral_id, step, status in rows.iterator(chunk_size=5000):
        yield Finding(
            client_id,
            f"referral:{referral_id}",
            step + dt.timedelta(days=params["days"]),
            {"last_step": _iso(step), "status": status},
        )


def find_needs_attention(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    """The case file's own attention events (a referral withdrawn with the consent) until a contact or
    note is recorded after them: the same rule as the file's "Aandacht nodig"."""
    attended = TimelineEvent.objects.filter(
        client=OuterRef("client"), kind__in=ATTENDED_BY, pk__gt=OuterRef("pk")
    )
    rows = (
        TimelineEvent.objects.filter(scope.q("client__"), kind__in=NEEDS_ATTENTION)
        .exclude(Exists(attended))
        .values_list("client_id", "pk", "occurred_on", "kind")
    )
    for client_id, event_id, on, kind in rows.iterator(chunk_size=5000):
        yield Finding(client_id, f"event:{event_id}", on, {"on": _iso(on), "kind": kind})


def find_check_in_due(today: dt.date, params: dict[str, int], scope: Scope) -> Iterator[Finding]:
    """An after-care check-in is due (within ``lookback_days``), not recorded, and no later one is due
    yet; the work it follows has not ended (that is the next rule)."""
    later_due = CheckIn.objects.filter(
        after_care=OuterRef("after_care"), months__gt=OuterRef("months"), due_on__lte=today
    )
    rows = (
        CheckIn.objects.filter(
            scope.q("after_care__client__"),
            done_on__isnull=True,
            due_on__lte=today,
            due_on__gte=today - dt.timedelta(days=params["lookback_days"]),
            after_care__current_episode__end_date__isnull=True,
        )
        .exclude(Exists(later_due))
        .values_list("after_care__client_id", "pk", "due_on", "months")
    )
    for client_id, check_in_id, due, months in rows.iterator(chunk_size=5000):
        yield Finding(client_id, f"check_in:{check_in_id}", due, {"due": _iso(due), "months": str(months)})


def find_work_ended_during_after_care(
    today: dt.date, params: dict[str, int], scope: Scope
) -> Iterator[Finding]:
    """The paid work of an after-care ended within its year (in the last ``lookback_days``), the client
    neither works nor studies now and nothing is planned or running: back on the caseload."""
    running = Activity.objects.filter(
        client=OuterRef("client"), status__in=[ActivityStatus.PLANNED, ActivityStatus.ACTIVE]
    )
    rows = (
        AfterCare.objects.filter(
            scope.q("client__"),
            current_episode__end_date__isnull=False,
            current_episode__end_date__gte=today - dt.timedelta(days=params["lookback_days"]),
        )
        .exclude(Exists(running) | _on_their_way(today, OuterRef("client")))
        .values_list("client_id", "pk", "started_on", "current_episode__end_date")
    )
    for client_id, after_care_id, started, ended in rows.iterator(chunk_size=5000):
        if _set(ended) > add_months(started, 12):
            continue  # ended after the after-care year: an ordinary end of work
        yield Finding(
            client_id,
            f"after_care:{after_care_id}",
            _set(ended),
            {"started": _iso(started), "ended": _iso(ended)},
        )


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    while True:
        try:
            return day.replace(year=year, month=month)
        except ValueError:
            day = day - dt.timedelta(days=1)


RULES: tuple[Rule, ...] = (
    Rule(
        code="pip_deadline_passed",
        name=_("PIP-termijn verstreken"),
        explanation=_(
            "De wettelijke termijn voor het PIP (10 weken na inschrijving) is voorbij en er is nog geen PIP."
        ),
        action="cases:plan_create",
        action_label=_("PIP vaststellen"),
        find=find_pip_deadline_passed,
    ),
    Rule(
        code="pip_deadline_approaching",
        name=_("PIP-termijn nadert"),
        explanation=_("De wettelijke termijn voor het PIP verstrijkt binnenkort en er is nog geen PIP."),
        action="cases:plan_create",
        action_label=_("PIP vaststellen"),
        find=find_pip_deadline_approaching,
        thresholds={"days": 14},
    ),
    Rule(
        code="intake_not_started",
        name=_("Intake niet gestart"),
        explanation=_("Enkele weken na de inschrijving is er nog geen brede intake vastgelegd."),
        action="cases:intake",
        action_label=_("Intake vastleggen"),
        find=find_intake_not_started,
        thresholds={"weeks": 4},
    ),
    Rule(
        code="handover_pending",
        name=_("Overdracht nog niet geaccepteerd"),
        explanation=_(
            "Een verhuizing naar een andere gemeente: de overdracht is aangevraagd of verstuurd en nog niet "
            "geaccepteerd. Tot dan blijft uw gemeente verantwoordelijk voor de klant."
        ),
        action="cases:handover",
        action_label=_("Overdracht afronden"),
        find=find_handover_pending,
        thresholds={"days": 0},
    ),
    Rule(
        code="needs_attention",
        name=_("Contact met de klant nodig"),
        explanation=_(
            "Er gebeurde iets waarover u met de klant moet praten: een voordracht ingetrokken omdat de "
            "klant de toestemming introk, of een bericht, afmelding of correctieverzoek van de klant. Dit "
            "blijft staan tot u een contact of notitie vastlegt over het gesprek met de klant."
        ),
        action="cases:note_create",
        action_label=_("Contact vastleggen"),
        find=find_needs_attention,
    ),
    Rule(
        code="early_stop",
        name=_("Voortijdig gestopt"),
        explanation=_(
            "Een activiteit is voortijdig gestopt en er volgde niets, terwijl de klant niet werkt of leert."
        ),
        action="cases:activity_create",
        action_label=_("Activiteit plannen"),
        find=find_early_stop,
        thresholds={"lookback_days": 180},
    ),
    Rule(
        code="consent_expiring",
        name=_("Toestemming verloopt"),
        explanation=_(
            "Een toestemming verloopt binnenkort of is kort geleden verlopen en is niet vernieuwd."
        ),
        action="cases:consent_create",
        action_label=_("Toestemming vastleggen"),
        find=find_consent_expiring,
        thresholds={"days": 30},
    ),
    Rule(
        code="plan_review_passed",
        name=_("Evaluatiedatum PIP verstreken"),
        explanation=_("De evaluatiedatum van het geldende PIP is voorbij zonder nieuwe versie."),
        action="cases:plan_create",
        action_label=_("PIP herzien"),
        find=find_plan_review_passed,
        thresholds={"days": 0},
    ),
    Rule(
        code="activity_ended_nothing_after",
        name=_("Activiteit afgerond, niets daarna"),
        explanation=_(
            "Een activiteit is afgerond en er is geen nieuwe gepland, terwijl de klant niet werkt of leert."
        ),
        action="cases:activity_create",
        action_label=_("Activiteit plannen"),
        find=find_activity_ended_nothing_after,
        thresholds={"days": 14, "lookback_days": 365},
    ),
    Rule(
        code="no_active_activity",
        name=_("Geen lopende activiteit"),
        explanation=_(
            "Al weken geen activiteit sinds het PIP of de laatste activiteit, terwijl de klant niet werkt of leert."
        ),
        action="cases:activity_create",
        action_label=_("Activiteit plannen"),
        find=find_no_active_activity,
        thresholds={"weeks": 8},
        yields_to=("activity_ended_nothing_after", "early_stop"),
    ),
    Rule(
        code="work_ended_during_after_care",
        name=_("Werk gestopt tijdens nazorg"),
        explanation=_(
            "Het betaalde werk stopte binnen het nazorgjaar; de klant is terug en er is niets gepland."
        ),
        action="cases:activity_create",
        action_label=_("Activiteit plannen"),
        find=find_work_ended_during_after_care,
        thresholds={"lookback_days": 180},
    ),
    Rule(
        code="check_in_due",
        name=_("Nazorgcontact gepland"),
        explanation=_("Een nazorgcontact (1, 3, 6 of 12 maanden na de start van het werk) is aan de beurt."),
        action="followup:check_in",
        action_label=_("Nazorgcontact vastleggen"),
        find=find_check_in_due,
        thresholds={"lookback_days": 60},
        action_subject="check_in_id",
    ),
    Rule(
        code="referral_stuck",
        name=_("Voordracht staat stil"),
        explanation=_("Een voordracht staat al lang in dezelfde stap."),
        action="placements:client",
        action_label=_("Voordracht bekijken"),
        find=find_referral_stuck,
        thresholds={"days": 21},
    ),
    Rule(
        code="integration_term_ending",
        name=_("Inburgeringstermijn loopt af"),
        explanation=_("De termijn van drie jaar na het PIP loopt af; het plan is sindsdien niet herzien."),
        action="cases:plan_create",
        action_label=_("PIP herzien"),
        find=find_integration_term_ending,
        thresholds={"days": 90},
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def severity_of(code: str) -> int:
    return SEVERITY_BY_RULE.get(code, UNKNOWN_RULE_SEVERITY)
