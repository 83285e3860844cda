"""What an upload must be before it is stored: named safely, not empty, not too
big, and truly of an accepted type (sniffed from its content, never trusted
from its name or the browser's Content-Type)."""

import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from eig.core.errors import DomainError
from eig.core.validators import has_control_characters

# filetype reads at most this many bytes to recognise a format.
SNIFF_BYTES = 8192
MAX_NAME_LENGTH = 100
FALLBACK_STEM = "fichier"


@dataclass(frozen=True)
class FileType:
    mimetype: str
    label: str  # as a person names it: "PDF"
    extensions: tuple[str, ...]  # the first is the canonical one


# The formats the platform knows how to recognise reliably from their content.
KNOWN_TYPES = {
    t.mimetype: t
    for t in [
        FileType("application/pdf", "PDF", ("pdf",)),
        FileType("image/png", "PNG", ("png",)),
        FileType("image/jpeg", "JPEG", ("jpg", "jpeg")),
    ]
}
PDF = frozenset({"application/pdf"})
IMAGES = frozenset({"image/png", "image/jpeg"})


class UploadRefused(DomainError, ValidationError):
    """An upload breaks a rule. Both a DomainError (services, views) and a
    ValidationError (form fields), with one French message for the person."""

    def __init__(self, message, code):
        ValidationError.__init__(self, message, code=code)

    def __str__(self):
        return str(self.message)


def sanitize_name(name: str) -> str:
    """A safe, slug-like file name keeping the extension.

    Only the last path component survives (`../../etc/passwd.pdf` → `passwd.pdf`,
    on either separator), control characters and anything outside letters,
    digits, `-`, `_` and `.` go, a leading dot goes (no hidden file), and the
    stem is cut so the whole name stays under MAX_NAME_LENGTH characters.
    """
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = re.split(r"[/\\]", name)[-1]
    try:
        name = get_valid_filename(name)
    except SuspiciousFileOperation:  # "", "." or ".."
        name = ""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    # No hidden file, no name made of dots: ".pdf" becomes "fichier.pdf".
    stem = re.sub(r"[._-]{2,}", "_", stem).strip("._-") or FALLBACK_STEM
    extension = extension.lower()[:10]
    suffix = f".{extension}" if extension else ""
    return stem[: MAX_NAME_LENGTH - len(suffix)].rstrip("._-") + suffix


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def megabytes(size: int) -> str:
    """A size in Mo, as French writes it: 10 Mo, 1,5 Mo, 0,57 Mo (never 0 for a non-empty file)."""
    value = size / (1024 * 1024)
    decimal_pos = 1 if value >= 1 else 2
    value = max(round(value, decimal_pos), 0.01 if size else 0)
    if value == int(value):
        return number_format(int(value))
    return number_format(value, decimal_pos).rstrip("0")


def too_big(name: str, size: int, max_bytes: int) -> UploadRefused:
    return UploadRefused(
        _("Le fichier « %(name)s » pèse %(size)s Mo : la taille maximale est de %(limit)s Mo.")
        % {"name": name, "size": megabytes(size), "limit": megabytes(max_bytes)},
        "too_big",
    )


def _labels(allowed_types) -> str:
    return ", ".join(sorted(KNOWN_TYPES[t].label for t in allowed_types))


def sniff(uploaded_file) -> str | None:
    """The mimetype the content shows, or None when it shows no known format."""
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    kind = filetype.guess(head) if head else None
    return kind.mime if kind else None


def validate_upload(uploaded_file, *, allowed_types, max_bytes=None) -> str:
    """Check an upload against the rules; return the sniffed mimetype.

    `allowed_types` is a set of mimetypes from KNOWN_TYPES. Raises
    UploadRefused with a French message naming the file and what to do.
    """
    unknown = set(allowed_types) - set(KNOWN_TYPES)
    if unknown or not allowed_types:
        raise ValueError(f"Unknown or no allowed types: {sorted(unknown)}")
    max_bytes = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if has_control_characters(getattr(uploaded_file, "name", "")):
        # Said, not silently dropped: the stored name would differ from the one the person chose.
        raise UploadRefused(
            _(
                "Le nom du fichier contient un caractère non autorisé (caractère de contrôle) : "
                "renommez le fichier puis déposez-le à nouveau."
            ),
            "control_character",
        )
    name = sanitize_name(getattr(uploaded_file, "name", ""))
    size = uploaded_file.size

    if not size:
        raise UploadRefused(
            _("Le fichier « %(name)s » est vide : choisissez un fichier qui a un contenu.") % {"name": name}, "empty"
        )
    if size > max_bytes:
        raise too_big(name, size, max_bytes)

    extension = extension_of(name)
    claimed = next((t for t in allowed_types if extension in KNOWN_TYPES[t].extensions), None)
    if claimed is None:
        raise UploadRefused(
            _("Le format du fichier « %(name)s » n'est pas accepté. Formats acceptés : %(formats)s.")
            % {"name": name, "formats": _labels(allowed_types)},
            "type_not_allowed",
        )
    sniffed = sniff(uploaded_file)
    if sniffed != claimed:
        raise UploadRefused(
            _(
                "Ce fichier n'est pas un %(label)s valide : son contenu ne correspond pas à "
                "l'extension « .%(extension)s ». Enregistrez-le au format %(label)s puis déposez-le à nouveau."
            )
            % {"label": KNOWN_TYPES[claimed].label, "extension": extension},
            "content_mismatch",
        )
    return sniffed
