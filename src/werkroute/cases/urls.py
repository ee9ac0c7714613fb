from django.urls import path

from werkroute.cases import handover_views, message_views, views

app_name = "cases"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nieuw/", views.client_create, name="client_create"),
    path("gedeeld/", views.shared, name="shared"),
    path("berichten/", message_views.inbox, name="inbox"),
    path("overdrachten/", handover_views.handover_list, name="handovers"),
    path("overdrachten/aanvragen/", handover_views.handover_request, name="handover_request"),
    path("<uuid:client_id>/overdracht/", handover_views.handover, name="handover"),
    path("<uuid:client_id>/berichten/", message_views.thread, name="messages"),
    path("<uuid:client_id>/", views.client_detail, name="client"),
    path("<uuid:client_id>/gegevens/", views.client_edit, name="client_edit"),
    path("<uuid:client_id>/intake/", views.intake_edit, name="intake"),
    path("<uuid:client_id>/plan/nieuw/", views.plan_create, name="plan_create"),
    path("<uuid:client_id>/plan/<int:number>/", views.plan_version, name="plan_version"),
    path("<uuid:client_id>/activiteiten/nieuw/", views.activity_create, name="activity_create"),
    path(
        "<uuid:client_id>/activiteiten/<int:activity_id>/status/",
        views.activity_transition,
        name="activity_transition",
    ),
    path("<uuid:client_id>/posities/nieuw/", views.episode_create, name="episode_create"),
    path("<uuid:client_id>/posities/<int:episode_id>/einde/", views.episode_end, name="episode_end"),
    path("<uuid:client_id>/notities/nieuw/", views.note_create, name="note_create"),
    path("<uuid:client_id>/toestemmingen/nieuw/", views.consent_create, name="consent_create"),
    path(
        "<uuid:client_id>/toestemmingen/<int:consent_id>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
