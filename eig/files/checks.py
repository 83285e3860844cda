"""The private root must never be served as static or public media."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


def _inside(child: Path, parent: Path) -> bool:
    child, parent = child.resolve(), parent.resolve()
    return child == parent or parent in child.parents or child in parent.parents


@register()
def private_root_is_not_public(app_configs, **kwargs):
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    public = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
    public += [Path(d if isinstance(d, str | Path) else d[1]) for d in settings.STATICFILES_DIRS]
    return [
        Error(
            f"PRIVATE_MEDIA_ROOT ({private}) overlaps a public root ({root}).",
            hint="Uploaded files are personal data: keep them outside MEDIA_ROOT and the static roots.",
            id="files.E001",
        )
        for root in public
        if _inside(private, root)
    ]
