"""The juries in public (issue 18, point 9): a page per promotion names the members of its challenge
jury and of its candidate juries who consent, with the function and organisation they give and, if
they wish, a photo — as the programme published « les membres du jury ».

- **Consent is the juror's own**, per seat (a person sitting on two juries of a promotion consents for
  each), given and revoked from their juror space (eig.web.juries), never by staff. Giving it again
  updates what is shown.
- **Revoking takes them off the page at once**: a juror's save bumps the public content version
  (eig.core.pagecache.PUBLIC_MODELS), so no cached copy names them afterwards. The photo is deleted,
  its only purpose was the page; the dates stay, as the record of what was consented and when (the
  activity log keeps each change).
- **The photo**: PNG or JPEG, sniffed and size-capped like every upload (eig.files.validation),
  decoded to prove it is an image, then encoded again, turned upright and at most PHOTO_MAX_SIDE pixels
  a side: what a camera records beside the picture (the place it was taken) never reaches the public
  site. It is kept under a random name in the public media storage.
- **Never public**: the email, gender, type, expertise, availabilities, panel, notes and grids.

A deleted or closed account withdraws the consent with the seat's name (eig.juries.personal_data).
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.files.services import upload_limit
from eig.files.validation import IMAGES, sanitize_name, validate_upload

from .models import Juror, Jury

PHOTO_MAX_BYTES = 5 * 1024 * 1024  # a portrait of a few megapixels weighs 1 to 3 Mo in JPEG
PHOTO_MAX_SIDE = 800  # pixels: the page shows it at most a few hundred pixels wide
TEXT_MAX = 200  # Juror.public_role, Juror.public_organisation


def consenting():
    """The seats named on the public page: consent given, not revoked, the account still open."""
    return Juror.objects.filter(
        public_consent_at__isnull=False, public_revoked_at__isnull=True, user__isnull=False, user__is_active=True
    )


# --- Giving, revoking -------------------------------------------------------------------------


def _own_seat(juror: Juror, by) -> None:
    """Only the juror decides, once the charter is signed with their account."""
    if not (by and by.is_authenticated and juror.user_id == by.pk and juror.charter_accepted_at is not None):
        raise DomainError(_("Seule la personne qui siège peut décider de figurer sur la page publique du jury."))


def _photo_content(upload) -> tuple[bytes, str]:
    """The upload checked (sniffed, size-capped, decoded) and encoded again without its metadata."""
    validate_upload(upload, allowed_types=IMAGES, max_bytes=upload_limit(PHOTO_MAX_BYTES))
    unreadable = DomainError(
        _("La photo « %(name)s » ne peut pas être lue : enregistrez-la de nouveau en PNG ou en JPEG.")
        % {"name": sanitize_name(upload.name)}
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            is_png = image.format == "PNG"
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            if not is_png and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            upright.save(out, format="PNG" if is_png else "JPEG", **({} if is_png else {"quality": 88}))
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        raise unreadable from None
    finally:
        upload.seek(0)
    return out.getvalue(), "png" if is_png else "jpg"


def _drop_photo(juror: Juror) -> None:
    """Forget the seat's photo; the file goes once the change is committed."""
    if not juror.public_photo:
        return
    name, storage = juror.public_photo.name, juror.public_photo.storage
    juror.public_photo = ""
    transaction.on_commit(lambda: storage.delete(name))


def give_consent(
    juror: Juror, *, by, role: str = "", organisation: str = "", photo=None, remove_photo: bool = False, now=None
) -> Juror:
    """The juror agrees to be named on the promotion's public jury page, with this function, organisation
    and (optionally) photo; giving it again updates them. Logged."""
    _own_seat(juror, by)
    role, organisation = (role or "").strip()[:TEXT_MAX], (organisation or "").strip()[:TEXT_MAX]
    content = _photo_content(photo) if photo is not None else None
    with transaction.atomic():
        juror = Juror.objects.select_for_update().get(pk=juror.pk)
        juror.public_role, juror.public_organisation = role, organisation
        if content is not None or remove_photo:
            _drop_photo(juror)
        if content is not None:
            data, extension = content
            juror.public_photo.save(f"photo.{extension}", ContentFile(data), save=False)
        juror.public_consent_at = juror.public_consent_at if juror.is_public else (now or timezone.now())
        juror.public_revoked_at = None
        juror.save(
            update_fields=[
                "public_consent_at",
                "public_revoked_at",
                "public_role",
                "public_organisation",
                "public_photo",
                "updated_at",
            ]
        )
        log_activity(
            "juror.public_consent_given",
            juror,
            actor=by,
            role=role,
            organisation=organisation,
            photo=bool(juror.public_photo),
        )
    return juror


def revoke_consent(juror: Juror, *, by, now=None) -> Juror:
    """The juror withdraws from the public page: off it at once, the photo deleted. Logged."""
    _own_seat(juror, by)
    with transaction.atomic():
        juror = Juror.objects.select_for_update().get(pk=juror.pk)
        if not juror.is_public:
            return juror
        juror.public_revoked_at = now or timezone.now()
        _drop_photo(juror)
        juror.save(update_fields=["public_revoked_at", "public_photo", "updated_at"])
        log_activity("juror.public_consent_revoked", juror, actor=by)
    return juror


def forget_public(juror: Juror, *, now=None) -> None:
    """A deleted or closed account: off the page, the displayed texts and the photo gone (the caller saves)."""
    if juror.is_public:
        juror.public_revoked_at = now or timezone.now()
    juror.public_role = juror.public_organisation = ""
    _drop_photo(juror)


# --- The public page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicJury:
    jury: Jury
    members: list[Juror]


def public_juries(promotion) -> list[PublicJury]:
    """The promotion's juries with at least one consenting member, the challenge jury first, each
    with its members by name: two queries whatever their number."""
    juries = (
        Jury.objects.filter(call__promotion=promotion)
        .select_related("call")
        .prefetch_related(Prefetch("jurors", queryset=consenting().order_by("name", "pk"), to_attr="public_members"))
    )
    ordered = sorted(juries, key=lambda j: (j.kind != Jury.Kind.CHALLENGES, j.call.opens_at, j.pk))
    return [PublicJury(jury, jury.public_members) for jury in ordered if jury.public_members]


def has_public_members(promotion) -> bool:
    """Whether the promotion's jury page names anyone (one query)."""
    return consenting().filter(jury__call__promotion=promotion).exists()
