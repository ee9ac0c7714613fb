import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from werkroute.cases.models import WorkExperience
from werkroute.cases.tests.factories import IntakeFactory
from werkroute.core.importing import ImportFileError
from werkroute.taxonomy.importers import SKILL_LABEL_URI_PREFIX, import_esco, skill_label_uri
from werkroute.taxonomy.models import IscoGroup, Occupation, OccupationLabel, OccupationSkill, Skill
from werkroute.taxonomy.tests.esco_files import (
    COOK,
    OCCUPATION_HEADER,
    OCCUPATION_ROWS,
    PIPE_WELDER,
    RELATION_HEADER,
    RELATION_LABEL_ROWS,
    SKILL_HEADER,
    SKILL_ROWS,
    TEAMWORK,
    WELDER,
    isco_row,
    occupation_row,
    write_csv,
    write_esco_folder,
)
from werkroute.taxonomy.tests.factories import OccupationFactory

TAXONOMY_MODELS = (IscoGroup, Occupation, OccupationLabel, Skill, OccupationSkill)


def counts():
    return {model.__name__: model.objects.count() for model in TAXONOMY_MODELS}


def labels_of(uri):
    return set(OccupationLabel.objects.filter(occupation__uri=uri).values_list("label", "is_preferred"))


def test_import_creates_groups_occupations_labels_skills_and_relations(db, tmp_path):
    report = import_esco(write_esco_folder(tmp_path))

    assert report.created == {
        "IscoGroup": 8,
        "Occupation": 3,
        "OccupationLabel": 7,
        "Skill": 5,
        "OccupationSkill": 5,
    }
    assert IscoGroup.objects.get(code="7212").parent.parent.parent.code == "7"
    assert IscoGroup.objects.get(code="7").parent is None
    welder = Occupation.objects.get(uri=WELDER)
    assert (welder.preferred_label, welder.code, welder.isco_group_id) == ("lasser", "7212.1", "7212")
    # "Lasser" differs from the preferred label only in case: one search hit, so one label.
    assert labels_of(WELDER) == {("lasser", True), ("booglasser", False), ("manueel lasser", False)}
    assert OccupationLabel.objects.get(label="manueel lasser").normalised == "manueel lasser"
    assert Occupation.objects.get(uri=COOK).description == "Kookt."


def test_skills_known_only_by_english_label_get_a_stable_label_uri(db, tmp_path):
    import_esco(write_esco_folder(tmp_path))

    arc_welding = Skill.objects.get(uri=skill_label_uri("arc welding techniques"))
    assert arc_welding.uri == SKILL_LABEL_URI_PREFIX + "arc-welding-techniques"
    assert (arc_welding.preferred_label, arc_welding.label_language) == ("arc welding techniques", "en")
    assert arc_welding.skill_type == "knowledge"
    assert Skill.objects.get(preferred_label="prepare sauces").skill_type == "skill/competence"
    assert skill_label_uri("C++") != skill_label_uri("C#")
    assert {Skill.objects.get(preferred_label=label).uri for label in ("C++", "C#")} == {
        skill_label_uri("C++"),
        skill_label_uri("C#"),
    }
    assert Skill.objects.get(uri=TEAMWORK).label_language == "nl"


def test_a_pair_listed_as_essential_and_optional_is_essential(db, tmp_path):
    import_esco(write_esco_folder(tmp_path))

    relation = OccupationSkill.objects.get(occupation__uri=COOK)
    assert (relation.skill.preferred_label, relation.relation) == ("prepare sauces", "essential")


def test_reimport_changes_nothing_and_keeps_the_occupation_ids(db, tmp_path):
    folder = write_esco_folder(tmp_path)
    import_esco(folder)
    ids = dict(Occupation.objects.values_list("uri", "pk"))
    before = counts()

    report = import_esco(folder)

    assert not report.changed_anything, report.summary_lines()
    assert counts() == before
    assert dict(Occupation.objects.values_list("uri", "pk")) == ids


def test_reimport_replaces_labels_and_relations_but_keeps_occupations_used_in_case_files(db, tmp_path):
    import_esco(write_esco_folder(tmp_path / "v1"))
    welder = Occupation.objects.get(uri=WELDER)
    experience = WorkExperience.objects.create(intake=IntakeFactory(), occupation=welder, years=3)
    occupations = [
        occupation_row(WELDER, "7212", "lasser-snijder", ["lasser"], code="7212.1"),
        *OCCUPATION_ROWS[1:],
    ]
    relations = [row for row in RELATION_LABEL_ROWS if row["skillLabel_en"] not in ("C++", "C#")]

    report = import_esco(
        write_esco_folder(tmp_path / "v2", occupations=occupations, relation_labels=relations)
    )

    experience.refresh_from_db()
    assert experience.occupation.preferred_label == "lasser-snijder"
    assert labels_of(WELDER) == {("lasser-snijder", True), ("lasser", False)}
    assert set(
        OccupationSkill.objects.filter(occupation=welder).values_list("skill__preferred_label", flat=True)
    ) == {"arc welding techniques"}
    assert report.updated["Occupation"] == 1
    assert (report.deleted["OccupationLabel"], report.deleted["OccupationSkill"]) == (3, 2)


def test_occupations_absent_from_a_later_file_are_left_alone(db, tmp_path):
    import_esco(write_esco_folder(tmp_path / "v1"))

    import_esco(
        write_esco_folder(
            tmp_path / "v2", occupations=OCCUPATION_ROWS[:1], relation_labels=RELATION_LABEL_ROWS[:3]
        )
    )

    assert labels_of(COOK) == {("kok", True), ("kokkin", False), ("kok in een restaurant", False)}
    assert OccupationSkill.objects.filter(occupation__uri=COOK).count() == 1


