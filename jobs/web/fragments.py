"""Fragments of signed-in pages that are the same for many readers, cached.

The key is a digest of everything the fragment shows (and the language), so a
change to the data gives a new key at once: an entry is never stale, only unused.
What is per request (a CSRF token, the reader's name) stays outside fragments.
"""

import hashlib
from collections.abc import Callable, Sequence

from django.core.cache import caches
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

FRAGMENT_SECONDS = 3600


def _key(name: str, data: object) -> str:
    digest = hashlib.blake2b(repr(data).encode(), digest_size=16).hexdigest()
    return f"fragment:{name}:{translation.get_language()}:{digest}"


def cached_fragment(name: str, data: object, render: Callable[[], str]) -> SafeString:
    """`render()`'s HTML, cached under `name`, the language and `repr(data)`.

    `data` must hold every value the fragment shows (plain values, whose repr is
    stable: numbers, text, dates, lists and tuples of them).
    """
    return cached_fragments(name, [data], lambda _index: render())[0]


def cached_fragments(
    name: str, data: Sequence[object], render: Callable[[int], str]
) -> list[SafeString]:
    """Many fragments of one kind (a table's cells): `render(i)` for `data[i]`,
    cached as `cached_fragment` does, in one cache round trip for all."""
    keys = [_key(name, item) for item in data]
    cache = caches["pages"]
    found = cache.get_many(keys)
    made = {}
    for index, key in enumerate(keys):
        if key not in found and key not in made:
            made[key] = str(render(index))
    if made:
        cache.set_many(made, FRAGMENT_SECONDS)
    # Rendered by our templates, which escape what they insert.
    return [mark_safe(found.get(key) or made[key]) for key in keys]
