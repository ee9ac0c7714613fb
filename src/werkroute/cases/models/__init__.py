"""The case file: one client, their intake, plan, activities, labour market status, notes and timeline."""

from werkroute.cases.models.activities import Activity, ActivityStatus, ActivityType
from werkroute.cases.models.clients import Client, Gender, HouseholdSituation, TargetGroup
from werkroute.cases.models.consents import Consent, ConsentMethod, ConsentScope
from werkroute.cases.models.episodes import ContractType, EpisodeKind, LabourEpisode
from werkroute.cases.models.intake import (
    DiplomaRecognition,
    Education,
    Intake,
    LimitingCircumstance,
    WorkExperience,
)
from werkroute.cases.models.notes import ContactChannel, Note
from werkroute.cases.models.plans import LearningRoute, PlanGoal, PlanVersion
from werkroute.cases.models.relocations import Relocation
from werkroute.cases.models.retention import RetentionTrace
from werkroute.cases.models.timeline import TimelineEvent

__all__ = [
    "Activity",
    "ActivityStatus",
    "ActivityType",
    "Client",
    "Consent",
    "ConsentMethod",
    "ConsentScope",
    "ContactChannel",
    "ContractType",
    "DiplomaRecognition",
    "Education",
    "EpisodeKind",
    "Gender",
    "HouseholdSituation",
    "Intake",
    "LabourEpisode",
    "LearningRoute",
    "LimitingCircumstance",
    "Note",
    "PlanGoal",
    "PlanVersion",
    "Relocation",
    "RetentionTrace",
    "TargetGroup",
    "TimelineEvent",
    "WorkExperience",
]
