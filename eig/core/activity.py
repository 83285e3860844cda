from .models import ActivityLog


def log_activity(verb: str, target=None, *, actor=None, **data) -> ActivityLog:
    """Record a state change. Called by services, never by views."""
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return ActivityLog.objects.create(verb=verb, target_type=target_type, target_id=target_id, actor=actor, data=data)
