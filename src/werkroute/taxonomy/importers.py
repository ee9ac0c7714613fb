"""Import of the ESCO classification from the official CSV download (one folder, Dutch files).

Files read from the folder:

- ``ISCOGroups_nl.csv`` (required): ISCO-08 groups; a group's parent is its code minus the last digit.
- ``occupations_nl.csv`` (required): occupations with their ISCO group, preferred and alternative labels.
- ``skills_nl.csv`` when present, otherwise whichever skill collections are present
  (``transversalSkillsCollection_nl.csv``, ``languageSkillsCollection_nl.csv``,
  ``ictSkillsCollection_nl.csv``).
- ``occupationSkillRelations_nl.csv`` when present, otherwise ``occupationSkillLabels_en.csv``, a
  derived file that names skills only by their English label. Such skills get a
  ``urn:werkroute:esco-skill-label:`` URI derived from the label (see :func:`skill_label_uri`).

The whole folder is validated before anything is written; then everything is written in one
transaction. Occupations, ISCO groups and skills are created or updated by their URI (occupations are
protected from deletion by the case files that refer to them, so nothing is deleted); the labels of
every imported occupation, and its skill relations when a relations file is present, are made equal to
the files. Running the import twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from werkroute.core.importing import (
    CsvRow,
    ImportFileError,
    ImportReport,
    check_length,
    check_pattern,
    open_csv,
    require_value,
    row_error,
    upsert,
)
from werkroute.taxonomy.models import (
    IscoGroup,
    Occupation,
    OccupationLabel,
    OccupationSkill,
    Skill,
    SkillRelation,
)
from werkroute.taxonomy.search import NORMALISED_MAX_LENGTH, normalise_label

ISCO_GROUPS_FILE = "ISCOGroups_nl.csv"
OCCUPATIONS_FILE = "occupations_nl.csv"
SKILLS_FILE = "skills_nl.csv"
SKILL_COLLECTION_FILES = (
    "transversalSkillsCollection_nl.csv",
    "languageSkillsCollection_nl.csv",
    "ictSkillsCollection_nl.csv",
)
RELATIONS_FILE = "occupationSkillRelations_nl.csv"
RELATION_LABELS_FILE = "occupationSkillLabels_en.csv"
SKILL_LABEL_URI_PREFIX = "urn:werkroute:esco-skill-label:"

ISCO_CODE = re.compile(r"\d{1,4}")
BATCH_SIZE = 1000
# SQLite (before 3.32) refuses more than 999 parameters in one statement; deletes go in chunks of this.
DELETE_CHUNK = 500


@dataclass
class _Occupation:
    uri: str
    code: str
    isco_code: str
    preferred_label: str
    description: str
    labels: list[tuple[str, bool]]  # (label, is_preferred), one per normalised form


@dataclass
class _Skill:
    uri: str
    preferred_label: str
    label_language: str
    skill_type: str
    description: str


@dataclass
class _Taxonomy:
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (uri, label)
    occupations: dict[str, _Occupation] = field(default_factory=dict)  # by uri
    skills: dict[str, _Skill] = field(default_factory=dict)  # by uri
    # (occupation uri, skill uri) -> relation; None when the folder has no relations file at all.
    relations: dict[tuple[str, str], str] | None = None


def import_esco(folder: Path) -> ImportReport:
    """Import (or re-import) the ESCO CSV files in ``folder``; see the module docstring for the files.

    Raises :class:`ImportFileError` with a Dutch message naming the file (and row, or missing columns)
    on the first problem: a missing required file or column, an empty or duplicate URI, an occupation
    whose ISCO group is unknown, a relation to an unknown occupation or skill. Nothing is written then.
    Returns created, updated and deleted counts per model; only labels and skill relations of imported
    occupations that no longer appear in the files are ever deleted.
    """
    taxonomy = _read_folder(Path(folder))
    report = ImportReport()
    with transaction.atomic():
        _write_groups(taxonomy.groups, report)
        occupation_ids = _write_occupations(taxonomy.occupations, report)
        _write_labels(taxonomy.occupations, occupation_ids, report)
        skill_ids = _write_skills(taxonomy.skills, report)
        if taxonomy.relations is not None:
            _write_relations(taxonomy.relations, occupation_ids, skill_ids, report)
    return report


def skill_label_uri(label: str) -> str:
    """The stable URI of a skill known only by its (English) label.

    Lowercase ASCII words joined by hyphens; when that loses information (punctuation, accents: "C++"
    and "C#" would both become "c") a short hash of the exact label is appended to keep URIs distinct.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", normalise_label(label).encode("ascii", "ignore").decode()).strip("-")
    if not re.fullmatch(r"[A-Za-z0-9]+( [A-Za-z0-9]+)*", label):
        digest = hashlib.sha256(label.encode()).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return SKILL_LABEL_URI_PREFIX + slug


