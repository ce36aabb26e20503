"""Checks on uploaded files by their content, never by their name."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CV_MAX_BYTES = 5 * 1024 * 1024
PDF = "pdf"
DOCX = "docx"


def sniff_cv_format(uploaded) -> str:
    """Return "pdf" or "docx" for a real CV file, else raise ValidationError."""
    if uploaded.size > CV_MAX_BYTES:
        raise ValidationError(
            _("Your CV is %(size).1f MB; the limit is 5 MB.")
            % {"size": uploaded.size / 1024 / 1024}
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            uploaded.seek(0)
        # A .docx is a zip with this part; other zips (xlsx, jar...) are refused.
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    raise ValidationError(
        _(
            "This file is not a PDF or Word (.docx) document. Please upload your CV as PDF or DOCX."
        )
    )
