"""The case file: one client, their intake, plan, activities, labour market status, notes and timeline."""

from werkroute.cases.models.activities import Activity, ActivityStatus, ActivityType
from werkroute.cases.models.clients import Client, Gender, HouseholdSituation, TargetGroup
from werkroute.cases.models.consents import (
    SCOPES_BOUND_TO_MUNICIPALITY,
    Consent,
    ConsentMethod,
    ConsentScope,
)
from werkroute.cases.models.episodes import ContractType, EpisodeKind, LabourEpisode
from werkroute.cases.models.intake import (
    DiplomaRecognition,
    Education,
    Intake,
    LimitingCircumstance,
    WorkExperience,
)
from werkroute.cases.models.notes import ContactChannel, Note
from werkroute.cases.models.plans import LearningRoute, PlanGoal, PlanVersion, newest_learning_route
from werkroute.cases.models.portal import ClientAccount, Message, MessageKind
from werkroute.cases.models.relocations import (
    OPEN_HANDOVER_STATUSES,
    Handover,
    HandoverGround,
    HandoverLegalBasis,
    HandoverStatus,
    Relocation,
)
from werkroute.cases.models.retention import RetentionTrace
from werkroute.cases.models.timeline import TimelineEvent

__all__ = [
    "OPEN_HANDOVER_STATUSES",
    "SCOPES_BOUND_TO_MUNICIPALITY",
    "Activity",
    "ActivityStatus",
    "ActivityType",
    "Client",
    "ClientAccount",
    "Consent",
    "ConsentMethod",
    "ConsentScope",
    "ContactChannel",
    "ContractType",
    "DiplomaRecognition",
    "Education",
    "EpisodeKind",
    "Gender",
    "Handover",
    "HandoverGround",
    "HandoverLegalBasis",
    "HandoverStatus",
    "HouseholdSituation",
    "Intake",
    "LabourEpisode",
    "LearningRoute",
    "LimitingCircumstance",
    "Message",
    "MessageKind",
    "Note",
    "PlanGoal",
    "PlanVersion",
    "Relocation",
    "RetentionTrace",
    "TargetGroup",
    "TimelineEvent",
    "WorkExperience",
    "newest_learning_route",
]
