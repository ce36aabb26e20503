"""CV uploads checked by content, privacy and consents, export and deletion."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AccountDeletion, CandidateProfile, User, Visibility
from tests.factories import (
    PASSWORD,
    CandidateProfileFactory,
    EducationFactory,
    SeekerFactory,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.fixture
def seeker_client(client, private_media):
    profile = CandidateProfileFactory()
    client.force_login(profile.user)
    client.profile = profile
    return client


def _upload(client, name, content, content_type="application/octet-stream"):
    return client.post(
        reverse("accounts:profile_section", args=["cv"]),
        {"cv": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", PDF_BYTES),
        ("My CV.docx", _docx_bytes()),
        ("cv-without-extension", PDF_BYTES),
    ],
)
def test_real_pdf_and_docx_are_accepted_whatever_their_name(
    seeker_client, private_media, name, content
):
    assert _upload(seeker_client, name, content).status_code == 302
    profile = CandidateProfile.objects.get(pk=seeker_client.profile.pk)
    assert profile.cv_filename == name
    stored = private_media / profile.cv.name
    assert stored.read_bytes() == content
    response = seeker_client.get(reverse("accounts:cv_download"))
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"<html><script>alert(1)</script></html>"),  # named .pdf, is HTML
        ("cv.docx", _xlsx_bytes()),  # a zip, but not a Word document
        ("cv.docx", b"PK\x03\x04not really a zip"),
        ("cv.exe", b"MZ\x90\x00"),
    ],
)
def test_files_that_are_not_pdf_or_docx_are_refused(seeker_client, name, content):
    response = _upload(seeker_client, name, content, content_type="application/pdf")
    assert response.status_code == 400
    assert "not a PDF or Word" in response.content.decode()
    assert not CandidateProfile.objects.get(pk=seeker_client.profile.pk).cv


def test_cv_over_5_mb_is_refused(seeker_client):
    big = PDF_BYTES + b"0" * (5 * 1024 * 1024)
    response = _upload(seeker_client, "big.pdf", big)
    assert response.status_code == 400
    assert "5 MB" in response.content.decode()


def test_replacing_a_cv_removes_the_old_file(seeker_client, private_media):
    _upload(seeker_client, "one.pdf", PDF_BYTES)
    first = CandidateProfile.objects.get(pk=seeker_client.profile.pk).cv.name
    _upload(seeker_client, "two.docx", _docx_bytes())
    second = CandidateProfile.objects.get(pk=seeker_client.profile.pk).cv.name
    assert not (private_media / first).exists() or first == second
    assert (private_media / second).exists()


def test_cv_is_not_public_and_only_the_owner_downloads_it(
    client, seeker_client, private_media
):
    _upload(seeker_client, "cv.pdf", PDF_BYTES)
    cv_name = CandidateProfile.objects.get(pk=seeker_client.profile.pk).cv.name
    # No URL maps to the storage folder.
    client.logout()
    assert client.get("/media/" + cv_name).status_code == 404
    assert client.get(reverse("accounts:cv_download")).status_code == 302  # to login
    other = SeekerFactory()
    client.force_login(other)
    assert client.get(reverse("accounts:cv_download")).status_code == 404  # has none


def _privacy(client, **data):
    return client.post(reverse("accounts:profile_section", args=["privacy"]), data)


def test_visibility_needs_both_consents_and_records_when(seeker_client):
    response = _privacy(
        seeker_client, visibility=Visibility.VERIFIED_EMPLOYERS, consent_share="on"
    )
    assert response.status_code == 400
    assert "only see your profile with this consent" in response.content.decode()
    assert (
        CandidateProfile.objects.get(pk=seeker_client.profile.pk).visibility
        == Visibility.HIDDEN
    )

    _privacy(
        seeker_client,
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share="on",
        consent_cross_border="on",
    )
    profile = CandidateProfile.objects.get(pk=seeker_client.profile.pk)
    assert profile.consent_share_at
    assert profile.consent_cross_border_at
    assert (
        CandidateProfile.objects.visible_to_employers().filter(pk=profile.pk).exists()
    )
    first_consent = profile.consent_share_at

    _privacy(
        seeker_client,
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share="on",
        consent_cross_border="on",
    )
    assert CandidateProfile.objects.get(pk=profile.pk).consent_share_at == first_consent


def test_revoking_a_consent_hides_the_profile_from_employers(seeker_client):
    _privacy(
        seeker_client,
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share="on",
        consent_cross_border="on",
    )
    _privacy(seeker_client, visibility=Visibility.HIDDEN, consent_share="on")
    profile = CandidateProfile.objects.get(pk=seeker_client.profile.pk)
    assert profile.consent_cross_border_at is None
    assert (
        not CandidateProfile.objects.visible_to_employers()
        .filter(pk=profile.pk)
        .exists()
    )


def test_export_contains_everything_and_the_cv(seeker_client):
    EducationFactory(profile=seeker_client.profile, institution="清华大学")
    _upload(seeker_client, "Lebenslauf.pdf", PDF_BYTES)
    response = seeker_client.post(reverse("accounts:my_data_export"))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("data.json"))
        assert archive.read("cv/Lebenslauf.pdf") == PDF_BYTES
    assert data["account"]["email"] == seeker_client.profile.user.email
    assert data["profile"]["date_of_birth"] == "1997-05-10"
    assert data["profile"]["education"][0]["institution"] == "清华大学"


def test_export_needs_post(seeker_client):
    assert seeker_client.get(reverse("accounts:my_data_export")).status_code == 405


def test_delete_account_needs_the_password(seeker_client):
    response = seeker_client.post(
        reverse("accounts:account_delete"), {"password": "wrong", "confirm": "on"}
    )
    assert response.status_code == 400
    assert User.objects.filter(pk=seeker_client.profile.user.pk).exists()


def test_delete_account_erases_data_and_cv_but_keeps_a_count(
    seeker_client, private_media, django_capture_on_commit_callbacks
):
    _upload(seeker_client, "cv.pdf", PDF_BYTES)
    profile = CandidateProfile.objects.select_related("user").get(
        pk=seeker_client.profile.pk
    )
    email = profile.user.email
    cv_path = private_media / profile.cv.name
    assert cv_path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = seeker_client.post(
            reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"}
        )
    assert response.status_code == 302
    assert not User.objects.filter(email=email).exists()
    assert not CandidateProfile.objects.filter(pk=profile.pk).exists()
    assert not cv_path.exists()
    assert AccountDeletion.objects.filter(account_type="seeker").count() == 1
    assert "_auth_user_id" not in seeker_client.session