# Reading and validating


def _read_folder(folder: Path) -> _Taxonomy:
    if not folder.is_dir():
        raise ImportFileError(_("De map %(folder)s bestaat niet.") % {"folder": str(folder)})
    missing = [name for name in (ISCO_GROUPS_FILE, OCCUPATIONS_FILE) if not (folder / name).is_file()]
    if missing:
        raise ImportFileError(
            _("De map %(folder)s mist het verplichte bestand (de verplichte bestanden) %(files)s.")
            % {"folder": str(folder), "files": ", ".join(missing)}
        )
    taxonomy = _Taxonomy()
    known_group_codes = set(IscoGroup.objects.values_list("code", flat=True))
    _read_groups(folder / ISCO_GROUPS_FILE, taxonomy, known_group_codes)
    _read_occupations(folder / OCCUPATIONS_FILE, taxonomy, known_group_codes)
    if (folder / SKILLS_FILE).is_file():
        _read_skills(folder / SKILLS_FILE, taxonomy)
    else:
        for name in SKILL_COLLECTION_FILES:
            if (folder / name).is_file():
                _read_skills(folder / name, taxonomy)
    if (folder / RELATIONS_FILE).is_file():
        _read_relations(folder / RELATIONS_FILE, taxonomy)
    elif (folder / RELATION_LABELS_FILE).is_file():
        _read_relation_labels(folder / RELATION_LABELS_FILE, taxonomy)
    return taxonomy


def _read_groups(path: Path, taxonomy: _Taxonomy, known_codes: set[str]) -> None:
    file_name = path.name
    rows_by_code: dict[str, CsvRow] = {}
    uris: dict[str, int] = {}
    with open_csv(path, ("conceptUri", "code", "preferredLabel")) as rows:
        for row in rows:
            uri = _uri(row, "conceptUri", 200, uris, file_name)
            code = check_pattern(row, "code", ISCO_CODE, "7212", file_name=file_name)
            if code in rows_by_code:
                raise row_error(
                    row,
                    _("ISCO-code %(code)s staat ook al op regel %(other)d.")
                    % {"code": code, "other": rows_by_code[code].number},
                    file_name=file_name,
                )
            require_value(row, "preferredLabel", file_name=file_name)
            label = check_length(row, "preferredLabel", 300, file_name=file_name)
            rows_by_code[code] = row
            taxonomy.groups[code] = (uri, label)
    for code, row in rows_by_code.items():
        parent = code[:-1]
        if parent and parent not in taxonomy.groups and parent not in known_codes:
            raise row_error(
                row,
                _("de bovenliggende ISCO-groep %(parent)s van %(code)s ontbreekt.")
                % {"parent": parent, "code": code},
                file_name=file_name,
            )


def _read_occupations(path: Path, taxonomy: _Taxonomy, known_group_codes: set[str]) -> None:
    file_name = path.name
    uris: dict[str, int] = {}
    with open_csv(path, ("conceptUri", "iscoGroup", "preferredLabel")) as rows:
        for row in rows:
            uri = _uri(row, "conceptUri", 200, uris, file_name)
            isco_code = require_value(row, "iscoGroup", file_name=file_name)
            if isco_code not in taxonomy.groups and isco_code not in known_group_codes:
                raise row_error(
                    row,
                    _("ISCO-groep %(code)s van beroep %(uri)s is onbekend (niet in %(groups)s).")
                    % {"code": isco_code, "uri": uri, "groups": ISCO_GROUPS_FILE},
                    file_name=file_name,
                )
            require_value(row, "preferredLabel", file_name=file_name)
            preferred_label = check_length(row, "preferredLabel", 300, file_name=file_name)
            labels = _distinct_labels(preferred_label, row["altLabels"].splitlines())
            for label, _is_preferred in labels:
                if len(label) > 300:
                    raise row_error(
                        row,
                        _("de alternatieve naam '%(label)s…' is langer dan 300 tekens.")
                        % {"label": label[:40]},
                        file_name=file_name,
                    )
            taxonomy.occupations[uri] = _Occupation(
                uri=uri,
                code=check_length(row, "code", 40, file_name=file_name),
                isco_code=isco_code,
                preferred_label=preferred_label,
                description=row["description"],
                labels=labels,
            )


def _distinct_labels(preferred_label: str, alternative_labels: Iterable[str]) -> list[tuple[str, bool]]:
    # Labels that differ only in case or accents would be the same search hit twice.
    labels: dict[str, tuple[str, bool]] = {normalise_label(preferred_label): (preferred_label, True)}
    for label in alternative_labels:
        label = " ".join(label.split())
        if label:
            labels.setdefault(normalise_label(label), (label, False))
    return list(labels.values())


