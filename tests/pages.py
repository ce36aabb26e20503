"""Assertions about rendered pages shared by several test modules."""

import re

# Every place a page can pull in another resource: script, stylesheet, image,
# font, frame. A CSRF token or a slug may contain any letters, so the check
# reads the attributes rather than searching the page for "cdn".
_RESOURCE = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""",
    re.I,
)


def external_resources(page: str) -> list[str]:
    """The resources a page loads from another origin (absolute or protocol-relative URLs)."""
    return [
        url
        for url in _RESOURCE.findall(page)
        if re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)
    ]
