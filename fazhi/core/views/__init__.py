"""core's views, one module per area; each module that serves pages defines `urlpatterns`,
which fazhi/core/urls.py collects."""

from fazhi.core.views.base import LoginView, home, logout_view, require

__all__ = ["LoginView", "home", "logout_view", "require"]