def _read_skills(path: Path, taxonomy: _Taxonomy) -> None:
    file_name = path.name
    uris: dict[str, int] = {}
    with open_csv(path, ("conceptUri", "preferredLabel")) as rows:
        for row in rows:
            uri = _uri(row, "conceptUri", 300, uris, file_name)
            require_value(row, "preferredLabel", file_name=file_name)
            # The collections overlap (a digital skill can also be transversal); the first file wins.
            taxonomy.skills.setdefault(
                uri,
                _Skill(
                    uri=uri,
                    preferred_label=check_length(row, "preferredLabel", 300, file_name=file_name),
                    label_language="nl",
                    skill_type=check_length(row, "skillType", 40, file_name=file_name),
                    description=row["description"],
                ),
            )


def _read_relations(path: Path, taxonomy: _Taxonomy) -> None:
    file_name = path.name
    known_skill_uris = set(Skill.objects.values_list("uri", flat=True))
    relations: dict[tuple[str, str], str] = {}
    with open_csv(path, ("occupationUri", "relationType", "skillUri")) as rows:
        for row in rows:
            occupation_uri = _known_occupation(row, taxonomy, file_name)
            skill_uri = require_value(row, "skillUri", file_name=file_name)
            if skill_uri not in taxonomy.skills and skill_uri not in known_skill_uris:
                raise row_error(
                    row,
                    _("vaardigheid %(uri)s is onbekend (niet in %(skills)s en niet eerder geïmporteerd).")
                    % {"uri": skill_uri, "skills": SKILLS_FILE},
                    file_name=file_name,
                )
            _add_relation(relations, (occupation_uri, skill_uri), _relation_type(row, file_name))
    taxonomy.relations = relations


def _read_relation_labels(path: Path, taxonomy: _Taxonomy) -> None:
    file_name = path.name
    relations: dict[tuple[str, str], str] = {}
    uri_by_label: dict[str, str] = {}
    with open_csv(path, ("occupationUri", "relationType", "skillLabel_en")) as rows:
        for row in rows:
            occupation_uri = _known_occupation(row, taxonomy, file_name)
            relation = _relation_type(row, file_name)
            label = require_value(row, "skillLabel_en", file_name=file_name)
            skill_uri = uri_by_label.get(label)
            if skill_uri is None:
                check_length(row, "skillLabel_en", 250, file_name=file_name)
                skill_uri = uri_by_label[label] = skill_label_uri(label)
                taxonomy.skills.setdefault(skill_uri, _Skill(skill_uri, label, "en", "", ""))
            is_knowledge = row["isKnowledge"]
            if is_knowledge and not taxonomy.skills[skill_uri].skill_type:
                taxonomy.skills[skill_uri].skill_type = (
                    "knowledge" if is_knowledge == "1" else "skill/competence"
                )
            _add_relation(relations, (occupation_uri, skill_uri), relation)
    taxonomy.relations = relations


def _known_occupation(row: CsvRow, taxonomy: _Taxonomy, file_name: str) -> str:
    uri = require_value(row, "occupationUri", file_name=file_name)
    if uri not in taxonomy.occupations:
        raise row_error(
            row,
            _("beroep %(uri)s staat niet in %(occupations)s.")
            % {"uri": uri, "occupations": OCCUPATIONS_FILE},
            file_name=file_name,
        )
    return uri


def _relation_type(row: CsvRow, file_name: str) -> str:
    relation = row["relationType"].lower()
    if relation not in SkillRelation.values:
        raise row_error(
            row,
            _("relationType '%(value)s' is niet 'essential' of 'optional'.") % {"value": row["relationType"]},
            file_name=file_name,
        )
    return relation


def _add_relation(relations: dict[tuple[str, str], str], key: tuple[str, str], relation: str) -> None:
    # ESCO lists a few pairs twice, once essential and once optional; the stronger claim wins.
    if relations.get(key) != SkillRelation.ESSENTIAL:
        relations[key] = relation


def _uri(row: CsvRow, column: str, max_length: int, seen: dict[str, int], file_name: str) -> str:
    uri = require_value(row, column, file_name=file_name)
    check_length(row, column, max_length, file_name=file_name)
    if uri in seen:
        raise row_error(
            row,
            _("%(column)s %(uri)s staat ook al op regel %(other)d.")
            % {"column": column, "uri": uri, "other": seen[uri]},
            file_name=file_name,
        )
    seen[uri] = row.number
    return uri


# Writing


def _write_groups(groups: dict[str, tuple[str, str]], report: ImportReport) -> None:
    # Parents before children, so that databases checking foreign keys per statement are content too.
    values = {
        code: {"uri": groups[code][0], "label": groups[code][1], "parent_id": code[:-1] or None}
        for code in sorted(groups, key=lambda code: (len(code), code))
    }
    upsert(IscoGroup, "code", values, report, batch_size=BATCH_SIZE)


