"""The rules an upload must follow, each refused with its exact French message."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from eig.core.errors import DomainError
from eig.files.validation import IMAGES, PDF, UploadRefused, sanitize_name, validate_upload
from tests.factories.files import PDF_BYTES, PNG_BYTES

MO = 1024 * 1024


def refusal(uploaded, **kwargs):
    kwargs.setdefault("allowed_types", PDF)
    with pytest.raises(UploadRefused) as caught:
        validate_upload(uploaded, **kwargs)
    return str(caught.value)


def test_a_valid_pdf_is_accepted_and_its_sniffed_type_returned():
    assert validate_upload(SimpleUploadedFile("cv.pdf", PDF_BYTES), allowed_types=PDF) == "application/pdf"


def test_a_png_renamed_pdf_is_refused():
    assert refusal(SimpleUploadedFile("cv.pdf", PNG_BYTES)) == (
        "Ce fichier n'est pas un PDF valide : son contenu ne correspond pas à l'extension « .pdf ». "
        "Enregistrez-le au format PDF puis déposez-le à nouveau."
    )


def test_a_text_file_renamed_pdf_is_refused():
    assert refusal(SimpleUploadedFile("cv.pdf", b"Je suis du texte.\n")).startswith(
        "Ce fichier n'est pas un PDF valide"
    )


def test_a_file_whose_content_is_not_what_the_browser_claims_is_refused():
    fake = SimpleUploadedFile("photo.png", PDF_BYTES, content_type="image/png")
    assert refusal(fake, allowed_types=IMAGES).startswith("Ce fichier n'est pas un PNG valide")


def test_a_format_outside_the_allowed_ones_is_refused_even_when_genuine():
    assert refusal(SimpleUploadedFile("photo.png", PNG_BYTES)) == (
        "Le format du fichier « photo.png » n'est pas accepté. Formats acceptés : PDF."
    )


def test_a_file_without_extension_is_refused():
    assert refusal(SimpleUploadedFile("cv", PDF_BYTES), allowed_types=PDF | IMAGES) == (
        "Le format du fichier « cv » n'est pas accepté. Formats acceptés : JPEG, PDF, PNG."
    )


def test_an_oversized_file_is_refused_with_the_limit_and_its_size_in_mo():
    big = SimpleUploadedFile("portfolio.pdf", PDF_BYTES + b"0" * (int(1.5 * MO) - len(PDF_BYTES)))
    assert refusal(big, max_bytes=1 * MO) == (
        "Le fichier « portfolio.pdf » pèse 1,5 Mo : la taille maximale est de 1 Mo."
    )


def test_the_default_limit_is_the_upload_max_bytes_setting(settings):
    settings.UPLOAD_MAX_BYTES = 2 * MO
    big = SimpleUploadedFile("cv.pdf", PDF_BYTES + b"0" * (3 * MO))
    assert refusal(big) == "Le fichier « cv.pdf » pèse 3 Mo : la taille maximale est de 2 Mo."


def test_a_file_at_exactly_the_limit_is_accepted():
    exact = SimpleUploadedFile("cv.pdf", PDF_BYTES + b"0" * (MO - len(PDF_BYTES)))
    assert validate_upload(exact, allowed_types=PDF, max_bytes=MO) == "application/pdf"


def test_an_empty_file_is_refused():
    assert refusal(SimpleUploadedFile("cv.pdf", b"")) == (
        "Le fichier « cv.pdf » est vide : choisissez un fichier qui a un contenu."
    )


def test_a_refusal_is_both_a_domain_error_and_a_validation_error():
    with pytest.raises(DomainError):
        validate_upload(SimpleUploadedFile("cv.pdf", b""), allowed_types=PDF)
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("cv.pdf", b""), allowed_types=PDF)
    assert caught.value.messages == ["Le fichier « cv.pdf » est vide : choisissez un fichier qui a un contenu."]
    assert caught.value.code == "empty"


def test_an_unknown_allowed_type_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_upload(SimpleUploadedFile("a.exe", b"MZ"), allowed_types={"application/x-msdownload"})


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\x.pdf", "x.pdf"),
        ("C:\\Users\\moi\\Documents\\cv.pdf", "cv.pdf"),
        ("cv\x00\x1f\x7f.pdf", "cv.pdf"),
        ("CV Élodie (2024).PDF", "CV_Élodie_2024.pdf"),
        (".htaccess", "fichier.htaccess"),
        ("..", "fichier"),
        ("", "fichier"),
        ("../.pdf", "fichier.pdf"),
        ("cv..pdf", "cv.pdf"),
        ("\u202efdp.exe", "fdp.exe"),
    ],
)
def test_names_are_sanitised(name, safe):
    assert sanitize_name(name) == safe


def test_a_very_long_name_is_cut_keeping_its_extension():
    safe = sanitize_name("a" * 300 + ".pdf")
    assert safe == "a" * 96 + ".pdf"


def test_a_traversal_name_is_refused_under_its_sanitised_name():
    assert refusal(SimpleUploadedFile("../../etc/passwd.pdf", b"")) == (
        "Le fichier « passwd.pdf » est vide : choisissez un fichier qui a un contenu."
    )
