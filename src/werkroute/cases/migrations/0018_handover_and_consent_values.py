from django.db import migrations
from django.db.models import OuterRef, Subquery

# Free text typed before the list existed, recognised by the law's name; anything else becomes "other",
# with the text kept as the note, so nothing typed is lost.
_KNOWN_LAWS = (
    ("inburgering", "wet_inburgering_2021"),
    ("participatiewet", "participatiewet"),
    ("suwi", "wet_suwi"),
)


def legal_basis_to_choice(apps, schema_editor):
    Handover = apps.get_model("cases", "Handover")
    for handover in Handover.objects.exclude(legal_basis="").only("pk", "legal_basis"):
        text = handover.legal_basis.strip()
        lowered = text.lower()
        code = next((code for name, code in _KNOWN_LAWS if name in lowered), "other")
        # The bare name of a known law says nothing the choice does not; anything more is kept.
        bare = lowered.rstrip(". ") in {"wet inburgering 2021", "participatiewet", "wet suwi", "suwi"}
        Handover.objects.filter(pk=handover.pk).update(
            legal_basis=code, legal_basis_note="" if code != "other" and bare else text
        )


def legal_basis_to_text(apps, schema_editor):
    Handover = apps.get_model("cases", "Handover")
    labels = {code: name for name, code in _KNOWN_LAWS}
    for handover in Handover.objects.exclude(legal_basis="").only("pk", "legal_basis", "legal_basis_note"):
        text = handover.legal_basis_note or labels.get(handover.legal_basis, handover.legal_basis)
        Handover.objects.filter(pk=handover.pk).update(legal_basis=text[:200])


def consent_municipality(apps, schema_editor):
    """The municipality each consent was given to: the one that held the file when it was recorded.

    A client's current municipality, except for consents recorded before a move took effect (an accepted
    handover on its acceptance day, a direct move on its date): those belonged to the municipality the
    client left. A consent recorded on the day of the move counts as the old municipality's, so that an
    uncertain case ends a partner's access rather than carrying it over.
    """
    Consent = apps.get_model("cases", "Consent")
    Client = apps.get_model("cases", "Client")
    Relocation = apps.get_model("cases", "Relocation")
    Handover = apps.get_model("cases", "Handover")
    Consent.objects.update(
        municipality_id=Subquery(
            Client.objects.filter(pk=OuterRef("client_id")).values("municipality_id")[:1]
        )
    )
    accepted_on = dict(
        Handover.objects.filter(relocation__isnull=False).values_list("relocation_id", "accepted_on")
    )
    moves: dict = {}
    for relocation in Relocation.objects.order_by("client_id", "moved_on", "pk"):
        took_effect = accepted_on.get(relocation.pk) or relocation.moved_on
        moves.setdefault(relocation.client_id, []).append((took_effect, relocation.from_municipality_id))
    for consent in Consent.objects.filter(client_id__in=list(moves)).only("pk", "client_id", "recorded_at"):
        recorded = consent.recorded_at.date()
        earlier = [
            municipality for took_effect, municipality in moves[consent.client_id] if recorded <= took_effect
        ]
        if earlier:
            Consent.objects.filter(pk=consent.pk).update(municipality_id=earlier[0])


class Migration(migrations.Migration):
    # Data only, in its own transaction: PostgreSQL refuses to alter a table with pending updates in it.
    dependencies = [
        ("cases", "0017_handover_withdrawal_legal_basis_choice_consent_municipality"),
    ]

    operations = [
        migrations.RunPython(consent_municipality, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(legal_basis_to_choice, legal_basis_to_text, elidable=True),
    ]
