"""Stories for tests (issue 16, point 7), on programme_world() (tests/factories/programme.py).

Ada (Alpha, active) and Bob (Alpha, onboarding) and Cléo (Bêta) are fellows who may propose;
`make_alumnus` turns a fellow into an alumnus (programme finished, an Alumnus row), `make_gone`
records an early departure. Images are real PNG/JPEG files made by Pillow, so they pass the
sniffing and the decoding a story's image goes through.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from eig.alumni.models import Alumnus
from eig.content import stories
from eig.files.models import StoredFile
from eig.programme.models import Fellow


def image_bytes(fmt="PNG", size=(12, 8), colour=(0, 0, 145), exif=None) -> bytes:
    out = io.BytesIO()
    extra = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, colour).save(out, format=fmt, **extra)
    return out.getvalue()


def png_upload(name="photo.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", **kwargs), content_type="image/png")


def jpeg_upload(name="photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG", **kwargs), content_type="image/jpeg")


def make_alumnus(fellow: Fellow) -> Alumnus:
    """The fellow finished the programme and became an alumnus (as the promotion's closing does)."""
    fellow.status = Fellow.Status.FINISHED
    fellow.save(update_fields=["status"])
    return Alumnus.objects.create(
        user=fellow.user, fellow=fellow, promotion=fellow.promotion, challenge=fellow.challenge, name=fellow.name
    )


def make_gone(fellow: Fellow) -> Fellow:
    fellow.status = Fellow.Status.LEFT
    fellow.save(update_fields=["status"])
    return fellow


FRENCH = {
    "title_fr": "Dix mois au ministère",
    "description_fr": "Ce que nous avons appris.",
    "body_fr": "Nous avons **ouvert** les données.\n\n## Et ensuite\n\nLa suite arrive.",
}
ENGLISH = {
    "title_en": "Ten months at the ministry",
    "description_en": "What we learnt.",
    "body_en": "We **opened** the data.",
}


def texts(*, french=True, english=False, **overrides) -> dict:
    values = {"author_name": "Ada Lovelace, promotion EIG"}
    if french:
        values |= FRENCH
    if english:
        values |= ENGLISH
    return values | overrides


def story(user, *, image=False, clean=True, french=True, english=False, **overrides):
    """A proposed story of `user`; with `image`, a PNG and its alternative texts (scan cleared if `clean`)."""
    values = texts(french=french, english=english, **overrides)
    if image:
        values.setdefault("image_upload", png_upload())
        if french:
            values.setdefault("image_alt_fr", "L'équipe devant le tableau")
        if english:
            values.setdefault("image_alt_en", "The team at the whiteboard")
    proposed = stories.propose(user, **values)
    if proposed.image_id and clean:
        StoredFile.objects.filter(pk=proposed.image_id).update(scan_status=StoredFile.ScanStatus.CLEAN)
        proposed.refresh_from_db()
    return proposed
