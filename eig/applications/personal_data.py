"""The wishes in a person's personal data (a part of eig/accounts/personal_data.py).

Each dossier of the export carries its ranked wishes and, in the 2021 mode, the window
in which they were made. They need nothing else: deleting a draft deletes its wishes
(cascade), and an anonymised dossier keeps them (positions, not people).
"""

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.core.personal_data import iso

from .models import Wish, WishWindow


class WishesPart(PersonalDataPart):
    order = 25

    def export_dossier(self, dossier):
        window = WishWindow.objects.filter(dossier=dossier).first()
        return {
            "wishes": [
                {
                    "rank": wish.rank,
                    "position": wish.position_id,
                    "challenge": wish.position.challenge.title,
                    "profile": wish.position.profile.code,
                }
                for wish in Wish.objects.filter(dossier=dossier)
                .select_related("position__challenge", "position__profile")
                .order_by("rank")
            ],
            "wish_window": (
                {"opened_at": iso(window.opened_at), "closes_at": iso(window.closes_at)} if window else None
            ),
        }


register_part(WishesPart())
