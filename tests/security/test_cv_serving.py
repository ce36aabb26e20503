"""CVs and logos are served with the type their content was checked as, never
one taken from the uploaded name, as attachments a browser may not sniff.

Before the fix `cv.html` starting with `%PDF-` came back as `text/html` and
`résumé.svg` as `image/svg+xml`: a stored XSS on the employer's session.
"""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import CandidateProfile, Visibility
from portal.files import attachment_header, safe_download_name
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    CompanyFactory,
    MembershipFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
# What the attacker uploaded: a PDF header, then a page that runs script.
HTML_WITH_PDF_HEADER = b"%PDF-1.4\n<html><script>alert(document.cookie)</script>\n%%EOF"
SVG_WITH_PDF_HEADER = (
    b'%PDF-1.4\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n%%EOF'
)


def _docx(main_type="wordprocessingml.document.main+xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType='
            f'"application/vnd.openxmlformats-officedocument.{main_type}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(client, name, content):
    return client.post(
        reverse("accounts:profile_section", args=["cv"]),
        {"cv": SimpleUploadedFile(name, content, content_type="text/html")},
    )


def _assert_safe_download(response, *, content_type: str, ascii_name: str):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f'filename="{ascii_name}"' in disposition
    assert "html" not in disposition
    assert "svg" not in disposition
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.fixture
def seeker(client, private_media):
    now = timezone.now()
    profile = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
    )
    client.force_login(profile.user)
    client.profile = profile
    return client


@pytest.mark.parametrize(
    ("name", "content", "ascii_name"),
    [
        ("cv.html", HTML_WITH_PDF_HEADER, "cv.pdf"),
        ("résumé.svg", SVG_WITH_PDF_HEADER, "resume.pdf"),
    ],
)
def test_uploaded_name_never_decides_the_served_type(
    client, seeker, name, content, ascii_name
):
    assert _upload(seeker, name, content).status_code == 302
    profile = CandidateProfile.objects.get(pk=seeker.profile.pk)
    # Stored under our name with the sniffed extension; the user's name is a label.
    assert profile.cv.name.endswith(f"cv-{profile.pk}.pdf")
    assert profile.cv_filename == name

    own = seeker.get(reverse("accounts:cv_download"))
    _assert_safe_download(own, content_type=PDF, ascii_name=ascii_name)
    assert b"".join(own.streaming_content) == content  # nothing lost

    # The employer views share the helper: an applicant's CV and a found candidate's.
    member = MembershipFactory()
    application = ApplicationFactory(
        role=RoleFactory(company=member.company), candidate=profile.user
    )
    client.force_login(member.user)
    for url in (
        reverse("jobs:application_cv", args=[application.pk]),
        reverse("jobs:candidate_cv", args=[profile.pk]),
    ):
        _assert_safe_download(client.get(url), content_type=PDF, ascii_name=ascii_name)


def test_non_ascii_name_has_an_rfc_5987_form(seeker):
    _upload(seeker, "简历 2025.pdf", PDF_BYTES)
    disposition = seeker.get(reverse("accounts:cv_download"))["Content-Disposition"]
    assert disposition == (
        "attachment; filename=\"2025.pdf\"; filename*=UTF-8''%E7%AE%80%E5%8E%86%202025.pdf"
    )


def test_docx_is_served_as_docx(seeker):
    _upload(seeker, "My CV.docx.exe", _docx())
    response = seeker.get(reverse("accounts:cv_download"))
    _assert_safe_download(response, content_type=DOCX, ascii_name="My CV.docx.docx")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # %PDF- alone is no longer a PDF: a real one ends with %%EOF.
        ("cv.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),
        # A macro-enabled Word file declares another main part type.
        ("cv.docx", _docx("ms-word.document.macroEnabled.main+xml")),
        # The two part names, but a [Content_Types].xml that names no Word document.
        ("cv.docx", _docx("spreadsheetml.sheet.main+xml")),
    ],
)
def test_upload_check_needs_a_real_pdf_or_docx(seeker, name, content):
    response = _upload(seeker, name, content)
    assert response.status_code == 400
    assert "not a PDF or Word" in response.text
    assert not CandidateProfile.objects.get(pk=seeker.profile.pk).cv


@pytest.mark.parametrize(
    ("stored", "content", "content_type", "ascii_name"),
    [
        # A row from before the fix: an HTML file that passed the old check.
        ("cv/2025/01/cv-1.pdf", b"%PDF-<html><script>x</script>", PDF, "cv.pdf"),
        # Someone stored a file under a misleading name: the bytes decide.
        ("cv/2025/01/cv-1.html", PDF_BYTES, PDF, "cv.pdf"),
        ("cv/2025/01/cv-1.pdf", _docx(), DOCX, "cv.docx"),
        # Neither: an opaque download, never something a browser renders.
        ("cv/2025/01/cv-1.pdf", b"<html>", "application/octet-stream", "cv.bin"),
    ],
)
def test_existing_rows_are_served_by_their_content(
    seeker, stored, content, content_type, ascii_name
):
    profile = seeker.profile
    profile.cv.save(stored, ContentFile(content), save=False)
    profile.cv_filename = "cv.html"
    profile.save()
    response = seeker.get(reverse("accounts:cv_download"))
    _assert_safe_download(response, content_type=content_type, ascii_name=ascii_name)


def test_download_name_drops_paths_and_control_characters():
    name = safe_download_name("..\\evil\r\nSet-Cookie: x.html", extension="pdf")
    assert name == "evilSet-Cookie: x.pdf"
    assert safe_download_name("", extension="pdf") == "cv.pdf"
    assert attachment_header('a"b.pdf') == (
        "attachment; filename=\"a_b.pdf\"; filename*=UTF-8''a%22b.pdf"
    )


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_logo_is_served_as_what_pillow_read_not_its_extension(client, private_media):
    company = CompanyFactory()
    # A PNG stored under a .gif name: served as PNG.
    company.logo.save("logo-1.gif", ContentFile(_png()))
    response = client.get(reverse("jobs:company_logo", args=[company.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == _png()


def test_a_stored_logo_that_is_not_an_image_is_not_served(client, private_media):
    company = CompanyFactory()
    company.logo.save("logo-1.png", ContentFile(b"<svg onload='alert(1)'/>"))
    assert client.get(reverse("jobs:company_logo", args=[company.pk])).status_code == (
        404
    )


def test_a_cv_row_whose_file_is_gone_is_a_404_not_a_500(seeker, private_media):
    profile = seeker.profile
    profile.cv.save("cv-1.pdf", ContentFile(PDF_BYTES))
    profile.cv.storage.delete(profile.cv.name)
    assert seeker.get(reverse("accounts:cv_download")).status_code == 404
    # The export still answers, with everything but the missing file.
    assert seeker.post(reverse("accounts:my_data_export")).status_code == 200
