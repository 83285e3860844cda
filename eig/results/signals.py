"""What eig.results tells the apps above it (eig.alumni), which it does not name."""

from django.dispatch import Signal

# Sent inside the transaction that closes a promotion, with `closing` (a Closing) and `by`.
promotion_closed = Signal()
