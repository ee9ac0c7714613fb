"""The portal's own words for the codes of the case file, in plain Dutch (B1) and translated in the
portal's catalogues (``portal/locale``): the staff labels are written for professionals and exist only
in Dutch and English."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from werkroute.cases.events import Kind
from werkroute.cases.models import ActivityStatus, ActivityType, ConsentScope, LearningRoute, MessageKind
from werkroute.placements.events import Kind as ReferralKind
from werkroute.placements.models import ReferralStatus

LEARNING_ROUTES = {
    LearningRoute.B1: _("B1-route: Nederlands leren tot niveau B1, samen met werk of vrijwilligerswerk"),
    LearningRoute.ONDERWIJS: _("Onderwijsroute: Nederlands leren en daarna naar een opleiding"),
    LearningRoute.Z: _("Z-route: leren meedoen in Nederland, in uw eigen tempo"),
}

ACTIVITY_TYPES = {
    ActivityType.LANGUAGE_COURSE: _("Taalles"),
    ActivityType.DUAL_TRAJECTORY: _("Taal leren en werken tegelijk"),
    ActivityType.JOB_APPLICATION_TRAINING: _("Training solliciteren"),
    ActivityType.WORK_PLACEMENT: _("Werkervaringsplaats"),
    ActivityType.VOCATIONAL_TRAINING: _("Opleiding voor een beroep"),
    ActivityType.VOLUNTEERING: _("Vrijwilligerswerk"),
    ActivityType.JOB_COACHING: _("Begeleiding op het werk (jobcoach)"),
    ActivityType.MAP: _("Lessen over werk in Nederland (MAP)"),
    ActivityType.AFTER_CARE: _("Hulp nadat u werk heeft gevonden"),
}

ACTIVITY_STATUSES = {
    ActivityStatus.PLANNED: _("Gepland"),
    ActivityStatus.ACTIVE: _("Bezig"),
    ActivityStatus.COMPLETED: _("Klaar"),
    ActivityStatus.STOPPED_EARLY: _("Gestopt"),
    ActivityStatus.CANCELLED: _("Gaat niet door"),
}

CONSENT_SCOPES = {
    ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS: _("Uw werkprofiel delen met werkgevers in de regio"),
    ConsentScope.SHARE_FILE_WITH_PARTNER: _("Uw dossier delen met een organisatie die u helpt"),
    ConsentScope.KNOWLEDGE_BASE: _("Uw gegevens zonder naam gebruiken om te leren wat goed werkt"),
    ConsentScope.TRANSFER_TO_NEW_MUNICIPALITY: _("Uw dossier meegeven aan uw nieuwe gemeente als u verhuist"),
}

# What each consent shares, said exactly: the client must know what they agree to.
CONSENT_SHARES = {
    ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS: _(
        "Werkgevers zien alleen: uw voornaam, uw werkervaring, uw opleiding, uw vaardigheden, hoe goed u "
        "Nederlands en andere talen spreekt, hoeveel uur u kunt werken, vanaf wanneer, of u een rijbewijs "
        "heeft, en de eerste vier cijfers van uw postcode. Nooit uw gezondheid, uitkering, gezin, "
        "afkomst of de notities van uw klantmanager."
    ),
    ConsentScope.SHARE_FILE_WITH_PARTNER: _(
        "Deze organisatie mag uw dossier lezen, maar niet uw BSN, adres, telefoon, e-mail of de notities "
        "van uw klantmanager."
    ),
    ConsentScope.KNOWLEDGE_BASE: _(
        "Uw gegevens worden zonder naam en zonder BSN gebruikt om te leren welke hulp mensen aan werk "
        "helpt. Niemand kan zien dat het om u gaat."
    ),
    ConsentScope.TRANSFER_TO_NEW_MUNICIPALITY: _(
        "Als u verhuist, krijgt uw nieuwe gemeente uw dossier. Uw nieuwe klantmanager weet dan wat u al "
        "gedaan heeft. Daarna kan uw oude gemeente uw dossier niet meer zien."
    ),
}

REFERRAL_STATUSES = {
    ReferralStatus.PROPOSED: _("Wacht op uw antwoord"),
    ReferralStatus.CONSENTED: _("U zei ja. Uw klantmanager stuurt uw werkprofiel naar de werkgever."),
    ReferralStatus.SENT: _("De werkgever heeft uw werkprofiel"),
    ReferralStatus.INTERVIEW: _("Gesprek met de werkgever"),
    ReferralStatus.ACCEPTED: _("De werkgever wil met u verder"),
    ReferralStatus.DECLINED: _("De werkgever kiest iemand anders"),
    ReferralStatus.WITHDRAWN: _("Gestopt"),
    ReferralStatus.STARTED: _("U werkt hier"),
    ReferralStatus.IN_WORK_3_MONTHS: _("U werkt hier (3 maanden)"),
    ReferralStatus.IN_WORK_6_MONTHS: _("U werkt hier (6 maanden)"),
    ReferralStatus.ENDED: _("Het werk is gestopt"),
}

MESSAGE_KINDS = {
    MessageKind.MESSAGE: _("Bericht"),
    MessageKind.CANNOT_ATTEND: _("Ik kan niet komen"),
    MessageKind.CORRECTION: _("Vraag om iets te verbeteren"),
}

CHANGES = {
    Kind.PLAN_VERSION_CREATED: _("Uw plan is veranderd."),
    Kind.ACTIVITY_PLANNED: _("Er is een nieuwe activiteit voor u gepland."),
    Kind.ACTIVITY_STATUS_CHANGED: _("Een activiteit is veranderd."),
    Kind.MESSAGE_TO_CLIENT: _("U heeft een bericht van uw klantmanager."),
    ReferralKind.REFERRAL_PROPOSED: _("Er is een nieuw voorstel voor werk."),
}

# The matching engine's reasons (the components of its score), as the client reads them.
REASONS = {
    "occupation": _("Uw werkervaring past bij dit werk."),
    "skills": _("U kunt veel van wat dit werk vraagt."),
    "language": _("Uw Nederlands is goed genoeg voor dit werk."),
    "travel": _("Het werk is niet ver van uw huis."),
    "wishes": _("Dit werk past bij wat u graag wilt doen."),
    "hours": _("De uren passen bij de uren die u kunt werken."),
    "start": _("U kunt op tijd beginnen."),
}
MAX_REASONS = 4


def reasons(score_parts: dict[str, float]) -> list[str]:
    """The strongest reasons the engine gave for a proposal, strongest first, in plain words."""
    ranked = sorted(
        (value, component)
        for component, value in (score_parts or {}).items()
        if value > 0 and component in REASONS
    )
    return [str(REASONS[component]) for _value, component in reversed(ranked)][:MAX_REASONS]


def label(table: dict, value: str) -> str:  # type: ignore[type-arg]
    return str(table.get(value, value))


# Messages of the case file's services that a client can meet in the portal: listed here so that the
# portal's catalogues translate them too (gettext finds a message in any catalogue of the language).
SERVICE_MESSAGES = (
    gettext_noop("Schrijf eerst een bericht."),
    gettext_noop("Een bericht is hoogstens %(count)s tekens lang."),
    gettext_noop("Kies de afspraak waar u niet kunt komen."),
    gettext_noop("Schrijf kort waarom u dit voorstel niet wilt."),
    gettext_noop("Deze toestemming was al ingetrokken."),
    gettext_noop(
        "Deze toestemming staat al vast en geldt nog. Trek die eerst in als er iets moet veranderen."
    ),
    gettext_noop("Nieuw bericht in Werkroute"),
    gettext_noop("Er staat een nieuw bericht voor u klaar in Werkroute. Log in om het te lezen: %(link)s"),
)
