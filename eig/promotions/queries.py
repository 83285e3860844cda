from .models import Phase


def current_call(kind, now=None):
    """The call of this kind that is open, else the next upcoming, else the last closed."""
    phases = list(
        Phase.objects.filter(kind=kind, promotion__is_published=True)
        .select_related("promotion__programme")
        .order_by("starts_at")
    )
    if not phases:
        return None
    for state in ("open", "upcoming"):
        found = [p for p in phases if p.state(now) == state]
        if found:
            return found[0]
    return phases[-1]
