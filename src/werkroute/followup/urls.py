from django.urls import path

from werkroute.followup import views

app_name = "followup"
urlpatterns = [
    path("team/", views.team, name="team"),
    path("<uuid:client_id>/signalen/<int:signal_id>/uitstellen/", views.snooze, name="snooze"),
    path("<uuid:client_id>/signalen/<int:signal_id>/afwijzen/", views.dismiss, name="dismiss"),
    path("<uuid:client_id>/nazorg/<int:check_in_id>/", views.check_in, name="check_in"),
    path(
        "<uuid:client_id>/activiteiten/<int:activity_id>/terugmelding/", views.report_back, name="report_back"
    ),
]
