"""Reads of case data. Every function takes the acting user and scopes through ``accounts.policies``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from werkroute.accounts.policies import (
    ClientAccess,
    Purpose,
    Section,
    case_municipality_ids,
    client_access,
    partner_organisation_ids,
)
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases.events import ATTENDED_BY, NEEDS_ATTENTION, TimelineEntry, describe, visible_kinds
from werkroute.cases.models import (
    OPEN_HANDOVER_STATUSES,
    Activity,
    ActivityStatus,
    Client,
    ClientAccount,
    Consent,
    ConsentScope,
    Education,
    EpisodeKind,
    Handover,
    HandoverStatus,
    Intake,
    LabourEpisode,
    Message,
    PlanVersion,
    TimelineEvent,
    WorkExperience,
    newest_learning_route,
)
from werkroute.cases.scope import client_scope, client_scope_parts, handover_to

if TYPE_CHECKING:
    from werkroute.accounts.models import User

TIMELINE_LIMIT = 200


def visible_clients(user: User, *, change: bool = False) -> QuerySet[Client]:
    """All clients ``user`` may see (or, with ``change``, change); nothing for a user without a case role."""
    return Client.objects.filter(client_scope(user, change=change))


def visible_client_parts(user: User, *, change: bool = False) -> list[QuerySet[Client]]:
    """The querysets whose union is :func:`visible_clients`; a client may be in more than one. For a
    long list in a stable order, read page by page (``api.pagination.page_of_union``)."""
    return [Client.objects.filter(part) for part in client_scope_parts(user, change=change)]


def get_client(user: User, client_id: Any, *, change: bool = False) -> Client:
    """The client with ``client_id`` if ``user`` may see it (or change it); 404 otherwise, also for a
    malformed id."""
    try:
        client = (
            visible_clients(user, change=change)
            .select_related("municipality", "caseworker", "target_group")
            .annotate(handover_to_id=handover_to())
            .get(pk=client_id)
        )
    except (Client.DoesNotExist, ValidationError, ValueError, TypeError):
        # Logged whether the client does not exist or is out of scope: probing ids leaves a trace.
        audit.record(AuditAction.REFUSED, actor=user, object_type="client", object_id=str(client_id)[:64])
        raise Http404 from None
    audit.record(
        AuditAction.VIEW,
        actor=user,
        object_type="client",
        object_id=client.pk,
        client_id=client.pk,
        purpose=client_access(user, client).purpose,
    )
    return client


@dataclass(frozen=True)
class CaseloadFilters:
    query: str = ""
    municipality_id: int | None = None
    cohort: int | None = None
    learning_route: str = ""
    status: str = ""
    without_active_activity: bool = False
    only_mine: bool = False


def _open_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def _open_attention(client_ref: Any) -> QuerySet[TimelineEvent]:
    """Events of ``client_ref`` that ask for the caseworker and have no contact or note recorded after them
    (later recorded means a higher id: a note about an earlier day still counts once it is written)."""
    attended = TimelineEvent.objects.filter(
        client=OuterRef("client"), kind__in=ATTENDED_BY, pk__gt=OuterRef("pk")
    )
    return TimelineEvent.objects.filter(client=client_ref, kind__in=NEEDS_ATTENTION).exclude(Exists(attended))


# The kinds of spell that give a client a position on the caseload (work, assistance, education).
POSITION_KINDS = (
    EpisodeKind.PAID_WORK,
    EpisodeKind.SELF_EMPLOYMENT,
    EpisodeKind.SOCIAL_ASSISTANCE,
    EpisodeKind.EDUCATION,
)


def in_paid_work(day: dt.date) -> Exists:
    """For a filter or annotation on ``Client``: in paid work (employed or self-employed) on ``day``."""
    return Exists(
        LabourEpisode.objects.filter(
            _open_on(day),
            client=OuterRef("pk"),
            kind__in=[EpisodeKind.PAID_WORK, EpisodeKind.SELF_EMPLOYMENT],
        )
    )


def caseload(user: User, filters: CaseloadFilters, today: dt.date | None = None) -> QuerySet[Client]:
    """The caseload list: visible clients narrowed by ``filters``, annotated for the list columns.

    One query for the rows however long their histories: work status and active activity come from
    correlated subqueries, not from per-row lookups; the current plan route is stored on the client.
    """
    today = today or dt.date.today()
    # The municipalities' own clients: a file handed over and not yet accepted is listed under
    # "Overdrachten", not here.
    clients = (
        visible_clients(user)
        .filter(municipality_id__in=case_municipality_ids(user))
        .select_related("municipality", "caseworker")
    )
    if filters.query:
        for word in filters.query.split()[:4]:
            clients = clients.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if filters.municipality_id:
        clients = clients.filter(municipality_id=filters.municipality_id)
    if filters.cohort:
        clients = clients.filter(permit_date__year=filters.cohort)
    if filters.only_mine:
        clients = clients.filter(caseworker=user)
    if filters.learning_route:
        clients = clients.filter(current_learning_route=filters.learning_route)
    clients = clients.annotate(
        has_active_activity=Exists(
            Activity.objects.filter(client=OuterRef("pk"), status=ActivityStatus.ACTIVE)
        ),
        in_paid_work=in_paid_work(today),
        on_assistance=Exists(
            LabourEpisode.objects.filter(
                _open_on(today), client=OuterRef("pk"), kind=EpisodeKind.SOCIAL_ASSISTANCE
            )
        ),
        in_education=Exists(
            LabourEpisode.objects.filter(_open_on(today), client=OuterRef("pk"), kind=EpisodeKind.EDUCATION)
        ),
        needs_attention=Exists(_open_attention(OuterRef("pk"))),
    )
    if filters.without_active_activity:
        clients = clients.filter(has_active_activity=False)
    if filters.status == EpisodeKind.PAID_WORK:
        clients = clients.filter(in_paid_work=True)
    elif filters.status == EpisodeKind.SOCIAL_ASSISTANCE:
        clients = clients.filter(on_assistance=True)
    elif filters.status == EpisodeKind.EDUCATION:
        clients = clients.filter(in_education=True)
    elif filters.status == EpisodeKind.NONE:
        # One anti-join over the spells of all three positions, not one per position: the same clients,
        # with one pass over the open spells instead of three (370 ms for 54,800 clients on PostgreSQL).
        clients = clients.exclude(
            Exists(
                LabourEpisode.objects.filter(_open_on(today), client=OuterRef("pk"), kind__in=POSITION_KINDS)
            )
        )
    return clients.order_by("last_name", "first_name", "pk")


def learning_route_drift() -> QuerySet[Client]:
    """Clients whose stored ``current_learning_route`` is not the route of their newest plan version.

    Empty whenever plan versions are written as they must be (``services.create_plan_version``, or
    ``services.store_current_learning_routes`` after a bulk write); the tests hold every writer to it.
    """
    return Client.objects.annotate(newest_route=newest_learning_route()).exclude(
        current_learning_route=F("newest_route")
    )


def caseload_cohorts(user: User) -> list[int]:
    """Every year from the first to the last permit year of the clients ``user`` sees, newest first: the
    choices of the caseload's cohort filter.

    The first and last permit date come from the permit date's index; listing the distinct years instead
    read every client of the municipality (78 ms for 52,700 clients on PostgreSQL), on every caseload page.
    A year between them without a permit shows an empty list, which is the truth about that cohort.
    """
    span = visible_clients(user).aggregate(first=Min("permit_date"), last=Max("permit_date"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def has_own_clients(user: User) -> bool:
    """Whether ``user`` is the caseworker of any client they see (the caseload then opens on those)."""
    return visible_clients(user).filter(caseworker=user).exists()


# The caseload counts its clients up to this many (or up to the page asked for, if that lies further):
# an exact count of a status filter over a municipality's tens of thousands of clients is a pass over all
# of them and their spells on every page (150-370 ms at 54,800 clients on PostgreSQL), and "more than
# 250 clients" (five pages) tells the caseworker what the exact number would: narrow the list down. The
# count of a rare status probes the spells of every client it passes until it has found the cap: for "no
# position" (4 % of a 54,800-client caseload) 25,700 probes and 95-120 ms at 1,000, 18 ms at 250. How
# many clients are in each position is the monitoring dashboard's figure.
CASELOAD_COUNT_CAP = 250


class CappedPaginator(Paginator):
    """A paginator that counts the rows up to ``cap`` and knows whether there are more (``more``).

    With more rows than the cap, ``count`` is ``cap + 1``: the page after the cap exists and can be opened,
    where the count then reaches that far. ``shown_count`` and ``shown_pages`` are what the page can say:
    "more than" them when ``more``, exactly them otherwise.
    """

    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int) -> None:
        super().__init__(object_list, per_page)
        counted = object_list.order_by()[: cap + 1].count()
        self.more = counted > cap
        self.__dict__["count"] = counted  # ``count`` is a cached property of Paginator
        self.shown_count = min(counted, cap)
        self.shown_pages = cap // per_page if self.more else self.num_pages


def _page_number(number: Any) -> int:
    """The page asked for as Paginator.get_page reads it (1 for anything else), to size the count."""
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return 1


def caseload_page(user: User, filters: CaseloadFilters, number: Any, size: int) -> Page[Client]:
    """One page of :func:`caseload`; the clients on it are logged as seen (their ids, not their data).

    In two steps: the ids of the page (filtered and ordered, without the list's columns), then the columns
    for those rows only. In one query PostgreSQL computes each column's subquery for every client of the
    municipality (a hashed subplan over all activities, spells and events) before it keeps 50 rows, which
    grows with the whole register; here it looks up 50 clients by index. The count stops at
    :data:`CASELOAD_COUNT_CAP` (:class:`CappedPaginator`).
    """
    cap = max(CASELOAD_COUNT_CAP, _page_number(number) * size)
    ids_page = CappedPaginator(caseload(user, filters).values_list("pk", flat=True), size, cap).get_page(
        number
    )
    ids = list(ids_page.object_list)
    rows = {client.pk: client for client in caseload(user, filters).filter(pk__in=ids)}
    page = cast(Page[Client], ids_page)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    audit.record(
        AuditAction.VIEW,
        actor=user,
        object_type="client_list",
        changes={"clients": [str(client.pk) for client in page.object_list]},
        purpose=Purpose.CASE_WORK,
    )
    return page


def get_intake(user: User, client: Client) -> Intake | None:
    """The intake of ``client`` (from a scoped selector) with its education and work rows; None before one."""
    return Intake.objects.filter(client=client).prefetch_related("education", "work_experience").first()


def current_plan(user: User, client: Client) -> PlanVersion | None:
    """The newest plan version of ``client`` with its goals; None before the first PIP."""
    return PlanVersion.objects.filter(client=client).prefetch_related("goals").order_by("-number").first()


def latest_plan_number(client: Client) -> int | None:
    return (
        PlanVersion.objects.filter(client=client).order_by("-number").values_list("number", flat=True).first()
    )


def stored_versions(client: Client) -> dict[str, int | None]:
    """The stored versions of the client's registration and intake, for a form refused as stale."""
    return {
        "client": Client.objects.filter(pk=client.pk).values_list("version", flat=True).first(),
        "intake": Intake.objects.filter(client=client).values_list("version", flat=True).first(),
    }


def current_status(episodes: list[LabourEpisode], today: dt.date | None = None) -> list[LabourEpisode]:
    """The spells open on ``today``: the client's current labour market position (several may hold)."""
    today = today or dt.date.today()
    return [
        episode
        for episode in episodes
        if episode.start_date <= today and (episode.end_date is None or episode.end_date >= today)
    ]


@dataclass
class ClientFile:
    """Everything the client file page shows, read with a fixed number of queries."""

    client: Client
    access: ClientAccess
    intake: Intake | None
    plans: list[PlanVersion]
    activities: list[Activity]
    episodes: list[LabourEpisode]
    consents: list[Consent]
    current_episodes: list[LabourEpisode]
    timeline: list[TimelineEntry]
    timeline_truncated: bool
    today: dt.date
    attention: list[TimelineEntry]

    @property
    def consents_of_previous_municipality(self) -> set[int]:
        """Consents given to a municipality the client left: shown, but they no longer count."""
        return {
            consent.pk
            for consent in self.consents
            if consent.given_to_previous_municipality(self.client.municipality_id)
        }

    @property
    def current_plan(self) -> PlanVersion | None:
        return self.plans[0] if self.plans else None

    @property
    def pip_date(self) -> dt.date | None:
        return self.plans[-1].plan_date if self.plans else None

    @property
    def pip_late(self) -> bool:
        deadline = self.client.pip_deadline
        if deadline is None:
            return False
        return (self.pip_date or self.today) > deadline


def client_file(user: User, client_id: Any, today: dt.date | None = None) -> ClientFile:
    client = get_client(user, client_id)
    intake = (
        Intake.objects.filter(client=client)
        .prefetch_related(
            Prefetch("education", queryset=Education.objects.all()),
            Prefetch("work_experience", queryset=WorkExperience.objects.select_related("occupation")),
            "skills",
            "wished_occupations",
        )
        .first()
    )
    plans = list(
        PlanVersion.objects.filter(client=client).select_related("created_by").prefetch_related("goals")
    )
    activities = list(Activity.objects.filter(client=client).select_related("provider"))
    episodes = list(LabourEpisode.objects.filter(client=client))
    access = client_access(user, client)
    consents = (
        list(
            Consent.objects.filter(client=client).select_related(
                "organisation", "recorded_by", "withdrawn_by"
            )
        )
        if access.shows(Section.CONSENTS)
        else []
    )
    # The same limits as the page: events of a section the reader may not see are not read at all.
    visible = visible_kinds(access)
    events = list(
        TimelineEvent.objects.filter(client=client, kind__in=visible).select_related("actor")[
            : TIMELINE_LIMIT + 1
        ]
    )
    activities_by_id = {activity.pk: activity for activity in activities}

    def entry(event: TimelineEvent) -> TimelineEntry:
        actor = str(event.actor) if event.actor else ""
        return TimelineEntry(
            event.occurred_on, event.kind, describe(event, activities_by_id), actor, event_id=event.pk
        )

    timeline = [entry(event) for event in events[:TIMELINE_LIMIT]]
    attention = (
        [entry(event) for event in _open_attention(client).filter(kind__in=visible).select_related("actor")]
        if access.may_change
        else []
    )
    return ClientFile(
        client=client,
        access=access,
        intake=intake,
        plans=plans,
        activities=activities,
        episodes=episodes,
        consents=consents,
        current_episodes=current_status(episodes, today),
        timeline=timeline,
        timeline_truncated=len(events) > TIMELINE_LIMIT,
        today=today or dt.date.today(),
        attention=attention,
    )


def get_activity(user: User, client: Client, activity_id: int) -> Activity:
    try:
        return Activity.objects.filter(client__in=visible_clients(user)).get(client=client, pk=activity_id)
    except Activity.DoesNotExist:
        raise Http404 from None


def get_episode(user: User, client: Client, episode_id: int) -> LabourEpisode:
    try:
        return LabourEpisode.objects.filter(client__in=visible_clients(user)).get(
            client=client, pk=episode_id
        )
    except LabourEpisode.DoesNotExist:
        raise Http404 from None


def get_plan_version(user: User, client: Client, number: int) -> PlanVersion:
    try:
        return (
            PlanVersion.objects.filter(client__in=visible_clients(user))
            .prefetch_related("goals")
            .get(client=client, number=number)
        )
    except PlanVersion.DoesNotExist:
        raise Http404 from None


def get_consent(user: User, client: Client, consent_id: int) -> Consent:
    try:
        return Consent.objects.filter(client__in=visible_clients(user, change=True)).get(
            client=client, pk=consent_id
        )
    except Consent.DoesNotExist:
        raise Http404 from None


def planned_activities(user: User, client: Client) -> list[Activity]:
    """The client's activities that are planned but not begun, oldest first."""
    return list(
        Activity.objects.filter(client__in=visible_clients(user, change=True))
        .filter(client=client, status=ActivityStatus.PLANNED)
        .order_by("start_date", "pk")
    )


def has_valid_consent(user: User, client: Client, scope: str, on: dt.date | None = None) -> bool:
    """Whether ``client`` has a consent for ``scope`` in force on ``on`` (today), for a user who may
    change the file; others are told nothing."""
    return (
        Consent.objects.in_force(on or dt.date.today())
        .filter(client__in=visible_clients(user, change=True))
        .filter(client=client, scope=scope)
        .exists()
    )


SHARED_PAGE_SIZE = 50


def shares_ended_by_a_move(user: User, today: dt.date | None = None) -> int:
    """For a partner worker: how many clients' consents to share their file with the worker's organisation
    still run by their dates but no longer count, because the file went to another municipality in a warm
    handover (the consent was given to the municipality the client left). A count only: the worker may no
    longer read those files, not even their names, and where they went is not their business."""
    organisation_ids = partner_organisation_ids(user)
    if not organisation_ids:
        return 0
    day = today or dt.date.today()
    shared = Consent.objects.filter(
        scope=ConsentScope.SHARE_FILE_WITH_PARTNER, organisation_id__in=organisation_ids
    )
    still_shared = shared.in_force(day).values("client_id")
    return shared.valid_on(day).exclude(client_id__in=still_shared).values("client_id").distinct().count()


def shared_with_me(
    user: User, page_number: Any = 1, today: dt.date | None = None
) -> Page[tuple[Client, Consent]]:
    """For a partner worker: one page of the files clients shared with their organisation, each with the
    consent that allows it, longest-shared first. Logged like the caseload (the ids on the page)."""
    organisation_ids = partner_organisation_ids(user)
    consents = (
        Consent.objects.in_force(today or dt.date.today())
        .filter(scope=ConsentScope.SHARE_FILE_WITH_PARTNER, organisation_id__in=organisation_ids)
        .select_related("client__municipality", "organisation")
        .order_by("given_on", "client__last_name", "pk")
    )
    page: Page[Any] = Paginator(consents, SHARED_PAGE_SIZE).get_page(page_number)
    rows = [(consent.client, consent) for consent in page.object_list]
    page.object_list = rows
    audit.record(
        AuditAction.VIEW,
        actor=user,
        object_type="client_list",
        changes={"clients": [str(client.pk) for client, _ in rows]},
        purpose=Purpose.PARTNER_SHARE,
    )
    return page


@dataclass(frozen=True)
class WorkProfile:
    """What an employer may see of a candidate referred to them (``accounts.policies.WORK_PROFILE_FIELDS``):
    work, education, skills, languages and availability. Built field by field from the intake, so nothing
    else of the file (health, limiting circumstances, benefits, household, origin, notes) can come along."""

    first_name: str
    occupations: list[str]
    education: list[str]
    skills: list[str]
    dutch_levels: dict[str, str]
    other_languages: dict[str, str]
    hours_available: int | None
    available_from: dt.date | None
    driving_licence: bool
    postcode_area: str


def work_profile(client: Client) -> WorkProfile:
    """The work profile of ``client``; callers have checked that the viewer may see it (a referral with
    consent) and audit the view."""
    return work_profiles([client])[client.pk]


def work_profiles(clients: list[Client]) -> dict[Any, WorkProfile]:
    """The work profiles of ``clients`` by client id, read with a fixed number of queries however many
    there are (a page of candidates must not read each one separately). Callers have checked that the
    viewer may see each profile and audit each view."""
    intakes = {
        intake.client_id: intake
        for intake in Intake.objects.filter(client__in=[client.pk for client in clients]).prefetch_related(
            Prefetch("work_experience", queryset=WorkExperience.objects.select_related("occupation")),
            "education",
            "skills",
        )
    }
    profiles = {}
    for client in clients:
        intake = intakes.get(client.pk)
        if intake is None:
            profiles[client.pk] = WorkProfile(
                client.first_name, [], [], [], {}, {}, None, None, False, client.postcode[:4]
            )
            continue
        profiles[client.pk] = WorkProfile(
            first_name=client.first_name,
            occupations=[
                _("%(occupation)s (%(years)s jaar)") % {"occupation": row.occupation, "years": row.years}
                for row in intake.work_experience.all()
            ],
            education=[
                f"{row.get_isced_level_display()}{', ' + row.field if row.field else ''}"
                for row in intake.education.all()
            ],
            skills=sorted(str(skill) for skill in intake.skills.all()),
            dutch_levels={
                _("luisteren"): intake.dutch_listening,
                _("lezen"): intake.dutch_reading,
                _("spreken"): intake.dutch_speaking,
                _("schrijven"): intake.dutch_writing,
            },
            # Stored as a list of {"language": "ar", "level": "C2"}; the page names the language.
            other_languages={row["language"]: row["level"] for row in intake.other_languages or []},
            hours_available=intake.hours_available,
            available_from=intake.available_from,
            driving_licence=intake.driving_licence,
            postcode_area=client.postcode[:4],
        )
    return profiles


# --- The client's portal, seen from the caseworker's side ---------------------------------------------

INBOX_LIMIT = 200


def inbox(user: User) -> list[Message]:
    """Unread messages from clients ``user`` may change, the caseworker's own clients first, oldest
    first; each client shown is audited as read (by the client ids on the page, like the caseload)."""
    rows = list(
        Message.objects.filter(
            from_client=True,
            read_at__isnull=True,
            client__in=visible_clients(user, change=True),
        )
        .select_related("client", "activity")
        .order_by("sent_at", "pk")[:INBOX_LIMIT]
    )
    rows.sort(key=lambda message: message.client.caseworker_id != user.pk)
    for client_id in dict.fromkeys(message.client_id for message in rows):
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="message_inbox",
            object_id=client_id,
            client_id=client_id,
            purpose=Purpose.CASE_WORK,
        )
    return rows


