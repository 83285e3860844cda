"""The ten months' part of a person's data (registered with eig/accounts/personal_data.py).

Filled in by the services that hold the data: see docs/personal-data.md, « Les dix mois ».
"""

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.core.personal_data import iso

from .models import Fellow


def export_for(user) -> list[dict]:
    return [
        {
            "promotion": str(fellow.promotion),
            "challenge": fellow.challenge.title,
            "status": fellow.get_status_display(),
            "start_date": iso(fellow.start_date),
            "started_on": iso(fellow.started_on),
            "left_on": iso(fellow.left_on),
        }
        for fellow in Fellow.objects.filter(user=user).select_related("promotion__programme", "challenge")
    ]


class ProgrammePart(PersonalDataPart):
    key = "programme"
    order = 55

    def export(self, user, export):
        return export_for(user)


register_part(ProgrammePart())
