"""Checks on uploaded files by their content, never by their name."""

import zipfile

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from portal.files import private_file_response, safe_download_name

CV_MAX_BYTES = 5 * 1024 * 1024
PDF = "pdf"
DOCX = "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# A PDF ends with "%%EOF" (ISO 32000-1, 7.5.5); writers may append a little
# padding after it, so the marker is looked for near the end, not at the last byte.
_PDF_TAIL_BYTES = 8 * 1024
# The content type a Word document's main part declares in [Content_Types].xml;
# a macro-enabled .docm declares another and is refused.
_DOCX_MAIN_TYPE = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
_CONTENT_TYPES_MAX_BYTES = 64 * 1024


def _is_pdf(fileobj, *, strict: bool) -> bool:
    fileobj.seek(0)
    if fileobj.read(5) != b"%PDF-":
        return False
    if not strict:
        return True
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(max(0, size - _PDF_TAIL_BYTES))
    return b"%%EOF" in fileobj.read()


def _is_docx(fileobj, *, strict: bool) -> bool:
    fileobj.seek(0)
    if fileobj.read(4) != b"PK\x03\x04":
        return False
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            # A .docx is a zip with these parts; other zips (xlsx, jar...) are refused.
            if not {"word/document.xml", "[Content_Types].xml"} <= names:
                return False
            if not strict:
                return True
            with archive.open("[Content_Types].xml") as part:
                declared = part.read(_CONTENT_TYPES_MAX_BYTES)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return False
    return _DOCX_MAIN_TYPE in declared


def sniff_cv_format(uploaded) -> str:
    """Return "pdf" or "docx" for a real CV file, else raise ValidationError."""
    if uploaded.size > CV_MAX_BYTES:
        raise ValidationError(
            _("Your CV is %(size).1f MB; the limit is 5 MB.")
            % {"size": uploaded.size / 1024 / 1024}
        )
    try:
        if _is_pdf(uploaded, strict=True):
            return PDF
        if _is_docx(uploaded, strict=True):
            return DOCX
    finally:
        uploaded.seek(0)
    raise ValidationError(
        _(
            "This file is not a PDF or Word (.docx) document. Please upload your CV as PDF or DOCX."
        )
    )


def stored_cv_format(fileobj) -> str | None:
    """ "pdf" or "docx" for a stored CV by its content, else None.

    Looser than the upload check (a stored file passed an older, weaker one): it
    decides only the type the file is served as, and whatever it is, it is served
    as an attachment the browser may not sniff.
    """
    try:
        if _is_pdf(fileobj, strict=False):
            return PDF
        if _is_docx(fileobj, strict=False):
            return DOCX
        return None
    finally:
        fileobj.seek(0)


def cv_response(profile):
    """The profile's CV as a download, typed by its content.

    The one way every view (the owner's, the employers') serves a CV: the type is
    sniffed from the stored bytes, the name is the user's label with our
    extension, and rows stored before content checks were strict are safe too.
    """
    try:
        fileobj = profile.cv.open("rb")
    except FileNotFoundError:  # the row outlived its file (restored backup, lost mount)
        raise Http404 from None
    kind = stored_cv_format(fileobj)
    return private_file_response(
        fileobj,
        content_type=CONTENT_TYPES.get(kind or "", "application/octet-stream"),
        filename=safe_download_name(profile.cv_filename, extension=kind or "bin"),
    )