def message_thread(user: User, client: Client) -> list[Message]:
    """The thread of ``client``, who must come from :func:`get_client` (scoped and audited there)."""
    return list(
        Message.objects.filter(client=client).select_related("activity", "author").order_by("sent_at", "pk")
    )


def has_client_account(client: Client) -> bool:
    return ClientAccount.objects.filter(client=client).exists()


# --- Warm handovers -----------------------------------------------------------------------------------


def open_handover(user: User, client: Client) -> Handover | None:
    """The requested or sent handover of ``client`` (from a scoped selector), if any."""
    return (
        Handover.objects.filter(client=client, status__in=OPEN_HANDOVER_STATUSES)
        .select_related("from_municipality", "to_municipality", "requested_by", "sent_by", "consent")
        .first()
    )


@dataclass(frozen=True)
class HandoverLists:
    incoming: list[Handover]  # sent to the user's municipalities: theirs to accept
    requested: list[Handover]  # asked for by the user's municipalities, not yet sent: no file to show
    outgoing: list[Handover]  # open handovers of the files the user's municipalities hold


def handovers(user: User) -> HandoverLists:
    """The open handovers that concern ``user``'s municipalities; the clients named are logged as seen."""
    municipality_ids = case_municipality_ids(user)
    base = Handover.objects.select_related("client", "from_municipality", "to_municipality").order_by(
        "created_at"
    )
    incoming = list(
        base.filter(status=HandoverStatus.SENT, to_municipality_id__in=municipality_ids).filter(
            client__in=visible_clients(user)
        )
    )
    requested = list(base.filter(status=HandoverStatus.REQUESTED, to_municipality_id__in=municipality_ids))
    outgoing = list(
        base.filter(status__in=OPEN_HANDOVER_STATUSES, client__in=visible_clients(user, change=True))
    )
    named = [str(handover.client_id) for handover in incoming + outgoing]
    if named:
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="client_list",
            changes={"clients": named},
            purpose=Purpose.HANDOVER,
        )
    return HandoverLists(incoming=incoming, requested=requested, outgoing=outgoing)
