"""Protected attributes cannot steer a score: the engine has no place to receive them.

The property test through the database adapter (random nationality, country of birth, gender, date of
birth on real client rows, same scores) belongs with the adapters.
"""

import dataclasses

from werkroute.matching import ClientProfile, PlacementProfile

PROTECTED = {
    "nationality",
    "country_of_birth",
    "ethnicity",
    "religion",
    "gender",
    "sex",
    "age",
    "date_of_birth",
    "birth_date",
    "mother_tongue",
    "languages_spoken",
    "household_situation",
    "household_role",
}


def test_profiles_have_no_field_for_a_protected_attribute():
    for profile in (ClientProfile, PlacementProfile):
        names = {field.name for field in dataclasses.fields(profile)}
        assert not names & PROTECTED, profile
