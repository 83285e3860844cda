"""URLs of the ten months' events pages (views in events.py)."""

from django.urls import path

from . import events

urlpatterns = [
    path("agenda/", events.agenda, name="agenda"),
    path("agenda/adresse/renouveler/", events.renew_feed, name="feed_renew"),
    path("agenda/<str:token>.ics", events.feed, name="feed"),
    path("agenda/<int:event>/inscription/", events.register, name="event_register"),
    path("agenda/<int:event>/desinscription/", events.unregister, name="event_unregister"),
    path("agenda/<int:event>/emargement/", events.check_in, name="event_check_in"),
]
