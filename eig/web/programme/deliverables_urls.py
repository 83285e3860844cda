"""URLs of the team pages of results and memory: deliverables (issue 16; views in deliverables.py)."""

from django.urls import path

from . import deliverables

_deliverables = "equipes/<int:challenge>/realisations/"

urlpatterns = [
    path(_deliverables, deliverables.deliverable_list, name="deliverables"),
    path(_deliverables + "<int:deliverable>/modifier/", deliverables.deliverable_edit, name="deliverable_edit"),
    path(_deliverables + "<int:deliverable>/retirer/", deliverables.deliverable_withdraw, name="deliverable_withdraw"),
]
