"""The litigation register's REST API (registered in fazhi/api_urls.py)."""

from __future__ import annotations


def register(router) -> None:
    """Register the app's viewsets on the one router."""
