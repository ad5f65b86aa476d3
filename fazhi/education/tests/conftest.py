"""The education fixtures (`fazhi.education.testing`), for this app's tests."""

from fazhi.education.testing import staff  # noqa: F401
