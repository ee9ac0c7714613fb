import factory

from werkroute.accounts.models import Membership, Role, User
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda number: f"gebruiker{number}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("test-wachtwoord-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER


def caseworker_of(municipality, role: str = Role.CASEWORKER, **user_fields) -> User:  # type: ignore[no-untyped-def]
    """A user with ``role`` in the municipal organisation of ``municipality`` (created when missing)."""
    user = UserFactory(**user_fields)
    organisation = OrganisationFactory(
        kind=OrganisationKind.MUNICIPALITY, municipality=municipality, region=municipality.region
    )
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user
