"""Strings of our dependencies that their own Simplified Chinese catalogues lack.

Django 6.1 added these after its zh_Hans catalogue was last translated, so a
Chinese page would show them in English. Marking them here puts them into our
catalogue (locale/), which Django consults before its own. Nothing imports
this module: `makemessages` reads it. Drop an entry once the dependency
translates it.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = [
    # The empty choice of every <select> built from model choices.
    gettext_noop("- Select an option -"),
    # The admin's filter sidebar and its sign-out button.
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Logout"),
]
