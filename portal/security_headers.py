"""The Permissions-Policy header (Django has a setting for CSP, none for this)."""

from django.conf import settings


def permissions_policy(config: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)`."""
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in config.items()
    )


class PermissionsPolicyMiddleware:
    """Adds PERMISSIONS_POLICY to every response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        config = getattr(settings, "PERMISSIONS_POLICY", None)
        if config and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions_policy(config)
        return response
