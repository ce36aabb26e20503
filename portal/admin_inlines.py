"""A cap on admin inline formsets, shared by the apps' admins.

Django builds a form for every row a POST claims (`TOTAL_FORMS`), up to
`absolute_max` (2,000 by default for an inline). A forged count would have the
server build thousands of forms before answering; a staff page never needs more
than a few dozen rows, so an inline refuses more than `max_num`.
"""

from typing import Any

from django.contrib import admin


class CappedTabularInline(admin.TabularInline):
    """A tabular inline that refuses a POST claiming more than `max_num` rows."""

    max_num: int | None = 100

    def get_formset(self, request: Any, obj: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("absolute_max", self.max_num)
        kwargs.setdefault("validate_max", True)
        return super().get_formset(request, obj, **kwargs)
