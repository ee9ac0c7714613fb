"""The legal basis of a handover is chosen from a fixed list (Dutch labels), with a note that is required
for "other"; the free text of earlier handovers is mapped onto the list by a migration, which keeps any
text it cannot map as the note. The same migration records which municipality each consent was given to."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases import handovers
from werkroute.cases.models import Handover, HandoverLegalBasis
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.tests.factories import MunicipalityFactory

TODAY = dt.date.today()


def _values(to_municipality, **overrides):  # type: ignore[no-untyped-def]
    return {
        "to_municipality": to_municipality,
        "moved_on": TODAY,
        "ground": "legal_basis",
        "legal_basis": "wet_inburgering_2021",
        "legal_basis_note": "",
        "note": "Zie het PIP.",
        **overrides,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"legal_basis": ""}, "legal_basis", "Kies de wettelijke grondslag"),
        ({"legal_basis": "Wet inburgering 2021"}, "legal_basis", "uit de lijst"),
        (
            {"legal_basis": "other", "legal_basis_note": "  "},
            "legal_basis_note",
            "de wet en het artikel",
        ),
        ({"ground": "vriendelijk verzoek"}, "ground", "Kies de grondslag"),
    ],
)
def test_a_legal_basis_outside_the_list_is_refused_in_dutch(overrides, field, message):
    from django.core.exceptions import ValidationError

    old, new = MunicipalityFactory(), MunicipalityFactory()
    person = ClientFactory(municipality=old)
    with pytest.raises(ValidationError) as refused:
        handovers.send_handover(caseworker_of(old), person, _values(new, **overrides))
    assert message.lower() in refused.value.message_dict[field][0].lower()
    assert not Handover.objects.exists()


@pytest.mark.django_db
def test_other_with_a_note_is_kept_and_shown_with_its_label(client):
    old, new = MunicipalityFactory(), MunicipalityFactory()
    person = ClientFactory(municipality=old)
    handover = handovers.send_handover(
        caseworker_of(old),
        person,
        _values(new, legal_basis="other", legal_basis_note="Gemeentewet, art. 160"),
    )
    assert (handover.legal_basis, handover.legal_basis_note) == ("other", "Gemeentewet, art. 160")
    client.force_login(caseworker_of(new))
    page = client.get(reverse("cases:handover", kwargs={"client_id": person.pk})).content.decode()
    assert "andere grondslag, zie toelichting" in page and "Gemeentewet, art. 160" in page


@pytest.mark.django_db
def test_consent_as_ground_keeps_no_legal_basis(client):
    from werkroute.cases.models import ConsentScope
    from werkroute.cases.tests.factories import ConsentFactory

    old, new = MunicipalityFactory(), MunicipalityFactory()
    person = ClientFactory(municipality=old)
    ConsentFactory(client=person, scope=ConsentScope.TRANSFER_TO_NEW_MUNICIPALITY, given_on=TODAY)
    handover = handovers.send_handover(
        caseworker_of(old),
        person,
        _values(new, ground="consent", legal_basis="other", legal_basis_note="x"),
    )
    assert (handover.legal_basis, handover.legal_basis_note) == ("", "")


@pytest.mark.django_db
def test_the_form_offers_the_list_with_dutch_labels(client):
    old = MunicipalityFactory()
    person = ClientFactory(municipality=old)
    client.force_login(caseworker_of(old))
    page = client.get(reverse("cases:handover", kwargs={"client_id": person.pk})).content.decode()
    for _code, label in HandoverLegalBasis.choices:
        assert str(label) in page


BEFORE = [("cases", "0016_caseload_indexes")]
AFTER = [("cases", "0019_consent_municipality_required_handover_legal_basis_choice")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_free_text_and_dates_consents_to_their_municipality():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    region = old_apps.get_model("regions", "Region").objects.create(code="AM98", name="Testregio")
    municipality = old_apps.get_model("regions", "Municipality")
    left = municipality.objects.create(code="GM9997", name="Vertrokken", region=region)
    now = municipality.objects.create(code="GM9998", name="Nieuw", region=region)
    target_group = old_apps.get_model("cases", "TargetGroup").objects.get_or_create(
        code="statushouder", defaults={"name": "Statushouder"}
    )[0]
    client_model = old_apps.get_model("cases", "Client")

    def person(home, name):  # type: ignore[no-untyped-def]
        return client_model.objects.create(
            first_name="A",
            last_name=name,
            date_of_birth="1990-01-01",
            municipality=home,
            registration_date="2022-01-01",
            target_group=target_group,
        )

    mover, stayer = person(now, "Verhuisd"), person(left, "Gebleven")
    relocation = old_apps.get_model("cases", "Relocation").objects.create(
        client=mover, from_municipality=left, to_municipality=now, moved_on=dt.date(2025, 3, 1)
    )
    handover_model = old_apps.get_model("cases", "Handover")
    handover_model.objects.create(
        client=mover,
        from_municipality=left,
        to_municipality=now,
        moved_on=dt.date(2025, 3, 1),
        status="accepted",
        accepted_on=dt.date(2025, 3, 10),
        ground="legal_basis",
        legal_basis="Wet inburgering 2021",
        note="x",
        relocation=relocation,
    )
    texts = {
        "Participatiewet art. 7": ("participatiewet", "Participatiewet art. 7"),
        "wet SUWI": ("wet_suwi", ""),
        "Afspraak tussen de gemeenten": ("other", "Afspraak tussen de gemeenten"),
    }
    declined = {
        text: handover_model.objects.create(
            client=stayer,
            from_municipality=left,
            to_municipality=now,
            moved_on=dt.date(2025, 3, 1),
            status="declined",
            ground="legal_basis",
            legal_basis=text,
            note="x",
        ).pk
        for text in texts
    }
    consent_model = old_apps.get_model("cases", "Consent")

    def consent(owner, recorded):  # type: ignore[no-untyped-def]
        made = consent_model.objects.create(
            client=owner, scope="knowledge_base", given_on=dt.date(2025, 1, 1), method="paper"
        )
        stamp = dt.datetime.combine(recorded, dt.time(12), tzinfo=dt.UTC)
        consent_model.objects.filter(pk=made.pk).update(recorded_at=stamp)
        return made.pk

    before_move = consent(mover, dt.date(2025, 3, 5))  # after the move date, before the acceptance
    on_acceptance_day = consent(mover, dt.date(2025, 3, 10))
    after_move = consent(mover, dt.date(2025, 3, 11))
    unmoved = consent(stayer, dt.date(2025, 3, 5))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    handovers_after = new_apps.get_model("cases", "Handover").objects
    accepted = handovers_after.get(client_id=mover.pk)
    assert (accepted.legal_basis, accepted.legal_basis_note) == ("wet_inburgering_2021", "")
    for text, expected in texts.items():
        row = handovers_after.get(pk=declined[text])
        assert (row.legal_basis, row.legal_basis_note) == expected, text
    consents_after = new_apps.get_model("cases", "Consent").objects
    given_to = dict(consents_after.values_list("pk", "municipality_id"))
    assert given_to[before_move] == left.pk
    assert given_to[on_acceptance_day] == left.pk  # uncertain: it ends access rather than carry it over
    assert given_to[after_move] == now.pk
    assert given_to[unmoved] == left.pk
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
