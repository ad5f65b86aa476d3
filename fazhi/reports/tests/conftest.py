"""The reports fixtures (`fazhi.reports.testing`), for this app's tests."""

from fazhi.reports.testing import actions, report  # noqa: F401
