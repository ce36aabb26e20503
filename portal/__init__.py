"""K-Talent Portal project package: settings, URLs, the Celery app, base templates."""

from portal.celery import app as celery_app

__all__ = ("celery_app",)
