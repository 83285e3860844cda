"""The evaluation's part in a person's personal data (registered with eig/accounts/personal_data.py).

- Export: the seats a person holds with the reviews they wrote, and the
  admissibility decisions on their dossiers.
- Account deletion: the seats lose the account and the invited address; the
  reviews stay (a dossier's scores remain the programme's record) but no longer
  say who wrote them.
- End of a dossier's retention: the free-text parts about the candidate (review
  comments, programme remarks, conflict reasons) are deleted; levels, totals and
  decisions stay for statistics.
"""

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.core.personal_data import ANONYMOUS_DOMAIN, iso

from .models import Conflict, Decision, Remark, Review, Reviewer


def export_for(user) -> dict:
    seats = Reviewer.objects.filter(user=user).select_related("grid__call").order_by("pk")
    reviews = Review.objects.filter(assignment__reviewer__user=user).select_related("assignment__dossier")
    by_seat = {}
    for review in reviews.order_by("pk"):
        by_seat.setdefault(review.assignment.reviewer_id, []).append(
            {
                "dossier": review.assignment.dossier.number,
                "scores": review.scores,
                "comments": review.comments,
                "verdict": review.verdict,
                "comment": review.comment,
                "total": review.total,
                "submitted_at": iso(review.submitted_at),
            }
        )
    decisions = Decision.objects.filter(dossier__owner=user).select_related("dossier", "grid").order_by("pk")
    return {
        "reviewer_seats": [
            {
                "call": seat.grid.call.title,
                "grid": seat.grid.title,
                "invited_as": seat.email,
                "expertise": seat.tags,
                "capacity": seat.capacity,
                "accepted_at": iso(seat.accepted_at),
                "dropped_at": iso(seat.dropped_at),
                "conflicts_declared": [c.dossier.number for c in seat.conflicts.select_related("dossier")],
                "reviews": by_seat.get(seat.pk, []),
            }
            for seat in seats
        ],
        "admissibility_decisions": [
            {
                "dossier": d.dossier.number,
                "phase": d.grid.get_phase_display(),
                "admissible": d.admissible,
                "reason": d.get_reason_display(),
                "note": d.note,
                "decided_at": iso(d.decided_at),
            }
            for d in decisions
        ],
    }


def forget_reviewer(user, *, now) -> int:
    """The person's seats no longer name them (account deleted); returns how many."""
    seats = list(Reviewer.objects.filter(user=user))
    for seat in seats:
        seat.email = f"evaluateur-{seat.pk}@{ANONYMOUS_DOMAIN}"
        seat.user = None
        seat.dropped_at = seat.dropped_at or now
        seat.save(update_fields=["email", "user", "dropped_at"])
    return len(seats)


def anonymise_dossier_reviews(dossier) -> None:
    Review.objects.filter(assignment__dossier=dossier).update(comment="", comments={})
    Remark.objects.filter(dossier=dossier).delete()
    Conflict.objects.filter(dossier=dossier).update(reason="")
    Decision.objects.filter(dossier=dossier).update(note="")


class EvaluationPart(PersonalDataPart):
    key = "evaluation"
    order = 30

    def export(self, user, export):
        return export_for(user)

    def delete_account(self, user, erasure):
        forget_reviewer(user, now=erasure.now)

    close_account = delete_account

    def anonymise_dossier(self, dossier, *, now):
        anonymise_dossier_reviews(dossier)
        return 0


register_part(EvaluationPart())
