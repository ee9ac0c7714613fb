"""The catalogue: editing keeps the previous text and is audited, only a knowledge editor edits, every
staff role reads, and the JSON export can be read back whole or not at all."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.audit.models import AuditAction
from werkroute.audit.tests.helpers import assert_audited
from werkroute.knowledge import services
from werkroute.knowledge.forms import InterventionForm
from werkroute.knowledge.models import Intervention
from werkroute.knowledge.tests.factories import InterventionFactory, content, knowledge_editor
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _cleaned(**changes):  # type: ignore[no-untyped-def]
    form = InterventionForm(content(**changes))
    assert form.is_valid(), form.errors
    return form.cleaned_data


def test_an_edit_keeps_the_previous_text_and_is_audited(municipality):
    editor = knowledge_editor(municipality)
    intervention = services.create_intervention(editor, _cleaned(), "eerste versie")
    changed = services.update_intervention(
        editor, intervention, _cleaned(description="Nieuwe tekst."), intervention.version, "tekst verbeterd"
    )
    assert changed == ["description"]
    versions = list(intervention.versions.order_by("number"))
    assert [version.number for version in versions] == [1, 2]
    assert versions[0].content["description"] == "Vier dagen werken, een dag taalles op de werkvloer."
    assert versions[1].content["description"] == "Nieuwe tekst." and versions[1].reason == "tekst verbeterd"
    entry = assert_audited(AuditAction.UPDATE, object_type="intervention", object_id=str(intervention.pk))
    assert entry.changes["changed"] == ["description"]
    assert_audited(AuditAction.CREATE, object_type="intervention")


def test_a_stale_edit_is_refused(municipality):
    from werkroute.core.models import StaleObjectError

    editor = knowledge_editor(municipality)
    intervention = services.create_intervention(editor, _cleaned())
    services.update_intervention(editor, intervention, _cleaned(name="Eerste wijziging"), 1)
    stale = Intervention.objects.get(pk=intervention.pk)
    with pytest.raises(StaleObjectError):
        services.update_intervention(editor, stale, _cleaned(name="Tweede wijziging"), 1)


def test_without_the_permission_nobody_edits(municipality, caseworker):
    with pytest.raises(PermissionDenied):
        services.create_intervention(caseworker, _cleaned())


@pytest.mark.parametrize("role", list(Role))
def test_every_staff_role_reads_the_catalogue_and_nobody_else(client, municipality, role):
    intervention = InterventionFactory(name="Werkfit traject")
    kinds = {Role.EMPLOYER: OrganisationKind.EMPLOYER, Role.PARTNER_WORKER: OrganisationKind.PARTNER}
    organisation = OrganisationFactory(
        kind=kinds.get(role, OrganisationKind.MUNICIPALITY),
        municipality=municipality,
        region=municipality.region,
    )
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    client.force_login(user)
    staff = role not in (Role.EMPLOYER, Role.CLIENT)
    listing = client.get(reverse("knowledge:catalogue"))
    detail = client.get(reverse("knowledge:intervention", args=[intervention.pk]))
    assert listing.status_code == detail.status_code == (200 if staff else 403)
    if staff:
        assert "Werkfit traject" in listing.content.decode()
    edit = client.get(reverse("knowledge:intervention_edit", args=[intervention.pk]))
    assert edit.status_code == 403


def test_the_editor_edits_through_the_page(client, municipality):
    editor = knowledge_editor(municipality)
    intervention = services.create_intervention(editor, _cleaned())
    client.force_login(editor)
    form = content(name="Taal en werk plus", reason="naam verduidelijkt", version=intervention.version)
    form["sources"] = "Werkwijzer | 2021 | https://example.org/duaal"
    form.pop("regions")
    response = client.post(reverse("knowledge:intervention_edit", args=[intervention.pk]), form)
    assert response.status_code == 302, response.content.decode()
    intervention.refresh_from_db()
    assert intervention.name == "Taal en werk plus"
    assert intervention.versions.count() == 2
    history = client.get(reverse("knowledge:intervention_history", args=[intervention.pk])).content.decode()
    assert "Taal en werk plus" in history and "naam verduidelijkt" in history


def test_search_and_filters(client, caseworker):
    region = RegionFactory()
    InterventionFactory(
        name="Duaal traject zorg",
        activity_types=["dual_trajectory"],
        learning_routes=["B1"],
        evidence_level="well_founded",
    )
    other = InterventionFactory(name="Taalcafé", activity_types=["language_course"], learning_routes=["Z"])
    other.regions.add(region)
    client.force_login(caseworker)

    def names(**query):  # type: ignore[no-untyped-def]
        return {
            item.name for item in client.get(reverse("knowledge:catalogue"), query).context["interventions"]
        }

    assert names(q="duaal") == {"Duaal traject zorg"}
    assert names(activity_type="language_course") == {"Taalcafé"}
    assert names(route="B1") == {"Duaal traject zorg"}
    assert names(evidence="well_founded") == {"Duaal traject zorg"}
    assert names(region=region.code) == {"Taalcafé"}
    assert names(measured="on") == set()
    assert names(evidence="iets-anders") == {
        "Duaal traject zorg",
        "Taalcafé",
    }  # wrong value: no filter, no error


def test_export_and_import_give_back_the_same_catalogue(municipality):
    editor = knowledge_editor(municipality)
    region = RegionFactory(code="AM99")
    services.create_intervention(editor, {**_cleaned(), "regions": [region]})
    exported = services.export_catalogue(editor)
    assert_audited(AuditAction.EXPORT, object_type="intervention_catalogue")
    document = json.loads(exported)
    document["interventions"][0]["name"] = "Taal en werk (gewijzigd)"
    document["interventions"].append(content(code="nieuw", name="Nieuwe werkwijze"))
    counts = services.import_catalogue(editor, json.dumps(document).encode())
    assert counts == {"created": 1, "updated": 1, "unchanged": 0}
    changed = Intervention.objects.get(code="taal-en-werk")
    assert changed.name == "Taal en werk (gewijzigd)" and list(changed.regions.all()) == [region]
    assert changed.versions.count() == 2
    assert services.import_catalogue(editor, exported.encode())["updated"] == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{niet json", "geen geldige JSON (regel 1"),
        (b'{"format": "iets", "version": 1, "interventions": []}', "geen export van de interventiecatalogus"),
        (None, 'Interventie 2 (tweede), veld "Niveau van bewijs"'),
        ("unknown", 'Interventie 1 (taal-en-werk): onbekend veld "kleur"'),
        ("source", "Bron 1: het jaar moet een jaartal zijn"),
        ("double", "deze code staat twee keer in het bestand"),
    ],
)
def test_a_bad_file_is_refused_whole_with_a_dutch_message(municipality, raw, message):
    editor = knowledge_editor(municipality)
    items = [content(), content(code="tweede", evidence_level="heel goed")]
    if raw == "unknown":
        items = [{**content(), "kleur": "rood"}]
    elif raw == "source":
        items = [content(sources=[{"title": "Rapport", "year": "vorig jaar", "url": ""}])]
    elif raw == "double":
        items = [content(), content()]
    if not isinstance(raw, bytes):
        raw = json.dumps({"format": services.EXPORT_FORMAT, "version": 1, "interventions": items}).encode()
    with pytest.raises(services.CatalogueImportError) as refused:
        services.import_catalogue(editor, raw)
    assert message in refused.value.message
    assert not Intervention.objects.exists()
    assert_audited(AuditAction.REFUSED, object_type="intervention_catalogue")


def test_the_import_page_shows_the_error_and_keeps_nothing(client, municipality):
    from django.core.files.uploadedfile import SimpleUploadedFile

    editor = knowledge_editor(municipality)
    client.force_login(editor)
    upload = SimpleUploadedFile("catalogus.json", b"[1, 2", content_type="application/json")
    response = client.post(reverse("knowledge:catalogue_import"), {"file": upload})
    assert response.status_code == 200
    assert "geen geldige JSON" in response.content.decode()
    assert not Intervention.objects.exists()
