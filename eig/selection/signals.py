"""What the selection tells the apps above it (Django signals: it names none of them).

`offer_accepted`: a laureate accepted their offer, inside the answer's transaction (a receiver
that fails undoes the answer: nothing half done). Sent with `offer` (its position, challenge and
dossier owner read) and `now`. eig.programme makes the laureate a fellow of the promotion.
"""

from django.dispatch import Signal

offer_accepted = Signal()
