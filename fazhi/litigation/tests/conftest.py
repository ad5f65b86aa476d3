"""The litigation fixtures (`fazhi.litigation.testing`), for this app's tests."""

from fazhi.litigation.testing import make_proceeding  # noqa: F401
