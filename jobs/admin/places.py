"""The City admin: the places roles and seekers' desired cities resolve to."""

from django.contrib import admin
from django.db.models import Count

from jobs.models import City


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "pinyin", "province", "tier", "role_count"]
    list_filter = ["tier", "province"]
    search_fields = ["name", "name_zh", "pinyin", "key"]
    ordering = ["tier", "name"]
    exclude = ["desired_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_count=Count("roles"))

    @admin.display(description="roles", ordering="role_count")
    def role_count(self, obj: City) -> int:
        return getattr(obj, "role_count", 0)
