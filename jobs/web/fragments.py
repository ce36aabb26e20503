"""Fragments of signed-in pages that are the same for many readers, cached.

The key is a digest of everything the fragment shows (and the language), so a
change to the data gives a new key at once: an entry is never stale, only unused.
What is per request (a CSRF token, the reader's name) stays outside fragments.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

FRAGMENT_SECONDS = 3600


def cached_fragment(name: str, data: object, render: Callable[[], str]) -> SafeString:
    """`render()`'s HTML, cached under `name`, the language and `repr(data)`.

    `data` must hold every value the fragment shows (plain values, whose repr is
    stable: numbers, text, dates, tuples of them).
    """
    digest = hashlib.blake2b(repr(data).encode(), digest_size=16).hexdigest()
    key = f"fragment:{name}:{translation.get_language()}:{digest}"
    cache = caches["pages"]
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FRAGMENT_SECONDS)
    # Rendered by our templates, which escape what they insert.
    return mark_safe(html)
