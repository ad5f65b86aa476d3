"""The mediation app's REST API (registered in fazhi/api_urls.py)."""


def register(router) -> None:
    """Register the app's viewsets on the one router."""
