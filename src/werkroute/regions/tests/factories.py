import factory

from werkroute.regions.models import Municipality, Organisation, OrganisationKind, PostcodeArea, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    # Real codes run from AM01 to AM38; starting at AM50 lets a test import real data next to factories.
    code = factory.Sequence(lambda number: f"AM{50 + number % 50:02d}")
    name = factory.Sequence(lambda number: f"Arbeidsmarktregio {number}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    # GM9000 and up are unused by CBS, for the same reason as the region codes above.
    code = factory.Sequence(lambda number: f"GM{9000 + number % 1000:04d}")
    name = factory.Sequence(lambda number: f"Gemeente {number}")
    province = "Gelderland"
    region = factory.SubFactory(RegionFactory)
    latitude = 51.84
    longitude = 5.85


class PostcodeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeArea

    pc4 = factory.Sequence(lambda number: f"{1000 + number % 9000}")
    name = factory.LazyAttribute(lambda area: f"{area.pc4} Centrum")
    places = factory.LazyAttribute(lambda area: area.municipality.name)
    latitude = factory.LazyAttribute(lambda area: area.municipality.latitude or 51.84)
    longitude = factory.LazyAttribute(lambda area: area.municipality.longitude or 5.85)
    municipality = factory.SubFactory(MunicipalityFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda number: f"Organisatie {number}")
    kind = OrganisationKind.PROVIDER
    municipality = None
    region = factory.LazyAttribute(
        lambda organisation: (
            organisation.municipality.region if organisation.municipality is not None else RegionFactory()
        )
    )
