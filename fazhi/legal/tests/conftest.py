"""The legal fixtures (`fazhi.legal.testing`), for this app's tests."""

from fazhi.legal.testing import legal  # noqa: F401
