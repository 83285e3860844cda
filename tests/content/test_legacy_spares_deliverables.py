"""A new import of the legacy site trims the achievements the site no longer has, never those a team's
deliverable published (eig.results.deliverables.publish): those are the platform's, not the site's."""

import pytest

from eig.challenges.models import Achievement, Challenge
from eig.content.legacy import import_site
from eig.results import deliverables
from eig.results.models import Deliverable
from tests.factories import StaffFactory

from .test_legacy_small_sites import DEFIS, small_site

pytestmark = pytest.mark.django_db

PROJECTS = """\
  projects:
    - title: Premier outil
      description: Le premier.
      url: https://ancien.example/un
      call_to_action: Voir
    - title: Second outil
      description: Le second.
      url: https://ancien.example/deux
      call_to_action: Voir
"""


def site_with(tmp_path, name, projects):
    return small_site(tmp_path / name, **{"_data/defis.yml": DEFIS + projects})


def test_a_new_import_trims_the_former_site_s_achievements_but_keeps_a_published_deliverable_s(tmp_path):
    import_site(site_with(tmp_path, "avant", PROJECTS))
    challenge = Challenge.objects.get()
    staff = StaffFactory()
    deliverable = deliverables.propose(
        challenge,
        kind=Deliverable.Kind.REPOSITORY,
        title_fr="Le code publié par l'équipe",
        url="https://forge.example/code",
        licence="MIT",
        by=staff,
    )
    deliverables.publish(deliverable, by=staff)
    one_project = PROJECTS.split("    - title: Second outil")[0]

    report = import_site(site_with(tmp_path, "apres", one_project))

    assert list(Achievement.objects.filter(challenge=challenge).values_list("title", flat=True)) == [
        "Premier outil",
        "Le code publié par l'équipe",
    ]
    deliverable.refresh_from_db()
    assert deliverable.achievement.title == "Le code publié par l'équipe"
    assert report.counts["achievements"].deleted == 1