def test_without_a_relations_file_existing_relations_stay(db, tmp_path):
    import_esco(write_esco_folder(tmp_path / "v1"))

    import_esco(write_esco_folder(tmp_path / "v2", relation_labels=None))

    assert OccupationSkill.objects.count() == 5


def test_official_skills_and_relations_files_are_preferred_over_the_fallbacks(db, tmp_path):
    folder = write_esco_folder(tmp_path)
    write_csv(
        folder / "skills_nl.csv",
        SKILL_HEADER,
        [{**SKILL_ROWS[0], "preferredLabel": "samenwerken in een team"}],
    )
    write_csv(
        folder / "occupationSkillRelations_nl.csv",
        RELATION_HEADER,
        [
            {
                "occupationUri": COOK,
                "relationType": "essential",
                "skillType": "skill/competence",
                "skillUri": TEAMWORK,
            }
        ],
    )

    import_esco(folder)

    assert list(Skill.objects.values_list("preferred_label", flat=True)) == ["samenwerken in een team"]
    assert list(OccupationSkill.objects.values_list("occupation__uri", "skill__uri")) == [(COOK, TEAMWORK)]


def test_missing_required_files_are_named(db, tmp_path):
    folder = write_esco_folder(tmp_path, isco=None, occupations=None)

    with pytest.raises(ImportFileError, match=r"ISCOGroups_nl\.csv, occupations_nl\.csv"):
        import_esco(folder)


def test_missing_columns_are_named_with_their_file(db, tmp_path):
    folder = write_esco_folder(tmp_path)
    header = [column for column in OCCUPATION_HEADER if column not in ("iscoGroup", "preferredLabel")]
    write_csv(folder / "occupations_nl.csv", header, [])

    with pytest.raises(ImportFileError, match=r"occupations_nl\.csv mist .*iscoGroup, preferredLabel"):
        import_esco(folder)


def test_occupation_with_an_unknown_isco_group_names_file_and_row_and_nothing_is_written(db, tmp_path):
    existing = OccupationFactory()
    before = counts()
    occupations = [*OCCUPATION_ROWS[:2], occupation_row(COOK, "5121", "kok"), *OCCUPATION_ROWS[3:]]

    with pytest.raises(ImportFileError) as error:
        import_esco(write_esco_folder(tmp_path, occupations=occupations))

    assert "occupations_nl.csv, regel 4" in str(error.value)
    assert "ISCO-groep 5121" in str(error.value)
    assert (error.value.file_name, error.value.row) == ("occupations_nl.csv", 4)
    assert counts() == before
    assert list(Occupation.objects.all()) == [existing]


def test_duplicate_uri_names_both_rows(db, tmp_path):
    occupations = [*OCCUPATION_ROWS, occupation_row(WELDER, "7212", "lasser (dubbel)")]

    with pytest.raises(ImportFileError, match=r"occupations_nl.csv, regel 5: .*staat ook al op regel 2"):
        import_esco(write_esco_folder(tmp_path, occupations=occupations))
    assert not IscoGroup.objects.exists()


def test_empty_concept_uri_is_refused(db, tmp_path):
    isco = [isco_row("7", "Ambachtslieden"), {**isco_row("72", "Metaalbewerkers"), "conceptUri": ""}]

    with pytest.raises(ImportFileError, match=r"ISCOGroups_nl.csv, regel 3: conceptUri is leeg"):
        import_esco(write_esco_folder(tmp_path, isco=isco))


def test_isco_group_without_its_parent_is_refused(db, tmp_path):
    isco = [isco_row("7", "Ambachtslieden"), isco_row("7212", "Lassers en snijders")]

    with pytest.raises(ImportFileError, match=r"regel 3: de bovenliggende ISCO-groep 721"):
        import_esco(write_esco_folder(tmp_path, isco=isco, occupations=[]))


def test_relation_to_an_occupation_not_in_the_file_is_refused(db, tmp_path):
    relations = [
        *RELATION_LABEL_ROWS,
        {**RELATION_LABEL_ROWS[0], "occupationUri": "http://example.org/onbekend"},
    ]

    with pytest.raises(ImportFileError, match=r"occupationSkillLabels_en.csv, regel 8: beroep .*onbekend"):
        import_esco(write_esco_folder(tmp_path, relation_labels=relations))
    assert not Occupation.objects.exists()


def test_relation_with_an_unknown_relation_type_is_refused(db, tmp_path):
    relations = [{**RELATION_LABEL_ROWS[0], "relationType": "nice-to-have"}]

    with pytest.raises(ImportFileError, match="regel 2: relationType 'nice-to-have'"):
        import_esco(write_esco_folder(tmp_path, relation_labels=relations))


def test_relation_to_an_unknown_skill_uri_is_refused(db, tmp_path):
    folder = write_esco_folder(tmp_path)
    write_csv(
        folder / "occupationSkillRelations_nl.csv",
        RELATION_HEADER,
        [
            {
                "occupationUri": PIPE_WELDER,
                "relationType": "optional",
                "skillUri": "http://example.org/skill/x",
            }
        ],
    )

    with pytest.raises(ImportFileError, match=r"occupationSkillRelations_nl\.csv, regel 2: vaardigheid"):
        import_esco(folder)


def test_command_prints_a_summary(db, tmp_path, capsys):
    call_command("import_esco", str(write_esco_folder(tmp_path)))

    assert "Occupation: 3 nieuw, 0 bijgewerkt" in capsys.readouterr().out


def test_command_reports_a_broken_folder_as_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"niets opgeslagen.*ISCOGroups_nl\.csv"):
        call_command("import_esco", str(write_esco_folder(tmp_path, isco=None)))
