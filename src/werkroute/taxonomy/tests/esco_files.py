"""Small ESCO-format folders for tests, written with the official column layout."""

import csv
from pathlib import Path

ISCO_HEADER = [
    "conceptType",
    "conceptUri",
    "code",
    "preferredLabel",
    "status",
    "altLabels",
    "inScheme",
    "description",
]
OCCUPATION_HEADER = [
    "conceptType",
    "conceptUri",
    "iscoGroup",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "status",
    "modifiedDate",
    "regulatedProfessionNote",
    "scopeNote",
    "definition",
    "inScheme",
    "description",
    "code",
]
SKILL_HEADER = [
    "conceptType",
    "conceptUri",
    "skillType",
    "reuseLevel",
    "preferredLabel",
    "altLabels",
    "description",
    "broaderConceptUri",
    "broaderConceptPT",
]
RELATION_LABEL_HEADER = [
    "occupationUri",
    "iscoGroup",
    "occupationLabel_en",
    "relationType",
    "skillLabel_en",
    "isKnowledge",
]
RELATION_HEADER = ["occupationUri", "relationType", "skillType", "skillUri"]

ISCO = "http://data.europa.eu/esco/isco/C"
WELDER = "http://data.europa.eu/esco/occupation/welder"
PIPE_WELDER = "http://data.europa.eu/esco/occupation/pipe-welder"
COOK = "http://data.europa.eu/esco/occupation/cook"
TEAMWORK = "http://data.europa.eu/esco/skill/teamwork"


def isco_row(code, label):
    return {"conceptType": "ISCOGroup", "conceptUri": f"{ISCO}{code}", "code": code, "preferredLabel": label}


def occupation_row(uri, isco_code, label, alt_labels=(), code="", description=""):
    return {
        "conceptType": "Occupation",
        "conceptUri": uri,
        "iscoGroup": isco_code,
        "preferredLabel": label,
        "altLabels": "\n".join(alt_labels),
        "description": description,
        "code": code,
    }


ISCO_ROWS = [
    isco_row("5", "Dienstverlenend personeel en verkopers"),
    isco_row("51", "Dienstverlenend personeel"),
    isco_row("512", "Koks"),
    isco_row("5120", "Koks"),
    isco_row("7", "Ambachtslieden"),
    isco_row("72", "Metaalbewerkers"),
    isco_row("721", "Plaatwerkers, lassers"),
    isco_row("7212", "Lassers en snijders"),
]
OCCUPATION_ROWS = [
    occupation_row(WELDER, "7212", "lasser", ["booglasser", "manueel lasser", "Lasser"], code="7212.1"),
    occupation_row(PIPE_WELDER, "7212", "pijplasser", code="7212.2"),
    occupation_row(
        COOK, "5120", "kok", ["kokkin", "kok in een restaurant"], code="5120.1", description="Kookt."
    ),
]
SKILL_ROWS = [
    {
        "conceptType": "KnowledgeSkillCompetence",
        "conceptUri": TEAMWORK,
        "skillType": "skill/competence",
        "reuseLevel": "transversal",
        "preferredLabel": "samenwerken",
        "description": "Met anderen werken.",
    }
]
RELATION_LABEL_ROWS = [
    {
        "occupationUri": WELDER,
        "relationType": "essential",
        "skillLabel_en": "arc welding techniques",
        "isKnowledge": "1",
    },
    {"occupationUri": WELDER, "relationType": "optional", "skillLabel_en": "C++", "isKnowledge": ""},
    {"occupationUri": WELDER, "relationType": "optional", "skillLabel_en": "C#", "isKnowledge": ""},
    {
        "occupationUri": PIPE_WELDER,
        "relationType": "essential",
        "skillLabel_en": "arc welding techniques",
        "isKnowledge": "1",
    },
    {
        "occupationUri": COOK,
        "relationType": "essential",
        "skillLabel_en": "prepare sauces",
        "isKnowledge": "0",
    },
    # ESCO lists a few pairs twice, once as essential and once as optional.
    {"occupationUri": COOK, "relationType": "optional", "skillLabel_en": "prepare sauces", "isKnowledge": ""},
]


def write_csv(path: Path, header, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_esco_folder(
    folder: Path,
    *,
    isco=ISCO_ROWS,
    occupations=OCCUPATION_ROWS,
    collection_skills=SKILL_ROWS,
    relation_labels=RELATION_LABEL_ROWS,
) -> Path:
    """An ESCO download folder with the given rows; ``None`` leaves a file out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, header, rows in [
        ("ISCOGroups_nl.csv", ISCO_HEADER, isco),
        ("occupations_nl.csv", OCCUPATION_HEADER, occupations),
        ("transversalSkillsCollection_nl.csv", SKILL_HEADER, collection_skills),
        ("occupationSkillLabels_en.csv", RELATION_LABEL_HEADER, relation_labels),
    ]:
        if rows is not None:
            write_csv(folder / name, header, rows)
    return folder
