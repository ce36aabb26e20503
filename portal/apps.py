from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package, installed as an app for its templates, tags and statics."""

    name = "portal"
    verbose_name = "K-Talent Portal"
