from django.urls import path

from . import publicity, views

app_name = "juries"

urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("charte/<str:token>/", views.charter, name="charter"),
    path("disponibilites/<int:juror>/", views.availability, name="availability"),
    path("publication/<int:juror>/", publicity.publicity_page, name="publicity"),
    path("publication/<int:juror>/retrait/", publicity.publicity_revoke, name="publicity_revoke"),
    path("auditions/<int:audition>/", views.audition, name="audition"),
    path("auditions/<int:audition>/notes/", views.note, name="note"),
    path("auditions/<int:audition>/grille/", views.collective, name="collective"),
    path("groupes/<int:panel>/grille-generale/", views.general_grid, name="general_grid"),
    path("calendrier.ics", views.my_calendar, name="calendar"),
    path("calendrier/<str:token>.ics", views.feed, name="feed"),
]
