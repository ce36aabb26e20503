"""Atom feed of new public roles."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from jobs.models import Role
from jobs.web.jsonld import plain_summary


class RoleFeed(Feed):
    feed_type = Atom1Feed
    title = _("New roles on K-Talent Portal")
    subtitle = _("Science and technology roles in China open to K-visa holders.")

    def link(self) -> str:
        return reverse("jobs:role_search")

    def items(self):
        return (
            Role.objects.public()
            .select_related("company")
            .order_by("-published_at", "-pk")[:50]
        )

    def item_title(self, item: Role) -> str:
        return f"{item.title} — {item.company.name}, {item.city}"

    def item_description(self, item: Role) -> str:
        return plain_summary(item)

    def item_link(self, item: Role) -> str:
        return reverse("jobs:role_detail", args=[item.pk])

    def item_pubdate(self, item: Role):
        return item.published_at

    def item_updateddate(self, item: Role):
        return item.updated_at

    def item_author_name(self, item: Role) -> str:
        return item.company.name