def _write_occupations(occupations: dict[str, _Occupation], report: ImportReport) -> dict[str, int]:
    values = {
        occupation.uri: {
            "code": occupation.code,
            "isco_group_id": occupation.isco_code,
            "preferred_label": occupation.preferred_label,
            "description": occupation.description,
        }
        for occupation in occupations.values()
    }
    upsert(Occupation, "uri", values, report, batch_size=BATCH_SIZE)
    # bulk_create does not set primary keys on every database; one query maps URIs to ids.
    ids = dict(Occupation.objects.values_list("uri", "pk"))
    return {uri: ids[uri] for uri in occupations}


def _write_labels(
    occupations: dict[str, _Occupation], occupation_ids: dict[str, int], report: ImportReport
) -> None:
    wanted = {
        (occupation_ids[occupation.uri], label, is_preferred)
        for occupation in occupations.values()
        for label, is_preferred in occupation.labels
    }
    imported_ids = set(occupation_ids.values())
    existing: dict[tuple[int, str, bool], int] = {}
    stale: list[int] = []
    for pk, occupation_id, label, is_preferred, normalised in OccupationLabel.objects.values_list(
        "pk", "occupation_id", "label", "is_preferred", "normalised"
    ).iterator(chunk_size=5000):
        if occupation_id not in imported_ids:
            continue
        key = (occupation_id, label, is_preferred)
        # A label stored under an older normalisation is replaced too, so that search keeps working.
        if key in wanted and key not in existing and normalised == _normalised(label):
            existing[key] = pk
        else:
            stale.append(pk)
    _delete_in_chunks(OccupationLabel, stale)
    new = [
        OccupationLabel(
            occupation_id=occupation_id, label=label, normalised=_normalised(label), is_preferred=preferred
        )
        for occupation_id, label, preferred in sorted(wanted - set(existing))
    ]
    OccupationLabel.objects.bulk_create(new, batch_size=BATCH_SIZE)
    report.count("OccupationLabel", created=len(new), deleted=len(stale))


def _normalised(label: str) -> str:
    return normalise_label(label)[:NORMALISED_MAX_LENGTH]


def _write_skills(skills: dict[str, _Skill], report: ImportReport) -> dict[str, int]:
    existing = Skill.objects.in_bulk(field_name="uri")
    values = {}
    for skill in skills.values():
        row = existing.get(skill.uri)
        values[skill.uri] = {
            "preferred_label": skill.preferred_label,
            "label_language": skill.label_language,
            # The label-only relations file knows the type of some skills only; keep what is known.
            "skill_type": skill.skill_type or (row.skill_type if row else ""),
            "description": skill.description or (row.description if row else ""),
        }
    upsert(Skill, "uri", values, report, batch_size=BATCH_SIZE, existing=existing)
    return dict(Skill.objects.values_list("uri", "pk"))


def _write_relations(
    relations: dict[tuple[str, str], str],
    occupation_ids: dict[str, int],
    skill_ids: dict[str, int],
    report: ImportReport,
) -> None:
    wanted = {
        (occupation_ids[occupation_uri], skill_ids[skill_uri]): relation
        for (occupation_uri, skill_uri), relation in relations.items()
    }
    imported_ids = set(occupation_ids.values())
    stale: list[int] = []
    changed: list[OccupationSkill] = []
    present: set[tuple[int, int]] = set()
    for pk, occupation_id, skill_id, relation in OccupationSkill.objects.values_list(
        "pk", "occupation_id", "skill_id", "relation"
    ).iterator(chunk_size=10_000):
        if occupation_id not in imported_ids:
            continue
        key = (occupation_id, skill_id)
        if key not in wanted:
            stale.append(pk)
            continue
        present.add(key)
        if relation != wanted[key]:
            changed.append(OccupationSkill(pk=pk, relation=wanted[key]))
    _delete_in_chunks(OccupationSkill, stale)
    OccupationSkill.objects.bulk_update(changed, ["relation"], batch_size=BATCH_SIZE)
    new = [
        OccupationSkill(occupation_id=occupation_id, skill_id=skill_id, relation=relation)
        for (occupation_id, skill_id), relation in wanted.items()
        if (occupation_id, skill_id) not in present
    ]
    OccupationSkill.objects.bulk_create(new, batch_size=BATCH_SIZE)
    report.count("OccupationSkill", created=len(new), updated=len(changed), deleted=len(stale))


def _delete_in_chunks(model: type[OccupationLabel] | type[OccupationSkill], pks: list[int]) -> None:
    for chunk in _chunks(pks, DELETE_CHUNK):
        model.objects.filter(pk__in=chunk).delete()


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
